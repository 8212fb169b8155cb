"""Bad input at every form and import: text that is not UTF-8, NUL characters, overlong fields,
extreme values, malformed bodies, wrong content types, oversized bodies and malformed CSV files.
Every answer must be a clear 4xx and nothing may be written.

Usage: bad_input.py BASE_URL GRIP_BINARY SQLITE_FILE
The forms are the ones the demo's people actually see: the script signs in as each role, follows
links from the home page and collects every POST form (with its real record ids). The API's
operations come from /api/v1/openapi.json. Every POST/PUT/PATCH route of `grip routes` must be
exercised by one of the two, or be named below with the reason it cannot be. "Nothing written"
is checked by counting every table's rows (except sessions and sign-in failures) after every
request: every change to a record also appends to the audit trail, so updates are counted too."""

import datetime
import html.parser
import http.client
import json
import re
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid

base, grip, db_file = sys.argv[1], sys.argv[2], sys.argv[3]
PASSWORD = "grip-demo-2026"
PEOPLE = ["priya.shah", "helen.marsh", "sarah.collins", "david.okafor", "mark.bennett"]
DOMAIN = {"mark.bennett": "northshire-council.example"}
UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
BODY_LIMIT = 2 * 1024 * 1024
# Routes no script can reach with a body to check, and why.
EXEMPT = {
    "POST /setup": "only before the first organisation exists",
    "POST /reset-password/:token": "needs a reset link's secret (covered by the Swift tests)",
    "POST /sign-in/code": "needs a pending two-factor sign-in (covered by the Swift tests)",
    "POST /sign-out": "ends the session; has no fields",
}
failures, figures = [], {}


def fail(message):
    failures.append(message)
    print("FAILED " + message)


class Conn:
    """One keep-alive connection with a cookie jar; never follows redirects."""

    def __init__(self):
        u = urllib.parse.urlparse(base)
        self.host, self.port, self.cookies, self.conn = u.hostname, u.port, {}, None

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                try:
                    self.conn.request(method, path, body=body, headers=h)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server refused a large body before reading it all: its answer is waiting
                res = self.conn.getresponse()
                data = res.read()
                break
            except (
                http.client.RemoteDisconnected,
                BrokenPipeError,
                ConnectionResetError,
                http.client.ResponseNotReady,
            ) as e:
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    return 0, {}, str(e).encode()
        for k, v in res.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";")[0]
        if res.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return res.status, {k.lower(): v for k, v in res.getheaders()}, data


class Forms(html.parser.HTMLParser):
    """The POST forms of a page, their fields, and the page's links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self.form, self.select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self.form = {
                "action": a.get("action"),
                "enctype": a.get("enctype") or "application/x-www-form-urlencoded",
                "fields": [],
            }
            self.forms.append(self.form)
        elif self.form is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            field = {
                "name": a["name"],
                "kind": kind,
                "value": a.get("value") or "",
                "checked": "checked" in a,
                "accept": a.get("accept", ""),
            }
            self.form["fields"].append(field)
            if tag == "select":
                self.select = field
        elif tag == "option" and self.select is not None and ("selected" in a or not self.select["value"]):
            self.select["value"] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def pattern(method, path):
    """`POST /actions/<uuid>/steps` → `POST /actions/:id/steps` (the route's name in `grip routes`)."""
    parts = urllib.parse.urlparse(path).path.strip("/").split("/")
    named = []
    for i, p in enumerate(parts):
        if UUID.fullmatch(p):
            before = parts[i - 1] if i else ""
            named.append(
                {"steps": ":step", "items": ":item", "services": ":service" if i > 2 else ":id", "files": ":file"}.get(
                    before, ":id"
                )
            )
        else:
            named.append(p)
    return method + " /" + "/".join(named)


def fingerprint():
    db = sqlite3.connect("file:%s?mode=ro" % db_file, uri=True, timeout=30)
    try:
        tables = [
            r[0]
            for r in db.execute("select name from sqlite_master where type = 'table'")
            if "session" not in r[0]
            and r[0] not in ("sign_in_failures", "_fluent_migrations")
            and not r[0].startswith("sqlite_")
        ]
        return tuple((t, db.execute('select count(*) from "%s"' % t).fetchone()[0]) for t in sorted(tables))
    finally:
        db.close()


def changed(before, after):
    return [("%s %d→%d" % (a[0], a[1], b[1])) for a, b in zip(before, after) if a != b] or (
        ["tables"] if before != after else []
    )


def sign_in(who):
    c = Conn()
    email = "%s@%s" % (who, DOMAIN.get(who, "riverside-care.example"))
    status, _, page = c.request("GET", "/sign-in")
    csrf = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": PASSWORD, "next": "/"})
    status, headers, _ = c.request("POST", "/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 303 and not headers.get("location", "").startswith("/sign-in"), (who, status, headers)
    return c


SKIP_LINK = re.compile(r"\.(csv|xlsx|pdf|ics|json)$|/files/|/download|/export|/reports/.+|/calendar/|sign-out|/metrics")


PER_PATTERN = 6
link_ids = {}


def note_ids(path):
    """Record ids met in links and forms by the segment before them (`/admin/users/<id>` → users)."""
    parts = urllib.parse.urlparse(path).path.strip("/").split("/")
    for i, p in enumerate(parts):
        if i and UUID.fullmatch(p):
            link_ids.setdefault({"steps": "step", "items": "item"}.get(parts[i - 1], parts[i - 1]), p)


def crawl(c, who, forms, limit=300):
    """Pages reachable from the home page (up to six per route pattern, so records in different
    states are met), and the forms on them."""
    seen_pages, queue, per_pattern = set(), ["/"], {}
    while queue and len(seen_pages) < limit:
        path = queue.pop(0)
        key = pattern("GET", path)
        if path in seen_pages or per_pattern.get(key, 0) >= PER_PATTERN:
            continue
        seen_pages.add(path)
        per_pattern[key] = per_pattern.get(key, 0) + 1
        status, headers, page = c.request("GET", path)
        if status != 200 or "text/html" not in headers.get("content-type", ""):
            continue
        p = Forms()
        p.feed(page.decode("utf-8", "replace"))
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page.decode("utf-8", "replace"))
        for f in p.forms:
            action = f["action"] or path
            note_ids(action)
            route = pattern("POST", action)
            if route not in forms and route not in EXEMPT:
                forms[route] = dict(f, action=action, who=who, csrf=csrf.group(1) if csrf else "", page=path)
        for link in p.links:
            note_ids(link)
            if not SKIP_LINK.search(link) and link not in seen_pages:
                queue.append(link)
    return len(seen_pages)


def multipart(fields, files=()):
    boundary = "bad" + uuid.uuid4().hex
    out = []
    for name, value in fields:
        raw = value if isinstance(value, bytes) else value.encode()
        out.append(
            b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary.encode(), name.encode(), raw)
        )
    for name, filename, content in files:
        out.append(
            b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n%s\r\n"
            % (boundary.encode(), name.encode(), filename.encode(), content)
        )
    out.append(b"--%s--\r\n" % boundary.encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


VISIBLE = {
    "text",
    "textarea",
    "select",
    "number",
    "date",
    "email",
    "password",
    "checkbox",
    "radio",
    "file",
    "search",
    "url",
    "tel",
}
EXTREME = {
    "number": "1e309",
    "date": "99999-12-31",
    "select": "no-such-choice-" + "9" * 40,
    "email": "not an address",
    "checkbox": "no-such-choice",
    "radio": "no-such-choice",
}
# Malformed spreadsheets for import forms: each must be refused, naming what is wrong.
CSV_FILES = {
    "unterminated quote": b'Action,Service,Due\n"Falls audit,Oakwood House,2027-01-31\n',
    "not UTF-8": b"Action,Service\nCaf\xe9 menus,Oakwood House\n",
    "binary": bytes(range(256)) * 8,
    "empty": b"",
    "header only": b"Action,Service,Lead,Due day\n",
    "NUL bytes": b"Action,Service\nA\x00B,Oakwood House\n",
    "10,000 columns": (",".join("c%d" % i for i in range(10000)) + "\n").encode(),
    "extreme values": b"service,indicator,period,value\nOakwood House,Falls,99999-99,1e400\n",
    "broken workbook": b"PK\x03\x04" + b"\x00" * 64,
}


def expect_refused(label, status, headers, body, before, kind=None):
    after = fingerprint()
    ok_status = status in (400, 409, 413, 415, 422) or (label.startswith("POST /sign-in ") and status in (401, 429))
    figures[status] = figures.get(status, 0) + 1
    if not ok_status:
        fail("%s: answered %s (%s)" % (label, status, body[:160]))
    elif kind and status in (400, 422) and kind not in body.decode("utf-8", "replace").lower():
        fail("%s: the %s answer does not say %r: %s" % (label, status, kind, body[:200]))
    if after != before:
        fail("%s: wrote %s" % (label, ", ".join(changed(before, after))))
    if re.search(rb"(?i)fatal error|stack trace|SQLITE_|PSQLError|syntax error at|\.swift:\d+", body):
        fail("%s: the answer leaks internals" % label)
    return after


def web_variants(form):
    """(label, body, content type, what the refusal must say) for one form."""
    csrf = form["csrf"]
    hidden = [(f["name"], f["value"]) for f in form["fields"] if f["kind"] == "hidden" and f["name"] != "_csrf"]
    visible = [f for f in form["fields"] if f["kind"] in VISIBLE and f["kind"] != "file"]
    files = [f for f in form["fields"] if f["kind"] == "file"]
    is_multipart = "multipart" in form["enctype"]

    def encode(pairs, raw_values=False):
        if is_multipart:
            return multipart([("_csrf", csrf)] + pairs)
        items = ["_csrf=" + urllib.parse.quote(csrf)]
        for k, v in pairs:
            items.append(urllib.parse.quote(k) + "=" + (v if raw_values else urllib.parse.quote(v)))
        return "&".join(items).encode(), "application/x-www-form-urlencoded"

    out = []
    if visible:
        out.append(
            (
                "not UTF-8",
                *encode(
                    hidden + [(f["name"], "%FF%FEabc" if not is_multipart else b"\xff\xfeabc") for f in visible],
                    raw_values=True,
                ),
                "utf-8",
            )
        )
        out.append(("NUL character", *encode(hidden + [(f["name"], "a\x00b") for f in visible]), "control character"))
        out.append(("25,000 characters", *encode(hidden + [(f["name"], "A" * 25000) for f in visible]), "too long"))
        if not is_multipart:
            out.append(
                (
                    "malformed form",
                    ("_csrf=%s&%%ZZ=%%&title=%%E2%%82" % urllib.parse.quote(csrf)).encode(),
                    "application/x-www-form-urlencoded",
                    None,
                )
            )
        typed = [f for f in visible if f["kind"] in EXTREME]
        if typed:
            pairs = hidden + [(f["name"], EXTREME.get(f["kind"], f["value"])) for f in visible]
            out.append(("extreme values", *encode(pairs), None))
        out.append(("wrong content type", b"<form><title>x</title></form>", "application/xml", None))
    if is_multipart:
        # Framing the multipart parser does not survive: refused before it sees it (InputLimits.multipartProblem).
        body, _ = multipart([("_csrf", csrf)] + hidden)
        out.append(("multipart without a boundary", body, "multipart/form-data", "boundary"))
        out.append(
            (
                "multipart header name not ASCII",
                b"--b\r\n\xc3\x97>--b--\r\n",
                "multipart/form-data; boundary=b",
                "not ascii",
            )
        )
    for f in files:
        if ".csv" in f["accept"]:
            for name, content in CSV_FILES.items():
                body, ctype = multipart(
                    [("_csrf", csrf)] + hidden,
                    [(f["name"], "plan.xlsx" if "workbook" in name else "plan.csv", content)],
                )
                out.append(("file: " + name, body, ctype, None))
        else:
            for name, filename, content in (
                ("empty file", "empty.pdf", b""),
                ("a program", "setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
                ("HTML passed off as PDF", "notes.pdf", b"<html><script>alert(1)</script></html>"),
            ):
                body, ctype = multipart(
                    [("_csrf", csrf)] + hidden + [(v["name"], v["value"] or "x") for v in visible],
                    [(f["name"], filename, content)],
                )
                out.append(("file: " + name, body, ctype, None))
    # Larger than the route takes (uploads: the file limit plus more than the form's allowance).
    size = (20 + 2 + 32) * 1024 * 1024 if files else BODY_LIMIT + 4096
    if form["action"].endswith("/indicators/import"):
        size = 66 * 1024 * 1024
    out.append(
        (
            "oversized body",
            b"_csrf=" + csrf.encode() + b"&x=" + b"A" * size,
            "multipart/form-data; boundary=x" if files else "application/x-www-form-urlencoded",
            None,
        )
    )
    return out


def check_web(forms, sessions):
    for route, form in sorted(forms.items()):
        if form.get("takes_no_fields"):
            form["fields"] = []  # only the oversized body applies
        c = sessions[form["who"]]
        # The form's page again, so the session's CSRF token is the one in the form.
        status, _, page = c.request("GET", form["page"])
        m = re.search(rb'name="_csrf" value="([^"]+)"', page)
        if m:
            form["csrf"] = m.group(1).decode()
        before = fingerprint()
        for label, body, ctype, kind in web_variants(form):
            # The token travels in the form, as a browser sends it (the CSRF check then reads bodies that
            # arrive in pieces); only bodies that cannot carry it send the header.
            carries = ("_csrf=" + form["csrf"]).encode() in body or (
                'name="_csrf"\r\n\r\n' + form["csrf"]
            ).encode() in body
            h = {"Content-Type": ctype} if carries else {"Content-Type": ctype, "X-CSRF-Token": form["csrf"]}
            status, headers, data = c.request("POST", form["action"], body, h)
            before = expect_refused(
                "%s as %s, %s" % (route, form["who"], label),
                status,
                headers,
                data,
                before,
                None if form.get("synthesized") else kind,
            )
            counts["web"] += 1


def api_ids(c, token):
    h = {"Authorization": "Bearer " + token}

    def first(path):
        status, _, body = c.request("GET", path, None, h)
        items = (json.loads(body).get("items") or []) if status == 200 else []
        return items[0]["id"] if items else str(uuid.uuid4())

    def running_model():
        # A safety-critical operating model in force (issue 36): `/api/v1/safety-models/:model/…`.
        status, _, body = c.request("GET", "/api/v1/services?per=50", None, h)
        for service in (json.loads(body).get("items") or []) if status == 200 else []:
            status, _, raw = c.request("GET", "/api/v1/services/%s/safety-models" % service["id"], None, h)
            for m in json.loads(raw) if status == 200 else []:
                if m.get("state") == "in_force":
                    return m["id"]
        return str(uuid.uuid4())

    def open_learning_check():
        # A service's check of shared learning still open (issue 36): `/api/v1/learning/checks/:check`.
        status, _, body = c.request("GET", "/api/v1/learning", None, h)
        for item in (json.loads(body).get("items") or []) if status == 200 else []:
            for check in item.get("checks") or []:
                if not check.get("checked_on"):
                    return check["id"]
        return str(uuid.uuid4())

    status, _, body = c.request("GET", "/api/v1/meetings?status=held&per=1", None, h)
    held = json.loads(body).get("items") or []
    meeting = held[0]["id"] if held else first("/api/v1/meetings?per=1")
    status, _, body = c.request("GET", "/api/v1/meetings/%s/agenda" % meeting, None, h)
    items = (json.loads(body).get("items") or []) if status == 200 else []
    return {
        "actions": first("/api/v1/actions?status=in_progress&per=1"),
        "escalations": first("/api/v1/escalations?per=1"),
        "meetings": meeting,
        "item": items[0]["id"] if items and items[0].get("id") else meeting,
        "routes": first("/api/v1/routes?per=1"),
        "decisions": first("/api/v1/decisions?per=1"),
        "indicators": first("/api/v1/indicators?per=1"),
        "services": first("/api/v1/services?per=1"),
        "evidence": first("/api/v1/evidence?per=1"),
        "step": str(uuid.uuid4()),
        "people": first("/api/v1/people?per=1"),
        "safeguarding-concerns": first("/api/v1/safeguarding-concerns?per=1"),
        "restrictive-interventions": first("/api/v1/restrictive-interventions?per=1"),
        "cqc-notifications": first("/api/v1/cqc-notifications?per=1"),
        # An escalation due still open (issue 36): `/api/v1/escalations/fired/:firing/…`.
        "fired": first("/api/v1/escalations/fired?per=1"),
        "safety-models": running_model(),
        "checks": open_learning_check(),
    }


def concrete_path(path, ids, param):
    """A route's path with its parameters bound to the demo's records (`:id` by the segment before it)."""

    def bind(m):
        name = m.group(1)
        if name in ("item", "step"):
            return ids["item" if name == "item" else "step"]
        if name == "service":
            return ids["services"]
        segment = path[: m.start()].rstrip("/").split("/")[-1]
        if segment == "actions" and "/changes/" in path and "change-action" in ids:
            return ids["change-action"]
        return ids.get(segment, str(uuid.uuid4()))

    return re.sub(param, bind, path)


def api_extreme(schema, doc):
    """A body whose every property is an extreme value of its type."""
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
    out = {}
    for name, prop in (schema.get("properties") or {}).items():
        if "$ref" in prop:
            prop = doc["components"]["schemas"][prop["$ref"].split("/")[-1]]
        t = prop.get("type")
        t = [x for x in t if x != "null"][0] if isinstance(t, list) else t
        if "enum" in prop:
            out[name] = "no-such-value"
        elif t == "integer":
            out[name] = 2**70
        elif t == "number":
            out[name] = -1e308
        elif t == "boolean":
            out[name] = "maybe"
        elif t == "array":
            out[name] = [{"x": "y"}] * 3
        elif prop.get("format") in ("date", "date-time"):
            out[name] = "99999-12-31"
        elif prop.get("format") == "uuid":
            out[name] = "not-a-uuid"
        else:
            out[name] = "A" * 25000
    return out


def check_api(tokens):
    c = Conn()
    status, _, raw = c.request("GET", "/api/v1/openapi.json")
    doc = json.loads(raw)
    covered = set()
    for path, ops in sorted(doc["paths"].items()):
        for method, op in ops.items():
            if method not in ("post", "put", "patch") or "requestBody" not in op:
                continue

            concrete = concrete_path(path, ids, r"\{(\w+)\}")
            route = method.upper() + " " + re.sub(r"\{(\w+)\}", r":\1", path)
            covered.add(route)
            content = op["requestBody"]["content"]
            variants = []
            if "application/json" in content:
                schema = content["application/json"].get("schema", {})
                extreme = api_extreme(schema, doc)
                strings = {k: v for k, v in extreme.items() if isinstance(v, str)}
                variants += [
                    ("not UTF-8", b'{"x": "\xff\xfe"}', "application/json", "utf-8"),
                    ("malformed JSON", b'{"title": ', "application/json", None),
                    ("JSON that is not an object", b"[1, 2, 3]", "application/json", None),
                    ("wrong content type", b"title=x", "text/plain", None),
                    ("oversized body", b'{"x": "' + b"A" * (BODY_LIMIT + 4096) + b'"}', "application/json", None),
                ]
                if strings:
                    variants.append(
                        (
                            "NUL character",
                            json.dumps({k: "a\x00b" for k in strings}).encode(),
                            "application/json",
                            "control character",
                        )
                    )
                    variants.append(
                        (
                            "25,000 characters",
                            json.dumps({k: "A" * 25000 for k in strings}).encode(),
                            "application/json",
                            "too long",
                        )
                    )
                if extreme:
                    variants.append(("extreme values", json.dumps(extreme).encode(), "application/json", None))
            else:
                for name, data in CSV_FILES.items():
                    variants.append(
                        (
                            "file: " + name,
                            data,
                            "text/csv" if "text/csv" in content else "application/octet-stream",
                            None,
                        )
                    )
                body, ctype = multipart([("summary", b"\xff\xfe")], [("file", "x.csv", b"a,b\n")])
                variants.append(("multipart not UTF-8", body, ctype, None))
                variants.append(("multipart without a boundary", body, "multipart/form-data", "boundary"))
                variants.append(
                    (
                        "multipart header name not ASCII",
                        b"--b\r\n\xc3\x97>--b--\r\n",
                        "multipart/form-data; boundary=b",
                        "not ascii",
                    )
                )
                variants.append(("oversized body", b"A" * (54 * 1024 * 1024), "text/csv", None))
            # The first token whose role may use the operation (a 403 means another role's).
            before = fingerprint()
            for token in tokens:
                h = {"Authorization": "Bearer " + token}
                status, _, _ = c.request(
                    method.upper(),
                    concrete,
                    b"{}" if "application/json" in content else b"",
                    {**h, "Content-Type": "application/json"},
                )
                before = fingerprint() if status in (200, 201) else before
                if status != 403:
                    break
            for label, body, ctype, kind in variants:
                status, headers, data = c.request(method.upper(), concrete, body, {**h, "Content-Type": ctype})
                before = expect_refused("%s %s" % (route, label), status, headers, data, before, kind)
                counts["api"] += 1
    return covered


counts = {"web": 0, "api": 0}
tokens = []
for who in ("helen.marsh", "sarah.collins", "mark.bennett", "priya.shah"):
    email = "%s@%s" % (who, DOMAIN.get(who, "riverside-care.example"))
    done = subprocess.run(
        [grip, "token", "create", "--email", email, "--name", "bad-input"],
        capture_output=True,
        text=True,
        env={"GRIP_DATA_DIR": db_file.rsplit("/", 1)[0], "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    tokens.append(done.stdout.strip().splitlines()[-1])
sessions = {who: sign_in(who) for who in PEOPLE}
forms, pages = {}, 0
anonymous = Conn()
pages += crawl(anonymous, "anonymous", forms, limit=3)
sessions["anonymous"] = anonymous
for who in PEOPLE:
    pages += crawl(sessions[who], who, forms)
print("crawled %d pages as %d people: %d POST forms" % (pages, len(PEOPLE), len(forms)))
ids = api_ids(Conn(), tokens[0])
# For web routes: ids met while crawling, and an open step (its form shows only to some people).
web_ids = dict(ids, **link_ids)
db = sqlite3.connect("file:%s?mode=ro" % db_file, uri=True)
step = db.execute("select id, action_id from action_steps where done_on is null order by due_day limit 1").fetchone()
db.close()
if step:
    web_ids["step"], web_ids["actions"] = step[0], step[1]


def pending_change():
    """An in-progress action the quality lead (the first token) does not lead, with a change waiting for
    approval (a later target day always weakens oversight) proposed by the provider admin: the quality
    lead may then decide it, whatever the action's band. Returns (action id, change id)."""
    ql, admin = {"Authorization": "Bearer " + tokens[0]}, {"Authorization": "Bearer " + tokens[3]}
    c = Conn()
    status, _, body = c.request("GET", "/api/v1/actions?status=in_progress&per=50", None, ql)
    for a in json.loads(body)["items"]:
        if a["lead"]["email"].startswith("helen.marsh@"):
            continue
        status, _, body = c.request("GET", "/api/v1/actions/%s/changes" % a["id"], None, ql)
        waiting = [x for x in json.loads(body)["items"] if x["status"] == "pending"] if status == 200 else []
        if waiting:
            return a["id"], waiting[0]["id"]
        later = (datetime.date.fromisoformat(a["target_day"]) + datetime.timedelta(days=30)).isoformat()
        patch = {
            "version": a["version"],
            "target_day": later,
            "change_reason": "Bad-input check: a change waiting for approval.",
        }
        status, _, body = c.request(
            "PATCH",
            "/api/v1/actions/%s" % a["id"],
            json.dumps(patch).encode(),
            {**admin, "Content-Type": "application/json"},
        )
        if status == 202:
            return a["id"], json.loads(body)["id"]
    raise SystemExit("bad input: could not propose a change on any in-progress action")


# The approval routes need a real pending change of the action their path names (`concrete_path`
# binds their `:id` to that action).
ids["change-action"], ids["changes"] = pending_change()
web_ids["change-action"], web_ids["changes"] = ids["change-action"], ids["changes"]
listed = subprocess.run(
    [grip, "routes"],
    capture_output=True,
    text=True,
    env={"GRIP_DATA_DIR": db_file.rsplit("/", 1)[0], "PATH": "/usr/bin:/bin"},
)
routes = listed.stdout
writes = {"%s %s" % m for m in re.findall(r"\|\s*(POST|PUT|PATCH)\s*\|\s*(\S+)\s*\|", routes)}
# Without the route list, "every write route was exercised" would be checked against nothing.
if listed.returncode != 0 or len(writes) < 50:
    print(
        "bad input: `grip routes` failed (exit %d) or listed only %d write routes: %s"
        % (listed.returncode, len(writes), listed.stderr[-300:])
    )
    sys.exit(1)
# Web routes whose form no page showed (the demo's records are not in that state): a form with one
# free-text field, sent by the first person whose role may use it. The checks before decoding do not
# depend on the form's own fields. A route that answers that first request with success reads no
# fields at all (it did its work, and is listed); the others get every variant.
synthesized, no_fields = 0, []
for route in sorted(
    w for w in writes if not w.startswith("POST /api/") and w not in forms and w not in EXEMPT and " /api/" not in w
):
    method, path = route.split(" ", 1)
    action = concrete_path(path, web_ids, r":(\w+)")
    for who in ("helen.marsh", "sarah.collins", "priya.shah", "mark.bennett", "david.okafor"):
        c = sessions[who]
        _, _, page = c.request("GET", "/")
        csrf = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
        status, _, _ = c.request(
            "POST",
            action,
            b"_csrf=" + csrf.encode() + b"&note=%FF",
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status not in (403, 404):
            break
    forms[route] = {
        "action": action,
        "enctype": "application/x-www-form-urlencoded",
        "who": who,
        "csrf": csrf,
        "page": "/",
        "fields": [{"name": "note", "kind": "textarea", "value": "", "checked": False, "accept": ""}],
        "synthesized": True,
        "takes_no_fields": status < 400,
    }
    if status < 400:
        no_fields.append(route)
    if status in (403, 404):
        fail("%s: no one could reach it (%s as %s at %s)" % (route, status, who, action))
    synthesized += 1
print(
    "%d web routes had no form on the crawled pages: each sent a one-field form; these read no fields: %s"
    % (synthesized, ", ".join(no_fields) or "none")
)
check_web(forms, sessions)
api_routes = check_api(tokens)
missing = sorted(writes - set(forms) - api_routes - set(EXEMPT))
for route in missing:
    fail("%s: no form or API operation reached it, and it is not exempt" % route)
print(
    "bad input: %d web requests to %d forms (%d synthesized), %d API requests to %d operations; "
    "%d write routes, %d exempt (%s)"
    % (
        counts["web"],
        len(forms),
        synthesized,
        counts["api"],
        len(api_routes),
        len(writes),
        len(EXEMPT),
        "; ".join("%s: %s" % kv for kv in EXEMPT.items()),
    )
)
print("answers: " + ", ".join("%s × %d" % (k, v) for k, v in sorted(figures.items())))
if failures:
    print("bad input: %d failures" % len(failures))
    raise SystemExit(1)
print("bad input: every answer a 4xx, nothing written")
