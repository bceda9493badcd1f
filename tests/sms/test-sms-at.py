#!/usr/bin/python3
"""test-sms-at.py — laiting-sms on gammu's AT driver (TAP).

One scripted modem session (fake-modem.py behind gammu's proxyat
connection) replays what real modems do: GSM-7 with extension characters,
UCS-2 Chinese, long messages with 8- and 16-bit references in any order,
a named sender, an MMS notification and another WAP push, a truncated PDU
between two good ones, a malformed part header, an absurd time stamp, a
full SIM and then space again, delivery reports, and the modem process
exiting mid-send and coming back. Each step checks the store, what the
modem was handed to send and the log. Sends cost ~0.7 s each in gammu,
so the scenarios share one session and few replies."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) > 1:
    os.environ["LAITING_SMS"] = sys.argv[1]
from smsenv import Tap, check  # noqa: E402
from atenv import AtEnv, deliver, mms_notification  # noqa: E402

NOW = int(time.time())
A, B, C, D, E, F, G = ("+86139%08d" % n for n in (1111, 2222, 3333, 4444, 5555, 6666, 7777))
GSM7_TEXT = "Pothole [No.5] at {east gate} ~2m wide, cost 50\u20ac? a|b^c\\d"
B_TEXT = "楼道灯坏了，晚上看不见路。"
B_MORE = "是3号楼2单元。"
C_TEXT = "小区健身器材损坏，" * 9
D_TEXT = "夜里工地一直施工，吵得睡不着觉，" * 10
# WSP push of a Service Indication (application/vnd.wap.sic, 0x2E):
# a network's "go to this page", which no resident types.
SI_PUSH = bytes([0x01, 0x06, 0x01, 0xAE]) + bytes.fromhex("02056A0045C60C03") + b"x.cn" + bytes([0, 1, 1])


def grouped(r):
    return f"{r[:3]} {r[3:6]} {r[6:]}"


class Session:
    def __init__(self):
        self.env = AtEnv()
        self.log = ""
        self.first = ""

    def run(self, expect=0):
        p = self.env.once()
        self.log += p.stderr
        check(p.returncode == expect, f"laiting-sms --once ended {p.returncode}: {p.stderr}")
        return p.stderr


S = None


def sim_full_then_space():
    """+CMS ERROR: 322 on the listing: said, not taken for a lost modem;
    with space again everything is read."""
    env = S.env
    env.put(deliver(A, GSM7_TEXT, NOW - 4 * 3600, unicode=False))
    env.put(deliver(B, B_TEXT, NOW - 1800))
    bad = deliver(B, "这条短信传坏了", NOW - 1790)[0]
    env.put([bad], truncate_at=len(bad) - 20)
    env.put(deliver(B, B_MORE, NOW - 1700))
    parts = deliver(C, C_TEXT, NOW - 1500)                      # 8-bit reference
    check(len(parts) == 2, f"C should be two parts, is {len(parts)}")
    env.put([parts[1], parts[0]])
    parts = deliver(D, D_TEXT, NOW - 1400, entry="ConcatenatedTextLong16bit")
    check(len(parts) == 3, f"D should be three parts, is {len(parts)}")
    env.put([parts[2], parts[0], parts[1]])
    env.put(deliver("ChinaMob", "Top up now and get 1GB", NOW - 1300, unicode=False))
    env.put(deliver("", "no number here", NOW - 1250, unicode=False))
    env.put([mms_notification(E, NOW - 1200)])
    env.put([mms_notification(F, NOW - 1100, content=SI_PUSH)])
    env.put(deliver(G, "半截", NOW - 1000, udh=b"\x05\x00\x03\x07\x02\x03"))
    env.put(deliver(A, "Second problem: the bin at gate 2 is full", 3771590400, unicode=False))
    # The SIM is full: the modem refuses the first send with 322 (memory
    # full); the retry goes. The fourth send dies with the modem process.
    n = len(env.slots())
    env.script(capacity=n, errors={"AT+CMGS": ["+CMS ERROR: 322"]}, exit_on_send=[4])
    log = S.run(expect=1)
    S.first = log
    check(f"the SIM is full ({n} of {n}" in log, f"SIM full not said: {log}")
    refused = [line for line in log.splitlines() if "failed (attempt 1)" in line]
    check(len(refused) == 1, f"the refused send is not logged once: {log}")
    check("modem unavailable" not in log and "断开" not in log.split("failed (attempt 1)")[0],
          f"a refused send taken for a lost modem: {log}")


def everything_read_past_a_bad_one():
    env = S.env
    log = S.first
    kinds = dict(env.sql("SELECT kind, count(*) FROM inbound GROUP BY kind"))
    check(kinds.get("unreadable") == 1, f"truncated PDU not kept as unreadable: {kinds}")
    check(kinds.get("mms-notification") == 1 and kinds.get("wap-push") == 1,
          f"WAP push not kept by kind: {kinds}")
    bad_slot = 3
    check(f"location {bad_slot}:" in log and "unreadable" in log,
          f"no log line naming the unreadable message's location: {log}")
    check(log.count(f"location {bad_slot}") == 1, "unreadable message logged more than once")
    check("malformed part header" in log, f"malformed part header not logged: {log}")
    check("cannot be right" in log, f"absurd time stamp not logged: {log}")
    check("wap-push from" in log and "mms-notification from" in log, f"WAP push not logged: {log}")
    check("断开" in log or "modem" in log, f"lost modem not noticed: {log}")
    texts = dict(env.sql("SELECT phone, group_concat(text, '|') FROM tickets GROUP BY phone"))
    check(texts.get(A[3:]) == GSM7_TEXT + "|Second problem: the bin at gate 2 is full",
          f"GSM-7 text or the absurd-time one wrong: {texts.get(A[3:])!r}")
    check(texts.get(B[3:], "").startswith(B_TEXT), f"UCS-2 text wrong: {texts.get(B[3:])!r}")
    check(texts.get(C[3:]) == C_TEXT, f"8-bit reference parts not joined in order: {texts.get(C[3:])!r}")
    check(texts.get(D[3:]) == D_TEXT, f"16-bit reference parts not joined in order: {texts.get(D[3:])!r}")
    check(texts.get(G[3:]) == "半截", f"malformed header message not used as it came: {texts}")
    check(len(env.sql("SELECT id FROM tickets")) == 6, f"tickets: {texts}")
    check(env.sql("SELECT count(*) FROM events WHERE kind = 'appended'") == [(1,)],
          "B's follow-up two minutes later did not join its ticket")
    check(env.sql("SELECT action FROM inbound WHERE sender = 'ChinaMob'") == [("not-mobile",)],
          "named sender not kept as a machine")
    check(env.sql("SELECT action, text FROM inbound WHERE sender = ''") ==
          [("no-sender", "no number here")], "a message without a sender not kept")
    check("SMS from (no sender number): no-sender" in log, f"no sender not logged: {log}")
    check([x for x in env.slots() if x <= 15] == [], f"messages left on the SIM: {env.slots()}")
    got = env.received()
    check(len(got) == 4 and [g["confirmed"] for g in got] == [False, True, True, False],
          f"not refused, sent, sent, died: {got}")
    check("exiting so the listener is started again" in log,
          f"the modem's exit mid-send was not noticed: {log}")


def modem_comes_back():
    """Started again (as its service manager would), the listener sends
    what was left, the interrupted SMS once more, reads the delivery
    reports, and says when the full SIM has space again."""
    env = S.env
    env.script(exit_on_send=[])
    # Machines' messages fill the SIM up to what it holds; the six sends
    # to come bring six delivery reports, one fewer than that.
    env.put([deliver("1008%d" % i, "Balance low %d" % i, NOW - 60 + i, unicode=False)[0]
             for i in range(7 - len(env.slots()))])
    env.script(capacity=len(env.slots()))
    logfile = os.path.join(env.dir, "daemon.log")
    with open(logfile, "w") as err:
        d = env.start(err)
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                time.sleep(0.5)
                # Done when every reply the scenario makes (eight) exists
                # and has its delivery report, not merely when the rows
                # queued so far have theirs: under load the replies to the
                # messages read last are queued after the first reports.
                delivered = env.sql("SELECT count(*) FROM outbox WHERE delivery = 'delivered'")[0][0]
                pending = env.sql("SELECT count(*) FROM outbox WHERE delivery IS NULL")[0][0]
                with open(logfile) as f:
                    log = f.read()
                if delivered >= 8 and pending == 0 and "space again" in log:
                    break
        finally:
            d.terminate()
            try:
                d.wait(timeout=10)
            except Exception:  # noqa: BLE001
                d.kill()
                d.wait()
    with open(logfile) as f:
        log = f.read()
    S.log += log
    check("the SIM is full (7 of 7" in log and "the SIM has space again" in log,
          f"full SIM and space again not said: {log}")
    got = [r for r in env.received() if r["confirmed"]]
    rows = env.sql("SELECT phone, kind, state, delivery FROM outbox ORDER BY id")
    check(all(state == "sent" for _, _, state, _ in rows), f"not all sent: {rows}")
    check(len(got) == len(rows), f"{len(got)} confirmed sends for {len(rows)} outbox rows")
    check(env.sql("SELECT max (attempts) FROM outbox") == [(2,)], "more than one repeat")
    numbers = sorted(r["number"] for r in got)
    want = sorted([A, A, B, B, C, D, G, E])
    check(numbers == want, f"replies went to {numbers}, want {want}")
    check(all(r["report"] for r in got), "a send did not ask for a delivery report")
    check(all(r["parts"] == 1 for r in got), "an automatic reply took two segments")
    receipts = [r for (r,) in env.sql("SELECT receipt FROM tickets")]
    for r in receipts:
        check(any(grouped(r) in x["text"] for x in got), f"no receipt SMS for {r}")
    only_text = [x for x in got if x["number"] == E]
    check(len(only_text) == 1 and "文字" in only_text[0]["text"], f"picture not answered once: {only_text}")
    check(F not in numbers and "ChinaMob" not in numbers, "answered a WAP push or a named sender")
    check(all(d == "delivered" for _, _, _, d in rows), f"delivery not recorded: {rows}")
    out = env.cli("outbox", "--state", "sent")
    check(out.count("已送达") == len(rows), f"laiting outbox does not say 已送达: {out}")
    js = json.loads(env.cli("outbox", "--json"))
    check(all(m["delivery"] == "delivered" and m["delivered_at"] for m in js), f"--json: {js}")
    check(env.sql("SELECT count(*) FROM events WHERE kind = 'delivered'")[0][0] >= 6,
          "ticket history does not show the delivered receipts")
    check("delivery report" in log, f"delivery reports not logged: {log}")


def main():
    global S
    tap = Tap()
    S = Session()
    try:
        for case in (sim_full_then_space, everything_read_past_a_bad_one, modem_comes_back):
            tap.run(case.__name__.replace("_", "-"), case)
    finally:
        if os.environ.get("KEEP"):
            print(f"# kept {S.env.dir}")
        else:
            S.env.close()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
