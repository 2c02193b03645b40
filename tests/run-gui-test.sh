#!/bin/sh
# Runs a test program that draws: under its own Xvfb and D-Bus session, with its home and XDG
# folders (GTK's settings and recent files, Mesa's shader cache, the demo's cache…) in a
# temporary folder removed afterwards, so that the tests never write into the real home.
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/angiomark-gui-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/config" "$tmp/cache" "$tmp/data" "$tmp/state" "$tmp/runtime"
chmod 700 "$tmp/runtime"
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
       XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" XDG_RUNTIME_DIR="$tmp/runtime"
xvfb-run -a -s '-screen 0 1600x1200x24' dbus-run-session -- "$@"
