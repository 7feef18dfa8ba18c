/* SPDX-License-Identifier: MIT */
/* array.h - growing the arrays the library keeps, in one place. */
#ifndef NLG_CORE_ARRAY_H
#define NLG_CORE_ARRAY_H

#include <stddef.h>

/*
 * Makes room for at least need elements of size bytes in the array whose
 * pointer is at v (pass &array), whose room is
 * *cap elements, doubling from first. On failure *v and *cap are unchanged
 * and *v stays owned by the caller.
 * Return: 0 on success or -ENOMEM (also when the size would overflow).
 */
int Nlg_array_reserve(void *v, size_t *cap, size_t need, size_t size, size_t first);

/*
 * Gives back the room of an array that holds n elements when that is less
 * than an eighth of it (the room a burst left), keeping twice n and at
 * least first. A failed realloc leaves the array as it was.
 */
void Nlg_array_trim(void *v, size_t *cap, size_t n, size_t size, size_t first);

#endif
