#!/bin/sh
# Builds netledger without the eBPF socket counter (as on a machine with no
# clang bpf target, bpftool or libbpf) and checks that it says so: asked
# for the counter, `conns --ebpf on` fails with one line naming the cause,
# and `--ebpf auto` goes on without it.
set -u
cd "$(dirname "$0")/.."
dir=build-noebpf
if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" -Debpf=disabled -Dtests=false >/dev/null || exit 1
else
	meson setup "$dir" -Debpf=disabled -Dtests=false >/dev/null || exit 1
fi
ninja -C "$dir" src/netledger >/dev/null || exit 1
err=$("$dir/src/netledger" conns --ebpf on 2>&1 >/dev/null)
status=$?
echo "  --ebpf on: status $status: $err"
[ "$status" = 1 ] && echo "$err" | grep -q "not built" || { echo "FAIL: expected status 1 and 'not built'"; exit 1; }
[ "$(echo "$err" | wc -l)" = 1 ] || { echo "FAIL: more than one line"; exit 1; }
err=$("$dir/src/netledger" conns --ebpf auto 2>&1 >/dev/null)
status=$?
echo "  --ebpf auto: status $status"
[ "$status" = 0 ] || { echo "FAIL: --ebpf auto failed: $err"; exit 1; }
echo "ok - built without the eBPF counter, and it says so"
