#!/usr/bin/python3
"""The kiosk and a gateway in a hall whose hub is away, then back.

The real laiting-kiosk (under run-under-xvfb.sh, driven through AT-SPI
by its labels, with the helpers of tests/kiosk/test-kiosk-flow.py) and a
real laiting-sms on a dummy phone, both with [hub] url set, while the
real laiting-hub over TLS is stopped: 20 reports at the kiosk, each
receipt shown at once and marked as waiting; 20 SMS at the gateway; the
hub started again → all 40 tickets on the hub exactly once and each
receipt SMS sent once. Lookups tell the truth all along.

argv: laiting-hub, laiting-sms.
"""

import collections
import importlib.util
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hallsenv  # noqa: E402
from hallsenv import check, wait  # noqa: E402

hallsenv.hubenv.LAITING_HUB = sys.argv[1]
hallsenv.smsenv.LAITING_SMS = sys.argv[2]

_spec = importlib.util.spec_from_file_location(
    "kiosk_flow", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kiosk",
                               "test-kiosk-flow.py"))
flow = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(flow)

class Kiosk(flow.Kiosk):
    """The flow test's kiosk, with a search that stops at the first match:
    twenty reports walk the accessibility tree many hundred times."""

    def find(self, role, name):
        def walk(node):
            for child in node:
                if child is None:
                    continue
                try:
                    if child.name == name and child.getRoleName() == role:
                        return child
                except Exception:
                    continue
                found = walk(child)
                if found is not None:
                    return found
            return None
        try:
            return walk(self.app)
        except Exception:
            return None


# The receipt as the tree holds it: spelled in its groups ("幺 2 0，3 4 5，6 7 8").
RECEIPT_RE = flow.RECEIPT_RE
SHOTS = os.path.join(os.environ.get("G_TEST_BUILDDIR", "."), "screenshots")


def report(k, phone=None):
    """One report by taps; returns the receipt and how long 确认提交 took to
    draw it."""
    k.press("我要反映问题")
    k.press("道路交通")
    k.toggle("路灯不亮")
    k.wait_for(lambda: k.sensitive("下一步"), "下一步 to become active")
    k.press("下一步")
    k.press("跳过")
    k.wait_for(lambda: k.find("push button", "不留电话"), "the phone screen")
    if phone:
        k.type_digits(phone)
        k.wait_for(lambda: k.sensitive("下一步"), "下一步 after a valid number")
        k.press("下一步")
    else:
        k.press("不留电话")
    k.wait_for(lambda: k.find("push button", "确认提交"), "the confirm screen")
    started = time.monotonic()
    k.press("确认提交")
    shown = k.wait_label(RECEIPT_RE, "the receipt number")
    return flow.digits(shown), time.monotonic() - started


def lookup(k, receipt):
    k.press("查询办理进度")
    k.type_digits(receipt)
    k.wait_for(lambda: k.sensitive("查询"), "查询 to become active")
    k.press("查询")


def main():
    tmp = tempfile.mkdtemp(prefix="laiting-halls-kiosk-")
    d = hallsenv.District()
    k = g = None
    failed = 0
    n = 0

    def step(name, fn):
        nonlocal failed, n
        n += 1
        started = time.monotonic()
        try:
            fn()
            print(f"ok {n} {name} ({time.monotonic() - started:.1f} s)", flush=True)
        except Exception as e:  # noqa: BLE001
            failed += 1
            print(f"not ok {n} {name}", flush=True)
            for line in str(e).splitlines():
                print("# " + line, flush=True)
            print(f"{name}: {e}", file=sys.stderr, flush=True)

    try:
        kiosk_token = d.add_device("hall-a", "kiosk", origin=12)
        gw_token = d.add_device("gw1", "gateway", origin=41)
        spool = os.path.join(tmp, "spool.db")
        hub = (f"\n[hub]\nurl = {d.hub_url()}\ntoken = {kiosk_token}\nca-file = {d.cert}\n"
               f"spool = {spool}\nretry-max = 1\ntimeout = 5\n")
        k = Kiosk(tmp, extra=hub)
        g = hallsenv.gateway(d, gw_token)
        g.start()
        receipts, phones = [], []
        times = []

        def unreachable_lookup():
            lookup(k, hallsenv.receipt(12, 500))
            k.wait_label(re.compile("现在连不上服务中心"), "the kind sentence", timeout=15)
            k.screenshot("halls-lookup-unreachable")
            k.press("首页")
        step("hub away: a lookup gets one kind sentence, not a spinner", unreachable_lookup)

        def twenty_reports():
            for i in range(20):
                phone = "1391234%04d" % i if i % 10 == 9 else None
                r, took = report(k, phone)
                times.append(took)
                receipts.append(r)
                if phone:
                    phones.append(phone)
                    k.wait_label(re.compile("^收到，短信稍后发出$"), "the waiting mark")
                    if i == 19:
                        k.screenshot("halls-receipt-waiting")
                        break
                k.press("返回")
                k.wait_for(lambda: k.find("push button", "我要反映问题"), "home")
            check(len(set(receipts)) == 20 and all(r.startswith("12") for r in receipts),
                  f"20 receipts of origin 12: {receipts}")
            check(max(times) < 3, f"each receipt at once: {max(times):.2f} s")
        step("hub away: 20 reports, each receipt shown at once and marked waiting", twenty_reports)

        def twenty_sms():
            base = int(time.time())
            for i in range(20):
                g.deliver("+86137%08d" % i, f"垃圾桶满了第{i}个", at=base + i)
            wait(lambda: g.inbox() == [], "the gateway to empty its phone", 30)
        step("hub away: the gateway takes 20 SMS off its phone", twenty_sms)

        def back():
            d.start()
            wait(lambda: d.sql("SELECT count(*) FROM tickets")[0][0] >= 40, "40 tickets", 30)
            rows = d.sql("SELECT receipt, channel FROM tickets")
            kinds = collections.Counter(c for _, c in rows)
            check(len(rows) == 40 and kinds == {"kiosk": 20, "sms": 20}, f"{kinds}")
            check(sorted(r for r, c in rows if c == "kiosk") == sorted(receipts), "same receipts")
            # The receipt still on screen now tells that the SMS is on its way.
            k.wait_label(re.compile("^短信正在发往 139"), "the receipt screen to update", 10)
            k.screenshot("halls-receipt-forwarded")
            want = sorted(["+86" + p for p in phones] + ["+86137%08d" % i for i in range(20)])
            wait(lambda: d.sql("SELECT count(*) FROM outbox WHERE state = 'sent'")[0][0] == 22,
                 "22 receipt SMS sent", 30)
            time.sleep(1.5)
            sent = sorted(r for r, _ in g.sent())
            check(sent == want, f"each receipt SMS once: {len(sent)} sent, want {len(want)}")
        step("hub back: 40 tickets exactly once, each receipt SMS sent once", back)

        def lookups():
            k.press("首页")
            lookup(k, receipts[0])
            k.wait_label(re.compile("已受理"), "the status from the hub", 15)
            k.screenshot("halls-lookup-hub")
        step("hub back: 查询办理进度 asks the hub", lookups)

        def spooled_lookup():
            d.stop()
            k.press("首页")
            r, _ = report(k)
            k.press("返回")
            lookup(k, r)
            k.wait_label(re.compile("已登记，正在上传"), "the spooled answer", 15)
            k.screenshot("halls-lookup-spooled")
            d.start()
            wait(lambda: d.sql("SELECT count(*) FROM tickets WHERE receipt = ?", r)[0][0] == 1,
                 "the last one to arrive", 30)
        step("a ticket still in the spool answers 已登记，正在上传", spooled_lookup)
        if times:
            times.sort()
            print(f"# 确认提交 → receipt with the hub away: p50 {times[len(times) // 2] * 1000:.0f} ms, "
                  f"max {times[-1] * 1000:.0f} ms (AT-SPI round trips included)", flush=True)
    finally:
        if k:
            k.close()
        if g:
            g.close()
        d.close()
    print(f"1..{n}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
