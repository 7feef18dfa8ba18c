#!/bin/sh
# Builds netledger and runs its main job on the defaults: every interface,
# refreshed each second with rates. Extra arguments go to 'netledger ifaces'.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec build/src/netledger ifaces --watch "$@"
