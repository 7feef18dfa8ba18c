/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ebpf_floor.bpf.c - the cheapest cgroup_skb programs, for bench/ebpf
 * --floor: what the kernel's harness costs per packet on this machine
 * (ret_*), and that plus reading the socket cookie (cookie_*), beside
 * which netledger's own programs are measured.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Written so that the cookie read is not optimised away. */
volatile __u64 sink;

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
	sink = bpf_get_socket_cookie(skb);
	return 1;
}

SEC("cgroup_skb/egress")
int cookie_egress(struct __sk_buff *skb)
{
	sink = bpf_get_socket_cookie(skb);
	return 1;
}
