/* SPDX-License-Identifier: MIT */
/* json.h - JSON views of library objects, shared by the CLI and daemon. */
#ifndef NLG_EXPORT_JSON_H
#define NLG_EXPORT_JSON_H

#include <json-c/json.h>

#include "netledger.h"

/* Schema version of every JSON document netledger writes. */
#define NLG_JSON_VERSION 1

/* Return: a new JSON object describing the interface, or NULL when out of
 * memory. The caller owns it (json_object_put). */
struct json_object *Nlg_json_iface(const struct nlg_iface *iface);

/* Return: a new JSON object of the interface's pf counters by family,
 * direction and action (see netledger(1)), or NULL when out of memory. */
struct json_object *Nlg_json_pf(const struct nlg_iface *iface);

/* Return: a new JSON object of a present wireless interface's link
 * (fields unknown are null), or NULL. */
struct json_object *Nlg_json_wifi(const struct nlg_iface *iface);

/* Return: a new JSON object {"physical": T, "all": T} of the machine's
 * totals, each T {"interfaces", "total", "since_start", "rate"}, or NULL. */
struct json_object *Nlg_json_totals(const struct nlg_monitor *mon);

/* Return: a new JSON object {"version", "time", "interval_s", "source",
 * "lost_link_events"} to which the caller adds its arrays, or NULL. */
struct json_object *Nlg_json_sample(const struct nlg_monitor *mon);

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

/* Writes addr in text form (inet_ntop) into buf of size >= 46.
 * Return: buf. */
char *Nlg_addr_str(const struct nlg_addr *addr, char *buf, size_t size);

#endif
