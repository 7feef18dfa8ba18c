/* SPDX-License-Identifier: MIT */
/* test_http.c - the /metrics endpoint, spoken to in raw HTTP over a
 * loopback socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon/http.h"
#include "export/prom.h"

struct reply {
	int status;
	char *head;   /* status line and headers */
	char *body;
	size_t body_len;
};

static int connect_to(int family, unsigned port)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct timeval tv = { .tv_sec = 5 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	int r;
	if (family == AF_INET) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	} else {
		struct sockaddr_in6 sa = { .sin6_family = AF_INET6,
					   .sin6_port = htons((uint16_t)port),
					   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
		r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	}
	assert_int_equal(r, 0);
	return fd;
}

static void send_all(int fd, const char *s)
{
	size_t n = strlen(s);
	assert_int_equal(send(fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* Reads until the server closes the connection. */
static char *read_all(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	for (;;) {
		if (n + 1 == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
		assert_true(r >= 0);
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void parse_reply(char *raw, size_t len, struct reply *r)
{
	char *end = strstr(raw, "\r\n\r\n");
	assert_non_null(end);
	*end = '\0';
	r->head = raw;
	r->body = end + 4;
	r->body_len = len - (size_t)(r->body - raw);
	assert_int_equal(sscanf(raw, "HTTP/1.1 %d", &r->status), 1);
}

static void request_on(int family, unsigned port, const char *method, const char *path,
		       struct reply *r)
{
	char req[512];
	snprintf(req, sizeof(req), "%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
		 "Content-Length: 0\r\n\r\n", method, path);
	int fd = connect_to(family, port);
	send_all(fd, req);
	size_t len;
	char *raw = read_all(fd, &len);
	close(fd);
	parse_reply(raw, len, r);
}

static void request(unsigned port, const char *method, const char *path, struct reply *r)
{
	request_on(AF_INET, port, method, path, r);
}

/* A request whose answer must have the given status. */
static void expect(unsigned port, const char *method, const char *path, int status,
		   struct reply *r)
{
	request(port, method, path, r);
	if (r->status != status)
		fail_msg("%s %s gave %d, not %d", method, path, r->status, status);
}

/* Return: the value of header name in r (case-insensitive), or NULL. */
static const char *header(const struct reply *r, const char *name, char *out, size_t n)
{
	size_t k = strlen(name);
	for (const char *l = strstr(r->head, "\r\n"); l; l = strstr(l + 2, "\r\n")) {
		if (strncasecmp(l + 2, name, k) || l[2 + k] != ':')
			continue;
		const char *v = l + 3 + k, *e = strstr(v, "\r\n");
		while (*v == ' ')
			v++;
		size_t vl = e ? (size_t)(e - v) : strlen(v);
		snprintf(out, n, "%.*s", (int)vl, v);
		return out;
	}
	return NULL;
}

static void reply_done(struct reply *r)
{
	free(r->head);
}

static char *dup_text(const char *s)
{
	char *t = strdup(s);
	assert_non_null(t);
	return t;
}

static struct Nlg_http *start(void)
{
	struct Nlg_http *h = NULL;
	char err[256] = "";
	int rc = Nlg_http_start(&h, "127.0.0.1", 0, err, sizeof(err));
	if (rc != 0)
		fail_msg("start: %s", err);
	assert_true(Nlg_http_port(h) > 0);
	return h;
}

static size_t open_fds(void)
{
	size_t n = 0;
	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

static void metrics_lifecycle(void **state)
{
	(void)state;
	size_t fds = open_fds();
	struct Nlg_http *h = start();
	unsigned port = Nlg_http_port(h);
	struct reply r;
	char v[256];

	expect(port, "GET", "/metrics", 503, &r);
	reply_done(&r);

	const char *text = "# HELP a_total x\n# TYPE a_total counter\na_total 1\n";
	assert_int_equal(Nlg_http_publish(h, dup_text(text), strlen(text)), 0);
	expect(port, "GET", "/metrics", 200, &r);
	assert_string_equal(r.body, text);
	assert_string_equal(header(&r, "Content-Type", v, sizeof(v)),
			    "text/plain; version=0.0.4; charset=utf-8");
	reply_done(&r);

	expect(port, "HEAD", "/metrics", 200, &r);
	assert_int_equal(r.body_len, 0);
	snprintf(v, sizeof(v), "%zu", strlen(text));
	char cl[32];
	assert_string_equal(header(&r, "Content-Length", cl, sizeof(cl)), v);
	reply_done(&r);

	/* a new publish replaces the text */
	assert_int_equal(Nlg_http_publish(h, dup_text("b 2\n"), 4), 0);
	request(port, "GET", "/metrics", &r);
	assert_string_equal(r.body, "b 2\n");
	reply_done(&r);
	Nlg_http_stop(h);
	assert_int_equal(open_fds(), fds);  /* the listening socket is closed */
}

static void other_paths_and_methods(void **state)
{
	(void)state;
	struct Nlg_http *h = start();
	unsigned port = Nlg_http_port(h);
	struct reply r;
	char v[128];

	expect(port, "GET", "/", 200, &r);
	assert_non_null(strstr(r.body, "href=\"/metrics\""));
	assert_non_null(strstr(header(&r, "Content-Type", v, sizeof(v)), "text/html"));
	reply_done(&r);

	static const char *const missing[] = { "/metric", "/metrics/", "/favicon.ico", "/x/../" };
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		expect(port, "GET", missing[i], 404, &r);
		reply_done(&r);
	}

	static const char *const methods[] = { "POST", "PUT", "DELETE", "OPTIONS", "PATCH" };
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		expect(port, methods[i], i % 2 ? "/" : "/metrics", 405, &r);
		assert_non_null(header(&r, "Allow", v, sizeof(v)));
		assert_string_equal(v, "GET, HEAD");
		reply_done(&r);
	}
	Nlg_http_stop(h);
}

static void bad_addresses(void **state)
{
	(void)state;
	struct Nlg_http *h = start(), *h2 = NULL;
	char err[256] = "", want[64];
	unsigned port = Nlg_http_port(h);
	/* the port in use: an error naming the address and the port */
	int rc = Nlg_http_start(&h2, "127.0.0.1", port, err, sizeof(err));
	assert_int_equal(rc, -EADDRINUSE);
	assert_null(h2);
	snprintf(want, sizeof(want), "127.0.0.1 port %u", port);
	if (!strstr(err, want) || !strstr(err, "in use"))
		fail_msg("unclear error: %s", err);
	assert_null(strchr(err, '\n'));
	Nlg_http_stop(h);

	assert_int_equal(Nlg_http_start(&h2, "localhost", 0, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "localhost"));
	assert_int_equal(Nlg_http_start(&h2, "127.0.0.1", 70000, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "70000"));
	assert_int_equal(Nlg_http_start(&h2, "192.0.2.1", 0, err, sizeof(err)),
			 -EADDRNOTAVAIL);
	assert_null(h2);
	assert_int_equal(Nlg_http_publish(NULL, dup_text("x"), 1), -EINVAL);
	Nlg_http_stop(NULL);
}

static void ipv6_and_default(void **state)
{
	(void)state;
	struct Nlg_http *h = NULL;
	char err[256];
	struct reply r;
	int probe = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	bool v6 = probe >= 0 && bind(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (probe >= 0)
		close(probe);
	if (v6) {
		assert_int_equal(Nlg_http_start(&h, "[::1]", 0, err, sizeof(err)), 0);
		assert_int_equal(Nlg_http_publish(h, dup_text("v 6\n"), 4), 0);
		request_on(AF_INET6, Nlg_http_port(h), "GET", "/metrics", &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body, "v 6\n");
		reply_done(&r);
		Nlg_http_stop(h);
	}
	/* NULL means 127.0.0.1 */
	assert_int_equal(Nlg_http_start(&h, NULL, 0, err, sizeof(err)), 0);
	request(Nlg_http_port(h), "GET", "/", &r);
	assert_int_equal(r.status, 200);
	reply_done(&r);
	Nlg_http_stop(h);
	if (!v6)
		skip();
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A client that sends half a request and one that does not read a large
 * response hold nothing up; the large response, read after several
 * publishes replaced its text, arrives whole. */
static void slow_clients_and_republish(void **state)
{
	(void)state;
	struct Nlg_http *h = start();
	unsigned port = Nlg_http_port(h);
	size_t big = 8u << 20;
	char *text = malloc(big + 1);
	assert_non_null(text);
	for (size_t i = 0; i < big; i++)
		text[i] = (char)('a' + i % 26);
	text[big] = '\0';
	assert_int_equal(Nlg_http_publish(h, text, big), 0);

	int idle = connect_to(AF_INET, port);
	send_all(idle, "GET /metrics HTTP/1.1\r\nHost: x\r\n");
	int slow = connect_to(AF_INET, port);
	send_all(slow, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	struct pollfd pfd = { .fd = slow, .events = POLLIN };
	assert_int_equal(poll(&pfd, 1, 5000), 1);

	for (int i = 0; i < 20; i++) {
		char small[32];
		snprintf(small, sizeof(small), "n %d\n", i);
		assert_int_equal(Nlg_http_publish(h, dup_text(small), strlen(small)), 0);
	}
	double t0 = now_s();
	struct reply r;
	request(port, "GET", "/metrics", &r);
	assert_true(now_s() - t0 < 2.0);
	assert_string_equal(r.body, "n 19\n");
	reply_done(&r);

	size_t len;
	char *raw = read_all(slow, &len);
	parse_reply(raw, len, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, big);
	for (size_t i = 0; i < big; i++)
		if (r.body[i] != (char)('a' + i % 26))
			fail_msg("byte %zu of the large response changed", i);
	reply_done(&r);
	close(slow);
	close(idle);
	Nlg_http_stop(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(metrics_lifecycle),
		cmocka_unit_test(other_paths_and_methods),
		cmocka_unit_test(bad_addresses),
		cmocka_unit_test(ipv6_and_default),
		cmocka_unit_test(slow_clients_and_republish),
	};
	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
