"""fake-modem.py — a scripted GSM modem for gammu's `proxyat` connection.

gammu starts this program and speaks AT to it over stdin/stdout. It keeps
its SIM in a state folder, so a modem that exits (on purpose, mid-send)
and is started again by gammu finds its messages where it left them:

  state.json   {"slots": {"1": {"stat": 1, "pdu": "07…"}},
                "next_ref": 1, "sends": 0,
                "errors": {"AT+CMGL": ["+CMS ERROR: 322"]},  answers to the next
                                                      commands starting so
                "exit_on_send": [2],                  die on the Nth PDU, unanswered
                "reports": true}                      put a status report for each send
  sent.jsonl   one line per PDU received: {"pdu", "ref", "confirmed"}
  at.log       every command, for a person reading a failure

Usage (the gammurc's device line): python3 fake-modem.py STATE-DIR
"""

import json
import os
import sys
import time

STATE = sys.argv[1]


def load():
    with open(os.path.join(STATE, "state.json")) as f:
        return json.load(f)


def save(state):
    tmp = os.path.join(STATE, "state.json.tmp")
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, os.path.join(STATE, "state.json"))


def out(text):
    sys.stdout.buffer.write(text.encode())
    sys.stdout.buffer.flush()


def log(line):
    with open(os.path.join(STATE, "at.log"), "a") as f:
        f.write(line + "\n")


def tpdu_len(pdu_hex):
    smsc_len = int(pdu_hex[:2], 16)
    return len(pdu_hex) // 2 - 1 - smsc_len


def semi_octets(digits):
    digits = digits + ("F" if len(digits) % 2 else "")
    return "".join(digits[i + 1] + digits[i] for i in range(0, len(digits), 2))


def status_report(submit_hex, ref, status):
    """An SMS-STATUS-REPORT for the SMS-SUBMIT we just took (GSM 03.40)."""
    data = bytes.fromhex(submit_hex)
    smsc_len = data[0]
    tp = data[1 + smsc_len:]
    addr_len = tp[2]  # digits
    addr = tp[2:2 + 2 + (addr_len + 1) // 2]
    now = time.gmtime()
    stamp = semi_octets("%02d%02d%02d%02d%02d%02d" % (now.tm_year % 100, now.tm_mon, now.tm_mday,
                                                      now.tm_hour, now.tm_min, now.tm_sec)) + "00"
    body = "06" + "%02X" % ref + addr.hex().upper() + stamp + stamp + "%02X" % status
    return "00" + body


def listing(state):
    lines = []
    for idx in sorted(state["slots"], key=int):
        slot = state["slots"][idx]
        lines.append("+CMGL: %s,%d,,%d\r\n%s\r\n" % (idx, slot["stat"], slot.get("len", tpdu_len(slot["pdu"])), slot["pdu"]))
    return "".join(lines)


def answer(cmd, state):
    """Returns the reply to one command line (without the echo)."""
    c = cmd.upper()
    for prefix, errors in state.get("errors", {}).items():
        if c.startswith(prefix) and errors:
            err = errors.pop(0)
            save(state)
            return err
    if c == "AT+CSCS=?":
        return '+CSCS: ("GSM","UCS2")\r\nOK'
    if c in ("AT", "ATE1", "ATE0", "AT+CMEE=1", "AT+CFUN=1", "AT+CMGF=0") or c.startswith("AT+CNMI") \
            or c.startswith("AT+CSCS="):
        return "OK"
    if c == "AT+CGMI":
        return "laiting\r\nOK"
    if c == "AT+CGMM":
        return "scripted-modem\r\nOK"
    if c == "AT+CGMR":
        return "1.0\r\nOK"
    if c == "AT+CGSN":
        return "356938035643809\r\nOK"
    if c == "AT+CSCS?":
        return '+CSCS: "GSM"\r\nOK'
    if c == "AT+CSCA?":
        return '+CSCA: "+8613800100500",145\r\nOK'
    if c == "AT+CPMS=?":
        return '+CPMS: ("SM"),("SM"),("SM")\r\nOK'
    cap = state.get("capacity", 30)
    n = len(state["slots"])
    if c.startswith("AT+CPMS="):
        return "+CPMS: %d,%d,%d,%d,%d,%d\r\nOK" % (n, cap, n, cap, n, cap)
    if c == "AT+CPMS?":
        return '+CPMS: "SM",%d,%d,"SM",%d,%d,"SM",%d,%d\r\nOK' % (n, cap, n, cap, n, cap)
    if c.startswith("AT+CMGL"):
        return listing(state) + "OK"
    if c.startswith("AT+CMGR="):
        idx = c.split("=")[1]
        slot = state["slots"].get(idx)
        if slot is None:
            # Past the last message, "ERROR" (gammu: empty) ends a
            # one-by-one read; inside, an invalid index.
            last = max([int(k) for k in state["slots"]] + [0])
            return "+CMS ERROR: 321" if int(idx) < last else "ERROR"
        return "+CMGR: %d,,%d\r\n%s\r\nOK" % (slot["stat"], slot.get("len", tpdu_len(slot["pdu"])), slot["pdu"])
    if c.startswith("AT+CMGD="):
        idx = c.split("=")[1].split(",")[0]
        if state["slots"].pop(idx, None) is None:
            return "+CMS ERROR: 321"
        save(state)
        return "OK"
    return "ERROR"


def read_pdu(stdin):
    """The PDU after the '> ' prompt, up to Ctrl-Z."""
    data = b""
    while True:
        ch = stdin.read(1)
        if not ch:
            return None
        if ch == b"\x1a":
            return data.decode().strip()
        if ch == b"\x1b":
            return None
        data += ch


def main():
    stdin = sys.stdin.buffer
    line = b""
    while True:
        ch = stdin.read(1)
        if not ch:
            return
        if ch not in (b"\r", b"\n"):
            line += ch
            continue
        cmd = line.decode(errors="replace").strip()
        line = b""
        if not cmd:
            continue
        state = load()
        log(cmd)
        out(cmd + "\r")
        if cmd.upper().startswith("AT+CMGS="):
            out("\r\n> ")
            pdu = read_pdu(stdin)
            if pdu is None:
                out("\r\nERROR\r\n")
                continue
            state["sends"] = state.get("sends", 0) + 1
            dying = state["sends"] in state.get("exit_on_send", [])
            ref = state.get("next_ref", 1)
            if dying:
                with open(os.path.join(STATE, "sent.jsonl"), "a") as f:
                    f.write(json.dumps({"pdu": pdu, "ref": ref, "confirmed": False}) + "\n")
                save(state)
                log("exiting mid-send")
                os._exit(0)
            refused = state.get("errors", {}).get("AT+CMGS")
            if refused:
                err = refused.pop(0)
                save(state)
                with open(os.path.join(STATE, "sent.jsonl"), "a") as f:
                    f.write(json.dumps({"pdu": pdu, "ref": None, "confirmed": False,
                                        "refused": err}) + "\n")
                out("\r\n%s\r\n" % err)
                continue
            state["next_ref"] = ref % 255 + 1
            with open(os.path.join(STATE, "sent.jsonl"), "a") as f:
                f.write(json.dumps({"pdu": pdu, "ref": ref, "confirmed": True}) + "\n")
            if state.get("reports"):
                idx = str(max([int(k) for k in state["slots"]] + [state.get("last_idx", 0)]) + 1)
                state["last_idx"] = int(idx)
                state["slots"][idx] = {"stat": 0, "pdu": status_report(pdu, ref, 0)}
            save(state)
            out("\r\n+CMGS: %d\r\n\r\nOK\r\n" % ref)
            continue
        out("\r\n" + answer(cmd, state) + "\r\n")


main()
