"""atenv.py — laiting-sms on gammu's AT driver, against fake-modem.py.

The scripted modem is reached through gammu's `proxyat` connection, so
every AT command, PDU decoding and encoding is gammu's own. Inbound
messages are SMS-DELIVER PDUs built with python3-gammu; what the modem
received is read back from its sent.jsonl and decoded with python3-gammu,
independently of our outbox table.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile

import gammu

LAITING_SMS = os.environ.get("LAITING_SMS", "laiting-sms")
LAITING_CLI = os.environ.get("LAITING_CLI", "laiting")
HERE = os.path.dirname(os.path.abspath(__file__))

SMSC = {"Number": "+8613800100500", "Location": 0, "Format": "Text", "Validity": "NA",
        "Class": -1, "DefaultNumber": "", "Name": ""}


def when(unix):
    return datetime.datetime.utcfromtimestamp(unix)


def deliver(sender, text, at, unicode=True, entry="ConcatenatedTextLong", udh=None):
    """SMS-DELIVER PDUs (hex, one per part) of @text from @sender sent at @at."""
    msgs = gammu.EncodeSMS({"Class": -1, "Unicode": unicode,
                            "Entries": [{"ID": entry, "Buffer": text}]})
    out = []
    for m in msgs:
        m["Type"] = "Deliver"
        m["Number"] = sender
        m["SMSC"] = SMSC
        m["DateTime"] = when(at) if isinstance(at, (int, float)) else at
        if udh is not None:
            m["UDH"] = {"Type": "UserUDH", "Text": udh}
        out.append(gammu.EncodePDU(m, Layout="Deliver").hex().upper())
    return out


def mms_notification(sender, at, content=None):
    """A WAP push (port 2948) carrying an MMS notification, as an MMSC sends
    when someone sends a picture; with @content, other WSP data instead."""
    m = gammu.EncodeSMS({"Class": -1, "Entries": [{"ID": "MMSIndicatorLong", "MMSIndicator": {
        "Address": "http://mmsc.example/m/1", "Title": "photo", "Sender": sender,
        "MessageSize": 40000, "Class": "Personal"}}]})[0]
    m["Type"] = "Deliver"
    m["Number"] = sender
    m["SMSC"] = SMSC
    m["DateTime"] = when(at)
    if content is not None:
        m["Text"] = content
        m["Length"] = len(content)
    return gammu.EncodePDU(m, Layout="Deliver").hex().upper()


def tpdu_len(pdu_hex):
    return len(pdu_hex) // 2 - 1 - int(pdu_hex[:2], 16)


class AtEnv:
    def __init__(self, sms_settings=None):
        self.dir = tempfile.mkdtemp(prefix="laiting-at-test-")
        self.state_dir = os.path.join(self.dir, "modem")
        os.makedirs(self.state_dir)
        self.db = os.path.join(self.dir, "laiting.db")
        self.rc = os.path.join(self.dir, "gammurc")
        with open(self.rc, "w") as f:
            f.write("[gammu]\nconnection = proxyat\n"
                    f"device = /usr/bin/python3 {HERE}/fake-modem.py {self.state_dir}\n")
        self.config = os.path.join(self.dir, "laiting.conf")
        # Quiet hours off: these tests send notices at whatever hour they run.
        settings = {"poll-interval": "1", "reconnect-max": "1", "retry-delays": "0;0;0",
                    "quiet-hours": "off"}
        settings.update(sms_settings or {})
        with open(self.config, "w") as f:
            f.write("[site]\nname = 测试社区\n\n[sms]\n")
            for k, v in settings.items():
                f.write(f"{k} = {v}\n")
        self.save({"slots": {}, "reports": True})

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- the modem's SIM -------------------------------------------------

    def load(self):
        with open(os.path.join(self.state_dir, "state.json")) as f:
            return json.load(f)

    def save(self, state):
        with open(os.path.join(self.state_dir, "state.json"), "w") as f:
            json.dump(state, f)

    def put(self, pdus, truncate_at=None):
        """Puts PDUs in the next SIM slots, in the order given; returns the
        slot numbers. @truncate_at cuts a PDU's hex there (a corrupt one)."""
        state = self.load()
        used = [int(k) for k in state["slots"]] + [state.get("last_idx", 0)]
        slots = []
        for pdu in pdus:
            idx = max(used) + 1
            used.append(idx)
            slot = {"stat": 0, "pdu": pdu}
            if truncate_at is not None:
                slot = {"stat": 0, "pdu": pdu[:truncate_at], "len": tpdu_len(pdu)}
            state["slots"][str(idx)] = slot
            slots.append(idx)
        state["last_idx"] = max(used)
        self.save(state)
        return slots

    def script(self, **changes):
        state = self.load()
        state.update(changes)
        self.save(state)

    def slots(self):
        return sorted(int(k) for k in self.load()["slots"])

    def received(self):
        """What the modem was handed to send, decoded by python3-gammu:
        dicts with number, text (parts joined), report (TP-SRR set) and
        confirmed (the modem answered +CMGS)."""
        path = os.path.join(self.state_dir, "sent.jsonl")
        if not os.path.exists(path):
            return []
        out, pending = [], {}
        with open(path) as f:
            for line in f:
                rec = json.loads(line)
                raw = bytes.fromhex(rec["pdu"])
                first = raw[1 + raw[0]]
                sms = gammu.DecodePDU(raw)
                item = {"number": sms["Number"], "text": sms["Text"], "report": bool(first & 0x20),
                        "confirmed": rec["confirmed"], "coding": sms["Coding"]}
                udh = sms["UDH"]
                if udh["AllParts"] > 1:
                    key = (sms["Number"], udh["ID8bit"], udh["ID16bit"], rec["confirmed"])
                    pending.setdefault(key, {})[udh["PartNumber"]] = item
                    if len(pending[key]) == udh["AllParts"]:
                        parts = pending.pop(key)
                        item = dict(parts[1])
                        item["text"] = "".join(parts[k]["text"] for k in sorted(parts))
                        item["parts"] = udh["AllParts"]
                        out.append(item)
                    continue
                item["parts"] = 1
                out.append(item)
        return out

    # ---- the program -----------------------------------------------------

    def once(self, now=None, timeout=60):
        env = dict(os.environ)
        env.pop("G_DEBUG", None)
        if now is not None:
            env["LAITING_NOW"] = str(now)
        # gammu can wait on a modem that went away: never hang the suite.
        return subprocess.run(["timeout", "-k", "5", str(timeout), LAITING_SMS, "--config",
                               self.config, "--db", self.db, "--gammurc", self.rc, "--once"],
                              env=env, capture_output=True, text=True)

    def start(self, stderr):
        """laiting-sms as a daemon, its log to @stderr."""
        env = dict(os.environ)
        env.pop("G_DEBUG", None)
        return subprocess.Popen(["timeout", "-k", "5", "120", LAITING_SMS, "--config", self.config,
                                 "--db", self.db, "--gammurc", self.rc],
                                env=env, stderr=stderr, text=True)

    def cli(self, *args):
        env = dict(os.environ)
        p = subprocess.run([LAITING_CLI, "--config", self.config, "--db", self.db] + list(args),
                           env=env, capture_output=True, text=True, timeout=30)
        if p.returncode != 0:
            raise RuntimeError(f"laiting {' '.join(args)}: {p.stderr}")
        return p.stdout

    def sql(self, query, *params):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()
