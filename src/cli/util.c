/* SPDX-License-Identifier: MIT */
/* util.c - formatting, argument parsing and signal helpers of the CLI. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "export/termtext.h"

static volatile sig_atomic_t stop_flag;

void Nlg_cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("netledger: ", stderr);
	va_start(ap, fmt);
	Nlg_term_vprintf(stderr, fmt, ap);   /* messages quote names and arguments */
	va_end(ap);
	fputc('\n', stderr);
}

static char *fmt_scaled(double v, const char *const *units, size_t nunits, double step,
			const char *suffix, char *buf, size_t size)
{
	size_t u = 0;
	while (v >= step && u + 1 < nunits) {
		v /= step;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%.0f %s%s", v, units[u], suffix);
	else
		snprintf(buf, size, "%.1f %s%s", v, units[u], suffix);
	return buf;
}

char *Nlg_fmt_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	return fmt_scaled((double)bytes, units, 7, 1024.0, "", buf, size);
}

char *Nlg_fmt_rate(double per_sec, bool bits, char *buf, size_t size)
{
	static const char *const byte_units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	static const char *const bit_units[] = { "b", "Kb", "Mb", "Gb", "Tb" };
	if (bits)
		return fmt_scaled(per_sec * 8.0, bit_units, 5, 1000.0, "/s", buf, size);
	return fmt_scaled(per_sec, byte_units, 5, 1024.0, "/s", buf, size);
}

int Nlg_parse_seconds(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || isnan(v))
		return -EINVAL;
	if (errno || v < 0.01 || v > 86400.0)
		return -ERANGE;
	*out = (uint64_t)(v * 1e9);
	return 0;
}

int Nlg_opt_seconds(const char *name, const char *arg, uint64_t *ns)
{
	if (Nlg_parse_seconds(arg, ns) == 0)
		return 0;
	Nlg_cli_error("invalid %s '%s' (seconds, 0.01 to 86400)", name, arg);
	return -1;
}

int Nlg_opt_watch(const char *arg, int argc, char **argv, int *optind_p, uint64_t *ns)
{
	if (arg)
		return Nlg_opt_seconds("--watch interval", arg, ns);
	if (*optind_p < argc && Nlg_parse_seconds(argv[*optind_p], ns) == 0)
		(*optind_p)++;
	return 0;
}

int Nlg_opt_count(const char *name, const char *arg, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v <= 0) {
		Nlg_cli_error("invalid %s '%s' (a positive number)", name, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int Nlg_opt_ebpf(const char *arg, enum nlg_ebpf_mode *mode)
{
	static const char *const names[] = { [NLG_EBPF_OFF] = "off", [NLG_EBPF_AUTO] = "auto",
					     [NLG_EBPF_ON] = "on" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			*mode = (enum nlg_ebpf_mode)i;
			return 0;
		}
	}
	Nlg_cli_error("invalid --ebpf '%s' (auto, on or off)", arg);
	return -1;
}

int Nlg_opt_no_operands(int argc, char **argv, int optind_now)
{
	if (optind_now >= argc)
		return 0;
	Nlg_cli_error("unexpected argument '%s'", argv[optind_now]);
	return -1;
}

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

void Nlg_stop_on_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool Nlg_stop_requested(void)
{
	return stop_flag != 0;
}

void Nlg_sleep_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000u),
			       .tv_nsec = (long)(ns % 1000000000u) };
	/* A signal interrupts the sleep; the caller checks the stop flag. */
	if (!stop_flag)
		nanosleep(&ts, NULL);
}
