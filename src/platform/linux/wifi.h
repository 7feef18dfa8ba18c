/* SPDX-License-Identifier: MIT */
/*
 * wifi.h - link quality of wireless interfaces: nl80211 over generic
 * netlink, opened only once a wireless interface exists, and the signal
 * level from /proc/net/wireless where nl80211 has nothing to say.
 */
#ifndef NLG_LINUX_WIFI_H
#define NLG_LINUX_WIFI_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/linux/netlink.h"
#include "platform/platform.h"

struct Nlg_wifisrc;

/* The exchange with the kernel, so that tests can stand in for it. NULL
 * in struct Nlg_wifisrc means a generic netlink socket. */
struct Nlg_wifi_ops {
	/* Return: 0 or a negative error code. */
	int (*open)(struct Nlg_wifisrc *ws);
	/* Sends req and runs cb over each reply until the kernel is done.
	 * Return: as Nlg_nl_dump(). */
	int (*exchange)(struct Nlg_wifisrc *ws, struct nlmsghdr *req, mnl_cb_t cb, void *data);
	void (*close)(struct Nlg_wifisrc *ws);
};

struct Nlg_wifisrc {
	const struct Nlg_wifi_ops *ops;
	void *ctx;               /* the ops' own */
	struct Nlg_nl genl;      /* opened once a wireless interface exists */
	bool open;
	uint16_t family;         /* nl80211's id, valid while open */
	unsigned seq;
	int err;                 /* why nl80211 cannot be asked; 0 when it can */
	unsigned retry;          /* reads left before it is tried again */
	uint32_t req[64];        /* one request (aligned) */
};

/* Fills the wifi field of every present wireless link in out. Costs
 * nothing when there is none. Failures become each link's "why"; none is
 * fatal to the sample. */
void Nlg_wifi_read(struct Nlg_wifisrc *ws, const char *procfs_root, struct Nlg_raw_links *out);

void Nlg_wifi_done(struct Nlg_wifisrc *ws);

#endif
