/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

int Nlg_array_reserve(void *v, size_t *cap, size_t need, size_t size, size_t first)
{
	void **pv = v;
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : first;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return -ENOMEM;
	void *nv = realloc(*pv, ncap * size);
	if (!nv)
		return -ENOMEM;
	*pv = nv;
	*cap = ncap;
	return 0;
}

void Nlg_array_trim(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
	void **pv = v;
	if (*cap <= first || n >= *cap / 8)
		return;
	size_t ncap = first;
	while (ncap < 2 * n)
		ncap *= 2;
	void *nv = realloc(*pv, ncap * size);
	if (!nv)
		return;
	*pv = nv;
	*cap = ncap;
}
