/* SPDX-License-Identifier: MIT */
/*
 * netledger.h - the public API of libnetledger.
 *
 * A monitor reads the kernel's own counters once per nlg_monitor_sample()
 * and turns successive readings into exact, monotonic 64-bit totals and
 * per-second rates, surviving counter wraps, counter resets and interfaces
 * that come and go.
 *
 * Conventions:
 *  - Functions that can fail return 0 on success or a negative errno-style
 *    code; nlg_strerror() names the code and nlg_monitor_errmsg() gives the
 *    detail of the monitor's last failure (for example the kernel's own
 *    error text).
 *  - Objects returned by the monitor (struct nlg_iface) are owned by it.
 *    They stay valid across samples until nlg_monitor_forget_gone() or
 *    nlg_monitor_free(); strings and arrays they return are valid until
 *    the next nlg_monitor_sample().
 *  - The library keeps no global state: monitors are independent, and one
 *    monitor must not be used from two threads at once.
 */
#ifndef NETLEDGER_H
#define NETLEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NLG_VERSION_MAJOR 0
#define NLG_VERSION_MINOR 1
#define NLG_VERSION_PATCH 0

/* Return: the library's version as "MAJOR.MINOR.PATCH". */
const char *nlg_version(void);

/* Return: a static, human-readable name for a (negative) error code. */
const char *nlg_strerror(int err);

/* ------------------------------------------------------------------------
 * Monitor
 */
struct nlg_monitor;

/* Where interface readings come from. AUTO uses the best source the
 * platform offers (rtnetlink on Linux) and falls back when it is missing. */
enum nlg_link_source {
	NLG_LINK_SOURCE_AUTO = 0,
	NLG_LINK_SOURCE_NETLINK,
	NLG_LINK_SOURCE_PROCFS,
};

/* A clock in nanoseconds; monotonic across the monitor's life. */
typedef uint64_t (*nlg_clock_fn)(void *ctx);

/* Return: a new monitor with default settings, or NULL when out of memory.
 * Nothing is read from the kernel until nlg_monitor_sample(). */
struct nlg_monitor *nlg_monitor_new(void);

void nlg_monitor_free(struct nlg_monitor *mon);

/* Settings; each takes effect at the next sample. Paths are copied.
 * Return: 0 on success or a negative error code (-EINVAL, -ENOMEM, or
 * -EBUSY when the setting can only change before the first sample). */
int nlg_monitor_set_sysfs_root(struct nlg_monitor *mon, const char *path);
int nlg_monitor_set_procfs_root(struct nlg_monitor *mon, const char *path);
int nlg_monitor_set_link_source(struct nlg_monitor *mon, enum nlg_link_source src);
int nlg_monitor_set_clock(struct nlg_monitor *mon, nlg_clock_fn fn, void *ctx);

/* The highest byte rate (bytes per second) any counter is believed to
 * reach when the interface does not report its speed. A decrease in a
 * counter that a wrap could explain only at a higher rate is taken as a
 * reset. 0 restores the default (50 GB/s, faster than loopback). */
int nlg_monitor_set_rate_ceiling(struct nlg_monitor *mon, uint64_t bytes_per_sec);

/* Reads the kernel once and updates every object.
 * Return: 0 on success or a negative error code; on failure the previous
 * state is kept and nlg_monitor_errmsg() says what went wrong. */
int nlg_monitor_sample(struct nlg_monitor *mon);

/* Return: the detail of the last failure, or "" when there was none. */
const char *nlg_monitor_errmsg(const struct nlg_monitor *mon);

/* Return: the number of samples taken so far. */
uint64_t nlg_monitor_samples(const struct nlg_monitor *mon);

/* Return: nanoseconds between the last two samples, 0 after the first. */
uint64_t nlg_monitor_interval_ns(const struct nlg_monitor *mon);

/* Return: the link source actually used by the last sample. */
enum nlg_link_source nlg_monitor_link_source(const struct nlg_monitor *mon);

/* Return: the number of link events the kernel could not deliver (socket
 * buffer overrun); after such a loss the next dump still gives the truth
 * for every interface that exists, but an interface created and removed
 * in between may be missed. */
uint64_t nlg_monitor_lost_link_events(const struct nlg_monitor *mon);

/* Drops interfaces that are gone; a consumer that has recorded their final
 * totals calls it to bound memory in a long-running process. */
void nlg_monitor_forget_gone(struct nlg_monitor *mon);

/* ------------------------------------------------------------------------
 * Interfaces
 */
struct nlg_iface;

enum nlg_iface_type {
	NLG_IFACE_OTHER = 0,
	NLG_IFACE_ETHERNET,
	NLG_IFACE_WIFI,
	NLG_IFACE_CELLULAR,
	NLG_IFACE_LOOPBACK,
	NLG_IFACE_VIRTUAL, /* nlg_iface_kind() says which: veth, bridge, ... */
};

/* Return: "ethernet", "wifi", "cellular", "loopback", "virtual" or "other". */
const char *nlg_iface_type_name(enum nlg_iface_type type);

/* RFC 2863 operational state, as the kernel reports it. */
enum nlg_oper_state {
	NLG_OPER_UNKNOWN = 0,
	NLG_OPER_NOTPRESENT,
	NLG_OPER_DOWN,
	NLG_OPER_LOWERLAYERDOWN,
	NLG_OPER_TESTING,
	NLG_OPER_DORMANT,
	NLG_OPER_UP,
};

/* Return: "unknown", "notpresent", "down", "lowerlayerdown", "testing",
 * "dormant" or "up". */
const char *nlg_oper_state_name(enum nlg_oper_state state);

/* Interface flags, independent of the platform's own values. */
#define NLG_IFF_UP           (1u << 0)
#define NLG_IFF_RUNNING      (1u << 1)
#define NLG_IFF_LOOPBACK     (1u << 2)
#define NLG_IFF_BROADCAST    (1u << 3)
#define NLG_IFF_MULTICAST    (1u << 4)
#define NLG_IFF_POINTOPOINT  (1u << 5)
#define NLG_IFF_PROMISC      (1u << 6)
#define NLG_IFF_NOARP        (1u << 7)
#define NLG_IFF_LOWER_UP     (1u << 8)

enum nlg_counter {
	NLG_RX_BYTES = 0,
	NLG_TX_BYTES,
	NLG_RX_PACKETS,
	NLG_TX_PACKETS,
	NLG_RX_ERRORS,
	NLG_TX_ERRORS,
	NLG_RX_DROPPED,
	NLG_TX_DROPPED,
	NLG_MULTICAST,
	NLG_COLLISIONS,
	NLG_RX_LENGTH_ERRORS,
	NLG_RX_OVER_ERRORS,
	NLG_RX_CRC_ERRORS,
	NLG_RX_FRAME_ERRORS,
	NLG_RX_FIFO_ERRORS,
	NLG_RX_MISSED_ERRORS,
	NLG_TX_ABORTED_ERRORS,
	NLG_TX_CARRIER_ERRORS,
	NLG_TX_FIFO_ERRORS,
	NLG_TX_HEARTBEAT_ERRORS,
	NLG_TX_WINDOW_ERRORS,
	NLG_RX_COMPRESSED,
	NLG_TX_COMPRESSED,
	NLG_RX_NOHANDLER,
	NLG_COUNTER_COUNT
};

/* Return: the counter's snake_case name ("rx_bytes", ...) or NULL. */
const char *nlg_counter_name(enum nlg_counter c);

struct nlg_addr {
	int family;          /* AF_INET or AF_INET6 */
	uint8_t prefixlen;
	uint8_t scope;       /* 0 global, 253 link, 254 host (RT_SCOPE_*) */
	uint8_t addr[16];    /* network byte order; 4 bytes used for AF_INET */
};

/* Return: the number of interfaces known to the monitor, gone ones included. */
size_t nlg_iface_count(const struct nlg_monitor *mon);

/* Return: the i-th interface (0 <= i < nlg_iface_count()), in ifindex
 * order with gone interfaces after the present ones, or NULL. */
const struct nlg_iface *nlg_iface_at(const struct nlg_monitor *mon, size_t i);

/* Return: the present interface of that name, or NULL. */
const struct nlg_iface *nlg_iface_find(const struct nlg_monitor *mon, const char *name);

const char *nlg_iface_name(const struct nlg_iface *iface);
int nlg_iface_index(const struct nlg_iface *iface);
enum nlg_iface_type nlg_iface_type(const struct nlg_iface *iface);
/* Return: the driver kind ("veth", "bridge", "tun", ...) or "" if none. */
const char *nlg_iface_kind(const struct nlg_iface *iface);
unsigned nlg_iface_flags(const struct nlg_iface *iface);
enum nlg_oper_state nlg_iface_oper_state(const struct nlg_iface *iface);
unsigned nlg_iface_mtu(const struct nlg_iface *iface);
/* Return: the hardware address length; *mac points into the monitor. */
size_t nlg_iface_mac(const struct nlg_iface *iface, const uint8_t **mac);
/* Return: link speed in Mbit/s, or 0 when the driver does not report it. */
uint64_t nlg_iface_speed_mbps(const struct nlg_iface *iface);
size_t nlg_iface_addr_count(const struct nlg_iface *iface);
const struct nlg_addr *nlg_iface_addr_at(const struct nlg_iface *iface, size_t i);

/* Return: true once the interface has disappeared; its totals are final. */
bool nlg_iface_gone(const struct nlg_iface *iface);
/* Return: monitor clock (ns) of the first and last sample that saw it. */
uint64_t nlg_iface_first_seen_ns(const struct nlg_iface *iface);
uint64_t nlg_iface_last_seen_ns(const struct nlg_iface *iface);

/* Return: true if the platform reports this counter for the interface. */
bool nlg_iface_has_counter(const struct nlg_iface *iface, enum nlg_counter c);

/* Return: the counter as the kernel would show it had it never wrapped or
 * reset: its first reading plus every increase since, 64 bits wide. */
uint64_t nlg_iface_total(const struct nlg_iface *iface, enum nlg_counter c);

/* Return: the increase of the counter since the monitor first saw the
 * interface. */
uint64_t nlg_iface_since_start(const struct nlg_iface *iface, enum nlg_counter c);

/* Return: the increase over the last interval, per second (0 after the
 * first sample). Never negative. */
double nlg_iface_rate(const struct nlg_iface *iface, enum nlg_counter c);

/* Return: how many times a counter of this interface wrapped or reset. */
uint64_t nlg_iface_wraps(const struct nlg_iface *iface);
uint64_t nlg_iface_resets(const struct nlg_iface *iface);

#ifdef __cplusplus
}
#endif

#endif /* NETLEDGER_H */
