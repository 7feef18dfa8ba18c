/* SPDX-License-Identifier: MIT */
/* classify.h - what kind of interface a Linux link is. */
#ifndef NLG_LINUX_CLASSIFY_H
#define NLG_LINUX_CLASSIFY_H

#include <stdint.h>

#include "netledger.h"

/* What sysfs says about a device beyond its netlink attributes. */
#define NLG_HINT_WIRELESS (1u << 0) /* has wireless/ or phy80211/ */
#define NLG_HINT_WWAN     (1u << 1) /* uevent DEVTYPE=wwan */
#define NLG_HINT_VIRTUAL  (1u << 2) /* lives under /sys/devices/virtual */

/* Return: the interface type from its ARPHRD_* type, its rtnetlink kind
 * ("" when none) and sysfs hints. */
enum nlg_iface_type Nlg_linux_classify(uint16_t hwtype, const char *kind, unsigned hints);

#endif
