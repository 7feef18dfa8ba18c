#!/bin/sh
# What this platform or build does not have is refused in one line with
# exit status 3: `ifaces --pf` where the kernel keeps no pf counters, and
# --json in a build without json-c (NLG_HAVE_JSON=0).
# usage: unsupported.sh (NETLEDGER, NLG_HAVE_PF, NLG_HAVE_JSON in the environment)
set -u
fail=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

expect() { # STATUS PATTERN ARGS...
	want=$1 pattern=$2
	shift 2
	"$NETLEDGER" "$@" >/dev/null 2>"$err"
	rc=$?
	lines=$(wc -l <"$err")
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: netledger $*: exit $rc, want $want"; cat "$err"; fail=1
	elif [ "$want" -ne 0 ] && { [ "$lines" -ne 1 ] || ! grep -q "$pattern" "$err"; }; then
		echo "FAIL: netledger $*: want one line matching '$pattern', got:"; cat "$err"; fail=1
	else
		echo "ok: netledger $* -> $rc"
	fi
}

if [ "$NLG_HAVE_PF" = 0 ]; then
	expect 3 "^netledger: --pf: pf counters are not kept" ifaces --pf
	expect 3 "^netledger: --" ifaces --pf --json
fi
if [ "$NLG_HAVE_JSON" = 0 ]; then
	for cmd in ifaces conns apps watch; do
		expect 3 "^netledger: --json is not available" "$cmd" --json
	done
else
	expect 0 "" ifaces --json
fi
expect 2 "unexpected argument" ifaces --pf extra

if [ "$fail" -ne 0 ]; then
	echo "unsupported: FAILED"
	exit 1
fi
echo "unsupported: all passed"
