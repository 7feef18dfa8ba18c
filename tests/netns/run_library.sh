#!/bin/sh
# The accounting API of libnetledger, as an embedder calls it
# (tests/tools/nlg-account.c), in a namespace made here:
#   an existing cgroup: a sender that joins it after the counters run is
#   counted exactly (TCP payload), a sender outside it is not, and the
#   cgroup is left in place;
#   a process tree (sampled): the sender's bytes are counted, at most the
#   truth, and the totals say they are not exact.
. "$NLG_LIB"
require_root
command -v nsenter >/dev/null || skip "needs nsenter"
NS=nlg-l$$
ns_new "$NS"
MNT=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$MNT" ] || skip "no cgroup v2 hierarchy"
CG=/nlg-lib-$$
mkdir "$MNT$CG" || fail "mkdir $MNT$CG"
trap 'rmdir "$MNT$CG" 2>/dev/null; cleanup' EXIT INT TERM
in_ns() { nsenter --net="/run/netns/$NS" "$@"; }

sink_start "$NS" 127.0.0.1 7010 "$NLG_TMP/sink.txt" --timeout 60

nsenter --net="/run/netns/$NS" "$NLG_ACCOUNT" cgroup "$CG" 4 > "$NLG_TMP/cg.txt" 2> "$NLG_TMP/cg.err" &
A=$!
NLG_PIDS="$NLG_PIDS $A"
wait_for "$NLG_TMP/cg.txt" ready 10 || fail "nlg-account did not start: $(cat "$NLG_TMP/cg.err")"
in_ns sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$MNT$CG" \
	"$NLG_TRAFFIC" send 127.0.0.1 7010 123457 --connections 3 --timeout 30 || fail "sender in the cgroup"
in_ns "$NLG_TRAFFIC" send 127.0.0.1 7010 99999 --timeout 30 || fail "sender outside"
wait "$A" || fail "nlg-account cgroup: $(cat "$NLG_TMP/cg.err")"
cat "$NLG_TMP/cg.txt" "$NLG_TMP/cg.err"
set -- $(tail -n 1 "$NLG_TMP/cg.txt")
[ "$2" = $((3 * 123457)) ] && [ "${10}" = 3 ] && [ "${12}" = 1 ] ||
	fail "cgroup: want tcp_tx $((3 * 123457)), 3 sockets, exact: $(tail -n 1 "$NLG_TMP/cg.txt")"
[ -d "$MNT$CG" ] || fail "an existing cgroup was removed"
ok "an existing cgroup: exactly the 3 x 123457 bytes of its sender, the cgroup kept"

# a tree: the root waits for the counters, then sends slowly enough to be sampled
in_ns sh -c 'while [ ! -e "$1" ]; do sleep 0.05; done; exec "$2" send 127.0.0.1 7010 400000 --rate 400000 --linger 1 --timeout 30' \
	sh "$NLG_TMP/go" "$NLG_TRAFFIC" &
R=$!
NLG_PIDS="$NLG_PIDS $R"
nsenter --net="/run/netns/$NS" "$NLG_ACCOUNT" tree "$R" 10 > "$NLG_TMP/tree.txt" 2> "$NLG_TMP/tree.err" &
A=$!
NLG_PIDS="$NLG_PIDS $A"
wait_for "$NLG_TMP/tree.txt" ready 10 || fail "nlg-account tree did not start: $(cat "$NLG_TMP/tree.err")"
touch "$NLG_TMP/go"
wait "$R" || fail "tree sender"
wait "$A" || fail "nlg-account tree: $(cat "$NLG_TMP/tree.err")"
cat "$NLG_TMP/tree.txt" "$NLG_TMP/tree.err"
set -- $(tail -n 1 "$NLG_TMP/tree.txt")
[ "$2" -gt 0 ] && [ "$2" -le 400000 ] && [ "${12}" = 0 ] && [ "${14}" -ge 1 ] ||
	fail "tree: $(tail -n 1 "$NLG_TMP/tree.txt")"
ok "a process tree: $2 of 400000 bytes seen by sampling, said to be not exact"
