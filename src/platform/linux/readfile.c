/* SPDX-License-Identifier: MIT */
/* readfile.c - reading whole files from /proc and /sys. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/linux/readfile.h"

/* Reads the file at path (relative to rootfd) into buf, NUL-terminated,
 * up to size - 1 bytes; *st gets its attributes when st is not NULL.
 * Return: the length read or a negative error code. */
ssize_t Nlg_read_small_at(int rootfd, const char *path, char *buf, size_t size, struct stat *st)
{
	int fd = openat(rootfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = 0;
	int err = 0;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (!err && st && fstat(fd, st) < 0)
		err = -errno;
	close(fd);
	buf[len] = '\0';
	return err ? err : (ssize_t)len;
}

/* Reads a whole file of unknown size, at most cap bytes.
 * Return: a malloc'd NUL-terminated copy and its length in *len, or NULL
 * with *err set (-ENOMEM, or the error of reading it). */
char *Nlg_read_alloc_at(int rootfd, const char *path, size_t cap, size_t *len, int *err)
{
	int fd = openat(rootfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	size_t size = 512, used = 0;
	char *buf = malloc(size);
	*err = buf ? 0 : -ENOMEM;
	while (buf) {
		if (used + 1 == size) {
			if (size >= cap)
				break;
			char *nb = realloc(buf, size * 2);
			if (!nb) {
				*err = -ENOMEM;
				break;
			}
			buf = nb;
			size *= 2;
		}
		ssize_t n = read(fd, buf + used, size - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			*err = -errno;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (*err) {
		free(buf);
		return NULL;
	}
	buf[used] = '\0';
	*len = used;
	return buf;
}
