#!/bin/bash
# Installs what laiting needs, builds it and runs every test (unit, store,
# CLI, SMS listener on gammu's dummy phone, the kiosk under Xvfb, printing).
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps
[ -f build/build.ninja ] || meson setup build
meson compile -C build
meson test -C build --print-errorlogs "$@"
