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


/* One interface name's series: value = base + the current incarnation's
 * total. The first incarnation's base is 0, so the series is the kernel's
 * counter; a later one (the name re-created: its kernel counters start
 * from 0) starts from the last value of the one before. */
struct Nlg_prom_iface_mem {
	char name[64];
	const struct nlg_iface *inc;
	uint64_t first_seen_ns;
	uint64_t base[NCOUNTERS], value[NCOUNTERS];
	uint64_t gen;                /* render that last saw it */
};

static int by_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct Nlg_prom_iface_mem *)elem)->name);
}

static struct Nlg_prom_iface_mem *iface_find(struct Nlg_prom_ifaces *t, const char *name)
{
	return bsearch(name, t->v, t->n, sizeof(*t->v), by_name);
}

/* Adds a slot for name, keeping t->v sorted by name. Return: 0 or -ENOMEM. */
static int iface_add(struct Nlg_prom_ifaces *t, const char *name)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		struct Nlg_prom_iface_mem *v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(t->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&t->v[lo + 1], &t->v[lo], (t->n - lo) * sizeof(*t->v));
	memset(&t->v[lo], 0, sizeof(*t->v));
	snprintf(t->v[lo].name, sizeof(t->v[lo].name), "%s", name);
	t->n++;
	return 0;
}

/* Updates a present interface's series (the first incarnation's base is
 * 0; a later one continues from the last value). */
static void iface_update(struct Nlg_prom_iface_mem *m, const struct nlg_iface *it, uint64_t gen)
{
	bool known = m->gen != 0;
	bool same = known && m->inc == it && m->first_seen_ns == nlg_iface_first_seen_ns(it);
	for (size_t k = 0; k < NCOUNTERS; k++) {
		if (!known)
			m->base[k] = 0;
		else if (!same)
			m->base[k] = m->value[k];
		m->value[k] = m->base[k] + nlg_iface_total(it, iface_counters[k].c);
	}
	m->inc = it;
	m->first_seen_ns = nlg_iface_first_seen_ns(it);
	m->gen = gen;
}

struct gone_slot {
	uint64_t gen;
	size_t i;
};

static int older(const void *a, const void *b)
{
	const struct gone_slot *x = a, *y = b;
	if (x->gen != y->gen)
		return x->gen < y->gen ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Forgets the longest-gone names beyond NLG_PROM_GONE_MEMORY (an empty name marks a
 * slot to drop). Return: 0 or -ENOMEM. */
static int iface_forget(struct Nlg_prom_ifaces *t)
{
	size_t gone = 0, k = 0;
	for (size_t i = 0; i < t->n; i++)
		gone += t->v[i].gen != t->gen;
	if (gone <= NLG_PROM_GONE_MEMORY)
		return 0;
	struct gone_slot *g = malloc(gone * sizeof(*g));
	if (!g)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].gen != t->gen)
			g[k++] = (struct gone_slot){ t->v[i].gen, i };
	qsort(g, gone, sizeof(*g), older);
	for (size_t j = 0; j < gone - NLG_PROM_GONE_MEMORY; j++)
		t->v[g[j].i].name[0] = '\0';
	free(g);
	k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].name[0])
			t->v[k++] = t->v[i];
	t->n = k;
	return 0;
}

/* The interfaces exported: present ones, one per name. */
struct iface_view {
	const struct nlg_iface **it;
	struct Nlg_prom_iface_mem **mem;
	size_t n;
};

/* Interfaces of other namespaces stay out: their names repeat. */
static bool exported(const struct nlg_iface *it)
{
	return it && !nlg_iface_gone(it) && !nlg_iface_netns(it);
}

/* Slots for every present name first (adding moves slots), then the
 * updates, which point into the slots. */
static int iface_view(struct Nlg_prom_ifaces *t, const struct nlg_monitor *mon,
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
		if (exported(it) && !iface_find(t, nlg_iface_name(it)) &&
		    iface_add(t, nlg_iface_name(it)) < 0)
			return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		struct Nlg_prom_iface_mem *m = exported(it) ? iface_find(t, nlg_iface_name(it)) : NULL;
		if (!m || m->gen == t->gen)
			continue;  /* gone, or a second interface of one name */
		iface_update(m, it, t->gen);
		v->it[v->n] = it;
		v->mem[v->n++] = m;
	}
	return 0;
}

static void render_iface_counters(struct Nlg_prom_buf *b, const struct iface_view *v)
{
	char help[512];
	for (size_t k = 0; k < NCOUNTERS; k++) {
		snprintf(help, sizeof(help), "%s%s", iface_counters[k].help, COUNTER_NOTE);
		Nlg_prom_family(b, iface_counters[k].name, "counter", help);
		for (size_t i = 0; i < v->n; i++) {
			if (!nlg_iface_has_counter(v->it[i], iface_counters[k].c))
				continue;
			struct Nlg_prom_label l = { "interface", nlg_iface_name(v->it[i]) };
			Nlg_prom_sample_u64(b, iface_counters[k].name, &l, 1, v->mem[i]->value[k]);
		}
	}
}

static bool iface_up(const struct nlg_iface *it)
{
	unsigned want = NLG_IFF_UP | NLG_IFF_RUNNING;
	enum nlg_oper_state st = nlg_iface_oper_state(it);
	return st == NLG_OPER_UP || (st == NLG_OPER_UNKNOWN && (nlg_iface_flags(it) & want) == want);
}

static void render_iface_state(struct Nlg_prom_buf *b, const struct iface_view *v)
{
	Nlg_prom_family(b, "netledger_interface_up", "gauge",
			"1 when the interface is operationally up (or, its state unknown as "
			"loopback's is, up and running), else 0");
	for (size_t i = 0; i < v->n; i++) {
		struct Nlg_prom_label l = { "interface", nlg_iface_name(v->it[i]) };
		Nlg_prom_sample_u64(b, "netledger_interface_up", &l, 1, iface_up(v->it[i]));
	}
	Nlg_prom_family(b, "netledger_interface_info", "gauge",
			"Constant 1, labelled with the interface's type, driver kind and "
			"operational state");
	for (size_t i = 0; i < v->n; i++) {
		const struct nlg_iface *it = v->it[i];
		struct Nlg_prom_label l[] = {
			{ "interface", nlg_iface_name(it) },
			{ "type", nlg_iface_type_name(nlg_iface_type(it)) },
			{ "kind", nlg_iface_kind(it) },
			{ "oper_state", nlg_oper_state_name(nlg_iface_oper_state(it)) },
		};
		Nlg_prom_sample_u64(b, "netledger_interface_info", l, 4, 1);
	}
	Nlg_prom_family(b, "netledger_interface_speed_bytes", "gauge",
			"Link speed in bytes per second, where the driver reports it");
	for (size_t i = 0; i < v->n; i++) {
		uint64_t mbps = nlg_iface_speed_mbps(v->it[i]);
		struct Nlg_prom_label l = { "interface", nlg_iface_name(v->it[i]) };
		if (mbps)
			Nlg_prom_sample_u64(b, "netledger_interface_speed_bytes", &l, 1,
					    mbps * 1000000 / 8);
	}
}

void Nlg_prom_ifaces_init(struct Nlg_prom_ifaces *t)
{
	memset(t, 0, sizeof(*t));
}

void Nlg_prom_ifaces_done(struct Nlg_prom_ifaces *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int Nlg_prom_ifaces_render(struct Nlg_prom_ifaces *t, const struct nlg_monitor *mon,
			   struct Nlg_prom_buf *b)
{
	struct iface_view v = { 0 };
	t->gen++;
	int err = iface_view(t, mon, &v);
	if (!err) {
		render_iface_counters(b, &v);
		render_iface_state(b, &v);
		err = iface_forget(t);
	}
	free(v.it);
	free(v.mem);
	return err;
}
