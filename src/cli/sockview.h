/* SPDX-License-Identifier: MIT */
#ifndef NLG_CLI_SOCKVIEW_H
#define NLG_CLI_SOCKVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "netledger.h"

/* Opens a monitor that watches sockets (with the eBPF socket counter as
 * mode asks), takes its first sample and says, once, what this run cannot
 * see. Return: the monitor, or NULL after printing the error. */
struct nlg_monitor *Nlg_sockview_start(enum nlg_ebpf_mode mode);
struct Nlg_cmd_opts;
/* The start of conns, apps and watch: parses argv into opts by cmd's
 * table, checks that JSON can be written when *json (in opts) asks for
 * it, then Nlg_sockview_start(*ebpf).
 * Return: NLG_OPTS_GO and *mon, or the exit status to return. */
int Nlg_sockview_begin(const struct Nlg_cmd_opts *cmd, int argc, char **argv, void *opts,
		       const bool *json, const enum nlg_ebpf_mode *ebpf, struct nlg_monitor **mon);
/* The same without the notice, for a full-screen view that shows it
 * itself. Return: the monitor, or NULL after printing the error. */
struct nlg_monitor *Nlg_sockview_open(enum nlg_ebpf_mode mode);
/* One line of what this run cannot see ("" when everything is visible).
 * Return: buf. */
char *Nlg_sockview_limits(const struct nlg_monitor *mon, char *buf, size_t size);
/* Return: 0, or a negative code after printing the error. */
int Nlg_sockview_sample(struct nlg_monitor *mon);
/* --netns ARG (all, current, NAME or PID) for the monitors opened here.
 * Return: 0, or -1 after printing the error. */
int Nlg_opt_netns(const char *arg);
/* Return: the namespaces asked for: --netns, else "all" as root and
 * "current" otherwise. */
const char *Nlg_sockview_netns(void);
/* "network namespaces: all (N)" or "network namespace: NAME". Return: buf. */
char *Nlg_sockview_netns_line(const struct nlg_monitor *mon, char *buf, size_t size);
char *Nlg_endpoint_str(const struct nlg_endpoint *ep, char *buf, size_t size);
/* "PID NAME", or "- APP (reason)" for a connection without a process. */
char *Nlg_owner_str(const struct nlg_conn *c, char *buf, size_t size);
#define NLG_CLI_NETNS_MAX 72
/* The connection's namespace: its ip netns name, else its inode, else
 * "-". Return: buf. */
char *Nlg_netns_str(const struct nlg_conn *c, char *buf, size_t size);
/* "tcp", "tcp6", "udp" or "udp6"; another protocol's name (eBPF). */
const char *Nlg_proto_str(const struct nlg_conn *c);

#endif
