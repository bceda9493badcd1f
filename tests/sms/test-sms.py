#!/usr/bin/python3
"""test-sms.py — laiting-sms end to end on gammu's dummy phone (TAP).

Each case builds its own phone, store and gammurc in a temporary folder,
puts messages on the phone as a network would, runs the real listener and
checks the store, the phone and the gammu log (what was really sent)."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) > 1:
    os.environ["LAITING_SMS"] = sys.argv[1]
from smsenv import Env, Tap, check, UTC_BASE  # noqa: E402

A = "+8613912345678"
A_DIAL = "+8613912345678"
A_NUM = "13912345678"
B = "+8613812345678"
B_NUM = "13812345678"


def grouped(r):
    return f"{r[:3]} {r[3:6]} {r[6:]}"


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


def with_env(settings=None):
    def wrap(fn):
        def run():
            env = Env(settings)
            try:
                fn(env)
            finally:
                env.close()
        run.__name__ = fn.__name__
        return run
    return wrap


def once_ok(env, **kw):
    p = env.once(**kw)
    check(p.returncode == 0, f"laiting-sms --once failed ({p.returncode}): {p.stderr}")
    return p


def tickets(env):
    return env.sql("SELECT receipt, status, channel, text, phone FROM tickets ORDER BY id")


@with_env()
def chinese_single(env):
    text = "小区门口路灯坏了三天了，晚上很黑，老人出门不安全。"
    env.deliver(A, text)
    once_ok(env)
    t = tickets(env)
    check(len(t) == 1, f"one ticket expected, got {t}")
    receipt, status, channel, stored, phone = t[0]
    check(stored == text, f"text stored as {stored!r}")
    check((status, channel, phone) == ("received", "sms", A_NUM), f"ticket {t[0]}")
    check(env.inbox() == [], f"message left on the phone: {env.inbox()}")
    sent = env.sent_to(A_DIAL)
    check(len(sent) == 1 and grouped(receipt) in sent[0], f"receipt SMS not in gammu log: {sent}")
    check(env.sql("SELECT state FROM outbox") == [("sent",)], "outbox not marked sent")


@with_env()
def texted_with_gammu_cli(env):
    long_text = "社区卫生服务站周末不开门，" * 10 + "老人看病很不方便。"
    env.gammu("savesms", "TEXT", "-folder", "1", "-unread", "-sender", B, "-unicode",
              "-text", "公园厕所没有灯")
    env.gammu("savesms", "TEXT", "-folder", "1", "-unread", "-sender", A, "-unicode",
              "-len", str(len(long_text)), "-text", long_text)
    check("4 SMS parts in 2 SMS sequences" in env.gammu("geteachsms"), "fixture not on the phone")
    once_ok(env)
    got = {phone: text for _, _, _, text, phone in tickets(env)}
    check(got == {B_NUM: "公园厕所没有灯", A_NUM: long_text}, f"tickets wrong: {got}")
    check("0 SMS parts in 0 SMS sequences" in env.gammu("geteachsms"),
          "gammu still sees messages on the phone")


@with_env()
def gsm7_and_fullwidth(env):
    latin = "Street light broken @ gate 5 (Building 3)"
    wide = "３号楼ＡＢＣ单元门禁坏了！"
    env.deliver(A, latin, coding="Default_No_Compression")
    env.deliver(B, wide)
    once_ok(env)
    got = {phone: text for _, _, _, text, phone in tickets(env)}
    check(got == {A_NUM: latin, B_NUM: wide}, f"texts not kept as sent: {got}")


@with_env()
def no_modem(env):
    import shutil
    shutil.rmtree(env.phone)
    p = env.once()
    check(p.returncode == 1, f"--once without a modem should exit 1, got {p.returncode}")
    last = p.stderr.strip().splitlines()[-1]
    check("短信猫" in last, f"no sentence about the modem: {p.stderr!r}")


@with_env()
def sighup_reloads(env):
    import select
    d = env.start()
    lines = []

    # Generous: on a busy machine (or under sanitizers) a cycle can stall
    # for seconds; what matters is that the receipt goes, with the new
    # signature.
    def wait_for(pattern, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            r, _, _ = select.select([d.stderr], [], [], 0.2)
            if r:
                line = d.stderr.readline()
                lines.append(line)
                if pattern in line:
                    return
        raise AssertionError(f"no {pattern!r} in log: {lines}")

    wait_for("listening")
    env.deliver(A, "花坛里的树倒了")
    wait_for("sent receipt")
    with open(env.config) as f:
        text = f.read()
    with open(env.config, "w") as f:
        f.write(text.replace("name = 测试社区\n", "name = 测试社区\nsignature = 【测试站】\n"))
    d.send_signal(signal.SIGHUP)
    wait_for("configuration reloaded")
    env.deliver(B, "广场路面破损")
    wait_for("sent receipt")
    d.send_signal(signal.SIGINT)
    d.wait(timeout=10)
    check(d.returncode == 0, f"exit status {d.returncode}")
    check("【测试站】" in env.sent_to("+86" + B_NUM)[0], f"new signature not used: {env.sent()}")
    check("【测试站】" not in env.sent_to(A_DIAL)[0], "old message changed")


def split67(text):
    return [text[i:i + 67] for i in range(0, len(text), 67)]


@with_env()
def multipart_out_of_order(env):
    text = ("我是幸福小区3号楼的住户，" + "楼下的餐馆每天晚上油烟很大，排烟管道直接对着居民窗户，" * 5
            + "请尽快处理。谢谢！")
    parts = split67(text)
    check(len(parts) == 3, f"fixture should have 3 parts, has {len(parts)}")
    now = int(time.time())
    for seq in (3, 1, 2):
        env.deliver(A, parts[seq - 1], at=now, udh=(0x2A, 3, seq))
    once_ok(env)
    t = tickets(env)
    check(len(t) == 1 and t[0][3] == text, f"joined ticket wrong: {t}")
    check(env.sql("SELECT parts, incomplete FROM inbound") == [(3, 0)], "inbound row wrong")
    check(env.inbox() == [], "parts left on the phone")
    check(len(env.sent_to(A_DIAL)) == 1, "one receipt expected")


@with_env()
def interleaved_same_reference(env):
    ta = "东门外的下水道井盖丢了，" * 8
    tb = "西区垃圾站三天没有清运，" * 8
    pa, pb = split67(ta), split67(tb)
    check(len(pa) == 2 and len(pb) == 2, "fixtures should have 2 parts each")
    now = int(time.time())
    env.deliver(A, pa[1], at=now, udh=(0x10, 2, 2))
    env.deliver(B, pb[0], at=now, udh=(0x10, 2, 1))
    env.deliver(A, pa[0], at=now, udh=(0x10, 2, 1))
    env.deliver(B, pb[1], at=now, udh=(0x10, 2, 2))
    once_ok(env)
    got = {phone: text for _, _, _, text, phone in tickets(env)}
    check(got == {A_NUM: ta, B_NUM: tb}, f"tickets wrong: {got}")
    check(env.inbox() == [], "parts left on the phone")


@with_env()
def incomplete_waits_then_used(env):
    text = "北门路口红绿灯坏了，" * 20
    parts = split67(text)
    check(len(parts) == 3, "fixture should have 3 parts")
    t0 = UTC_BASE
    env.deliver(A, parts[0], at=t0, udh=(0x33, 3, 1))
    env.deliver(A, parts[2], at=t0, udh=(0x33, 3, 3))
    once_ok(env, now=t0 + 60)
    check(tickets(env) == [], "an incomplete message was used too early")
    check(len(env.inbox()) == 2, "waiting parts must stay on the phone")
    once_ok(env, now=t0 + 601)
    t = tickets(env)
    check(len(t) == 1, f"incomplete message not used after the timeout: {t}")
    check(t[0][3].startswith(parts[0]) and t[0][3].endswith(parts[2]) and "…" in t[0][3],
          f"incomplete text wrong: {t[0][3]!r}")
    check(env.sql("SELECT parts, incomplete FROM inbound") == [(2, 1)], "not marked incomplete")
    check(env.inbox() == [], "parts left on the phone")


@with_env()
def status_query_fullwidth(env):
    receipt = env.cli("submit", "--channel", "kiosk", "--category", "roads",
                      "--text", "人行道砖块松动", "--phone", A_NUM)
    once_ok(env)  # sends the receipt
    query = "查　" + " ".join(fullwidth(receipt[i:i + 3]) for i in (0, 3, 6))
    env.deliver(A, query)
    once_ok(env)
    sent = env.sent_to(A_DIAL)
    check(len(sent) == 2, f"expected receipt and status reply, got {sent}")
    check(grouped(receipt) in sent[1] and "已受理" in sent[1], f"status reply wrong: {sent[1]}")
    check(len(tickets(env)) == 1, "a status query must not open a ticket")


@with_env()
def wrong_check_digit(env):
    receipt = env.cli("submit", "--channel", "kiosk", "--category", "roads",
                      "--text", "路面塌陷", "--phone", B_NUM)
    bad = receipt[:8] + str((int(receipt[8]) + 1) % 10)
    env.deliver(A, "查" + bad)
    once_ok(env)
    sent = env.sent_to(A_DIAL)
    check(len(sent) == 1 and bad in sent[0].replace(" ", ""), f"mistyped reply wrong: {sent}")
    check(len(tickets(env)) == 1, "a mistyped number must not open a ticket")
    check(env.sql("SELECT kind FROM outbox WHERE phone = ?", A_NUM) == [("bad-number",)],
          "reply kind wrong")


@with_env()
def rating_three_reopens(env):
    receipt = env.cli("submit", "--channel", "sms", "--category", "roads",
                      "--text", "井盖缺失", "--phone", A_NUM)
    env.cli("close", receipt, "--note", "已补装井盖")
    once_ok(env)
    sent = env.sent_to(A_DIAL)
    check(len(sent) == 2 and "已补装井盖" in sent[1], f"closure notice not sent: {sent}")
    env.deliver(A, "３")
    once_ok(env)
    status, rating = env.sql("SELECT status, rating FROM tickets")[0]
    check((status, rating) == ("reopened", 3), f"ticket is {status}, rating {rating}")
    sent = env.sent_to(A_DIAL)
    check(len(sent) == 3 and grouped(receipt) in sent[2], f"reopen notice not sent: {sent}")
    check(len(tickets(env)) == 1, "a rating must not open a ticket")


@with_env()
def opt_out(env):
    receipt = env.cli("submit", "--channel", "sms", "--category", "noise",
                      "--text", "夜间施工噪音", "--phone", A_NUM)
    env.deliver(A, "退订")
    once_ok(env)
    check(env.sql("SELECT opted_out FROM contacts WHERE phone = ?", A_NUM) == [(1,)],
          "contact not opted out")
    env.cli("close", receipt, "--note", "已责令停工")
    once_ok(env)
    kinds = [k for (k,) in env.sql("SELECT kind FROM outbox WHERE phone = ? ORDER BY id", A_NUM)]
    check("closure" not in kinds, f"closure notice queued after TD: {kinds}")
    sent = env.sent_to(A_DIAL)
    check(len(sent) == 2, f"expected receipt and opt-out confirmation only: {sent}")


@with_env()
def machines_get_no_reply(env):
    env.deliver("10086", "尊敬的客户，您的话费余额不足10元。")
    env.deliver("95588", "您的账户收到转账")
    env.deliver("ChinaMobile", "流量提醒")
    once_ok(env)
    check(env.sql("SELECT count(*) FROM inbound WHERE action = 'not-mobile'") == [(3,)],
          "messages from machines must still be stored")
    check(tickets(env) == [], "no tickets from machines")
    check(env.sent() == [], f"replied to a machine: {env.sent()}")
    check(env.inbox() == [], "stored messages must leave the phone")


@with_env()
def crash_between_commit_and_delete(env):
    env.deliver(A, "楼道灯不亮")
    p = env.once(extra={"LAITING_SMS_TEST_CRASH_AFTER_COMMIT": "1"})
    check(p.returncode == -signal.SIGKILL, f"expected death by SIGKILL, got {p.returncode}")
    check(len(env.inbox()) == 1, "the message must still be on the phone")
    check(len(tickets(env)) == 1, "the ticket must be committed before the crash")
    once_ok(env)
    check(len(tickets(env)) == 1, f"re-read doubled the ticket: {tickets(env)}")
    check(env.inbox() == [], "message not deleted after the re-read")
    check(len(env.sent_to(A_DIAL)) == 1, "one receipt expected")

    # A crash while deleting the parts of a multipart message leaves some.
    text = "小区健身器材损坏，" * 12
    parts = split67(text)
    now = int(time.time())
    paths = [env.deliver(B, part, at=now, udh=(0x44, len(parts), i + 1))
             for i, part in enumerate(parts)]
    p = env.once(extra={"LAITING_SMS_TEST_CRASH_AFTER_COMMIT": "1"})
    check(p.returncode == -signal.SIGKILL, "expected death by SIGKILL")
    os.unlink(paths[0])
    once_ok(env, now=now + 700)
    check(len(tickets(env)) == 2, f"leftover part opened a ticket: {tickets(env)}")
    check(env.inbox() == [], "leftover part not deleted")


@with_env()
def follow_up_joins_ticket(env):
    t0 = UTC_BASE
    env.deliver(A, "我家楼上漏水", at=t0)
    once_ok(env, now=t0 + 5)
    env.deliver(A, "已经滴到客厅了", at=t0 + 60)
    once_ok(env, now=t0 + 65)
    t = tickets(env)
    check(len(t) == 1, f"follow-up opened a second ticket: {t}")
    check(env.sql("SELECT count(*) FROM events WHERE kind = 'appended'") == [(1,)],
          "follow-up not appended")
    env.deliver(A, "另外楼下路灯也坏了", at=t0 + 700)
    once_ok(env, now=t0 + 700)
    check(len(tickets(env)) == 2, "a text after the window must open a new ticket")


@with_env({"reply-cap": "6"})
def reply_cap(env):
    now = int(time.time())
    # Distinct SMSC times: the same text at the same second is one message.
    for i in range(8):
        env.deliver(A, "帮助" if i % 2 == 0 else "查", at=now - 60 + i)
    once_ok(env)
    sent = env.sent_to(A_DIAL)
    check(len(sent) == 6, f"expected 6 replies, got {len(sent)}")
    held = env.sql("SELECT count(*) FROM outbox WHERE state = 'failed'")[0][0]
    check(held == 2, f"expected 2 held replies, got {held}")
    # A number repeating itself is muted after the third time.
    for i in range(4):
        env.deliver(B, "?", at=now - 60 + i)
    once_ok(env)
    check(len(env.sent_to("+86" + B_NUM)) == 2, f"repeats not muted: {env.sent_to('+86' + B_NUM)}")


@with_env()
def modem_vanishes_and_returns(env):
    import shutil
    import select
    receipt = env.cli("submit", "--channel", "sms", "--category", "roads",
                      "--text", "路面积水", "--phone", A_NUM)
    d = env.start()
    lines = []

    # Generous: on a busy machine (or under sanitizers) a cycle can stall
    # for seconds; what matters is that the receipt goes, with the new
    # signature.
    def wait_for(pattern, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            r, _, _ = select.select([d.stderr], [], [], 0.2)
            if r:
                line = d.stderr.readline()
                lines.append(line)
                if pattern in line:
                    return True
        raise AssertionError(f"no {pattern!r} in log: {lines}")

    wait_for("sent receipt")
    shutil.rmtree(env.phone)
    wait_for("modem unavailable")
    env.cli("close", receipt, "--note", "已排水")
    time.sleep(3)  # several reconnection attempts
    env.make_phone()
    env.deliver(B, "公园长椅坏了")
    wait_for("modem is back")
    wait_for("sent closure")
    wait_for("sent receipt")
    d.send_signal(signal.SIGTERM)
    d.wait(timeout=10)
    rest = d.stderr.read()
    lines.append(rest)
    check(d.returncode == 0, f"exit status {d.returncode}")
    check(sum("modem unavailable" in l for l in lines) == 1, f"more than one outage line: {lines}")
    check(len(env.sent_to(A_DIAL)) == 2, "closure notice not sent after the modem came back")
    check(len(env.sent_to("+86" + B_NUM)) == 1, "message received after the outage not answered")


@with_env({"retry-delays": "60;300"})
def failed_send_retried(env):
    t0 = UTC_BASE
    receipt = env.cli("submit", "--channel", "kiosk", "--category", "roads",
                      "--text", "路灯不亮", "--phone", A_NUM, now=t0)
    fail = {"LAITING_SMS_TEST_FAIL_SENDS": "1"}

    def row():
        return env.sql("SELECT state, attempts, next_attempt_at, last_error FROM outbox")[0]

    once_ok(env, now=t0, extra=fail)
    state, attempts, next_at, error = row()
    check((state, attempts, next_at) == ("queued", 1, t0 + 60) and error,
          f"first failure not scheduled: {row()}")
    once_ok(env, now=t0 + 30)
    check(row()[1] == 1, "retried before it was due")
    once_ok(env, now=t0 + 61, extra=fail)
    check(row()[:3] == ("queued", 2, t0 + 61 + 300), f"second delay not longer: {row()}")
    once_ok(env, now=t0 + 400, extra=fail)
    state, attempts, _, error = row()
    check(state == "failed" and attempts == 3 and error, f"not failed for good: {row()}")
    check(env.sent() == [], "a refused message appears as sent")

    # A message found in `sending` (a crash while handing it to the modem)
    # is sent once after the restart.
    env.cli("submit", "--channel", "kiosk", "--category", "roads",
            "--text", "路灯又坏了", "--phone", B_NUM, now=t0)
    con_rows = env.sql("SELECT id FROM outbox WHERE phone = ?", B_NUM)
    check(len(con_rows) == 1, "second receipt not queued")
    import sqlite3
    con = sqlite3.connect(env.db)
    con.execute("UPDATE outbox SET state = 'sending', attempts = 1 WHERE phone = ?", (B_NUM,))
    con.commit()
    con.close()
    once_ok(env, now=t0 + 500)
    check(len(env.sent_to("+86" + B_NUM)) == 1, "interrupted message not sent exactly once")
    check(receipt, "receipt printed")


def main():
    tap = Tap()
    for case in (chinese_single, texted_with_gammu_cli, gsm7_and_fullwidth, multipart_out_of_order, interleaved_same_reference,
                 incomplete_waits_then_used, status_query_fullwidth, wrong_check_digit,
                 rating_three_reopens, opt_out, machines_get_no_reply,
                 crash_between_commit_and_delete, follow_up_joins_ticket, reply_cap,
                 failed_send_retried, no_modem, sighup_reloads,
                 modem_vanishes_and_returns):
        tap.run(case.__name__.replace("_", "-"), case)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
