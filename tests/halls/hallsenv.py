"""hallsenv.py — a district on one machine for the halls tests: a real
laiting-hub over TLS (hubenv.Env) on a fixed free port, so it can be
stopped and started again at the same address, and the configurations
of the edges (kiosk, gateway, CLI) that reach it with their own tokens.
"""

import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hub"))

import hubenv  # noqa: E402
from hubenv import Tap, check, receipt  # noqa: E402,F401

LAITING_CLI = os.environ.get("LAITING_CLI", "laiting")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cert_pin(cert):
    der = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "DER"],
                         capture_output=True, check=True).stdout
    import hashlib
    return hashlib.sha256(der).hexdigest()


class District(hubenv.Env):
    """A hub that keeps its port across restarts."""

    def __init__(self, hub=None):
        self.fixed_port = free_port()
        settings = {"listen": f"127.0.0.1:{self.fixed_port}"}
        settings.update(hub or {})
        super().__init__(hub=settings)

    def hub_url(self):
        return f"https://localhost:{self.fixed_port}"

    def client_config(self, name, token, site=None, extra="", pin=False):
        """A configuration file for an edge or client with @token."""
        path = os.path.join(self.dir, name + ".conf")
        trust = f"pin = {cert_pin(self.cert)}" if pin else f"ca-file = {self.cert}"
        with open(path, "w") as f:
            f.write("[site]\nname = 测试街道\ndepartments = 城管执法队;环卫所;物业公司\n")
            for k, v in (site or {}).items():
                f.write(f"{k} = {v}\n")
            f.write(f"\n[hub]\nurl = {self.hub_url()}\ntoken = {token}\n{trust}\n{extra}\n")
        return path

    def wait_listening(self):
        """As hubenv's, with room for a hub built with sanitizers on a busy
        machine."""
        import re
        import time
        offset = len(self.log())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            m = re.search(r"listening on https?://127\.0\.0\.1:(\d+)/", self.log()[offset:])
            if m:
                self.port = int(m.group(1))
                return self.port
            if self.proc.poll() is not None:
                raise AssertionError(f"hub exited ({self.proc.returncode}): {self.log()}")
            time.sleep(0.05)
        raise AssertionError("the hub did not start: " + self.log())

    def kill(self):
        import signal
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.log_file.close()


def run_cli(config, *args, db=None, env=None):
    cmd = [LAITING_CLI, "--config", config]
    if db:
        cmd += ["--db", db]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=60,
                          env=env)


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sms"))
import smsenv  # noqa: E402


def gateway(district, token, hub_extra=None):
    """A laiting-sms on its own dummy phone, a gateway of @district's hub."""
    g = smsenv.Env()
    settings = {"url": district.hub_url(), "token": token, "ca-file": district.cert,
                "retry-max": "1", "lease-seconds": "10", "lease-max": "5",
                "spool": os.path.join(g.dir, "spool.db")}
    settings.update(hub_extra or {})
    with open(g.config, "a") as f:
        f.write("\n[hub]\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))
    g.spool = settings["spool"]
    return g


def wait(predicate, what, timeout=30):
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def post_tickets(district, token, n, prefix="1390000"):
    """Queues @n receipt SMS on the hub: one ticket per number, by a staff
    client on one kept-alive connection. Returns the phone numbers."""
    conn = district.connection()
    phones = []
    for i in range(n):
        phone = "%s%04d" % (prefix, i)
        status, body = hubenv.request(conn, "POST", "/api/v1/tickets", token,
                                      {"channel": "staff", "category": "roads",
                                       "text": f"第{i}件：路灯不亮", "phone": phone})
        check(status == 201, f"submit {i}: {status} {body}")
        phones.append(phone)
    conn.close()
    return phones
