"""Two Grip instances on one PostgreSQL database; many clients update the same actions at once.

Usage: instances.py GRIP_BINARY PORT_A PORT_B [CLIENTS] [UPDATES_PER_CLIENT]   (defaults 16 and 30)
DATABASE_URL names the database, which must already hold the demo provider.

Each client, many times: reads one of three actions from one instance, then sends an update with
the version it read to either instance. Afterwards, for each action:
- every update that got 200 moved the version by exactly one from the version it sent, and no two
  acknowledged updates share a version (no update was lost or applied twice);
- every other answer was 409, and each 409 was stale: another acknowledged update had already
  moved the action on from the version it sent;
- the action's final version is its start plus the acknowledged updates, and its text is the
  last acknowledged one;
then `grip audit verify` passes."""

import json
import os
import random
import signal
import subprocess
import sys
import threading

from common import Client, audit_verify, require_threads_clean, serve

grip, port_a, port_b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
clients = int(sys.argv[4]) if len(sys.argv) > 4 else 16
per_client = int(sys.argv[5]) if len(sys.argv) > 5 else 30
env = dict(os.environ)
assert env.get("DATABASE_URL", "").startswith("postgres"), "DATABASE_URL must name a PostgreSQL database"
bases = ["http://127.0.0.1:%d" % port_a, "http://127.0.0.1:%d" % port_b]

token = (
    subprocess.run(
        [grip, "token", "create", "--email", "sarah.collins@riverside-care.example", "--name", "instances-check"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    .stdout.strip()
    .splitlines()[-1]
)
procs = [serve(grip, port_a, env), serve(grip, port_b, env)]
try:
    setup = Client(bases[0], token)
    status, page = setup.json("GET", "/api/v1/actions?per=100&status=in_progress")
    assert status == 200 and len(page["items"]) >= 3, (status, page)
    start = {a["id"]: a["version"] for a in page["items"][:3]}
    actions = list(start)
    lock = threading.Lock()
    acked = []  # (action, sent version, returned version, text, instance)
    stale = []  # (action, sent version, instance)
    errors = []

    def client(n):
        rng = random.Random(n)
        conns = [Client(b, token) for b in bases]
        for i in range(per_client):
            action = rng.choice(actions)
            read_from, write_to = rng.randrange(2), rng.randrange(2)
            status, a = conns[read_from].json("GET", "/api/v1/actions/" + action)
            if status != 200:
                with lock:
                    errors.append(("read", status))
                continue
            text = "Two-instance check c%d u%d via %s: spot check each shift" % (n, i, "AB"[write_to])
            status, body = conns[write_to].call(
                "PATCH", "/api/v1/actions/" + action, {"version": a["version"], "title": text}
            )
            with lock:
                if status == 200:
                    acked.append((action, a["version"], json.loads(body)["version"], text, write_to))
                elif status == 409:
                    stale.append((action, a["version"], write_to))
                else:
                    errors.append(("update", status, body[:200]))
        for c in conns:
            c.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:5]

    problems = []
    for action in actions:
        mine = sorted((x for x in acked if x[0] == action), key=lambda x: x[2])
        versions = [x[2] for x in mine]
        if len(set(versions)) != len(versions):
            problems.append((action, "two acknowledged updates share a version"))
        if any(x[2] != x[1] + 1 for x in mine):
            problems.append((action, "an acknowledged update did not move the version by one"))
        if versions != list(range(start[action] + 1, start[action] + 1 + len(mine))):
            problems.append((action, "acknowledged versions are not a gap-free chain", versions[:5]))
        taken = {x[1] for x in mine}
        not_stale = [s for s in stale if s[0] == action and s[1] not in taken]
        if not_stale:
            problems.append((action, "409 for a version nobody else had moved on from", not_stale[:3]))
        status, final = Client(bases[1], token).json("GET", "/api/v1/actions/" + action)
        if final["version"] != start[action] + len(mine):
            problems.append((action, "final version %d, expected %d" % (final["version"], start[action] + len(mine))))
        if mine and final["title"] != mine[-1][3]:
            problems.append((action, "final text is not the last acknowledged update"))
    by_instance = [sum(1 for x in acked if x[4] == i) for i in (0, 1)]
    print(
        "two instances: %d clients, %d updates sent; %d acknowledged (%d via A, %d via B), "
        "%d refused as stale (409), 0 other answers"
        % (clients, clients * per_client, len(acked), by_instance[0], by_instance[1], len(stale))
    )
    assert not problems, problems
    assert min(by_instance) > 0 and stale, "the check did not exercise both instances and contention"
finally:
    for p in procs:
        p.send_signal(signal.SIGTERM)
        p.wait()
print("two instances: audit", audit_verify(grip, env))
require_threads_clean("two instances")
print("two instances: ok")
