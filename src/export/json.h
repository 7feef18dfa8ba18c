/* SPDX-License-Identifier: MIT */
/* json.h - JSON views of library objects, shared by the CLI and daemon. */
#ifndef NLG_EXPORT_JSON_H
#define NLG_EXPORT_JSON_H

#include <json-c/json.h>

#include "netledger.h"
#include "export/json_stream.h"

/* Schema version of every JSON document netledger writes. */
#define NLG_JSON_VERSION 1

/* The streamed views, written as one value into js (json_stream.h): an
 * interface; its pf counters by family, direction and action (see
 * netledger(1)); a present wireless interface's link (fields unknown are
 * null); the machine's totals {"physical": T, "all": T}, each T
 * {"interfaces", "total", "since_start", "rate"}. */
void Nlg_json_iface(struct Nlg_js *js, const struct nlg_iface *iface);
void Nlg_json_pf(struct Nlg_js *js, const struct nlg_iface *iface);
void Nlg_json_wifi(struct Nlg_js *js, const struct nlg_iface *iface);
void Nlg_json_totals(struct Nlg_js *js, const struct nlg_monitor *mon);

/* Writes the members "version", "time", "interval_s", "source",
 * "lost_link_events" (and "ebpf" where asked for) into the object open in
 * js, to which the caller adds its arrays. */
void Nlg_json_sample(struct Nlg_js *js, const struct nlg_monitor *mon);

/* Return: new JSON objects (or NULL when out of memory) for a connection,
 * a process, an app, and the attribution of an interval. UDP byte fields
 * are null: the kernel keeps none, and none is invented. */
struct json_object *Nlg_json_conn(const struct nlg_conn *c);
struct json_object *Nlg_json_proc(const struct nlg_proc *p);
struct json_object *Nlg_json_app(const struct nlg_app *a);
struct json_object *Nlg_json_attribution(const struct nlg_attribution *a, bool closures,
					 uint64_t lost);

/* Return: a new JSON object of an account's totals, rates, notes
 * ("missing"), and rows per protocol, host and process, or NULL when out
 * of memory; the caller adds what it knows of the command. */
struct json_object *Nlg_json_account(const struct nlg_account *a);

/* Return: a new json-c string of s made valid UTF-8 (each byte that is
 * not part of UTF-8 as the text \xHH, see json_stream.h), or NULL when
 * out of memory. Every string that may hold a name another user chose
 * goes into a json-c document through it. */
struct json_object *Nlg_json_text(const char *s);

/* Writes addr in text form (inet_ntop) into buf of size >= 46.
 * Return: buf. */
char *Nlg_addr_str(const struct nlg_addr *addr, char *buf, size_t size);

#endif
