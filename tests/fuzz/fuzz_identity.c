/* SPDX-License-Identifier: MIT */
/* fuzz_identity.c - the identity rules over hostile cgroup paths and
 * command lines, and the container runtimes' files. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/identity.h"
#include "platform/linux/containers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), name[128];
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct Nlg_ident id;
	Nlg_ident_cgroup(text, &id);
	struct Nlg_ident_proc chain[2] = {
		{ 10, "python3", "/usr/bin/python3", text },
		{ 9, text, text, text },
	};
	Nlg_ident_tree(chain, 2, &id);
	chain[0].exe = "/usr/lib/jvm/bin/java";
	Nlg_ident_tree(chain, 2, &id);
	Nlg_container_name_parse(text, "docker", "abc", name, sizeof(name));
	Nlg_container_name_parse(text, "libpod", "abc", name, sizeof(name));
	free(text);
	return 0;
}
