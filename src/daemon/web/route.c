/* SPDX-License-Identifier: MIT */
/* route.c - which handler answers a request: the page and its files,
 * or one API resource. Only GET and HEAD are served. */
#include <errno.h>
#include <string.h>

#include "daemon/web/web_int.h"

/* Scripts and styles only from this origin and never inline; nothing
 * framed, no forms, no base tag; data only from here. */
const char *const Nlg_web_headers[] = {
	"Content-Security-Policy",
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options", "nosniff",
	"Referrer-Policy", "no-referrer",
	"Cross-Origin-Resource-Policy", "same-origin",
	NULL,
};

static const struct {
	const char *name;
	web_handler fn;
} api[] = {
	{ "ranges", web_api_ranges },
	{ "series", web_api_series },
	{ "apps", web_api_apps },
	{ "live", web_api_live },
};

static void text(struct Nlg_web_resp *out, unsigned status, const char *body)
{
	*out = (struct Nlg_web_resp){ .status = status, .type = "text/plain; charset=utf-8",
				      .body = body, .len = strlen(body) };
}

static int serve_asset(const char *path, struct Nlg_web_resp *out)
{
	const struct web_asset *a = web_asset_find(!strcmp(path, "/") ? "/index.html" : path);
	if (!a || !strcmp(path, "/index.html")) {
		text(out, 404, "not found\n");
		return 0;
	}
	*out = (struct Nlg_web_resp){ .status = 200, .type = a->type, .body = (const char *)a->data,
				      .len = a->len, .cacheable = strcmp(path, "/") != 0 };
	return 0;
}

int Nlg_web_handle(struct Nlg_web *w, const char *method, const char *path,
		   const struct Nlg_web_arg *args, size_t nargs, struct Nlg_web_resp *out)
{
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		text(out, 405, "method not allowed\n");
		out->allow = "GET, HEAD";
		return 0;
	}
	static const char prefix[] = "/api/v1/";
	if (strncmp(path, prefix, sizeof(prefix) - 1))
		return serve_asset(path, out);
	const char *name = path + sizeof(prefix) - 1;
	for (size_t i = 0; i < sizeof(api) / sizeof(api[0]); i++)
		if (!strcmp(name, api[i].name))
			return api[i].fn(w, args, nargs, out);
	return web_error(out, 404, "no such resource (ranges, series, apps, live)");
}
