/* SPDX-License-Identifier: MIT */
/* seed_write.h - writes one seed file of a fuzz target's corpus. */
#ifndef NLG_FUZZ_SEED_WRITE_H
#define NLG_FUZZ_SEED_WRITE_H

#include <stddef.h>

/* Writes p[0..len) as DIR/TARGET/seed-NN, making DIR/TARGET if needed.
 * Return: 0, or -1 on any error. */
int Nlg_write_seed(const char *dir, const char *target, int n, const void *p, size_t len);

#endif
