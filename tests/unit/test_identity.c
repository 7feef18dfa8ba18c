/* SPDX-License-Identifier: MIT */
/* test_identity.c - the identity rules, over cgroup paths and process trees. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/identity.h"

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const struct {
	const char *path;
	enum nlg_app_kind kind;   /* NLG_APP_UNATTRIBUTED: the path does not decide */
	const char *key, *name;
} cgroups[] = {
	{ "/system.slice/nginx.service", NLG_APP_SERVICE, "unit:nginx.service", "nginx.service" },
	{ "/system.slice/ssh.service/extra", NLG_APP_SERVICE, "unit:ssh.service", "ssh.service" },
	{ "/system.slice/system-getty.slice/getty@tty1.service", NLG_APP_SERVICE,
	  "unit:getty@tty1.service", "getty@tty1.service" },
	/* docker, podman, containerd, cri-o: by id, shown by its first 12 */
	{ "/system.slice/docker-" ID64 ".scope", NLG_APP_CONTAINER, "docker:" ID64, "docker:0123456789ab" },
	{ "/docker/" ID64, NLG_APP_CONTAINER, "docker:" ID64, "docker:0123456789ab" },
	{ "/machine.slice/libpod-" ID64 ".scope/container", NLG_APP_CONTAINER, "libpod:" ID64,
	  "libpod:0123456789ab" },
	{ "/machine.slice/libpod-conmon-" ID64 ".scope", NLG_APP_CONTAINER, "libpod:" ID64,
	  "libpod:0123456789ab" },
	{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID64 ".scope",
	  NLG_APP_CONTAINER, "libpod:" ID64, "libpod:0123456789ab" },
	{ "/system.slice/cri-containerd-" ID64 ".scope", NLG_APP_CONTAINER, "containerd:" ID64,
	  "containerd:0123456789ab" },
	{ "/system.slice/crio-" ID64 ".scope", NLG_APP_CONTAINER, "crio:" ID64, "crio:0123456789ab" },
	/* Kubernetes: the pod, whichever container of it */
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1a2b3c4d_5e6f_7a8b_9c0d_112233445566.slice/cri-containerd-" ID64 ".scope",
	  NLG_APP_CONTAINER, "pod:1a2b3c4d-5e6f-7a8b-9c0d-112233445566", "pod:1a2b3c4d-5e6" },
	{ "/kubepods.slice/kubepods-pod1a2b3c4d_5e6f_7a8b_9c0d_112233445566.slice/crio-" ID64 ".scope",
	  NLG_APP_CONTAINER, "pod:1a2b3c4d-5e6f-7a8b-9c0d-112233445566", "pod:1a2b3c4d-5e6" },
	{ "/kubepods/burstable/pod1a2b3c4d-5e6f-7a8b-9c0d-112233445566/" ID64, NLG_APP_CONTAINER,
	  "pod:1a2b3c4d-5e6f-7a8b-9c0d-112233445566", "pod:1a2b3c4d-5e6" },
	{ "/lxc.payload.web1", NLG_APP_CONTAINER, "lxc:web1", "web1" },
	{ "/lxc.monitor.web1", NLG_APP_CONTAINER, "lxc:web1", "web1" },
	{ "/lxc/web1", NLG_APP_CONTAINER, "lxc:web1", "web1" },
	/* desktop apps: the application id, without the instance */
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-1234.scope",
	  NLG_APP_SCOPE, "app:firefox", "firefox" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-98765.scope",
	  NLG_APP_SCOPE, "app:firefox", "firefox" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-flatpak-org.mozilla.firefox-5678.scope",
	  NLG_APP_SCOPE, "app:org.mozilla.firefox", "org.mozilla.firefox" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-org.gnome.Terminal-2211.scope",
	  NLG_APP_SCOPE, "app:org.gnome.Terminal", "org.gnome.Terminal" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.kde.konsole-3f2a9c1d0e.scope",
	  NLG_APP_SCOPE, "app:org.kde.konsole", "org.kde.konsole" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-my\\x2dtool-77.scope",
	  NLG_APP_SCOPE, "app:my-tool", "my-tool" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-dbus-org.gnome.Shell@wayland.service",
	  NLG_APP_SCOPE, "app:org.gnome.Shell", "org.gnome.Shell" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/snap.spotify.spotify-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.scope",
	  NLG_APP_SCOPE, "app:snap.spotify", "spotify" },
	{ "/system.slice/snap.lxd.daemon.service", NLG_APP_SCOPE, "app:snap.lxd", "lxd" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service", NLG_APP_SERVICE,
	  "unit:pipewire.service", "pipewire.service" },
	/* sessions and terminals: whatever a person runs there, not one app */
	{ "/user.slice/user-1000.slice/session-3.scope", NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/vte-spawn-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.scope",
	  NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ "/user.slice/user-1000.slice/user@1000.service/tmux-spawn-0f1e2d3c.scope", NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ "/user.slice/user-1000.slice/user@1000.service/init.scope", NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ "/system.slice/run-u42.scope", NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ "/init.scope", NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ "/", NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ "", NLG_APP_UNATTRIBUTED, NULL, NULL },
	{ NULL, NLG_APP_UNATTRIBUTED, NULL, NULL },
	/* another scope keeps its unit; a cgroup made by hand is an app */
	{ "/system.slice/backup-job.scope", NLG_APP_SCOPE, "unit:backup-job.scope", "backup-job.scope" },
	{ "/nlg-test/A", NLG_APP_CGROUP, "cgroup:/nlg-test/A", "/nlg-test/A" },
};

static void cgroup_paths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cgroups) / sizeof(cgroups[0]); i++) {
		struct Nlg_ident id;
		print_message("case %zu: %s\n", i, cgroups[i].path ? cgroups[i].path : "(null)");
		bool d = Nlg_ident_cgroup(cgroups[i].path, &id);
		assert_int_equal(d, cgroups[i].kind != NLG_APP_UNATTRIBUTED);
		if (!d)
			continue;
		assert_int_equal(id.kind, cgroups[i].kind);
		assert_string_equal(id.key, cgroups[i].key);
		assert_string_equal(id.name, cgroups[i].name);
	}
}

/* Process trees: chain[0] is the process, then its ancestors. */
#define P(pid, comm, exe, cmd) { pid, comm, exe, cmd }
static const struct {
	const char *what;
	struct Nlg_ident_proc chain[5];
	size_t n;
	const char *key, *name;
} trees[] = {
	{ "a program from a shell", { P(900, "curl", "/usr/bin/curl", "curl -s http://x"),
	  P(800, "bash", "/usr/bin/bash", "-bash"), P(700, "sshd", "/usr/sbin/sshd", "sshd: u"),
	  P(1, "systemd", "/usr/lib/systemd/systemd", "/sbin/init") }, 4, "exe:/usr/bin/curl", "curl" },
	{ "another run of it", { P(31000, "curl", "/usr/bin/curl", "curl -O http://y"),
	  P(30999, "bash", "/usr/bin/bash", "bash") }, 2, "exe:/usr/bin/curl", "curl" },
	{ "a helper folds into its program", { P(950, "git-remote-http", "/usr/lib/git-core/git-remote-http", "git-remote-https origin"),
	  P(940, "git", "/usr/bin/git", "git fetch"), P(800, "bash", "/usr/bin/bash", "-bash") },
	  3, "exe:/usr/bin/git", "git" },
	{ "launchers are skipped, init ends the walk", { P(990, "wget", "/usr/bin/wget", "wget x"),
	  P(980, "sudo", "/usr/bin/sudo", "sudo wget x"), P(1, "systemd", "/sbin/init", "") },
	  3, "exe:/usr/bin/wget", "wget" },
	{ "a plain shell", { P(800, "bash", "/usr/bin/bash", "-bash"),
	  P(700, "sshd", "/usr/sbin/sshd", "sshd: u") }, 2, "exe:/usr/bin/bash", "bash" },
	{ "python script", { P(1200, "python3", "/usr/bin/python3.11", "python3 /opt/backup/run.py --full"),
	  P(1100, "bash", "/usr/bin/bash", "bash") }, 2, "script:/opt/backup/run.py", "run.py" },
	{ "python with options", { P(1201, "python3", "/usr/bin/python3.11", "python3 -u -W ignore /srv/app.py"),
	  P(1, "systemd", "/sbin/init", "") }, 2, "script:/srv/app.py", "app.py" },
	{ "python -m", { P(1202, "python3", "/usr/bin/python3.11", "python3 -m http.server 8000") },
	  1, "module:http.server", "http.server" },
	{ "python -c", { P(1203, "python3", "/usr/bin/python3.11", "python3 -c print(1)") },
	  1, "exe:/usr/bin/python3.11", "python3" },
	{ "node", { P(1300, "node", "/usr/bin/node", "node --inspect server.js") },
	  1, "script:server.js", "server.js" },
	{ "java -jar", { P(1400, "java", "/usr/lib/jvm/bin/java", "java -Xmx1g -jar /opt/x/app.jar serve") },
	  1, "script:/opt/x/app.jar", "app.jar" },
	{ "java class", { P(1401, "java", "/usr/lib/jvm/bin/java", "java -cp /opt/lib org.example.Main") },
	  1, "class:org.example.Main", "org.example.Main" },
	{ "perl", { P(1500, "perl", "/usr/bin/perl", "perl -w /usr/local/bin/sync.pl") },
	  1, "script:/usr/local/bin/sync.pl", "sync.pl" },
	{ "ruby", { P(1600, "ruby", "/usr/bin/ruby3.1", "ruby bin/rails server") },
	  1, "script:bin/rails", "rails" },
	{ "a shell script run as a program", { P(1700, "demo.sh", "/usr/bin/bash", "/bin/bash ./demo.sh 3"),
	  P(800, "bash", "/usr/bin/bash", "-bash") }, 2, "script:./demo.sh", "demo.sh" },
	{ "a program under a script", { P(1710, "curl", "/usr/bin/curl", "curl x"),
	  P(1700, "backup.sh", "/usr/bin/bash", "/bin/bash /opt/backup.sh"),
	  P(800, "bash", "/usr/bin/bash", "-bash") }, 3, "script:/opt/backup.sh", "backup.sh" },
	{ "a long name cut by the kernel", { P(1800, "gnome-terminal-", "/usr/libexec/gnome-terminal-server", "") },
	  1, "exe:/usr/libexec/gnome-terminal-server", "gnome-terminal-server" },
	{ "a replaced executable", { P(1900, "nginx", "/usr/sbin/nginx (deleted)", "nginx: worker") },
	  1, "exe:/usr/sbin/nginx", "nginx" },
	{ "an unreadable executable", { P(2000, "postgres", "", "") }, 1, "comm:postgres", "postgres" },
};

static void process_trees(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		struct Nlg_ident id;
		struct Nlg_ident_in in = { .cgroup = "/user.slice/user-1000.slice/session-3.scope",
					   .chain = trees[i].chain, .nchain = trees[i].n };
		print_message("tree %zu: %s\n", i, trees[i].what);
		assert_true(Nlg_identify(&in, &id));
		assert_int_equal(id.kind, NLG_APP_PROCESS_TREE);
		assert_string_equal(id.key, trees[i].key);
		assert_string_equal(id.name, trees[i].name);
	}
}

/* A deciding cgroup wins over the tree; nothing at all decides nothing. */
static void cgroup_before_tree(void **state)
{
	(void)state;
	struct Nlg_ident_proc p = P(10, "curl", "/usr/bin/curl", "curl");
	struct Nlg_ident id;
	struct Nlg_ident_in in = { "/system.slice/cron.service", &p, 1 };
	assert_true(Nlg_identify(&in, &id));
	assert_string_equal(id.key, "unit:cron.service");
	in = (struct Nlg_ident_in){ "/", NULL, 0 };
	assert_false(Nlg_identify(&in, &id));
}

static void launchers(void **state)
{
	(void)state;
	assert_true(Nlg_ident_is_launcher("bash"));
	assert_true(Nlg_ident_is_launcher("sshd"));
	assert_true(Nlg_ident_is_launcher("sudo"));
	assert_true(Nlg_ident_is_launcher("ip"));
	assert_false(Nlg_ident_is_launcher("firefox"));
	assert_false(Nlg_ident_is_launcher("curl"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cgroup_paths),
		cmocka_unit_test(process_trees),
		cmocka_unit_test(cgroup_before_tree),
		cmocka_unit_test(launchers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
