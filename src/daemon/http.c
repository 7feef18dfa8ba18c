/* SPDX-License-Identifier: MIT */
/* http.c - /metrics over libmicrohttpd, from the text last published, and
 * the history page (daemon/web) on the same listener. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/http.h"
#include "daemon/snap.h"
#include "daemon/web/web.h"
#include "export/prom.h"

/* At most this many clients at once, each dropped after this many idle
 * seconds: a slow or stuck scraper cannot hold the server. */
#define HTTP_MAX_CONNECTIONS 64u
#define HTTP_TIMEOUT_S 10u
#define HTTP_BACKLOG 64

struct Nlg_http {
	struct MHD_Daemon *d;
	struct Nlg_snap_slot metrics;
	struct Nlg_web *web;   /* the history page, or NULL: /metrics only */
	unsigned port;
};

static const char index_html[] =
	"<!DOCTYPE html>\n<html><head><title>netledgerd</title></head>\n"
	"<body><h1>netledgerd</h1><p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

int Nlg_http_publish(struct Nlg_http *h, char *text, size_t len)
{
	if (!h) {
		free(text);
		return -EINVAL;
	}
	return Nlg_snap_publish(&h->metrics, text, len);
}

/* Every response carries the same security headers as the page. */
static enum MHD_Result queue(struct MHD_Connection *conn, unsigned status, struct MHD_Response *r)
{
	for (size_t i = 0; Nlg_web_headers[i]; i += 2)
		MHD_add_response_header(r, Nlg_web_headers[i], Nlg_web_headers[i + 1]);
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_static(struct MHD_Connection *conn, unsigned status,
				   const char *type, const char *body, const char *allow)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								 MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	return queue(conn, status, r);
}

static enum MHD_Result send_metrics(struct Nlg_http *h, struct MHD_Connection *conn)
{
	struct Nlg_snap *s = Nlg_snap_get(&h->metrics);
	if (!s)
		return send_static(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
				   "no sample taken yet\n", NULL);
	struct MHD_Response *r =
		MHD_create_response_from_buffer_with_free_callback_cls(s->len, s->text, Nlg_snap_unref, s);
	if (!r) {
		Nlg_snap_unref(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, NLG_PROM_CONTENT_TYPE);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return queue(conn, MHD_HTTP_OK, r);
}

/* Collects the query parameters; past WEB_ARGS_MAX the request is refused. */
#define WEB_ARGS_MAX 16
struct web_args {
	struct Nlg_web_arg v[WEB_ARGS_MAX];
	size_t n;
	bool overflow;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	(void)kind;
	struct web_args *a = cls;
	if (a->n == WEB_ARGS_MAX) {
		a->overflow = true;
		return MHD_NO;
	}
	a->v[a->n++] = (struct Nlg_web_arg){ key, value };
	return MHD_YES;
}

/* The page and its API: answered in full here, then sent by the server
 * from memory, so a slow client holds nothing. */
static enum MHD_Result send_web(struct Nlg_http *h, struct MHD_Connection *conn, const char *url,
				const char *method)
{
	struct web_args a = { .n = 0 };
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
	if (a.overflow)
		return send_static(conn, MHD_HTTP_BAD_REQUEST, "application/json; charset=utf-8",
				   "{\"error\":\"too many parameters\"}", NULL);
	struct Nlg_web_resp w;
	if (Nlg_web_handle(h->web, method, url, a.v, a.n, &w) < 0)
		return MHD_NO;
	struct MHD_Response *r = w.release
		? MHD_create_response_from_buffer_with_free_callback_cls(w.len, (void *)w.body,
									 w.release, w.release_cls)
		: MHD_create_response_from_buffer(w.len, (void *)w.body, MHD_RESPMEM_PERSISTENT);
	if (!r) {
		if (w.release)
			w.release(w.release_cls);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, w.type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
				w.cacheable ? "max-age=300" : "no-store");
	if (w.allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, w.allow);
	return queue(conn, w.status, r);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	struct Nlg_http *h = cls;
	bool metrics = !strcmp(url, "/metrics"), root = !strcmp(url, "/");
	if (!metrics && h->web)
		return send_web(h, conn, url, method);
	if (!metrics && !root)
		return send_static(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
				   "not found\n", NULL);
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return send_static(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
				   "method not allowed\n", "GET, HEAD");
	if (root)
		return send_static(conn, MHD_HTTP_OK, "text/html; charset=utf-8", index_html, NULL);
	return send_metrics(h, conn);
}

union sockaddr_any {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* Parses an IPv4 or IPv6 literal (IPv6 possibly in brackets).
 * Return: the address length, or 0 when addr is not one. */
static socklen_t parse_addr(const char *addr, unsigned port, union sockaddr_any *sa)
{
	char buf[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(addr);
	memset(sa, 0, sizeof(*sa));
	if (inet_pton(AF_INET, addr, &sa->in.sin_addr) == 1) {
		sa->in.sin_family = AF_INET;
		sa->in.sin_port = htons((uint16_t)port);
		return sizeof(sa->in);
	}
	if (n >= 2 && n < sizeof(buf) && addr[0] == '[' && addr[n - 1] == ']') {
		memcpy(buf, addr + 1, n - 2);
		buf[n - 2] = '\0';
		addr = buf;
	}
	if (inet_pton(AF_INET6, addr, &sa->in6.sin6_addr) == 1) {
		sa->in6.sin6_family = AF_INET6;
		sa->in6.sin6_port = htons((uint16_t)port);
		return sizeof(sa->in6);
	}
	return 0;
}

/* Return: a listening socket on addr and port, or a negative error code
 * with the reason in err. */
static int listen_on(const char *addr, unsigned port, unsigned *bound, char *err, size_t errlen)
{
	union sockaddr_any sa;
	socklen_t salen = port <= 65535 ? parse_addr(addr, port, &sa) : 0;
	if (!salen) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s", addr, port,
			 port > 65535 ? "port out of range" : "not an IPv4 or IPv6 address");
		return -EINVAL;
	}
	int fd = socket(sa.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1, e = 0;
	if (fd < 0)
		e = errno;
	else if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
		 bind(fd, &sa.sa, salen) < 0 || listen(fd, HTTP_BACKLOG) < 0 ||
		 getsockname(fd, &sa.sa, &salen) < 0)
		e = errno;
	if (e) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s", addr, port, strerror(e));
		if (fd >= 0)
			close(fd);
		return -e;
	}
	*bound = ntohs(sa.sa.sa_family == AF_INET ? sa.in.sin_port : sa.in6.sin6_port);
	return fd;
}

int Nlg_http_start(struct Nlg_http **out, const char *addr, unsigned port, char *err,
		   size_t errlen)
{
	return Nlg_http_start_web(out, addr, port, NULL, err, errlen);
}

int Nlg_http_start_web(struct Nlg_http **out, const char *addr, unsigned port,
		       struct Nlg_web *web, char *err, size_t errlen)
{
	if (!addr)
		addr = NLG_HTTP_DEFAULT_ADDR;
	struct Nlg_http *h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err, errlen, "cannot listen on %s port %u: out of memory", addr, port);
		return -ENOMEM;
	}
	int fd = listen_on(addr, port, &h->port, err, errlen);
	if (fd < 0) {
		free(h);
		return fd;
	}
	Nlg_snap_slot_init(&h->metrics);
	h->web = web;
	h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL,
				handle, h, MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
				MHD_OPTION_CONNECTION_LIMIT, HTTP_MAX_CONNECTIONS,
				MHD_OPTION_CONNECTION_TIMEOUT, HTTP_TIMEOUT_S, MHD_OPTION_END);
	if (!h->d) {
		snprintf(err, errlen, "cannot serve on %s port %u: the HTTP server did not start",
			 addr, h->port);
		/* Whether the server closes the socket it was given when it
		 * fails varies between versions: close it if it is still open.
		 * The server fails here only without memory or threads. */
		if (fcntl(fd, F_GETFD) >= 0)
			close(fd);
		Nlg_snap_slot_done(&h->metrics);
		free(h);
		return -EIO;
	}
	*out = h;
	return 0;
}

unsigned Nlg_http_port(const struct Nlg_http *h)
{
	return h->port;
}

void Nlg_http_stop(struct Nlg_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	Nlg_snap_slot_done(&h->metrics);
	free(h);
}
