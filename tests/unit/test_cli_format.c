/* SPDX-License-Identifier: MIT */
/* test_cli_format.c - human units and argument parsing of the CLI. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cli.h"

static void bytes(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(Nlg_fmt_bytes(0, b, sizeof(b)), "0 B");
	assert_string_equal(Nlg_fmt_bytes(1023, b, sizeof(b)), "1023 B");
	assert_string_equal(Nlg_fmt_bytes(1024, b, sizeof(b)), "1.0 KiB");
	assert_string_equal(Nlg_fmt_bytes(8u << 20, b, sizeof(b)), "8.0 MiB");
	assert_string_equal(Nlg_fmt_bytes(5ull << 30 | 512ull << 20, b, sizeof(b)), "5.5 GiB");
	assert_string_equal(Nlg_fmt_bytes(UINT64_MAX, b, sizeof(b)), "16.0 EiB");
}

static void rates(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(Nlg_fmt_rate(0, false, b, sizeof(b)), "0 B/s");
	assert_string_equal(Nlg_fmt_rate(1536, false, b, sizeof(b)), "1.5 KiB/s");
	assert_string_equal(Nlg_fmt_rate(125000, true, b, sizeof(b)), "1.0 Mb/s");
	assert_string_equal(Nlg_fmt_rate(12, true, b, sizeof(b)), "96 b/s");
}

static void seconds(void **state)
{
	(void)state;
	uint64_t ns;
	assert_int_equal(Nlg_parse_seconds("1", &ns), 0);
	assert_int_equal(ns, 1000000000ull);
	assert_int_equal(Nlg_parse_seconds("0.25", &ns), 0);
	assert_int_equal(ns, 250000000ull);
	assert_int_equal(Nlg_parse_seconds("0", &ns), -ERANGE);
	assert_int_equal(Nlg_parse_seconds("-1", &ns), -ERANGE);
	assert_int_equal(Nlg_parse_seconds("1x", &ns), -EINVAL);
	assert_int_equal(Nlg_parse_seconds("", &ns), -EINVAL);
	assert_int_equal(Nlg_parse_seconds("nan", &ns), -EINVAL);
	assert_int_equal(Nlg_parse_seconds("1e9", &ns), -ERANGE);
	assert_int_equal(Nlg_parse_seconds("inf", &ns), -ERANGE);
}

static void options(void **state)
{
	(void)state;
	long n;
	uint64_t ns = 0;
	char *args[] = { "ifaces", "--watch", "2", "extra" };
	int ind = 2;
	assert_int_equal(Nlg_opt_count("--count", "3", &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(Nlg_opt_count("--count", "0", &n), -1);
	assert_int_equal(Nlg_opt_count("--count", "3x", &n), -1);
	assert_int_equal(Nlg_opt_count("--count", "99999999999999999999", &n), -1);
	/* "--watch 2": the number is taken, the next word is not */
	assert_int_equal(Nlg_opt_watch(NULL, 4, args, &ind, &ns), 0);
	assert_int_equal(ns, 2000000000ull);
	assert_int_equal(ind, 3);
	assert_int_equal(Nlg_opt_watch(NULL, 4, args, &ind, &ns), 0);
	assert_int_equal(ind, 3);
	assert_int_equal(Nlg_opt_watch("0.5", 4, args, &ind, &ns), 0);
	assert_int_equal(ns, 500000000ull);
	assert_int_equal(Nlg_opt_watch("x", 4, args, &ind, &ns), -1);
	assert_int_equal(Nlg_opt_no_operands(4, args, 3), -1);
	assert_int_equal(Nlg_opt_no_operands(4, args, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bytes),
		cmocka_unit_test(rates),
		cmocka_unit_test(seconds),
		cmocka_unit_test(options),
	};
	return cmocka_run_group_tests_name("cli_format", tests, NULL, NULL);
}
