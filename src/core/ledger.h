/* SPDX-License-Identifier: MIT */
/*
 * ledger.h - connections, processes and apps, and what moves between them.
 *
 * Each sample's socket readings update the connections (by cookie); each
 * connection's increase over the interval is added to its process and its
 * app. A connection that closes moves out of the table after one sample,
 * but what it counted stays in its process's and app's totals.
 */
#ifndef NLG_CORE_LEDGER_H
#define NLG_CORE_LEDGER_H

#include "core/counter.h"
#include "core/iface.h"
#include "core/identity.h"
#include "core/raw.h"
#include "core/u64map.h"
#include "platform/platform.h"

/* An app lives while it has a process or a connection, and a linger
 * after; its totals stay with it while it lives. */
struct nlg_app {
	char *key, *name;            /* stable identity, display name */
	enum nlg_app_kind kind;
	uint64_t rx, tx, prx, ptx;   /* totals, and this interval */
	double rx_rate, tx_rate;
	size_t nprocs, nconns;
	size_t refs;                 /* connections that point to it */
	size_t idx;                  /* in the ledger's apps */
	uint64_t idle_ns;            /* when it lost its last process and connection; 0 while used */
	struct nlg_app *hnext;       /* next app of the same key hash */
	bool unknown_bytes;
	/* by protocol (attribute.c): TCP payload, UDP IP bytes (eBPF) */
	uint64_t tcp_rx, tcp_tx, udp_rx, udp_tx;
};

struct nlg_proc {
	struct Nlg_proc_desc d;      /* strings owned */
	struct nlg_app *app;
	uint64_t rx, tx, prx, ptx;
	double rx_rate, tx_rate;
	size_t nconns;
	bool unknown_bytes;
	bool gone;
	uint64_t gone_ns;            /* when a sample found it gone */
	size_t refs;                 /* connections that point to it */
	size_t idx;                  /* in the ledger's procs */
};

/* What the eBPF counter adds to a connection it has seen (allocated then:
 * without it a connection carries none of this). */
struct Nlg_conn_wire {
	struct Nlg_acc rx, tx, rxp, txp;  /* IP bytes and packets */
};

/* What a connection keeps of its last reading: what its accessors, its
 * owner lookups and the next reading's comparison need (a reading is 168
 * bytes). The eBPF counts live in its Nlg_conn_wire, the endpoints in
 * nlg_conn. The payload counts are the last reading's, not the highest
 * (its accumulators' raw): a reading taken as the peer's FIN arrives may
 * count the FIN as a byte of payload, once. */
struct Nlg_conn_seen {
	uint64_t cookie;
	uint64_t inode;                /* the last non-zero one */
	uint64_t cgroup_id;
	uint64_t netns;                /* the last non-zero one */
	uint64_t bytes_acked, bytes_received;  /* valid when has_tcp_info */
	uint32_t uid;
	uint32_t rtt_us, retrans;
	uint8_t family;                /* 0 until a reading gives endpoints */
	uint8_t proto, state;
	bool has_tcp_info;             /* some reading had TCP counters */
};

/* 248 bytes, a malloc chunk of 256: one per socket (the eBPF counts, when
 * there are any, apart); the order keeps it free of holes. */
struct nlg_conn {
	struct Nlg_conn_seen last;
	struct nlg_endpoint local, remote;
	struct Nlg_acc rx, tx;       /* payload (TCP) */
	struct Nlg_conn_wire *w;     /* NULL until the eBPF counter sees it */
	uint64_t first_seen_ns, last_seen_ns;
	struct nlg_proc *proc;
	struct nlg_app *app;
	const char *netns_name;      /* owned by the ledger; "" for none */
	uint32_t dt_us;              /* of its last reading, for its rates; 0: none */
	uint8_t why;                 /* enum nlg_owner_why */
	uint8_t missing;             /* samples absent, awaiting a destroy event */
	uint8_t owner_tries;         /* samples its owner was looked for in vain */
	bool closed : 1;
	bool ebpf : 1;               /* the eBPF counter ran at its last sample */
	/* Closed by absence while destroy events were being lost: its last
	 * sampled counts are not its final ones. */
	bool final_unknown : 1;
};

/* Samples for which a removed connection's cookie and last readings are
 * remembered: listed again within them (a late destroy event, a socket
 * missing from two dumps), it counts only what it moved since. */
#define NLG_REMOVED_SAMPLES 64
/* Samples after a loss of destroy events in which a connection closed by
 * absence may be the one whose event was lost (see lost_lately()). */
#define NLG_LOST_SAMPLES 2
/* Samples in which an open connection that no process was found for is
 * looked up again: the process may hold it before the next scan of /proc
 * sees it (a new process, a passed descriptor). */
#define NLG_OWNER_RETRIES 3

struct Nlg_ledger {
	struct nlg_conn **conns;     /* sorted by cookie */
	size_t nconns, capconns;
	struct nlg_proc **procs;
	size_t nprocs, capprocs;
	struct Nlg_u64map proc_by_pid;  /* pid -> its latest struct nlg_proc */
	struct nlg_app **apps;
	size_t napps, capapps;
	struct Nlg_u64map app_by_key;   /* hash of (kind, key) -> first app of that hash */
	struct Nlg_u64map program_by_name; /* hash of a name -> a program's app of that name */
	uint64_t linger_ns;          /* gone processes and idle apps stay this long */
	uint64_t now_ns;             /* time of the sample being applied */
	struct nlg_event *events;
	size_t nevents, capevents;
	/* Cookies removed lately -> their struct Nlg_removed: a destroy
	 * event that arrives after a connection was closed by absence, or a
	 * socket listed again, must not count it twice. */
	struct Nlg_u64map removed;
	uint64_t gen;                /* samples applied */
	struct nlg_attribution attr;
	bool closures_seen;
	uint64_t lost_mark;          /* destroy events lost so far, at the last sample */
	uint64_t lost_gen;           /* the last sample that lost some; 0: none */
	bool ip_bytes;               /* count IP bytes (the eBPF counter runs) */
	/* Network namespaces: the one whose interfaces are read (0: any),
	 * names by inode (strings owned), and the forwarding counter at the
	 * last attribution. */
	uint64_t home_netns;
	struct Nlg_u64map netns_names;
	size_t nnetns;               /* namespaces the last sample read */
	uint64_t fwd_mark;
	bool fwd_seen;
};

/* Return: the accumulators of a connection's bytes as the API shows them:
 * payload for TCP, IP bytes for the others. */
const struct Nlg_acc *Nlg_conn_bytes_rx(const struct nlg_conn *c);
const struct Nlg_acc *Nlg_conn_bytes_tx(const struct nlg_conn *c);
/* Return: the increase that counts for its process and app this interval. */
uint64_t Nlg_conn_counted_rx(const struct Nlg_ledger *lg, const struct nlg_conn *c);
uint64_t Nlg_conn_counted_tx(const struct Nlg_ledger *lg, const struct nlg_conn *c);
/* Return: true when the connection has counts for its process and app. */
bool Nlg_conn_counted(const struct Nlg_ledger *lg, const struct nlg_conn *c);

/*
 * Applies one sample's socket readings (the dump, then destroy events).
 * The dump part of rs is sorted in place.
 * Return: 0 or -ENOMEM (the ledger stays consistent).
 */
int Nlg_ledger_apply(struct Nlg_ledger *lg, struct Nlg_raw_socks *rs,
		     const struct Nlg_sample_ctx *sc, const struct Nlg_owner_ops *ops);

/* Computes the attribution of the last socket sample against what the
 * interfaces moved since the one before (rl: the latest link reading, for
 * its forwarding counter), and adds what no socket explains to the
 * "unattributed" app (attribute.c). */
void Nlg_ledger_attribute(struct Nlg_ledger *lg, struct Nlg_iface_table *ifaces,
			  const struct Nlg_raw_links *rl, const struct Nlg_sample_ctx *sc);
/* Takes the namespaces of a reading: names, and which is home (ledger_netns.c). */
int Nlg_ledger_netns(struct Nlg_ledger *lg, const struct Nlg_raw_socks *rs);
/* Return: the name of a namespace ("" when it has none). */
const char *Nlg_ledger_netns_name(const struct Nlg_ledger *lg, uint64_t inode);
void Nlg_ledger_netns_done(struct Nlg_ledger *lg);
/* Return: the name of a connection's namespace: its ip netns name, else
 * the container app that first had a connection there, else "". */
const char *Nlg_ledger_netns_of(struct Nlg_ledger *lg, const struct nlg_conn *c);

void Nlg_ledger_done(struct Nlg_ledger *lg);

/* Internal to the ledger's files. */
struct nlg_proc *Nlg_ledger_proc_for(struct Nlg_ledger *lg, const struct Nlg_proc_desc *d,
				     const struct Nlg_owner_ops *ops);
/* The process that made a socket and exited before any sample saw it. */
struct nlg_proc *Nlg_ledger_proc_exited(struct Nlg_ledger *lg, const struct Nlg_proc_desc *d,
					const struct Nlg_owner_ops *ops);
struct nlg_app *Nlg_ledger_app_named(struct Nlg_ledger *lg, enum nlg_app_kind kind,
				     const char *name);
/* Return: a program's app (kind process-tree, keyed by its executable or
 * script) shown by that name, or NULL. */
struct nlg_app *Nlg_ledger_program_named(struct Nlg_ledger *lg, const char *name);
/* Return: the app of that identity, or NULL when there is none. */
struct nlg_app *Nlg_ledger_app_find(struct Nlg_ledger *lg, enum nlg_app_kind kind, const char *key);
/* Return: the app of that identity, made on first use, or NULL (no memory). */
struct nlg_app *Nlg_ledger_app_for(struct Nlg_ledger *lg, enum nlg_app_kind kind, const char *key,
				   const char *name);
void Nlg_ledger_app_free(struct Nlg_ledger *lg, struct nlg_app *a);
/* Return: the app of an identity (named by its container runtime where the
 * platform knows the name), or NULL (no memory). */
struct nlg_app *Nlg_ledger_app_of(struct Nlg_ledger *lg, struct Nlg_ident *id,
				  const struct Nlg_owner_ops *ops);
/* Marks a process gone (once; NULL is ignored). */
void Nlg_ledger_mark_gone(struct Nlg_ledger *lg, struct nlg_proc *p);
void Nlg_ledger_roll_procs(struct Nlg_ledger *lg, const struct Nlg_sample_ctx *sc);
/* Removed connections' last readings (conn_removed.c): put when a closed
 * connection leaves the table, kept NLG_REMOVED_SAMPLES samples. */
struct Nlg_removed {
	uint64_t gen;                /* the sample that removed it */
	uint64_t raw[6];             /* rx, tx, then the eBPF counter's four */
	uint8_t nraw;                /* 2, or 6 with the eBPF counter's */
};
const struct Nlg_removed *Nlg_removed_get(const struct Nlg_ledger *lg, uint64_t cookie);
void Nlg_removed_put(struct Nlg_ledger *lg, uint64_t cookie, const struct Nlg_removed *r);
void Nlg_removed_expire(struct Nlg_ledger *lg);
void Nlg_removed_done(struct Nlg_ledger *lg);
/* Marks exited processes gone, and frees the processes and apps whose
 * linger is over (their bytes stay in their apps' totals). */
void Nlg_ledger_lifetimes(struct Nlg_ledger *lg, const struct Nlg_sample_ctx *sc,
			  const struct Nlg_owner_ops *ops);
/* A connection takes or drops its references to its process and app. */
void Nlg_conn_set_owner(struct nlg_conn *c, struct nlg_proc *p, struct nlg_app *a);
void Nlg_conn_release(struct nlg_conn *c);

#endif
