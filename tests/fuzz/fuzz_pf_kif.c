/* SPDX-License-Identifier: MIT */
/* fuzz_pf_kif.c - pfi_kif arrays; the first byte picks the layout. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "decode/pf_kif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct Nlg_pf_kif_layout *const layouts[] = {
		&Nlg_pf_kif_freebsd_lp64, &Nlg_pf_kif_openbsd_lp64, &Nlg_pf_kif_darwin,
	};
	if (size < 1)
		return 0;
	const struct Nlg_pf_kif_layout *lo = layouts[data[0] % 3];
	size_t count = (size - 1) / lo->esize + (data[0] >> 7); /* sometimes one too many */
	struct Nlg_pf_kif *k = calloc(count ? count : 1, sizeof(*k));
	if (!k)
		return 0;
	Nlg_pf_kif_decode(data + 1, size - 1, count, lo, k, count);
	free(k);
	return 0;
}
