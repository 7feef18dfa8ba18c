#!/bin/sh
# Builds the decoders' libFuzzer targets with clang (ASan + UBSan) in
# build-fuzz and runs each for SECONDS (default 10), seeded with the
# fixtures and with tests/fuzz/regress/TARGET, the inputs that once found a
# bug. Exits non-zero on any crash, leak, timeout or sanitizer report.
#
# usage: scripts/fuzz.sh [SECONDS]
set -eu

secs=${1:-10}
case $secs in
''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
dir=build-fuzz

if [ ! -f "$dir/build.ninja" ]; then
	CC=clang meson setup "$dir" -Dfuzz=true -Dtests=true -Db_lundef=false
fi
ninja -C "$dir" tests/fuzz/fuzz_iflist2 tests/fuzz/fuzz_ifmib tests/fuzz/fuzz_ntstat tests/fuzz/fuzz_ntstat_flows \
	tests/fuzz/fuzz_pf_kif tests/fuzz/fuzz_darwin_proc tests/fuzz/fuzz_seeds tests/fuzz/fuzz_netlink \
	tests/fuzz/fuzz_procnetdev tests/fuzz/fuzz_seeds_linux tests/fuzz/fuzz_nl80211 tests/fuzz/fuzz_termtext \
	tests/fuzz/fuzz_json_stream tests/fuzz/fuzz_web_args tests/fuzz/fuzz_identity

rm -rf "$dir/fuzz-seeds"
mkdir -p "$dir/fuzz-seeds" "$dir/fuzz-artifacts"
"$dir/tests/fuzz/fuzz_seeds" "$dir/fuzz-seeds"
"$dir/tests/fuzz/fuzz_seeds_linux" "$dir/fuzz-seeds"
mkdir -p "$dir/fuzz-seeds/fuzz_web_args"
printf 'since=-1h&until=now&res=minute' > "$dir/fuzz-seeds/fuzz_web_args/range"
printf 'range=billing&iface=eth0' > "$dir/fuzz-seeds/fuzz_web_args/billing"

for t in fuzz_iflist2 fuzz_ifmib fuzz_ntstat fuzz_ntstat_flows fuzz_pf_kif fuzz_darwin_proc fuzz_netlink fuzz_procnetdev \
	fuzz_nl80211 fuzz_termtext fuzz_json_stream fuzz_web_args fuzz_identity; do
	mkdir -p "$dir/fuzz-corpus/$t" "$dir/fuzz-seeds/$t"
	regress=
	[ -d "tests/fuzz/regress/$t" ] && regress="tests/fuzz/regress/$t"
	echo "== $t for ${secs}s"
	"$dir/tests/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/fuzz-artifacts/$t-" \
		"$dir/fuzz-corpus/$t" "$dir/fuzz-seeds/$t" $regress 2>"$dir/fuzz-$t.log" || {
		tail -n 40 "$dir/fuzz-$t.log" >&2
		echo "$t: FAILED (see $dir/fuzz-$t.log and $dir/fuzz-artifacts/)" >&2
		exit 1
	}
	grep -E '^stat::number_of_executed_units' "$dir/fuzz-$t.log" || true
done
echo "fuzz: all targets ran ${secs}s without a finding"
