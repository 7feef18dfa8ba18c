/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "core/fold.h"

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Container runtimes name their cgroups after the container id. */
static bool container_name(const char *comp, size_t n, char *name, size_t size)
{
	static const char *const prefixes[] = { "docker-", "libpod-", "cri-containerd-",
						"crio-", "lxc.payload." };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t k = strlen(prefixes[i]);
		if (n > k && memcmp(comp, prefixes[i], k) == 0) {
			size_t id = n - k;
			if (ends_with(comp, n, ".scope"))
				id -= 6;
			snprintf(name, size, "%.*s:%.*s", (int)(k - 1), prefixes[i],
				 (int)(id > 12 ? 12 : id), comp + k);
			return true;
		}
	}
	return false;
}

/* A session scope holds whatever a user runs from a login: not one app. */
static bool is_session(const char *comp, size_t n)
{
	return (starts_with(comp, "session-") && ends_with(comp, n, ".scope")) ||
	       (n == 10 && memcmp(comp, "init.scope", 10) == 0);
}

bool nlg_fold_cgroup(const char *path, enum nlg_app_kind *kind, char *name, size_t size)
{
	const char *decided = NULL;
	size_t dlen = 0;
	enum nlg_app_kind dkind = NLG_APP_CGROUP;
	bool systemd_tree = false;

	if (!path || path[0] != '/')
		return false;
	/* The deepest component that names an app wins. */
	for (const char *p = path + 1; *p;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (container_name(p, n, name, size)) {
			*kind = NLG_APP_CONTAINER;
			return true;
		}
		if (ends_with(p, n, ".slice"))
			systemd_tree = true;
		if (ends_with(p, n, ".service") || ends_with(p, n, ".scope")) {
			systemd_tree = true;
			if (is_session(p, n)) {
				decided = NULL;
			} else {
				decided = p;
				dlen = n;
				dkind = ends_with(p, n, ".service") ? NLG_APP_SERVICE : NLG_APP_SCOPE;
			}
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (decided) {
		snprintf(name, size, "%.*s", (int)dlen, decided);
		*kind = dkind;
		return true;
	}
	/* Outside systemd's tree, a cgroup someone made is an app of its own. */
	if (!systemd_tree && path[1]) {
		snprintf(name, size, "%s", path);
		*kind = NLG_APP_CGROUP;
		return true;
	}
	return false;
}

bool nlg_fold_is_launcher(const char *comm)
{
	static const char *const launchers[] = {
		"sh", "bash", "dash", "zsh", "fish", "ksh", "tcsh", "csh", "busybox",
		"login", "sshd", "su", "sudo", "doas", "runuser", "setsid", "nohup",
		"env", "timeout", "xargs", "tmux: server", "tmux", "screen", "SCREEN",
		"systemd", "init", "tini", "dumb-init", "ip", "nsenter", "unshare",
		"gnome-shell", "gnome-session-b", "plasmashell", "kwin_x11", "kwin_wayland",
		"xfce4-session", "lxsession", "gnome-terminal-", "konsole", "xterm",
		"alacritty", "kitty", "foot", "wezterm-gui", "make", "meson", "ninja",
	};
	for (size_t i = 0; i < sizeof(launchers) / sizeof(launchers[0]); i++)
		if (strcmp(comm, launchers[i]) == 0)
			return true;
	return false;
}
