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
 *  - Every name this header declares starts with nlg_ (NLG_ for
 *    constants); the library's internal names start with Nlg_ and are not
 *    exported.
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
 *
 * Sections, in order: versions and errors; the monitor and what it
 * watches; interfaces, their wireless links, the machine's totals and pf's
 * counters; connections, processes, apps and network namespaces;
 * attribution, events and notes of a sample; the eBPF socket counter and
 * incremental sampling; accounting of one command.
 */
#ifndef NETLEDGER_H
#define NETLEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden symbols: what this header declares,
 * and only that, is exported (tests/abi/check_symbols.sh compares them). */
#ifdef __GNUC__
#pragma GCC visibility push(default)
#endif

/* Versions. The release is MAJOR.MINOR.PATCH and the shared library's
 * SONAME is libnetledger.so.MAJOR (libnetledger.MAJOR.dylib on macOS).
 *  - A fix that changes no declaration: PATCH.
 *  - A new function or enum value: MINOR; the function joins a new version
 *    node of src/libnetledger.map (NETLEDGER_0.2 after NETLEDGER_0 ...).
 *  - A function removed or changed, an enum value renumbered, or a struct
 *    the caller allocates or receives by copy changed in size or layout:
 *    MAJOR, from 0 as from any other, so that the SONAME changes and a
 *    program built against the old header is not run against the new
 *    library.
 * 1.0.0 renamed, so that one word means one thing across the API:
 * nlg_monitor_samples -> nlg_monitor_sample_count; nlg_{conn,proc,app}_
 * {rx,tx}_bytes -> _{rx,tx}_since_start; nlg_conn_proto_name(conn) ->
 * nlg_conn_proto_label(conn); struct nlg_total's rx/tx_bytes -> rx/tx_total.
 *
 * Words. _total: what the kernel counted over the object's whole life;
 * _since_start: what the monitor saw since it first saw the object; _rate:
 * per second over the last interval. X_name(value) names an enum or number
 * value; nlg_conn_X_label(conn) is what a user reads for one connection. */
#define NLG_VERSION_MAJOR 1
#define NLG_VERSION_MINOR 0
#define NLG_VERSION_PATCH 0

/* Return: the library's version as "MAJOR.MINOR.PATCH". */
const char *nlg_version(void);

/* Errors. A function that can fail returns 0 or a negative code, one
 * namespace for the whole project: a negative errno value (-ENOMEM,
 * -EINVAL, -EBUSY, -ENODATA, ... as each function documents) or one of
 * these, below any errno value, which the history store returns. */
enum nlg_err {
	NLG_ENOTOURS = -1001,          /* a file of another program */
	NLG_ENEWER = -1002,            /* written by a newer netledger */
	NLG_ECORRUPT = -1003,          /* not a database, or damaged */
	NLG_EDB = -1004,               /* any other database failure */
};

/* Return: a static, human-readable name for a negative error code (either
 * kind above; a positive errno value is taken as its negative). */
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
 * Return: 0 on success or a negative error code, with nlg_monitor_errmsg()
 * saying what went wrong. When the interfaces cannot be read, nothing
 * changes; when only the sockets cannot, the interfaces are updated and
 * connections, processes, apps and events keep their previous state. */
int nlg_monitor_sample(struct nlg_monitor *mon);

/* Return: the detail of the last failure, or "" when there was none. */
const char *nlg_monitor_errmsg(const struct nlg_monitor *mon);

/* Return: the number of samples taken so far. */
uint64_t nlg_monitor_sample_count(const struct nlg_monitor *mon);

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

/* How long an exited process (and an app left with no process and no
 * connection) stays listed before it is dropped and its memory freed; its
 * bytes stay in its app's totals. Default NLG_DEFAULT_LINGER_NS. Return: 0. */
#define NLG_DEFAULT_LINGER_NS 10000000000ull
int nlg_monitor_set_linger(struct nlg_monitor *mon, uint64_t ns);

/* ------------------------------------------------------------------------
 * What a monitor watches
 */
#define NLG_WATCH_INTERFACES (1u << 0) /* the default */
#define NLG_WATCH_SOCKETS    (1u << 1) /* connections, processes and apps */

/* Chooses what each sample reads; interfaces are always read.
 * Return: 0, -EINVAL for unknown bits, or -EBUSY after the first sample. */
int nlg_monitor_set_watch(struct nlg_monitor *mon, unsigned what);

/*
 * Samples the interfaces only, leaving connections, processes, apps and
 * events as the last nlg_monitor_sample() left them. The next full sample
 * covers every socket's interval since the last one, and attribution
 * compares it with what the interfaces moved over that same time: a
 * program that wants interface counters often and socket counters less
 * often (a daemon) alternates the two.
 * Return: as nlg_monitor_sample().
 */
int nlg_monitor_sample_interfaces(struct nlg_monitor *mon);

/* Return: true when the monitor receives the kernel's socket-destroy
 * events (CAP_NET_ADMIN), so that connections that open and close between
 * two samples are counted with their final bytes. Without them a closed
 * connection keeps the counts of the last sample that saw it. */
bool nlg_monitor_closures_visible(const struct nlg_monitor *mon);

/* Return: socket-destroy events the kernel dropped (receive buffer full). */
uint64_t nlg_monitor_lost_sock_events(const struct nlg_monitor *mon);

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

/* ------------------------------------------------------------------------
 * Wireless link quality (Linux: nl80211, with /proc/net/wireless for the
 * signal alone when nl80211 cannot be asked; elsewhere none yet, and why
 * says so). Each
 * field is valid only when its NLG_WIFI_HAS_* bit is set in has: a field
 * the platform could not read (no link, no permission, no driver support)
 * is "not available", never 0.
 */
enum nlg_wifi_mode {
	NLG_WIFI_MODE_UNKNOWN = 0,
	NLG_WIFI_MODE_STATION,   /* a client, associated or not */
	NLG_WIFI_MODE_AP,        /* an access point (P2P group owner too) */
	NLG_WIFI_MODE_MESH,
	NLG_WIFI_MODE_ADHOC,
	NLG_WIFI_MODE_MONITOR,
	NLG_WIFI_MODE_OTHER,
};

#define NLG_WIFI_HAS_MODE       (1u << 0)
#define NLG_WIFI_HAS_SSID       (1u << 1)
#define NLG_WIFI_HAS_BSSID      (1u << 2)
#define NLG_WIFI_HAS_FREQ       (1u << 3) /* freq_mhz and channel */
#define NLG_WIFI_HAS_SIGNAL     (1u << 4)
#define NLG_WIFI_HAS_SIGNAL_AVG (1u << 5)
#define NLG_WIFI_HAS_RX_BITRATE (1u << 6)
#define NLG_WIFI_HAS_TX_BITRATE (1u << 7)
#define NLG_WIFI_HAS_STATIONS   (1u << 8) /* AP and mesh */

struct nlg_wifi {
	unsigned has;              /* NLG_WIFI_HAS_* */
	enum nlg_wifi_mode mode;
	uint8_t ssid[32];          /* raw bytes, not terminated: any byte may occur */
	size_t ssid_len;
	uint8_t bssid[6];          /* the access point a station is associated with */
	uint32_t freq_mhz;
	uint32_t channel;          /* from the frequency (2.4, 5, 6 GHz, 60 GHz) */
	int signal_dbm;            /* last received frame */
	int signal_avg_dbm;        /* the driver's running average */
	uint64_t rx_bitrate;       /* bits per second, last received frame */
	uint64_t tx_bitrate;       /* bits per second, last sent frame */
	uint32_t stations;         /* stations associated (AP) or peers (mesh) */
	const char *source;        /* "nl80211", "/proc/net/wireless", or "" */
	const char *why;           /* why fields are missing ("not associated",
				    * "permission denied", ...), "" if none */
};

/* Return: "station", "ap", "mesh", "adhoc", "monitor", "other" or "unknown". */
const char *nlg_wifi_mode_name(enum nlg_wifi_mode mode);

/* Fills out for a wireless interface as the last sample read it; strings
 * are static. Return: 0 (see out->has for what is known), -ENODEV when the
 * interface is not wireless or is gone. */
int nlg_iface_wifi(const struct nlg_iface *iface, struct nlg_wifi *out);

/* ------------------------------------------------------------------------
 * Machine-wide totals. NLG_TOTAL_PHYSICAL counts ethernet, wifi and
 * cellular interfaces, where each byte the machine sends or receives
 * crosses exactly one of them (a bond or bridge is virtual: its ports are
 * counted instead). NLG_TOTAL_ALL adds every virtual interface, so that
 * traffic between local namespaces and containers counts too, once per
 * interface it crosses: a byte through a bridge, a veth pair with both
 * ends here, or a tunnel and the link under it counts more than once.
 * Loopback is never counted.
 */
enum nlg_total_scope {
	NLG_TOTAL_PHYSICAL = 0,
	NLG_TOTAL_ALL,
};

struct nlg_total {
	/* The sum of nlg_iface_total() over the counted interfaces the
	 * monitor holds (gone ones too, until nlg_monitor_forget_gone()). */
	uint64_t rx_total, tx_total;
	/* Every byte counted since the first sample, on interfaces gone and
	 * forgotten too: never decreases. */
	uint64_t rx_since_start, tx_since_start;
	/* Over the last interval; never negative. */
	double rx_rate, tx_rate;
	size_t count;              /* interfaces counted (present now) */
};

/* Return: true when the interface is counted in that scope's total. */
bool nlg_iface_counted(const struct nlg_iface *iface, enum nlg_total_scope scope);

/* Fills out. Return: 0, or -EINVAL for an unknown scope. */
int nlg_monitor_total(const struct nlg_monitor *mon, enum nlg_total_scope scope,
		      struct nlg_total *out);

/* ------------------------------------------------------------------------
 * pf's per-interface counters (FreeBSD and OpenBSD): what pf passed and
 * blocked, by address family, direction and action. Only traffic that pf
 * processed is counted. Linux and macOS keep no such counters here.
 */
enum nlg_pf_af { NLG_PF_INET = 0, NLG_PF_INET6 = 1 };
enum nlg_pf_dir { NLG_PF_IN = 0, NLG_PF_OUT = 1 };
enum nlg_pf_action { NLG_PF_PASS = 0, NLG_PF_BLOCK = 1 };

/* Return: 0 when the last sample read pf's counters; -ENOTSUP when the
 * platform has none; -ENODATA before the first sample; another negative
 * code when pf exists but could not be read (not loaded, not root). *why
 * (may be NULL) gets a sentence saying so, "" on success; it is valid
 * until the next sample. */
int nlg_monitor_pf_status(const struct nlg_monitor *mon, const char **why);

/* Return: true when pf keeps counters for this interface (pf read, and
 * the interface in pf's list). */
bool nlg_iface_has_pf(const struct nlg_iface *iface);

/* Return: the counter as pf would show it had it never been zeroed or
 * wrapped (64 bits; a pfctl -z or a reload counts as a reset, not as a
 * loss); 0 without pf counters or for an out-of-range index. */
uint64_t nlg_iface_pf_bytes(const struct nlg_iface *iface, enum nlg_pf_af af,
			    enum nlg_pf_dir dir, enum nlg_pf_action action);
uint64_t nlg_iface_pf_packets(const struct nlg_iface *iface, enum nlg_pf_af af,
			      enum nlg_pf_dir dir, enum nlg_pf_action action);
/* Return: bytes per second over the last interval (0 after the first). */
double nlg_iface_pf_rate(const struct nlg_iface *iface, enum nlg_pf_af af,
			 enum nlg_pf_dir dir, enum nlg_pf_action action);

/* ------------------------------------------------------------------------
 * Connections (TCP and UDP sockets, IPv4 and IPv6)
 *
 * Byte counts are payload bytes as the kernel's socket counters give them:
 * received in order, and acknowledged by the peer (TCP). The kernel keeps
 * no such counters for UDP sockets: their bytes are unknown, never zero.
 */
struct nlg_conn;
struct nlg_proc;
struct nlg_app;

struct nlg_endpoint {
	int family;        /* AF_INET or AF_INET6 */
	uint8_t addr[16];  /* network byte order; 4 bytes used for AF_INET */
	uint16_t port;     /* host byte order */
};

enum nlg_conn_state {
	NLG_CONN_UNKNOWN = 0,
	NLG_CONN_ESTABLISHED, NLG_CONN_SYN_SENT, NLG_CONN_SYN_RECV,
	NLG_CONN_FIN_WAIT1, NLG_CONN_FIN_WAIT2, NLG_CONN_TIME_WAIT,
	NLG_CONN_CLOSE, NLG_CONN_CLOSE_WAIT, NLG_CONN_LAST_ACK,
	NLG_CONN_LISTEN, NLG_CONN_CLOSING,
	NLG_CONN_CLOSED,   /* the socket is gone; its counts are final */
};

/* Return: "established", "syn-sent", ..., "listen", "closed", or "unknown";
 * UDP sockets are "unconnected" or "connected" (see nlg_conn_state_label). */
const char *nlg_conn_state_name(enum nlg_conn_state state);

/* Why a connection has no process. */
enum nlg_owner_why {
	NLG_OWNER_OK = 0,
	NLG_OWNER_NOT_FOUND,     /* no visible process holds it (another pid
				  * namespace, or kernel-owned) */
	NLG_OWNER_UNREADABLE,    /* a /proc/<pid>/fd that could hold it was unreadable */
	NLG_OWNER_CLOSED_UNSEEN, /* closed before any sample saw its owner */
	NLG_OWNER_AMBIGUOUS,     /* closed unseen, and several processes could own it */
	NLG_OWNER_NOT_LOOKED_UP, /* sockets are not being watched */
};

/* Return: a short reason ("another pid namespace or kernel socket", ...). */
const char *nlg_owner_why_text(enum nlg_owner_why why);

/* Return: connections known after the last sample: live ones, and those
 * that closed during the last interval (nlg_conn_closed() true), which are
 * dropped at the next sample. */
size_t nlg_conn_count(const struct nlg_monitor *mon);
const struct nlg_conn *nlg_conn_at(const struct nlg_monitor *mon, size_t i);

uint64_t nlg_conn_cookie(const struct nlg_conn *c);
/* Return: IPPROTO_TCP or IPPROTO_UDP; with the eBPF counter also other
 * protocols of sockets it saw (IPPROTO_ICMP, IPPROTO_RAW, ...), whose
 * endpoints are then unknown (family 0). */
int nlg_conn_proto(const struct nlg_conn *c);
/* Return: the connection's protocol as a user reads it: "tcp", "udp",
 * "icmp", "icmpv6", "raw", "sctp", "udplite", or "other". */
const char *nlg_conn_proto_label(const struct nlg_conn *c);
/* Return: the same names for an IPPROTO_* number. */
const char *nlg_proto_name(int proto);
const struct nlg_endpoint *nlg_conn_local(const struct nlg_conn *c);
const struct nlg_endpoint *nlg_conn_remote(const struct nlg_conn *c);
enum nlg_conn_state nlg_conn_state(const struct nlg_conn *c);
/* Return: the state as a user reads it (UDP: "unconnected"/"connected"). */
const char *nlg_conn_state_label(const struct nlg_conn *c);
uint32_t nlg_conn_uid(const struct nlg_conn *c);
uint64_t nlg_conn_inode(const struct nlg_conn *c);
uint64_t nlg_conn_cgroup_id(const struct nlg_conn *c);
bool nlg_conn_closed(const struct nlg_conn *c);
uint64_t nlg_conn_first_seen_ns(const struct nlg_conn *c);

/* Return: true when the connection has byte counts: TCP (payload, from
 * the kernel's socket counters), or any socket the eBPF counter saw (IP
 * bytes, for sockets that have no payload counters). */
bool nlg_conn_has_bytes(const struct nlg_conn *c);
/* Return: true for a connection that left the dump while the kernel was
 * dropping destroy events: its final counts are not known, so it has no
 * bytes (nlg_conn_has_bytes() is false) and its app's and process's
 * totals may miss some (has_unknown_bytes). */
bool nlg_conn_final_unknown(const struct nlg_conn *c);
/* Bytes since the monitor first saw the connection (all of them for a
 * connection opened after the first sample): payload for TCP, IP bytes
 * from the eBPF counter for UDP and others; 0 without bytes. */
uint64_t nlg_conn_rx_since_start(const struct nlg_conn *c);
uint64_t nlg_conn_tx_since_start(const struct nlg_conn *c);
/* Payload bytes over the connection's whole life, as the kernel counts;
 * for sockets without payload counters, the IP bytes since the eBPF
 * counter was loaded. */
uint64_t nlg_conn_rx_total(const struct nlg_conn *c);
uint64_t nlg_conn_tx_total(const struct nlg_conn *c);
double nlg_conn_rx_rate(const struct nlg_conn *c);
double nlg_conn_tx_rate(const struct nlg_conn *c);
/* IP bytes and packets (headers included) counted by the eBPF socket
 * counter since the monitor first saw the connection; false and 0 when it
 * does not run or has not seen the socket. */
bool nlg_conn_has_wire(const struct nlg_conn *c);
uint64_t nlg_conn_rx_wire_bytes(const struct nlg_conn *c);
uint64_t nlg_conn_tx_wire_bytes(const struct nlg_conn *c);
uint64_t nlg_conn_rx_wire_packets(const struct nlg_conn *c);
uint64_t nlg_conn_tx_wire_packets(const struct nlg_conn *c);
uint32_t nlg_conn_rtt_us(const struct nlg_conn *c);
uint32_t nlg_conn_retrans(const struct nlg_conn *c);

/* Return: the owning process, or NULL with *why (may be NULL) set. */
const struct nlg_proc *nlg_conn_proc(const struct nlg_conn *c, enum nlg_owner_why *why);
/* Return: the owning app (also known when only the cgroup is), or NULL. */
const struct nlg_app *nlg_conn_app(const struct nlg_conn *c);

/* ------------------------------------------------------------------------
 * Processes: identified by (pid, start time); a recycled pid is a new
 * process. Totals include every connection the process ever had while
 * watched, closed ones too.
 */
size_t nlg_proc_count(const struct nlg_monitor *mon);
const struct nlg_proc *nlg_proc_at(const struct nlg_monitor *mon, size_t i);
int nlg_proc_pid(const struct nlg_proc *p);
int nlg_proc_ppid(const struct nlg_proc *p);
uint64_t nlg_proc_start_ticks(const struct nlg_proc *p);
uint32_t nlg_proc_uid(const struct nlg_proc *p);
const char *nlg_proc_name(const struct nlg_proc *p);
const char *nlg_proc_cmdline(const struct nlg_proc *p);  /* "" if unknown */
const char *nlg_proc_exe(const struct nlg_proc *p);      /* "" if unreadable */
const char *nlg_proc_cgroup(const struct nlg_proc *p);   /* "" if none */
/* Return: true from the first sample after the process exited. */
bool nlg_proc_gone(const struct nlg_proc *p);
const struct nlg_app *nlg_proc_app(const struct nlg_proc *p);
size_t nlg_proc_conn_count(const struct nlg_proc *p);  /* live connections */
uint64_t nlg_proc_rx_since_start(const struct nlg_proc *p);
uint64_t nlg_proc_tx_since_start(const struct nlg_proc *p);
double nlg_proc_rx_rate(const struct nlg_proc *p);
double nlg_proc_tx_rate(const struct nlg_proc *p);
/* Return: true if any of its sockets is UDP (bytes unknown, not counted). */
bool nlg_proc_has_unknown_bytes(const struct nlg_proc *p);

/* ------------------------------------------------------------------------
 * Apps: processes folded into the service, container or program that owns
 * them: a container or pod, a systemd service, an app scope (by its
 * application id), from the cgroup path; else the program (executable or
 * script) of the top ancestor that is not a launcher. An app's key stays
 * the same across pids and restarts (netledger(1), APP IDENTITY). An app
 * with no process and no connection is dropped after the linger
 * (nlg_monitor_set_linger); pointers to it are then invalid, as are those
 * to a dropped process: both are valid until the next sample.
 */
enum nlg_app_kind {
	NLG_APP_SERVICE = 0,  /* systemd *.service */
	NLG_APP_SCOPE,        /* systemd *.scope, an app scope, flatpak or snap */
	NLG_APP_CONTAINER,    /* docker, podman, containerd, lxc, kubepods */
	NLG_APP_CGROUP,       /* another cgroup (e.g. one made by hand) */
	NLG_APP_PROCESS_TREE, /* the top non-shell ancestor */
	NLG_APP_UNATTRIBUTED, /* sockets with no process */
};

/* Return: "service", "scope", "container", "cgroup", "process-tree",
 * "unattributed". */
const char *nlg_app_kind_name(enum nlg_app_kind kind);

size_t nlg_app_count(const struct nlg_monitor *mon);
const struct nlg_app *nlg_app_at(const struct nlg_monitor *mon, size_t i);
const char *nlg_app_name(const struct nlg_app *a);
/* Return: what stays the same across pids, restarts and reboots (see
 * netledger(1), APP IDENTITY): "unit:nginx.service", "docker:<id>",
 * "app:firefox", "exe:/usr/bin/curl", "script:/opt/run.py", ... */
const char *nlg_app_key(const struct nlg_app *a);
enum nlg_app_kind nlg_app_kind(const struct nlg_app *a);
size_t nlg_app_proc_count(const struct nlg_app *a);   /* processes folded in */
size_t nlg_app_conn_count(const struct nlg_app *a);   /* live connections */
uint64_t nlg_app_rx_since_start(const struct nlg_app *a);
uint64_t nlg_app_tx_since_start(const struct nlg_app *a);
double nlg_app_rx_rate(const struct nlg_app *a);
double nlg_app_tx_rate(const struct nlg_app *a);
bool nlg_app_has_unknown_bytes(const struct nlg_app *a);

/* ------------------------------------------------------------------------
 * Network namespaces (Linux). Kernel socket tables are per namespace: a
 * monitor reads its own namespace's, or, as root, every namespace's (those
 * that hold a process or have an ip netns name, found anew at each sample)
 * or one other namespace's. The attribution compares the sockets of the
 * namespace whose interfaces are read with those interfaces.
 */

/* Whose sockets to read: "current" (the default, also for NULL), "all",
 * an ip netns NAME (/run/netns/NAME) or a PID (its namespace); with one
 * other namespace its interfaces are read too. Return: 0, -EINVAL,
 * -ENOMEM, or -EBUSY after the first sample; a NAME or PID that does not
 * exist fails the first sample with -ENOENT. */
int nlg_monitor_set_netns(struct nlg_monitor *mon, const char *spec);
/* Also reads the interfaces of every other namespace (root), beside the
 * monitor's own, which come first in nlg_iface_at(); the attribution
 * stays with the monitor's own. Return: 0, or -EBUSY after the first
 * sample. */
int nlg_monitor_set_all_netns_ifaces(struct nlg_monitor *mon, bool all);
/* Return: the inode of an interface's namespace, 0 for the monitor's own. */
uint64_t nlg_iface_netns(const struct nlg_iface *iface);
/* Return: that namespace's ip netns name, or "" (also for the own one). */
const char *nlg_iface_netns_name(const struct nlg_iface *iface);
/* Return: how many namespaces the last socket sample read. */
size_t nlg_monitor_netns_count(const struct nlg_monitor *mon);
/* Return: the inode of the connection's network namespace (what
 * `ls -iL /proc/PID/ns/net` shows), or 0 when unknown. */
uint64_t nlg_conn_netns(const struct nlg_conn *c);
/* Return: the namespace's ip netns name, or "" when it has none. */
const char *nlg_conn_netns_name(const struct nlg_conn *c);
/* An app's bytes by protocol since the monitor saw them (a container's
 * TCP payload beside its UDP): TCP payload, and UDP IP bytes (with the
 * eBPF counter; 0 without). */
uint64_t nlg_app_tcp_payload_rx(const struct nlg_app *a);
uint64_t nlg_app_tcp_payload_tx(const struct nlg_app *a);
uint64_t nlg_app_udp_ip_rx(const struct nlg_app *a);
uint64_t nlg_app_udp_ip_tx(const struct nlg_app *a);

/* ------------------------------------------------------------------------
 * Attribution: over the last interval of socket samples, how much of what
 * crossed the interfaces (on every interface that is not a bridge or bond port) the
 * sockets explain. The rest is unattributed: forwarding, sockets in other
 * network namespaces, and, without the eBPF counter, UDP and other
 * protocols without socket counters, and headers.
 *
 * Without the eBPF counter, "wire" is interface bytes (link-layer headers
 * included) and "payload" is TCP payload. With it (ip_bytes true), both
 * are IP bytes: interface bytes less their link-layer headers, and every
 * socket's IP bytes; process and app totals are then IP bytes too.
 */
struct nlg_attribution {
	uint64_t wire_rx, wire_tx;          /* interfaces, this interval */
	uint64_t payload_rx, payload_tx;    /* sockets with counts, this interval */
	uint64_t unattributed_rx, unattributed_tx; /* wire - payload, at least 0 */
	double coverage_rx, coverage_tx;    /* payload / wire; 1 when wire is 0 */
	uint64_t total_wire_rx, total_wire_tx;        /* since the first sample */
	uint64_t total_payload_rx, total_payload_tx;
	size_t conns_without_process;       /* live, with a reason each */
	size_t conns_without_bytes;         /* live sockets without counts */
	bool ip_bytes;                      /* counted by the eBPF counter */
	/* Bytes the namespace forwarded (in on one interface, out on
	 * another, no local socket), counted once and taken out of both
	 * wire figures before the comparison: this interval, and in all. */
	uint64_t forwarded, total_forwarded;
	/* Since the first sample: the unattributed bytes plus those of
	 * sockets without a process, which is what the "unattributed" app
	 * holds. */
	uint64_t total_unattributed_rx, total_unattributed_tx;
};

/* Fills out for the last sample. Return: 0, or -ENODATA when sockets are
 * not watched. */
int nlg_monitor_attribution(const struct nlg_monitor *mon, struct nlg_attribution *out);

/* ------------------------------------------------------------------------
 * Events of the last sample, in order: connections added, counts updated,
 * connections removed (with their final counts). Valid until the next
 * sample.
 */
enum nlg_event_type {
	NLG_EVENT_CONN_ADDED = 0,
	NLG_EVENT_CONN_UPDATED,
	NLG_EVENT_CONN_REMOVED,
};

struct nlg_event {
	enum nlg_event_type type;
	const struct nlg_conn *conn;
	uint64_t rx_delta, tx_delta;  /* payload bytes in this interval */
};

size_t nlg_event_count(const struct nlg_monitor *mon);
const struct nlg_event *nlg_event_at(const struct nlg_monitor *mon, size_t i);

/* ------------------------------------------------------------------------
 * What the last sample could not see about connections and processes,
 * one sentence each, as the platform explains it: connections that open
 * and close between two samples without the privilege to see them close,
 * other users' processes without root, per-connection bytes where their
 * source cannot be opened (macOS's network-statistics control). Valid
 * until the next sample; none when sockets are not watched.
 */
size_t nlg_monitor_note_count(const struct nlg_monitor *mon);
/* Return: the i-th note, or NULL. */
const char *nlg_monitor_note_at(const struct nlg_monitor *mon, size_t i);

/* ------------------------------------------------------------------------
 * The eBPF socket counter (Linux, root): small programs attached to the
 * cgroup v2 root count IP bytes and packets of every socket in the kernel,
 * and record which process made each socket. UDP and other sockets then
 * get byte counts, and a socket that lives and dies between two samples
 * keeps its process. Its counts start when it is loaded; it is detached
 * when the monitor is freed or the process exits, however it exits.
 */
enum nlg_ebpf_mode {
	NLG_EBPF_OFF = 0,  /* the default */
	NLG_EBPF_AUTO,     /* use it where it can be loaded, else go without */
	NLG_EBPF_ON,       /* a sample fails if it cannot be loaded */
};

/* Return: 0, -EINVAL for an unknown mode, or -EBUSY after the first
 * sample. Takes effect with NLG_WATCH_SOCKETS. */
int nlg_monitor_set_ebpf(struct nlg_monitor *mon, enum nlg_ebpf_mode mode);

/* Return: true when the eBPF socket counter runs. */
bool nlg_monitor_ebpf_active(const struct nlg_monitor *mon);

/* Return: why the eBPF socket counter does not run ("not built", "needs
 * root", the kernel's refusal, ...), or "" when it runs, was not asked, or
 * the platform has no such counter (it may count UDP another way). */
const char *nlg_monitor_ebpf_status(const struct nlg_monitor *mon);

/* Return: packets the eBPF counter could not give to a socket because its
 * table was full, so far (they stay in the unattributed line). */
uint64_t nlg_monitor_ebpf_overflow(const struct nlg_monitor *mon);

/* ------------------------------------------------------------------------
 * Incremental sampling (Linux, with the eBPF counter running): the eBPF
 * programs note which sockets changed (a packet, a TCP state change), and
 * a sample reads only those; the others keep their last reading, which is
 * exact since nothing moved on them. A full dump starts it, follows a lost
 * notice, and checks it every reconcile period; the sockets that check
 * finds wrong are counted (0 in a correct run). Without the counter every
 * sample is a full dump. The default is NLG_SAMPLING_AUTO: with the
 * counter, incremental; NLG_SAMPLING_FULL always dumps every socket.
 */
enum nlg_sampling {
	NLG_SAMPLING_AUTO = 0,  /* incremental where the eBPF counter runs */
	NLG_SAMPLING_FULL,      /* every sample dumps every socket */
};

struct nlg_sampling_stats {
	bool incremental;       /* samples read only the sockets that changed */
	uint64_t full_dumps;    /* the first, after lost notices, and each check */
	uint64_t reconciles;    /* periodic checks against a full dump */
	uint64_t differences;   /* sockets those checks found wrong, so far */
	uint64_t lost_notices;  /* change notices the kernel dropped (ring full) */
	uint64_t last_read;     /* sockets the last sample read */
};

/* reconcile_ns: the period of the check, 0 for the default (60 s).
 * Return: 0, -EINVAL for an unknown mode, or -EBUSY after the first sample. */
int nlg_monitor_set_sampling(struct nlg_monitor *mon, enum nlg_sampling mode,
			     uint64_t reconcile_ns);

/* Fills out with the sampling figures as of the last sample. */
void nlg_monitor_sampling_stats(const struct nlg_monitor *mon, struct nlg_sampling_stats *out);

/* ------------------------------------------------------------------------
 * Accounting of one command: every socket that a cgroup's processes (the
 * cgroup and those under it) or a process tree make, from the first byte
 * to the last, including sockets that open and close between samples.
 * An account samples on its own monitor (sockets watched, with the eBPF
 * counter as set): call nlg_account_sample() about once a second.
 */
struct nlg_account;

/* Return: a new account, not started, or NULL when out of memory. */
struct nlg_account *nlg_account_new(void);
/* Stops the account if it runs (see nlg_account_stop), then frees it. */
void nlg_account_free(struct nlg_account *a);

/* Return: 0, -EINVAL for an unknown mode, or -EBUSY once started. The
 * default is NLG_EBPF_AUTO. */
int nlg_account_set_ebpf(struct nlg_account *a, enum nlg_ebpf_mode mode);

/* Each start loads the counters (the first sample) before it returns, so
 * that a process added next is counted from its first socket.
 * Return: 0, or a negative error code with nlg_account_errmsg() saying
 * why; -EBUSY when already started. */
/* A new cgroup of its own (Linux: cgroup v2, under the root for root,
 * else under the caller's cgroup if delegated), empty until
 * nlg_account_add_process(); removed by nlg_account_stop(). */
int nlg_account_start_new_cgroup(struct nlg_account *a);
/* An existing cgroup, by its path in the cgroup v2 hierarchy ("/a/b"). */
int nlg_account_start_cgroup(struct nlg_account *a, const char *path);
/* The process pid and its descendants, found by their parents at each
 * sample: a short-lived process between two samples may be missed (said
 * in a note). */
int nlg_account_start_tree(struct nlg_account *a, int pid);

/* Moves process pid into the account's own cgroup (typically a child that
 * waits to exec the command until this returns).
 * Return: 0, -EINVAL when the account has no cgroup of its own, or the
 * kernel's refusal. */
int nlg_account_add_process(struct nlg_account *a, int pid);

/* Reads the kernel once. Return: 0 or a negative error code. */
int nlg_account_sample(struct nlg_account *a);

/* Return: 1 while a process is in the account's cgroup (or tree), 0 when
 * none is, or a negative error code. */
int nlg_account_populated(struct nlg_account *a);

/*
 * Takes the last samples (until the sockets of an empty cgroup have
 * closed, at most about 2 s), freezes the totals and the elapsed time,
 * and removes a cgroup made by nlg_account_start_new_cgroup(): processes
 * still in it move first to the caller's own cgroup, and *moved (may be
 * NULL) gets their number. The totals stay readable.
 * Return: 0, or a negative error code (the cgroup could not be removed)
 * with nlg_account_errmsg() saying why.
 */
int nlg_account_stop(struct nlg_account *a, int *moved);

/* Return: the detail of the last failure, or "". */
const char *nlg_account_errmsg(const struct nlg_account *a);
/* Return: the cgroup's path, or "" for a process tree. */
const char *nlg_account_cgroup(const struct nlg_account *a);
/* Return: the account's monitor (for its eBPF status and more). */
struct nlg_monitor *nlg_account_monitor(struct nlg_account *a);

struct nlg_account_totals {
	/* true: rx/tx_bytes are IP bytes of every socket (the eBPF counter);
	 * false: payload of the TCP sockets seen, and other protocols' bytes
	 * are unknown */
	bool ip_bytes;
	/* true: every socket was counted to its last byte; false: some may be
	 * missing (nlg_account_note_at() says what) */
	bool exact;
	uint64_t rx_bytes, tx_bytes;
	uint64_t rx_packets, tx_packets;       /* IP packets; 0 without eBPF */
	uint64_t tcp_rx_payload, tcp_tx_payload;
	uint64_t sockets;                      /* opened, every protocol */
	uint64_t elapsed_ns;                   /* since the start (until stop) */
	double rx_rate, tx_rate;               /* bytes/s over the last interval */
	double rx_peak, tx_peak;               /* highest over one interval */
};

/* Return: 0, or -EINVAL before the start. */
int nlg_account_totals(const struct nlg_account *a, struct nlg_account_totals *out);

/* Per protocol, per remote host and port, per process name: bytes as in
 * the totals (IP bytes, or TCP payload), sorted by rx + tx, largest
 * first. Valid until the next sample or stop. */
struct nlg_account_row {
	int proto;                   /* IPPROTO_*; 0 for a process row */
	struct nlg_endpoint remote;  /* family 0 when unknown or not a host row */
	char name[16];               /* the process's name (process rows) */
	uint64_t sockets;
	uint64_t rx_bytes, tx_bytes;
	bool bytes_known;            /* false: UDP or others without eBPF */
};
size_t nlg_account_proto_count(const struct nlg_account *a);
const struct nlg_account_row *nlg_account_proto_at(const struct nlg_account *a, size_t i);
size_t nlg_account_host_count(const struct nlg_account *a);
const struct nlg_account_row *nlg_account_host_at(const struct nlg_account *a, size_t i);
size_t nlg_account_proc_count(const struct nlg_account *a);
const struct nlg_account_row *nlg_account_proc_at(const struct nlg_account *a, size_t i);

/* What the totals may miss, one sentence each (valid until the next
 * sample); none when they are exact. */
size_t nlg_account_note_count(const struct nlg_account *a);
const char *nlg_account_note_at(const struct nlg_account *a, size_t i);

#ifdef __GNUC__
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* NETLEDGER_H */
