/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ebpf_floor.bpf.c - cgroup_skb programs that do a part of what
 * netledger's do, for bench/ebpf --floor: what the kernel's harness costs
 * per packet on this machine (ret_*), that plus reading the socket cookie
 * (cookie_*), and that plus finding the socket's element in a hash map laid
 * out as netledger's (lookup_*). netledger's programs are measured beside
 * them, on the same packets; what they add to lookup_* is the counting.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "sockcount.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* The cookie goes to a line of each direction's own: one shared line
 * written on two CPUs would cost what is measured here. */
volatile __u64 sink_in __attribute__((aligned(64)));
volatile __u64 sink_out __attribute__((aligned(64)));

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NLG_BPF_MAX_SOCKS);
	__type(key, __u64);
	__type(value, struct nlg_bpf_sock);
} socks SEC(".maps");

SEC("cgroup_skb/ingress")
int ret_ingress(struct __sk_buff *skb)
{
	return 1;
}

SEC("cgroup_skb/egress")
int ret_egress(struct __sk_buff *skb)
{
	return 1;
}

SEC("cgroup_skb/ingress")
int cookie_ingress(struct __sk_buff *skb)
{
	sink_in = bpf_get_socket_cookie(skb);
	return 1;
}

SEC("cgroup_skb/egress")
int cookie_egress(struct __sk_buff *skb)
{
	sink_out = bpf_get_socket_cookie(skb);
	return 1;
}

/* The socket's element, made at its first packet; nothing written after. */
static __always_inline struct nlg_bpf_sock *lookup(struct __sk_buff *skb)
{
	__u64 cookie = bpf_get_socket_cookie(skb);
	struct nlg_bpf_sock *v = bpf_map_lookup_elem(&socks, &cookie);
	if (!v) {
		struct nlg_bpf_sock zero = {};
		bpf_map_update_elem(&socks, &cookie, &zero, BPF_NOEXIST);
	}
	return v;
}

SEC("cgroup_skb/ingress")
int lookup_ingress(struct __sk_buff *skb)
{
	struct nlg_bpf_sock *v = lookup(skb);
	if (v)
		sink_in = v->rx_gen;
	return 1;
}

SEC("cgroup_skb/egress")
int lookup_egress(struct __sk_buff *skb)
{
	struct nlg_bpf_sock *v = lookup(skb);
	if (v)
		sink_out = v->tx_gen;
	return 1;
}

/* The same counting, the counters found through socket-local storage
 * instead of the cookie and the hash (no cookie read, no hash): the
 * storage's own pointer check shares a line with its first 56 bytes, so
 * each direction's counters start on a line of their own. */
struct skcount {
	__u64 pad[7];
	__u64 rx_bytes, rx_packets;
	__u64 pad2[6];
	__u64 tx_bytes, tx_packets;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct skcount);
} skstore SEC(".maps");

static __always_inline void skcount(struct __sk_buff *skb, int ingress)
{
	struct bpf_sock *sk = skb->sk;
	if (!sk)
		return;
	sk = bpf_sk_fullsock(sk);
	if (!sk)
		return;
	struct skcount *v = bpf_sk_storage_get(&skstore, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!v)
		return;
	if (ingress) {
		__sync_fetch_and_add(&v->rx_bytes, skb->len);
		__sync_fetch_and_add(&v->rx_packets, 1);
	} else {
		__sync_fetch_and_add(&v->tx_bytes, skb->len);
		__sync_fetch_and_add(&v->tx_packets, 1);
	}
}

SEC("cgroup_skb/ingress")
int skstore_ingress(struct __sk_buff *skb)
{
	skcount(skb, 1);
	return 1;
}

SEC("cgroup_skb/egress")
int skstore_egress(struct __sk_buff *skb)
{
	skcount(skb, 0);
	return 1;
}
