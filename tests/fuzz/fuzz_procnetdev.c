/* SPDX-License-Identifier: MIT */
/* fuzz_procnetdev.c - the /proc/net/dev text parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/procnetdev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	struct Nlg_raw_links rl = { 0 };
	Nlg_procnetdev_parse(text, size, &rl);
	Nlg_raw_links_done(&rl);
	free(text);
	return 0;
}
