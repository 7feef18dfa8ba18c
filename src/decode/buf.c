/* SPDX-License-Identifier: MIT */
/* buf.c - the one out-of-line helper of buf.h. */
#include "decode/buf.h"

int Nlg_get_cstr(const struct Nlg_span *s, size_t off, size_t n, char *dst, size_t size)
{
	if (!Nlg_span_has(s, off, n) || size == 0)
		return -EPROTO;
	const uint8_t *src = s->p + off;
	const uint8_t *nul = memchr(src, '\0', n);
	size_t len = nul ? (size_t)(nul - src) : n;
	if (len >= size)
		return -EPROTO;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}
