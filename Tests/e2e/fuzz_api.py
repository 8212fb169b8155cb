"""API fuzzing: schemathesis against /api/v1/openapi.json with a real token, every operation.

Usage: fuzz_api.py BASE_URL TOKEN [EXAMPLES_PER_OPERATION [ADMIN_TOKEN]]   (default 20)
With ADMIN_TOKEN, the operations TOKEN's role may not call (schemathesis reports them as answering
only 401/403) are fuzzed again with the admin's token, so every operation is exercised.
Checks: not_a_server_error, status_code_conformance, content_type_conformance and
response_schema_conformance, over the examples, coverage and fuzzing phases, with a fixed seed.
Path parameters are bound to real records of the token's organisation (found through the API
first), so requests reach each operation's validation and its answers rather than a 404; unknown
ids are covered by the Swift tests and the authorisation matrix."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

from common import Client, evidence_form

base, token = sys.argv[1], sys.argv[2]
examples = sys.argv[3] if len(sys.argv) > 3 else "20"
admin_token = sys.argv[4] if len(sys.argv) > 4 else None
c = Client(base, token)


def first(path, key="items"):
    status, body = c.json("GET", path)
    assert status == 200 and body[key], (path, status, body)
    return body[key][0]


action = first("/api/v1/actions?status=in_progress&per=1")["id"]
form, headers = evidence_form("API fuzzing check", b"time,check\n1,ok\n")
status, raw = c.call("POST", "/api/v1/actions/%s/evidence" % action, form, headers)
assert status == 201, (status, raw[:200])
evidence = json.loads(raw)
# A meeting whose minutes are open (held), so item operations reach their rules; else any meeting.
status, held = c.json("GET", "/api/v1/meetings?status=held&per=1")
meeting = held["items"][0]["id"] if status == 200 and held["items"] else first("/api/v1/meetings?per=1")["id"]
status, agenda = c.json("GET", "/api/v1/meetings/%s/agenda" % meeting)
items = agenda.get("items") or []
ids = {
    "action": action,
    "evidence": evidence["id"],
    "file": evidence["files"][0]["id"],
    "escalation": first("/api/v1/escalations?per=1")["id"],
    "meeting": meeting,
    "item": items[0]["id"] if items and items[0].get("id") else meeting,
    "route": first("/api/v1/routes?per=1")["id"],
    "decision": first("/api/v1/decisions?per=1")["id"],
    "indicator": first("/api/v1/indicators?per=1")["id"],
    "service": first("/api/v1/services?per=1")["id"],
    "person": first("/api/v1/people?per=1")["id"],
    "concern": first("/api/v1/safeguarding-concerns?per=1")["id"],
    "intervention": first("/api/v1/restrictive-interventions?per=1")["id"],
    "notification": first("/api/v1/cqc-notifications?per=1")["id"],
}
bindings = [
    (r"^/api/v1/actions/\{id\}", {"path.id": ids["action"]}),
    (r"^/api/v1/evidence/\{id\}", {"path.id": ids["evidence"], "path.file": ids["file"]}),
    (r"^/api/v1/escalations/\{id\}", {"path.id": ids["escalation"]}),
    (r"^/api/v1/meetings/\{id\}", {"path.id": ids["meeting"], "path.item": ids["item"]}),
    (r"^/api/v1/routes/\{id\}", {"path.id": ids["route"]}),
    (r"^/api/v1/decisions/\{id\}", {"path.id": ids["decision"]}),
    (r"^/api/v1/indicators/\{id\}", {"path.id": ids["indicator"], "path.service": ids["service"]}),
    (r"^/api/v1/services/\{id\}", {"path.id": ids["service"]}),
    (r"^/api/v1/people/\{id\}", {"path.id": ids["person"]}),
    (r"^/api/v1/safeguarding-concerns/\{id\}", {"path.id": ids["concern"]}),
    (r"^/api/v1/restrictive-interventions/\{id\}", {"path.id": ids["intervention"]}),
    (r"^/api/v1/cqc-notifications/\{id\}", {"path.id": ids["notification"]}),
    # Frameworks are named by their version id; the 2017 to 2023 crosswalk ships with Grip.
    (r"^/api/v1/frameworks/\{framework\}", {"path.framework": "cqc-qs-2023"}),
    (r"^/api/v1/crosswalks/\{from\}", {"path.from": "cqc-kloe-2017", "path.to": "cqc-qs-2023"}),
]
lines = ['headers = { Authorization = "Bearer ${GRIP_FUZZ_TOKEN}" }', ""]
for regex, params in bindings:
    lines.append("[[operations]]")
    lines.append("include-path-regex = '%s'" % regex)
    lines.append("parameters = { %s }" % ", ".join('"%s" = "%s"' % kv for kv in params.items()))
    lines.append("")
config = os.path.join(tempfile.mkdtemp(), "schemathesis.toml")
with open(config, "w") as fh:
    fh.write("\n".join(lines))

st = os.path.join(os.path.dirname(sys.executable), "schemathesis")


def schemathesis(token, extra, label):
    """One schemathesis run with the token; prints its summary (and any failures) and returns (exit code, output)."""
    env = dict(os.environ, GRIP_FUZZ_TOKEN=token)
    # One worker: hypothesis parses lambdas with `ast`, which is not thread-safe on CPython 3.11.
    command = [
        st,
        "--config-file",
        config,
        "run",
        base + "/api/v1/openapi.json",
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        examples,
        "--seed",
        "20261123",
        "--workers",
        "1",
        "--no-color",
        "--request-timeout",
        "30",
    ] + extra
    t0 = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    out = done.stdout + done.stderr
    if os.environ.get("FUZZ_LOG"):
        with open(os.environ["FUZZ_LOG"], "a") as fh:
            fh.write("### %s\n%s\n" % (label, out))
    # The run's summary, and on failure every failure and error before it.
    summary = out.rfind("= SUMMARY =")
    start = (
        out.find("= FAILURES =")
        if done.returncode != 0 and "= FAILURES =" in out
        else out.find("= ERRORS =") if done.returncode != 0 and "= ERRORS =" in out else summary
    )
    print(out[max(0, start) :].strip()[-20000:] if start >= 0 else out[-6000:])
    print("schemathesis (%s): exit %d in %.0f s" % (label, done.returncode, time.time() - t0))
    return done.returncode, out


def refused(out):
    """The operations a run's token could only get 401 or 403 from (schemathesis's authentication warning)."""
    at = out.find("Authentication failed")
    if at < 0:
        return []
    section = out[at : out.find("\U0001f4a1", at) if out.find("\U0001f4a1", at) > 0 else len(out)]
    return re.findall(r"^\s+- ((?:GET|POST|PUT|PATCH|DELETE) /\S+)$", section, re.M)


if os.environ.get("FUZZ_LOG"):
    open(os.environ["FUZZ_LOG"], "w").close()
code, out = schemathesis(token, [], "every operation")
# Operations the first token's role may not call (an admin's) are fuzzed again with an admin's token,
# so every operation is reached past its permission check.
if code == 0 and admin_token and refused(out):
    names = refused(out)
    print("again as the provider admin: %s" % ", ".join(names))
    code, out = schemathesis(admin_token, [a for n in names for a in ("--include-name", n)], "as the provider admin")
    if code == 0 and refused(out):
        print("FAILED: the admin's token could not reach %s" % ", ".join(refused(out)))
        code = 1
sys.exit(code)
