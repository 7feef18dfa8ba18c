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
 *
 * For incremental sampling, a socket's first packet in each direction
 * after the reader advanced nlg_gen, and every TCP state change (sock_ops),
 * put a notice in the ring buffer `changes`: a sample then reads only those
 * sockets (a socket noticed twice is read once).
 */
#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
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

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, NLG_BPF_RING_BYTES);
} changes SEC(".maps");

/* Advanced by the reader at each sample (through the mmapped .data). */
volatile __u32 nlg_gen = 1;

static __always_inline void stat_add(__u32 slot, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &slot);
	if (v)
		*v += n;  /* per-CPU: no other writer */
}

static __always_inline struct nlg_bpf_sock *slot_for(__u64 cookie, __u64 netns, __u16 family,
						     __u16 protocol)
{
	struct nlg_bpf_sock *v = bpf_map_lookup_elem(&socks, &cookie);
	if (v)
		return v;
	/* A socket made before the programs were loaded, or accepted (made
	 * by the kernel): its namespace makes it ours or another's, its
	 * protocol says whether sock_diag lists it. */
	struct nlg_bpf_sock zero = { .netns = netns, .family = family, .protocol = protocol };
	bpf_map_update_elem(&socks, &cookie, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&socks, &cookie);
}

static __always_inline void notice(struct nlg_bpf_change *c)
{
	if (bpf_ringbuf_output(&changes, c, sizeof(*c), 0) < 0)
		stat_add(NLG_BPF_LOST_CHANGES, 1);
}

/* The packet's socket changed: say so once per generation, with its
 * endpoints so that the reader can ask sock_diag for this one socket. */
static __always_inline void packet_notice(struct __sk_buff *skb, __u64 cookie)
{
	struct nlg_bpf_change c = { .cookie = cookie, .kind = NLG_BPF_CHANGE_PACKET };
	struct bpf_sock *sk = skb->sk;
	c.netns = bpf_get_netns_cookie(skb);
	if (sk)
		sk = bpf_sk_fullsock(sk);
	if (sk) {
		c.family = sk->family;
		c.protocol = sk->protocol;
		c.state = sk->state;
		c.lport = sk->src_port;
		c.rport = bpf_ntohs(sk->dst_port);
		if (sk->family == 2 /* AF_INET */) {
			__builtin_memcpy(c.local, &sk->src_ip4, 4);
			__builtin_memcpy(c.remote, &sk->dst_ip4, 4);
		} else {
			__u32 a[4] = { sk->src_ip6[0], sk->src_ip6[1], sk->src_ip6[2], sk->src_ip6[3] };
			__u32 b[4] = { sk->dst_ip6[0], sk->dst_ip6[1], sk->dst_ip6[2], sk->dst_ip6[3] };
			__builtin_memcpy(c.local, a, 16);
			__builtin_memcpy(c.remote, b, 16);
		}
	}
	notice(&c);
}

static __always_inline void count(struct __sk_buff *skb, int ingress)
{
	__u64 cookie = bpf_get_socket_cookie(skb);
	if (!cookie)
		return;
	struct nlg_bpf_sock *v = bpf_map_lookup_elem(&socks, &cookie);
	if (!v) {
		struct bpf_sock *sk = skb->sk;
		if (sk)
			sk = bpf_sk_fullsock(sk);
		v = slot_for(cookie, bpf_get_netns_cookie(skb), sk ? sk->family : 0,
			     sk ? sk->protocol : 0);
	}
	if (!v) {
		stat_add(NLG_BPF_FULL_PACKETS, 1);
		return;
	}
	/* Each direction touches its own cache line only (sockcount.h). */
	__u32 gen = nlg_gen, *seen;
	if (ingress) {
		__sync_fetch_and_add(&v->rx_bytes, skb->len);
		__sync_fetch_and_add(&v->rx_packets, 1);
		seen = &v->rx_gen;
	} else {
		__sync_fetch_and_add(&v->tx_bytes, skb->len);
		__sync_fetch_and_add(&v->tx_packets, 1);
		seen = &v->tx_gen;
	}
	if (*seen != gen) {
		*seen = gen;  /* a race on two CPUs only doubles the notice */
		packet_notice(skb, cookie);
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

/* TCP sockets that change without a packet of their own: a listener, an
 * accepted connection (its handshake ran on the listener). Other state
 * changes come with a packet (FIN, RST) or end in a destroy event. */
SEC("sockops")
int nlg_sock_ops(struct bpf_sock_ops *ops)
{
	__u32 op = ops->op;
	if (op != BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB && op != BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB &&
	    op != BPF_SOCK_OPS_TCP_LISTEN_CB)
		return 1;
	/* One notice per generation, as for packets: a connect's SYN has
	 * usually sent it already. */
	__u64 cookie = bpf_get_socket_cookie(ops);
	__u64 netns = bpf_get_netns_cookie(ops);
	struct nlg_bpf_sock *v = slot_for(cookie, netns, ops->family, 6 /* IPPROTO_TCP */);
	__u32 gen = nlg_gen;
	if (v) {
		/* made by a packet that showed no full socket (a handshake's) */
		if (!v->protocol) {
			v->protocol = 6;
			v->family = ops->family;
		}
		if (v->rx_gen == gen || v->tx_gen == gen)
			return 1;
		v->tx_gen = gen;
	}
	struct nlg_bpf_change c = {
		.cookie = cookie,
		.netns = netns,
		.family = ops->family,
		.protocol = 6 /* IPPROTO_TCP */,
		.state = ops->state,
		.lport = ops->local_port,
		.rport = bpf_ntohl(ops->remote_port),
		.kind = NLG_BPF_CHANGE_STATE,
	};
	if (ops->family == 2 /* AF_INET */) {
		__u32 l = ops->local_ip4, r = ops->remote_ip4;
		__builtin_memcpy(c.local, &l, 4);
		__builtin_memcpy(c.remote, &r, 4);
	} else {
		/* one 4-byte load each: the context allows no wider access */
		__u32 a[4], b[4];
		for (int i = 0; i < 4; i++) {
			a[i] = *(volatile __u32 *)&ops->local_ip6[i];
			b[i] = *(volatile __u32 *)&ops->remote_ip6[i];
		}
		__builtin_memcpy(c.local, a, 16);
		__builtin_memcpy(c.remote, b, 16);
	}
	notice(&c);
	return 1;
}
