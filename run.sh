#!/bin/bash
# Installs what laiting needs, builds it and runs it on this machine with the
# embedded defaults: a local SQLite store in ./demo, the SMS listener on
# gammu's dummy phone (no modem needed) and the kiosk. Without a display the
# kiosk runs under Xvfb and saves a screenshot of every screen it shows.
# Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD

scripts/install-deps
[ -f build/build.ninja ] || meson setup build
meson compile -C build

demo=$top/demo
mkdir -p "$demo/phone" "$demo/screenshots"
[ -f "$demo/laiting.conf" ] || cat > "$demo/laiting.conf" <<CONF
[site]
name = 幸福里社区服务站
database = $demo/laiting.db
buildings = 1号楼;2号楼;3号楼;4号楼;5号楼;小区广场;东门;西门

[sms]
poll-interval = 2
CONF
[ -f "$demo/gammurc" ] || cat > "$demo/gammurc" <<RC
[gammu]
model = dummy
connection = none
device = $demo/phone
logfile = $demo/gammu.log
logformat = textall
RC

# The residents' side: the same dummy phone without the log file, since the
# gammu CLI truncates the log of the rc it is given.
[ -f "$demo/phone.gammurc" ] || grep -v '^log' "$demo/gammurc" > "$demo/phone.gammurc"

export LAITING_CONFIG=$demo/laiting.conf
build/shared/tools/laiting init

pids=()
cleanup () { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ -x build/sms/laiting-sms ]; then
  build/sms/laiting-sms --gammurc "$demo/gammurc" &
  pids+=($!)
fi

cat <<TXT

laiting is running. The store is $demo/laiting.db.

Text it from a "phone" (the dummy modem's inbox), then watch the reply:
  gammu -c $demo/phone.gammurc savesms TEXT -folder 1 -unread -sender +8613912345678 -unicode -text "3号楼门口的路灯坏了"
  build/shared/tools/laiting list            # the new ticket
  build/shared/tools/laiting outbox --state all   # the receipt SMS, sent
  grep -A3 'SMS Submit' $demo/gammu.log      # what the modem was given

Staff: build/shared/tools/laiting close RECEIPT --note "已修好"   (the resident is told by SMS)
TXT

if [ ! -x build/kiosk/laiting-kiosk ]; then
  echo "(laiting-kiosk was not built; the SMS listener keeps running.)"
  wait
  exit 0
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  build/kiosk/laiting-kiosk --windowed
else
  echo "No display: the kiosk runs under Xvfb; every screen is saved as a PNG in $demo/screenshots/"
  export GDK_BACKEND=x11 GSK_RENDERER=cairo
  xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- \
    build/kiosk/laiting-kiosk --windowed --screenshots "$demo/screenshots"
fi
