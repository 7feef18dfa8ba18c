/* SPDX-License-Identifier: MIT */
/* containers.c - container names from the runtimes' files on disk. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/linux/containers.h"
#include "platform/linux/readfile.h"

#define CONFIG_MAX (1u << 20)
#define STORAGE_MAX (8u << 20)

/* Copies the JSON string that starts at s (after its opening quote).
 * A name with escapes is refused rather than guessed. */
static bool json_str(const char *s, char *name, size_t size)
{
	size_t n = strcspn(s, "\"\\");
	if (s[n] != '"' || n == 0 || n >= size)
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	return true;
}

/* The value of "key" at the top level of a JSON object: nested objects
 * (labels, mounts) may hold the same key. */
static const char *top_level(const char *text, const char *key)
{
	int depth = 0;
	size_t k = strlen(key);
	for (const char *p = text; *p; p++) {
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if (*p == '"') {
			const char *start = p + 1;
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return NULL;
			if (depth == 1 && (size_t)(p - start) == k && !memcmp(start, key, k)) {
				const char *v = p + 1;
				v += strspn(v, " \t\r\n");
				if (*v != ':')
					continue;
				v++;
				v += strspn(v, " \t\r\n");
				return *v == '"' ? v + 1 : NULL;
			}
		}
	}
	return NULL;
}

static char *slurp(const char *root, const char *rel, size_t max)
{
	char path[4096];
	size_t len;
	int err;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return Nlg_read_alloc_at(AT_FDCWD, path, max, &len, &err);
}

bool Nlg_container_name_parse(const char *text, const char *runtime, const char *id,
			      char *name, size_t size)
{
	if (!strcmp(runtime, "docker")) {
		const char *v = top_level(text, "Name");
		if (v && *v == '/')
			v++;   /* docker keeps names as "/web" */
		return v && json_str(v, name, size);
	}
	/* containers/storage (podman, cri-o): [{"id":"<id>","names":["web"],...}] */
	char needle[128];
	if (snprintf(needle, sizeof(needle), "\"id\":\"%s\"", id) >= (int)sizeof(needle))
		return false;
	const char *at = strstr(text, needle);
	const char *end = at ? strchr(at, '}') : NULL;
	const char *names = at ? strstr(at, "\"names\":[\"") : NULL;
	return names && (!end || names < end) && json_str(names + 10, name, size);
}

static bool docker(const char *root, const char *id, char *name, size_t size)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/config.v2.json", id);
	char *text = slurp(root, rel, CONFIG_MAX);
	bool ok = text && Nlg_container_name_parse(text, "docker", id, name, size);
	free(text);
	return ok;
}

static bool storage(const char *root, const char *id, char *name, size_t size)
{
	char *text = slurp(root, "var/lib/containers/storage/overlay-containers/containers.json",
			   STORAGE_MAX);
	bool ok = text && Nlg_container_name_parse(text, "libpod", id, name, size);
	free(text);
	return ok;
}

/* /var/log/pods/<namespace>_<pod>_<uid>: shown as namespace/pod. */
static bool pod(const char *root, const char *uid, char *name, size_t size)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/var/log/pods", root);
	DIR *d = opendir(path);
	if (!d)
		return false;
	bool ok = false;
	size_t k = strlen(uid);
	for (struct dirent *e; !ok && (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		const char *us = strchr(e->d_name, '_');
		if (n <= k + 1 || strcmp(e->d_name + n - k, uid) || e->d_name[n - k - 1] != '_' ||
		    !us || us >= e->d_name + n - k - 1)
			continue;
		int ns = (int)(us - e->d_name), pn = (int)(e->d_name + n - k - 1 - us - 1);
		ok = snprintf(name, size, "%.*s/%.*s", ns, e->d_name, pn, us + 1) < (int)size;
	}
	closedir(d);
	return ok;
}

bool Nlg_container_name(const char *root, const char *runtime, const char *id, char *name,
			size_t size)
{
	if (strchr(id, '/') || strstr(id, ".."))
		return false;
	if (!strcmp(runtime, "docker"))
		return docker(root, id, name, size);
	if (!strcmp(runtime, "libpod") || !strcmp(runtime, "crio"))
		return storage(root, id, name, size);
	if (!strcmp(runtime, "pod"))
		return pod(root, id, name, size);
	return false;
}
