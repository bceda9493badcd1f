"""hubenv.py — a real laiting-hub on a loopback port for the hub tests.

Each Env is a temporary folder with a certificate made by openssl, a
configuration, a ticket store and devices added with the real `laiting
device add`. The hub binds port 0 and the test reads the port from its
first log line, so tests running side by side never collide. Clients are
curl (as an operator would call it) and Python's http.client over TLS
(keep-alive, for load). The store is read back with sqlite3 directly, so
what a test checks does not depend on the hub's own answers.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import traceback

LAITING_HUB = os.environ.get("LAITING_HUB", "laiting-hub")
LAITING_CLI = os.environ.get("LAITING_CLI", "laiting")

DAMM = [[0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
        [4, 2, 0, 6, 8, 7, 1, 3, 5, 9], [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
        [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
        [9, 4, 3, 8, 6, 1, 7, 2, 0, 5], [2, 5, 8, 1, 4, 3, 6, 7, 9, 0]]


def receipt(origin, sequence):
    """The receipt an edge with @origin mints for @sequence."""
    digits = "%02d%06d" % (origin, sequence)
    i = 0
    for c in digits:
        i = DAMM[i][int(c)]
    return digits + str(i)


def make_cert(directory, name="hub"):
    cert = os.path.join(directory, name + ".crt")
    key = os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


class Env:
    def __init__(self, hub=None, tls=True):
        self.dir = tempfile.mkdtemp(prefix="laiting-hub-test-")
        self.db = os.path.join(self.dir, "laiting.db")
        self.config = os.path.join(self.dir, "laiting.conf")
        self.log_path = os.path.join(self.dir, "hub.log")
        self.cert = self.key = None
        if tls:
            self.cert, self.key = make_cert(self.dir)
        self.hub_settings = {"listen": "127.0.0.1:0", "bad-token-limit": "1000"}
        if tls:
            self.hub_settings.update({"tls-certificate": self.cert, "tls-key": self.key})
        self.hub_settings.update(hub or {})
        self.write_config()
        self.proc = None
        self.port = None
        self.tokens = {}

    def write_config(self):
        with open(self.config, "w") as f:
            f.write(f"[site]\nname = 测试街道\ndatabase = {self.db}\n"
                    "departments = 城管执法队;环卫所;物业公司\n\n[hub]\n")
            for k, v in self.hub_settings.items():
                f.write(f"{k} = {v}\n")

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- processes -------------------------------------------------------

    def cli(self, *args, check=True):
        r = subprocess.run([LAITING_CLI, "--config", self.config, *args],
                           capture_output=True, text=True, timeout=60)
        if check and r.returncode != 0:
            raise AssertionError(f"laiting {' '.join(args)}: {r.stderr}")
        return r

    def add_device(self, name, role, origin=None, department=None):
        args = ["device", "add", name, "--role", role]
        if origin is not None:
            args += ["--origin", str(origin)]
        if department is not None:
            args += ["--department", department]
        token = self.cli(*args).stdout.strip().splitlines()[0]
        self.tokens[name] = token
        return token

    def start(self, wait=True, now=None):
        """Starts the hub; @now fixes the store's clock (LAITING_NOW)."""
        self.log_file = open(self.log_path, "ab")
        env = dict(os.environ)
        if now is not None:
            env["LAITING_NOW"] = str(now)
        self.proc = subprocess.Popen([LAITING_HUB, "--config", self.config], env=env,
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        if wait:
            self.wait_listening()
        return self.proc

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_log(self, pattern, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, self.log())
            if m:
                return m
            if self.proc is not None and self.proc.poll() is not None:
                m = re.search(pattern, self.log())
                if m:
                    return m
                raise AssertionError(f"hub exited ({self.proc.returncode}): {self.log()}")
            time.sleep(0.02)
        raise AssertionError(f"no /{pattern}/ in the hub's log: {self.log()}")

    def wait_listening(self):
        offset = len(self.log())
        # Generous: under AddressSanitizer on a busy machine a start takes seconds.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            m = re.search(r"listening on https?://127\.0\.0\.1:(\d+)/", self.log()[offset:])
            if m:
                self.port = int(m.group(1))
                return self.port
            if self.proc.poll() is not None:
                raise AssertionError(f"hub exited ({self.proc.returncode}): {self.log()}")
            time.sleep(0.02)
        raise AssertionError("the hub did not start: " + self.log())

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=30):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self.log_file.close()
        return code

    # ---- clients ---------------------------------------------------------

    @property
    def scheme(self):
        return "https" if self.cert else "http"

    def url(self, path):
        return f"{self.scheme}://localhost:{self.port}{path}"

    def curl(self, method, path, token=None, body=None, raw=None, headers=(), extra=()):
        """Returns (status, parsed JSON or bytes, headers text)."""
        args = ["curl", "-sS", "-X", method, "-D", "-", "--max-time", "30"]
        if self.cert:
            args += ["--cacert", self.cert]
        if token:
            args += ["-H", f"Authorization: Bearer {token}"]
        for h in headers:
            args += ["-H", h]
        if body is not None:
            args += ["-H", "Content-Type: application/json",
                     "--data-binary", json.dumps(body, ensure_ascii=False)]
        if raw is not None:
            args += ["--data-binary", "@-"]
        args += list(extra) + [self.url(path)]
        r = subprocess.run(args, input=raw, capture_output=True, timeout=60)
        if r.returncode != 0:
            raise AssertionError(f"curl failed: {r.stderr.decode(errors='replace')}")
        head, _, payload = r.stdout.partition(b"\r\n\r\n")
        while head.startswith(b"HTTP/1.1 100"):
            head, _, payload = payload.partition(b"\r\n\r\n")
        status = int(head.split()[1])
        try:
            parsed = json.loads(payload)
        except ValueError:
            parsed = payload
        return status, parsed, head.decode(errors="replace")

    def context(self):
        ctx = ssl.create_default_context(cafile=self.cert)
        return ctx

    def connection(self, timeout=30):
        if self.cert:
            return http.client.HTTPSConnection("localhost", self.port, context=self.context(),
                                               timeout=timeout)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def raw_socket(self, timeout=30):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        if self.cert:
            s = self.context().wrap_socket(s, server_hostname="localhost")
        return s

    # ---- the store, read directly ----------------------------------------

    def sql(self, query, *params):
        con = sqlite3.connect(self.db, timeout=30)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()


def request(conn, method, path, token=None, body=None):
    """One request on a kept-alive http.client connection; (status, JSON)."""
    headers = {}
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body, ensure_ascii=False).encode()
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    try:
        return r.status, json.loads(payload)
    except ValueError:
        return r.status, payload


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def run(self, name, fn):
        self.n += 1
        started = time.monotonic()
        try:
            fn()
            print(f"ok {self.n} {name} ({time.monotonic() - started:.1f} s)", flush=True)
        except Exception:  # noqa: BLE001 — every failure is a test failure
            self.failed += 1
            print(f"not ok {self.n} {name}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
            # Also on stderr, which a test runner shows for a failed test.
            traceback.print_exc(file=sys.stderr)

    def done(self):
        print(f"1..{self.n}")
        return 1 if self.failed else 0


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def check_status(got, want, what):
    status, body = got[0], got[1]
    if status != want:
        raise AssertionError(f"{what}: wanted {want}, got {status}: {body!r}")
    return body
