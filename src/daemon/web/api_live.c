/* SPDX-License-Identifier: MIT */
/* api_live.c - GET /api/v1/live: the rates of the daemon's last sample,
 * rendered by the sampling thread; answering only takes a reference. */
#include "daemon/web/web_int.h"

int web_api_live(struct Nlg_web *w, const struct Nlg_web_arg *a, size_t n,
		 struct Nlg_web_resp *out)
{
	static const char *const allowed[] = { NULL };
	char err[300];
	if (web_args_check(a, n, allowed, err, sizeof(err)) < 0)
		return web_error(out, 400, "%s", err);
	struct Nlg_snap *s = Nlg_snap_get(&w->live);
	if (!s)
		return web_error(out, 503, "no sample taken yet");
	*out = (struct Nlg_web_resp){ .status = 200, .type = "application/json; charset=utf-8",
				      .body = s->text, .len = s->len, .release = Nlg_snap_unref,
				      .release_cls = s };
	return 0;
}
