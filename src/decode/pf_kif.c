/* SPDX-License-Identifier: MIT */
/* pf_kif.c - struct pfi_kif arrays from DIOCIGETIFACES. */
#include "decode/buf.h"
#include "decode/pf_kif.h"

#define CTR_SIZE (8 * sizeof(uint64_t)) /* [2][2][2] u64 */

const struct Nlg_pf_kif_layout Nlg_pf_kif_freebsd_lp64 = {
	.esize = 216, .name_off = 0, .packets_off = 40, .bytes_off = 104,
	.tzero_off = 168, .tzero_size = 4,
};

const struct Nlg_pf_kif_layout Nlg_pf_kif_openbsd_lp64 = {
	.esize = 256, .name_off = 0, .packets_off = 48, .bytes_off = 112,
	.tzero_off = 176, .tzero_size = 8,
};

const struct Nlg_pf_kif_layout Nlg_pf_kif_darwin = {
	.esize = 168, .name_off = 0, .packets_off = 16, .bytes_off = 80,
	.tzero_off = 144, .tzero_size = 8,
};

static int fits(size_t off, size_t n, size_t esize)
{
	return off <= esize && n <= esize - off;
}

int Nlg_pf_kif_layout_check(const struct Nlg_pf_kif_layout *lo)
{
	if (!lo || lo->esize == 0 || (lo->tzero_size != 4 && lo->tzero_size != 8))
		return -EINVAL;
	if (!fits(lo->name_off, NLG_NAME_MAX, lo->esize) ||
	    !fits(lo->packets_off, CTR_SIZE, lo->esize) ||
	    !fits(lo->bytes_off, CTR_SIZE, lo->esize) ||
	    !fits(lo->tzero_off, lo->tzero_size, lo->esize))
		return -EINVAL;
	return 0;
}

static void take_counters(const struct Nlg_span *e, size_t off, uint64_t v[2][2][2])
{
	for (size_t i = 0; i < 8; i++)
		Nlg_get_u64(e, off + i * sizeof(uint64_t), &v[i / 4][(i / 2) % 2][i % 2]);
}

static int take_one(const struct Nlg_span *e, const struct Nlg_pf_kif_layout *lo,
		    struct Nlg_pf_kif *out)
{
	memset(out, 0, sizeof(*out));
	if (Nlg_get_cstr(e, lo->name_off, NLG_NAME_MAX, out->name, sizeof(out->name)) < 0)
		return -EPROTO;
	take_counters(e, lo->packets_off, out->packets);
	take_counters(e, lo->bytes_off, out->bytes);
	if (lo->tzero_size == 8) {
		Nlg_get_u64(e, lo->tzero_off, &out->tzero);
	} else {
		uint32_t t = 0;
		Nlg_get_u32(e, lo->tzero_off, &t);
		out->tzero = t;
	}
	return 0;
}

int Nlg_pf_kif_decode(const uint8_t *buf, size_t len, size_t count,
		      const struct Nlg_pf_kif_layout *lo, struct Nlg_pf_kif *out,
		      size_t out_cap)
{
	struct Nlg_span s = Nlg_span_make(buf, len);

	if (Nlg_pf_kif_layout_check(lo) < 0 || count > out_cap)
		return -EINVAL;
	if (count > s.len / lo->esize)
		return -EPROTO;
	for (size_t i = 0; i < count; i++) {
		struct Nlg_span e = { 0 };
		Nlg_span_sub(&s, i * lo->esize, lo->esize, &e);
		if (take_one(&e, lo, &out[i]) < 0)
			return -EPROTO;
	}
	return 0;
}

void Nlg_pf_kif_attach(const struct Nlg_pf_kif *kifs, size_t n, struct Nlg_raw_links *rl)
{
	for (size_t i = 0; i < rl->nlinks; i++) {
		struct Nlg_raw_link *l = &rl->links[i];
		for (size_t k = 0; k < n; k++) {
			if (strncmp(kifs[k].name, l->name, NLG_NAME_MAX) != 0)
				continue;
			memcpy(l->pf_packets, kifs[k].packets, sizeof(l->pf_packets));
			memcpy(l->pf_bytes, kifs[k].bytes, sizeof(l->pf_bytes));
			l->pf_tzero = kifs[k].tzero;
			l->has_pf = true;
			break;
		}
	}
}
