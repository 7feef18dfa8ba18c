/* SPDX-License-Identifier: MIT */
/* opts.h - the one option table every netledger command parses its
 * arguments with and prints its --help from, so that an option shared by
 * several commands (--json, --watch, --ebpf, ...) is spelled, parsed and
 * explained in one place. */
#ifndef NLG_CLI_OPTS_H
#define NLG_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What an option's argument is, and so which parser fills its
 * destination (a member of the command's options struct, by offset). */
enum Nlg_opt_kind {
	NLG_OPT_FLAG,     /* bool = true */
	NLG_OPT_STRING,   /* const char * = the argument */
	NLG_OPT_SECONDS,  /* uint64_t nanoseconds (Nlg_opt_seconds) */
	NLG_OPT_COUNT,    /* long, a positive count (Nlg_opt_count) */
	NLG_OPT_RANGE,    /* long in [lo, hi] */
	NLG_OPT_WATCH,    /* bool at off2 = true; uint64_t ns at off from an
			   * optional SECONDS (Nlg_opt_watch) */
	NLG_OPT_EBPF,     /* enum nlg_ebpf_mode (Nlg_opt_ebpf) */
	NLG_OPT_NETNS,    /* no destination: Nlg_opt_netns */
	NLG_OPT_CHOICE,   /* int-sized enum = values[i] (or i) for choices[i] */
	NLG_OPT_SET,      /* int-sized enum = value */
	NLG_OPT_HELP,     /* prints the help text on stdout */
};

struct Nlg_opt {
	const char *name;        /* long name, without "--" */
	int letter;              /* short letter, 0 for none */
	enum Nlg_opt_kind kind;
	const char *arg;         /* the argument in the help text, NULL for none */
	const char *help;        /* a '\n' continues on an aligned next line */
	size_t off, off2;        /* destination(s) in the options struct */
	const char *const *choices; /* NLG_OPT_CHOICE: NULL-terminated */
	const int *values;       /* NLG_OPT_CHOICE: NULL for the index */
	long lo, hi;             /* NLG_OPT_RANGE */
	int value;               /* NLG_OPT_SET */
};

/* A command: its name, what it does, its options (ending with
 * NLG_OPTE_END), the text after them (exit statuses). */
struct Nlg_cmd_opts {
	const char *name;        /* "Usage: netledger NAME SYNOPSIS" */
	const char *synopsis;    /* NULL: "[OPTIONS]" */
	const char *about;       /* ends with a blank line */
	const struct Nlg_opt *opts;
	const char *footer;      /* NULL: NLG_OPTS_EXIT_TEXT */
	/* true: the options end at the first operand, which with what follows
	 * is the caller's (optind); false: an operand is a usage error */
	bool operands;
};

/* Options every command spelling the same way share (T: the options
 * struct, f: its member). */
#define NLG_OPTE_JSON(T, f, text) { "json", 'j', NLG_OPT_FLAG, NULL, text, offsetof(T, f), 0, NULL, NULL, 0, 0, 0 }
#define NLG_OPTE_BITS(T, f, letter) \
	{ "bits", letter, NLG_OPT_FLAG, NULL, "rates in bits per second", offsetof(T, f), 0, NULL, NULL, 0, 0, 0 }
#define NLG_OPTE_WATCH(T, on, ns, text) \
	{ "watch", 'w', NLG_OPT_WATCH, "[SECONDS]", text, offsetof(T, ns), offsetof(T, on), NULL, NULL, 0, 0, 0 }
#define NLG_OPTE_COUNT(T, f, text) \
	{ "count", 'n', NLG_OPT_COUNT, "N", text, offsetof(T, f), 0, NULL, NULL, 0, 0, 0 }
#define NLG_OPTE_EBPF(T, f, dflt) \
	{ "ebpf", 0, NLG_OPT_EBPF, "MODE", "the eBPF socket counter: " dflt, offsetof(T, f), 0, NULL, NULL, 0, 0, 0 }
#define NLG_OPTE_NETNS \
	{ "netns", 0, NLG_OPT_NETNS, "NS", "network namespaces: all (default as root), current,\n" \
	  "an ip netns NAME or a PID", 0, 0, NULL, NULL, 0, 0, 0 }
#define NLG_OPTE_LINGER(T, f) \
	{ "linger", 0, NLG_OPT_SECONDS, "SECONDS", "keep exited processes, and apps left empty, listed\n" \
	  "this long (default 10)", offsetof(T, f), 0, NULL, NULL, 0, 0, 0 }
#define NLG_OPTE_HELP { "help", 'h', NLG_OPT_HELP, NULL, "this text", 0, 0, NULL, NULL, 0, 0, 0 }
/* The end of every table: --help, then the terminator. */
#define NLG_OPTE_END NLG_OPTE_HELP, { 0 }
/* The socket view's two: where the byte counts come from, which namespaces. */
#define NLG_OPTE_SOCKETS(T, f, dflt) NLG_OPTE_EBPF(T, f, dflt), NLG_OPTE_NETNS
/* The live views' (apps, top): the socket view's, and how long the gone stay. */
#define NLG_OPTE_LIVE(T, ebpf, linger) \
	NLG_OPTE_SOCKETS(T, ebpf, NLG_EBPF_DEFAULT_AUTO), NLG_OPTE_LINGER(T, linger)
/* The footer of a command with no exit statuses of its own. */
#define NLG_OPTS_EXIT_TEXT "\nExit status: 0 success, 1 runtime error, 2 usage error.\n"
#define NLG_EBPF_DEFAULT_AUTO "auto (default), on, off"

/* Parses argv[1..] into dest (already holding the defaults). Each error
 * is one line on stderr, followed by the help text for an unknown option.
 * Return: NLG_OPTS_GO to go on, else the status to exit with at once
 * (NLG_EXIT_OK after --help, NLG_EXIT_USAGE). */
#define NLG_OPTS_GO (-1)
int Nlg_opts_parse(const struct Nlg_cmd_opts *cmd, int argc, char **argv, void *dest);

/* Prints the usage, every option aligned in one column, and the footer. */
void Nlg_opts_help(const struct Nlg_cmd_opts *cmd, FILE *f);

#endif
