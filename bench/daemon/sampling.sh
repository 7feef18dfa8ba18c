#!/bin/sh
# sampling.sh [BUILD_DIR] - netledgerd at 10 000 (CONNS) connections, in one
# run: today's full dumps with apps every 5 s, then incremental samples
# (eBPF notices) with apps every second, each row beside its targets: at
# most 0.5% of one core and 20 MiB RSS for the incremental row (the full
# row's are 1% and 20 MiB). CASES adds or removes rows ("full 1s" shows what
# reading every socket every second costs). Needs root; DURATION (default
# 60 s) per case.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
CASES=${CASES:-"full 5s,auto 1s"}
echo "$CASES" | tr ',' '\n' | while read -r sampling every; do
	case $sampling in
	auto) cpu=0.5 ;;
	*) cpu=1.0 ;;
	esac
	SAMPLING=$sampling APPS_INTERVAL=$every EBPF=on sh bench/daemon/daemon_bench.sh "$BUILD" |
		grep CPU | awk -v cpu="$cpu" '{
		c = $0; sub(/.*CPU /, "", c); sub(/%.*/, "", c)
		r = $0; sub(/.*RSS /, "", r); sub(/ MiB.*/, "", r)
		ok = (c + 0 <= cpu && r + 0 <= 20) ? "met" : "NOT met"
		printf "%s; target CPU <= %.1f%%, RSS <= 20 MiB: %s\n", $0, cpu, ok
	}'
done
