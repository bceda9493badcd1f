#!/bin/sh
# run-under-xvfb.sh — runs a window test on its own X server and session bus,
# so `meson test` works on a machine without a display.
#
#   [LAITING_TEST_SCREEN=WxHxD] run-under-xvfb.sh PROGRAM [ARGS...]
#
# The default screen is large enough for every window size the kiosk tests
# use (up to 1920×1920); tests that take screenshots of the whole screen set
# their own. xvfb-run -a looks for a free display from --server-num upwards;
# starting at a number drawn from our process id keeps two test runs on one
# machine from racing for the same display. -noreset keeps the server up
# between clients, so a program that connects just as another leaves is not
# refused.
#
# Only PROGRAM's standard output is the test's: the session bus and the
# accessibility daemons it starts write theirs to standard error, so their
# greetings never land in the TAP stream.
set -e
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
# No GL probing at all: the tests draw with cairo, and Mesa's software
# driver, loaded and unloaded by the probe, leaves an allocation that
# LeakSanitizer reports under an unknown module.
export GDK_DEBUG=gl-disable
unset NO_AT_BRIDGE
# The accessibility bridge inside the window warns when a client asks for
# its cache before it has registered it, a race in at-spi2 that driving the
# window through AT-SPI provokes. Warnings from libraries stay visible;
# criticals stay fatal.
case ${G_DEBUG:-} in
  *fatal-warnings*) G_DEBUG=$(echo "$G_DEBUG" | sed 's/fatal-warnings/fatal-criticals/'); export G_DEBUG ;;
esac
screen=${LAITING_TEST_SCREEN:-1920x1920x24}
exec 3>&1
exec xvfb-run -a -n $(( $$ % 800 + 100 )) -s "-screen 0 $screen -nolisten tcp -noreset" \
  dbus-run-session -- sh -c 'exec "$@" >&3 3>&-' sh "$@" >&2
