/* SPDX-License-Identifier: MIT */
/*
 * ebpf.h - the eBPF socket counter: loads and attaches the programs of
 * bpf/sockcount.bpf.c, reads and trims their table of sockets.
 */
#ifndef NLG_LINUX_EBPF_H
#define NLG_LINUX_EBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "platform/linux/bpf/sockcount.h"

struct Nlg_ebpf;

/*
 * Loads the programs and attaches them to the cgroup v2 root, beside any
 * programs already there. They stay attached only as long as this process
 * holds them: nothing is pinned, so no exit leaves them behind.
 * Return: 0, -ENOTSUP when built without them, -EPERM without the
 * privilege, or another negative error code; eb says why.
 */
int Nlg_ebpf_open(struct Nlg_ebpf **out, struct Nlg_errbuf *eb);
void Nlg_ebpf_close(struct Nlg_ebpf *e);

/* Reads every socket of the table: *cookies and *v point into e, valid
 * until the next read. Return: the number read, or a negative error code. */
int Nlg_ebpf_read(struct Nlg_ebpf *e, const uint64_t **cookies, const struct nlg_bpf_sock **v);

/* Frees what the last read kept (the table's copy: some 110 bytes a
 * socket), for a reader that reads the whole table only now and then. */
void Nlg_ebpf_read_done(struct Nlg_ebpf *e);

/* Removes sockets whose final counts were taken. Return: 0 or -errno. */
int Nlg_ebpf_delete(struct Nlg_ebpf *e, const uint64_t *cookies, size_t n);

/* Return: packets the full table could not count, so far. */
uint64_t Nlg_ebpf_overflow(struct Nlg_ebpf *e);

/* Incremental samples (sockinc.c). */

/* Return: true when the programs send change notices (sock_ops attached,
 * the ring buffer open). */
bool Nlg_ebpf_can_notify(const struct Nlg_ebpf *e);

/* Starts a new generation: every socket's next packet sends a notice. */
void Nlg_ebpf_next_gen(struct Nlg_ebpf *e);

/* Called for each notice; returns 0 to go on, or a negative code to stop. */
typedef int (*Nlg_ebpf_change_fn)(void *ctx, const struct nlg_bpf_change *c);

/* Runs fn over every notice waiting in the ring. Return: 0 or -errno. */
int Nlg_ebpf_changes(struct Nlg_ebpf *e, Nlg_ebpf_change_fn fn, void *ctx);

/* Return: notices the full ring dropped, so far. */
uint64_t Nlg_ebpf_lost_changes(struct Nlg_ebpf *e);

/* Reads one socket's entry. Return: 0, -ENOENT, or another -errno. */
int Nlg_ebpf_lookup(struct Nlg_ebpf *e, uint64_t cookie, struct nlg_bpf_sock *v);

/* Return: the cookie of this process's network namespace, 0 if unknown. */
uint64_t Nlg_ebpf_netns(struct Nlg_ebpf *e);

#endif
