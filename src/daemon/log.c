/* SPDX-License-Identifier: MIT */
/* log.c - netledgerd's log lines (stderr in the foreground, else syslog)
 * and the message of a start-up failure. */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "daemon/run.h"
#include "export/termtext.h"

void Nlgd_log_open(bool foreground)
{
	if (!foreground)
		openlog("netledgerd", LOG_PID, LOG_DAEMON);
}

static void vlog(struct nlgd *d, int prio, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void vlog(struct nlgd *d, int prio, const char *fmt, va_list ap)
{
	/* log lines quote names other users chose: rendered as in a terminal */
	if (d->foreground || d->status_fd >= 0) {
		fputs("netledgerd: ", stderr);
		Nlg_term_vprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		char msg[1024], safe[1024];
		vsnprintf(msg, sizeof(msg), fmt, ap);
		Nlg_term_render(msg, -1, safe, sizeof(safe));
		syslog(prio, "%s", safe);
	}
}

void Nlgd_log(struct nlgd *d, int prio, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(d, prio, fmt, ap);
	va_end(ap);
}

int Nlgd_fail(struct nlgd *d, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->errmsg, sizeof(d->errmsg), fmt, ap);
	va_end(ap);
	return code;
}
