#!/usr/bin/python3
"""bench-sms — 1,000 inbound SMS on gammu's dummy phone, from start until
every receipt is sent: laiting-sms against the usual alternative, gammu-smsd
(files service) with a RunOnReceive shell script that stores each message
with the sqlite3 CLI and queues the receipt with gammu-smsd-inject.

Usage: bench-sms.py [LAITING-SMS] [--messages N]
Prints wall time and CPU time (user + system, the program and every process
it ran) for both, per message, and the ratio."""

import argparse
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PHRASES = ["小区门口路灯坏了", "楼下餐馆油烟很大", "夜里施工噪音扰民", "垃圾站三天没有清运",
           "人行道砖块松动", "井盖丢失很危险", "电梯经常停运", "楼道堆满杂物",
           "自来水发黄有异味", "公交站牌被撞坏", "老人活动室漏雨", "停车位被长期占用"]


def make_text(rng, multipart):
    text = ""
    # Single: at most 70 UCS-2 characters; multipart: 2 or 3 parts of 67.
    limit = rng.randint(140, 200) if multipart else rng.randint(20, 70)
    while True:
        add = rng.choice(PHRASES) + "，"
        if len(text) + len(add) > limit:
            break
        text += add
    return (text.rstrip("，") + "。")[:limit]


def stamp(unix):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(unix))


def fill_phone(phone, n, seed=7):
    """Writes @n messages, about a third of them multipart, as the dummy
    phone's inbox files. Returns the number of parts written."""
    rng = random.Random(seed)
    inbox = os.path.join(phone, "sms", "1")
    slot = 1
    now = int(time.time())
    for i in range(n):
        sender = "+86138%08d" % i
        text = make_text(rng, i % 3 == 0)
        parts = [text] if len(text) <= 70 else [text[k:k + 67] for k in range(0, len(text), 67)]
        for seq, part in enumerate(parts, 1):
            lines = ["[SMSBackup000]", "PDU = Deliver", 'SMSC = "+8613800100500"',
                     f'Number = "{sender}"', f"DateTime = {stamp(now)}", "State = UnRead",
                     "Coding = Unicode_No_Compression"]
            if len(parts) > 1:
                lines.append("UDH = 050003%02X%02X%02X" % (i % 256, len(parts), seq))
            hexed = part.encode("utf-16-be").hex().upper()
            for k in range(0, len(hexed), 200):
                lines.append("Text%02d = %s" % (k // 200, hexed[k:k + 200]))
            with open(os.path.join(inbox, str(slot)), "w") as f:
                f.write("\n".join(lines) + "\n")
            slot += 1
    return slot - 1


def new_phone(root):
    phone = os.path.join(root, "phone")
    for folder in range(1, 6):
        os.makedirs(os.path.join(phone, "sms", str(folder)))
    return phone


def cpu_of(rusage):
    return rusage.ru_utime + rusage.ru_stime


def run_laiting(binary, root, n):
    phone = new_phone(root)
    parts = fill_phone(phone, n)
    rc = os.path.join(root, "gammurc")
    with open(rc, "w") as f:
        f.write(f"[gammu]\nmodel = dummy\nconnection = none\ndevice = {phone}\n")
    conf = os.path.join(root, "laiting.conf")
    with open(conf, "w") as f:
        f.write("[site]\nname = 基准测试\n\n[sms]\nreply-cap = 100\n")
    db = os.path.join(root, "laiting.db")
    env = dict(os.environ, TZ="Asia/Shanghai")
    with open(os.path.join(root, "laiting-sms.log"), "w") as log:
        start = time.monotonic()
        p = subprocess.Popen([binary, "--config", conf, "--db", db, "--gammurc", rc, "--once"],
                             stderr=log, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"laiting-sms failed with status {status}; see {root}/laiting-sms.log")
    con = sqlite3.connect(db)
    tickets = con.execute("SELECT count(*) FROM tickets").fetchone()[0]
    sent = con.execute("SELECT count(*) FROM outbox WHERE kind = 'receipt' AND state = 'sent'").fetchone()[0]
    con.close()
    if tickets != n or sent != n:
        sys.exit(f"laiting-sms: {tickets} tickets, {sent} receipts sent, expected {n}")
    return wall, cpu_of(usage), parts


SCRIPT = r"""#!/bin/sh
# RunOnReceive: store the message as a ticket and queue its receipt.
text=""
i=1
while [ "$i" -le "${DECODED_PARTS:-0}" ]; do
  eval "part=\${DECODED_${i}_TEXT}"
  text="$text$part"
  i=$((i + 1))
done
if [ -z "$text" ]; then
  i=1
  while [ "$i" -le "$SMS_MESSAGES" ]; do
    eval "part=\${SMS_${i}_TEXT}"
    text="$text$part"
    i=$((i + 1))
  done
fi
quoted=$(printf '%s' "$text" | sed "s/'/''/g")
id=$(sqlite3 -cmd ".timeout 5000" "__DB__" "INSERT INTO tickets (phone, text, created_at)
  VALUES ('$SMS_1_NUMBER', '$quoted', strftime('%s', 'now')); SELECT last_insert_rowid();")
gammu-smsd-inject -c "__RC__" TEXT "$SMS_1_NUMBER" -unicode \
  -text "【来听】您反映的问题已受理，回执号：$id，请保存。回复“查”加回执号可查询进度。" >/dev/null 2>&1
"""


def run_smsd(root, n):
    phone = new_phone(root)
    parts = fill_phone(phone, n)
    db = os.path.join(root, "tickets.db")
    subprocess.run(["sqlite3", db, "CREATE TABLE tickets (id INTEGER PRIMARY KEY,"
                    " phone TEXT, text TEXT, created_at INTEGER);"], check=True)
    dirs = {k: os.path.join(root, k) + "/" for k in ("inbox", "outbox", "sent", "error")}
    for d in dirs.values():
        os.makedirs(d)
    rc = os.path.join(root, "smsdrc")
    script = os.path.join(root, "on-receive.sh")
    with open(script, "w") as f:
        f.write(SCRIPT.replace("__DB__", db).replace("__RC__", rc))
    os.chmod(script, 0o755)
    with open(rc, "w") as f:
        f.write(f"""[gammu]
model = dummy
connection = none
device = {phone}

[smsd]
service = files
inboxpath = {dirs['inbox']}
outboxpath = {dirs['outbox']}
sentsmspath = {dirs['sent']}
errorsmspath = {dirs['error']}
inboxformat = standard
outboxformat = unicode
transmitformat = unicode
runonreceive = {script}
logfile = {root}/smsd.log
debuglevel = 0
checksecurity = 0
checkbattery = 0
checksignal = 0
checknetwork = 0
statusfrequency = 0
commtimeout = 1
loopsleep = 0
""")
    start = time.monotonic()
    p = subprocess.Popen(["gammu-smsd", "-c", rc], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = start + 1800
    while len(os.listdir(dirs["sent"])) < n and time.monotonic() < deadline:
        if p.poll() is not None:
            sys.exit(f"gammu-smsd exited early; see {root}/smsd.log")
        time.sleep(0.05)
    wall = time.monotonic() - start
    p.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(p.pid, 0)
    sent = len(os.listdir(dirs["sent"]))
    tickets = sqlite3.connect(db).execute("SELECT count(*) FROM tickets").fetchone()[0]
    if tickets != n or sent != n:
        sys.exit(f"gammu-smsd: {tickets} tickets, {sent} receipts sent, expected {n}")
    return wall, cpu_of(usage), parts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("laiting_sms", nargs="?", default="@LAITING_SMS@")
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    if not os.path.exists(args.laiting_sms):
        sys.exit("give the path of laiting-sms")
    root = tempfile.mkdtemp(prefix="bench-sms-")
    n = args.messages
    try:
        lw, lc, parts = run_laiting(args.laiting_sms, os.path.join(root, "a"), n)
        print(f"{n} messages ({parts} parts, a third of them multipart Chinese)")
        print(f"laiting-sms --once:                  wall {lw:7.2f} s  cpu {lc:7.2f} s"
              f"  ({lc / n * 1000:6.2f} ms cpu/message)", flush=True)
        sw, sc, _ = run_smsd(os.path.join(root, "b"), n)
        print(f"gammu-smsd + RunOnReceive + sqlite3: wall {sw:7.2f} s  cpu {sc:7.2f} s"
              f"  ({sc / n * 1000:6.2f} ms cpu/message)")
        print(f"ratio (alternative / laiting-sms):   wall {sw / lw:6.1f}x    cpu {sc / lc:6.1f}x")
    finally:
        if args.keep:
            print(f"work folder: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
