# A container host, made of namespaces (sourced after lib.sh):
#   H, the host: a bridge br0 (10.210.0.1/24) for the containers and a veth
#     to R (10.211.0.1/24); it forwards between them;
#   R, a remote host, 10.211.0.2, reached through H;
#   container_new N ADDR: a container, a namespace behind br0 with its own
#     cgroup system.slice/docker-<64 hex>.scope under the cgroup v2 mount.
# Every namespace and cgroup made here is removed on exit, also on failure.

command -v nsenter >/dev/null || skip "needs nsenter"
command -v sha256sum >/dev/null || skip "needs sha256sum"
# The cgroup v2 mount, wherever this machine has it.
CG_ROOT=$(awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' \
	/proc/self/mountinfo | head -n 1)
[ -n "$CG_ROOT" ] && [ -d "$CG_ROOT" ] || skip "no cgroup v2 hierarchy is mounted"
NLG_CGROUPS=""
NLG_SLICE_MADE=""

container_cleanup() {
	cleanup
	for cg in $NLG_CGROUPS; do
		# processes left inside go back to the root first
		if [ -f "$cg/cgroup.procs" ]; then
			while read -r p; do echo "$p" > "$CG_ROOT/cgroup.procs" 2>/dev/null; done \
				< "$cg/cgroup.procs"
		fi
		rmdir "$cg" 2>/dev/null
	done
	[ -n "$NLG_SLICE_MADE" ] && rmdir "$CG_ROOT/system.slice" 2>/dev/null
	return 0
}
trap container_cleanup EXIT INT TERM

H_NS=nlg-h$$
R_NS=nlg-r$$
ns_new "$H_NS"
ns_new "$R_NS"
ip -n "$H_NS" link add br0 type bridge || fail "bridge"
ip -n "$H_NS" addr add 10.210.0.1/24 dev br0
ip -n "$H_NS" link set br0 up
ip netns exec "$H_NS" sysctl -qw net.ipv4.ip_forward=1
veth_pair "$H_NS" vr 10.211.0.1/24 "$R_NS" r0 10.211.0.2/24
ip -n "$R_NS" route add 10.210.0.0/24 via 10.211.0.1

# container_new N ADDR: sets C_NS_N, C_CG_N, C_ID_N
container_new() {
	ns=nlg-c$$$1
	id=$(printf 'nlg-%s-%s' "$$" "$1" | sha256sum | cut -c1-64)
	ns_new "$ns"
	ip link add "c$1" netns "$ns" type veth peer name "vc$1" netns "$H_NS" || fail "veth"
	ip -n "$ns" addr add "$2/24" dev "c$1"
	ip -n "$ns" link set "c$1" up
	ip -n "$ns" route add default via 10.210.0.1
	ip -n "$H_NS" link set "vc$1" master br0
	ip -n "$H_NS" link set "vc$1" up
	if [ ! -d "$CG_ROOT/system.slice" ]; then
		mkdir "$CG_ROOT/system.slice" || fail "cannot make a cgroup under $CG_ROOT"
		NLG_SLICE_MADE=1
	fi
	cg="$CG_ROOT/system.slice/docker-$id.scope"
	mkdir "$cg" || fail "cannot make the cgroup $cg"
	NLG_CGROUPS="$cg $NLG_CGROUPS"
	eval "C_NS_$1=$ns C_CG_$1=$cg C_ID_$1=$id"
}

# in_container N CMD...: runs CMD in container N's namespace and cgroup.
in_container() {
	eval "cg=\$C_CG_$1 ns=\$C_NS_$1"
	shift
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg" nsenter --net="/run/netns/$ns" "$@"
}

in_host() { nsenter --net="/run/netns/$H_NS" "$@"; }

# ebpf_and_sink: skips where the eBPF counter cannot load, then starts R's
# sink (TCP and UDP on 10.211.0.2:7001).
ebpf_and_sink() {
	if ! in_host "$NETLEDGER" conns --ebpf on > /dev/null 2> "$NLG_TMP/probe.err"; then
		grep -q "eBPF" "$NLG_TMP/probe.err" && skip "$(cat "$NLG_TMP/probe.err")"
		fail "netledger conns: $(cat "$NLG_TMP/probe.err")"
	fi
	sink_start "$R_NS" 10.211.0.2 7001 "$NLG_TMP/sink.txt" --timeout 120
}

# watchers_start: `apps --watch 1` and `watch` in the host's namespace, JSON
# into apps.json and watch.json (sets P and W), once apps has printed.
watchers_start() {
	in_host_bg "$NLG_TMP/watch" watch --json --interval 1 --quiet-counts --ebpf on
	W=$!
	in_host_bg "$NLG_TMP/apps" apps --watch 1 --json --ebpf on
	P=$!
	NLG_PIDS="$NLG_PIDS $P $W"
	wait_lines "$NLG_TMP/apps.json" 1 15 || fail "apps printed nothing: $(cat "$NLG_TMP/apps.err")"
}

# in_host_bg OUT ARGUMENT...: netledger in the background in the host's
# namespace, JSON into OUT.json and errors into OUT.err ($! is netledger).
in_host_bg() {
	nlg_bg_out=$1
	shift
	nsenter --net="/run/netns/$H_NS" "$NETLEDGER" "$@" > "$nlg_bg_out.json" 2> "$nlg_bg_out.err" &
}

# watchers_stop: two more frames of apps after the last byte, however slow
# the build, then both stopped by SIGINT; each must exit with 0.
watchers_stop() {
	sleep 2.5
	wait_lines "$NLG_TMP/apps.json" $(($(wc -l < "$NLG_TMP/apps.json") + 2)) 30 ||
		fail "apps stopped printing: $(cat "$NLG_TMP/apps.err")"
	kill -INT "$P" "$W"
	wait "$P" || fail "apps exit status: $(cat "$NLG_TMP/apps.err")"
	wait "$W" || fail "watch exit status: $(cat "$NLG_TMP/watch.err")"
}

# last_frame FILE: the last line of FILE that is a whole JSON document (a
# monitor stopped by a signal may leave a partial line).
last_frame() {
	tac "$1" | while IFS= read -r line; do
		if printf '%s\n' "$line" | jq -e . > /dev/null 2>&1; then
			printf '%s\n' "$line"
			break
		fi
	done
}

# whole FILE: FILE's JSON lines up to the first that is not whole.
whole() { jq -c . "$1" 2>/dev/null; }
