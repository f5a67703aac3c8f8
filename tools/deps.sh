#!/bin/sh
# deps.sh - install the Debian packages kaohe builds and tests with.
# Safe to run again: apt-get skips what is installed. Needs root (or sudo).
set -eu
pkgs="gcc make pkg-config libsqlite3-dev sqlite3 libzip-dev libexpat1-dev
libfreexl-dev libxlsxwriter-dev libcmocka-dev libsodium-dev python3
libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils
libmicrohttpd-dev libjansson-dev curl chromium"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
# node and npm (the UI's build and browser tests): Debian's, unless a node
# with npm is there already (installing Debian's npm beside another node
# would conflict).
command -v npm > /dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
