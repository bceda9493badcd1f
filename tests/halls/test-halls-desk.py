#!/usr/bin/python3
"""The staff desk of a kiosk in a district, through the hub.

The real laiting-kiosk (under run-under-xvfb.sh, driven through AT-SPI)
with [hub] url, its kiosk token and a staff token, and a real
laiting-hub over TLS on loopback:

- the desk, opened through the PIN, lists the tickets the hub holds (one
  filed at this kiosk, one made with the CLI through the hub) and shows
  the hall line: the spool's backlog and when the hub was last reached;
- a transfer and a close made on the desk land in the hub's store
  (status, events, the closure SMS in its outbox);
- a hub that takes the connection and never answers: the desk shows
  "正在读取" while it waits (so the window keeps drawing and answering)
  and the kind sentence within a few seconds; the hub stopped: the same
  sentence at once;
- the kiosk's token revoked: the desk says the hub refuses the kiosk,
  the journal says it once, and the spool keeps its report.

argv: laiting-hub.
"""

import importlib.util
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hallsenv  # noqa: E402
from hallsenv import check, wait  # noqa: E402

hallsenv.hubenv.LAITING_HUB = sys.argv[1]

# The kiosk test's helpers; it reads laiting-sms from argv, which this test
# does not use.
sys.argv += [""] * (3 - len(sys.argv))
_spec = importlib.util.spec_from_file_location(
    "halls_kiosk", os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-halls-kiosk.py"))
halls_kiosk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(halls_kiosk)
flow = halls_kiosk.flow

PIN = "2580"
UNREACHABLE = re.compile("^现在连不上服务中心")
HALL_LINE = re.compile(r"^(\d+) 份登记等待上传 · 上次连上服务中心 (\d\d:\d\d)$")
REFUSED = re.compile(r"^服务中心不接受本机的登记（令牌无效或已被吊销），(\d+) 份登记都留在本机")


def grouped(receipt):
    return f"{receipt[0:3]} {receipt[3:6]} {receipt[6:9]}"


class Kiosk(halls_kiosk.Kiosk):
    """The halls kiosk, its journal (stderr) kept in a file."""

    def __init__(self, tmp, extra):
        self.journal = os.path.join(tmp, "kiosk.log")
        log = open(self.journal, "wb")
        popen = subprocess.Popen

        def with_log(*args, **kwargs):
            kwargs.setdefault("stderr", log)
            return popen(*args, **kwargs)
        flow.subprocess.Popen = with_log
        try:
            super().__init__(tmp, extra=extra)
        finally:
            flow.subprocess.Popen = popen
            log.close()

    def journal_text(self):
        with open(self.journal, encoding="utf-8", errors="replace") as f:
            return f.read()

    def rows(self):
        out = []
        for node in self.nodes():
            try:
                if node.getRoleName() == "push button" and \
                        re.match(r"^\d{3} \d{3} \d{3}，", node.name or ""):
                    out.append(node.name)
            except Exception:
                continue
        return out

    def enter_desk(self):
        """3 s on the hall's name, then the PIN."""
        hall = self.wait_for(lambda: self.find("label", "幸福里社区服务站"), "the hall's name")
        e = hall.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        subprocess.run(["xdotool", "mousemove", str(e.x + e.width // 2), str(e.y + e.height // 2),
                        "mousedown", "1", "sleep", "3.3", "mouseup", "1"], check=True)
        self.wait_for(lambda: self.find("push button", "确定"), "the PIN screen")
        for digit in PIN:
            self.press(digit)
            time.sleep(0.2)
        self.wait_for(lambda: self.label_matching(re.compile("^●●●●$")), "the PIN typed")
        # A button ignores a press within its press animation: ask again if
        # 确定 went unheard.
        for _ in range(3):
            time.sleep(0.3)
            self.press("确定")
            try:
                self.wait_for(lambda: self.find("push button", "今日工单"), "the staff desk", 5)
                return
            except flow.Failure:
                if not self.find("push button", "确定"):
                    raise
        self.wait_for(lambda: self.find("push button", "今日工单"), "the staff desk")

    def leave_desk(self):
        self.press("退出")
        self.wait_for(lambda: self.find("push button", "我要反映问题"), "home")

    def type_into(self, field, text):
        entry = self.wait_for(lambda: self.find("text", field) or self.find("entry", field),
                              "field " + field)
        entry.queryEditableText().setTextContents(text)


class BlackHole:
    """Takes connections on the hub's port and never answers: a hub on a
    network that has stopped carrying anything back."""

    def __init__(self, port):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.held = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        # A close alone does not wake the accept() blocked in the thread,
        # which then keeps the port; a shutdown does.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(5)
        for c in self.held:
            c.close()


def spool_waiting(spool):
    con = sqlite3.connect(spool)
    try:
        return con.execute("SELECT count(*) FROM tickets WHERE receipt NOT IN"
                           " (SELECT receipt FROM spool_forwarded)").fetchall()[0][0]
    finally:
        con.close()


def main():
    tmp = tempfile.mkdtemp(prefix="laiting-halls-desk-")
    d = hallsenv.District()
    k = None
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
        staff_token = d.add_device("hall-a-desk", "staff")
        cli_conf = d.client_config("office", d.add_device("office-cli", "staff"))
        # Officers live in the hub's store; the desk's 转办 offers them.
        d.cli("officer", "add", "王建国", "--phone", "13800138000", "--department", "环卫所")
        d.cli("officer", "on-duty", "环卫所", "王建国")
        d.start()
        pin_line = subprocess.run([hallsenv.LAITING_CLI, "--config", cli_conf, "pin-hash"],
                                  input=PIN + "\n", capture_output=True, text=True,
                                  check=True).stdout.strip()
        spool = os.path.join(tmp, "spool.db")
        extra = (f"{pin_line}\n\n[hub]\nurl = {d.hub_url()}\ntoken = {kiosk_token}\n"
                 f"staff-token = {staff_token}\nca-file = {d.cert}\nspool = {spool}\n"
                 "retry-max = 1\ntimeout = 2\n")
        k = Kiosk(tmp, extra)
        mine = {}

        def lists():
            r = hallsenv.run_cli(cli_conf, "submit", "--channel", "staff", "--category", "roads",
                                 "--text", "东门路灯不亮三天了", "--phone", "13912345678")
            check(r.returncode == 0, r.stderr)
            mine["cli"] = r.stdout.strip()
            mine["kiosk"], _ = halls_kiosk.report(k)
            k.press("返回")
            wait(lambda: d.sql("SELECT count(*) FROM tickets")[0][0] == 2, "both on the hub", 15)
            k.enter_desk()
            rows = k.wait_for(lambda: len(k.rows()) == 2 and k.rows(), "two rows")
            check(any(r.startswith(grouped(mine["cli"])) for r in rows)
                  and any(r.startswith(grouped(mine["kiosk"])) for r in rows),
                  f"the CLI's and the kiosk's tickets listed: {rows}")
            line = k.wait_label(HALL_LINE, "the hall line")
            m = HALL_LINE.match(line)
            just_now = {time.strftime("%H:%M", time.localtime(time.time() - s)) for s in (0, 60)}
            check(m.group(1) == "0" and m.group(2) in just_now,
                  f"no backlog, the hub reached just now: {line}")
            k.screenshot("halls-desk-list")
        step("the desk through the PIN lists the hub's tickets with the hall line", lists)

        def changes():
            r = mine["cli"]
            k.press(next(x for x in k.rows() if x.startswith(grouped(r))))
            k.press("转办")
            for choice in ("经办人 王建国 · 环卫所", "环卫所（王建国）"):
                k.wait_for(lambda: k.find("toggle button", choice) or k.find("push button", choice),
                           f"the hub's officer offered by 转办: {choice}", 10)
            k.press("城管执法队")
            k.press("确认转办")
            k.wait_label(re.compile("已转办给城管执法队"), "the transfer's outcome", 10)
            ev = d.sql("SELECT e.kind, e.note FROM events e JOIN tickets t ON t.id = e.ticket_id"
                       " WHERE t.receipt = ? ORDER BY e.id", r)
            check(ev[-1][0] == "transferred" and "城管执法队" in (ev[-1][1] or ""),
                  f"the transfer in the hub's events: {ev}")
            k.press("办结")
            k.type_into("办理结果", "已更换东门三盏路灯")
            k.press("确认办结")
            k.wait_label(re.compile("告知短信已排队发送"), "the close's outcome", 10)
            status = d.sql("SELECT status FROM tickets WHERE receipt = ?", r)[0][0]
            ev = d.sql("SELECT e.kind, e.note FROM events e JOIN tickets t ON t.id = e.ticket_id"
                       " WHERE t.receipt = ? ORDER BY e.id", r)
            sms = d.sql("SELECT o.phone, o.body FROM outbox o JOIN tickets t ON t.id = o.ticket_id"
                        " WHERE t.receipt = ? AND o.kind = 'closure'", r)
            check(status == "closed", f"closed on the hub: {status}")
            check(ev[-1] == ("closed", "已更换东门三盏路灯"), f"the close in the hub's events: {ev}")
            check(len(sms) == 1 and "已更换东门三盏路灯" in sms[0][1] and
                  sms[0][0].endswith("13912345678"), f"one closure SMS queued: {sms}")
            k.screenshot("halls-desk-closed")
            k.press("返回列表")
        step("转办 offers the hub's officers; a transfer and a close on the desk land in the "
             "hub's store", changes)

        def silent_hub():
            d.stop()
            hole = BlackHole(d.fixed_port)
            try:
                started = time.monotonic()
                k.press("全部在办")
                # Shown by a timer while the answer is late: the main loop runs.
                k.wait_for(lambda: k.label_matching(re.compile("^正在读取")), "正在读取", 2)
                asked = time.monotonic()
                check(k.find("push button", "今日工单") is not None, "the window answers")
                answer = time.monotonic() - asked
                k.wait_label(UNREACHABLE, "the unreachable sentence", 10)
                took = time.monotonic() - started
                check(answer < 0.5, f"AT-SPI answered within {answer:.2f} s while waiting")
                check(took < 6, f"the sentence within a few seconds: {took:.1f} s")
                k.screenshot("halls-desk-unreachable")
            finally:
                hole.close()
        step("a hub that never answers: 正在读取, then the kind sentence; the window keeps "
             "answering", silent_hub)

        def stopped_hub():
            started = time.monotonic()
            k.press("今日工单")
            k.wait_label(UNREACHABLE, "the unreachable sentence", 10)
            took = time.monotonic() - started
            check(took < 3, f"the sentence at once with the hub stopped: {took:.1f} s")
            k.leave_desk()
            mine["waiting"], _ = halls_kiosk.report(k)
            k.press("返回")
            k.enter_desk()
            line = k.wait_label(HALL_LINE, "the hall line")
            check(HALL_LINE.match(line).group(1) == "1", f"one report waits: {line}")
        step("the hub stopped: the sentence at once, the backlog on the hall line", stopped_hub)

        def revoked():
            d.cli("device", "revoke", "hall-a")
            d.start()
            line = k.wait_label(REFUSED, "the refusal on the desk", 20)
            check(REFUSED.match(line).group(1) == "1", f"the report is kept: {line}")
            rows = k.wait_for(lambda: k.label_matching(re.compile(r"^今天共 \d+ 件")) and k.rows(),
                              "the list through the staff token", 15)
            check(len(rows) == 2, f"the desk still lists the hub's tickets: {rows}")
            time.sleep(4)  # several retries of the forwarder (retry-max = 1 s)
            check(spool_waiting(spool) == 1, "the spool keeps its report")
            check(d.sql("SELECT count(*) FROM tickets WHERE receipt = ?", mine["waiting"])[0][0]
                  == 0, "the hub did not take it")
            said = k.journal_text().count("refuses this device")
            check(said == 1, f"the journal says it once, not per retry: {said}")
            k.screenshot("halls-desk-refused")
        step("the kiosk's token revoked: the desk and the journal say so once; the spool keeps "
             "the report", revoked)
    finally:
        if k:
            k.close()
        d.close()
    print(f"1..{n}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
