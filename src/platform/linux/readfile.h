/* SPDX-License-Identifier: MIT */
/* readfile.h - reading whole files from /proc and /sys (dirfd may be
 * AT_FDCWD for an absolute path). */
#ifndef NLG_LINUX_READFILE_H
#define NLG_LINUX_READFILE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Reads the file at path (relative to dirfd) into buf, NUL-terminated, up
 * to size - 1 bytes; *st gets its attributes when st is not NULL.
 * Return: the length read or a negative error code. */
ssize_t Nlg_read_small_at(int dirfd, const char *path, char *buf, size_t size, struct stat *st);

/* Reads a whole file of unknown size, at most cap bytes.
 * Return: a malloc'd NUL-terminated copy and its length in *len, or NULL
 * with *err set (-ENOMEM, or the error of reading it). */
char *Nlg_read_alloc_at(int dirfd, const char *path, size_t cap, size_t *len, int *err);

#endif
