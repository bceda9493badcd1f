#!/usr/bin/python3
"""test-hub-load.py — laiting-hub under load, and killed under load.

   test-hub-load.py LAITING-HUB

1. Eight kiosks submit 500 tickets each at the same time over kept-alive
   TLS connections: 4,000 answers 201, 4,000 distinct tickets, 4,000
   receipt SMS, no error.
2. The same load, and the hub is killed with SIGKILL in the middle. After a
   restart, every ticket that got a 2xx exists exactly once with exactly
   one receipt SMS; the kiosks then send again what got no answer (as an
   edge's spool does) and end with every ticket stored once.
"""

import http.client
import os
import signal
import ssl
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hubenv  # noqa: E402
from hubenv import Env, check, receipt, request  # noqa: E402

if len(sys.argv) > 1:
    hubenv.LAITING_HUB = sys.argv[1]

CLIENTS = 8
EACH = 500
tap = hubenv.Tap()


def body(origin, n):
    return {"receipt": receipt(origin, n), "channel": "kiosk", "category": "property",
            "text": f"楼道灯不亮，第{origin}-{n}次反映", "location": "2号楼",
            "phone": "139%08d" % (origin * 10000 + n)}


class Kiosk(threading.Thread):
    """Submits its tickets in order on one kept-alive connection; records
    the answer to each. On a broken connection it notes the failure and
    reconnects, like an edge retrying from its spool."""

    def __init__(self, env, origin, token, sequences, stop_on_error=False):
        super().__init__(daemon=True)
        self.env, self.origin, self.token = env, origin, token
        self.sequences = list(sequences)
        self.stop_on_error = stop_on_error
        self.answers = {}      # receipt → status
        self.errors = []

    def run(self):
        conn = None
        for n in self.sequences:
            r = receipt(self.origin, n)
            try:
                if conn is None:
                    conn = self.env.connection(timeout=30)
                status, answer = request(conn, "POST", "/api/v1/tickets", self.token,
                                         body(self.origin, n))
                self.answers[r] = status
                if status not in (200, 201):
                    self.errors.append((r, status, answer))
            except (OSError, http.client.HTTPException, ssl.SSLError) as e:
                self.errors.append((r, None, repr(e)))
                conn = None
                if self.stop_on_error:
                    return
        if conn is not None:
            conn.close()


def start_kiosks(env, tokens, sequences, stop_on_error=False):
    kiosks = [Kiosk(env, origin, token, sequences, stop_on_error)
              for origin, token in tokens.items()]
    for k in kiosks:
        k.start()
    return kiosks


def add_kiosks(env):
    return {31 + i: env.add_device(f"自助机{i + 1}", "kiosk", origin=31 + i)
            for i in range(CLIENTS)}


def test_eight_clients():
    env = Env()
    try:
        tokens = add_kiosks(env)
        env.start()
        started = time.monotonic()
        kiosks = start_kiosks(env, tokens, range(1, EACH + 1))
        for k in kiosks:
            k.join(timeout=240)
        took = time.monotonic() - started
        errors = [e for k in kiosks for e in k.errors]
        check(not errors, f"{len(errors)} errors, first: {errors[:3]}")
        statuses = [s for k in kiosks for s in k.answers.values()]
        check(len(statuses) == CLIENTS * EACH and set(statuses) == {201},
              f"{len(statuses)} answers: {set(statuses)}")
        n = env.sql("SELECT count(*), count(DISTINCT receipt) FROM tickets")[0]
        check(n == (CLIENTS * EACH, CLIENTS * EACH), f"tickets: {n}")
        sms = env.sql("SELECT count(*), count(DISTINCT ticket_id) FROM outbox"
                      " WHERE kind = 'receipt'")[0]
        check(sms == (CLIENTS * EACH, CLIENTS * EACH), f"receipt SMS: {sms}")
        print(f"# {CLIENTS * EACH} submits in {took:.1f} s ({CLIENTS * EACH / took:.0f}/s)")
        check(env.stop() == 0, "clean stop")
    finally:
        env.close()


def test_sigkill_under_load():
    env = Env()
    try:
        tokens = add_kiosks(env)
        env.start()
        kiosks = start_kiosks(env, tokens, range(1, EACH + 1), stop_on_error=True)
        # Kill once a good part of the load is in.
        deadline = time.monotonic() + 120
        while sum(len(k.answers) for k in kiosks) < CLIENTS * EACH // 4:
            check(time.monotonic() < deadline, "load did not get going")
            time.sleep(0.01)
        env.proc.send_signal(signal.SIGKILL)
        env.proc.wait()
        for k in kiosks:
            k.join(timeout=60)
        acknowledged = {r for k in kiosks for r, s in k.answers.items() if s in (200, 201)}
        unanswered = [e for k in kiosks for e in k.errors]
        check(acknowledged and unanswered, f"{len(acknowledged)} acked, {len(unanswered)} cut")
        print(f"# killed with {len(acknowledged)} acknowledged, {len(unanswered)} cut off")

        env.start()
        rows = dict(env.sql("SELECT receipt, count(*) FROM tickets GROUP BY receipt"))
        missing = [r for r in acknowledged if rows.get(r) != 1]
        check(not missing, f"{len(missing)} acknowledged tickets missing: {missing[:5]}")
        check(all(c == 1 for c in rows.values()), "a receipt twice")
        sms = dict(env.sql("SELECT t.receipt, count(*) FROM outbox o JOIN tickets t"
                           " ON t.id = o.ticket_id WHERE o.kind = 'receipt' GROUP BY t.receipt"))
        check(all(sms.get(r) == 1 for r in rows), "one receipt SMS per stored ticket")

        # The edges send everything again: what was stored answers 200,
        # what was lost is stored now; one ticket and one SMS each.
        kiosks = start_kiosks(env, tokens, range(1, EACH + 1))
        for k in kiosks:
            k.join(timeout=240)
        errors = [e for k in kiosks for e in k.errors]
        check(not errors, f"resend errors: {errors[:3]}")
        again = {r: s for k in kiosks for r, s in k.answers.items()}
        check(all(again[r] == 200 for r in acknowledged), "acknowledged ones answer 200")
        n = env.sql("SELECT count(*), count(DISTINCT receipt) FROM tickets")[0]
        check(n == (CLIENTS * EACH, CLIENTS * EACH), f"tickets after resend: {n}")
        sms = env.sql("SELECT count(*), count(DISTINCT ticket_id) FROM outbox"
                      " WHERE kind = 'receipt'")[0]
        check(sms == (CLIENTS * EACH, CLIENTS * EACH), f"receipt SMS after resend: {sms}")
        check(env.stop() == 0, "clean stop")
    finally:
        env.close()


tap.run("8 clients x 500 submits at once: 4,000 distinct tickets, no error", test_eight_clients)
tap.run("SIGKILL under load: every 2xx ticket exists once with one receipt SMS",
        test_sigkill_under_load)
sys.exit(tap.done())
