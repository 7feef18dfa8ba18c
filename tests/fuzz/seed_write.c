/* SPDX-License-Identifier: MIT */
/* seed_write.c - writes one seed file of a fuzz target's corpus. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "seed_write.h"

int Nlg_write_seed(const char *dir, const char *target, int n, const void *p, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, target);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/%s/seed-%02d", dir, target, n);
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(p, 1, len, f);
	return fclose(f) == 0 && w == len ? 0 : -1;
}
