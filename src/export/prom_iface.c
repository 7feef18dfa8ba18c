/* SPDX-License-Identifier: MIT */
/* prom_iface.c - interface series that never decrease, also across an
 * interface re-created under the same name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/prom_int.h"

/* Interface counters exported, and how. */
static const struct {
	enum nlg_counter c;
	const char *name, *help;
} iface_counters[] = {
	{ NLG_RX_BYTES, "netledger_interface_receive_bytes_total",
	  "Bytes received on the interface, headers included, as the kernel counts them" },
	{ NLG_TX_BYTES, "netledger_interface_transmit_bytes_total",
	  "Bytes transmitted on the interface, headers included, as the kernel counts them" },
	{ NLG_RX_PACKETS, "netledger_interface_receive_packets_total",
	  "Packets received on the interface" },
	{ NLG_TX_PACKETS, "netledger_interface_transmit_packets_total",
	  "Packets transmitted on the interface" },
	{ NLG_RX_ERRORS, "netledger_interface_receive_errors_total",
	  "Receive errors on the interface" },
	{ NLG_TX_ERRORS, "netledger_interface_transmit_errors_total",
	  "Transmit errors on the interface" },
	{ NLG_RX_DROPPED, "netledger_interface_receive_drops_total",
	  "Received packets dropped on the interface" },
	{ NLG_TX_DROPPED, "netledger_interface_transmit_drops_total",
	  "Packets dropped on the interface before transmission" },
};
#define NCOUNTERS (sizeof(iface_counters) / sizeof(iface_counters[0]))

#define COUNTER_NOTE "; never decreases while the process runs (wraps and resets absorbed, " \
	"a re-created interface continues its series)"

/* Interface names remembered at most, gone ones included; beyond that the
 * longest gone is forgotten. */
#define IFACE_MEMORY 1024

/* One interface name's series: value = base + the current incarnation's
 * total. The first incarnation's base is 0, so the series is the kernel's
 * counter; a later one (the name re-created: its kernel counters start
 * from 0) starts from the last value of the one before. */
struct nlg_prom_iface_mem {
	char name[64];
	const struct nlg_iface *inc;
	uint64_t first_seen_ns;
	uint64_t base[NCOUNTERS], value[NCOUNTERS];
	uint64_t gen;                /* render that last saw it */
};

static struct nlg_prom_iface_mem *iface_slot(struct nlg_prom_ifaces *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].name, name))
			return &p->v[i];
	if (p->n < IFACE_MEMORY)
		return &p->v[p->n++];
	struct nlg_prom_iface_mem *old = &p->v[0];
	for (size_t i = 1; i < p->n; i++)
		if (p->v[i].gen < old->gen)
			old = &p->v[i];
	/* Full of names seen in this very render: no slot to give. */
	return old->gen == p->gen ? NULL : old;
}

/* Return: the remembered series of a present interface, updated. */
static struct nlg_prom_iface_mem *iface_update(struct nlg_prom_ifaces *p, const struct nlg_iface *it)
{
	const char *name = nlg_iface_name(it);
	struct nlg_prom_iface_mem *m = iface_slot(p, name);
	if (!m)
		return NULL;
	bool known = !strcmp(m->name, name) && m->gen;
	bool same = known && m->inc == it && m->first_seen_ns == nlg_iface_first_seen_ns(it);
	for (size_t k = 0; k < NCOUNTERS; k++) {
		if (!known)
			m->base[k] = 0;
		else if (!same)
			m->base[k] = m->value[k];
		m->value[k] = m->base[k] + nlg_iface_total(it, iface_counters[k].c);
	}
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->inc = it;
	m->first_seen_ns = nlg_iface_first_seen_ns(it);
	m->gen = p->gen;
	return m;
}

/* The interfaces exported: present ones, one per name. */
struct iface_view {
	const struct nlg_iface **it;
	struct nlg_prom_iface_mem **mem;
	size_t n;
};

static bool listed(const struct iface_view *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(nlg_iface_name(v->it[i]), name))
			return true;
	return false;
}

static int iface_view(struct nlg_prom_ifaces *p, const struct nlg_monitor *mon,
		      struct iface_view *v)
{
	size_t n = nlg_iface_count(mon);
	v->n = 0;
	v->it = calloc(n ? n : 1, sizeof(*v->it));
	v->mem = calloc(n ? n : 1, sizeof(*v->mem));
	if (!v->it || !v->mem)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		if (!it || nlg_iface_gone(it) || listed(v, nlg_iface_name(it)))
			continue;
		struct nlg_prom_iface_mem *m = iface_update(p, it);
		if (!m)
			continue;
		v->it[v->n] = it;
		v->mem[v->n++] = m;
	}
	return 0;
}

static void render_iface_counters(struct nlg_prom_buf *b, const struct iface_view *v)
{
	char help[512];
	for (size_t k = 0; k < NCOUNTERS; k++) {
		snprintf(help, sizeof(help), "%s%s", iface_counters[k].help, COUNTER_NOTE);
		nlg_prom_family(b, iface_counters[k].name, "counter", help);
		for (size_t i = 0; i < v->n; i++) {
			if (!nlg_iface_has_counter(v->it[i], iface_counters[k].c))
				continue;
			struct nlg_prom_label l = { "interface", nlg_iface_name(v->it[i]) };
			nlg_prom_sample_u64(b, iface_counters[k].name, &l, 1, v->mem[i]->value[k]);
		}
	}
}

static bool iface_up(const struct nlg_iface *it)
{
	unsigned want = NLG_IFF_UP | NLG_IFF_RUNNING;
	enum nlg_oper_state st = nlg_iface_oper_state(it);
	return st == NLG_OPER_UP || (st == NLG_OPER_UNKNOWN && (nlg_iface_flags(it) & want) == want);
}

static void render_iface_state(struct nlg_prom_buf *b, const struct iface_view *v)
{
	nlg_prom_family(b, "netledger_interface_up", "gauge",
			"1 when the interface is operationally up (or, its state unknown as "
			"loopback's is, up and running), else 0");
	for (size_t i = 0; i < v->n; i++) {
		struct nlg_prom_label l = { "interface", nlg_iface_name(v->it[i]) };
		nlg_prom_sample_u64(b, "netledger_interface_up", &l, 1, iface_up(v->it[i]));
	}
	nlg_prom_family(b, "netledger_interface_info", "gauge",
			"Constant 1, labelled with the interface's type, driver kind and "
			"operational state");
	for (size_t i = 0; i < v->n; i++) {
		const struct nlg_iface *it = v->it[i];
		struct nlg_prom_label l[] = {
			{ "interface", nlg_iface_name(it) },
			{ "type", nlg_iface_type_name(nlg_iface_type(it)) },
			{ "kind", nlg_iface_kind(it) },
			{ "oper_state", nlg_oper_state_name(nlg_iface_oper_state(it)) },
		};
		nlg_prom_sample_u64(b, "netledger_interface_info", l, 4, 1);
	}
	nlg_prom_family(b, "netledger_interface_speed_bytes", "gauge",
			"Link speed in bytes per second, where the driver reports it");
	for (size_t i = 0; i < v->n; i++) {
		uint64_t mbps = nlg_iface_speed_mbps(v->it[i]);
		struct nlg_prom_label l = { "interface", nlg_iface_name(v->it[i]) };
		if (mbps)
			nlg_prom_sample_u64(b, "netledger_interface_speed_bytes", &l, 1,
					    mbps * 1000000 / 8);
	}
}

int nlg_prom_ifaces_init(struct nlg_prom_ifaces *t)
{
	memset(t, 0, sizeof(*t));
	t->v = calloc(IFACE_MEMORY, sizeof(*t->v));
	return t->v ? 0 : -ENOMEM;
}

void nlg_prom_ifaces_done(struct nlg_prom_ifaces *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int nlg_prom_ifaces_render(struct nlg_prom_ifaces *t, const struct nlg_monitor *mon,
			   struct nlg_prom_buf *b)
{
	struct iface_view v = { 0 };
	t->gen++;
	int err = iface_view(t, mon, &v);
	if (!err) {
		render_iface_counters(b, &v);
		render_iface_state(b, &v);
	}
	free(v.it);
	free(v.mem);
	return err;
}
