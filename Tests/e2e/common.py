"""Small helpers shared by the end-to-end scripts: API calls with a token, evidence uploads,
starting and waiting for a Grip server, and percentiles."""

import atexit
import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

# An exception in a worker thread would only print a traceback while the script went on to
# succeed: every one is recorded, and `require_threads_clean` (called at the end of each script
# that starts threads) fails the script for it.
THREAD_ERRORS = []


def _record_thread_error(args):
    THREAD_ERRORS.append("%s: %r" % (args.thread.name if args.thread else "thread", args.exc_value))
    threading.__excepthook__(args)


threading.excepthook = _record_thread_error


def require_threads_clean(script):
    if THREAD_ERRORS:
        print("%s: %d worker thread(s) failed: %s" % (script, len(THREAD_ERRORS), "; ".join(THREAD_ERRORS[:3])))
        sys.exit(1)


def require_at_least(script, what, count, minimum):
    """A check that exercised too little proves nothing: fail it."""
    if count < minimum:
        print("%s: only %d %s, fewer than the %d the check needs" % (script, count, what, minimum))
        sys.exit(1)


class Client:
    """One keep-alive HTTP connection to a Grip server, with a bearer token."""

    def __init__(self, base, token, timeout=30):
        u = urllib.parse.urlparse(base)
        self.host, self.port, self.token, self.timeout = u.hostname, u.port, token, timeout
        self.conn = None

    def call(self, method, path, body=None, headers=None):
        """Returns (status, body bytes); status 0 when the connection failed."""
        h = {"Authorization": "Bearer " + self.token, **(headers or {})}
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=h)
                res = self.conn.getresponse()
                return res.status, res.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A keep-alive connection the server closed while idle: reconnect once, only for reads.
                self.close()
                if attempt == 2 or method != "GET":
                    return 0, str(e).encode()
            except OSError as e:
                self.close()
                return 0, str(e).encode()
        return 0, b"unreachable"

    def json(self, method, path, body=None):
        status, data = self.call(method, path, body)
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def evidence_form(summary, content, filename="check.csv"):
    """A multipart body recording process evidence dated today, with one file."""
    boundary = "grip" + uuid.uuid4().hex
    parts = []
    for name, value in (
        ("category", "processes"),
        ("kind", "audit"),
        ("date", time.strftime("%Y-%m-%d")),
        ("summary", summary),
    ):
        parts.append(
            ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value)).encode()
        )
    parts.append(
        (
            '--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: text/csv\r\n\r\n'
            % (boundary, filename)
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(("--%s--\r\n" % boundary).encode())
    return b"".join(parts), {"Content-Type": "multipart/form-data; boundary=" + boundary}


def wait_ready(base, proc=None, seconds=180):
    u = urllib.parse.urlparse(base)
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit("the server at %s exited with %s before it was ready" % (base, proc.returncode))
        try:
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
            c.request("GET", "/ready")
            if c.getresponse().status == 200:
                c.close()
                return
            c.close()
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server at %s was not ready within %d s" % (base, seconds))


_started = []


@atexit.register
def _stop_servers():
    """A failed check never leaves a server running."""
    for p in _started:
        if p.poll() is None:
            p.kill()
            p.wait()


def serve(grip, port, env, log=None):
    """Starts `grip serve` on a port and waits until it answers /ready."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen([grip, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    _started.append(proc)
    wait_ready("http://127.0.0.1:%d" % port, proc)
    return proc


def percentile(values, p):
    if not values:
        return 0.0
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def audit_verify(grip, env):
    done = subprocess.run([grip, "audit", "verify"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit("grip audit verify failed:\n" + done.stdout + done.stderr)
    return done.stdout.strip().splitlines()[-1]
