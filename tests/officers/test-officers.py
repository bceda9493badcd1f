#!/usr/bin/python3
"""test-officers.py — officers by SMS and supervision end to end (TAP).

Real laiting-sms processes on gammu's dummy phone, the real laiting CLI,
time moved with LAITING_NOW across restarts. What officers and residents
received is read from the gammu log (what the modem was asked to send),
not from our outbox."""

import calendar
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sms"))
if len(sys.argv) > 1:
    os.environ["LAITING_SMS"] = sys.argv[1]
from smsenv import Env, Tap, check  # noqa: E402

RESIDENT = "+8613912345678"
RESIDENT_NUM = "13912345678"
OFFICER = "+8613800000001"
OFFICER_NUM = "13800000001"
SUPERVISOR = "+8613700000009"
STRANGER = "+8613612345678"


def local(day, hour, minute=0):
    """2026-11-23 + day, hour:minute in Asia/Shanghai (UTC+8, no DST)."""
    return calendar.timegm((2026, 11, 23 + day, hour, minute, 0)) - 8 * 3600


def grouped(r):
    return f"{r[:3]} {r[3:6]} {r[6:]}"


def make_env():
    env = Env({"category": "sanitation", "quiet-hours": "21:00-08:00"})
    with open(env.config) as f:
        text = f.read()
    text = text.replace("[site]\n", f"[site]\nsupervisor-phone = {SUPERVISOR}\n", 1)
    with open(env.config, "w") as f:
        f.write(text)
    env.cli("init")
    env.cli("officer", "add", "王芳", "--phone", OFFICER_NUM, "--department", "环卫所")
    return env


def with_env(fn):
    def run():
        env = make_env()
        try:
            fn(env)
        finally:
            env.close()
    run.__name__ = fn.__name__
    return run


def once(env, now):
    p = env.once(now=now)
    check(p.returncode == 0, f"laiting-sms --once failed ({p.returncode}): {p.stderr}")


def text(env, sender, body, now):
    env.deliver(sender, body, at=now)
    once(env, now)


def open_ticket(env, now, words="小区3号楼门口的垃圾三天没有清运了，气味很大"):
    text(env, RESIDENT, words, now)
    rows = env.sql("SELECT receipt FROM tickets ORDER BY id DESC LIMIT 1")
    check(rows, "no ticket opened")
    return rows[0][0]


def status(env, receipt):
    return env.sql("SELECT status FROM tickets WHERE receipt = ?", receipt)[0][0]


@with_env
def officer_loop(env):
    t = local(0, 10)
    r = open_ticket(env, t)
    env.cli("transfer", r, "--to", "王芳", now=t + 60)
    once(env, t + 120)
    got = env.sent_to(OFFICER)
    check(len(got) == 1, f"officer should get one SMS: {env.sent()}")
    sms = got[0]
    for part in (grouped(r), "环境卫生", RESIDENT_NUM, "11月26日", "垃圾三天没有清运了"):
        check(part in sms, f"{part!r} missing from the officer's SMS: {sms}")

    text(env, OFFICER, "收到", t + 180)
    events = env.sql("SELECT kind, actor FROM events e JOIN tickets t ON t.id = e.ticket_id"
                     " WHERE receipt = ? ORDER BY e.id", r)
    check(("acknowledged", "王芳") in events, f"no acknowledgement event: {events}")
    check(len(env.sent_to(OFFICER)) == 2 and grouped(r) in env.sent_to(OFFICER)[1],
          f"no reply to 收到: {env.sent_to(OFFICER)}")

    # 办结 at 22:00: closed now, the resident told at 08:00, not before.
    night = local(0, 22)
    text(env, OFFICER, f"办结 {r} 已修好", night)
    check(status(env, r) == "closed", "办结 did not close the ticket")
    check(len(env.sent_to(OFFICER)) == 3, "the officer's confirmation must go at once")
    check(len(env.sent_to(RESIDENT)) == 1, f"closure sent in the quiet hours: {env.sent_to(RESIDENT)}")
    once(env, local(1, 7, 59))
    check(len(env.sent_to(RESIDENT)) == 1, "closure sent before 08:00")
    once(env, local(1, 8, 0))
    res = env.sent_to(RESIDENT)
    check(len(res) == 2 and "已修好" in res[1] and grouped(r) in res[1],
          f"closure notice not sent at 08:00: {res}")

    text(env, RESIDENT, "1", local(1, 8, 30))
    rating = env.sql("SELECT rating FROM tickets WHERE receipt = ?", r)[0][0]
    check(rating == 1, f"the resident's 1 was not recorded: {rating}")


@with_env
def officer_returns(env):
    t = local(0, 10)
    env.cli("officer", "on-duty", "环卫所", "王芳")
    r = open_ticket(env, t)
    env.cli("transfer", r, "--to", "环卫所", now=t + 60)
    once(env, t + 60)
    check(len(env.sent_to(OFFICER)) == 1, "the officer on duty was not sent the ticket")
    text(env, OFFICER, f"TH {r} 不归环卫所管，是物业的事", t + 600)
    check(status(env, r) == "received", "退回 did not send the ticket back")
    note = env.sql("SELECT note, actor FROM events WHERE kind = 'returned'")
    check(note == [("不归环卫所管，是物业的事", "王芳")], f"reason not noted: {note}")
    listed = env.cli("list", "--status", "open", now=t + 700)
    check(grouped(r) in listed, f"returned ticket not listed: {listed}")
    # Nothing open for the officer now: a BJ without a number closes nothing.
    text(env, OFFICER, "BJ 已处理", t + 900)
    check(status(env, r) == "received", "a returned ticket was closed")
    check("没有" in env.sent_to(OFFICER)[-1], f"no plain answer: {env.sent_to(OFFICER)[-1]}")


@with_env
def stranger_cannot_close(env):
    t = local(0, 10)
    r = open_ticket(env, t)
    env.cli("transfer", r, "--to", "王芳", now=t + 60)
    text(env, STRANGER, f"办结 {r} 已修好", t + 120)
    check(status(env, r) == "transferred", "an unregistered number closed a ticket")
    theirs = env.sql("SELECT text FROM tickets WHERE phone = '13612345678'")
    check(theirs == [(f"办结 {r} 已修好",)], f"the text did not open a resident's ticket: {theirs}")
    check(len(env.sent_to(STRANGER)) == 1 and "回执号" in env.sent_to(STRANGER)[0],
          "the stranger got no receipt")


def run_concurrently(env, now, n=3):
    """n laiting-sms --once at the same time, each with its own gammu log
    (one log per process keeps their lines apart); returns the extra logs."""
    logs, procs = [], []
    for i in range(n):
        rc = os.path.join(env.dir, f"gammurc.{now}.{i}")
        log = os.path.join(env.dir, f"gammu.{now}.{i}.log")
        with open(rc, "w") as f:
            f.write(f"[gammu]\nmodel = dummy\nconnection = none\ndevice = {env.phone}\n"
                    f"logfile = {log}\nlogformat = textall\n")
        args = env.args("--once")
        args[args.index("--gammurc") + 1] = rc
        procs.append(subprocess.Popen(args, env=env.env({"LAITING_NOW": str(now)}),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        logs.append(log)
    for p in procs:
        _, err = p.communicate(timeout=60)
        check(p.returncode == 0, f"a concurrent laiting-sms failed: {err}")
    return logs


def all_sent(env, logs):
    out = list(env.sent())
    main = env.log
    try:
        for log in logs:
            env.log = log
            out += env.sent()
    finally:
        env.log = main
    return out


@with_env
def reminders_and_overdue_once(env):
    t = local(0, 10)
    r = env.cli("submit", "--channel", "staff", "--category", "safety", "--text",
                "楼道里有人给电动车充电", "--phone", RESIDENT_NUM, now=t)
    env.cli("transfer", r, "--to", "王芳", now=t)
    once(env, t + 60)
    logs = []

    def sent_to(number, word):
        return [b for n, b in all_sent(env, logs) if n == number and word in b]

    check(len(sent_to(OFFICER, "新工单")) == 1, "the officer did not get the ticket")
    once(env, local(1, 12))                      # the day before: nothing
    once(env, local(2, 6, 30))                   # due day, quiet hours: queued for 08:00
    check(sent_to(OFFICER, "今天到期") == [], "reminder sent in the quiet hours")
    once(env, local(2, 8, 0))
    check(len(sent_to(OFFICER, "今天到期")) == 1, f"no reminder at 08:00: {env.sent()}")
    once(env, local(2, 9, 0))                    # restarts on the due day
    logs += run_concurrently(env, local(2, 9, 30))
    check(len(sent_to(OFFICER, "今天到期")) == 1, "reminder sent more than once")

    # Overdue from 10:00: several processes, several restarts, one notice each.
    logs += run_concurrently(env, local(2, 11, 0))
    once(env, local(2, 15, 0))
    logs += run_concurrently(env, local(2, 18, 0))
    check(len(sent_to(OFFICER, "超期")) == 1, f"overdue to the officer: {sent_to(OFFICER, '超期')}")
    sup = sent_to(SUPERVISOR, "超期")
    check(len(sup) == 1 and grouped(r) in sup[0] and "王芳" in sup[0] and OFFICER_NUM in sup[0],
          f"overdue to the supervisor: {sup}")
    # The next day, once more each.
    once(env, local(3, 9, 0))
    logs += run_concurrently(env, local(3, 12, 0))
    check(len(sent_to(OFFICER, "超期")) == 2, "second day: officer not told exactly once more")
    check(len(sent_to(SUPERVISOR, "超期")) == 2, "second day: supervisor not told exactly once more")
    counted = env.sql("SELECT count(*) FROM outbox WHERE kind IN ('reminder', 'overdue')")[0][0]
    check(counted == 5, f"outbox holds {counted} supervision SMS, expected 5")


def main():
    tap = Tap()
    for case in (officer_loop, officer_returns, stranger_cannot_close, reminders_and_overdue_once):
        tap.run(case.__name__, case)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
