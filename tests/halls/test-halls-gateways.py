"""SMS gateways through the hub, on gammu's dummy phone.

Real laiting-sms processes with [hub] url set, each on its own dummy phone
and origin, against a real laiting-hub over TLS: inbound SMS are spooled
and deleted from the phone while the hub is down and reach it exactly once
when it is back; two gateways share one outbox, each row sent once; a
gateway killed holding a lease loses nothing.
"""

import collections
import os
import signal
import sys
import time

import hallsenv
from hallsenv import Tap, check, wait

hallsenv.hubenv.LAITING_HUB = sys.argv[1]
hallsenv.smsenv.LAITING_SMS = sys.argv[2]


def sent_numbers(g):
    return [r for r, _ in g.sent()]


def test_inbound_while_down():
    d = hallsenv.District()
    g = None
    try:
        token = d.add_device("gw1", "gateway", origin=41)
        g = hallsenv.gateway(d, token)
        g.start()
        base = int(time.time())
        for i in range(20):
            g.deliver("+86138%08d" % i, f"小区门口路灯坏了第{i}盏", at=base + i)
        # Spooled and deleted from the phone with the hub away.
        wait(lambda: g.inbox() == [], "the phone to be emptied", 30)
        spooled = hallsenv.hubenv.sqlite3.connect(g.spool).execute(
            "SELECT count(*), count(forwarded_at) FROM spool_inbound").fetchone()
        check(spooled == (20, 0), f"20 SMS spooled, none forwarded: {spooled}")
        r = hallsenv.run_cli(g.config, "spool")
        check(r.returncode == 0 and "待上传：20 件" in r.stdout, r.stdout + r.stderr)
        d.start()
        wait(lambda: d.sql("SELECT count(*) FROM tickets WHERE channel = 'sms'")[0][0] == 20,
             "20 SMS tickets on the hub", 30)
        # Every receipt SMS goes out through the gateway once.
        wait(lambda: d.sql("SELECT count(*) FROM outbox WHERE state = 'sent'")[0][0] == 20,
             "20 receipt SMS sent", 30)
        time.sleep(1.5)
        counts = collections.Counter(sent_numbers(g))
        check(len(counts) == 20 and set(counts.values()) == {1}, f"each sent once: {counts}")
        check(d.sql("SELECT count(*) FROM inbound")[0][0] == 20, "20 inbound rows")
        check(d.sql("SELECT count(*) FROM tickets")[0][0] == 20, "nothing doubled")
        g.daemon.send_signal(signal.SIGTERM)
        g.daemon.wait(20)
        check("unreachable" in g.daemon.stderr.read(), "the journal said the hub was away")
    finally:
        if g:
            g.close()
        d.close()


def test_two_gateways():
    d = hallsenv.District()
    gs = []
    try:
        staff = d.add_device("desk", "staff")
        tokens = [d.add_device(f"gw{i}", "gateway", origin=41 + i) for i in range(2)]
        d.start()
        phones = hallsenv.post_tickets(d, staff, 200)
        gs = [hallsenv.gateway(d, t) for t in tokens]
        for g in gs:
            g.start()
        wait(lambda: d.sql("SELECT count(*) FROM outbox WHERE state = 'sent'")[0][0] == 200,
             "200 sent", 60)
        time.sleep(1.5)
        per = [collections.Counter(sent_numbers(g)) for g in gs]
        both = per[0] + per[1]
        check(sorted(both) == sorted("+86" + p for p in phones) and set(both.values()) == {1},
              f"every row sent once: {len(both)} numbers, max {max(both.values())}")
        shares = [sum(c.values()) for c in per]
        check(min(shares) >= 40, f"the work is split: {shares}")
        holders = dict(d.sql("SELECT lease_holder, count(*) FROM outbox GROUP BY lease_holder"))
        print(f"# shares {shares}, holders {holders}", flush=True)
    finally:
        for g in gs:
            g.close()
        d.close()


def test_gateway_killed():
    d = hallsenv.District()
    gs = []
    try:
        staff = d.add_device("desk", "staff")
        tokens = [d.add_device(f"gw{i}", "gateway", origin=41 + i) for i in range(2)]
        d.start()
        phones = hallsenv.post_tickets(d, staff, 20)
        gs = [hallsenv.gateway(d, t) for t in tokens]
        doomed = gs[0].start({"LAITING_SMS_TEST_CRASH_AFTER_LEASE": "1"})
        doomed.wait(20)
        check(doomed.returncode == -signal.SIGKILL, f"the gateway died holding a lease: {doomed.returncode}")
        leased = d.sql("SELECT count(*) FROM outbox WHERE state = 'sending'")[0][0]
        check(leased == 5, f"5 rows leased by the dead gateway: {leased}")
        started = time.monotonic()
        gs[1].start()
        wait(lambda: d.sql("SELECT count(*) FROM outbox WHERE state = 'sent'")[0][0] == 20,
             "all 20 sent through the other gateway", 40)
        took = time.monotonic() - started
        check(took >= 5, f"the dead gateway's rows waited for their lease ({took:.1f} s)")
        time.sleep(1)
        check(sent_numbers(gs[0]) == [], "the dead gateway sent nothing")
        counts = collections.Counter(sent_numbers(gs[1]))
        check(sorted(counts) == sorted("+86" + p for p in phones) and set(counts.values()) == {1},
              f"every row once: {counts}")
    finally:
        for g in gs:
            g.close()
        d.close()


def main():
    tap = Tap()
    tap.run("inbound SMS spooled while the hub is down arrive once", test_inbound_while_down)
    tap.run("two gateways × 200 SMS: each sent once, the work split", test_two_gateways)
    tap.run("a gateway killed holding a lease: its rows go out through the other",
            test_gateway_killed)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
