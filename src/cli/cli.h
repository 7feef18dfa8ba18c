/* SPDX-License-Identifier: MIT */
/* cli.h - shared pieces of the netledger command line. */
#ifndef NLG_CLI_H
#define NLG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netledger.h"

/* Exit codes, documented in netledger(1). */
#define NLG_EXIT_OK 0
#define NLG_EXIT_RUNTIME 1
#define NLG_EXIT_USAGE 2
/* Asked for what this platform or this build does not have (pf counters
 * where the kernel keeps none, --json without a JSON library). */
#define NLG_EXIT_UNSUPPORTED 3

int Nlg_cmd_ifaces(int argc, char **argv);
int Nlg_cmd_conns(int argc, char **argv);
int Nlg_cmd_apps(int argc, char **argv);
int Nlg_cmd_watch(int argc, char **argv);
int Nlg_cmd_history(int argc, char **argv);
int Nlg_cmd_top(int argc, char **argv);
int Nlg_cmd_run(int argc, char **argv);

/* Prints "netledger: <msg>" to stderr. */
void Nlg_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Formats bytes with IEC units ("1.5 MiB", "512 B") into buf. Return: buf. */
char *Nlg_fmt_bytes(uint64_t bytes, char *buf, size_t size);
/* Formats a per-second rate in bytes ("1.5 MiB/s") or bits ("12.0 Mb/s"). */
char *Nlg_fmt_rate(double per_sec, bool bits, char *buf, size_t size);

/* Parses a positive number of seconds ("1", "0.5") into *out, in
 * nanoseconds. Return: 0, -EINVAL for what is not a number, or -ERANGE
 * outside 0.01 to 86400. */
int Nlg_parse_seconds(const char *s, uint64_t *out);

/* Option helpers: each prints its own one-line error.
 * --watch [SECONDS]: SECONDS from "--watch=S" or from the next argument
 * when it is a number (then *optind_p is advanced).
 * Return: 0, or -1 for an invalid value. */
int Nlg_opt_watch(const char *arg, int argc, char **argv, int *optind_p, uint64_t *ns);
/* A positive count for option name. Return: 0 or -1. */
int Nlg_opt_count(const char *name, const char *arg, long *out);
/* Seconds for option name. Return: 0 or -1. */
int Nlg_opt_seconds(const char *name, const char *arg, uint64_t *ns);
/* Return: 0 when no operand follows the options, else -1. */
int Nlg_opt_no_operands(int argc, char **argv, int optind_now);
/* Parses --ebpf auto|on|off. Return: 0, or -1 after printing the error. */
int Nlg_opt_ebpf(const char *arg, enum nlg_ebpf_mode *mode);

/* Installs SIGINT/SIGTERM handlers that set a flag instead of killing. */
void Nlg_stop_on_signals(void);
/* Return: true once SIGINT or SIGTERM arrived. */
bool Nlg_stop_requested(void);
/* Sleeps up to ns, waking early when a stop is requested. */
void Nlg_sleep_ns(uint64_t ns);

#endif
