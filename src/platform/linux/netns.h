/* SPDX-License-Identifier: MIT */
/*
 * netns.h - the network namespaces a monitor reads: found through
 * /proc/<pid>/ns/net (one entry per inode) and /run/netns, each with its
 * own sock_diag socket and destroy subscription opened inside it.
 */
#ifndef NLG_LINUX_NETNS_H
#define NLG_LINUX_NETNS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/u64map.h"
#include "platform/linux/sockets.h"
#include "platform/platform.h"

/* Scans a vanished namespace is still read for: destroy events of its
 * last sockets may come after its last process is gone. */
#define NLG_NETNS_LINGER 2

struct Nlg_netns {
	uint64_t inode;               /* its identity (ls -L -i /proc/PID/ns/net) */
	uint64_t cookie;              /* SO_NETNS_COOKIE, the eBPF counter's key */
	char name[NLG_NETNS_NAME_MAX];  /* an ip netns name, or "" */
	struct Nlg_socksrc socks;     /* bound to this namespace */
	struct Nlg_nl route;          /* instead, in a registry of links */
	int pid;                      /* a process inside; 0 when only named */
	int err;                      /* why it could not be entered, or 0 */
	unsigned unseen;              /* scans since it was last found */
	bool self;                    /* the namespace we run in */
	/* An idle namespace is not dumped again: its last dump is reused.
	 * Idle: the eBPF counter saw no packet, no new and no closed socket
	 * in it since that dump (sig unchanged), and no destroy event came. */
	uint64_t sig;                 /* this sample's activity signature */
	uint64_t dumped_sig;          /* the signature at its last dump */
	bool have_dump;               /* cache holds its last dump */
	bool force;                   /* dump it at the next sample */
	bool dump_failed;             /* its last dump failed: its sockets unread */
	uint64_t lost_seen;           /* socks.lost at the last read */
	struct Nlg_raw_sock *cache;
	size_t ncache, capcache;
};

enum Nlg_netns_scope {
	NLG_NETNS_SCOPE_CURRENT = 0,
	NLG_NETNS_SCOPE_ALL,
	NLG_NETNS_SCOPE_ONE,          /* one other namespace, by name or pid */
};

/* What a --netns argument designates. */
struct Nlg_netns_spec {
	enum Nlg_netns_scope scope;
	uint64_t self;                /* our own namespace's inode */
	uint64_t inode;               /* SCOPE_ONE: the other one's */
	char path[512];               /* SCOPE_ONE: the file to enter it by */
	char name[NLG_NETNS_NAME_MAX];  /* SCOPE_ONE: its ip netns name or "" */
};

/* Resolves spec: NULL or "current", "all", an ip netns NAME (under
 * /run/netns) or a PID (its namespace); our own namespace by name or pid
 * is "current". Return: 0, or -ENOENT (no such namespace) or -EINVAL (a
 * bad name), with eb set. */
int Nlg_netns_resolve(const char *procfs_root, const char *spec, struct Nlg_netns_spec *out,
		      struct Nlg_errbuf *eb);

struct Nlg_netns_reg {
	char *procfs_root;
	const char *names_dir;        /* /run/netns, unless a test says */
	enum Nlg_netns_scope scope;
	uint64_t self;                /* inode of our own namespace */
	struct Nlg_netns **v;
	size_t n, cap;
	struct Nlg_u64map by_inode;   /* inode -> struct Nlg_netns * */
	struct Nlg_u64map pids[2];    /* pid -> inode: this scan's, the last one's */
	int cur;
	struct Nlg_u64map cookies;    /* netns cookie -> inode, of those read */
	size_t refused;               /* namespaces that could not be entered */
	uint64_t lost_gone;           /* lost events of closed namespaces */
	bool links;                   /* rtnetlink sockets, not sock_diag */
	bool activity;                /* signatures are known this sample */
	size_t skipped;               /* idle namespaces not dumped, last read */
	bool open;
};

/*
 * Resolves spec ("all", "current" or NULL, an ip netns NAME, or a PID)
 * and opens our own namespace's sockets (or, for one other namespace, that
 * one's). Return: 0, or -ENOENT for a namespace that does not exist, or
 * another negative error code, with eb set.
 */
int Nlg_netns_reg_open(struct Nlg_netns_reg *r, const char *procfs_root, const char *spec,
		       struct Nlg_errbuf *eb);
void Nlg_netns_reg_close(struct Nlg_netns_reg *r);
/* Opens a registry of every namespace with an rtnetlink socket in each
 * instead (for their links). Return: 0 or -ENOMEM with eb set. */
int Nlg_netns_reg_open_links(struct Nlg_netns_reg *r, const char *procfs_root,
			     struct Nlg_errbuf *eb);

/* Finds namespaces that appeared (opening their sockets) and those that
 * vanished (read NLG_NETNS_LINGER more times, then closed).
 * Return: 0 or -ENOMEM. */
int Nlg_netns_reg_scan(struct Nlg_netns_reg *r);

/* Reads the sockets of every namespace in scope into out (cleared first):
 * every dump, then every destroy event. Return: 0 or a negative error
 * code with eb set. */
int Nlg_netns_reg_read(struct Nlg_netns_reg *r, struct Nlg_raw_socks *out,
		       struct Nlg_errbuf *eb);

/* Return: the namespace of that inode in the registry, or NULL. */
struct Nlg_netns *Nlg_netns_find(const struct Nlg_netns_reg *r, uint64_t inode);

struct nlg_bpf_sock;
/* Takes this sample's activity per namespace from the eBPF counter's
 * table (cookies[i], v[i], i < n): namespaces without any change are not
 * dumped by the next Nlg_netns_reg_read(). Without a call, all are. */
void Nlg_netns_reg_activity(struct Nlg_netns_reg *r, const uint64_t *cookies,
			    const struct nlg_bpf_sock *v, size_t n);

/*
 * Runs fn(arg) on a helper thread inside the namespace of the file nspath
 * (a thread's namespace is its own: the caller's stays as it is). A socket
 * fn opens stays bound to that namespace.
 * Return: fn's result, or a negative error code when the namespace could
 * not be entered (-EPERM without CAP_SYS_ADMIN).
 */
int Nlg_netns_run(const char *nspath, int (*fn)(void *), void *arg);

/* Return: the cookie of the network namespace of the socket fd (any
 * socket: a netlink one makes no socket the eBPF counter would see), or 0. */
uint64_t Nlg_netns_cookie_of(int fd);

#endif
