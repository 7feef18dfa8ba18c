/* SPDX-License-Identifier: MIT */
/* json_out.c - the commands' --json output: documents that grow with the
 * links or connections are streamed (export/json_stream.h), their elements
 * and the small documents are built with json-c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/json_out.h"
#include "export/json.h"

int Nlg_cli_json_print(struct json_object *doc, int built_ok)
{
	if (doc && built_ok)
		puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
	if (doc && built_ok)
		return 0;
	Nlg_cli_error("out of memory while writing JSON");
	return -1;
}

int Nlg_cli_json_usable(void)
{
	return 0;
}

/* Starts a sample document on stdout whose next member is the array key. */
static void sample_start(struct Nlg_js *js, const struct nlg_monitor *mon, const char *key)
{
	Nlg_js_init(js, stdout, 0);
	Nlg_js_obj_open(js);
	Nlg_json_sample(js, mon);
	Nlg_js_key(js, key);
	Nlg_js_arr_open(js);
}

/* Ends a streamed document and its line. Return: 0, or -1 after saying why. */
static int stream_end(struct Nlg_js *js)
{
	Nlg_js_obj_close(js);
	int err = Nlg_js_done(js);
	if (err == 0 && putchar('\n') == EOF)
		err = -EIO;
	if (err == 0)
		return 0;
	Nlg_cli_error("%s while writing JSON", err == -ENOMEM ? "out of memory" :
		      err == -EIO ? strerror(errno) : "a bad document");
	return -1;
}

/* Writes one element built with json-c into the stream and releases it.
 * Return: 0, or -1 when v is NULL (out of memory). */
static int append(struct Nlg_js *js, struct json_object *v)
{
	if (!v)
		return -1;
	Nlg_js_raw(js, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(v);
	return 0;
}

/* The interfaces are streamed: the document grows with their number and
 * a tree of it costs more than reading them. */
int Nlg_cli_json_ifaces(const struct nlg_monitor *mon, const char *only)
{
	struct Nlg_js js;
	sample_start(&js, mon, "interfaces");
	for (size_t i = 0; i < nlg_iface_count(mon); i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		if (!only || !strcmp(only, nlg_iface_name(it)))
			Nlg_json_iface(&js, it);
	}
	Nlg_js_arr_close(&js);
	Nlg_js_key(&js, "total");
	Nlg_json_totals(&js, mon);
	return stream_end(&js);
}

/* One connection's tree at a time, written as it is made. */
int Nlg_cli_json_conns(const struct nlg_monitor *mon, Nlg_cli_conn_filter keep,
		       const void *ctx)
{
	struct Nlg_js js;
	int err = 0;
	sample_start(&js, mon, "connections");
	for (size_t i = 0; !err && i < nlg_conn_count(mon); i++) {
		const struct nlg_conn *c = nlg_conn_at(mon, i);
		if (keep(ctx, c))
			err = append(&js, Nlg_json_conn(c));
	}
	Nlg_js_arr_close(&js);
	Nlg_js_kbool(&js, "closures_visible", nlg_monitor_closures_visible(mon));
	if (err)
		Nlg_js_fail(&js, -ENOMEM);
	return stream_end(&js);
}

static struct json_object *group(const struct Nlg_cli_group *r)
{
	struct json_object *j = json_object_new_object();
	int err = !j || json_object_object_add(j, "name", Nlg_json_text(r->name)) ||
		  json_object_object_add(j, "kind", Nlg_json_text(r->kind)) ||
		  json_object_object_add(j, "processes", json_object_new_int64((int64_t)r->procs)) ||
		  json_object_object_add(j, "connections", json_object_new_int64((int64_t)r->conns)) ||
		  json_object_object_add(j, "rx_bytes", json_object_new_uint64(r->rx)) ||
		  json_object_object_add(j, "tx_bytes", json_object_new_uint64(r->tx)) ||
		  json_object_object_add(j, "rx_rate", json_object_new_double(r->rx_rate)) ||
		  json_object_object_add(j, "tx_rate", json_object_new_double(r->tx_rate)) ||
		  json_object_object_add(j, "has_unknown_bytes", json_object_new_boolean(r->unknown)) ||
		  (r->key && json_object_object_add(j, "key", Nlg_json_text(r->key)));
	if (!err && r->app)
		err = json_object_object_add(j, "tcp_payload_rx_bytes",
					     json_object_new_uint64(nlg_app_tcp_payload_rx(r->app))) ||
		      json_object_object_add(j, "tcp_payload_tx_bytes",
					     json_object_new_uint64(nlg_app_tcp_payload_tx(r->app))) ||
		      json_object_object_add(j, "udp_ip_rx_bytes",
					     json_object_new_uint64(nlg_app_udp_ip_rx(r->app))) ||
		      json_object_object_add(j, "udp_ip_tx_bytes",
					     json_object_new_uint64(nlg_app_udp_ip_tx(r->app)));
	if (err) {
		json_object_put(j);
		return NULL;
	}
	return j;
}

int Nlg_cli_json_groups(const struct nlg_monitor *mon, const struct Nlg_cli_group *rows,
			size_t n, bool with_procs)
{
	struct nlg_attribution at;
	struct Nlg_js js;
	int err = 0;
	sample_start(&js, mon, "groups");
	for (size_t i = 0; !err && i < n; i++)
		err = append(&js, group(&rows[i]));
	Nlg_js_arr_close(&js);
	if (!err && with_procs) {
		Nlg_js_key(&js, "processes");
		Nlg_js_arr_open(&js);
		for (size_t i = 0; !err && i < nlg_proc_count(mon); i++)
			err = append(&js, Nlg_json_proc(nlg_proc_at(mon, i)));
		Nlg_js_arr_close(&js);
	}
	if (!err && nlg_monitor_attribution(mon, &at) == 0) {
		Nlg_js_key(&js, "attribution");
		err = append(&js, Nlg_json_attribution(&at, nlg_monitor_closures_visible(mon),
						       nlg_monitor_lost_sock_events(mon)));
	}
	if (err)
		Nlg_js_fail(&js, -ENOMEM);
	return stream_end(&js);
}

/* Byte deltas are null where the kernel keeps no counts (UDP). */
int Nlg_cli_json_event(const struct nlg_event *ev, const char *type, const char *when)
{
	struct json_object *o = json_object_new_object();
	bool known = nlg_conn_has_bytes(ev->conn);
	int ok = o && !json_object_object_add(o, "time", Nlg_json_text(when)) &&
		 !json_object_object_add(o, "event", Nlg_json_text(type)) &&
		 !json_object_object_add(o, "rx_delta", known ? json_object_new_uint64(ev->rx_delta) : NULL) &&
		 !json_object_object_add(o, "tx_delta", known ? json_object_new_uint64(ev->tx_delta) : NULL);
	struct json_object *conn = ok ? Nlg_json_conn(ev->conn) : NULL;
	ok = conn && !json_object_object_add(o, "connection", conn);
	if (!ok && conn)
		json_object_put(conn); /* the failed add did not take it */
	return Nlg_cli_json_print(o, ok);
}

int Nlg_cli_json_lost(uint64_t lost, const char *when)
{
	struct json_object *j = json_object_new_object();
	int ok = j && !json_object_object_add(j, "time", Nlg_json_text(when)) &&
		 !json_object_object_add(j, "event", Nlg_json_text("lost")) &&
		 !json_object_object_add(j, "lost_close_events", json_object_new_uint64(lost));
	return Nlg_cli_json_print(j, ok);
}
