#!/bin/bash
# test-cli.sh — the `laiting` command line as staff and scripts use it:
# exact output shapes, exit codes (0 done, 1 refused, 2 bad usage) and one
# clear sentence on stderr, never a bare SQLite message. TAP output.

set -u
export TZ=${TZ:-Asia/Shanghai}
CLI=${LAITING_CLI:?set by meson}
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/laiting.db"
n=0
failed=0

ok ()   { n=$((n + 1)); echo "ok $n - $1"; }
fail () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check () { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

# Runs the CLI; sets $out, $err and $rc.
run () {
  out=$("$CLI" --db "$db" "$@" 2>"$dir/err"); rc=$?
  err=$(cat "$dir/err")
}

one_sentence () {
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ $err == laiting:* ]] &&
    ! grep -qiE 'sqlite|SQL logic|constraint failed' <<<"$err"
}

run init
check "init creates the database" test "$rc" -eq 0 -a -f "$db"

run categories
check "categories lists the ten default codes" \
  test "$(cut -f1 <<<"$out" | tr '\n' ' ')" = "utilities roads sanitation noise property elderly jobs health safety other "
check "categories gives name and due days" grep -qP '^roads\t道路交通\t\d+$' <<<"$out"

run submit --channel kiosk --category roads --text "小区东门路灯不亮 💡 'x'; DROP TABLE tickets;--" \
  --phone "+86 139 1234 5678" --location "3号楼"
r1=$out
check "submit prints the 9-digit receipt alone" grep -qxE '[0-9]{9}' <<<"$r1"
check "submit exits 0" test "$rc" -eq 0

spaced="${r1:0:3} ${r1:3:3} ${r1:6:3}"
fullwidth=$($PY -c "import sys; print(''.join(chr(ord(c)+0xFEE0) for c in sys.argv[1]))" "$r1")
for typed in "$r1" "$spaced" "${r1:0:3}-${r1:3:3}-${r1:6:3}" "$fullwidth"; do
  run show "$typed" --json
  check "show accepts '$typed'" test "$rc" -eq 0
done
check "show --json has every promised field" $PY - "$out" <<'PYEOF'
import json, sys, re
t = json.loads(sys.argv[1])
need = ["receipt", "status", "channel", "category", "text", "location", "phone",
        "created_at", "updated_at", "due_at", "events"]
assert all(k in t for k in need), t.keys()
assert t["status"] == "received" and t["channel"] == "kiosk" and t["category"] == "roads"
assert t["phone"] == "13912345678" and t["location"] == "3号楼"
assert "DROP TABLE" in t["text"] and "💡" in t["text"]
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
assert iso.match(t["created_at"]) and iso.match(t["due_at"]), t["created_at"]
e = t["events"][0]
assert set(e) == {"at", "kind", "actor", "note"} and e["kind"] == "created"
PYEOF

run show "${r1:0:8}$(( (${r1:8:1} + 1) % 10 ))"
check "a wrong check digit is refused with exit 1" test "$rc" -eq 1
check "... and says the number looks mistyped in one sentence" one_sentence

run outbox --json
check "the receipt SMS is queued" $PY - "$out" "$r1" <<'PYEOF'
import json, sys
box = json.loads(sys.argv[1])
assert len(box) == 1, box
m = box[0]
need = ["id", "receipt", "phone", "kind", "body", "segments", "state", "attempts", "created_at", "sent_at"]
assert all(k in m for k in need), m.keys()
assert m["receipt"] == sys.argv[2] and m["kind"] == "receipt" and m["state"] == "queued"
assert m["phone"] == "13912345678" and m["segments"] == 1 and m["sent_at"] is None
r = sys.argv[2]
assert f"{r[:3]} {r[3:6]} {r[6:]}" in m["body"], m["body"]
PYEOF

run transfer "$r1" --to 城管执法队 --note 请尽快
check "transfer" test "$rc" -eq 0
run note "$r1" "已联系居民"
check "note" test "$rc" -eq 0
run close "$r1"
check "close without a note is refused (exit 1)" test "$rc" -eq 1
check "... in one sentence" one_sentence
run close "$r1" --note "路灯已修复"
check "close with a note" test "$rc" -eq 0
run close "$r1" --note "again"
check "closing a closed ticket is refused (exit 1)" test "$rc" -eq 1
check "... in one sentence" one_sentence
run transfer "$r1" --to 街道办
check "transferring a closed ticket is refused (exit 1)" test "$rc" -eq 1

run show "$r1" --json
check "the timeline has every change in order" $PY - "$out" <<'PYEOF'
import json, sys
t = json.loads(sys.argv[1])
assert t["status"] == "closed"
assert [e["kind"] for e in t["events"]] == ["created", "transferred", "note", "closed"], t["events"]
assert t["events"][3]["note"] == "路灯已修复"
PYEOF
run outbox --state queued --json
check "closing queued the closure notice with the note" $PY - "$out" <<'PYEOF'
import json, sys
box = json.loads(sys.argv[1])
assert [m["kind"] for m in box] == ["receipt", "closure"], box
assert "路灯已修复" in box[1]["body"] and box[1]["segments"] <= 2
PYEOF

run show 123456789
check "an unknown receipt is refused (exit 1)" test "$rc" -eq 1 -o "$rc" -eq 1
run submit --channel fax --category roads --text x
check "a bad channel is bad usage (exit 2)" test "$rc" -eq 2
run submit --channel kiosk --category weather --text x
check "an unknown category is refused (exit 1)" test "$rc" -eq 1
check "... in one sentence" one_sentence
run list --date 2026-13-40
check "a bad date is bad usage (exit 2)" test "$rc" -eq 2
run frobnicate
check "an unknown command is bad usage (exit 2)" test "$rc" -eq 2
run list --bogus
check "an unknown option is bad usage (exit 2)" test "$rc" -eq 2

# Time travel for the date filter and overdue listing.
day=$(TZ=Asia/Shanghai date -d 2020-05-06T09:00 +%s)
r2=$(LAITING_NOW=$day "$CLI" --db "$db" submit --channel sms --category safety --text 消防通道被堵 --phone 10086)
out=$("$CLI" --db "$db" list --date 2020-05-06 --json)
check "list --date gives that day's tickets" $PY - "$out" "$r2" <<'PYEOF'
import json, sys
l = json.loads(sys.argv[1])
assert [t["receipt"] for t in l] == [sys.argv[2]], l
assert l[0]["phone"] == "10086"
PYEOF
out=$("$CLI" --db "$db" list --status overdue)
check "list --status overdue marks the overdue ticket" grep -q "${r2:0:3} ${r2:3:3} ${r2:6:3}.*超期" <<<"$out"
out=$("$CLI" --db "$db" outbox --state all --json)
check "a short-code phone gets no SMS" $PY - "$out" <<'PYEOF'
import json, sys
assert all(m["phone"] != "10086" for m in json.loads(sys.argv[1]))
PYEOF

# Hub devices: the token is printed once on stdout, stored only hashed.
run device add hall-a --role kiosk --origin 21
token=$out
check "device add prints the token alone on stdout" grep -qxE 'lt_[A-Za-z0-9_-]{43}' <<<"$token"
check "... exits 0, saying once on stderr it will not be shown again" \
  bash -c "[ $rc -eq 0 ] && [ \$(wc -l <<<'$err') -eq 1 ] && grep -q 只显示这一次 <<<'$err'"
check "the database holds no token" bash -c "! sqlite3 '$db' .dump | grep -qF -- '${token#lt_}'"
run device add hall-b --role kiosk --origin 21
check "an origin held by another device: exit 1" test "$rc" -eq 1
check "... naming the device that holds it, in one sentence" bash -c "grep -q hall-a <<<'$err'"
one_sentence || fail "... one sentence (origin)"
run device add hall-b --role kiosk
check "a kiosk without --origin: exit 1 in one sentence" bash -c "[ $rc -eq 1 ] && grep -q -- --origin <<<'$err'"
run device add city --role office
check "an office without --department: exit 1" test "$rc" -eq 1
run device add x --role admin
check "an unknown role: exit 2" test "$rc" -eq 2
run device add --role staff
check "add without a name: exit 2" test "$rc" -eq 2
run device add 城管科 --role office --department 城管科
check "an office with its department is added" test "$rc" -eq 0
run device add gw-1 --role gateway --origin 31
run device list
check "device list shows name, role, origin, department, never seen, live" \
  bash -c "grep -qP '^hall-a\tkiosk\t21\t-\t从未连接\t-\t有效$' <<<'$out' &&
           grep -qP '^城管科\toffice\t-\t城管科\t' <<<'$out'"
run device revoke hall-a
check "device revoke exits 0" test "$rc" -eq 0
run device revoke hall-a
check "revoking it again: exit 1 in one sentence" bash -c "[ $rc -eq 1 ]"
one_sentence || fail "... one sentence (revoke)"
run device list --json
check "device list --json has every promised field, revoked marked" $PY - "$out" <<'PYEOF'
import json, sys
devices = {d["name"]: d for d in json.loads(sys.argv[1])}
need = {"name", "role", "origin", "department", "created_at", "last_seen_at", "last_seen_from", "revoked"}
assert all(set(d) == need for d in devices.values()), devices
assert devices["hall-a"]["revoked"] is True and devices["hall-a"]["origin"] == 21
assert devices["gw-1"]["revoked"] is False and devices["gw-1"]["role"] == "gateway"
assert devices["城管科"]["department"] == "城管科" and devices["城管科"]["origin"] is None
PYEOF
run device add hall-b --role kiosk --origin 21
check "a revoked device's origin can be given again" test "$rc" -eq 0
run device frobnicate
check "an unknown device action: exit 2" test "$rc" -eq 2

# Files that are not ours, and a database from the future.
echo "just some notes, definitely not a database file, padded to be long enough" > "$dir/notes.txt"
out=$("$CLI" --db "$dir/notes.txt" list 2>"$dir/err"); rc=$?; err=$(cat "$dir/err")
check "a file that is not a laiting database: exit 1" test "$rc" -eq 1
check "... in one sentence" one_sentence
cp "$db" "$dir/future.db"
sqlite3 "$dir/future.db" "PRAGMA user_version = 99"
out=$("$CLI" --db "$dir/future.db" list 2>"$dir/err"); rc=$?; err=$(cat "$dir/err")
check "a database from a newer laiting: exit 1" test "$rc" -eq 1
check "... saying to upgrade, in one sentence" bash -c "grep -q 升级 <<<'$err'"
printf '[site]\norigin = 5\n' > "$dir/bad.conf"
out=$("$CLI" --config "$dir/bad.conf" --db "$db" list 2>"$dir/err"); rc=$?; err=$(cat "$dir/err")
check "a bad config value: exit 1 naming the file" bash -c "[ $rc -eq 1 ] && grep -q bad.conf <<<'$err'"

# With no config file at all, defaults work and the database lives under XDG_DATA_HOME.
home="$dir/home"
out=$(env -u LAITING_CONFIG XDG_DATA_HOME="$home" "$CLI" init 2>&1); rc=$?
check "no config at all: the database goes under \$XDG_DATA_HOME/laiting/" \
  test "$rc" -eq 0 -a -f "$home/laiting/laiting.db"

echo "1..$n"
[ "$failed" -eq 0 ]
