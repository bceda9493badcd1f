#!/bin/sh
# cups-queue.sh — a private CUPS server with one cups-pdf queue, for the
# tests that print (kiosk receipt slips, the staff desk, `laiting slips`).
#
#   cups-queue.sh start DIR QUEUE   starts cupsd under DIR/cups, adds QUEUE
#                                   and prints the socket path to use as
#                                   CUPS_SERVER; exit 77 and a one-line
#                                   reason when it cannot run here
#   cups-queue.sh stop DIR          stops that cupsd and removes DIR/cups
#
# cups-pdf writes each job to ~/PDF of the job's user, named after the
# job's title. Its backend only runs under a root cupsd, and CUPS filters
# run as an unprivileged user, so DIR must be open to others (0755).
set -u
cmd=${1:-}
dir=${2:-}
c="$dir/cups"

case $cmd in
start)
  queue=${3:?queue name}
  if [ "$(id -u)" != 0 ]; then
    echo "cups-pdf needs cupsd running as root, and the tests do not run as root"; exit 77
  fi
  if ! command -v cupsd >/dev/null || [ ! -x /usr/lib/cups/backend/cups-pdf ] ||
     [ ! -f /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd ]; then
    echo "cups or printer-driver-cups-pdf is not installed"; exit 77
  fi
  mkdir -p "$c/spool" "$c/cache" "$c/state" "$c/log"
  chmod 755 "$dir" "$c"
  cat >"$c/cupsd.conf" <<CONF
Listen $c/cups.sock
LogLevel warn
WebInterface No
Browsing Off
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
CONF
  cat >"$c/cups-files.conf" <<CONF
ServerRoot $c
RequestRoot $c/spool
CacheDir $c/cache
StateDir $c/state
TempDir $c/spool
AccessLog $c/log/access_log
ErrorLog $c/log/error_log
PageLog $c/log/page_log
Sandboxing relaxed
CONF
  # A plain environment: the tests' malloc checks and fatal warnings are
  # for laiting, not for Ghostscript in the cups-pdf filter chain.
  env -i PATH="${PATH:-/usr/bin:/bin}" HOME="${HOME:-/root}" \
    cupsd -f -c "$c/cupsd.conf" -s "$c/cups-files.conf" </dev/null >/dev/null 2>&1 &
  echo $! >"$c/cupsd.pid"
  for _ in $(seq 50); do [ -S "$c/cups.sock" ] && break; sleep 0.1; done
  if ! CUPS_SERVER="$c/cups.sock" lpadmin -p "$queue" -E -v cups-pdf:/ \
         -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd >/dev/null 2>&1; then
    reason=$(tail -1 "$c/log/error_log" 2>/dev/null)
    "$0" stop "$dir"
    echo "a private cupsd could not be started here${reason:+ ($reason)}"; exit 77
  fi
  echo "$c/cups.sock"
  ;;
stop)
  if [ -f "$c/cupsd.pid" ]; then
    pid=$(cat "$c/cupsd.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$c"
  ;;
*)
  echo "usage: $0 start DIR QUEUE | stop DIR" >&2; exit 2 ;;
esac
