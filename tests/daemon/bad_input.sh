#!/bin/sh
# Bad input to netledgerd and netledger history: each is refused with one
# line on stderr and its documented exit status, and an existing database
# keeps every byte.
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need sqlite3
need setpriv
A=nlg-db$$a
ns_new "$A"
PORT=$((20000 + $$ % 20000))
conf "$NLG_TMP/d.conf" interval=200ms flush_interval=1s apps=no port=$PORT

# expect WANT_STATUS PATTERN CMD...: the command exits WANT_STATUS with one
# stderr line matching PATTERN.
expect() {
	want=$1
	pat=$2
	shift 2
	"$@" > "$NLG_TMP/out" 2> "$NLG_TMP/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "$*: exit $got, want $want ($(cat "$NLG_TMP/err"))"
	[ "$(wc -l < "$NLG_TMP/err")" -eq 1 ] || fail "$*: want one line, got: $(cat "$NLG_TMP/err")"
	grep -q "$pat" "$NLG_TMP/err" || fail "$*: '$(cat "$NLG_TMP/err")' lacks '$pat'"
	echo "  $want: $(cat "$NLG_TMP/err")"
}
D() { ip netns exec "$A" "$NETLEDGERD" "$@"; }
# untouched FILE: same bytes as its .orig copy, and no journal beside it.
untouched() {
	cmp -s "$1" "$1.orig" || fail "$1 was modified"
	[ ! -e "$1-wal" ] || fail "$1 got a WAL file"
}

# Configuration and options.
printf 'interval = 1s\nflush_interval = soon\n' > "$NLG_TMP/bad.conf"
expect 2 "bad.conf:2: invalid value 'soon' for flush_interval" D -f --config "$NLG_TMP/bad.conf" --db "$NLG_TMP/x.db"
# incremental sampling's keys
printf 'sampling = sometimes\n' > "$NLG_TMP/bad3.conf"
expect 2 "bad3.conf:1: invalid value 'sometimes' for sampling" D -f --config "$NLG_TMP/bad3.conf" --db "$NLG_TMP/x.db"
printf 'reconcile_interval = 10ms\n' > "$NLG_TMP/bad4.conf"
expect 2 "bad4.conf:1: invalid value '10ms' for reconcile_interval" D -f --config "$NLG_TMP/bad4.conf" --db "$NLG_TMP/x.db"
printf '# fine\n\nintervall = 1s\n' > "$NLG_TMP/bad2.conf"
expect 2 "bad2.conf:3: unknown key 'intervall'" D -f --config "$NLG_TMP/bad2.conf" --db "$NLG_TMP/x.db"
expect 2 "No such file" D -f --config "$NLG_TMP/none.conf"
expect 2 "unrecognized option" D --frobnicate
[ ! -e "$NLG_TMP/x.db" ] || fail "a database was created despite a bad configuration"
ok "configuration errors: exit 2 with file:line"

# A real database to damage in several ways.
GOOD=$NLG_TMP/good.db
daemon_start "$A" "$GOOD" "$NLG_TMP/d.conf"
sleep 1.5
daemon_stop
sqlite3 "$GOOD" "PRAGMA journal_mode=DELETE" > /dev/null

cp "$GOOD" "$NLG_TMP/newer.db"
sqlite3 "$NLG_TMP/newer.db" "UPDATE info SET value = '7' WHERE key = 'schema_version'"
cp "$NLG_TMP/newer.db" "$NLG_TMP/newer.db.orig"
expect 3 "newer netledger" D -f --config "$NLG_TMP/d.conf" --db "$NLG_TMP/newer.db"
expect 3 "newer netledger" D --config "$NLG_TMP/d.conf" --db "$NLG_TMP/newer.db"
expect 1 "newer netledger" "$NETLEDGER" history --db "$NLG_TMP/newer.db"
untouched "$NLG_TMP/newer.db"
ok "unknown schema: exit 3 (daemon, also in the background), 1 (history), file unchanged"

head -c 20000 /dev/urandom > "$NLG_TMP/corrupt.db"
cp "$NLG_TMP/corrupt.db" "$NLG_TMP/corrupt.db.orig"
expect 3 "corrupt.db: .*not a database" D -f --config "$NLG_TMP/d.conf" --db "$NLG_TMP/corrupt.db"
expect 1 "not a database" "$NETLEDGER" history --db "$NLG_TMP/corrupt.db"
untouched "$NLG_TMP/corrupt.db"
cp "$GOOD" "$NLG_TMP/damaged.db"
size=$(stat -c %s "$NLG_TMP/damaged.db")
# Overwrite the last page, a page of history rows.
head -c 4096 /dev/zero | tr '\0' '\245' | dd of="$NLG_TMP/damaged.db" bs=4096 \
	seek=$((size / 4096 - 1)) conv=notrunc 2>/dev/null
cp "$NLG_TMP/damaged.db" "$NLG_TMP/damaged.db.orig"
expect 3 "damaged\|malformed\|not a database" D -f --config "$NLG_TMP/d.conf" --db "$NLG_TMP/damaged.db"
untouched "$NLG_TMP/damaged.db"
ok "corrupt and damaged files: exit 3, unchanged"

sqlite3 "$NLG_TMP/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
cp "$NLG_TMP/foreign.db" "$NLG_TMP/foreign.db.orig"
expect 3 "another program" D -f --config "$NLG_TMP/d.conf" --db "$NLG_TMP/foreign.db"
untouched "$NLG_TMP/foreign.db"
ok "an SQLite file of another program: exit 3, unchanged"

mkdir "$NLG_TMP/ro"
chmod 755 "$NLG_TMP/ro"
chmod 755 "$NLG_TMP"
expect 3 "Permission denied" ip netns exec "$A" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$NETLEDGERD" -f --config "$NLG_TMP/d.conf" --db "$NLG_TMP/ro/h.db"
[ ! -e "$NLG_TMP/ro/h.db" ] || fail "created a file in the unwritable directory"
ok "unwritable directory: exit 3"

# A running daemon: a second one on its database, and one on its port.
cp "$GOOD" "$NLG_TMP/second.db"
cp "$GOOD" "$NLG_TMP/second.db.orig"
daemon_start "$A" "$GOOD" "$NLG_TMP/d.conf"
n=0
until ip netns exec "$A" sh -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null ||
	[ "$(ip netns exec "$A" ss -Htln "sport = :$PORT" | wc -l)" -gt 0 ]; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || fail "the first daemon never listened"
	sleep 0.1
done
# SIGHUP with an invalid file keeps the daemon and its settings.
cp "$NLG_TMP/d.conf" "$NLG_TMP/d.conf.good"
echo "interval = often" >> "$NLG_TMP/d.conf"
kill -HUP "$DPID"
wait_for "$NLG_TMP/daemon.log" "reload: .*d.conf:[0-9]*: invalid value 'often'" 5 ||
	fail "no reload error: $(tail -n 2 "$NLG_TMP/daemon.log")"
kill -0 "$DPID" || fail "the daemon died on a bad reload"
cp "$NLG_TMP/d.conf.good" "$NLG_TMP/d.conf"
kill -HUP "$DPID"
wait_for "$NLG_TMP/daemon.log" "configuration reloaded" 5 || fail "no reload"
ok "SIGHUP: an invalid file is reported and the daemon runs on"
expect 4 "in use by another netledgerd" D -f --config "$NLG_TMP/d.conf" --db "$GOOD"
expect 5 "$PORT" D -f --config "$NLG_TMP/d.conf" --db "$NLG_TMP/second.db"
untouched "$NLG_TMP/second.db"
daemon_stop
ok "database locked: exit 4; port in use: exit 5, database unchanged"
