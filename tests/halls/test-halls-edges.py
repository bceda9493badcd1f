"""An edge's spool against a real hub: clocks, origins, tokens, crashes.

The spool is filled the way a kiosk fills it (a ticket numbered from the
edge's own origin, committed to the spool file by the store code the
kiosk runs) and handed over by `laiting spool --forward`, which runs the
kiosk's forwarder. Checked against the hub's store file directly.
"""

import datetime
import os
import signal
import subprocess
import sys
import time

import hallsenv
from hallsenv import Tap, check, run_cli, wait

hallsenv.hubenv.LAITING_HUB = sys.argv[1]


def edge(d, name, token, origin, extra=""):
    spool = os.path.join(d.dir, name + "-spool.db")
    conf = d.client_config(name, token, site={"origin": origin},
                           extra=f"spool = {spool}\nretry-max = 1\n{extra}")
    return conf, spool


def spool_report(conf, spool, text, phone=None, now=None):
    """What the kiosk does on 确认提交: the ticket into its spool file."""
    env = dict(os.environ)
    if now is not None:
        env["LAITING_NOW"] = str(now)
    args = ["submit", "--channel", "kiosk", "--category", "roads", "--text", text]
    if phone:
        args += ["--phone", phone]
    r = run_cli(conf, *args, db=spool, env=env)
    check(r.returncode == 0, r.stderr)
    return r.stdout.strip()


def test_clock_skew():
    d = hallsenv.District()
    try:
        token = d.add_device("hall-a", "kiosk", origin=12)
        d.start()
        conf, spool = edge(d, "hall-a", token, 12)
        now = int(time.time())
        ahead = spool_report(conf, spool, "边缘时钟快了十分钟", now=now + 600)
        behind = spool_report(conf, spool, "边缘时钟慢了十分钟", now=now - 600)
        r = run_cli(conf, "spool", "--forward")
        check(r.returncode == 0 and "待上传：0 件" in r.stdout, r.stdout + r.stderr)
        rows = dict((rc, (c, due)) for rc, c, due in
                    d.sql("SELECT receipt, created_at, due_at FROM tickets"))
        days = 10 * 86400  # roads: 10 days
        c, due = rows[ahead]
        check(abs(c - now) < 60, f"a time 10 min in the future is replaced by the hub's: {c - now}")
        check(due - c == days, f"due follows the stored time: {due - c}")
        c, due = rows[behind]
        check(abs(c - (now - 600)) < 60, f"a time 10 min behind is the edge's: {c - now}")
        check(due - c == days, f"due follows the stored time: {due - c}")
    finally:
        d.close()


def test_refused():
    d = hallsenv.District()
    try:
        a = d.add_device("hall-a", "kiosk", origin=12)
        d.add_device("hall-b", "kiosk", origin=13)
        d.start()
        # hall-a's token with hall-b's origin: refused, explained, kept.
        conf, spool = edge(d, "thief", a, 13)
        r1 = spool_report(conf, spool, "来源代码用错了", phone="13912345678")
        r = run_cli(conf, "spool", "--forward")
        check(r.returncode == 1 and "待上传：1 件" in r.stdout and "13" in r.stderr
              and "本设备不能使用它" in r.stderr, r.stdout + r.stderr)
        check(d.sql("SELECT count(*) FROM tickets")[0][0] == 0, "nothing stored on the hub")
        check(d.sql("SELECT count(*) FROM outbox")[0][0] == 0, "no SMS queued on the hub")
        # The right origin, then the token revoked.
        conf, spool = edge(d, "hall-a", a, 12)
        spool_report(conf, spool, "第一件")
        r = run_cli(conf, "spool", "--forward")
        check(r.returncode == 0, r.stderr)
        d.cli("device", "revoke", "hall-a")
        spool_report(conf, spool, "第二件")
        r = run_cli(conf, "spool", "--forward")
        check(r.returncode == 1 and "待上传：1 件" in r.stdout and a not in r.stderr + r.stdout,
              r.stdout + r.stderr)
        check(d.sql("SELECT count(*) FROM tickets")[0][0] == 1, "only the first stored")
        check("refuses this device" in r.stderr, "the journal line: " + r.stderr)
        return r1
    finally:
        d.close()


def test_killed_mid_forwarding():
    d = hallsenv.District()
    try:
        token = d.add_device("hall-a", "kiosk", origin=12)
        conf, spool = edge(d, "hall-a", token, 12)
        n = 120
        script = "".join(
            f"{hallsenv.LAITING_CLI} --config {conf} --db {spool} submit --channel kiosk"
            f" --category roads --text '第{i}件' {'--phone 1380000%04d' % i if i % 3 == 0 else ''}"
            " >/dev/null || exit 1\n" for i in range(n))
        subprocess.run(["sh", "-e", "-c", script], check=True, timeout=120)
        d.start()
        count = lambda: d.sql("SELECT count(*) FROM tickets")[0][0]  # noqa: E731
        fwd = subprocess.Popen([hallsenv.LAITING_CLI, "--config", conf, "spool", "--forward"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait(lambda: count() >= 20, "forwarding to start")
        fwd.send_signal(signal.SIGKILL)
        fwd.wait()
        at_kill = count()
        fwd = subprocess.Popen([hallsenv.LAITING_CLI, "--config", conf, "spool", "--forward"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait(lambda: count() >= at_kill + 20, "forwarding to go on")
        d.kill()
        at_hub_kill = count()
        d.start()
        fwd.wait(60)
        r = run_cli(conf, "spool", "--forward")
        check(r.returncode == 0 and "待上传：0 件" in r.stdout, r.stdout + r.stderr)
        check(at_kill < n and at_hub_kill < n,
              f"both kills came mid-forwarding ({at_kill}, {at_hub_kill} of {n})")
        import sqlite3
        mine = sorted(x for (x,) in sqlite3.connect(spool).execute("SELECT receipt FROM tickets"))
        stored = sorted(x for (x,) in d.sql("SELECT receipt FROM tickets"))
        check(mine == stored and len(stored) == n, f"{len(stored)} stored of {n}")
        sms = d.sql("SELECT count(*), count(DISTINCT phone) FROM outbox WHERE kind = 'receipt'")[0]
        check(sms == (n // 3, n // 3), f"one receipt SMS per ticket with a phone: {sms}")
    finally:
        d.close()


def main():
    tap = Tap()
    tap.run("an edge 10 minutes off: sensible times and deadlines", test_clock_skew)
    tap.run("another device's origin, a revoked token: refused, explained, kept", test_refused)
    tap.run("forwarder and hub killed mid-forwarding: nothing lost, nothing doubled",
            test_killed_mid_forwarding)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
