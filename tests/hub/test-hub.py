#!/usr/bin/python3
"""test-hub.py — laiting-hub end to end: TLS, tokens and roles, the JSON
API, bad input, slow clients, revocation, reload and stop.

   test-hub.py LAITING-HUB

A real hub on a loopback port with a certificate made here; curl and
Python's http.client as clients; the store read back with sqlite3.
"""

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hubenv  # noqa: E402
from hubenv import Env, check, check_status, receipt, request  # noqa: E402

if len(sys.argv) > 1:
    hubenv.LAITING_HUB = sys.argv[1]

tap = hubenv.Tap()

# One hub for the API cases; a few cases start their own.
env = Env(hub={"max-body": "65536", "read-timeout": "2"})
KIOSK = env.add_device("大厅A自助机", "kiosk", origin=21)
KIOSK_B = env.add_device("大厅B自助机", "kiosk", origin=22)
STAFF = env.add_device("街道前台", "staff")
OFFICE = env.add_device("城管办公室", "office", department="城管执法队")
OTHER_OFFICE = env.add_device("环卫办公室", "office", department="环卫所")
GATEWAY = env.add_device("短信网关", "gateway", origin=41)
env.start()

seq = {"n": 0}


def next_receipt(origin=21):
    seq["n"] += 1
    return receipt(origin, seq["n"])


def ticket_body(r, text="路灯坏了，晚上很黑", phone="13912345678", **more):
    body = {"receipt": r, "channel": "kiosk", "category": "roads", "text": text,
            "location": "3号楼", "phone": phone}
    body.update(more)
    return body


def count_tickets():
    return env.sql("SELECT count(*) FROM tickets")[0][0]


def receipt_sms(r):
    return env.sql("SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id"
                   " WHERE t.receipt = ? AND o.kind = 'receipt'", r)[0][0]


def test_tls_and_health():
    status, body, head = env.curl("GET", "/api/v1/health")
    check(status == 200 and body["status"] == "ok", f"health: {status} {body}")
    check(re.search(r"listening on https://127\.0\.0\.1:\d+/ \(TLS", env.log()),
          "the start line says TLS")
    # Without the certificate curl refuses the hub: it really is TLS.
    r = subprocess.run(["curl", "-sS", env.url("/api/v1/health")], capture_output=True)
    check(r.returncode != 0, "curl without --cacert must fail verification")


def test_submit_exactly_once():
    r = next_receipt()
    before = count_tickets()
    body = check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r)), 201, "first")
    check(body["receipt"] == r and body["status"] == "received", body)
    body = check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r)), 200, "again")
    check(body["receipt"] == r, body)
    err = check_status(env.curl("POST", "/api/v1/tickets", KIOSK,
                                ticket_body(r, text="另一件事")), 409, "other content")
    check(err["error"]["code"] == "conflict" and err["error"]["message"], err)
    check(count_tickets() == before + 1, "one ticket stored")
    check(receipt_sms(r) == 1, "one receipt SMS")
    check("conflict: 大厅A自助机 sent receipt %s" % r in env.log(), "the 409 is logged")
    stored = env.sql("SELECT text, channel FROM tickets WHERE receipt = ?", r)
    check(stored == [("路灯坏了，晚上很黑", "kiosk")], stored)


def test_tokens_and_roles():
    r = next_receipt()
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r)), 201, "setup")
    status, body, head = env.curl("GET", f"/api/v1/tickets/{r}")
    check(status == 401 and body["error"]["code"] == "unauthorized", body)
    check("WWW-Authenticate: Bearer" in head, head)
    bad = "lt_" + "A" * 43
    check_status(env.curl("GET", f"/api/v1/tickets/{r}", bad), 401, "unknown token")
    check(bad not in env.log(), "a token never reaches the log")
    check(KIOSK not in env.log(), "a token never reaches the log")
    # Wrong role: a gateway cannot submit or read tickets.
    err = check_status(env.curl("POST", "/api/v1/tickets", GATEWAY,
                                ticket_body(receipt(41, 1))), 403, "gateway submits")
    check("gateway" in err["error"]["message"], err)
    check_status(env.curl("GET", f"/api/v1/tickets/{r}", GATEWAY), 403, "gateway reads")
    # A kiosk may not use another origin's receipt, existing or not, and
    # the answer is the same either way.
    mine = receipt(22, 900)
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK_B, ticket_body(mine)), 201, "B")
    a = check_status(env.curl("GET", f"/api/v1/tickets/{mine}", KIOSK), 403, "other origin")
    other = receipt(22, 901)
    b = check_status(env.curl("GET", f"/api/v1/tickets/{other}", KIOSK), 403, "missing other")
    check(a["error"]["message"].replace("900", "").replace(mine[6:], "") ==
          b["error"]["message"].replace("901", "").replace(other[6:], ""), (a, b))
    err = check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(receipt(22, 902))),
                       403, "kiosk submits another origin's receipt")
    check(env.sql("SELECT count(*) FROM tickets WHERE receipt = ?", receipt(22, 902))[0][0] == 0,
          "nothing stored")
    # A kiosk reads progress only: never the text, phone, location or notes.
    body = check_status(env.curl("GET", f"/api/v1/tickets/{r}", KIOSK), 200, "kiosk reads")
    check(body["status"] == "received", body)
    flat = json.dumps(body, ensure_ascii=False)
    for secret in ("text", "phone", "location", "note", "13912345678", "路灯"):
        check(secret not in flat, f"kiosk sees {secret}: {flat}")
    # Staff see everything.
    body = check_status(env.curl("GET", f"/api/v1/tickets/{r}", STAFF), 200, "staff reads")
    check(body["phone"] == "13912345678" and body["text"], body)
    # The staff desk has no origin: it cannot bring a receipt.
    check_status(env.curl("POST", "/api/v1/tickets", STAFF, ticket_body(receipt(23, 1),
                                                                   channel="staff")),
                 403, "staff with a receipt")
    body = check_status(env.curl("POST", "/api/v1/tickets", STAFF,
                                 {"channel": "staff", "category": "noise", "text": "夜里施工"}),
                        201, "staff without a receipt")
    check(len(body["receipt"]) == 9, body)


def test_office_sees_its_department_only():
    r = next_receipt()
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r)), 201, "setup")
    # Not transferred yet: to the office it does not exist.
    hidden = check_status(env.curl("GET", f"/api/v1/tickets/{r}", OFFICE), 404, "before")
    missing = next_receipt()
    nothing = check_status(env.curl("GET", f"/api/v1/tickets/{missing}", OFFICE), 404, "missing")
    check(hidden["error"]["code"] == nothing["error"]["code"], (hidden, nothing))
    check(hidden["error"]["message"].replace(r[:3] + " " + r[3:6] + " " + r[6:], "R") ==
          nothing["error"]["message"].replace(missing[:3] + " " + missing[3:6] + " " +
                                              missing[6:], "R"), (hidden, nothing))
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/note", OFFICE, {"note": "看看"}), 404,
                 "office notes before transfer")
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/transfer", OFFICE, {"to": "城管执法队"}),
                 403, "office cannot transfer")
    body = check_status(env.curl("POST", f"/api/v1/tickets/{r}/transfer", STAFF,
                                 {"to": "城管执法队", "note": "请尽快处理"}), 200, "transfer")
    check(body["status"] == "transferred", body)
    body = check_status(env.curl("GET", f"/api/v1/tickets/{r}", OFFICE), 200, "office reads")
    check(body["text"] == "路灯坏了，晚上很黑", body)
    check_status(env.curl("GET", f"/api/v1/tickets/{r}", OTHER_OFFICE), 404, "other office")
    listed = check_status(env.curl("GET", "/api/v1/tickets?status=open", OFFICE), 200, "list")
    check([t["receipt"] for t in listed] == [r], listed)
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/note", OFFICE, {"note": "已派人"}), 200,
                 "office notes")
    body = check_status(env.curl("POST", f"/api/v1/tickets/{r}/close", OFFICE,
                                 {"note": "路灯已修好"}), 200, "office closes")
    check(body["status"] == "closed", body)
    kinds = [e["kind"] for e in body["events"]]
    check(kinds == ["created", "transferred", "note", "closed"], kinds)
    check(env.sql("SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id"
                  " WHERE t.receipt = ? AND o.kind = 'closure'", r)[0][0] == 1, "closure SMS")
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/reopen", OFFICE, {}), 403, "office reopen")


def test_staff_changes():
    r = next_receipt()
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r)), 201, "setup")
    err = check_status(env.curl("POST", f"/api/v1/tickets/{r}/rate", STAFF, {"rating": 1}), 400,
                       "rate an open ticket")
    check(err["error"]["message"], err)
    err = check_status(env.curl("POST", f"/api/v1/tickets/{r}/reopen", STAFF, {}), 409,
                       "reopen an open ticket")
    check(err["error"]["code"] == "illegal-change", err)
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/close", STAFF, {}), 400, "close w/o note")
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/close", STAFF, {"note": "已处理"}), 200,
                 "close")
    body = check_status(env.curl("POST", f"/api/v1/tickets/{r}/rate", STAFF, {"rating": 3}), 200,
                        "rate 3")
    check(body["status"] == "reopened", body)
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/rate", STAFF, {"rating": 7}), 400, "7")
    check_status(env.curl("GET", f"/api/v1/tickets/{r}/close", STAFF), 405, "GET on a POST path")
    err = check_status(env.curl("GET", "/api/v1/tickets/123456789", STAFF), 400, "check digit")
    check(err["error"]["code"] == "invalid-receipt", err)
    check_status(env.curl("GET", "/api/v1/nothing", STAFF), 404, "no such path")
    listed = check_status(env.curl("GET", "/api/v1/tickets?status=open&limit=2", STAFF), 200, "ls")
    check(len(listed) == 2, listed)
    check_status(env.curl("GET", "/api/v1/tickets?status=bogus", STAFF), 400, "bad filter")
    check_status(env.curl("GET", "/api/v1/tickets?date=2026-13-01", STAFF), 400, "bad date")
    today = time.strftime("%Y-%m-%d")
    listed = check_status(env.curl("GET", f"/api/v1/tickets?date={today}", STAFF), 200, "today")
    check(r in [t["receipt"] for t in listed], "today's list has the ticket")


def test_officers():
    env.cli("officer", "add", "李秀英", "--phone", "13700137000", "--department", "城管执法队")
    env.cli("officer", "on-duty", "城管执法队", "李秀英")
    listed = check_status(env.curl("GET", "/api/v1/officers", STAFF), 200, "staff reads officers")
    mine = [o for o in listed if o["name"] == "李秀英"]
    check(len(mine) == 1 and mine[0]["phone"].endswith("13700137000"), listed)
    check(mine[0]["department"] == "城管执法队" and mine[0]["on_duty"] == ["城管执法队"], mine)
    for who, name in ((KIOSK, "kiosk"), (GATEWAY, "gateway"), (OFFICE, "office")):
        check_status(env.curl("GET", "/api/v1/officers", who), 403, f"{name} reads officers")
    check_status(env.curl("GET", "/api/v1/officers"), 401, "no token")


def test_pdfs():
    status, body, head = env.curl("GET", "/api/v1/slips", STAFF)
    check(status == 200 and "application/pdf" in head and body[:5] == b"%PDF-", head)
    path = os.path.join(env.dir, "slips.pdf")
    with open(path, "wb") as f:
        f.write(body)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    check(receipt(21, 1)[:3] in text.replace(" ", ""), text[:300])
    status, body, head = env.curl("GET", "/api/v1/report?month=" + time.strftime("%Y-%m"), STAFF)
    check(status == 200 and body[:5] == b"%PDF-", head)
    check_status(env.curl("GET", "/api/v1/slips", KIOSK), 403, "kiosk prints")
    check_status(env.curl("GET", "/api/v1/report?month=2026-13", STAFF), 400, "bad month")


def test_bad_input_stores_nothing():
    before = count_tickets()
    r = next_receipt()
    cases = [
        ("invalid JSON", b'{"receipt": "%s", "text": ' % r.encode(), 400, "invalid-json"),
        ("invalid UTF-8", b'{"receipt": "%s", "channel": "kiosk", "category": "roads",'
         b' "text": "\xff\xfe bad"}' % r.encode(), 400, "invalid-encoding"),
        ("not an object", b'["a", "b"]', 400, "invalid-json"),
        ("deep nesting", b"[" * 30000 + b"]" * 30000, 400, "invalid-json"),
        ("empty body", b"", 400, "invalid-json"),
        ("wrong type", json.dumps(ticket_body(r, text=12345)).encode(), 400, "wrong-type"),
        ("wrong type (phone)", json.dumps(ticket_body(r, phone=["1"])).encode(), 400,
         "wrong-type"),
        ("missing text", json.dumps({"receipt": r, "channel": "kiosk",
                                     "category": "roads"}).encode(), 400, "missing-field"),
        ("unknown category", json.dumps(ticket_body(r) | {"category": "x'; --"}).encode(), 400,
         "invalid-value"),
        ("bad time", json.dumps(ticket_body(r, created_at="yesterday")).encode(), 400,
         "invalid-value"),
        ("NUL in text", json.dumps(ticket_body(r, text="a\u0000b")).encode(), 400, None),
    ]
    for name, raw, want, code in cases:
        status, body, head = env.curl("POST", "/api/v1/tickets", KIOSK, raw=raw,
                                      headers=["Content-Type: application/json"])
        check(status == want, f"{name}: {status} {body!r:.300}")
        check(isinstance(body, dict) and body["error"]["message"], f"{name}: {body!r:.300}")
        if code:
            check(body["error"]["code"] == code, f"{name}: {body}")
    status, body, head = env.curl("POST", "/api/v1/tickets", KIOSK, raw=b"receipt=1",
                                  headers=["Content-Type: application/x-www-form-urlencoded"])
    check(status == 415, f"form body: {status} {body}")
    check(count_tickets() == before, "nothing stored by bad input")
    # Nesting up to the limit (16 levels, the body's own object included) is
    # still JSON the hub reads; one level more is refused.
    for depth, want in ((16, 201), (17, 400)):
        r = next_receipt()
        raw = json.dumps(ticket_body(r)).encode()[:-1] + (
            b', "extra": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}")
        status, body, head = env.curl("POST", "/api/v1/tickets", KIOSK, raw=raw,
                                      headers=["Content-Type: application/json"])
        check(status == want, f"nesting {depth}: {status} {body!r:.300}")
    before = count_tickets()
    # SQL metacharacters are words like any other.
    nasty = "'); DROP TABLE tickets; -- \" OR 1=1 /* ％ _ \\"
    r = next_receipt()
    body = check_status(env.curl("POST", "/api/v1/tickets", KIOSK,
                                 ticket_body(r, text=nasty, location="'; DELETE FROM outbox;--")),
                        201, "metacharacters")
    stored = env.sql("SELECT text, location FROM tickets WHERE receipt = ?", r)
    check(stored == [(nasty, "'; DELETE FROM outbox;--")], stored)
    check(count_tickets() == before + 1, "the table is intact")
    status, body, head = env.curl("GET", "/api/v1/tickets/" + "1%27%20OR%201%3D1", STAFF)
    check(status == 400, f"metacharacters in a path: {status}")


def test_oversize():
    before = count_tickets()
    big = json.dumps(ticket_body(next_receipt(), text="长" * 4000) |
                     {"padding": "x" * 70000}).encode()
    # Declared length over the limit: 413 at once.
    status, body, head = env.curl("POST", "/api/v1/tickets", KIOSK, raw=big,
                                  headers=["Content-Type: application/json"])
    check(status == 413 and body["error"]["code"] == "payload-too-large", (status, body))
    # Chunked, no length: counted as it comes, refused once over.
    status, body, head = env.curl("POST", "/api/v1/tickets", KIOSK, raw=big,
                                  headers=["Content-Type: application/json",
                                           "Transfer-Encoding: chunked"])
    check(status == 413, (status, body))
    # A big body with Expect: 100-continue is refused before it is sent.
    status, body, head = env.curl("POST", "/api/v1/tickets", KIOSK, raw=big * 20,
                                  headers=["Content-Type: application/json",
                                           "Expect: 100-continue"])
    check(status == 413, (status, body))
    check(count_tickets() == before, "nothing stored")
    check_status(env.curl("GET", "/api/v1/health"), 200, "still serving")


def test_slow_client_cut_off():
    """A client sending one byte at a time is cut off after read-timeout (2 s
    here) while everyone else is served."""
    s = env.raw_socket()
    s.sendall(b"P")
    started = time.monotonic()
    served = []
    while time.monotonic() - started < 1.5:
        t0 = time.monotonic()
        check_status(env.curl("GET", "/api/v1/health"), 200, "others served")
        served.append(time.monotonic() - t0)
    s.settimeout(10)
    try:
        data = s.recv(100)
    except (ConnectionResetError, ssl.SSLError):
        data = b""
    waited = time.monotonic() - started
    check(data == b"", f"the slow client got {data!r}")
    check(1.5 <= waited < 6, f"cut off after {waited:.1f} s")
    check(max(served) < 1.0, f"others waited {max(served):.2f} s")
    env.wait_log(r"client 127\.0\.0\.1 too slow|too slow")
    # A request whose body trickles in is cut off the same way.
    s = env.raw_socket()
    s.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: application/json\r\nContent-Length: 100\r\n"
              b"Authorization: Bearer " + KIOSK.encode() + b"\r\n\r\n{")
    started = time.monotonic()
    try:
        while True:
            time.sleep(0.5)
            s.sendall(b" ")
    except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
        pass
    waited = time.monotonic() - started
    check(waited < 6, f"trickling body cut off after {waited:.1f} s")


def test_revoked_token_stops_at_once():
    token = env.add_device("临时自助机", "kiosk", origin=29)
    conn = env.connection()
    check_status(request(conn, "POST", "/api/v1/tickets", token,
                         ticket_body(receipt(29, 1))), 201, "before revoke")
    env.cli("device", "revoke", "临时自助机")
    # Same kept-alive connection, the very next request.
    err = check_status(request(conn, "POST", "/api/v1/tickets", token,
                               ticket_body(receipt(29, 2))), 401, "after revoke")
    check(err["error"]["code"] == "unauthorized", err)
    check_status(request(conn, "GET", f"/api/v1/tickets/{receipt(29, 1)}", token), 401, "read")
    check(env.sql("SELECT count(*) FROM tickets WHERE receipt = ?", receipt(29, 2))[0][0] == 0,
          "nothing stored after revoke")
    conn.close()


def test_last_seen():
    out = env.cli("device", "list").stdout
    line = [l for l in out.splitlines() if l.startswith("大厅A自助机")][0]
    check("127.0.0.1" in line, line)


def test_bad_tokens_slowed_down():
    e = Env(hub={"bad-token-limit": "3"})
    try:
        good = e.add_device("前台", "staff")
        e.start()
        for i in range(3):
            check_status(e.curl("GET", "/api/v1/tickets", "lt_bad%d" % i), 401, "bad token")
        status, body, head = e.curl("GET", "/api/v1/tickets", "lt_bad")
        check(status == 429 and "Retry-After:" in head, (status, head))
        # While it must wait, even a good token from there is not looked at.
        check_status(e.curl("GET", "/api/v1/tickets", good), 429, "good token waits too")
        e.wait_log("must wait")
        check(e.stop() == 0, "clean stop")
    finally:
        e.close()


def test_no_certificate_loopback_only():
    e = Env(tls=False, hub={"listen": "0.0.0.0:0;127.0.0.1:0"})
    try:
        staff = e.add_device("前台", "staff")
        e.start()
        e.wait_log(r"not listening on 0\.0\.0\.0:0: no tls-certificate")
        e.wait_log(r"plain HTTP, loopback only")
        check_status(e.curl("GET", "/api/v1/tickets", staff), 200, "plain on loopback")
        check(e.stop() == 0, "clean stop")
    finally:
        e.close()
    e = Env(tls=False, hub={"listen": "0.0.0.0:0", "allow-plain-http": "true"})
    try:
        e.start(wait=False)
        e.wait_log(r"INSECURE")
        check(e.stop() == 0, "clean stop")
    finally:
        e.close()
    e = Env(tls=False, hub={"allow-plain-http": "yes"})
    try:
        p = e.start(wait=False)
        check(p.wait(timeout=60) == 1, "a mistyped allow-plain-http is an error")
        check("allow-plain-http" in e.log(), e.log())
    finally:
        e.close()


def test_wrong_key_exits_1():
    e = Env()
    try:
        _, other_key = hubenv.make_cert(e.dir, "other")
        for key, what in ((other_key, "不配套"), (os.path.join(e.dir, "missing.key"), "missing"),
                          (e.dir, "a folder")):
            e.hub_settings["tls-key"] = key
            e.write_config()
            p = e.start(wait=False)
            check(p.wait(timeout=60) == 1, f"{what}: exit status {p.returncode}")
            lines = [l for l in e.log().splitlines() if l.strip()]
            check(lines and lines[-1].startswith("laiting-hub: ") and key in lines[-1],
                  f"{what}: {e.log()}")
            check(len(lines) == 1, f"one sentence: {lines}")
            os.truncate(e.log_path, 0)
    finally:
        e.close()


def test_sighup_reloads_certificate():
    e = Env()
    try:
        e.add_device("前台", "staff")
        e.start()
        first = ssl.get_server_certificate(("127.0.0.1", e.port))
        cert2, key2 = hubenv.make_cert(e.dir, "next")
        os.replace(cert2, e.cert)
        os.replace(key2, e.key)
        e.signal(signal.SIGHUP)
        e.wait_log("reloaded")
        second = ssl.get_server_certificate(("127.0.0.1", e.port))
        check(first != second, "the new certificate is served")
        check_status(e.curl("GET", "/api/v1/health"), 200, "verifies with the new file")
        # A broken new config keeps the running one.
        e.hub_settings["max-body"] = "lots"
        e.write_config()
        e.signal(signal.SIGHUP)
        e.wait_log("not reloaded.*max-body")
        check(e.proc.poll() is None, "still running")
        check_status(e.curl("GET", "/api/v1/health"), 200, "still serving")
        check(e.stop() == 0, "clean stop")
    finally:
        e.close()


def test_sigterm_finishes_in_flight():
    e = Env()
    try:
        kiosk = e.add_device("自助机", "kiosk", origin=30)
        e.start()
        body = json.dumps(ticket_body(receipt(30, 7))).encode()
        s = e.raw_socket()
        s.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: localhost\r\n"
                  b"Content-Type: application/json\r\nContent-Length: %d\r\n"
                  b"Authorization: Bearer %s\r\n\r\n" % (len(body), kiosk.encode()) + body[:10])
        time.sleep(0.3)
        e.signal(signal.SIGTERM)
        e.wait_log("stopping: 1 request in flight")
        # New requests are turned away meanwhile.
        status, answer, head = e.curl("GET", "/api/v1/tickets", kiosk)
        check(status == 503, f"during the stop: {status}")
        s.sendall(body[10:])
        answer = s.recv(65536)
        check(answer.startswith(b"HTTP/1.1 201"), answer[:200])
        check(e.proc.wait(timeout=60) == 0, "exit 0 after the stop")
        check(e.sql("SELECT count(*) FROM tickets WHERE receipt = ?", receipt(30, 7))[0][0] == 1,
              "the in-flight ticket was stored")
        check("stopped" in e.log(), e.log())
    finally:
        e.close()


def test_inbound_sms():
    msg = {"dedupe_key": "+8613900001111|20261201140000|1", "sender": "+8613900001111",
           "text": "小区门口垃圾三天没人收", "sent_at": "2026-12-01T14:00:00+08:00"}
    check_status(env.curl("POST", "/api/v1/sms/inbound", KIOSK, msg), 403, "a kiosk forwards")
    first = check_status(env.curl("POST", "/api/v1/sms/inbound", GATEWAY, msg), 201, "first copy")
    check(first["action"] == "new-ticket" and len(first["receipt"]) == 9, first)
    again = check_status(env.curl("POST", "/api/v1/sms/inbound", GATEWAY, msg), 200, "second")
    check(again["duplicate"] is True, again)
    check(env.sql("SELECT count(*) FROM inbound WHERE dedupe_key = ?",
                  msg["dedupe_key"])[0][0] == 1, "stored once")
    check(receipt_sms(first["receipt"]) == 1, "one receipt SMS")
    # The residents' rules run on the hub: a status query gets a status reply.
    query = dict(msg, dedupe_key="q1", text="查 " + first["receipt"])
    got = check_status(env.curl("POST", "/api/v1/sms/inbound", GATEWAY, query), 201, "query")
    check(got["action"] == "status", got)
    check_status(env.curl("POST", "/api/v1/sms/inbound", GATEWAY, {"sender": "1"}), 400,
                 "missing fields")


def test_outbox_leases():
    other = env.add_device("短信网关二", "gateway", origin=42)
    for i in range(6):
        check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(next_receipt())), 201,
                     "queue SMS")
    got = {}

    def lease(name, token):
        conn = env.connection()
        got[name] = check_status(request(conn, "POST", "/api/v1/outbox/lease", token,
                                         {"max": 100, "lease_seconds": 60}), 200, "lease")
        conn.close()

    threads = [threading.Thread(target=lease, args=(n, t))
               for n, t in (("a", GATEWAY), ("b", other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a = {m["id"] for m in got["a"]["messages"]}
    b = {m["id"] for m in got["b"]["messages"]}
    check(len(a | b) >= 6 and not (a & b), f"two gateways hold the same row: {a & b}")
    check_status(env.curl("POST", "/api/v1/outbox/lease", STAFF, {}), 403, "staff leases")
    # Whichever gateway won the rows reports them; the other may not.
    holder, loser, rows = ((GATEWAY, other, got["a"]["messages"]) if len(a) >= 2
                           else (other, GATEWAY, got["b"]["messages"]))
    m = rows[0]
    check(m["phone"] and m["body"], m)
    err = check_status(env.curl("POST", f"/api/v1/outbox/{m['id']}/report", loser,
                                {"sent": True, "modem_ref": 3}), 409, "another's row")
    check(err["error"]["code"] == "lease-lost", err)
    check_status(env.curl("POST", f"/api/v1/outbox/{m['id']}/report", holder,
                          {"sent": True, "modem_ref": 3}), 200, "report sent")
    check(env.sql("SELECT state FROM outbox WHERE id = ?", m["id"]) == [("sent",)], "sent")
    m2 = rows[1]
    check_status(env.curl("POST", f"/api/v1/outbox/{m2['id']}/report", holder,
                          {"sent": False}), 400, "failure without a reason")
    check_status(env.curl("POST", f"/api/v1/outbox/{m2['id']}/report", holder,
                          {"sent": False, "reason": "modem busy",
                           "retry_at": "2030-01-01T00:00:00+08:00"}), 200, "report failed")
    check(env.sql("SELECT state FROM outbox WHERE id = ?", m2["id"]) == [("queued",)], "requeued")


def test_lease_expires():
    """A gateway that never reports loses its rows when the lease ends."""
    e = Env()
    try:
        kiosk = e.add_device("自助机", "kiosk", origin=30)
        g1 = e.add_device("网关一", "gateway", origin=41)
        g2 = e.add_device("网关二", "gateway", origin=42)
        t0 = int(time.time())
        e.start(now=t0)
        check_status(e.curl("POST", "/api/v1/tickets", kiosk, ticket_body(receipt(30, 1))), 201, "")
        first = check_status(e.curl("POST", "/api/v1/outbox/lease", g1, {"lease_seconds": 60}),
                             200, "g1 leases")
        check(len(first["messages"]) == 1, first)
        none = check_status(e.curl("POST", "/api/v1/outbox/lease", g2, {}), 200, "g2 leases")
        check(none["messages"] == [], f"g2 got a leased row: {none}")
        e.stop()
        e.start(now=t0 + 61)
        second = check_status(e.curl("POST", "/api/v1/outbox/lease", g2, {}), 200, "after expiry")
        check([m["id"] for m in second["messages"]] == [first["messages"][0]["id"]], second)
        check_status(e.curl("POST", f"/api/v1/outbox/{second['messages'][0]['id']}/report", g1,
                            {"sent": True}), 409, "the late gateway's report")
        check(e.stop() == 0, "clean stop")
    finally:
        e.close()


def test_open311_mount():
    platform = env.add_device("市12345平台", "open311")
    status, body, head = env.curl("GET", "/open311/discovery.json")
    check(status == 200 and body["endpoints"], (status, body))
    status, body, head = env.curl("GET", "/open311/v2/services.xml")
    check(status == 200, status)
    xml = os.path.join(env.dir, "services.xml")
    with open(xml, "wb") as f:
        f.write(body)
    check(subprocess.run(["xmllint", "--noout", xml]).returncode == 0, "well-formed XML")
    status, body, head = env.curl("GET", "/open311/v2/requests.json")
    check(status == 403, f"requests without api_key: {status}")
    status, body, head = env.curl("GET", f"/open311/v2/requests.json?api_key={KIOSK}")
    check(status == 403, f"a kiosk token as api_key: {status}")
    status, body, head = env.curl("POST", "/open311/v2/requests.json", extra=[
        "--data-urlencode", f"api_key={platform}", "--data-urlencode", "service_code=roads",
        "--data-urlencode", "description=人行道地砖松动", "--data-urlencode", "lat=30.1",
        "--data-urlencode", "long=120.2"])
    check(status in (200, 201), (status, body))
    rid = body[0]["service_request_id"]
    check(env.sql("SELECT channel FROM tickets WHERE receipt = ?", rid) == [("platform",)], rid)
    status, body, head = env.curl("GET", f"/open311/v2/requests/{rid}.json?api_key={platform}")
    check(status == 200 and body[0]["service_request_id"] == rid, (status, body))
    check("phone" not in json.dumps(body), body)
    check(platform not in env.log(), "the api_key never reaches the log")


# ---- voice notes ---------------------------------------------------------

OGG = b"OggS\x00\x02" + bytes(range(256)) * 40   # the magic is what the hub checks


def put_voice(r, token, data=OGG, seconds="42", content_type="audio/ogg"):
    query = f"?seconds={seconds}" if seconds is not None else ""
    return env.curl("PUT", f"/api/v1/tickets/{r}/voice{query}", token, raw=data,
                    headers=[f"Content-Type: {content_type}"])


def voice_rows(r):
    return env.sql("SELECT a.seconds, a.path FROM attachments a JOIN tickets t"
                   " ON t.id = a.ticket_id WHERE t.receipt = ?", r)


def test_voice_upload():
    r = next_receipt()
    # A note for a ticket the hub does not hold yet: 404, the spool retries.
    status, body, _ = put_voice(r, KIOSK)
    check(status == 404 and body["error"]["code"] == "not-found", (status, body))
    check("请先上传工单" in body["error"]["message"], body)
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r)), 201, "ticket")

    for token, want, what in ((None, 401, "no token"), ("nonsense", 401, "unknown token"),
                              (KIOSK_B, 403, "another origin's kiosk"),
                              (GATEWAY, 403, "a gateway"), (OFFICE, 403, "an office")):
        status, body, _ = put_voice(r, token)
        check(status == want and "error" in body, f"{what}: {status} {body}")
    status, body, _ = put_voice(r, KIOSK, data=b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(64))
    check(status == 415 and body["error"]["code"] == "unsupported-media-type", (status, body))
    status, body, _ = put_voice(r, KIOSK, content_type="application/json")
    check(status == 415, (status, body))
    for seconds in (None, "0", "-3", "abc", "999"):
        status, body, _ = put_voice(r, KIOSK, seconds=seconds)
        check(status == 400 and body["error"]["message"], f"seconds={seconds}: {status} {body}")
    status, body, _ = put_voice(r, KIOSK, data=b"OggS" + bytes(70000))
    check(status == 413, f"over max-body: {status} {body}")
    check(voice_rows(r) == [], "nothing refused was stored")

    body = check_status(put_voice(r, KIOSK), 201, "first upload")
    check(body == {"receipt": r, "kind": "voice", "seconds": 42}, body)
    body = check_status(put_voice(r, KIOSK), 200, "the same note again")
    rows = voice_rows(r)
    check(len(rows) == 1 and rows[0][0] == 42, rows)
    stored = os.path.join(env.dir, rows[0][1])
    with open(stored, "rb") as f:
        check(f.read() == OGG, "the file holds the bytes sent")
    status, body, _ = put_voice(r, KIOSK, data=OGG + b"more")
    check(status == 409 and body["error"]["code"] == "conflict", (status, body))
    with open(stored, "rb") as f:
        check(f.read() == OGG, "a conflicting note changes nothing")
    check(len(voice_rows(r)) == 1, "still one note")
    env.wait_log(rf"conflict: 大厅A自助机 sent another voice note for {r} \(409\)")
    # Staff may file one too, for any ticket.
    r2 = next_receipt()
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r2)), 201, "ticket 2")
    check_status(put_voice(r2, STAFF, seconds="7"), 201, "staff upload")


def test_voice_download():
    platform = env.add_device("市12345平台-语音", "open311")
    r = next_receipt()
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r)), 201, "ticket")
    check_status(put_voice(r, KIOSK, seconds="80"), 201, "upload")
    path = f"/api/v1/tickets/{r}/voice"

    status, data, head = env.curl("GET", path, STAFF)
    check(status == 200 and data == OGG, f"staff download: {status}")
    check("content-type: audio/ogg" in head.lower(), head)
    check("x-laiting-seconds: 80" in head.lower(), head)
    body = check_status(env.curl("GET", f"/api/v1/tickets/{r}", STAFF), 200, "ticket view")
    check(body["attachments"] == [{"kind": "voice", "seconds": 80,
                                   "path": os.path.join(env.dir, "attachments",
                                                        f"{r}-voice.ogg")}], body)
    for token, what in ((KIOSK, "its own kiosk"), (GATEWAY, "a gateway"),
                        (platform, "an open311 platform")):
        status, body, _ = env.curl("GET", path, token)
        check(status == 403 and body["error"]["code"] == "forbidden", f"{what}: {status} {body}")
    body = check_status(env.curl("GET", f"/api/v1/tickets/{r}", KIOSK), 200, "kiosk view")
    check("attachments" not in body, "a kiosk never sees the attachments")
    status, _, _ = env.curl("GET", path)
    check(status == 401, f"no token: {status}")

    # An office: only once the ticket is its department's.
    status, body, _ = env.curl("GET", path, OFFICE)
    check(status == 404, f"office before transfer: {status} {body}")
    check_status(env.curl("POST", f"/api/v1/tickets/{r}/transfer", STAFF,
                          {"to": "城管执法队", "note": "请处理"}), 200, "transfer")
    status, data, _ = env.curl("GET", path, OFFICE)
    check(status == 200 and data == OGG, f"office after transfer: {status}")
    status, body, _ = env.curl("GET", path, OTHER_OFFICE)
    check(status == 404, f"another department: {status} {body}")

    r2 = next_receipt()
    check_status(env.curl("POST", "/api/v1/tickets", KIOSK, ticket_body(r2)), 201, "ticket 2")
    status, body, _ = env.curl("GET", f"/api/v1/tickets/{r2}/voice", STAFF)
    check(status == 404 and "没有语音留言" in body["error"]["message"], (status, body))


import re  # noqa: E402

tap.run("TLS with a certificate made by openssl; health", test_tls_and_health)
tap.run("submit: 201, 200 the same again, 409 other content; one ticket, one SMS",
        test_submit_exactly_once)
tap.run("401 without or with an unknown token, 403 wrong role or origin", test_tokens_and_roles)
tap.run("an office sees only its department's tickets", test_office_sees_its_department_only)
tap.run("staff changes, the state machine's 409, list filters", test_staff_changes)
tap.run("officers for 转办: staff only", test_officers)
tap.run("slips and report as PDF", test_pdfs)
tap.run("bad input: clear 4xx, nothing stored; SQL metacharacters are text",
        test_bad_input_stores_nothing)
tap.run("bodies over max-body: 413, declared or chunked", test_oversize)
tap.run("a client sending a byte at a time is cut off; others are served",
        test_slow_client_cut_off)
tap.run("an inbound SMS forwarded twice is stored once; the residents' rules run",
        test_inbound_sms)
tap.run("outbox leases: two gateways never hold the same row; reports", test_outbox_leases)
tap.run("a lease that ends without a report goes back to the queue", test_lease_expires)
tap.run("Open311 at /open311/: public discovery, api_key of an open311 device",
        test_open311_mount)
tap.run("voice note upload: roles, not Ogg, seconds, too big, 404 before the ticket,"
        " 201, 200 again, 409 another", test_voice_upload)
tap.run("voice note download: staff, an office for its department; never kiosk, gateway,"
        " open311", test_voice_download)
tap.run("a token revoked mid-session stops at once", test_revoked_token_stops_at_once)
tap.run("device list shows last seen and from where", test_last_seen)
tap.run("repeated bad tokens from one address are slowed down", test_bad_tokens_slowed_down)
tap.run("without a certificate: loopback only, and says so", test_no_certificate_loopback_only)
tap.run("a wrong or unreadable key: one sentence, exit 1", test_wrong_key_exits_1)
tap.run("SIGHUP reloads the certificate; a broken config is kept out", test_sighup_reloads_certificate)
tap.run("SIGTERM lets a request in flight finish", test_sigterm_finishes_in_flight)

code = env.stop()
tap.run("the shared hub stops cleanly", lambda: check(code == 0, f"exit {code}"))
env.close()
sys.exit(tap.done())
