"""A mixed read/write load on a running Grip server: zero errors, latency percentiles printed.

Usage: load.py BASE_URL TOKEN [SECONDS] [CONNECTIONS]   (defaults: 60 s, 32 connections)

Each connection is a keep-alive client that, in a loop, picks one of: the action list (a random
page), one action, the services, the recovery map, the dashboard, an update of its own action's
title (read then PATCH with the version read: a change the change policy applies at once, where
rewriting the interim controls would wait for a second person), or evidence with a file on its own
action. Every connection writes only its own action (when there are fewer actions than
connections, the extra connections only read), so every write must succeed: any status other
than the expected one, or a failed connection, is an error. Afterwards each connection's
action must show its last acknowledged update."""

import random
import sys
import threading
import time

from common import Client, evidence_form, percentile, require_at_least, require_threads_clean

base, token = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 32

setup = Client(base, token)
status, page = setup.json("GET", "/api/v1/actions?per=100&status=in_progress")
assert status == 200, (status, page)
actions = [a["id"] for a in page["items"]]
status, everything = setup.json("GET", "/api/v1/actions?per=100")
assert status == 200, status
all_ids = [a["id"] for a in everything["items"]]
pages = max(1, (everything["metadata"]["total"] + 19) // 20)
assert actions, "no action in progress to write to"
print(
    "load: %d connections for %.0f s on %s; %d actions to write to, %d to read"
    % (connections, seconds, base, len(actions), len(all_ids))
)

WEIGHTS = [
    ("list", 30),
    ("action", 20),
    ("services", 5),
    ("map", 5),
    ("dashboard", 5),
    ("update", 20),
    ("evidence", 15),
]
lock = threading.Lock()
latencies = {name: [] for name, _ in WEIGHTS}
errors = []
last_update = {}  # action id -> the title of the last acknowledged update
deadline = time.time() + seconds


def worker(n):
    c = Client(base, token)
    rng = random.Random(n)
    mine = actions[n] if n < len(actions) else None  # fewer actions than connections: the rest only read
    counter = 0
    names = [w[0] for w in WEIGHTS]
    weights = [w[1] for w in WEIGHTS]
    while time.time() < deadline:
        op = rng.choices(names, weights)[0]
        if mine is None and op in ("update", "evidence"):
            op = "action"
        t0 = time.perf_counter()
        if op == "list":
            expected, (status, body) = 200, c.call("GET", "/api/v1/actions?per=20&page=%d" % rng.randint(1, pages))
        elif op == "action":
            expected, (status, body) = 200, c.call("GET", "/api/v1/actions/" + rng.choice(all_ids))
        elif op == "services":
            expected, (status, body) = 200, c.call("GET", "/api/v1/services")
        elif op == "map":
            expected, (status, body) = 200, c.call("GET", "/api/v1/map")
        elif op == "dashboard":
            expected, (status, body) = 200, c.call("GET", "/api/v1/dashboard")
        elif op == "update":
            status, a = c.json("GET", "/api/v1/actions/" + mine)
            if status == 200:
                counter += 1
                text = "Load check %d.%d: daily spot check by the shift lead" % (n, counter)
                expected, (status, body) = 200, c.call(
                    "PATCH", "/api/v1/actions/" + mine, {"version": a["version"], "title": text}
                )
                if status == 200:
                    with lock:
                        last_update[mine] = text
            else:
                expected, body = 200, b"read before update failed"
        else:
            counter += 1
            form, headers = evidence_form("Load check %d.%d" % (n, counter), b"time,check\n%d,%d\n" % (n, counter))
            expected, (status, body) = 201, c.call("POST", "/api/v1/actions/%s/evidence" % mine, form, headers)
        ms = (time.perf_counter() - t0) * 1000
        with lock:
            latencies[op].append(ms)
            if status != expected:
                errors.append((op, status, body[:200]))
    c.close()


threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
t0 = time.time()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.time() - t0

everything = [ms for v in latencies.values() for ms in v]
print("%-10s %8s %9s %9s %9s %9s" % ("operation", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms"))
for name, _ in WEIGHTS:
    v = latencies[name]
    if v:
        print(
            "%-10s %8d %9.1f %9.1f %9.1f %9.1f"
            % (name, len(v), percentile(v, 50), percentile(v, 95), percentile(v, 99), max(v))
        )
print(
    "%-10s %8d %9.1f %9.1f %9.1f %9.1f"
    % (
        "all",
        len(everything),
        percentile(everything, 50),
        percentile(everything, 95),
        percentile(everything, 99),
        max(everything),
    )
)
print(
    "load: %d requests in %.1f s (%.1f a second), %d errors, p99 %.1f ms"
    % (len(everything), elapsed, len(everything) / elapsed, len(errors), percentile(everything, 99))
)
for e in errors[:5]:
    print("  error:", e)
# Every connection's action shows its last acknowledged update.
lost = []
for action, text in last_update.items():
    status, a = setup.json("GET", "/api/v1/actions/" + action)
    if status != 200 or a.get("title") != text:
        lost.append(action)
print("load: %d actions updated, %d lost their last update" % (len(last_update), len(lost)))
require_threads_clean("load")
# 32 connections for 60 s complete thousands of requests on this machine (12,909 in CI): far fewer
# means the server stalled or the clients died, and the latencies above describe almost nothing.
require_at_least("load", "requests completed", len(everything), 1000)
require_at_least("load", "actions updated", len(last_update), 1)
sys.exit(1 if errors or lost else 0)
