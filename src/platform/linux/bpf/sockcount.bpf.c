/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * sockcount.bpf.c - counts IP bytes and packets per socket, in the kernel.
 *
 * A cgroup_skb pair attached to the cgroup v2 root sees every packet a
 * local socket sends or receives; the socket's cookie (the identity that
 * sock_diag reports too) keys a hash map. cgroup/sock_create records who
 * made the socket, so that one which lives and dies between two samples
 * still has an owner; cgroup/sock_release marks it closed. The programs
 * only count: every verdict is "pass".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "sockcount.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* The two fields read of the kernel's task_struct, placed by CO-RE. */
struct task_struct {
	struct task_struct *group_leader;
	char comm[16];
} __attribute__((preserve_access_index));

/* The process's name: its main thread's, not that of the thread that
 * made the socket (dig's isc-net-0000 is a thread of dig). */
static __always_inline void leader_comm(char *comm)
{
	struct task_struct *leader = bpf_get_current_task_btf()->group_leader;
	__builtin_memcpy(comm, leader->comm, 16);
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NLG_BPF_MAX_SOCKS);
	__type(key, __u64);
	__type(value, struct nlg_bpf_sock);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NLG_BPF_STATS);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void stat_add(__u32 slot, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &slot);
	if (v)
		*v += n;  /* per-CPU: no other writer */
}

static __always_inline struct nlg_bpf_sock *slot_for(struct __sk_buff *skb, __u64 cookie)
{
	struct nlg_bpf_sock *v = bpf_map_lookup_elem(&socks, &cookie);
	if (v)
		return v;
	/* A socket made before the programs were loaded: its namespace at
	 * least is known. */
	struct nlg_bpf_sock zero = { .netns = bpf_get_netns_cookie(skb) };
	bpf_map_update_elem(&socks, &cookie, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&socks, &cookie);
}

static __always_inline void count(struct __sk_buff *skb, int ingress)
{
	__u64 cookie = bpf_get_socket_cookie(skb);
	if (!cookie)
		return;
	struct nlg_bpf_sock *v = slot_for(skb, cookie);
	if (!v) {
		stat_add(NLG_BPF_FULL_PACKETS, 1);
		return;
	}
	if (ingress) {
		__sync_fetch_and_add(&v->rx_bytes, skb->len);
		__sync_fetch_and_add(&v->rx_packets, 1);
	} else {
		__sync_fetch_and_add(&v->tx_bytes, skb->len);
		__sync_fetch_and_add(&v->tx_packets, 1);
	}
}

SEC("cgroup_skb/ingress")
int nlg_ingress(struct __sk_buff *skb)
{
	count(skb, 1);
	return 1;
}

SEC("cgroup_skb/egress")
int nlg_egress(struct __sk_buff *skb)
{
	count(skb, 0);
	return 1;
}

SEC("cgroup/sock_create")
int nlg_sock_create(struct bpf_sock *sk)
{
	__u64 cookie = bpf_get_socket_cookie(sk);
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct nlg_bpf_sock v = {
		.netns = bpf_get_netns_cookie(sk),
		.cgroup_id = bpf_get_current_cgroup_id(),
		.created_ns = bpf_ktime_get_boot_ns(),
		.tgid = pid_tgid >> 32,
		.uid = (__u32)bpf_get_current_uid_gid(),
		.family = sk->family,
		.protocol = sk->protocol,
		.type = sk->type,
	};
	leader_comm(v.comm);
	/* Without a slot now, the first packet makes one, without owner. */
	bpf_map_update_elem(&socks, &cookie, &v, BPF_ANY);
	return 1;
}

SEC("cgroup/sock_release")
int nlg_sock_release(struct bpf_sock *sk)
{
	__u64 cookie = bpf_get_socket_cookie(sk);
	struct nlg_bpf_sock *v = bpf_map_lookup_elem(&socks, &cookie);
	if (!v)
		return 1;
	/* A socket made by the kernel (accepted) has no creator: the process
	 * that closes it is the one that held it. */
	if (!v->tgid) {
		v->tgid = bpf_get_current_pid_tgid() >> 32;
		v->uid = (__u32)bpf_get_current_uid_gid();
		v->cgroup_id = bpf_get_current_cgroup_id();
		v->netns = bpf_get_netns_cookie(sk);
		leader_comm(v->comm);
	}
	v->released = 1;
	return 1;
}
