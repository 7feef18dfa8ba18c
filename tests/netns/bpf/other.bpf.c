/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* other.bpf.c - an unrelated cgroup_skb program for the tests: it counts
 * egress packets in an array and lets every packet pass. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual MIT/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} other_count SEC(".maps");

SEC("cgroup_skb/egress")
int other_egress(struct __sk_buff *skb)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&other_count, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	(void)skb;
	return 1;
}
