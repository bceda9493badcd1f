"""smsenv.py — a dummy phone, a store and laiting-sms for the SMS tests.

Messages are put on the phone as gammu SMS backup files, the format the
dummy driver reads; what laiting-sms sent is read back from the gammu log
(recipient and decoded text), independently of our own outbox table.
"""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import shutil

LAITING_SMS = os.environ.get("LAITING_SMS", "laiting-sms")
LAITING_CLI = os.environ.get("LAITING_CLI", "laiting")

UTC_BASE = 1795250000  # 2026-11-21 early morning UTC, a fixed "now" for tests


def ucs2_hex(text):
    return text.encode("utf-16-be").hex().upper()


def stamp(unix):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(unix))


class Env:
    def __init__(self, sms_settings=None):
        self.dir = tempfile.mkdtemp(prefix="laiting-sms-test-")
        self.phone = os.path.join(self.dir, "phone")
        self.make_phone()
        self.db = os.path.join(self.dir, "laiting.db")
        self.log = os.path.join(self.dir, "gammu.log")
        self.rc = os.path.join(self.dir, "gammurc")
        with open(self.rc, "w") as f:
            f.write("[gammu]\nmodel = dummy\nconnection = none\n"
                    f"device = {self.phone}\nlogfile = {self.log}\nlogformat = textall\n")
        # A second gammurc without a log, for the gammu CLI as an independent
        # client of the same phone (gammu would truncate the listener's log).
        self.client_rc = os.path.join(self.dir, "gammurc.client")
        with open(self.client_rc, "w") as f:
            f.write(f"[gammu]\nmodel = dummy\nconnection = none\ndevice = {self.phone}\n")
        self.config = os.path.join(self.dir, "laiting.conf")
        # Quiet hours off: these tests send notices at whatever hour they run.
        settings = {"poll-interval": "1", "reconnect-max": "1", "quiet-hours": "off"}
        settings.update(sms_settings or {})
        with open(self.config, "w") as f:
            f.write("[site]\nname = 测试社区\n\n[sms]\n")
            for k, v in settings.items():
                f.write(f"{k} = {v}\n")
        self.next_slot = 1
        self.log_offset = 0
        self.daemon = None

    def make_phone(self):
        for folder in range(1, 6):
            os.makedirs(os.path.join(self.phone, "sms", str(folder)), exist_ok=True)

    def close(self):
        if self.daemon is not None and self.daemon.poll() is None:
            self.daemon.kill()
            self.daemon.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- the phone -------------------------------------------------------

    def deliver(self, sender, text, at=None, udh=None, coding="Unicode_No_Compression"):
        """Puts one SMS (or one part, with udh=(ref, total, seq)) in the inbox.
        The dummy phone takes the text as UCS-2 hex whatever the coding."""
        at = at if at is not None else int(time.time())
        lines = ["[SMSBackup000]", "PDU = Deliver", 'SMSC = "+8613800100500"',
                 f'Number = "{sender}"', f"DateTime = {stamp(at)}", "State = UnRead",
                 f"Coding = {coding}"]
        if udh is not None:
            ref, total, seq = udh
            lines.append("UDH = 050003%02X%02X%02X" % (ref, total, seq))
        hexed = ucs2_hex(text)
        # The backup format wraps long values over Text00, Text01 …
        for i in range(0, max(len(hexed), 1), 200):
            lines.append("Text%02d = %s" % (i // 200, hexed[i:i + 200]))
        path = os.path.join(self.phone, "sms", "1", str(self.next_slot))
        self.next_slot += 1
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def gammu(self, *args):
        """Runs the gammu CLI on the phone; returns its output."""
        p = subprocess.run(["gammu", "-c", self.client_rc] + list(args),
                           capture_output=True, text=True, timeout=30)
        if p.returncode != 0:
            raise RuntimeError(f"gammu {' '.join(args)}: {p.stdout}{p.stderr}")
        return p.stdout

    def inbox(self):
        return sorted(os.listdir(os.path.join(self.phone, "sms", "1")))

    # ---- the program -----------------------------------------------------

    def env(self, extra=None):
        e = dict(os.environ)
        e.pop("G_DEBUG", None)  # expected messages must not abort the daemon
        e.update(extra or {})
        return e

    def args(self, *more):
        return [LAITING_SMS, "--config", self.config, "--db", self.db,
                "--gammurc", self.rc] + list(more)

    def once(self, now=None, extra=None, timeout=30):
        env = dict(extra or {})
        if now is not None:
            env["LAITING_NOW"] = str(now)
        p = subprocess.run(self.args("--once"), env=self.env(env), capture_output=True,
                           text=True, timeout=timeout)
        return p

    def start(self, extra=None):
        self.daemon = subprocess.Popen(self.args(), env=self.env(extra),
                                       stderr=subprocess.PIPE, text=True)
        return self.daemon

    def cli(self, *args, now=None):
        env = {}
        if now is not None:
            env["LAITING_NOW"] = str(now)
        p = subprocess.run([LAITING_CLI, "--config", self.config, "--db", self.db] + list(args),
                           env=self.env(env), capture_output=True, text=True, timeout=30)
        if p.returncode != 0:
            raise RuntimeError(f"laiting {' '.join(args)}: {p.stderr}")
        return p.stdout.strip()

    def sql(self, query, *params):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()

    # ---- what was sent, read from the gammu log --------------------------

    @staticmethod
    def _dump(lines, i):
        """Bytes of the hex dump starting at lines[i]; returns (bytes, next i)."""
        data = b""
        while i < len(lines) and re.match(r"^[0-9A-F]{2}", lines[i]):
            for k in range(16):
                cell = lines[i][k * 4:k * 4 + 2]
                if not re.match(r"[0-9A-F]{2}$", cell):
                    break
                data += bytes([int(cell, 16)])
            i += 1
        return data, i

    def sent(self):
        """Every SMS the modem was asked to send, as (recipient, text) pairs;
        the parts of a long SMS are joined by their UDH."""
        if not os.path.exists(self.log):
            return []
        with open(self.log, "rb") as f:
            lines = f.read().decode("utf-8", "replace").split("\n")
        parts = []
        i = 0
        while i < len(lines):
            if not lines[i].startswith("Entering GSM_SendSMS"):
                i += 1
                continue
            recipient, udh, text = None, None, None
            i += 1
            while i < len(lines) and not lines[i].startswith("Leaving GSM_SendSMS"):
                m = re.match(r'Recipient number "(.*)"', lines[i])
                if m:
                    recipient = m.group(1)
                if lines[i].startswith("UDH, length"):
                    data, i = self._dump(lines, i + 2)
                    if len(data) >= 6 and data[1] == 0:
                        udh = (data[3], data[4], data[5])
                    continue
                if re.match(r"(Unicode|7 bit|8 bit) SMS, length", lines[i]):
                    if lines[i].startswith("Unicode"):
                        data, i = self._dump(lines, i + 2)
                        text = data.decode("utf-16-be", "replace")
                    else:
                        text = lines[i + 1]
                        i += 2
                    continue
                i += 1
            parts.append((recipient, udh, text))
        out, pending = [], {}
        for recipient, udh, text in parts:
            if udh is None:
                out.append((recipient, text))
                continue
            key = (recipient, udh[0], udh[1])
            pending.setdefault(key, {})[udh[2]] = text
            if len(pending[key]) == udh[1]:
                got = pending.pop(key)
                out.append((recipient, "".join(got[k] for k in sorted(got))))
        return out

    def sent_to(self, number):
        return [t for r, t in self.sent() if r == number]


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def run(self, name, fn):
        self.n += 1
        env = None
        try:
            env = fn()
            print(f"ok {self.n} {name}", flush=True)
        except Exception as e:  # noqa: BLE001 — every failure is a test failure
            self.failed += 1
            print(f"not ok {self.n} {name}", flush=True)
            for line in repr(e).splitlines() or [""]:
                print(f"# {line}", flush=True)
            # Also on stderr: a test runner shows a failed test's stderr,
            # where a TAP comment alone can be lost.
            print(f"{name}: {e}", file=sys.stderr, flush=True)

    def done(self):
        print(f"1..{self.n}")
        return 1 if self.failed else 0


def check(cond, what):
    if not cond:
        raise AssertionError(what)
