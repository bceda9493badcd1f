#!/usr/bin/python3
"""test-sms-crash.py — laiting-sms killed with SIGKILL while messages flow (TAP).

Rounds of: a few residents' messages arrive on the dummy phone (single
and two-part), the listener starts and is killed with SIGKILL — at a
random moment, or aimed at the boundaries that matter: about to store,
mid-store (inside the transaction, LAITING_TEST_KILL_BEFORE_COMMIT), just
committed, between deleting two parts, and after the modem took an SMS
but before it was marked sent (LAITING_SMS_TEST_KILL_AT). Then one
clean run. Every message must be a ticket exactly once, and each kill
may repeat at most one SMS."""

import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) > 1:
    os.environ["LAITING_SMS"] = sys.argv[1]
from smsenv import Env, Tap, check  # noqa: E402

ROUNDS = 24
# "commit" dies inside the store's transaction, every row written and none
# committed; the others are the listener's own points (ls-test-hook.h).
AIMS = ["store:1", "commit:1", "stored:1", "delete:1", "send:1", "commit:2", "send:2", None]


def main():
    tap = Tap()
    seed = int(os.environ.get("LAITING_CRASH_SEED", time.time()))
    rng = random.Random(seed)
    print(f"# seed {seed} (LAITING_CRASH_SEED to repeat)", flush=True)
    env = Env({"reply-cap": "100", "repeat-limit": "0"})
    state = {"texts": [], "kills": 0, "aimed": {}}

    def kill_loop():
        n = 0
        base = int(time.time()) - 3600
        for r in range(ROUNDS):
            for k in range(rng.randint(2, 3)):
                n += 1
                sender = "+86139%08d" % (10000 + n)        # one resident, one ticket
                if n % 4 == 0:
                    text = f"第{n}号投诉：" + "楼道里的电动车充电线乱拉，很危险，" * 3
                    parts = [text[i:i + 67] for i in range(0, len(text), 67)]
                    for i, part in enumerate(parts):
                        env.deliver(sender, part, at=base + n, udh=(n % 256, len(parts), i + 1))
                else:
                    text = f"第{n}号投诉：小区路灯不亮"
                    env.deliver(sender, text, at=base + n)
                state["texts"].append(text)
            aim = AIMS[r % len(AIMS)]
            extra = None
            if aim and aim.startswith("commit:"):
                extra = {"LAITING_TEST_KILL_BEFORE_COMMIT": aim.split(":")[1]}
            elif aim:
                extra = {"LAITING_SMS_TEST_KILL_AT": aim}
            d = env.start(extra)
            if aim is None:
                time.sleep(rng.uniform(0.05, 1.0))
                d.send_signal(signal.SIGKILL)
            try:
                d.wait(timeout=8)
            except subprocess.TimeoutExpired:
                # An aim not reached this round (nothing to send): kill anyway.
                d.send_signal(signal.SIGKILL)
                d.wait()
            if d.returncode == -signal.SIGKILL:
                state["kills"] += 1
                state["aimed"][aim] = state["aimed"].get(aim, 0) + 1
            env.daemon = None
        check(state["kills"] >= 20, f"only {state['kills']} kills")
        for aim in ("store:1", "commit:1", "stored:1", "delete:1", "send:1"):
            check(state["aimed"].get(aim, 0) >= 1, f"no kill aimed at {aim}: {state['aimed']}")

    def nothing_lost_nothing_doubled():
        # One clean run until the phone is empty and the outbox drained.
        for _ in range(5):
            p = env.once()
            check(p.returncode == 0, f"clean run failed: {p.stderr}")
            left = env.sql("SELECT count(*) FROM outbox WHERE state <> 'sent'")[0][0]
            if env.inbox() == [] and left == 0:
                break
        check(env.inbox() == [], f"messages left on the phone: {env.inbox()}")
        tickets = [t for (t,) in env.sql("SELECT text FROM tickets")]
        for text in state["texts"]:
            n = tickets.count(text)
            check(n == 1, f"{text!r} is {n} tickets")
        check(len(tickets) == len(state["texts"]), f"{len(tickets)} tickets for {len(state['texts'])} messages")
        receipts = [r for (r,) in env.sql("SELECT receipt FROM tickets")]
        sent = [t for _, t in env.sent()]
        repeats = 0
        for r in receipts:
            g = f"{r[:3]} {r[3:6]} {r[6:]}"
            n = sum(1 for t in sent if g in t)
            check(n >= 1, f"receipt {r} never sent")
            repeats += n - 1
        print(f"# {state['kills']} kills {state['aimed']}, {len(receipts)} tickets, "
              f"{repeats} repeated SMS", flush=True)
        check(repeats <= state["kills"], f"{repeats} repeated SMS for {state['kills']} kills")

    try:
        tap.run("killed-24-times", kill_loop)
        tap.run("nothing-lost-nothing-doubled", nothing_lost_nothing_doubled)
    finally:
        env.close()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
