#!/bin/sh
# Builds Angiomark (in _build) and starts it on its demo case: a synthetic renal angiogram
# made by the phantom generator, generated once into the cache folder and opened as the case of
# a workspace of its own beside it (ready to annotate). Extra arguments go to the application,
# e.g. files or a workspace folder to open instead.
set -eu
cd "$(dirname "$0")/.."
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build
if [ $# -eq 0 ]; then
  set -- --demo
fi
# Settings are kept through the session bus: without one (a bare X server, xvfb-run, ssh),
# the application gets a bus of its own for as long as it runs.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] &&
   { [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -S "$XDG_RUNTIME_DIR/bus" ]; } &&
   command -v dbus-run-session > /dev/null 2>&1; then
  exec dbus-run-session -- _build/app/angiomark "$@"
fi
exec _build/app/angiomark "$@"
