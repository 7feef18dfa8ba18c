/* SPDX-License-Identifier: MIT */
/*
 * raw.h - the plain readings a platform backend fills and the core reads:
 * links, addresses, sockets, namespaces, and the owner lookups.
 *
 * The bottom of the layers: decoders (src/decode/), platform backends and
 * the core all include it, and it includes nothing of theirs.
 */
#ifndef NLG_CORE_RAW_H
#define NLG_CORE_RAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"
#include "core/error.h"

#define NLG_NAME_MAX 16 /* IFNAMSIZ on every supported kernel */
#define NLG_KIND_MAX 24
#define NLG_MAC_MAX 32
#define NLG_NETNS_NAME_MAX 64

/* What a wireless interface's link looked like at one reading; the
 * fields are those of struct nlg_wifi, valid by their NLG_WIFI_HAS_* bit. */
struct Nlg_raw_wifi {
	unsigned has;
	enum nlg_wifi_mode mode;
	uint8_t ssid[32];
	uint8_t ssid_len;
	uint8_t bssid[6];
	uint32_t freq_mhz, channel;
	int32_t signal_dbm, signal_avg_dbm;
	uint64_t rx_bitrate, tx_bitrate; /* bits per second */
	uint32_t stations;
	const char *source;            /* static */
	const char *why;               /* static; "" when nothing is missing */
};

/* One reading of one interface. */
struct Nlg_raw_link {
	int ifindex;
	int master;                    /* ifindex of its bridge or bond, or 0 */
	char name[NLG_NAME_MAX];
	char kind[NLG_KIND_MAX];       /* "" when the driver gives none */
	enum nlg_iface_type type;
	unsigned flags;                /* NLG_IFF_* */
	enum nlg_oper_state oper;
	uint32_t mtu;
	uint8_t mac[NLG_MAC_MAX];
	uint8_t mac_len;
	uint8_t counter_width;         /* 32 or 64 */
	uint8_t l2_len;                /* link-layer header bytes per packet */
	uint32_t counter_mask;         /* bit c set: counters[c] was reported */
	uint64_t counters[NLG_COUNTER_COUNT];
	uint64_t speed_mbps;           /* 0: unknown */
	bool removed;                  /* the final reading of a deleted link */
	/* pf's counters of this interface (BSD), indexed [enum nlg_pf_af]
	 * [enum nlg_pf_dir][enum nlg_pf_action]; valid when has_pf. */
	bool has_pf;
	uint64_t pf_packets[2][2][2];
	uint64_t pf_bytes[2][2][2];
	uint64_t pf_tzero;             /* when pf last zeroed them */
	/* Link quality of a wireless interface (type NLG_IFACE_WIFI). */
	struct Nlg_raw_wifi wifi;
	uint64_t netns;                /* its network namespace's inode; 0 ours */
	char netns_name[NLG_NETNS_NAME_MAX];  /* that namespace's ip netns name */
};

struct Nlg_raw_addr {
	int ifindex;
	uint64_t netns;                /* as Nlg_raw_link's */
	struct nlg_addr addr;
};

/* The readings of one sample. Deletion events come first, in the order
 * the kernel sent them, then the current state of every interface. The
 * arrays are reused from sample to sample. */
struct Nlg_raw_links {
	struct Nlg_raw_link *links;
	size_t nlinks, links_cap;
	struct Nlg_raw_addr *addrs;
	size_t naddrs, addrs_cap;
	bool have_addrs;
	/* Packets the namespace forwarded (IPv4 and IPv6), so far; valid
	 * when have_fwd. */
	uint64_t fwd_packets;
	bool have_fwd;
	/* Whether pf was read: 0, or a negative code with pf_why saying why
	 * not; Nlg_raw_links_clear() sets -ENOTSUP, which a platform with pf
	 * replaces. */
	int pf_status;
	struct Nlg_errbuf pf_why;
};

/* Return: a zeroed slot at the end of the array, or NULL when out of memory. */
struct Nlg_raw_link *Nlg_raw_links_push(struct Nlg_raw_links *rl);
/* Return: the Wi-Fi channel number of a frequency in MHz, or 0 when unknown. */
uint32_t Nlg_wifi_channel(uint32_t freq_mhz);
struct Nlg_raw_addr *Nlg_raw_addrs_push(struct Nlg_raw_links *rl);
void Nlg_raw_links_clear(struct Nlg_raw_links *rl);
void Nlg_raw_links_done(struct Nlg_raw_links *rl);

/* One reading of one socket (Linux: sock_diag). Addresses are in network
 * byte order, ports in host order. The fields are ordered so that the
 * structure has no holes: an incremental view keeps one per socket. */
struct Nlg_raw_sock {
	uint64_t cookie;               /* the socket's identity */
	uint64_t inode;                /* 0 once the socket has no file */
	uint64_t cgroup_id;            /* 0 when the kernel does not say */
	uint32_t uid;
	uint32_t ifindex;              /* bound device, 0 for none */
	uint8_t family;                /* AF_INET or AF_INET6 */
	uint8_t proto;                 /* IPPROTO_TCP, IPPROTO_UDP, or (eBPF) another */
	uint8_t state;                 /* enum nlg_conn_state (Linux's TCP_* 1..11) */
	uint8_t local[16], remote[16];
	uint16_t lport, rport;
	bool has_tcp_info;
	bool closed;                   /* the final reading of a destroyed socket */
	/* The very reading the last sample gave (an incremental view's
	 * socket that nothing moved on): the ledger only confirms it. */
	bool unchanged;
	/* From the eBPF socket counter, when it runs and saw the socket. */
	bool has_wire;
	uint32_t retrans;              /* total retransmitted segments */
	uint64_t bytes_acked;          /* payload the peer acknowledged */
	uint64_t bytes_received;       /* payload received in order */
	uint32_t rtt_us;
	uint32_t creator_tgid;         /* the process that made it; 0 unknown */
	uint64_t wire_rx, wire_tx;     /* IP bytes, headers included */
	uint64_t wire_rx_packets, wire_tx_packets;
	uint64_t created_ns;           /* CLOCK_BOOTTIME when it was made */
	uint64_t netns;                /* its network namespace's inode; 0 unknown */
	char creator_comm[16];
};

/* A network namespace whose sockets a reading holds. */
struct Nlg_raw_netns {
	uint64_t inode;
	char name[NLG_NETNS_NAME_MAX];  /* an ip netns name, or "" */
	bool self;                      /* the one the monitor runs in */
};

#define NLG_SOCK_NOTES_MAX 4

struct Nlg_raw_socks {
	struct Nlg_raw_sock *v;
	size_t n, cap;
	bool borrowed;                 /* v is lent (Nlg_raw_socks_lend), not owned */
	uint64_t lost_events;          /* destroy events the kernel dropped, so far */
	bool closures_seen;            /* destroy events are subscribed */
	bool ebpf_active;              /* the eBPF socket counter runs */
	uint64_t ebpf_overflow;        /* packets it could not count, so far */
	const char *ebpf_status;       /* why it does not run; NULL: not asked */
	struct nlg_sampling_stats sampling;
	/* What this reading could not see, one sentence each. */
	struct Nlg_errbuf notes[NLG_SOCK_NOTES_MAX];
	size_t nnotes;
	struct Nlg_raw_netns *ns;      /* the namespaces read */
	size_t nns, nscap;
};

/* Return: a zeroed slot at the end, or NULL when out of memory. */
struct Nlg_raw_sock *Nlg_raw_socks_push(struct Nlg_raw_socks *rs);
/* Empties the reading; a lent array goes back to its owner. */
void Nlg_raw_socks_clear(struct Nlg_raw_socks *rs);
/* Lends v (n readings, room for cap) as the reading, freeing rs's own
 * array: a view kept between samples is handed out without a copy. v
 * stays its owner's and valid until the owner changes it (the next
 * sample); a push first makes rs an owned copy. */
void Nlg_raw_socks_lend(struct Nlg_raw_socks *rs, struct Nlg_raw_sock *v, size_t n, size_t cap);
/* Return: a zeroed namespace slot at the end, or NULL when out of memory. */
struct Nlg_raw_netns *Nlg_raw_socks_push_netns(struct Nlg_raw_socks *rs);
/* Adds a note on what the reading could not see (dropped when full). */
void Nlg_raw_socks_note(struct Nlg_raw_socks *rs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void Nlg_raw_socks_done(struct Nlg_raw_socks *rs);
/* How the core asks a platform who owns a socket. The monitor wires these
 * to the platform; tests wire them to fakes. */
/* A process as the platform sees it; identity is (pid, start_ticks). */
struct Nlg_proc_desc {
	int pid, ppid;
	uint64_t start_ticks;
	uint32_t uid;
	char comm[16];
	const char *cmdline;   /* may be NULL */
	const char *exe;       /* may be NULL */
	const char *cgroup;    /* may be NULL */
};

struct Nlg_owner_ops {
	/* The owner of a live socket by inode; false with *why when none. */
	bool (*by_inode)(void *ctx, uint64_t inode, struct Nlg_proc_desc *out,
			 enum nlg_owner_why *why);
	/* The single process that could own a socket that closed unseen, by
	 * its cgroup and uid; false with *why (CLOSED_UNSEEN, AMBIGUOUS). A
	 * cgroup path, when known, is given even without a process. */
	bool (*by_cgroup)(void *ctx, uint64_t cgroup_id, uint32_t uid, struct Nlg_proc_desc *out,
			  const char **cgroup_path, enum nlg_owner_why *why);
	/* The process that made a socket (seen by the eBPF counter), if it
	 * still runs and started before the socket was made; may be NULL. */
	bool (*by_creator)(void *ctx, uint32_t tgid, uint64_t created_ns, const char *comm,
			   struct Nlg_proc_desc *out);
	/* A process by pid (an ancestor, for folding), false when gone. */
	bool (*by_pid)(void *ctx, int pid, struct Nlg_proc_desc *out);
	/* Whether the process (pid, start_ticks) still runs; may be NULL
	 * (then processes are taken to live until their pid is reused). */
	bool (*alive)(void *ctx, int pid, uint64_t start_ticks);
	/* The name a container runtime gave a container ("docker", id), read
	 * from its files; may be NULL. Return: true with name written. */
	bool (*container_name)(void *ctx, const char *runtime, const char *id, char *name,
			       size_t size);
	void *ctx;
};

#endif
