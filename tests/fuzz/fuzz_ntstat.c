/* SPDX-License-Identifier: MIT */
/* fuzz_ntstat.c - aggregated reads of the network-statistics control,
 * and the same bytes as a descriptor of every provider. */
#include <stddef.h>
#include <stdint.h>

#include "decode/ntstat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct Nlg_ntstat_msg m;
	struct Nlg_ntstat_desc d;
	size_t off = 0;

	while (Nlg_ntstat_next(data, size, &off, &m) == 1)
		;
	for (uint32_t prov = 0; prov <= NLG_NSTAT_PROVIDER_UDP_SUBFLOW; prov++)
		Nlg_ntstat_decode_desc(prov, data, size, &d);
	return 0;
}
