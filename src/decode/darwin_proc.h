/* SPDX-License-Identifier: MIT */
/*
 * darwin_proc.h - decoders of what libproc's proc_pidinfo() and
 * proc_pidfdinfo() fill: struct proc_fdinfo, struct proc_bsdinfo and
 * struct socket_fdinfo, read as bytes laid out as in darwin_layout.h
 * (which layout_check.c asserts against the SDK's sys/proc_info.h).
 * Nothing outside [buf, buf + len) is read.
 */
#ifndef NLG_DECODE_DARWIN_PROC_H
#define NLG_DECODE_DARWIN_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "core/raw.h"

/* Reads element i of a PROC_PIDLISTFDS array (len bytes).
 * Return: 1 when it is a socket (*fd set), 0 for another kind of file,
 * or -EPROTO when the array holds no element i. */
int Nlg_dw_decode_fdinfo(const uint8_t *buf, size_t len, size_t i, int *fd);

/* Fills d from a struct proc_bsdinfo (PROC_PIDTBSDINFO).
 * Return: 0, or -EPROTO when buf is short. */
int Nlg_dw_decode_bsdinfo(const uint8_t *buf, size_t len, struct Nlg_proc_desc *d);

/* Fills s from a struct socket_fdinfo (PROC_PIDFDSOCKETINFO). A socket of
 * AF_INET6 that is not V6ONLY carries both INI_IPV4 and INI_IPV6 until it
 * connects to an IPv4 peer (xnu's udp6_usrreq.c and tcp_usrreq.c set
 * both; a mapped connection clears INI_IPV6), so IPv6 is tested first,
 * as ntstat's descriptors do: a dual-stack listener is [::], not 0.0.0.0.
 * Return: 1 with s filled from a TCP or UDP socket of IPv4 or IPv6, 0
 * for any other socket, -EPROTO when buf is short. */
int Nlg_dw_decode_socket_fdinfo(const uint8_t *buf, size_t len, struct Nlg_raw_sock *s);

#endif
