/* SPDX-License-Identifier: MIT */
/* json_account.c - the JSON form of an account's totals, rows and notes
 * (the document of netledger run --json, schema in man/netledger-run.schema.json). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

#include "export/json.h"

/* Return: 0, or -1 when v is NULL or cannot be added (v is put). */
static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (v && json_object_object_add(o, key, v) == 0)
		return 0;
	json_object_put(v);
	return -1;
}

static int add_u64(struct json_object *o, const char *key, uint64_t v)
{
	return add(o, key, json_object_new_uint64(v));
}

/* Bytes where they are known, else null: never a made-up zero. */
static int add_bytes(struct json_object *o, const struct nlg_account_row *r)
{
	if (!r->bytes_known)
		return json_object_object_add(o, "rx_bytes", NULL) ||
		       json_object_object_add(o, "tx_bytes", NULL);
	return add_u64(o, "rx_bytes", r->rx_bytes) || add_u64(o, "tx_bytes", r->tx_bytes);
}

static struct json_object *row(const struct nlg_account_row *r, int kind)
{
	char buf[INET6_ADDRSTRLEN];
	struct json_object *o = json_object_new_object();
	int err = !o;
	if (!err && kind != 2)
		err = add(o, "protocol", Nlg_json_text(nlg_proto_name(r->proto)));
	if (!err && kind == 1) {
		bool known = (r->remote.family == AF_INET || r->remote.family == AF_INET6) &&
			     inet_ntop(r->remote.family, r->remote.addr, buf, sizeof(buf));
		err = known ? add(o, "address", Nlg_json_text(buf)) ||
				      add(o, "port", json_object_new_int(r->remote.port))
			    : json_object_object_add(o, "address", NULL) ||
				      json_object_object_add(o, "port", NULL);
	}
	if (!err && kind == 2)
		err = add(o, "name", Nlg_json_text(r->name[0] ? r->name : "?"));
	err = err || add_u64(o, "sockets", r->sockets) || add_bytes(o, r) ||
	      add(o, "bytes_known", json_object_new_boolean(r->bytes_known));
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int add_rows(struct json_object *doc, const char *key, const struct nlg_account *a,
		    size_t n, const struct nlg_account_row *(*at)(const struct nlg_account *, size_t),
		    int kind)
{
	struct json_object *arr = json_object_new_array();
	if (add(doc, key, arr) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = row(at(a, i), kind);
		if (!r || json_object_array_add(arr, r) < 0) {
			json_object_put(r);
			return -1;
		}
	}
	return 0;
}

static int add_notes(struct json_object *doc, const struct nlg_account *a)
{
	struct json_object *arr = json_object_new_array();
	if (add(doc, "missing", arr) < 0)
		return -1;
	for (size_t i = 0; i < nlg_account_note_count(a); i++)
		if (json_object_array_add(arr, Nlg_json_text(nlg_account_note_at(a, i))) < 0)
			return -1;
	return 0;
}

static int add_totals(struct json_object *doc, const struct nlg_account_totals *t)
{
	double s = (double)t->elapsed_ns / 1e9;
	struct json_object *rates = json_object_new_object();
	int err = add(doc, "exact", json_object_new_boolean(t->exact)) ||
		  add(doc, "bytes", Nlg_json_text(t->ip_bytes ? "ip" : "tcp-payload")) ||
		  add_u64(doc, "rx_bytes", t->rx_bytes) || add_u64(doc, "tx_bytes", t->tx_bytes);
	if (!err && t->ip_bytes)
		err = add_u64(doc, "rx_packets", t->rx_packets) ||
		      add_u64(doc, "tx_packets", t->tx_packets);
	else if (!err)
		err = json_object_object_add(doc, "rx_packets", NULL) ||
		      json_object_object_add(doc, "tx_packets", NULL);
	err = err || add_u64(doc, "tcp_rx_payload_bytes", t->tcp_rx_payload) ||
	      add_u64(doc, "tcp_tx_payload_bytes", t->tcp_tx_payload) ||
	      add_u64(doc, "sockets", t->sockets) || add(doc, "rates", rates);
	rates = err ? NULL : rates;
	return err || add(rates, "rx_average", json_object_new_double(s > 0 ? (double)t->rx_bytes / s : 0)) ||
	       add(rates, "tx_average", json_object_new_double(s > 0 ? (double)t->tx_bytes / s : 0)) ||
	       add(rates, "rx_peak", json_object_new_double(t->rx_peak)) ||
	       add(rates, "tx_peak", json_object_new_double(t->tx_peak)) ? -1 : 0;
}

struct json_object *Nlg_json_account(const struct nlg_account *a)
{
	struct nlg_account_totals t;
	struct json_object *doc = json_object_new_object();
	const char *cg = nlg_account_cgroup(a);
	if (!doc || nlg_account_totals(a, &t) < 0)
		goto fail;
	if (add(doc, "version", json_object_new_int(NLG_JSON_VERSION)) ||
	    add(doc, "scope", Nlg_json_text(cg[0] ? "cgroup" : "process-tree")) ||
	    (cg[0] ? add(doc, "cgroup", Nlg_json_text(cg))
		   : json_object_object_add(doc, "cgroup", NULL)) ||
	    add_totals(doc, &t) || add_notes(doc, a) ||
	    add_rows(doc, "protocols", a, nlg_account_proto_count(a), nlg_account_proto_at, 0) ||
	    add_rows(doc, "hosts", a, nlg_account_host_count(a), nlg_account_host_at, 1) ||
	    add_rows(doc, "processes", a, nlg_account_proc_count(a), nlg_account_proc_at, 2))
		goto fail;
	return doc;
fail:
	json_object_put(doc);
	return NULL;
}
