/* SPDX-License-Identifier: MIT */
#ifndef NLG_CLI_SOCKVIEW_H
#define NLG_CLI_SOCKVIEW_H

#include <stddef.h>

#include "netledger.h"

/* Return: a monitor that watches sockets, or NULL (error printed). */
struct nlg_monitor *nlg_sockview_open(void);
/* Return: 0, or a negative code after printing the error. */
int nlg_sockview_sample(struct nlg_monitor *mon);
/* Prints, once, what this run cannot see. */
void nlg_sockview_notice(const struct nlg_monitor *mon);
char *nlg_endpoint_str(const struct nlg_endpoint *ep, char *buf, size_t size);
/* "PID NAME", or "- APP (reason)" for a connection without a process. */
char *nlg_owner_str(const struct nlg_conn *c, char *buf, size_t size);
/* "tcp", "tcp6", "udp" or "udp6". */
const char *nlg_proto_str(const struct nlg_conn *c);

#endif
