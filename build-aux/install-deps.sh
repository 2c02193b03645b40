#!/bin/sh
# Installs every Debian 12 package Angiomark needs to build, run, test and benchmark.
# Idempotent: safe to run again. Run as root, or as a user who may use sudo.
set -eu

if [ "$(id -u)" -eq 0 ]; then
  SUDO=
elif command -v sudo > /dev/null 2>&1; then
  SUDO=sudo
else
  echo "install-deps.sh: installing packages needs root, and sudo is not installed." >&2
  echo "Run it as root instead, e.g.: su -c '$0'" >&2
  exit 1
fi

# The tests that draw send real key presses and clicks through XTest (libxtst-dev) and read the
# report's PDF back (poppler-utils); xmllint strips the blanks of the UI resources;
# dbus-daemon gives the demo a session bus when there is none. libseccomp-dev confines the DICOM
# decoder process (docs/decoder-confinement.md). GDCM's and DCMTK's tools
# (libgdcm-tools, dcmtk) are the reference decoders of the conformance test and benchmark.
PACKAGES="
  build-essential g++ pkg-config meson ninja-build cmake python3
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libepoxy-dev libcairo2-dev
  libgdcm-dev libgdcm-tools dcmtk libopencv-dnn-dev zlib1g-dev libjson-glib-dev libsqlite3-dev
  libarchive-dev libpng-dev libseccomp-dev
  gettext desktop-file-utils appstream libxml2-utils
  xvfb xauth dbus-daemon libgl1-mesa-dri mesa-utils imagemagick adwaita-icon-theme fonts-noto-cjk
  libx11-dev libxtst-dev poppler-utils xdotool openbox
"

# `--training`: also what retraining the learned models needs (training/*/README.md).
if [ "${1:-}" = "--training" ]; then
  PACKAGES="$PACKAGES python3-torch python3-onnx python3-numpy python3-pil"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $PACKAGES
