#!/bin/sh
# netledgerd records three runs of one program (three pids) as one app
# series holding their sum, keyed by the program's executable.
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
command -v nsenter >/dev/null || skip "needs nsenter"
A=nlg-da$$a
B=nlg-da$$b
ns_pair "$A" va 10.209.0.1/24 "$B" vb 10.209.0.2/24
DB=$NLG_TMP/h.db
echo "fixed-boot-$$" > "$NLG_TMP/boot_id"
conf "$NLG_TMP/d.conf" interval=200ms apps_interval=200ms flush_interval=1s metrics=no apps=yes netns=current \
	ebpf=off boot_id_file="$NLG_TMP/boot_id"
sink_start "$B" 10.209.0.2 7501 "$NLG_TMP/sink.txt" --timeout 60

daemon_start "$A" "$DB" "$NLG_TMP/d.conf"
sleep 1
# three runs, one after another, each holding its connection across a
# sample; orphans, so that each is the program's own app and not part of
# this script's
cat > "$NLG_TMP/runs.sh" <<RUNS
for bytes in 100001 200002 300003; do
	nsenter --net="/run/netns/$A" "$NLG_TRAFFIC" send 10.209.0.2 7501 \$bytes --hold 600 \\
		--timeout 20 >> "$NLG_TMP/runs.log" 2>&1 || echo failed >> "$NLG_TMP/failed"
	echo \$bytes >> "$NLG_TMP/runs"
done
echo done > "$NLG_TMP/runs.done"
RUNS
(sh "$NLG_TMP/runs.sh" &)
wait_for "$NLG_TMP/runs.done" done 60 || fail "the runs did not end"
[ -f "$NLG_TMP/failed" ] && fail "a run failed: $(cat "$NLG_TMP/runs.log")"
sleep 1.5
daemon_stop

"$NETLEDGER" history --db "$DB" --apps --months --since @0 --json > "$NLG_TMP/apps.json" ||
	fail "history --apps"
echo "  $(jq -c '.apps' "$NLG_TMP/apps.json")"
series=$(jq '[.apps[] | select(.name == "nlg-traffic")] | length' "$NLG_TMP/apps.json")
[ "$series" = 1 ] || fail "$series series for nlg-traffic, want 1"
tx=$(jq '.apps[] | select(.name == "nlg-traffic") | .tx_bytes' "$NLG_TMP/apps.json")
key=$(jq -r '.apps[] | select(.name == "nlg-traffic") | .key' "$NLG_TMP/apps.json")
[ "$tx" = 600006 ] || fail "the series holds $tx bytes sent, the three runs sent 600006"
[ "$key" = "exe:$NLG_TRAFFIC" ] || fail "the series is keyed '$key', not by the executable"
pids=$(jq '[.apps[] | select(.name | test("\\[[0-9]+\\]$"))] | length' "$NLG_TMP/apps.json")
[ "$pids" = 0 ] || fail "series named after a pid"
sqlite3 -version > /dev/null 2>&1 &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM series WHERE kind = 1 AND label = 'nlg-traffic'")" = 1 ] ||
	fail "the database holds more than one series of the program"
ok "three runs of one program: one app series ($key) with their sum, $tx bytes"
