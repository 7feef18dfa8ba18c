/* SPDX-License-Identifier: MIT */
/* error.c - the store's errors: the detail kept per store, the code returned. */
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

int Nlg_store_fail(struct Nlg_store *st, const char *what)
{
	int code = sqlite3_extended_errcode(st->db) & 0xff;
	st->last_code = code;
	snprintf(st->err, sizeof(st->err), "%s: %s", what, sqlite3_errmsg(st->db));
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return NLG_ECORRUPT;
	return NLG_EDB;
}

const char *Nlg_store_errmsg(const struct Nlg_store *st)
{
	return st->err;
}
