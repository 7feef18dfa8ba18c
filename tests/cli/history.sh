#!/bin/sh
# Every documented option of `netledger history`, over the schema-1 fixture
# read as it is and migrated by netledgerd, with the totals make_v1.c wrote.
# usage: history.sh (NETLEDGER, NETLEDGERD, NLG_FIXTURE in the environment)
set -u
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=$dir/out err=$dir/err

run() { # STATUS ARGS...
	want=$1
	shift
	"$NETLEDGER" history "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: history $*: exit $rc, want $want"; cat "$err"; fail=1; return 1
	fi
	if [ "$want" -ne 0 ] && [ "$(wc -l <"$err")" -ne 1 ]; then
		echo "FAIL: history $*: want one line of error, got:"; cat "$err"; fail=1; return 1
	fi
	echo "ok: history $* -> $rc"
}

has() { # PATTERN: the last output holds it
	grep -q -- "$1" "$out" || { echo "FAIL: no '$1' in:"; cat "$out"; fail=1; }
}

json() { # PYTHON-EXPRESSION over d, the last output: must be true
	python3 -c "import json,sys; d=json.load(open('$out')); sys.exit(0 if ($1) else 1)" ||
		{ echo "FAIL: JSON check $1 on:"; cat "$out"; fail=1; }
}

cp "$NLG_FIXTURE" "$dir/v1.db"
cp "$NLG_FIXTURE" "$dir/v2.db"
# netledgerd migrates a database when it opens it
cat >"$dir/conf" <<CONF
apps = no
metrics = no
keep_minutes = forever
keep_hours = forever
boot_id_file = $dir/boot_id
CONF
echo "11111111-2222-3333-4444-555555555555" >"$dir/boot_id"
"$NETLEDGERD" --foreground --config "$dir/conf" --db "$dir/v2.db" 2>"$dir/daemon.log" &
pid=$!
for _ in $(seq 50); do
	sqlite3 "$dir/v2.db" "SELECT value FROM info WHERE key='schema_version'" 2>/dev/null | grep -q '^2$' && break
	sleep 0.1
done
kill "$pid"; wait "$pid"

R="--since 2026-11-20 --until 2026-11-22"
for db in v1 v2; do
	D="--db $dir/$db.db"
	run 0 $D $R --days -i eth0 && has "6000021\|5.7 MiB"
	run 0 $D $R --days --json && json "d['interface'] is None and sum(r['rx_bytes'] for r in d['rows']) == 6000021 + 123456789"
	run 0 $D $R --hours --interface eth0 --json && json "sum(r['tx_bytes'] for r in d['rows']) == 1020045 and len(d['rows']) == 2"
	run 0 $D $R --minutes -i eth0 --csv && has "^start,time,rx_bytes,tx_bytes" && has "2026-11-20 10:00,1000003,20011"
	run 0 $D --months --since @1793491200 --until @1796083200 -i wlan0 -j && json "d['resolution'] == 'month' and d['rows'][0]['rx_bytes'] == 123456789"
	run 0 $D --since -10000d --until 2026-11-22 -i eth0 --json &&
		json "sum(r['rx_bytes'] for r in d['rows']) == 6000021"
	run 0 $D $R --days -a && has "nginx.service"
done
# after the migration: one app per program, holding every run's bytes
D="--db $dir/v2.db"
run 0 $D --since 2026-11-01 --until 2026-12-01 --months --apps --json &&
	json "[a['rx_bytes'] for a in d['apps'] if a['key'] == 'comm:curl'] == [1000129] and [a['tx_bytes'] for a in d['apps'] if a['name'] == 'curl'] == [15121]"
run 0 $D $R --hours --apps --csv && has '^"curl",app,1000129,15121,"comm:curl"'
run 0 $D $R --apps && has "^ curl " && ! grep -q "curl\[" "$out" || { echo "FAIL: a pid left"; fail=1; }
run 0 --help && has "^Usage: netledger history"
run 0 -h && has "--interface"
# refusals: one line each
run 2 $D --json --csv
run 2 $D --apps -i eth0
run 2 $D --since 2026-11-22 --until 2026-11-20
run 2 $D --since yesterday
run 1 $D -i nosuch0
run 1 --db "$dir/missing.db"
exit $fail
