#!/bin/sh
# test-kiosk-cage.sh — the kiosk as the hall runs it: under the cage kiosk
# compositor, full screen, no window manager, no --windowed. cage runs on
# wlroots' headless backend (no screen needed); the test checks that the
# kiosk's window, as the kiosk itself saved it, is exactly the size of
# cage's output, captured with grim. (The headless output is not repainted
# after its first frame, so the capture gives the output's size, not a
# picture to compare: screenshots are taken under Xvfb.) TAP output.
#
# cage refuses to run as root: as root the test runs it as "nobody".
#
# It also reads the system unit that runs the kiosk in the hall
# (data/laiting-kiosk.service) and starts cage with that unit's options.
#
# Environment: LAITING_KIOSK (the program), LAITING_KIOSK_UNIT (the unit).
set -u
KIOSK=${LAITING_KIOSK:?set by meson}
UNIT=${LAITING_KIOSK_UNIT:?set by meson}

echo "1..3"
# The unit: cage for the kiosk user, restarted always, blanking off.
if grep -q '^User=kiosk$' "$UNIT" && grep -q '^Restart=always$' "$UNIT" &&
   grep -q '^StartLimitIntervalSec=0$' "$UNIT" && grep -q 'setterm --blank 0' "$UNIT" &&
   grep -q '^ExecStart=/usr/bin/cage .*-- .*/laiting-kiosk$' "$UNIT"; then
  echo "ok 1 - the system unit runs the kiosk under cage for the kiosk user, always restarted, blanking off"
else
  echo "not ok 1 - the system unit runs the kiosk under cage for the kiosk user, always restarted, blanking off"
fi
cage_options=$(sed -n 's|^ExecStart=/usr/bin/cage \(.*\) -- .*|\1|p' "$UNIT")
skip_all () {
  for i in 2 3; do echo "ok $i # SKIP $1"; done
  exit 0
}
command -v cage >/dev/null || skip_all "cage is not installed"
command -v grim >/dev/null || skip_all "grim is not installed"
command -v convert >/dev/null || skip_all "ImageMagick is not installed"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
mkdir -m 700 "$dir/runtime"
printf '[site]\nname = 幸福里社区服务站\norigin = 12\n[kiosk]\nvoice = false\n' >"$dir/laiting.conf"
chmod 644 "$dir/laiting.conf"
# What cage runs: the kiosk exactly as the system unit starts it, then a
# capture of the output once the kiosk has drawn its first screen.
cat >"$dir/session.sh" <<'INNER'
#!/bin/sh
"$KIOSK" --config "$DIR/laiting.conf" --db "$DIR/laiting.db" --screenshots "$DIR/shots" &
pid=$!
i=0
while [ $i -lt 150 ] && ! ls "$DIR"/shots/*-home.png >/dev/null 2>&1; do sleep 0.2; i=$((i + 1)); done
sleep 1
grim "$DIR/output.png"
kill $pid
wait $pid
INNER
chmod 755 "$dir/session.sh"

as_user=
if [ "$(id -u)" = 0 ]; then
  command -v runuser >/dev/null || skip_all "running as root without runuser to leave root for cage"
  chown nobody "$dir" "$dir/runtime"
  as_user="runuser -u nobody --"
fi
# timeout -k: a compositor that hangs must not hang the suite.
timeout -k 5 90 $as_user env -i PATH="${PATH:-/usr/bin:/bin}" HOME="$dir" \
  XDG_RUNTIME_DIR="$dir/runtime" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
  GDK_BACKEND=wayland LANGUAGE="${LANGUAGE:-zh_CN}" LC_ALL=C.UTF-8 \
  KIOSK="$KIOSK" DIR="$dir" \
  cage $cage_options -- "$dir/session.sh" >"$dir/cage.log" 2>&1

size () { identify -format '%wx%h' "$1" 2>/dev/null; }
shot=$(ls "$dir"/shots/*-home.png 2>/dev/null | head -1)
if [ -n "$shot" ] && [ -f "$dir/output.png" ]; then
  echo "ok 2 - the kiosk starts under cage and draws its home screen"
else
  echo "not ok 2 - the kiosk starts under cage and draws its home screen"
  sed 's/^/# /' "$dir/cage.log" | tail -20
  echo "not ok 3 - the window is the size of the output # nothing to measure"
  exit 1
fi
out_size=$(size "$dir/output.png")
win_size=$(size "$shot")
echo "# output $out_size, kiosk window $win_size"
if [ "$out_size" = "$win_size" ]; then
  echo "ok 3 - the window is the size of the output ($out_size)"
else
  echo "not ok 3 - the window is $win_size on a $out_size output"
fi
[ "$out_size" = "$win_size" ]
