// SPDX-License-Identifier: MIT
/* opts.c - getopt_long driven by a command's option table (opts.h). */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/sockview.h"

#define MAX_OPTS 32
#define LONG_ONLY 256 /* getopt_long's value for a long-only option: 256 + index */

static size_t opt_count(const struct Nlg_cmd_opts *cmd)
{
	size_t n = 0;
	while (cmd->opts[n].name)
		n++;
	return n;
}

/* "-i, --interface NAME": its width, for the help column. */
static size_t lhs_width(const struct Nlg_opt *o)
{
	return 6 + strlen(o->name) + (o->arg ? 1 + strlen(o->arg) : 0);
}

void Nlg_opts_help(const struct Nlg_cmd_opts *cmd, FILE *f)
{
	size_t col = 0;
	for (const struct Nlg_opt *o = cmd->opts; o->name; o++)
		if (lhs_width(o) > col)
			col = lhs_width(o);
	col += 2 + 2;
	fprintf(f, "Usage: netledger %s %s\n%s", cmd->name, cmd->synopsis ? cmd->synopsis : "[OPTIONS]",
		cmd->about);
	for (const struct Nlg_opt *o = cmd->opts; o->name; o++) {
		int n = o->letter ? fprintf(f, "  -%c, --%s", o->letter, o->name)
				  : fprintf(f, "      --%s", o->name);
		if (o->arg)
			n += fprintf(f, " %s", o->arg);
		for (const char *h = o->help; *h;) {
			size_t len = strcspn(h, "\n");
			fprintf(f, "%*s%.*s\n", (int)col - n, "", (int)len, h);
			n = 0;
			h += len + (h[len] == '\n');
		}
	}
	fputs(cmd->footer ? cmd->footer : NLG_OPTS_EXIT_TEXT, f);
}

/* "(a, b or c)" for a choice's error message. */
static void choice_list(const char *const *choices, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; choices[i] && used < size; i++) {
		const char *sep = i == 0 ? "" : choices[i + 1] ? ", " : " or ";
		int n = snprintf(buf + used, size - used, "%s%s", sep, choices[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static int parse_choice(const struct Nlg_opt *o, const char *arg, int *out)
{
	char list[256];
	for (size_t i = 0; o->choices[i]; i++) {
		if (!strcmp(arg, o->choices[i])) {
			*out = o->values ? o->values[i] : (int)i;
			return 0;
		}
	}
	choice_list(o->choices, list, sizeof(list));
	Nlg_cli_error("invalid --%s '%s' (%s)", o->name, arg, list);
	return -1;
}

static int parse_range(const struct Nlg_opt *o, const char *arg, long *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < o->lo || v > o->hi) {
		Nlg_cli_error("invalid --%s '%s'", o->name, arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* Stores one option's argument. Return: 0 or -1 after the error. */
static int apply(const struct Nlg_opt *o, const char *arg, int argc, char **argv, char *dest)
{
	char name[64];
	snprintf(name, sizeof(name), "--%s", o->name);
	switch (o->kind) {
	case NLG_OPT_FLAG: *(bool *)(dest + o->off) = true; return 0;
	case NLG_OPT_STRING: *(const char **)(dest + o->off) = arg; return 0;
	case NLG_OPT_SECONDS: return Nlg_opt_seconds(name, arg, (uint64_t *)(dest + o->off));
	case NLG_OPT_COUNT: return Nlg_opt_count(name, arg, (long *)(dest + o->off));
	case NLG_OPT_RANGE: return parse_range(o, arg, (long *)(dest + o->off));
	case NLG_OPT_WATCH:
		*(bool *)(dest + o->off2) = true;
		return Nlg_opt_watch(arg, argc, argv, &optind, (uint64_t *)(dest + o->off));
	case NLG_OPT_EBPF: return Nlg_opt_ebpf(arg, (enum nlg_ebpf_mode *)(dest + o->off));
	case NLG_OPT_NETNS: return Nlg_opt_netns(arg);
	case NLG_OPT_CHOICE: return parse_choice(o, arg, (int *)(dest + o->off));
	case NLG_OPT_SET: *(int *)(dest + o->off) = o->value; return 0;
	case NLG_OPT_HELP: return 0;
	}
	return -1;
}

static const struct Nlg_opt *find(const struct Nlg_cmd_opts *cmd, int c)
{
	if (c >= LONG_ONLY)
		return &cmd->opts[c - LONG_ONLY];
	for (const struct Nlg_opt *o = cmd->opts; o->name; o++)
		if (o->letter == c)
			return o;
	return NULL;
}

int Nlg_opts_parse(const struct Nlg_cmd_opts *cmd, int argc, char **argv, void *dest)
{
	struct option longopts[MAX_OPTS + 1] = { { 0 } };
	char shortopts[2 * MAX_OPTS + 2], *s = shortopts;
	size_t n = opt_count(cmd);
	if (n > MAX_OPTS)
		abort(); /* a table longer than this file allows: a build-time mistake */
	/* '+': the options end at the operand (a command with options of its own) */
	if (cmd->operands)
		*s++ = '+';
	for (size_t i = 0; i < n; i++) {
		const struct Nlg_opt *o = &cmd->opts[i];
		bool takes = o->arg != NULL;
		/* --watch takes its SECONDS attached or as the next word */
		int has = o->kind == NLG_OPT_WATCH ? optional_argument
			: takes ? required_argument : no_argument;
		longopts[i] = (struct option){ o->name, has, NULL,
					       o->letter ? o->letter : LONG_ONLY + (int)i };
		if (o->letter) {
			*s++ = (char)o->letter;
			if (has == required_argument)
				*s++ = ':';
		}
	}
	*s = '\0';
	/* 0, not 1: glibc, musl and the BSDs then start afresh, rereading the
	 * '+' of shortopts, also when a process parses a second argv */
	optind = 0;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct Nlg_opt *o = find(cmd, c);
		if (!o) {
			Nlg_opts_help(cmd, stderr);
			return NLG_EXIT_USAGE;
		}
		if (o->kind == NLG_OPT_HELP) {
			Nlg_opts_help(cmd, stdout);
			return NLG_EXIT_OK;
		}
		if (apply(o, optarg, argc, argv, dest) < 0)
			return NLG_EXIT_USAGE;
	}
	if (!cmd->operands && Nlg_opt_no_operands(argc, argv, optind) < 0)
		return NLG_EXIT_USAGE;
	return NLG_OPTS_GO;
}
