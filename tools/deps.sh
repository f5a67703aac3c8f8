#!/bin/sh
# deps.sh - install the Debian packages kaohe builds and tests with.
# Safe to run again: apt-get skips what is installed. Needs root (or sudo).
set -eu
pkgs="gcc make pkg-config libsqlite3-dev sqlite3 libzip-dev libexpat1-dev
libfreexl-dev libxlsxwriter-dev libcmocka-dev libsodium-dev python3
libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils
libmicrohttpd-dev libjansson-dev curl"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
