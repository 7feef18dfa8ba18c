/* SPDX-License-Identifier: MIT */
/* test_errors.c - one error namespace: nlg_strerror() names every code
 * that a comment in the public header or the store's header documents
 * (read from the files themselves, so that a newly documented code cannot
 * be forgotten), and the store's own codes. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "netledger.h"

static const struct { const char *name; int code; } errnos[] = {
	{ "EINVAL", EINVAL }, { "ENOMEM", ENOMEM }, { "EBUSY", EBUSY }, { "ENODATA", ENODATA },
	{ "ENOTSUP", ENOTSUP }, { "ENOENT", ENOENT }, { "EPERM", EPERM }, { "EACCES", EACCES },
	{ "EIO", EIO }, { "EPROTO", EPROTO }, { "EMSGSIZE", EMSGSIZE }, { "ENOBUFS", ENOBUFS },
	{ "EAGAIN", EAGAIN }, { "ERANGE", ERANGE }, { "ENODEV", ENODEV }, { "ESRCH", ESRCH },
	{ "EINTR", EINTR }, { "ETIMEDOUT", ETIMEDOUT }, { "EEXIST", EEXIST },
	{ "EAFNOSUPPORT", EAFNOSUPPORT }, { "EPROTONOSUPPORT", EPROTONOSUPPORT },
};

static int errno_of(const char *name)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(errnos[i].name, name))
			return errnos[i].code;
	return 0;
}

/* Every "-EXXX" in the file is named by nlg_strerror. Return: how many. */
static int check_documented(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int n = 0;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		for (char *p = strstr(line, "-E"); p; p = strstr(p + 2, "-E")) {
			char name[32];
			size_t k = 0;
			for (const char *q = p + 1; k + 1 < sizeof(name) &&
			     ((*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')); q++)
				name[k++] = *q;
			name[k] = '\0';
			if (k < 3)
				continue;
			int code = errno_of(name);
			if (!code)
				fail_msg("%s documents -%s: add it to this test's table", path, name);
			if (!strcmp(nlg_strerror(-code), "unknown error"))
				fail_msg("nlg_strerror(-%s), documented in %s, says unknown error", name, path);
			n++;
		}
	}
	fclose(f);
	return n;
}

static void documented_codes(void **state)
{
	(void)state;
	assert_true(check_documented(NLG_SOURCE_ROOT "/include/netledger.h") >= 5);
	check_documented(NLG_SOURCE_ROOT "/src/store/store.h");
	assert_string_equal(nlg_strerror(-ENODATA), nlg_strerror(ENODATA));
}

static void own_codes(void **state)
{
	(void)state;
	static const int own[] = { NLG_ENOTOURS, NLG_ENEWER, NLG_ECORRUPT, NLG_EDB };
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		assert_true(own[i] < -1000);   /* below any errno value */
		assert_string_not_equal(nlg_strerror(own[i]), "unknown error");
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(nlg_strerror(own[i]), nlg_strerror(own[j]));
	}
	assert_string_equal(nlg_strerror(0), "success");
	assert_string_equal(nlg_strerror(-99999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(documented_codes),
		cmocka_unit_test(own_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
