/* SPDX-License-Identifier: MIT */
/* fuzz_darwin_proc.c - libproc's records: the first byte picks the
 * decoder (file list, process, socket), the rest is the record. */
#include <stddef.h>
#include <stdint.h>

#include "decode/darwin_proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct Nlg_proc_desc d;
	struct Nlg_raw_sock s;
	int fd;

	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		for (size_t i = 0; Nlg_dw_decode_fdinfo(data + 1, size - 1, i, &fd) >= 0; i++)
			;
		break;
	case 1:
		Nlg_dw_decode_bsdinfo(data + 1, size - 1, &d);
		break;
	default:
		Nlg_dw_decode_socket_fdinfo(data + 1, size - 1, &s);
		break;
	}
	return 0;
}
