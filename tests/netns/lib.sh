# Shared helpers of the network-namespace tests (sourced, POSIX sh + bash).
# Every namespace made here is removed on exit, whatever the outcome.

NLG_NS_LIST=""
NLG_PIDS=""

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok - $*"; }

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
	command -v ip >/dev/null || skip "needs iproute2"
	command -v jq >/dev/null || skip "needs jq"
	ip netns add "nlg-probe-$$" 2>/dev/null || skip "cannot create network namespaces here"
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
