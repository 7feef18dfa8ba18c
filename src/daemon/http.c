/* SPDX-License-Identifier: MIT */
/* http.c - /metrics over libmicrohttpd, from the text last published. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/http.h"
#include "export/prom.h"

/* At most this many clients at once, each dropped after this many idle
 * seconds: a slow or stuck scraper cannot hold the server. */
#define HTTP_MAX_CONNECTIONS 64u
#define HTTP_TIMEOUT_S 10u
#define HTTP_BACKLOG 64

/* A published text, freed when the last response sending it is done. */
struct snap {
	atomic_uint refs;
	char *text;
	size_t len;
};

struct nlg_http {
	struct MHD_Daemon *d;
	pthread_mutex_t lock;
	struct snap *cur;
	unsigned port;
};

static const char index_html[] =
	"<!DOCTYPE html>\n<html><head><title>netledgerd</title></head>\n"
	"<body><h1>netledgerd</h1><p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

static void snap_unref(void *cls)
{
	struct snap *s = cls;
	if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
		free(s->text);
		free(s);
	}
}

static struct snap *snap_current(struct nlg_http *h)
{
	pthread_mutex_lock(&h->lock);
	struct snap *s = h->cur;
	if (s)
		atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&h->lock);
	return s;
}

int nlg_http_publish(struct nlg_http *h, char *text, size_t len)
{
	if (!h || !text) {
		free(text);
		return -EINVAL;
	}
	struct snap *s = malloc(sizeof(*s));
	if (!s) {
		free(text);
		return -ENOMEM;
	}
	atomic_init(&s->refs, 1);
	s->text = text;
	s->len = len;
	pthread_mutex_lock(&h->lock);
	struct snap *old = h->cur;
	h->cur = s;
	pthread_mutex_unlock(&h->lock);
	snap_unref(old);
	return 0;
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
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_metrics(struct nlg_http *h, struct MHD_Connection *conn)
{
	struct snap *s = snap_current(h);
	if (!s)
		return send_static(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
				   "no sample taken yet\n", NULL);
	struct MHD_Response *r =
		MHD_create_response_from_buffer_with_free_callback_cls(s->len, s->text, snap_unref, s);
	if (!r) {
		snap_unref(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, NLG_PROM_CONTENT_TYPE);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	bool metrics = !strcmp(url, "/metrics"), root = !strcmp(url, "/");
	if (!metrics && !root)
		return send_static(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
				   "not found\n", NULL);
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return send_static(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
				   "method not allowed\n", "GET, HEAD");
	if (root)
		return send_static(conn, MHD_HTTP_OK, "text/html; charset=utf-8", index_html, NULL);
	return send_metrics(cls, conn);
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

int nlg_http_start(struct nlg_http **out, const char *addr, unsigned port, char *err,
		   size_t errlen)
{
	if (!addr)
		addr = NLG_HTTP_DEFAULT_ADDR;
	struct nlg_http *h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err, errlen, "cannot listen on %s port %u: out of memory", addr, port);
		return -ENOMEM;
	}
	int fd = listen_on(addr, port, &h->port, err, errlen);
	if (fd < 0) {
		free(h);
		return fd;
	}
	pthread_mutex_init(&h->lock, NULL);
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
		pthread_mutex_destroy(&h->lock);
		free(h);
		return -EIO;
	}
	*out = h;
	return 0;
}

unsigned nlg_http_port(const struct nlg_http *h)
{
	return h->port;
}

void nlg_http_stop(struct nlg_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	snap_unref(h->cur);
	pthread_mutex_destroy(&h->lock);
	free(h);
}
