/* SPDX-License-Identifier: MIT */
/* fuzz_iflist2.c - NET_RT_IFLIST2 buffers, whole and as one message. */
#include <stddef.h>
#include <stdint.h>

#include "decode/darwin_if.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct Nlg_raw_links rl = { 0 };
	struct Nlg_raw_link l;

	Nlg_dw_decode_iflist2(data, size, &rl);
	Nlg_raw_links_done(&rl);
	Nlg_dw_decode_ifmsg2(data, size, &l);
	return 0;
}
