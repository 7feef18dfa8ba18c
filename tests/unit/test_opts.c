// SPDX-License-Identifier: MIT
/* The option table of the commands (src/cli/opts.c): each argument kind
 * fills its destination, a bad value or option is a usage error, --help
 * prints the aligned table, and operands are refused or left to the
 * caller as the command says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "cli/opts.h"

struct t_opts {
	bool json, bits, watch;
	uint64_t interval_ns, linger_ns;
	long count, port;
	const char *name;
	int choice, set;
	enum nlg_ebpf_mode ebpf;
};

static const char *const colours[] = { "red", "green", NULL };
static const int colour_values[] = { 10, 20 };

static const struct Nlg_cmd_opts cmd = {
	.name = "test",
	.opts = (const struct Nlg_opt[]){
		{ "name", 'N', NLG_OPT_STRING, "NAME", "a name", offsetof(struct t_opts, name) },
		{ "port", 'o', NLG_OPT_RANGE, "PORT", "a port", offsetof(struct t_opts, port), .lo = 0,
		  .hi = 65535 },
		{ "colour", 0, NLG_OPT_CHOICE, "C", "red or green", offsetof(struct t_opts, choice),
		  .choices = colours, .values = colour_values },
		{ "late", 0, NLG_OPT_SET, NULL, "sets 7", offsetof(struct t_opts, set), .value = 7 },
		NLG_OPTE_WATCH(struct t_opts, watch, interval_ns, "refresh"),
		NLG_OPTE_COUNT(struct t_opts, count, "stop after N\nrefreshes"),
		NLG_OPTE_JSON(struct t_opts, json, "JSON"),
		NLG_OPTE_BITS(struct t_opts, bits, 'b'),
		NLG_OPTE_LIVE(struct t_opts, ebpf, linger_ns),
		NLG_OPTE_END,
	},
	.about = "Tests.\n\n",
};

static int parse(struct t_opts *o, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = (char *)"test";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	*o = (struct t_opts){ .interval_ns = 1000000000ull, .port = -1 };
	return Nlg_opts_parse(&cmd, argc, argv, o);
}

static void test_kinds(void **state)
{
	(void)state;
	struct t_opts o;
	const char *args[] = { "-j", "--bits", "-N", "x", "-o", "443", "--colour", "green", "--late",
			       "-w", "0.5", "-n", "3", "--ebpf", "off", "--linger", "2", NULL };
	assert_int_equal(parse(&o, args), NLG_OPTS_GO);
	assert_true(o.json && o.bits && o.watch);
	assert_string_equal(o.name, "x");
	assert_int_equal(o.port, 443);
	assert_int_equal(o.choice, 20);
	assert_int_equal(o.set, 7);
	assert_int_equal(o.interval_ns, 500000000ull);
	assert_int_equal(o.count, 3);
	assert_int_equal(o.ebpf, NLG_EBPF_OFF);
	assert_int_equal(o.linger_ns, 2000000000ull);
}

static void test_watch_without_seconds(void **state)
{
	(void)state;
	struct t_opts o;
	/* the next word is not a number: it stays an option */
	const char *args[] = { "--watch", "-j", NULL };
	assert_int_equal(parse(&o, args), NLG_OPTS_GO);
	assert_true(o.watch && o.json);
	assert_int_equal(o.interval_ns, 1000000000ull);
	const char *attached[] = { "--watch=0.25", NULL };
	assert_int_equal(parse(&o, attached), NLG_OPTS_GO);
	assert_int_equal(o.interval_ns, 250000000ull);
}

static void test_usage_errors(void **state)
{
	(void)state;
	struct t_opts o;
	const char *const bad[][4] = {
		{ "-o", "65536", NULL }, { "--colour", "blue", NULL }, { "-n", "0", NULL },
		{ "--ebpf", "maybe", NULL }, { "--linger", "x", NULL }, { "--nope", NULL },
		{ "operand", NULL }, { "-N", NULL },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(&o, bad[i]), NLG_EXIT_USAGE);
}

static void test_help(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	Nlg_opts_help(&cmd, f);
	fclose(f);
	assert_non_null(strstr(text, "Usage: netledger test [OPTIONS]\nTests.\n\n"));
	/* one column for every help text, continuation lines included */
	assert_non_null(strstr(text, "\n  -N, --name NAME        a name\n"));
	assert_non_null(strstr(text, "\n  -n, --count N          stop after N\n"
				     "                         refreshes\n"));
	assert_non_null(strstr(text, "\n      --colour C         red or green\n"));
	assert_non_null(strstr(text, "Exit status: 0 success, 1 runtime error, 2 usage error.\n"));
	free(text);
	struct t_opts o;
	const char *args[] = { "-h", NULL };
	int out = dup(STDOUT_FILENO);
	assert_non_null(freopen("/dev/null", "w", stdout));
	assert_int_equal(parse(&o, args), NLG_EXIT_OK);
	fflush(stdout);
	dup2(out, STDOUT_FILENO);
	close(out);
}

static void test_operands_left_to_caller(void **state)
{
	(void)state;
	struct Nlg_cmd_opts run = cmd;
	run.operands = true;
	char *argv[] = { (char *)"test", (char *)"-j", (char *)"cmd", (char *)"-x", NULL };
	struct t_opts o = { 0 };
	assert_int_equal(Nlg_opts_parse(&run, 4, argv, &o), NLG_OPTS_GO);
	assert_true(o.json);
	assert_string_equal(argv[optind], "cmd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_watch_without_seconds),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_operands_left_to_caller),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
