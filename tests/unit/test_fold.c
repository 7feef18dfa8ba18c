/* SPDX-License-Identifier: MIT */
/* test_fold.c - cgroup paths and launchers that decide an app. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/fold.h"

static const struct {
	const char *path;
	bool decides;
	enum nlg_app_kind kind;
	const char *name;
} cases[] = {
	{ "/system.slice/nginx.service", true, NLG_APP_SERVICE, "nginx.service" },
	{ "/system.slice/docker-0123456789abcdef0123.scope", true, NLG_APP_CONTAINER, "docker:0123456789ab" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox-42.scope", true,
	  NLG_APP_SCOPE, "app-firefox-42.scope" },
	{ "/user.slice/user-1000.slice/session-3.scope", false, 0, NULL },
	{ "/init.scope", false, 0, NULL },
	{ "/", false, 0, NULL },
	{ "", false, 0, NULL },
	{ NULL, false, 0, NULL },
	{ "/kubepods/besteffort/pod1/cri-containerd-abcdef.scope", true, NLG_APP_CONTAINER, "cri-containerd:abcdef" },
	{ "/lxc.payload.web1", true, NLG_APP_CONTAINER, "lxc.payload:web1" },
	{ "/nlg-test/A", true, NLG_APP_CGROUP, "/nlg-test/A" },
	{ "/system.slice/ssh.service/extra", true, NLG_APP_SERVICE, "ssh.service" },
};

static void cgroups(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum nlg_app_kind kind;
		char name[256];
		print_message("case %zu: %s\n", i, cases[i].path ? cases[i].path : "(null)");
		bool d = nlg_fold_cgroup(cases[i].path, &kind, name, sizeof(name));
		assert_int_equal(d, cases[i].decides);
		if (d) {
			assert_int_equal(kind, cases[i].kind);
			assert_string_equal(name, cases[i].name);
		}
	}
}

static void launchers(void **state)
{
	(void)state;
	assert_true(nlg_fold_is_launcher("bash"));
	assert_true(nlg_fold_is_launcher("sshd"));
	assert_true(nlg_fold_is_launcher("sudo"));
	assert_false(nlg_fold_is_launcher("firefox"));
	assert_false(nlg_fold_is_launcher("curl"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cgroups),
		cmocka_unit_test(launchers),
	};
	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
