/* SPDX-License-Identifier: MIT */
/* sysfs.h - the few facts about a link that only sysfs has. */
#ifndef NLG_LINUX_SYSFS_H
#define NLG_LINUX_SYSFS_H

#include <stdint.h>

/* Return: NLG_HINT_* bits for the named device under root ("/sys"). */
unsigned Nlg_sysfs_hints(const char *root, const char *name);

/* Return: the link speed in Mbit/s, or 0 when the driver reports none. */
uint64_t Nlg_sysfs_speed(const char *root, const char *name);

/*
 * Reads a small attribute file root/class/net/name/attr into buf.
 * Return: the length read (newline stripped) or a negative error code.
 */
int Nlg_sysfs_read(const char *root, const char *name, const char *attr, char *buf,
		   size_t size);

#endif
