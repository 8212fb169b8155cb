"""Backup while serving and writing, then restore into a fresh database and check it.

Usage: backup_restore.py GRIP_BINARY BASE_URL TOKEN BACKUP_FILE RESTORE_PORT
The source database is the running server's (GRIP_DATA_DIR or DATABASE_URL in SOURCE_* env);
the restore goes to RESTORE_DATA_DIR (SQLite) or RESTORE_DATABASE_URL (an empty PostgreSQL database).

A writer records evidence (with a file) through the API while `grip backup` runs. Then
`grip restore` must succeed (it verifies the audit trail), and a server on the restored
database must return every evidence acknowledged before the backup started, with the same
file bytes, and nothing half-written (each evidence it returns is complete)."""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

from common import require_threads_clean

grip, base, token, backup, restore_port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
HEAD = {"Authorization": "Bearer " + token}


def call(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers={**HEAD, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


status, body = call(base + "/api/v1/actions?per=1&status=in_progress")
assert status == 200, (status, body[:300])
action = json.loads(body)["items"][0]["id"]

acked = []  # (time acknowledged, evidence id, file id, bytes)
errors = []
stop = threading.Event()


def writer():
    n = 0
    while not stop.is_set():
        n += 1
        content = ("time,check\n%d,ok %s\n" % (n, uuid.uuid4())).encode()
        boundary = "grip" + uuid.uuid4().hex
        parts = []
        for name, value in (
            ("category", "processes"),
            ("kind", "audit"),
            ("date", time.strftime("%Y-%m-%d")),
            ("summary", "Backup check %d" % n),
        ):
            parts.append(
                ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value)).encode()
            )
        parts.append(
            (
                '--%s\r\nContent-Disposition: form-data; name="file"; filename="check-%d.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
                % (boundary, n)
            ).encode()
            + content
            + b"\r\n"
        )
        parts.append(("--%s--\r\n" % boundary).encode())
        status, body = call(
            base + "/api/v1/actions/%s/evidence" % action,
            "POST",
            b"".join(parts),
            {"Content-Type": "multipart/form-data; boundary=" + boundary},
        )
        if status == 201:
            e = json.loads(body)
            acked.append((time.time(), e["id"], e["files"][0]["id"], content))
        else:
            errors.append((status, body[:200]))


threads = [threading.Thread(target=writer) for _ in range(4)]
for t in threads:
    t.start()
time.sleep(2)
started = time.time()
done = subprocess.run([grip, "backup", backup], capture_output=True, text=True)
time.sleep(1)
stop.set()
for t in threads:
    t.join()
print(done.stdout.strip())
assert done.returncode == 0, done.stderr
assert not errors, errors[:3]
before = [a for a in acked if a[0] < started]
print(
    "writes acknowledged: %d (%d before the backup started, %d during or after)"
    % (len(acked), len(before), len(acked) - len(before))
)
assert before, "no write was acknowledged before the backup"

env = dict(os.environ)
env.pop("DATABASE_URL", None)
if os.environ.get("RESTORE_DATABASE_URL"):
    env["DATABASE_URL"] = os.environ["RESTORE_DATABASE_URL"]
else:
    env["GRIP_DATA_DIR"] = os.environ["RESTORE_DATA_DIR"]
restored = subprocess.run([grip, "restore", backup], capture_output=True, text=True, env=env)
print(restored.stdout.strip())
assert restored.returncode == 0, restored.stderr
assert "audit trail intact" in restored.stdout
# Restoring again into the now-populated database is refused, naming why.
again = subprocess.run([grip, "restore", backup], capture_output=True, text=True, env=env)
assert again.returncode != 0 and ("not empty" in again.stderr or "already holds" in again.stderr), again.stderr

server = subprocess.Popen(
    [grip, "serve", "--port", str(restore_port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
)
try:
    restored_base = "http://127.0.0.1:%d" % restore_port
    for _ in range(120):
        try:
            if call(restored_base + "/health")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    missing, wrong = [], []
    for _, eid, fid, content in acked:
        status, body = call(restored_base + "/api/v1/evidence/" + eid)
        if status == 404:
            if any(a[1] == eid for a in before):
                missing.append(eid)
            continue
        assert status == 200, (status, body[:200])
        e = json.loads(body)
        status, data = call(restored_base + "/api/v1/evidence/%s/files/%s" % (eid, fid))
        if status != 200 or data != content or len(e["files"]) != 1:
            wrong.append(eid)
    print(
        "restored: %d acknowledged-before evidence checked, missing %d, incomplete or different %d"
        % (len(before), len(missing), len(wrong))
    )
    assert not missing and not wrong
finally:
    server.terminate()
    server.wait()
require_threads_clean("backup and restore")
print("backup and restore: ok")
