#!/bin/bash
# test-slips-cli.sh — `laiting slips` and `laiting report` as staff run
# them: exit codes (0 done, 1 refused, 2 bad usage), one sentence on stderr,
# real PDFs and CSV, and the slips printed through a real CUPS queue with
# cups-pdf when a private cupsd can run here. TAP output.

set -u
CLI=${LAITING_CLI:?set by meson}
dir=$(mktemp -d)
cups_queue="$(dirname "$0")/../cups-queue.sh"
cupsd_started=
cleanup () {
  if [ -n "$cupsd_started" ]; then "$cups_queue" stop "$dir"; fi
  rm -rf "$dir"
}
trap cleanup EXIT
db="$dir/laiting.db"
conf="$dir/laiting.conf"
printf '[site]\nname=幸福街道便民服务站\norigin=12\n[sms]\norigin=35\n' >"$conf"
n=0
failed=0

ok ()   { n=$((n + 1)); echo "ok $n - $1"; }
fail () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check () { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

run () {
  out=$("$CLI" --config "$conf" --db "$db" "$@" 2>"$dir/err"); rc=$?
  err=$(cat "$dir/err")
}
one_sentence () {
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ $err == laiting:* ]]
}
usage_error () {   # what, args…
  local what=$1; shift
  run "$@"
  check "$what exits 2 with one sentence" eval 'test "$rc" -eq 2 && one_sentence'
}

# 21 November 2026, 09:00 in Shanghai.
day=1795222800
export LAITING_NOW=$day
run submit --channel kiosk --category roads --text "东门路灯不亮，晚上看不见台阶" --location "3号楼"
r1=$out
LAITING_NOW=$((day + 600)) run submit --channel sms --category noise --text "楼下夜里施工太吵" \
  --phone 13912345678
r2=$out
check "two tickets submitted" eval '[[ $r1 =~ ^[0-9]{9}$ && $r2 =~ ^[0-9]{9}$ ]]'
group () { echo "${1:0:3} ${1:3:3} ${1:6:3}"; }

usage_error "slips with a bad date" slips --date 2026-13-45 --output "$dir/x.pdf"
usage_error "slips with a date in words" slips --date yesterday --output "$dir/x.pdf"
usage_error "slips without --output" slips --date 2026-11-21
usage_error "slips with an unknown format" slips --output "$dir/x.pdf" --format a5
usage_error "slips with a stray argument" slips --output "$dir/x.pdf" extra
usage_error "report without --month" report --output "$dir/x.pdf"
usage_error "report with a bad month" report --month 2026-13 --output "$dir/x.pdf"
usage_error "report without --output" report --month 2026-11
check "no file written on bad usage" test ! -e "$dir/x.pdf"

run slips --output "$dir/missing-dir/x.pdf"
check "slips into a missing folder exits 1 with one sentence" \
  eval 'test "$rc" -eq 1 && one_sentence && ! grep -qi "cairo\|sqlite" <<<"$err"'

run report --month 2026-11 --output "$dir/m.pdf" --csv "$dir/missing-dir/m.csv"
check "report with an unwritable CSV exits 1 with one sentence" \
  eval 'test "$rc" -eq 1 && one_sentence'

# Without --date: today by the store's clock.
run slips --output "$dir/today.pdf"
check "slips for today exits 0" test "$rc" -eq 0
check "slips says what it wrote" grep -q "2 件工单，2 页" <<<"$out"
text=$(pdftotext -enc UTF-8 "$dir/today.pdf" - 2>/dev/null)
check "today's slips show both receipts grouped" \
  eval 'grep -qF "$(group "$r1")" <<<"$text" && grep -qF "$(group "$r2")" <<<"$text"'
check "today's slips show the description" grep -q "东门路灯不亮" <<<"$text"

run slips --date 2026-11-22 --output "$dir/empty.pdf"
check "a day without tickets exits 0" test "$rc" -eq 0
check "a day without tickets is one page saying so" \
  eval 'test "$(pdfinfo "$dir/empty.pdf" | awk "/^Pages:/ {print \$2}")" = 1 &&
        pdftotext -enc UTF-8 "$dir/empty.pdf" - | grep -q "本日无工单"'

run slips --date 2026-11-21 --format roll80 --output "$dir/roll.pdf"
check "roll80 slips exit 0" test "$rc" -eq 0
check "roll80 pages are 80 mm wide" \
  eval 'pdfinfo -f 1 -l 3 "$dir/roll.pdf" | grep -c "size: *226\.77[0-9]* x" | grep -qx 3'

run report --month 2026-11 --output "$dir/month.pdf" --csv "$dir/month.csv"
check "report exits 0" test "$rc" -eq 0
check "report CSV counts the month's tickets" grep -q "^total,,工单总数,2" "$dir/month.csv"
check "report PDF shows the total" eval 'pdftotext -enc UTF-8 "$dir/month.pdf" - | grep -q "2 件"'

# Printing to a real queue: a private cupsd with the cups-pdf backend.
print_skip=
if sock=$("$cups_queue" start "$dir" LaitingPDF); then
  cupsd_started=yes
  export CUPS_SERVER="$sock"
else
  print_skip=$sock
fi
if [ -n "$print_skip" ]; then
  skip "slips printed through CUPS come out of cups-pdf" "$print_skip"
  skip "the printout has every page" "$print_skip"
  skip "the printed slip page looks like the generated one" "$print_skip"
else
  # cups-pdf writes to ~/PDF of the job's user; a unique title finds ours.
  title="laiting-slips-$$-$RANDOM"
  lp -d LaitingPDF -t "$title" "$dir/today.pdf" >/dev/null 2>&1
  printed=
  for _ in $(seq 150); do
    printed=$(ls "$HOME"/PDF/"$title"*.pdf 2>/dev/null | head -1)
    # Done when the backend has written a whole PDF.
    [ -n "$printed" ] && pdfinfo "$printed" >/dev/null 2>&1 && break
    sleep 0.2
  done
  # cups-pdf runs the job through Ghostscript, which turns text into
  # outlines: compare what the pages look like instead of their text.
  same_pages=no looks_same=no
  if [ -n "$printed" ]; then
    mv "$printed" "$dir/printed.pdf"
    [ "$(pdfinfo "$dir/printed.pdf" | awk '/^Pages:/ {print $2}')" = \
      "$(pdfinfo "$dir/today.pdf" | awk '/^Pages:/ {print $2}')" ] && same_pages=yes
    pdftoppm -png -r 40 -f 2 -l 2 "$dir/printed.pdf" "$dir/p" 2>/dev/null
    pdftoppm -png -r 40 -f 2 -l 2 "$dir/today.pdf" "$dir/o" 2>/dev/null
    small () { convert "$1" -resize 119x168! -blur 0x1 "$2"; }
    rmse () { compare -metric RMSE "$1" "$2" null: 2>&1 | sed 's/.*(\(.*\)).*/\1/'; }
    if small "$dir"/p-*2.png "$dir/ps.png" && small "$dir"/o-*2.png "$dir/os.png" &&
       convert -size 119x168 xc:white "$dir/white.png"; then
      diff=$(rmse "$dir/ps.png" "$dir/os.png")
      ink=$(rmse "$dir/os.png" "$dir/white.png")
      echo "# printed vs generated: $diff, generated vs blank: $ink"
      # The printout differs from ours far less than ours from a blank page.
      awk -v d="$diff" -v i="$ink" 'BEGIN { exit !(i > 0.03 && d < i / 2) }' && looks_same=yes
    fi
  fi
  check "slips printed through CUPS come out of cups-pdf" test -n "$printed"
  check "the printout has every page" test "$same_pages" = yes
  check "the printed slip page looks like the generated one" test "$looks_same" = yes
fi

echo "1..$n"
[ "$failed" -eq 0 ]
