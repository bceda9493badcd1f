#!/bin/sh
# run-under-xvfb.sh — runs a kiosk test on its own X server and session bus,
# so `meson test` works on a machine without a display. The screen is large
# enough for every window size the tests use (up to 1920×1920).
#
# xvfb-run -a looks for a free display from --server-num upwards; starting
# at a number drawn from our process id keeps two test runs on one machine
# from racing for the same display.
#
# -noreset: Xvfb otherwise resets when its last client leaves and refuses
# whoever connects meanwhile (the next kiosk a test starts).
#
# usage: run-under-xvfb.sh PROGRAM [ARGS...]
set -e
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
# No GL probing at all: the tests draw with cairo, and Mesa's software
# driver, loaded and unloaded by the probe, leaves an allocation that
# LeakSanitizer reports under an unknown module.
export GDK_DEBUG=gl-disable
unset NO_AT_BRIDGE
exec xvfb-run -a -n $(( $$ % 800 + 100 )) -s "-screen 0 1920x1920x24 -nolisten tcp -noreset" \
  dbus-run-session -- "$@"
