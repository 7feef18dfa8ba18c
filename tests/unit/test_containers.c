/* SPDX-License-Identifier: MIT */
/* test_containers.c - container names from runtime files under a fake root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fakeroot.h"
#include "platform/linux/containers.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void names(void **state)
{
	(void)state;
	char root[] = "/tmp/nlg-containers-XXXXXX", name[128];
	assert_non_null(mkdtemp(root));
	/* docker: the top-level "Name", not a mount's or a label's */
	Nlg_fake_mkdirs(root, "var/lib/docker/containers/" ID);
	Nlg_fake_mkdirs(root, "var/lib/containers/storage/overlay-containers");
	Nlg_fake_put(root, "var/lib/docker/containers/" ID "/config.v2.json",
		     "{\"Config\":{\"Labels\":{\"Name\":\"label\"}},\"MountPoints\":{\"/d\":"
		     "{\"Name\":\"vol\"}},\"Name\":\"/web\",\"Driver\":\"overlay2\"}");
	assert_true(Nlg_container_name(root, "docker", ID, name, sizeof(name)));
	assert_string_equal(name, "web");
	/* podman and cri-o: containers/storage */
	Nlg_fake_put(root, "var/lib/containers/storage/overlay-containers/containers.json",
		     "[{\"id\":\"aaaa\",\"names\":[\"other\"]},{\"id\":\"" ID "\",\"names\":[\"db\"],"
		     "\"image\":\"x\"}]");
	assert_true(Nlg_container_name(root, "libpod", ID, name, sizeof(name)));
	assert_string_equal(name, "db");
	assert_false(Nlg_container_name(root, "libpod", "bbbb", name, sizeof(name)));
	/* Kubernetes: the pod's log directory */
	Nlg_fake_mkdirs(root, "var/log/pods/shop_cart-7d9f_1a2b3c4d-5e6f-7a8b-9c0d-112233445566");
	assert_true(Nlg_container_name(root, "pod", "1a2b3c4d-5e6f-7a8b-9c0d-112233445566", name,
				       sizeof(name)));
	assert_string_equal(name, "shop/cart-7d9f");
	/* unknown ids, runtimes and hostile ids name nothing */
	assert_false(Nlg_container_name(root, "docker", "ffff", name, sizeof(name)));
	assert_false(Nlg_container_name(root, "containerd", ID, name, sizeof(name)));
	assert_false(Nlg_container_name(root, "docker", "../../etc", name, sizeof(name)));
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(names) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
