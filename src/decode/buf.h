/* SPDX-License-Identifier: MIT */
/*
 * buf.h - bounds-checked reads from a byte buffer.
 *
 * Every decoder reads foreign kernel bytes only through these helpers, so
 * that a field is read only after its whole extent has been checked to lie
 * inside the buffer. Values are in host byte order, as the kernel that
 * wrote them uses; unaligned fields are copied, never dereferenced.
 */
#ifndef NLG_DECODE_BUF_H
#define NLG_DECODE_BUF_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct Nlg_span {
	const uint8_t *p;
	size_t len;
};

static inline struct Nlg_span Nlg_span_make(const void *p, size_t len)
{
	struct Nlg_span s = { p, p ? len : 0 };
	return s;
}

/* Return: true when n bytes at off lie inside s (no overflow possible). */
static inline bool Nlg_span_has(const struct Nlg_span *s, size_t off, size_t n)
{
	return off <= s->len && n <= s->len - off;
}

/* Return: 0 and *sub set to s[off, off + n), or -EPROTO when out of range. */
static inline int Nlg_span_sub(const struct Nlg_span *s, size_t off, size_t n,
			       struct Nlg_span *sub)
{
	if (!Nlg_span_has(s, off, n))
		return -EPROTO;
	sub->p = s->p + off;
	sub->len = n;
	return 0;
}

/* Return: 0 and n bytes copied to dst, or -EPROTO when out of range. */
static inline int Nlg_get_bytes(const struct Nlg_span *s, size_t off, void *dst, size_t n)
{
	if (!Nlg_span_has(s, off, n))
		return -EPROTO;
	memcpy(dst, s->p + off, n);
	return 0;
}

static inline int Nlg_get_u8(const struct Nlg_span *s, size_t off, uint8_t *v)
{
	return Nlg_get_bytes(s, off, v, sizeof(*v));
}

static inline int Nlg_get_u16(const struct Nlg_span *s, size_t off, uint16_t *v)
{
	return Nlg_get_bytes(s, off, v, sizeof(*v));
}

static inline int Nlg_get_u32(const struct Nlg_span *s, size_t off, uint32_t *v)
{
	return Nlg_get_bytes(s, off, v, sizeof(*v));
}

static inline int Nlg_get_u64(const struct Nlg_span *s, size_t off, uint64_t *v)
{
	return Nlg_get_bytes(s, off, v, sizeof(*v));
}

/* Copies a fixed-size character field of n bytes into dst (size > 0),
 * always terminated.
 * Return: 0, or -EPROTO when the field is out of range or has no NUL
 * within its n bytes while n >= size (a name that would be cut). */
int Nlg_get_cstr(const struct Nlg_span *s, size_t off, size_t n, char *dst, size_t size);

#endif
