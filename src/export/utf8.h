/* SPDX-License-Identifier: MIT */
/* utf8.h - strict UTF-8 decoding, shared by the terminal renderer and the
 * JSON writer so that both call the same bytes invalid. */
#ifndef NLG_EXPORT_UTF8_H
#define NLG_EXPORT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one strict UTF-8 sequence (no overlong forms, surrogates or
 * code points past U+10FFFF) from s[0..n), n > 0. A NUL decodes as U+0000.
 * Return: its length, or 0 when s does not start with one. */
size_t Nlg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
