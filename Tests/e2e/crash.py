"""Crash durability: kill -9 the server during a write load, restart, and check nothing was lost.

Usage: crash.py GRIP_BINARY PORT [ROUNDS]   (default 20 rounds)
The database is the one GRIP_DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL) names; it must already
hold the demo provider (the writers use the registered manager's actions in progress).

Each round starts `grip serve`, runs four writers (evidence with a file, and updates of each
writer's own action with the version it read), kills the server with SIGKILL at a random moment
between 0.8 and 2.5 s, and restarts it. Then:
- every evidence that got 201 is there, with its file's exact bytes;
- nothing is half-written: every evidence the writers sent that the database holds (acknowledged
  or not) has exactly one file, linked to its action, with the bytes that were sent;
- each action's title is its last acknowledged update, or the one update in flight
  when the server died, and its version counts every update that landed;
- `grip audit verify` passes."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from common import Client, audit_verify, evidence_form, require_at_least, require_threads_clean, serve

grip, port = sys.argv[1], int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
env = dict(os.environ)
base = "http://127.0.0.1:%d" % port
database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
log = env.get("CRASH_LOG")

token = (
    subprocess.run(
        [grip, "token", "create", "--email", "sarah.collins@riverside-care.example", "--name", "crash-check"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    .stdout.strip()
    .splitlines()[-1]
)


def content_for(summary):
    return ("time,check\n%s,ok\n" % summary).encode()


def stored_evidence(prefix):
    """(evidence id, summary, [file bytes], [linked action ids]) for every evidence whose summary starts with prefix."""
    query = (
        "SELECT e.id, e.summary, sf.bytes, ea.action_id FROM evidence e "
        "LEFT JOIN evidence_files ef ON ef.evidence_id = e.id LEFT JOIN stored_files sf ON sf.id = ef.stored_file_id "
        "LEFT JOIN evidence_actions ea ON ea.evidence_id = e.id WHERE e.summary LIKE '%s%%'" % prefix
    )
    rows = []
    if database == "SQLite":
        db = sqlite3.connect(os.path.join(env["GRIP_DATA_DIR"], "grip.sqlite"))
        rows = [
            (str(r[0]).lower(), r[1], bytes(r[2]) if r[2] is not None else None, str(r[3]).lower() if r[3] else None)
            for r in db.execute(query)
        ]
        db.close()
    else:
        out = subprocess.run(
            [
                "psql",
                env["DATABASE_URL"],
                "-At",
                "-F",
                "\t",
                "-c",
                query.replace("sf.bytes", "encode(sf.bytes, 'hex')"),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in out.splitlines():
            eid, summary, hexbytes, action = line.split("\t")
            rows.append((eid.lower(), summary, bytes.fromhex(hexbytes) if hexbytes else None, action.lower() or None))
    found = {}
    for eid, summary, data, action in rows:
        e = found.setdefault(eid, (summary, [], set()))
        if data is not None and data not in e[1]:
            e[1].append(data)
        if action:
            e[2].add(action)
    return found


setup_proc = serve(grip, port, env, log)
setup = Client(base, token)
status, page = setup.json("GET", "/api/v1/actions?per=100&status=in_progress")
setup.close()
setup_proc.send_signal(signal.SIGTERM)
setup_proc.wait()
assert status == 200 and len(page["items"]) >= 4, (status, page)
actions = [a["id"] for a in page["items"][:4]]

rng = random.Random(20261123)
totals = {"evidence": 0, "updates": 0, "in_flight_landed": 0}
for r in range(1, rounds + 1):
    proc = serve(grip, port, env, log)
    stop = threading.Event()
    lock = threading.Lock()
    acked_evidence = {}  # evidence id -> summary
    sent_summaries = set()
    updates = {}  # action -> {"start": version, "acked": [(version, text)], "in_flight": text or None}
    unexpected = []

    def writer(w):
        c = Client(base, token, timeout=10)
        action = actions[w]
        status, a = c.json("GET", "/api/v1/actions/" + action)
        if status != 200:
            unexpected.append(("read", status))
            return
        version = a["version"]
        state = {"start": (version, a["title"]), "acked": [], "in_flight": None}
        with lock:
            updates[action] = state
        n = 0
        while not stop.is_set():
            n += 1
            summary = "Crash check r%d w%d n%d" % (r, w, n)
            with lock:
                sent_summaries.add(summary)
            form, headers = evidence_form(summary, content_for(summary))
            status, body = c.call("POST", "/api/v1/actions/%s/evidence" % action, form, headers)
            if status == 0:
                break
            if status != 201:
                unexpected.append(("evidence", status, body[:200]))
                break
            with lock:
                acked_evidence[json.loads(body)["id"].lower()] = summary
            text = "Crash check r%d w%d n%d: daily spot check" % (r, w, n)
            state["in_flight"] = text
            status, body = c.call("PATCH", "/api/v1/actions/" + action, {"version": version, "title": text})
            if status == 0:
                break
            if status != 200:
                unexpected.append(("update", status, body[:200]))
                break
            version = json.loads(body)["version"]
            state["acked"].append((version, text))
            state["in_flight"] = None
        c.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(len(actions))]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.8, 2.5))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    assert not unexpected, unexpected[:3]

    # Restart and check.
    proc = serve(grip, port, env, log)
    c = Client(base, token)
    missing = []
    for eid, summary in acked_evidence.items():
        status, e = c.json("GET", "/api/v1/evidence/" + eid)
        if status != 200 or len(e["files"]) != 1:
            missing.append((eid, status))
            continue
        status, data = c.call("GET", "/api/v1/evidence/%s/files/%s" % (eid, e["files"][0]["id"]))
        if status != 200 or data != content_for(summary):
            missing.append((eid, "file", status))
    half = []
    landed = stored_evidence("Crash check r%d " % r)
    for eid, (summary, files, linked) in landed.items():
        if summary not in sent_summaries or files != [content_for(summary)] or len(linked) != 1:
            half.append((eid, summary, len(files), len(linked)))
    lost = []
    for action, state in updates.items():
        status, a = c.json("GET", "/api/v1/actions/" + action)
        last = state["acked"][-1] if state["acked"] else state["start"]
        landed_in_flight = state["in_flight"] is not None and a["title"] == state["in_flight"]
        # Only this writer changes the action: it holds the last acknowledged text, or the one in flight,
        # and its version moved exactly once per update that landed.
        ok = a["title"] == last[1] and a["version"] == last[0] or landed_in_flight and a["version"] == last[0] + 1
        if status != 200 or not ok:
            lost.append((action, a.get("title"), last, state["in_flight"]))
        totals["in_flight_landed"] += 1 if landed_in_flight else 0
    c.close()
    proc.send_signal(signal.SIGTERM)
    proc.wait()
    verify = audit_verify(grip, env)
    acked_updates = sum(len(s["acked"]) for s in updates.values())
    totals["evidence"] += len(acked_evidence)
    totals["updates"] += acked_updates
    print(
        "%s round %2d: %3d evidence and %3d updates acknowledged; %d evidence in the database (%d not acknowledged); "
        "missing %d, half-written %d, lost updates %d; %s"
        % (
            database,
            r,
            len(acked_evidence),
            acked_updates,
            len(landed),
            len(set(landed) - set(acked_evidence)),
            len(missing),
            len(half),
            len(lost),
            verify,
        )
    )
    if missing or half or lost:
        print("missing:", missing[:3], "half-written:", half[:3], "lost:", lost[:3])
        sys.exit(1)

print(
    "crash durability (%s): %d kills, %d evidence and %d updates acknowledged, none lost; %d in-flight updates landed"
    % (database, rounds, totals["evidence"], totals["updates"], totals["in_flight_landed"])
)
require_threads_clean("crash")
# A kill that came before any write was acknowledged tests nothing: over all rounds there must be many.
require_at_least("crash", "evidence acknowledged", totals["evidence"], rounds)
require_at_least("crash", "updates acknowledged", totals["updates"], rounds)
