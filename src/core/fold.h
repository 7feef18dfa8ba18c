/* SPDX-License-Identifier: MIT */
/* fold.h - the rules that fold processes into apps. Pure functions. */
#ifndef NLG_CORE_FOLD_H
#define NLG_CORE_FOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "netledger.h"

/*
 * Names the app a cgroup v2 path belongs to: a systemd service, a scope
 * that is not a login session, a container, or another cgroup made by
 * hand. Paths under user sessions, the root and init.scope name nothing.
 * Return: true with the kind and name (written to name, of size size), or
 * false when the path does not decide.
 */
bool nlg_fold_cgroup(const char *path, enum nlg_app_kind *kind, char *name, size_t size);

/* Return: true for processes that only start others: shells, terminal
 * multiplexers, login and session managers, sudo and the like. A helper
 * folds into its top ancestor below such a process. */
bool nlg_fold_is_launcher(const char *comm);

#endif
