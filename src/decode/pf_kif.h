/* SPDX-License-Identifier: MIT */
/*
 * pf_kif.h - decoder of pf's per-interface counters, the struct pfi_kif
 * array that DIOCIGETIFACES fills, and the calls that size it.
 *
 * Each system lays pfi_kif out its own way, and FreeBSD and OpenBSD have
 * changed theirs over time (RB_ENTRY's size, the type of pfik_tzero), so
 * the decoder takes the layout as a parameter: the platform glue builds
 * it with offsetof() from its own header; the constants below are the
 * LP64 layouts of current releases, used by the fixtures.
 */
#ifndef NLG_DECODE_PF_KIF_H
#define NLG_DECODE_PF_KIF_H

#include <stddef.h>
#include <stdint.h>

#include "core/raw.h"

struct Nlg_pf_kif_layout {
	size_t esize;        /* sizeof(struct pfi_kif), pfiio_esize */
	size_t name_off;     /* char[IFNAMSIZ] */
	size_t packets_off;  /* u64 [2 af][2 dir][2 action] */
	size_t bytes_off;    /* likewise */
	size_t tzero_off;
	size_t tzero_size;   /* 4 or 8 */
};

/* FreeBSD 13 and later, amd64/arm64: a 24-byte RB_ENTRY union, u32 tzero. */
extern const struct Nlg_pf_kif_layout Nlg_pf_kif_freebsd_lp64;
/* OpenBSD, LP64: a 32-byte RB_ENTRY (colour word), 64-bit time_t tzero. */
extern const struct Nlg_pf_kif_layout Nlg_pf_kif_openbsd_lp64;
/* macOS: the compact user-space pfi_kif, no tree linkage, u64 tzero. */
extern const struct Nlg_pf_kif_layout Nlg_pf_kif_darwin;

/* Indexed by the public enum nlg_pf_af, nlg_pf_dir and nlg_pf_action. */
struct Nlg_pf_kif {
	char name[NLG_NAME_MAX];
	uint64_t packets[2][2][2]; /* [NLG_PF_INET*][NLG_PF_IN/OUT][PASS/BLOCK] */
	uint64_t bytes[2][2][2];
	uint64_t tzero;            /* when the counters were last zeroed */
};

/* Return: 0 when every field of lo lies inside lo->esize, or -EINVAL. */
int Nlg_pf_kif_layout_check(const struct Nlg_pf_kif_layout *lo);

/* Decodes count elements of lo->esize bytes from buf into out[0..count).
 * Return: 0 on success; -EINVAL for a bad layout or count > out_cap;
 * -EPROTO when buf is shorter than count elements or a name is not
 * terminated. */
int Nlg_pf_kif_decode(const uint8_t *buf, size_t len, size_t count,
		      const struct Nlg_pf_kif_layout *lo, struct Nlg_pf_kif *out,
		      size_t out_cap);

/* Gives each link of rl whose name pf lists the counters pf keeps for it
 * (has_pf set); pf's interface groups ("all", "egress", ...) and names
 * that are not links are skipped. */
void Nlg_pf_kif_attach(const struct Nlg_pf_kif *kifs, size_t n, struct Nlg_raw_links *rl);

/* One DIOCIGETIFACES call: buf holds room for *size elements of esize
 * bytes (buf may be NULL when *size is 0); on return *size is the number
 * the kernel has or, on FreeBSD, at most the room given plus one.
 * Return: 0 or a negative errno. */
typedef int (*Nlg_pf_get_ifaces_fn)(void *ctx, void *buf, int esize, int *size);

/* pf's largest count in one call (pf_ioctl_maxcount, FreeBSD). */
#define NLG_PF_MAX_COUNT 65535

/* Asks with a room of 64 elements, then twice as much, as long as the
 * kernel says it has more than the room (FreeBSD 13 and 14 answer at
 * most room + 1, not their total; pfctl grows likewise), at most
 * max_count. *buf is malloc'ed and owned by the caller.
 * Return: 0 with *buf and *count, or a negative error code (-E2BIG when
 * more than max_count, -ENOMEM, -EPROTO on an impossible count, or the
 * error of get). */
int Nlg_pf_fetch(Nlg_pf_get_ifaces_fn get, void *ctx, size_t esize, int max_count,
		 uint8_t **buf, size_t *count);

#endif
