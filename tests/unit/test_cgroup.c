/* SPDX-License-Identifier: MIT */
/* test_cgroup.c - cgroup ids to paths and members, on a fake hierarchy. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "platform/linux/cgroup.h"
#include "fakeroot.h"

static char root[] = "/tmp/nlg-cgroup-XXXXXX";

static void put(const char *rel, const char *text)
{
	Nlg_fake_put(root, rel, text);
}

static uint64_t id_of(const char *rel)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof(path), "%s/cg%s", root, rel);
	assert_int_equal(stat(path, &st), 0);
	return (uint64_t)st.st_ino;
}

static void hierarchy(void **state)
{
	(void)state;
	char path[512], line[700];
	assert_non_null(mkdtemp(root));
	const char *dirs[] = { "proc", "proc/self", "cg", "cg/app", "cg/app/one", "cg/many" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	snprintf(line, sizeof(line),
		 "22 1 0:5 / /proc rw - proc proc rw\n"
		 "30 22 0:26 / %s/cg rw,nosuid - cgroup2 cgroup2 rw\n", root);
	put("proc/self/mountinfo", line);
	put("cg/app/one/cgroup.procs", "4242\n");
	put("cg/many/cgroup.procs", "10\n11\n12\n");

	struct Nlg_cgroups *cg;
	assert_int_equal(Nlg_cgroups_new(&cg, strcat(strcpy(path, root), "/proc")), 0);
	assert_string_equal(Nlg_cgroups_path(cg, id_of("/app/one")), "/app/one");
	assert_string_equal(Nlg_cgroups_path(cg, id_of("")), "/");
	assert_null(Nlg_cgroups_path(cg, 1)); /* no such id: remembered */
	assert_null(Nlg_cgroups_path(cg, 0));

	int pid = 0;
	assert_int_equal(Nlg_cgroups_members(cg, id_of("/app/one"), &pid), 1);
	assert_int_equal(pid, 4242);
	assert_int_equal(Nlg_cgroups_members(cg, id_of("/many"), &pid), 3);
	assert_int_equal(Nlg_cgroups_members(cg, 1, &pid), -ENOENT);

	/* Members are read once per generation. */
	put("cg/app/one/cgroup.procs", "4242\n4243\n");
	assert_int_equal(Nlg_cgroups_members(cg, id_of("/app/one"), &pid), 1);
	Nlg_cgroups_next(cg);
	assert_int_equal(Nlg_cgroups_members(cg, id_of("/app/one"), &pid), 2);

	/* A cgroup made after the first walk is found by the next one. */
	snprintf(path, sizeof(path), "%s/cg/late", root);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_string_equal(Nlg_cgroups_path(cg, id_of("/late")), "/late");
	Nlg_cgroups_free(cg);

	snprintf(line, sizeof(line), "rm -rf '%s'", root);
	assert_int_equal(system(line), 0);
}

static void no_cgroup2(void **state)
{
	(void)state;
	struct Nlg_cgroups *cg;
	assert_int_equal(Nlg_cgroups_new(&cg, "/nonexistent"), 0);
	assert_null(Nlg_cgroups_path(cg, 123));
	int pid;
	assert_int_equal(Nlg_cgroups_members(cg, 123, &pid), -ENOENT);
	Nlg_cgroups_free(cg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hierarchy),
		cmocka_unit_test(no_cgroup2),
	};
	return cmocka_run_group_tests_name("cgroup", tests, NULL, NULL);
}
