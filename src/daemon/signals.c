/* SPDX-License-Identifier: MIT */
/* signals.c - SIGTERM and SIGINT stop netledgerd, SIGHUP asks for a
 * reload; both end the sleep between samples. */
#include <errno.h>
#include <signal.h>
#include <time.h>

#include "daemon/run.h"

#define NS 1000000000ull

/* Set by the handler, read by the loop. */
static volatile sig_atomic_t stop_flag, reload_flag;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_flag = 1;
	else
		stop_flag = 1;
}

void Nlgd_signals_install(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal ends the sleep between samples. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool Nlgd_stopping(void)
{
	return stop_flag;
}

bool Nlgd_take_reload(void)
{
	if (!reload_flag)
		return false;
	reload_flag = 0;
	return true;
}

void Nlgd_sleep_until(uint64_t deadline)
{
	struct timespec ts = { (time_t)(deadline / NS), (long)(deadline % NS) };
	while (!stop_flag && !reload_flag &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}
