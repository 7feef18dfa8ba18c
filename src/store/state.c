/* SPDX-License-Identifier: MIT */
/* state.c - the last raw counter reading of each interface, with its
 * ifindex and boot id, from which a restarted daemon continues. */
#include <errno.h>
#include <stdio.h>

#include "store/internal.h"

int Nlg_store_state_put(struct Nlg_store *st, const char *name, const struct Nlg_store_state *ss)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_STATE_PUT);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, ss->ifindex);
	sqlite3_bind_text(s, 3, ss->boot_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)ss->rx);
	sqlite3_bind_int64(s, 5, (int64_t)ss->tx);
	sqlite3_bind_int64(s, 6, ss->t);
	return Nlg_store_run(st, s, "write interface state");
}

int Nlg_store_state_get(struct Nlg_store *st, const char *name, struct Nlg_store_state *ss)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_STATE_GET);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), err = 0;
	if (rc == SQLITE_ROW) {
		ss->ifindex = sqlite3_column_int(s, 0);
		snprintf(ss->boot_id, sizeof(ss->boot_id), "%s", (const char *)sqlite3_column_text(s, 1));
		ss->rx = (uint64_t)sqlite3_column_int64(s, 2);
		ss->tx = (uint64_t)sqlite3_column_int64(s, 3);
		ss->t = sqlite3_column_int64(s, 4);
	} else {
		err = rc == SQLITE_DONE ? -ENOENT : Nlg_store_fail(st, "read interface state");
	}
	sqlite3_reset(s);
	return err;
}

int Nlg_store_state_prune(struct Nlg_store *st, const char *boot_id)
{
	sqlite3_stmt *s = Nlg_store_stmt(st, ST_STATE_PRUNE);
	if (!s)
		return NLG_EDB;
	sqlite3_bind_text(s, 1, boot_id, -1, SQLITE_STATIC);
	return Nlg_store_run(st, s, "prune interface state");
}
