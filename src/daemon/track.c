/* SPDX-License-Identifier: MIT */
/* track.c - per-sample deltas of interfaces and apps, and continuity of
 * interface counters across restarts of the daemon. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon.h"

struct Nlgd_seen *Nlgd_seen_get(struct Nlgd_seen_set *s, const char *name, size_t hint,
				bool *added)
{
	*added = false;
	/* The monitor lists objects in a stable order: the hint is usually
	 * right, and the search is for what changed. */
	if (hint < s->n && !strcmp(s->v[hint].name, name))
		return &s->v[hint];
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].name, name))
			continue;
		/* Moved (the monitor dropped an app and filled its place): put
		 * it where the hint will find it next time. */
		if (hint < s->n) {
			struct Nlgd_seen tmp = s->v[hint];
			s->v[hint] = s->v[i];
			s->v[i] = tmp;
			return &s->v[hint];
		}
		return &s->v[i];
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct Nlgd_seen *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		s->v = v;
		s->cap = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return NULL;
	s->v[s->n] = (struct Nlgd_seen){ .name = copy };
	*added = true;
	return &s->v[s->n++];
}

void Nlgd_seen_drop_absent(struct Nlgd_seen_set *s)
{
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].present)
			s->v[k++] = s->v[i];
		else
			free(s->v[i].name);
	}
	s->n = k;
}

void Nlgd_seen_free(struct Nlgd_seen_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	*s = (struct Nlgd_seen_set){ 0 };
}

/* The increase from a previous reading; a decrease is a reset, after
 * which the counter counted up from zero. */
static uint64_t since(uint64_t prev, uint64_t cur)
{
	return cur >= prev ? cur - prev : cur;
}

/* Baseline of an interface the daemon has not seen in this run. */
static void continue_from_store(struct Nlgd_tracker *tr, struct Nlg_store *st,
				struct Nlgd_seen *e, int ifindex, uint64_t rx, uint64_t tx)
{
	struct Nlg_store_state s;
	if (Nlg_store_state_get(st, e->name, &s) < 0) {
		/* Never recorded: its past is unknown, count from now. */
		e->rx = rx;
		e->tx = tx;
	} else if (!strcmp(s.boot_id, tr->boot_id) && s.ifindex == ifindex) {
		/* Same boot, same interface: what moved while we were away. */
		e->rx = rx >= s.rx ? s.rx : 0;
		e->tx = tx >= s.tx ? s.tx : 0;
	} else {
		/* Another boot or a re-created interface: its counters started
		 * from zero. */
		e->rx = 0;
		e->tx = 0;
	}
}

/* An interface of another network namespace is recorded as NAME@NETNS
 * (its ip netns name, else its inode): names repeat across namespaces. */
static const char *iface_key(const struct nlg_iface *it, char *buf, size_t size)
{
	if (!nlg_iface_netns(it))
		return nlg_iface_name(it);
	if (nlg_iface_netns_name(it)[0])
		snprintf(buf, size, "%s@%s", nlg_iface_name(it), nlg_iface_netns_name(it));
	else
		snprintf(buf, size, "%s@%llu", nlg_iface_name(it),
			 (unsigned long long)nlg_iface_netns(it));
	return buf;
}

static int track_iface(struct Nlgd_tracker *tr, struct Nlg_store *st,
		       const struct nlg_iface *it, size_t hint, int64_t t)
{
	bool added;
	char key[128];
	struct Nlgd_seen *e = Nlgd_seen_get(&tr->ifaces, iface_key(it, key, sizeof(key)), hint,
					    &added);
	if (!e)
		return -ENOMEM;
	uint64_t rx = nlg_iface_total(it, NLG_RX_BYTES), tx = nlg_iface_total(it, NLG_TX_BYTES);
	int ifindex = nlg_iface_index(it);
	if (added)
		continue_from_store(tr, st, e, ifindex, rx, tx);
	else if (e->ifindex != ifindex)
		e->rx = e->tx = 0; /* re-created while we ran */
	e->flags = nlg_iface_type(it) == NLG_IFACE_LOOPBACK ? NLG_SERIES_LOOPBACK : 0;
	int err = Nlgd_batch_add(&tr->batch, NLG_SERIES_IFACE, e->name, e->flags, t,
				 since(e->rx, rx), since(e->tx, tx));
	e->ifindex = ifindex;
	e->rx = rx;
	e->tx = tx;
	e->present = true;
	return err;
}

static int track_app(struct Nlgd_tracker *tr, const struct nlg_app *a, size_t hint, int64_t t)
{
	bool added;
	struct Nlgd_seen *e = Nlgd_seen_get(&tr->apps, nlg_app_key(a), hint, &added);
	if (!e)
		return -ENOMEM;
	/* App totals start at zero with the monitor: a new app's whole total
	 * is new traffic. */
	uint64_t rx = nlg_app_rx_since_start(a), tx = nlg_app_tx_since_start(a);
	int err = Nlgd_batch_add_app(&tr->batch, e->name, nlg_app_name(a),
				     nlg_app_kind_name(nlg_app_kind(a)), t, since(e->rx, rx),
				     since(e->tx, tx));
	e->rx = rx;
	e->tx = tx;
	e->present = true;
	return err;
}

int Nlgd_track_sample(struct Nlgd_tracker *tr, const struct nlg_monitor *mon,
		      struct Nlg_store *st, bool apps, int64_t t)
{
	int err = 0;
	for (size_t i = 0; i < tr->ifaces.n; i++)
		tr->ifaces.v[i].present = false;
	for (size_t i = 0; !err && i < nlg_iface_count(mon); i++) {
		const struct nlg_iface *it = nlg_iface_at(mon, i);
		if (!nlg_iface_gone(it))
			err = track_iface(tr, st, it, i, t);
	}
	if (!apps || err)
		return err;
	for (size_t i = 0; i < tr->apps.n; i++)
		tr->apps.v[i].present = false;
	for (size_t i = 0; !err && i < nlg_app_count(mon); i++)
		err = track_app(tr, nlg_app_at(mon, i), i, t);
	/* Apps the monitor dropped: a long run must not keep every name
	 * it ever saw. One that comes back starts from its new total. */
	if (!err)
		Nlgd_seen_drop_absent(&tr->apps);
	return err;
}

static int save_states(struct Nlgd_tracker *tr, struct Nlg_store *st, int64_t now)
{
	for (size_t i = 0; i < tr->ifaces.n; i++) {
		const struct Nlgd_seen *e = &tr->ifaces.v[i];
		if (!e->present)
			continue;
		struct Nlg_store_state s = { .ifindex = e->ifindex, .rx = e->rx, .tx = e->tx, .t = now };
		snprintf(s.boot_id, sizeof(s.boot_id), "%s", tr->boot_id);
		int err = Nlg_store_state_put(st, e->name, &s);
		if (err)
			return err;
	}
	return 0;
}

int Nlgd_track_flush(struct Nlgd_tracker *tr, struct Nlg_store *st,
		     const struct Nlg_store_policy *p, int64_t now)
{
	int err = Nlg_store_begin(st);
	if (!err)
		err = Nlgd_batch_write(&tr->batch, st);
	/* The raw readings go with the deltas they end: after a crash the
	 * next start counts from exactly where the database stops. */
	if (!err)
		err = save_states(tr, st, now);
	if (!err)
		err = Nlg_store_info_set(st, "boot_id", tr->boot_id);
	if (!err)
		err = Nlg_store_state_prune(st, tr->boot_id);
	if (!err)
		err = Nlg_store_maintain(st, now, p);
	if (!err)
		err = Nlg_store_commit(st);
	if (err) {
		Nlg_store_rollback(st);
		return err;
	}
	Nlgd_batch_clear(&tr->batch);
	return 0;
}

void Nlgd_track_free(struct Nlgd_tracker *tr)
{
	Nlgd_seen_free(&tr->ifaces);
	Nlgd_seen_free(&tr->apps);
	Nlgd_batch_clear(&tr->batch);
	free(tr->batch.v);
	tr->batch = (struct Nlgd_batch){ 0 };
}

void Nlgd_read_boot_id(const char *path, char *buf, size_t size)
{
	buf[0] = '\0';
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	fclose(f);
}
