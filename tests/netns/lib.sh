# Shared helpers of the network-namespace tests (sourced, POSIX sh + bash).
# Every namespace made here is removed on exit, whatever the outcome.

NLG_NS_LIST=""
NLG_PIDS=""

# skip: only for what the machine itself lacks (a kernel feature).
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok - $*"; }

# CI (CI=true) runs the tests as root on a machine scripts/setup.sh
# prepared: there a missing tool, privilege or build part is a failure.
in_ci() { [ "${CI:-}" = true ]; }
# lacks REASON: what the test needs is missing for a reason CI must not
# have: fails in CI, skips elsewhere.
lacks() {
	in_ci && fail "$* (in CI, as root, after scripts/setup.sh, it must be there)"
	skip "$*"
}
# need CMD...: tools that scripts/setup.sh installs.
need() {
	for c; do command -v "$c" >/dev/null || lacks "needs $c"; done
}
# lacking REASON: a part of the test cannot run because the machine truly
# lacks what it checks; the rest runs, and finish counts the test as
# skipped rather than passed.
lacking() {
	echo "note: not checked: $*"
	NLG_LACKING="${NLG_LACKING:+$NLG_LACKING; }$*"
}
finish() {
	[ -z "${NLG_LACKING:-}" ] || skip "$NLG_LACKING"
}

# ebpf_lacking ERRFILE: netledger could not load the eBPF socket counter
# (its message in ERRFILE). Return: 0 where the machine truly lacks it (no
# cgroup v2 hierarchy; outside CI, a build without it); fails otherwise.
ebpf_lacking() {
	if ! grep -qw cgroup2 /proc/mounts; then
		echo "note: no cgroup v2 hierarchy is mounted: no eBPF socket counter"
		return 0
	fi
	if grep -q "not built" "$1" && ! in_ci; then
		echo "note: this build has no eBPF socket counter: $(cat "$1")"
		return 0
	fi
	fail "the eBPF socket counter did not load where it can: $(cat "$1")"
}

# destroy_events_lacking WATCH_ERR: netledger said it cannot see closures
# (its stderr in WATCH_ERR). Return: 0 where the kernel truly has no
# socket-destroy events: ss -E, which listens to the same groups, fails
# too (where it has them, ss listens until the timeout); fails otherwise.
destroy_events_lacking() {
	grep -q "not seen" "$1" || return 1
	timeout 0.5 ss -E > /dev/null 2>&1
	[ $? = 124 ] && fail "netledger does not see socket-destroy events, though ss -E does: $(cat "$1")"
	return 0
}

require_root() {
	[ "$(id -u)" -eq 0 ] || lacks "needs root to create network namespaces"
	need ip jq nsenter
	ip netns add "nlg-probe-$$" 2>/dev/null || lacks "cannot create network namespaces here"
	ip netns del "nlg-probe-$$"
}

cleanup() {
	for p in $NLG_PIDS; do kill "$p" 2>/dev/null; done
	for p in $NLG_PIDS; do wait "$p" 2>/dev/null; done
	for ns in $NLG_NS_LIST; do ip netns del "$ns" 2>/dev/null; done
	[ -n "${NLG_TMP:-}" ] && rm -rf "$NLG_TMP"
}

# ns_new NAME: a namespace with loopback up and IPv6 off, so that the links
# stay silent unless the test sends something.
ns_new() {
	ip netns add "$1" || fail "ip netns add $1"
	NLG_NS_LIST="$NLG_NS_LIST $1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$1" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip -n "$1" link set lo up
}

# veth_pair NS1 IF1 ADDR1 NS2 IF2 ADDR2 (addresses with prefix length)
veth_pair() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || fail "veth"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}

# ns_pair NS1 IF1 ADDR1 NS2 IF2 ADDR2: two new namespaces joined by a veth
# pair (addresses with prefix length).
ns_pair() {
	ns_new "$1"
	ns_new "$4"
	veth_pair "$@"
}

# quiet_neigh NS1 IF1 ADDR1 NS2 IF2 ADDR2 (addresses without prefix length):
# fixed neighbour entries both ways, so that no ARP crosses the link at a
# moment of its own choosing (tests that compare totals with the kernel's
# counters at the byte).
quiet_neigh() {
	ip -n "$1" neigh replace "$6" dev "$2" nud permanent \
		lladdr "$(ip -n "$4" -j link show dev "$5" | jq -r '.[0].address')" || fail "neigh"
	ip -n "$4" neigh replace "$3" dev "$5" nud permanent \
		lladdr "$(ip -n "$1" -j link show dev "$2" | jq -r '.[0].address')" || fail "neigh"
}

# dummy_kind: "dummy" where the kernel has the dummy driver, else "ifb", the
# other driver-less software link (some kernels are built without dummy).
dummy_kind() {
	if [ -z "${NLG_DUMMY_KIND:-}" ]; then
		ip netns add "nlg-dk-$$"
		if ip -n "nlg-dk-$$" link add probe0 type dummy 2>/dev/null; then
			NLG_DUMMY_KIND=dummy
		else
			NLG_DUMMY_KIND=ifb
			echo "note: this kernel has no dummy driver; using ifb links instead" >&2
		fi
		ip netns del "nlg-dk-$$"
	fi
	echo "$NLG_DUMMY_KIND"
}

# kernel_counter NS IF FIELD: the kernel's own number, from ip -s -j link.
kernel_counter() {
	ip -n "$1" -s -j link show dev "$2" | jq -r ".[0].stats64.$3.bytes"
}

# wait_for FILE PATTERN SECONDS: until a line matching PATTERN appears.
wait_for() {
	n=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

# sink_start NS ADDR PORT OUT [OPTION...]: nlg-traffic's sink listening on
# ADDR:PORT inside NS, its output in OUT, stopped by the cleanup; returns
# once it is ready (at most 10 s).
sink_start() {
	nlg_sink_ns=$1 nlg_sink_addr=$2 nlg_sink_port=$3 nlg_sink_out=$4
	shift 4
	# started here, not through a function of the caller's: $! must be
	# the sink itself for the cleanup to stop it
	nsenter --net="/run/netns/$nlg_sink_ns" "$NLG_TRAFFIC" sink "$nlg_sink_addr" "$nlg_sink_port" "$@" \
		> "$nlg_sink_out" 2>&1 &
	NLG_PIDS="$NLG_PIDS $!"
	wait_for "$nlg_sink_out" ready 10 ||
		fail "the sink on $nlg_sink_addr:$nlg_sink_port did not start: $(cat "$nlg_sink_out")"
}

# wait_lines FILE N SECONDS: until FILE has at least N lines.
wait_lines() {
	n=0
	while [ "$(wc -l < "$1" 2>/dev/null || echo 0)" -lt "$2" ]; do
		n=$((n + 1))
		[ "$n" -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

NLG_TMP=$(mktemp -d)
trap cleanup EXIT INT TERM
