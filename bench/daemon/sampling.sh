#!/bin/sh
# sampling.sh [BUILD_DIR] - netledgerd at 10 000 connections, three ways in
# one run: today's full dumps with apps every 5 s, full dumps with apps
# every second, and incremental samples (eBPF notices) with apps every
# second. Targets for the last: at most 0.5% of one core and 20 MiB RSS.
# Needs root; DURATION (default 60 s) per case.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
for c in "full 5s" "full 1s" "auto 1s"; do
	set -- $c
	SAMPLING=$1 APPS_INTERVAL=$2 EBPF=on sh bench/daemon/daemon_bench.sh "$BUILD" | grep CPU
done
