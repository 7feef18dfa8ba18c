/* SPDX-License-Identifier: MIT */
/* procfs_proc.c - reading one process from /proc/<pid>. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/linux/procfs_int.h"
#include "platform/linux/readfile.h"

/* Longer command lines are cut: the start names the program. */
#define CMDLINE_MAX 65536
#define CGROUP_MAX 65536

/* Return: the value of the decimal number at *p (advanced past it), or
 * false when there is none or it overflows. */
static bool parse_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	if (s >= end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return true;
}

int Nlg_procfs_parse_stat(const char *text, size_t len, struct Nlg_proc_stat *out)
{
	const char *end = text + len;
	const char *open = memchr(text, '(', len);
	const char *close = NULL;
	for (const char *s = end; s > text; s--) {
		if (s[-1] == ')') {
			close = s - 1;
			break;
		}
	}
	if (!open || !close || close < open)
		return -EPROTO;
	size_t clen = (size_t)(close - open - 1);
	if (clen >= sizeof(out->comm))
		clen = sizeof(out->comm) - 1;
	memcpy(out->comm, open + 1, clen);
	out->comm[clen] = '\0';

	/* After ")": field 3 (state), 4 (ppid), ... 22 (starttime). */
	const char *p = close + 1;
	for (int field = 3; field <= 22; field++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			return -EPROTO;
		uint64_t v;
		if (field == 4 || field == 22) {
			/* A ppid of 0 (the idle task) is the only non-positive one. */
			if (!parse_u64(&p, end, &v) || (field == 4 && v > INT_MAX))
				return -EPROTO;
			if (field == 4)
				out->ppid = (int)v;
			else
				out->start_ticks = v;
		}
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	return 0;
}

int Nlg_procfs_read_stat(struct Nlg_procfs *pf, int pid, struct Nlg_proc_stat *ps,
			 uint32_t *dir_uid)
{
	char path[32], buf[1024];
	struct stat st;
	snprintf(path, sizeof(path), "%d/stat", pid);
	pf->stats.stat_reads++;
	ssize_t n = Nlg_read_small_at(pf->rootfd, path, buf, sizeof(buf), dir_uid ? &st : NULL);
	if (n < 0)
		return (int)n;
	if (dir_uid)
		*dir_uid = (uint32_t)st.st_uid;
	return Nlg_procfs_parse_stat(buf, (size_t)n, ps);
}

/* Return: the real uid from the "Uid:" line of /proc/<pid>/status, or
 * fallback when it cannot be read. */
static uint32_t read_uid(int rootfd, int pid, uint32_t fallback)
{
	char path[32], buf[2048];
	snprintf(path, sizeof(path), "%d/status", pid);
	ssize_t n = Nlg_read_small_at(rootfd, path, buf, sizeof(buf), NULL);
	if (n <= 0)
		return fallback;
	const char *line = strstr(buf, "\nUid:");
	if (!line)
		return fallback;
	const char *p = line + 5, *end = buf + n;
	while (p < end && (*p == '\t' || *p == ' '))
		p++;
	uint64_t v;
	if (!parse_u64(&p, end, &v) || v > UINT32_MAX)
		return fallback;
	return (uint32_t)v;
}

/* Return: 0 and *out (the command line, NULs as spaces, "" when empty), or
 * -ENOMEM. An unreadable command line is an empty one. */
static int read_cmdline(int rootfd, int pid, char **out)
{
	char path[32];
	size_t len = 0;
	int err;
	snprintf(path, sizeof(path), "%d/cmdline", pid);
	char *s = Nlg_read_alloc_at(rootfd, path, CMDLINE_MAX, &len, &err);
	if (!s)
		s = err == -ENOMEM ? NULL : strdup("");
	if (!s)
		return -ENOMEM;
	while (len > 0 && s[len - 1] == '\0')
		len--;
	s[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = ' ';
	*out = s;
	return 0;
}

/* Return: 0 and *out (the target of /proc/<pid>/exe, NULL when it cannot
 * be read), or -ENOMEM. */
static int read_exe(int rootfd, int pid, char **out)
{
	char path[32], target[PATH_MAX];
	snprintf(path, sizeof(path), "%d/exe", pid);
	ssize_t n = readlinkat(rootfd, path, target, sizeof(target) - 1);
	*out = NULL;
	if (n <= 0)
		return 0;
	target[n] = '\0';
	*out = strdup(target);
	return *out ? 0 : -ENOMEM;
}

/* Return: 0 and *out (the path of the "0::" line of /proc/<pid>/cgroup,
 * NULL when there is none), or -ENOMEM. */
static int read_cgroup(int rootfd, int pid, char **out)
{
	char path[32];
	size_t len;
	int err;
	*out = NULL;
	snprintf(path, sizeof(path), "%d/cgroup", pid);
	char *s = Nlg_read_alloc_at(rootfd, path, CGROUP_MAX, &len, &err);
	if (!s)
		return err == -ENOMEM ? -ENOMEM : 0;
	for (char *line = s; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "0::", 3)) {
			*out = strdup(line + 3);
			err = *out ? 0 : -ENOMEM;
			break;
		}
		line = nl ? nl + 1 : NULL;
	}
	free(s);
	return err;
}

int Nlg_procfs_read_details(struct Nlg_procfs *pf, struct Nlg_pproc *p)
{
	int pid = p->info.pid;
	char *cmdline = NULL, *exe = NULL, *cgroup = NULL;
	int err = read_cmdline(pf->rootfd, pid, &cmdline);
	if (!err)
		err = read_exe(pf->rootfd, pid, &exe);
	if (!err)
		err = read_cgroup(pf->rootfd, pid, &cgroup);
	if (err) {
		free(cmdline);
		free(exe);
		free(cgroup);
		return err;
	}
	pf->stats.detail_reads++;
	p->info.uid = read_uid(pf->rootfd, pid, p->dir_uid);
	free(p->info.cmdline);
	free(p->info.exe);
	free(p->info.cgroup);
	p->info.cmdline = cmdline;
	p->info.exe = exe;
	p->info.cgroup = cgroup;
	p->details = true;
	return 0;
}
