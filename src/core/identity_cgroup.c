/* SPDX-License-Identifier: MIT */
/* identity_cgroup.c - the app a cgroup path names: container, unit, app id. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "core/identity.h"

struct comp {
	const char *s;
	size_t n;
};

static bool ends_with(struct comp c, const char *suffix)
{
	size_t k = strlen(suffix);
	return c.n >= k && memcmp(c.s + c.n - k, suffix, k) == 0;
}

static bool starts_with(struct comp c, const char *prefix)
{
	size_t k = strlen(prefix);
	return c.n >= k && memcmp(c.s, prefix, k) == 0;
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return n > 0;
}

static void set(struct Nlg_ident *out, enum nlg_app_kind kind, const char *prefix,
		struct comp key, struct comp name)
{
	out->kind = kind;
	snprintf(out->key, sizeof(out->key), "%s%.*s", prefix, (int)key.n, key.s);
	snprintf(out->name, sizeof(out->name), "%.*s", (int)name.n, name.s);
}

/* A container: runtime and id; shown as runtime:<first 12 of the id>
 * until the platform finds its name. */
static void container(struct Nlg_ident *out, const char *runtime, const char *id, size_t n)
{
	out->kind = NLG_APP_CONTAINER;
	snprintf(out->runtime, sizeof(out->runtime), "%s", runtime);
	snprintf(out->id, sizeof(out->id), "%.*s", (int)n, id);
	snprintf(out->key, sizeof(out->key), "%s:%.*s", runtime, (int)n, id);
	snprintf(out->name, sizeof(out->name), "%s:%.*s", runtime, (int)(n > 12 ? 12 : n), id);
}

/* "<prefix><id>.scope" of a container runtime's systemd driver. */
static bool runtime_scope(struct comp c, struct Nlg_ident *out)
{
	static const struct { const char *prefix, *runtime; } t[] = {
		{ "docker-", "docker" },        { "libpod-conmon-", "libpod" },
		{ "libpod-", "libpod" },        { "cri-containerd-", "containerd" },
		{ "crio-conmon-", "crio" },     { "crio-", "crio" },
	};
	if (!ends_with(c, ".scope"))
		return false;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t k = strlen(t[i].prefix);
		if (starts_with(c, t[i].prefix) && is_hex(c.s + k, c.n - k - 6)) {
			container(out, t[i].runtime, c.s + k, c.n - k - 6);
			return true;
		}
	}
	return false;
}

/* A Kubernetes pod: kubepods[-<qos>]-pod<uid>.slice (systemd driver, the
 * uid's '-' written '_') or pod<uid> under kubepods (cgroupfs driver). */
static bool pod(struct comp c, bool under_kubepods, struct Nlg_ident *out)
{
	const char *p = NULL;
	size_t n = 0;
	if (starts_with(c, "kubepods-") && ends_with(c, ".slice")) {
		const char *at = memmem(c.s, c.n, "-pod", 4);
		if (at) {
			p = at + 4;
			n = (size_t)(c.s + c.n - 6 - p);
		}
	} else if (under_kubepods && starts_with(c, "pod") && c.n > 3) {
		p = c.s + 3;
		n = c.n - 3;
	}
	if (!p || n == 0 || n >= sizeof(out->id))
		return false;
	char uid[sizeof(out->id)];
	for (size_t i = 0; i < n; i++)
		uid[i] = p[i] == '_' ? '-' : p[i];
	container(out, "pod", uid, n);
	return true;
}

/* LXC: lxc.payload.<name> and lxc.monitor.<name> (cgroup v2), or
 * /lxc/<name>. The name is the container's own. */
static bool lxc(struct comp c, struct comp prev, struct Nlg_ident *out)
{
	static const char *const prefixes[] = { "lxc.payload.", "lxc.monitor." };
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(prefixes[i]);
		if (starts_with(c, prefixes[i]) && c.n > k) {
			container(out, "lxc", c.s + k, c.n - k);
			snprintf(out->name, sizeof(out->name), "%.*s", (int)(c.n - k), c.s + k);
			return true;
		}
	}
	if (prev.n == 3 && !memcmp(prev.s, "lxc", 3)) {
		container(out, "lxc", c.s, c.n);
		snprintf(out->name, sizeof(out->name), "%.*s", (int)c.n, c.s);
		return true;
	}
	return false;
}

/* docker's cgroupfs driver: /docker/<id>. */
static bool docker_dir(struct comp c, struct comp prev, struct Nlg_ident *out)
{
	if (prev.n != 6 || memcmp(prev.s, "docker", 6) || c.n < 12 || !is_hex(c.s, c.n))
		return false;
	container(out, "docker", c.s, c.n);
	return true;
}

/* Scopes that hold whatever a person runs from a login or a terminal:
 * not one app, and named at random. */
static bool is_session(struct comp c)
{
	static const char *const prefixes[] = { "session-", "vte-spawn-", "tmux-spawn-",
						"run-u", "run-r", "run-p" };
	if (c.n == 10 && !memcmp(c.s, "init.scope", 10))
		return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (starts_with(c, prefixes[i]))
			return true;
	return false;
}

/* Length of a trailing "-<uuid>" or "-<hex or digits>" instance part. */
static size_t instance_len(const char *s, size_t n)
{
	if (n > 37 && s[n - 37] == '-' && s[n - 28] == '-' && s[n - 23] == '-' &&
	    s[n - 18] == '-' && s[n - 13] == '-')
		return 37;
	const char *dash = NULL;
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == '-') {
			dash = s + i - 1;
			break;
		}
	if (dash && dash > s && is_hex(dash + 1, (size_t)(s + n - dash - 1)))
		return (size_t)(s + n - dash);
	return 0;
}

/* app[-<launcher>]-<id>-<random>.scope or app[-<launcher>]-<id>@<random>.service
 * (systemd's desktop conventions; '-' inside the id escaped as \x2d). */
static bool app_unit(struct comp c, struct Nlg_ident *out)
{
	static const char *const launchers[] = { "gnome-", "kde-", "flatpak-", "dbus-",
						  "xdg-autostart-", "cosmic-", "systemd-" };
	bool scope = ends_with(c, ".scope");
	if (!starts_with(c, "app-") || !(scope || ends_with(c, ".service")))
		return false;
	const char *s = c.s + 4;
	size_t n = c.n - 4 - (scope ? 6 : 8);
	for (size_t i = 0; i < sizeof(launchers) / sizeof(launchers[0]); i++) {
		size_t k = strlen(launchers[i]);
		if (n > k && !memcmp(s, launchers[i], k)) {
			s += k;
			n -= k;
			break;
		}
	}
	const char *at = memchr(s, '@', n);
	if (at)
		n = (size_t)(at - s);
	else if (scope)
		n -= instance_len(s, n);
	if (n == 0)
		return false;
	char id[NLG_IDENT_NAME_MAX];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(id); i++) {
		if (i + 3 < n && !memcmp(s + i, "\\x2d", 4)) {
			id[k++] = '-';
			i += 3;
		} else {
			id[k++] = s[i];
		}
	}
	id[k] = '\0';
	set(out, NLG_APP_SCOPE, "app:", (struct comp){ id, k }, (struct comp){ id, k });
	return true;
}

/* snap.<name>.<app>-<uuid>.scope and snap.<name>.<app>.service: the snap. */
static bool snap_unit(struct comp c, struct Nlg_ident *out)
{
	if (!starts_with(c, "snap.") || !(ends_with(c, ".scope") || ends_with(c, ".service")))
		return false;
	const char *s = c.s + 5, *dot = memchr(s, '.', c.n - 5);
	if (!dot || dot == s)
		return false;
	struct comp name = { s, (size_t)(dot - s) };
	set(out, NLG_APP_SCOPE, "app:snap.", name, name);
	return true;
}

/* Decides at most one app per component; containers end the walk. */
static bool component(struct comp c, struct comp prev, bool *kubepods, bool *systemd,
		      struct Nlg_ident *out, bool *decided)
{
	if (starts_with(c, "kubepods"))
		*kubepods = true;
	if (pod(c, *kubepods, out) || runtime_scope(c, out) || lxc(c, prev, out) ||
	    docker_dir(c, prev, out))
		return true;
	if (ends_with(c, ".slice")) {
		*systemd = true;
	} else if (ends_with(c, ".service") || ends_with(c, ".scope")) {
		*systemd = true;
		if (is_session(c))
			*decided = false;
		else if (app_unit(c, out) || snap_unit(c, out))
			*decided = true;
		else {
			set(out, ends_with(c, ".service") ? NLG_APP_SERVICE : NLG_APP_SCOPE, "unit:", c, c);
			*decided = true;
		}
	}
	return false;
}

bool Nlg_ident_cgroup(const char *path, struct Nlg_ident *out)
{
	bool decided = false, kubepods = false, systemd = false;
	struct comp prev = { "", 0 };

	memset(out, 0, sizeof(*out));
	if (!path || path[0] != '/')
		return false;
	/* The outermost container wins (a pod over its containers); else the
	 * deepest unit that names an app. */
	for (const char *p = path + 1; *p;) {
		const char *end = strchr(p, '/');
		struct comp c = { p, end ? (size_t)(end - p) : strlen(p) };
		if (c.n && component(c, prev, &kubepods, &systemd, out, &decided))
			return true;
		prev = c;
		if (!end)
			break;
		p = end + 1;
	}
	if (decided)
		return true;
	/* Outside systemd's tree, a cgroup someone made is an app of its own. */
	if (!systemd && path[1]) {
		struct comp c = { path, strlen(path) };
		set(out, NLG_APP_CGROUP, "cgroup:", c, c);
		return true;
	}
	memset(out, 0, sizeof(*out));
	return false;
}
