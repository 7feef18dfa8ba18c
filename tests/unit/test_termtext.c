/* SPDX-License-Identifier: MIT */
/* test_termtext.c - the terminal renderer over hostile and honest names:
 * what is escaped, what stays readable, and how wide it is. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export/termtext.h"

struct case_ {
	const char *in, *out;
	int width;
};

static const struct case_ cases[] = {
	{ "curl", "curl", 4 },
	{ "", "", 0 },
	/* C0 controls, DEL: every one an escape, nothing raw */
	{ "\x1b[2J\x1b]0;PWN\x07x", "\\x1b[2J\\x1b]0;PWN\\x07x", 22 },
	{ "a\rb\nc\td", "a\\x0db\\x0ac\\x09d", 16 },
	{ "del\x7f", "del\\x7f", 7 },
	{ "\x01\x1f", "\\x01\\x1f", 8 },
	/* C1 controls: as a code point (CSI U+009B) and as a raw byte */
	{ "c1\xc2\x9b" "2J", "c1\\xc2\\x9b2J", 12 },
	{ "nel\xc2\x85", "nel\\xc2\\x85", 11 },
	{ "raw\x9b" "2J", "raw\\x9b2J", 9 },
	/* invalid UTF-8: lone continuation, lead without continuation, cut
	 * sequence at the end (the kernel's 15-byte comm), overlong forms,
	 * a surrogate, past U+10FFFF */
	{ "\x80x", "\\x80x", 5 },
	{ "\xc3(", "\\xc3(", 5 },
	{ "\xd0\x9f\xd1\x80\xd0", "\xd0\x9f\xd1\x80\\xd0", 6 },
	{ "\xc0\xaf", "\\xc0\\xaf", 8 },
	{ "\xe0\x80\xaf", "\\xe0\\x80\\xaf", 12 },
	{ "\xed\xa0\x80", "\\xed\\xa0\\x80", 12 },
	{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", 16 },
	{ "\xff\xfe", "\\xff\\xfe", 8 },
	/* bidi override and line separators would reorder or break a row */
	{ "abc\xe2\x80\xae" "fdp.exe", "abc\\xe2\\x80\\xaefdp.exe", 22 },
	{ "x\xe2\x80\xa8y", "x\\xe2\\x80\\xa8y", 14 },
	/* a backslash cannot forge an escape */
	{ "\\x1b", "\\\\x1b", 5 },
	/* honest names stay readable, measured in columns */
	{ "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 6 },
	{ "\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87", 4 },
	{ "\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!", 3 },
	{ "e\xcc\x81", "e\xcc\x81", 1 },
	{ "\xef\xbc\xa1", "\xef\xbc\xa1", 2 },
	{ "<b>=1+1</b>", "<b>=1+1</b>", 11 },
};

static void table(void **state)
{
	(void)state;
	char buf[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int w = Nlg_term_render(cases[i].in, -1, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(w, cases[i].width);
		assert_int_equal(Nlg_term_width(cases[i].in), cases[i].width);
		for (const char *p = buf; *p; p++)
			assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	}
}

/* Cutting to a width never splits a character or an escape. */
static void cut(void **state)
{
	(void)state;
	char buf[64];
	assert_int_equal(Nlg_term_render("\xe4\xb8\xad\xe6\x96\x87", 3, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "\xe4\xb8\xad");
	assert_int_equal(Nlg_term_render("ab\x1b", 5, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "ab");
	assert_int_equal(Nlg_term_render("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 3, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "\xf0\x9f\x98\x80");
	/* a combining mark stays with its letter */
	assert_int_equal(Nlg_term_render("e\xcc\x81x", 1, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "e\xcc\x81");
	/* a short buffer cuts too, at a boundary */
	assert_int_equal(Nlg_term_render("\xd0\x9f\xd1\x80", -1, buf, 4), 1);
	assert_string_equal(buf, "\xd0\x9f");
	assert_int_equal(Nlg_term_render("\x1b", -1, buf, 4), 0);
	assert_string_equal(buf, "");
}

static void cells(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(Nlg_term_cell("ab", 4, false, buf, sizeof(buf)), "ab  ");
	assert_string_equal(Nlg_term_cell("ab", 4, true, buf, sizeof(buf)), "  ab");
	/* a wide character that would straddle the edge is left out and
	 * the cell is padded to its exact width */
	assert_string_equal(Nlg_term_cell("a\xe4\xb8\xad\xe6\x96\x87", 4, false, buf, sizeof(buf)),
			    "a\xe4\xb8\xad ");
	assert_int_equal(Nlg_term_width(buf), 4);
	assert_string_equal(Nlg_term_cell("x\ny", 4, false, buf, sizeof(buf)), "x   ");
	assert_string_equal(Nlg_term_cell("x\ny", 5, false, buf, sizeof(buf)), "x\\x0a");
	assert_string_equal(Nlg_term_cell("x\ny", 6, false, buf, sizeof(buf)), "x\\x0ay");
	assert_string_equal(Nlg_term_cell("long name", 0, false, buf, sizeof(buf)), "");
	/* the padding always fits: the text gives way */
	assert_string_equal(Nlg_term_cell("\xd0\x9f\xd1\x80\xd0\xb8", 3, false, buf, 5), "\xd0\x9f  ");
}

/* Where the terminal is not UTF-8, nothing but ASCII is written. */
static void ascii_terminal(void **state)
{
	(void)state;
	char buf[64];
	Nlg_term_set_utf8(false);
	assert_int_equal(Nlg_term_render("\xd0\x9f!", -1, buf, sizeof(buf)), 9);
	assert_string_equal(buf, "\\xd0\\x9f!");
	Nlg_term_set_utf8(true);
}

static void printf_keeps_last_newline(void **state)
{
	(void)state;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	Nlg_term_printf(f, "note: %s\n", "a\nb\x1b");
	Nlg_term_fputs("\x07", f);
	fclose(f);
	assert_string_equal(out, "note: a\\x0ab\\x1b\n\\x07");
	free(out);
}

/* A line of rendered names is cut without escaping it twice. */
static void cut_rendered(void **state)
{
	(void)state;
	char name[64], line[64];
	Nlg_term_render("a\\b\x1b", -1, name, sizeof(name));
	assert_string_equal(name, "a\\\\b\\x1b");
	assert_int_equal(Nlg_term_cut(name, -1, line, sizeof(line)), 8);
	assert_string_equal(line, name);
	assert_int_equal(Nlg_term_cut("\xe4\xb8\xad\xe6\x96\x87", 3, line, sizeof(line)), 2);
	assert_string_equal(line, "\xe4\xb8\xad");
}

static void csv(void **state)
{
	(void)state;
	static const char *const in[][2] = {
		{ "curl", "\"curl\"" },
		{ "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
		{ "+1", "\"'+1\"" }, { "-1", "\"'-1\"" }, { "@SUM(A1)", "\"'@SUM(A1)\"" },
		{ "\tx", "\"\\x09x\"" }, { "\rx", "\"\\x0dx\"" },
		{ "a,b\nc", "\"a,b\\x0ac\"" },
		{ "<img src=x>", "\"<img src=x>\"" },
		{ "\xd0\x9f\xd1\x80", "\"\xd0\x9f\xd1\x80\"" },
	};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		assert_non_null(f);
		Nlg_csv_field(in[i][0], f);
		fclose(f);
		assert_string_equal(out, in[i][1]);
		free(out);
	}
}

/* The table is sorted and disjoint, or the search misses. */
static void width_table_sorted(void **state)
{
	(void)state;
	const struct Nlg_term_range *t[2] = { Nlg_term_zero, Nlg_term_wide };
	size_t n[2] = { Nlg_term_zero_count, Nlg_term_wide_count };
	for (int k = 0; k < 2; k++) {
		assert_true(n[k] > 10);
		for (size_t i = 0; i < n[k]; i++) {
			assert_true(t[k][i].first <= t[k][i].last);
			if (i)
				assert_true(t[k][i - 1].last < t[k][i].first);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(cut),
		cmocka_unit_test(cells),
		cmocka_unit_test(ascii_terminal),
		cmocka_unit_test(printf_keeps_last_newline),
		cmocka_unit_test(cut_rendered),
		cmocka_unit_test(width_table_sorted),
		cmocka_unit_test(csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
