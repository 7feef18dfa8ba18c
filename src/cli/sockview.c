/* SPDX-License-Identifier: MIT */
/* sockview.c - what conns, apps and watch share: a socket monitor, the
 * one-time notice of what cannot be seen, and endpoint text. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/json_out.h"
#include "cli/sockview.h"
#include "cli/opts.h"

char *Nlg_sockview_netns_line(const struct nlg_monitor *mon, char *buf, size_t size)
{
	const char *spec = Nlg_sockview_netns();
	if (!strcmp(spec, "all"))
		snprintf(buf, size, "network namespaces: all (%zu)", nlg_monitor_netns_count(mon));
	else
		snprintf(buf, size, "network namespace: %s", spec);
	return buf;
}

int Nlg_sockview_sample(struct nlg_monitor *mon)
{
	int err = nlg_monitor_sample(mon);
	if (err < 0) {
		const char *detail = nlg_monitor_errmsg(mon);
		Nlg_cli_error("cannot read sockets: %s", detail[0] ? detail : nlg_strerror(err));
	}
	return err;
}

static void notice(const struct nlg_monitor *mon)
{
	/* A reason is given only where the platform has the counter (Linux):
	 * elsewhere UDP bytes come from other sources, or the notes say. */
	if (nlg_monitor_ebpf_status(mon)[0])
		Nlg_cli_error("note: no eBPF socket counter (%s): UDP bytes are unknown",
			      nlg_monitor_ebpf_status(mon));
	for (size_t i = 0; i < nlg_monitor_note_count(mon); i++)
		Nlg_cli_error("note: %s", nlg_monitor_note_at(mon, i));
}

char *Nlg_sockview_limits(const struct nlg_monitor *mon, char *buf, size_t size)
{
	const char *parts[3];
	size_t n = 0, used = 0;
	if (geteuid() != 0)
		parts[n++] = "processes of other users' sockets (not root)";
	if (!nlg_monitor_closures_visible(mon))
		parts[n++] = "connections opened and closed between samples (needs CAP_NET_ADMIN)";
	if (nlg_monitor_ebpf_status(mon)[0])
		parts[n++] = "UDP bytes (no eBPF socket counter)";
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? "; " : "not visible: ", parts[i]);
		used += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

/* NETLEDGER_SAMPLING=full makes every sample a full dump (to compare with
 * the incremental view); NETLEDGER_RECONCILE_S sets the check's period. */
static void sampling_from_env(struct nlg_monitor *mon)
{
	const char *mode = getenv("NETLEDGER_SAMPLING");
	const char *period = getenv("NETLEDGER_RECONCILE_S");
	unsigned long s = period ? strtoul(period, NULL, 10) : 0;
	nlg_monitor_set_sampling(mon, mode && !strcmp(mode, "full") ? NLG_SAMPLING_FULL
								   : NLG_SAMPLING_AUTO,
				 s * 1000000000ull);
}

struct nlg_monitor *Nlg_sockview_open(enum nlg_ebpf_mode mode)
{
	struct nlg_monitor *mon = nlg_monitor_new();
	if (!mon) {
		Nlg_cli_error("out of memory");
		return NULL;
	}
	nlg_monitor_set_watch(mon, NLG_WATCH_INTERFACES | NLG_WATCH_SOCKETS);
	nlg_monitor_set_ebpf(mon, mode);
	sampling_from_env(mon);
	nlg_monitor_set_netns(mon, Nlg_sockview_netns());
	if (Nlg_sockview_sample(mon) < 0) {
		nlg_monitor_free(mon);
		return NULL;
	}
	return mon;
}

struct nlg_monitor *Nlg_sockview_start(enum nlg_ebpf_mode mode)
{
	struct nlg_monitor *mon = Nlg_sockview_open(mode);
	if (mon)
		notice(mon);
	return mon;
}

int Nlg_sockview_begin(const struct Nlg_cmd_opts *cmd, int argc, char **argv, void *opts,
		       const bool *json, const enum nlg_ebpf_mode *ebpf, struct nlg_monitor **mon)
{
	int r = Nlg_opts_parse(cmd, argc, argv, opts);
	if (r != NLG_OPTS_GO)
		return r;
	if (*json && Nlg_cli_json_usable() < 0)
		return NLG_EXIT_UNSUPPORTED;
	*mon = Nlg_sockview_start(*ebpf);
	return *mon ? NLG_OPTS_GO : NLG_EXIT_RUNTIME;
}

char *Nlg_endpoint_str(const struct nlg_endpoint *ep, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	if (ep->family != AF_INET && ep->family != AF_INET6) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (!inet_ntop(ep->family, ep->addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	if (ep->family == AF_INET6)
		snprintf(buf, size, "[%s]:%u", a, ep->port);
	else
		snprintf(buf, size, "%s:%u", a, ep->port);
	return buf;
}

char *Nlg_owner_str(const struct nlg_conn *c, char *buf, size_t size)
{
	enum nlg_owner_why why;
	const struct nlg_proc *p = nlg_conn_proc(c, &why);
	const struct nlg_app *a = nlg_conn_app(c);
	if (p)
		snprintf(buf, size, "%d %s", nlg_proc_pid(p), nlg_proc_name(p));
	else if (a && nlg_app_kind(a) != NLG_APP_UNATTRIBUTED)
		snprintf(buf, size, "- %s (%s)", nlg_app_name(a), nlg_owner_why_text(why));
	else
		snprintf(buf, size, "- (%s)", nlg_owner_why_text(why));
	return buf;
}

char *Nlg_netns_str(const struct nlg_conn *c, char *buf, size_t size)
{
	if (nlg_conn_netns_name(c)[0])
		snprintf(buf, size, "%s", nlg_conn_netns_name(c));
	else if (nlg_conn_netns(c))
		snprintf(buf, size, "%llu", (unsigned long long)nlg_conn_netns(c));
	else
		snprintf(buf, size, "-");
	return buf;
}

const char *Nlg_proto_str(const struct nlg_conn *c)
{
	bool v6 = nlg_conn_local(c)->family == AF_INET6;
	if (nlg_conn_proto(c) == IPPROTO_TCP)
		return v6 ? "tcp6" : "tcp";
	if (nlg_conn_proto(c) == IPPROTO_UDP)
		return v6 ? "udp6" : "udp";
	return nlg_conn_proto_label(c);
}
