/* SPDX-License-Identifier: MIT */
/*
 * sockcount.h - what the kernel-side socket counter stores per socket,
 * shared by the eBPF programs and the library that reads their map.
 * Fixed-width fields only: both sides must agree on every offset.
 */
#ifndef NLG_BPF_SOCKCOUNT_H
#define NLG_BPF_SOCKCOUNT_H

#include <linux/types.h>

/* Sockets tracked at once, on every namespace of the host; a full map is
 * counted, never silent. The map is preallocated (24 MiB of kernel
 * memory): an allocation on demand can fail in the packet path when many
 * sockets open at once. 131072 holds a container host with 50 000
 * connections (two sockets each on loopback) and room for churn. */
#define NLG_BPF_MAX_SOCKS 131072

/* The value per socket cookie. Byte counts are IP bytes (IP header and
 * everything above it) as the socket layer hands packets to IP and takes
 * them from it.
 *
 * A TCP socket's received packets (its peer's data or ACKs) are counted on
 * the CPU that delivers them, its sent ones on its writer's, and every
 * packet's lookup reads the element's hash and key. Each of the three must
 * sit on a cache line of its own, or the CPUs hand a line back and forth
 * at every packet. The kernel's hash map keeps its elements one after the
 * other in one page-aligned array, each a 48-byte header (the hash at 40),
 * the 8-byte key and the value. With a 136-byte value an element is 192
 * bytes, three whole cache lines:
 *
 *   line 0: header, key, netns           read by every lookup
 *   line 1: received counters, owner     written per received packet
 *   line 2: sent counters, name          written per sent packet
 *
 * A 104-byte value (160-byte elements) put the received counters on the
 * key's line in every element: in bench/ebpf that cost some 300 ns per TCP
 * segment each way. The fields beside the counters are written once. */
struct nlg_bpf_sock {
	__u64 netns;       /* network namespace cookie; 0 if the socket predates
			    * the programs */
	__u64 rx_bytes, rx_packets;
	__u32 rx_gen;      /* the sampling generation of the last notice sent */
	__u32 tgid;        /* the creating process; 0 if unknown */
	__u64 cgroup_id;   /* of the creating task */
	__u64 created_ns;  /* CLOCK_BOOTTIME when created */
	__u32 uid;
	__u16 family;
	__u16 protocol;
	__u16 type;
	__u8 released;     /* the owner closed its file descriptor */
	__u8 pad[13];      /* to the end of the second line */
	__u64 tx_bytes, tx_packets;
	__u32 tx_gen;      /* for sent packets and TCP state changes */
	__u32 pad2;
	char comm[16];     /* the creating process's name */
	__u8 pad3[24];     /* to the end of the third line */
};

/* Where each field falls in the kernel's element (see above). */
#define NLG_BPF_ELEM_HEAD 56
#define NLG_BPF_LINE(field) \
	((NLG_BPF_ELEM_HEAD + __builtin_offsetof(struct nlg_bpf_sock, field)) / 64)
_Static_assert((NLG_BPF_ELEM_HEAD + sizeof(struct nlg_bpf_sock)) % 64 == 0,
	       "elements are whole cache lines");
_Static_assert(NLG_BPF_LINE(netns) == 0 && NLG_BPF_LINE(rx_bytes) == 1 &&
		       NLG_BPF_LINE(rx_gen) == 1 && NLG_BPF_LINE(tx_bytes) == 2 &&
		       NLG_BPF_LINE(tx_gen) == 2,
	       "key, received and sent counters on three cache lines");

/* Notices in the ring buffer `changes`: a socket whose counts or state
 * changed since the reader last advanced the generation, once per
 * direction. 4096 notices of 64 bytes (with the ring's header) a sample,
 * 2048 sockets that both sent and received; a sample that finds the ring
 * overflowed takes a full dump. So does one with more changed sockets than
 * NLG_INC_MAX_READS plus an eighth of its view (3000 at 20 000 sockets,
 * where reading 2048 one by one costs some two thirds of one dump).
 * The reader maps the ring twice, all of it resident: 512 KiB here, 1 MiB
 * of netledgerd's 20 at 10 000 connections for a ring twice the size. */
#define NLG_BPF_RING_BYTES (256 << 10)

enum nlg_bpf_change_kind {
	NLG_BPF_CHANGE_PACKET = 1,  /* the first packet of this generation */
	NLG_BPF_CHANGE_STATE,       /* a TCP listen, connect or accept */
};

/* Addresses in network byte order, ports in host byte order. */
struct nlg_bpf_change {
	__u64 cookie;
	__u64 netns;
	__u8 local[16], remote[16];
	__u16 lport, rport;
	__u8 family;       /* 0 when the endpoints are unknown */
	__u8 protocol;
	__u8 state;        /* TCP state, when known */
	__u8 kind;
};

/* Slots of the per-CPU counters of what the map could not hold. */
enum {
	NLG_BPF_FULL_PACKETS = 0,  /* packets of sockets without a slot */
	NLG_BPF_LOST_CHANGES,      /* change notices the full ring dropped */
	NLG_BPF_STATS,
};

#endif
