#!/bin/sh
# netledger run passes the command's exit status on, and its signals:
#   exit 7 gives 7; a command killed by SIGTERM gives 143; SIGTERM sent to
#   netledger reaches the command (143); a missing command gives 127;
#   --interval prints progress lines and --quiet nothing;
#   --wait-all waits for a process left in the background and counts its
#   bytes, while the default stops with the command and says so;
#   without root there is no cgroup and no eBPF counter: one line says so,
#   the totals say "at least" and the JSON is not exact, with reasons; in a
#   cgroup delegated to the user, its own cgroup is made under it.
# Every JSON document validates against man/netledger-run.schema.json.
. "$NLG_LIB"
require_root
command -v nsenter >/dev/null || skip "needs nsenter"
python3 -c 'import jsonschema' 2>/dev/null || skip "needs python3-jsonschema"
SCHEMA=$(dirname "$NLG_LIB")/../../man/netledger-run.schema.json
NS=nlg-s$$
ns_new "$NS"
in_ns() { nsenter --net="/run/netns/$NS" "$@"; }
validate() {
	python3 - "$SCHEMA" "$@" <<'PY' || fail "JSON does not validate: $*"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
for path in sys.argv[2:]:
    jsonschema.validators.validator_for(schema)(schema).validate(json.load(open(path)))
PY
}
run() { # JSON-FILE ARGS...: netledger run, its status in $rc
	j=$1
	shift
	in_ns "$NETLEDGER" run --json "$j" "$@" 2> "$j.err"
	rc=$?
}

run "$NLG_TMP/s7.json" -- sh -c 'exit 7'
[ "$rc" = 7 ] || fail "exit 7 gave $rc: $(cat "$NLG_TMP/s7.json.err")"
[ "$(jq .exit_status "$NLG_TMP/s7.json")" = 7 ] || fail "JSON exit_status"
ok "exit 7 gives 7"

run "$NLG_TMP/term.json" -- sh -c 'kill -TERM $$'
[ "$rc" = 143 ] || fail "SIGTERM gave $rc"
[ "$(jq .signal "$NLG_TMP/term.json")" = 15 ] || fail "JSON signal: $(cat "$NLG_TMP/term.json")"
grep -q 'killed by signal 15 (exit status 143)' "$NLG_TMP/term.json.err" || fail "summary: $(cat "$NLG_TMP/term.json.err")"
ok "a command killed by SIGTERM gives 143"

nsenter --net="/run/netns/$NS" "$NETLEDGER" run --json "$NLG_TMP/fwd.json" -- sleep 30 \
	2> "$NLG_TMP/fwd.err" &
N=$!
NLG_PIDS="$NLG_PIDS $N"
n=0
until pgrep -P "$N" -x sleep > /dev/null; do
	n=$((n + 1))
	[ "$n" -gt 100 ] && fail "sleep did not start"
	sleep 0.1
done
kill -TERM "$N"
wait "$N"
rc=$?
[ "$rc" = 143 ] || fail "SIGTERM to netledger gave $rc: $(cat "$NLG_TMP/fwd.err")"
ok "SIGTERM sent to netledger reaches the command (143), the summary follows"

in_ns "$NETLEDGER" run -q -- nlg-no-such-command 2> "$NLG_TMP/nf.err"
rc=$?
[ "$rc" = 127 ] || fail "missing command gave $rc"
[ "$(wc -l < "$NLG_TMP/nf.err")" = 1 ] || fail "not one line: $(cat "$NLG_TMP/nf.err")"
ok "a missing command gives 127 and one line"

in_ns "$NETLEDGER" run --interval 0.3 -- sleep 1.2 2> "$NLG_TMP/int.err"
n=$(grep -Ec '^netledger: [0-9.]+ s  in .* out .* sockets [0-9]+$' "$NLG_TMP/int.err")
[ "$n" -ge 2 ] && [ "$n" -le 5 ] || fail "--interval 0.3 over 1.2 s: $n progress lines: $(cat "$NLG_TMP/int.err")"
in_ns "$NETLEDGER" run --quiet -- true 2> "$NLG_TMP/quiet.err"
[ ! -s "$NLG_TMP/quiet.err" ] || fail "--quiet printed: $(cat "$NLG_TMP/quiet.err")"
ok "--interval prints progress lines ($n in 1.2 s); --quiet prints nothing"

# --wait-all: a background sender outlives the shell
# (started directly, not through in_ns: $! is then the sink itself)
sink_start "$NS" 127.0.0.1 7009 "$NLG_TMP/sink.txt" --timeout 60
bg="sleep 1; exec $NLG_TRAFFIC send 127.0.0.1 7009 77777 --timeout 30"
run "$NLG_TMP/all.json" --wait-all -- sh -c "($bg) > /dev/null 2>&1 &"
[ "$rc" = 0 ] || fail "--wait-all gave $rc"
tx=$(jq .tcp_tx_payload_bytes "$NLG_TMP/all.json")
[ "$tx" = 77777 ] || fail "--wait-all: the background sender's bytes: $tx"
[ "$(jq .left_running "$NLG_TMP/all.json")" = 0 ] || fail "--wait-all left processes"
ok "--wait-all waits for the background sender and counts its $tx bytes"
run "$NLG_TMP/main.json" -- sh -c "($bg) > /dev/null 2>&1 &"
[ "$(jq .left_running "$NLG_TMP/main.json")" -ge 1 ] || fail "default: $(cat "$NLG_TMP/main.json")"
grep -q 'still run' "$NLG_TMP/main.json.err" || fail "default: no word on the process left"
ok "by default, the end of the command ends the count, and the process left is said"

# without root: no cgroup, no eBPF counter
if command -v setpriv > /dev/null; then
	chmod 755 "$NLG_TMP"
	mkdir -m 777 "$NLG_TMP/user"
	nsenter --net="/run/netns/$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NETLEDGER" run --json "$NLG_TMP/user/user.json" -- sh -c 'exit 5' 2> "$NLG_TMP/user.err"
	rc=$?
	cat "$NLG_TMP/user.err"
	mv "$NLG_TMP/user/user.json" "$NLG_TMP/user.json"
	[ "$rc" = 5 ] || fail "without root: exit 5 gave $rc"
	[ "$(grep -c '^netledger: ' "$NLG_TMP/user.err")" = 1 ] || fail "without root: not one line"
	grep -q '^netledger: run: no cgroup (.*), no eBPF counter (.*): counting sampled sockets of the process tree' \
		"$NLG_TMP/user.err" || fail "without root: no line on the fallback"
	grep -q 'received   at least ' "$NLG_TMP/user.err" || fail "without root: totals look exact"
	[ "$(jq .exact "$NLG_TMP/user.json")" = false ] || fail "without root: exact"
	[ "$(jq '.missing | length' "$NLG_TMP/user.json")" -ge 2 ] || fail "without root: no reasons"
	validate "$NLG_TMP/user.json"
	ok "without root: one line, 'at least', and the reasons in the JSON"
fi
# without root, in a cgroup delegated to the user: a cgroup of its own
# under it, counted by cgroup id from sampled sockets, then removed
MNT=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if command -v setpriv > /dev/null && [ -n "$MNT" ] && mkdir "$MNT/nlg-deleg-$$" 2>/dev/null; then
	DELEG=$MNT/nlg-deleg-$$
	trap 'rmdir "$DELEG"/* "$DELEG" 2>/dev/null; cleanup' EXIT INT TERM
	chown 65534 "$DELEG" "$DELEG/cgroup.procs" "$DELEG/cgroup.threads" "$DELEG/cgroup.subtree_control"
	sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$DELEG" \
		nsenter --net="/run/netns/$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NETLEDGER" run --json "$NLG_TMP/user/deleg.json" -- \
		"$NLG_TRAFFIC" send 127.0.0.1 7009 300000 --rate 150000 --timeout 30 2> "$NLG_TMP/deleg.err"
	rc=$?
	cat "$NLG_TMP/deleg.err"
	mv "$NLG_TMP/user/deleg.json" "$NLG_TMP/deleg.json"
	[ "$rc" = 0 ] || fail "delegated: exit $rc"
	cg=$(jq -r .cgroup "$NLG_TMP/deleg.json")
	case $cg in "/nlg-deleg-$$/netledger-run-"*) ;; *) fail "delegated: cgroup $cg" ;; esac
	[ ! -e "$MNT$cg" ] || fail "delegated: $cg left behind"
	grep -q '^netledger: run: no eBPF counter (.*): counting sampled sockets;' "$NLG_TMP/deleg.err" ||
		fail "delegated: no line on the missing eBPF counter"
	tx=$(jq .tcp_tx_payload_bytes "$NLG_TMP/deleg.json")
	[ "$(jq .exact "$NLG_TMP/deleg.json")" = false ] && [ "$tx" -gt 0 ] && [ "$tx" -le 300000 ] ||
		fail "delegated: $(cat "$NLG_TMP/deleg.json")"
	ok "without root, in a delegated cgroup: a cgroup of its own, $tx bytes seen (at least), removed"
	validate "$NLG_TMP/deleg.json"
fi
validate "$NLG_TMP/s7.json" "$NLG_TMP/term.json" "$NLG_TMP/fwd.json" "$NLG_TMP/all.json" \
	"$NLG_TMP/main.json"
ok "every JSON document validates against its schema"
