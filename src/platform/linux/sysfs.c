/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/linux/classify.h"
#include "platform/linux/readfile.h"
#include "platform/linux/sysfs.h"

int Nlg_sysfs_read(const char *root, const char *name, const char *attr, char *buf,
		   size_t size)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/class/net/%s/%s", root, name, attr) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	ssize_t n = Nlg_read_small_at(AT_FDCWD, path, buf, size, NULL);
	if (n < 0)
		return (int)n;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return (int)n;
}

static int exists(const char *root, const char *name, const char *attr)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/class/net/%s/%s", root, name, attr);
	return access(path, F_OK) == 0;
}

unsigned Nlg_sysfs_hints(const char *root, const char *name)
{
	char buf[512], path[PATH_MAX], target[PATH_MAX];
	unsigned hints = 0;

	if (exists(root, name, "wireless") || exists(root, name, "phy80211"))
		hints |= NLG_HINT_WIRELESS;
	if (Nlg_sysfs_read(root, name, "uevent", buf, sizeof(buf)) > 0 &&
	    strstr(buf, "DEVTYPE=wwan"))
		hints |= NLG_HINT_WWAN;
	snprintf(path, sizeof(path), "%s/class/net/%s", root, name);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		if (strstr(target, "/devices/virtual/"))
			hints |= NLG_HINT_VIRTUAL;
	}
	return hints;
}

uint64_t Nlg_sysfs_speed(const char *root, const char *name)
{
	char buf[32], *end;
	/* Reading speed of a link that is down fails with EINVAL: unknown. */
	if (Nlg_sysfs_read(root, name, "speed", buf, sizeof(buf)) <= 0)
		return 0;
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (errno || end == buf || v <= 0 || v >= UINT32_MAX)
		return 0;
	return (uint64_t)v;
}
