/* SPDX-License-Identifier: MIT */
/* fuzz_ifmib.c - struct ifmibdata replies. */
#include <stddef.h>
#include <stdint.h>

#include "decode/darwin_if.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct Nlg_raw_link l;
	Nlg_dw_decode_ifmibdata(data, size, &l);
	return 0;
}
