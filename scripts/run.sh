#!/bin/sh
# Builds netledger and runs its main job: `netledger top`, the live view of
# what uses the network (apps, processes, connections, hosts, interfaces).
# Extra arguments go to 'netledger top'; `build/src/netledger ifaces --watch`
# shows the interfaces alone.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec build/src/netledger top "$@"
