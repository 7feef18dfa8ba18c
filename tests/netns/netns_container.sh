#!/bin/sh
# The container host seen from the host: a container (its own namespace
# behind a bridge, its own cgroup system.slice/docker-<64 hex>.scope) sends
# 30 000 000 bytes over TCP and 5 000 000 bytes of UDP in 1000-byte
# datagrams to R, forwarded by H. netledger runs in H as root, with every
# namespace (the default) and the eBPF counter:
#   - apps --json lists the container app with exactly the TCP payload
#     (30 000 000) and the UDP IP bytes (payload + 28 bytes per datagram);
#     its connections have the same, and the app's total holds exactly
#     what their IP bytes add up to;
#   - conns lists the container's connection with its namespace;
#   - the unattributed part of the attribution line is at most 1% of the
#     bytes H forwarded (they cross two of its interfaces and count once).
. "$NLG_LIB"
require_root
. "$(dirname "$NLG_LIB")/container_lib.sh"
container_new 1 10.210.0.2
APP="docker:$(echo "$C_ID_1" | cut -c1-12)"

ebpf_and_sink

watchers_start
sleep 1

# The sender stays connected a while after its last byte: both listings
# below must find it open, and under the sanitizers the first one alone
# (it loads the eBPF programs) takes seconds.
in_container 1 "$NLG_TRAFFIC" send 10.211.0.2 7001 30000000 --rate 8000000 --linger 8 --timeout 60 &
ST=$!
in_container 1 "$NLG_TRAFFIC" udp 10.211.0.2 7001 5000000 --size 1000 --rate 2000000 \
	--linger 2 --timeout 60 &
SU=$!
sleep 1.5
in_host "$NETLEDGER" conns --json --ebpf on > "$NLG_TMP/conns.json" 2> "$NLG_TMP/conns.err" ||
	fail "conns: $(cat "$NLG_TMP/conns.err")"
in_host "$NETLEDGER" conns --ebpf off > "$NLG_TMP/conns.txt" 2>&1
wait $ST || fail "the container's TCP sender failed"
wait $SU || fail "the container's UDP sender failed"
watchers_stop

c_ns_inode=$(stat -L -c %i "/run/netns/$C_NS_1")
conn=$(jq -c --arg ns "$C_NS_1" '.connections[] | select(.proto == "tcp" and .netns_name == $ns
	and .remote.port == 7001)' "$NLG_TMP/conns.json" | head -n 1)
echo "  conns: $conn"
[ -n "$conn" ] || fail "conns does not list the container's connection in its namespace"
[ "$(printf "%s\n" "$conn" | jq .netns)" = "$c_ns_inode" ] || fail "namespace inode: $(printf "%s\n" "$conn" | jq .netns), want $c_ns_inode"
[ "$(printf "%s\n" "$conn" | jq -r .app)" = "$APP" ] || fail "the connection's app: $(printf "%s\n" "$conn" | jq -r .app)"
grep "10.211.0.2:7001" "$NLG_TMP/conns.txt" | grep -q "$C_NS_1" ||
	fail "conns text has no namespace: $(grep "10.211.0.2:7001" "$NLG_TMP/conns.txt")"
ok "conns lists the container's connection with its namespace ($C_NS_1, $c_ns_inode)"

in_host "$NETLEDGER" ifaces --all-netns --json > "$NLG_TMP/ifaces.json" || fail "ifaces --all-netns"
jq -e --arg ns "$C_NS_1" 'any(.interfaces[]; .name == "c1" and .netns_name == $ns)' \
	"$NLG_TMP/ifaces.json" > /dev/null || fail "ifaces --all-netns does not list the container's c1"
in_host "$NETLEDGER" ifaces --json | jq -e 'all(.interfaces[]; .netns == 0)' > /dev/null ||
	fail "ifaces lists other namespaces without --all-netns"
ok "ifaces --all-netns lists the container's interface with its namespace; ifaces alone does not"

last=$NLG_TMP/last.json
last_frame "$NLG_TMP/apps.json" > "$last"
app=$(jq -c --arg a "$APP" '.groups[] | select(.name == $a)' "$last")
echo "  app: $app"
[ -n "$app" ] || fail "apps does not list the container app $APP"
[ "$(printf "%s\n" "$app" | jq -r .kind)" = container ] || fail "$APP is not a container"

removed() { # the container's removed connections of protocol $1: field $2 added up
	whole "$NLG_TMP/watch.json" | jq -s --arg a "$APP" --arg p "$1" --arg f "$2" '[.[] |
		select(.event == "removed" and .connection.app == $a and .connection.proto == $p) |
		.connection[$f]] | add // 0'
}
tcp_pay=$(removed tcp tx_bytes)
tcp_ip=$(removed tcp tx_ip_bytes)
udp_ip=$(removed udp tx_ip_bytes)
udp_want=$((5000000 + 28 * 5000))
echo "  TCP payload $tcp_pay, TCP IP bytes $tcp_ip, UDP IP bytes $udp_ip (want $udp_want)"
[ "$tcp_pay" = 30000000 ] || fail "TCP payload of the container: $tcp_pay, sent 30000000"
ok "the container's connection: exactly 30000000 bytes of TCP payload"
[ "$udp_ip" = "$udp_want" ] || fail "UDP IP bytes of the container: $udp_ip, want $udp_want"
ok "the container's UDP: payload + 28 bytes per datagram, exactly"
app_tcp=$(printf "%s\n" "$app" | jq .tcp_payload_tx_bytes)
app_udp=$(printf "%s\n" "$app" | jq .udp_ip_tx_bytes)
[ "$app_tcp" = 30000000 ] && [ "$app_udp" = "$udp_want" ] ||
	fail "apps --json: the container app's TCP payload $app_tcp, UDP IP bytes $app_udp"
ok "apps --json: the container app's TCP payload 30000000 and UDP IP bytes $app_udp, exactly"
app_tx=$(printf "%s\n" "$app" | jq .tx_bytes)
[ "$app_tx" = $((tcp_ip + udp_ip)) ] ||
	fail "the container app holds $app_tx bytes, its connections $((tcp_ip + udp_ip))"
ok "the container app holds exactly its connections' IP bytes ($app_tx)"

fwd=$(whole "$NLG_TMP/apps.json" | jq -s '[.[].attribution.forwarded_bytes] | add')
unexpl=$(whole "$NLG_TMP/apps.json" |
	jq -s '[.[].attribution | .unattributed_rx_bytes + .unattributed_tx_bytes] | add')
echo "  H forwarded $fwd bytes; unattributed $unexpl"
[ "$fwd" -ge 35000000 ] || fail "forwarded bytes: $fwd, at least 35000000 went through H"
[ $((unexpl * 100)) -le "$fwd" ] || fail "unattributed $unexpl is more than 1% of forwarded $fwd"
ok "unattributed ($unexpl) is at most 1% of the forwarded bytes ($fwd)"
row=$(jq -c '.groups[] | select(.kind == "unattributed") | [.rx_bytes, .tx_bytes]' "$last")
line=$(jq -c '.attribution | [.total_unattributed_rx_bytes, .total_unattributed_tx_bytes]' "$last")
echo "  unattributed row $row, line $line"
[ "$row" = "$line" ] || [ -z "$row" -a "$line" = "[0,0]" ] || fail "unattributed row $row, line $line"
ok "the unattributed row and the attribution line agree"
