"""The CLI through the hub prints what it prints on the local file.

A real laiting-hub over TLS holds the store; the same `laiting` commands
run once through the hub with a staff token and once on the store file
itself (--db), and their standard output, standard error and exit codes
must be the same byte for byte. Writes go through the hub; refused writes
are tried both ways (they change nothing). Slips and the report come back
as PDFs whose text must match.
"""

import os
import re
import subprocess
import sys

import hallsenv
from hallsenv import Tap, check, run_cli

hallsenv.hubenv.LAITING_HUB = sys.argv[1]


def same(d, client, *args, files=()):
    """Runs @args both ways; the outputs must match. Returns the hub's run."""
    local_files = [f + ".local" for f in files]
    hub_args = list(args)
    local_args = [a if a not in files else a + ".local" for a in args]
    via_hub = run_cli(client, *hub_args)
    local = run_cli(d.config, *local_args, db=d.db)
    out_hub = via_hub.stdout.replace(".local", "")
    out_local = local.stdout.replace(".local", "")
    check((via_hub.returncode, out_hub, via_hub.stderr) == (local.returncode, out_local, local.stderr),
          f"laiting {' '.join(args)} differs:\nhub ({via_hub.returncode}):\n{via_hub.stdout}{via_hub.stderr}"
          f"\nlocal ({local.returncode}):\n{local.stdout}{local.stderr}")
    for f, lf in zip(files, local_files):
        a = subprocess.run(["pdftotext", "-layout", f, "-"], capture_output=True).stdout \
            if f.endswith(".pdf") else open(f, "rb").read()
        b = subprocess.run(["pdftotext", "-layout", lf, "-"], capture_output=True).stdout \
            if f.endswith(".pdf") else open(lf, "rb").read()
        # The slips say when they were printed, to the minute.
        a, b = (re.sub(rb"\d+:\d+", b"HH:MM", x) for x in (a, b))
        check(a == b and len(a) > 0, f"{f} differs from the local one:\n{a[:3000]!r}\n{b[:3000]!r}")
    return via_hub


def main():
    tap = Tap()
    d = hallsenv.District()
    try:
        token = d.add_device("desk", "staff")
        d.start()
        client = d.client_config("desk", token)
        pinned = d.client_config("pinned", token, pin=True)

        receipts = []

        def writes():
            for channel, text, phone in [("staff", "路灯坏了三天", "13912345678"),
                                         ("kiosk", "楼道堆放杂物\n影响通行", None),
                                         ("sms", "噪音扰民，晚上十一点还在施工", "13800138000")]:
                args = ["submit", "--channel", channel, "--category", "roads", "--text", text]
                if phone:
                    args += ["--phone", phone]
                r = run_cli(client, *args)
                check(r.returncode == 0 and len(r.stdout.strip()) == 9, r.stderr)
                receipts.append(r.stdout.strip())
            a, b, c = receipts
            for args in (["transfer", a, "--to", "城管执法队", "--note", "请尽快处理"],
                         ["note", b, "已电话联系"],
                         ["close", c, "--note", "已责令停工"],
                         ["reopen", c, "--note", "居民说还在施工"]):
                r = run_cli(client, *args)
                check(r.returncode == 0 and r.stdout == "", f"{args}: {r.stderr}")
            rows = d.sql("SELECT count(*) FROM events")
            check(rows[0][0] == 7, f"7 events stored, got {rows}")
        tap.run("writes through the hub reach the store", writes)

        def reads():
            a, b, c = receipts
            for args in (["list"], ["list", "--json"], ["list", "--status", "open"],
                         ["list", "--status", "closed"], ["list", "--status", "overdue"],
                         ["show", a], ["show", "--json", c], ["show", b[:3], b[3:6], b[6:]],
                         ["outbox"], ["outbox", "--json", "--state", "all"],
                         ["outbox", "--state", "sent"], ["categories"], ["list", "--date", "2020-01-01"]):
                same(d, client, *args)
        tap.run("reads print the same bytes both ways", reads)

        def refusals():
            a, b, c = receipts
            for args in (["show", "111111111"], ["show", "123456789"], ["reopen", a],
                         ["close", a], ["transfer", c, "--to", ""], ["list", "--status", "late"],
                         ["note", "111111111", "x"], ["nosuch"]):
                same(d, client, *args)
        tap.run("refusals: same sentence, same exit code", refusals)

        def documents():
            day = subprocess.run(["date", "+%Y-%m-%d"], capture_output=True, text=True).stdout.strip()
            slips = os.path.join(d.dir, "slips.pdf")
            same(d, client, "slips", "--date", day, "--output", slips, files=(slips,))
            roll = os.path.join(d.dir, "roll.pdf")
            same(d, client, "slips", "--date", day, "--format", "roll80", "--output", roll,
                 files=(roll,))
            report = os.path.join(d.dir, "report.pdf")
            csv = os.path.join(d.dir, "report.csv")
            same(d, client, "report", "--month", day[:7], "--output", report, "--csv", csv,
                 files=(report, csv))
        tap.run("slips and report through the hub", documents)

        def pin():
            r = run_cli(pinned, "list")
            check(r.returncode == 0 and r.stdout.count("\n") == 3, r.stderr)
            wrong = d.client_config("wrong", token, extra="")
            text = open(wrong).read().replace(f"ca-file = {d.cert}", "pin = " + "ab" * 32)
            open(wrong, "w").write(text)
            r = run_cli(wrong, "list")
            check(r.returncode == 1 and "连不上中心" in r.stderr and token not in r.stderr, r.stderr)
        tap.run("a pinned certificate is trusted, any other refused", pin)

        def switch():
            # The hub's own keys ([hub] listen, tls-*) do not make a client.
            r = run_cli(d.config, "list")
            check(r.returncode == 0 and r.stdout.count("\n") == 3, r.stderr)
            revoked = d.cli("device", "revoke", "desk")
            r = run_cli(client, "list")
            check(r.returncode == 1 and r.stderr.startswith("laiting: ") and token not in r.stderr,
                  r.stderr)
            down = d.client_config("down", token)
            d.stop()
            r = run_cli(down, "show", receipts[0])
            check(r.returncode == 1 and "连不上中心" in r.stderr, r.stderr)
            return revoked
        tap.run("only [hub] url makes a client; revoked and unreachable refused", switch)
    finally:
        d.close()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
