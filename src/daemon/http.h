/* SPDX-License-Identifier: MIT */
/*
 * http.h - the daemon's HTTP endpoint: GET/HEAD /metrics serves the text
 * last published, / a small page linking to it. Served by libmicrohttpd on
 * its own thread with a bound on connections and a timeout on each, so
 * neither a slow client nor many can stall the sampling loop.
 */
#ifndef NLG_DAEMON_HTTP_H
#define NLG_DAEMON_HTTP_H

#include <stddef.h>

struct Nlg_http;

/* Default bind address. */
#define NLG_HTTP_DEFAULT_ADDR "127.0.0.1"

/*
 * Starts serving on addr (an IPv4 or IPv6 literal; NULL means
 * NLG_HTTP_DEFAULT_ADDR) and port (0 picks a free one: see
 * Nlg_http_port()). Until the first Nlg_http_publish(), /metrics answers
 * 503.
 * Return: 0 with *out set, or a negative error code with a one-line
 * message naming the address and port in err (of size errlen).
 */
int Nlg_http_start(struct Nlg_http **out, const char *addr, unsigned port, char *err,
		   size_t errlen);

struct Nlg_web;

/* The same with the history page and its API (web, borrowed until
 * Nlg_http_stop) served beside /metrics. */
int Nlg_http_start_web(struct Nlg_http **out, const char *addr, unsigned port,
		       struct Nlg_web *web, char *err, size_t errlen);

/*
 * Makes text (len bytes, allocated with malloc) what /metrics serves from
 * now on; the server owns it, also on failure. A response being sent keeps
 * the text it started with.
 * Return: 0, or -EINVAL when h or text is NULL.
 */
int Nlg_http_publish(struct Nlg_http *h, char *text, size_t len);

/* Return: the port the server listens on. */
unsigned Nlg_http_port(const struct Nlg_http *h);

/* Stops serving, waits for the server thread and frees h (NULL is fine). */
void Nlg_http_stop(struct Nlg_http *h);

#endif
