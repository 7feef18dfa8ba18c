/* SPDX-License-Identifier: MIT */
/*
 * txn.c - transactions. BEGIN IMMEDIATE takes the write lock at the start
 * rather than at the first write.
 *
 * Opening (open.c) checks and migrates the schema (schema.c) inside one;
 * both call down to these.
 */
#include "store/internal.h"

int Nlg_store_begin(struct Nlg_store *st)
{
	return Nlg_store_exec(st, "BEGIN IMMEDIATE");
}

int Nlg_store_commit(struct Nlg_store *st)
{
	return Nlg_store_exec(st, "COMMIT");
}

void Nlg_store_rollback(struct Nlg_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}
