#!/bin/sh
# Installs every Debian 12 package Angiomark needs to build, run, test and benchmark.
# Idempotent: safe to run again. Run as root (or it uses sudo when available).
set -eu

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

PACKAGES="
  build-essential g++ pkg-config meson ninja-build cmake python3
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libepoxy-dev libcairo2-dev
  libgdcm-dev libgdcm-tools zlib1g-dev libjson-glib-dev libsqlite3-dev libarchive-dev libpng-dev
  gettext desktop-file-utils appstream
  xvfb xauth dbus-daemon libgl1-mesa-dri mesa-utils imagemagick adwaita-icon-theme fonts-noto-cjk
  xdotool
"

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $PACKAGES
