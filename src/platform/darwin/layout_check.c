/* SPDX-License-Identifier: MIT */
/*
 * layout_check.c - proves, at compile time against the SDK's own headers,
 * every byte layout that src/decode/ assumes for macOS. A wrong constant
 * fails the build, so a fixture written from the same wrong belief
 * cannot hide it.
 *
 * Not checked here, because the SDK does not ship their headers: the
 * network-statistics messages (ntstat.h is private; its offsets were
 * computed from xnu's sources, see src/decode/ntstat_layout.h) and pf's
 * pfi_kif (net/pfvar.h is private too).
 */
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_var.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sys/proc_info.h>
#include <libproc.h>

#include "decode/bsd_if.h"
#include "decode/darwin_layout.h"
#include "decode/ntstat_layout.h"

#define SAME_OFF(type, field, off) \
	_Static_assert(offsetof(type, field) == (off), #type "." #field " offset")
#define SAME_SIZE(type, size) _Static_assert(sizeof(type) == (size), #type " size")
#define SAME(a, b) _Static_assert((a) == (b), #a " == " #b)

/* Routing messages */
SAME(RTM_VERSION, NLG_DW_RTM_VERSION);
SAME(RTM_NEWADDR, NLG_DW_RTM_NEWADDR);
SAME(RTM_IFINFO, NLG_DW_RTM_IFINFO);
SAME(RTM_IFINFO2, NLG_DW_RTM_IFINFO2);
SAME(RTM_NEWMADDR2, NLG_DW_RTM_NEWMADDR2);
SAME(RTAX_IFP, NLG_DW_RTAX_IFP);
SAME(RTAX_MAX, NLG_DW_RTAX_MAX);
SAME(AF_LINK, NLG_DW_AF_LINK);

/* struct if_msghdr2 */
SAME_OFF(struct if_msghdr2, ifm_msglen, NLG_DW_MSG_LEN_OFF);
SAME_OFF(struct if_msghdr2, ifm_version, NLG_DW_MSG_VERSION_OFF);
SAME_OFF(struct if_msghdr2, ifm_type, NLG_DW_MSG_TYPE_OFF);
SAME_OFF(struct if_msghdr2, ifm_addrs, NLG_DW_IFM2_ADDRS_OFF);
SAME_OFF(struct if_msghdr2, ifm_flags, NLG_DW_IFM2_FLAGS_OFF);
SAME_OFF(struct if_msghdr2, ifm_index, NLG_DW_IFM2_INDEX_OFF);
SAME_OFF(struct if_msghdr2, ifm_snd_drops, NLG_DW_IFM2_SND_DROPS_OFF);
SAME_OFF(struct if_msghdr2, ifm_data, NLG_DW_IFM2_DATA_OFF);
SAME_SIZE(struct if_msghdr2, NLG_DW_IFM2_SIZE);
/* every routing message header starts the same way */
SAME_OFF(struct ifma_msghdr2, ifmam_msglen, NLG_DW_MSG_LEN_OFF);
SAME_OFF(struct ifma_msghdr2, ifmam_type, NLG_DW_MSG_TYPE_OFF);
SAME_OFF(struct ifa_msghdr, ifam_msglen, NLG_DW_MSG_LEN_OFF);
SAME_OFF(struct ifa_msghdr, ifam_type, NLG_DW_MSG_TYPE_OFF);

/* struct if_data64 */
SAME_OFF(struct if_data64, ifi_type, NLG_DW_IFD64_TYPE_OFF);
SAME_OFF(struct if_data64, ifi_addrlen, NLG_DW_IFD64_ADDRLEN_OFF);
SAME_OFF(struct if_data64, ifi_mtu, NLG_DW_IFD64_MTU_OFF);
SAME_OFF(struct if_data64, ifi_baudrate, NLG_DW_IFD64_BAUDRATE_OFF);
SAME_OFF(struct if_data64, ifi_ipackets, NLG_DW_IFD64_IPACKETS_OFF);
SAME_OFF(struct if_data64, ifi_ierrors, NLG_DW_IFD64_IERRORS_OFF);
SAME_OFF(struct if_data64, ifi_opackets, NLG_DW_IFD64_OPACKETS_OFF);
SAME_OFF(struct if_data64, ifi_oerrors, NLG_DW_IFD64_OERRORS_OFF);
SAME_OFF(struct if_data64, ifi_collisions, NLG_DW_IFD64_COLLISIONS_OFF);
SAME_OFF(struct if_data64, ifi_ibytes, NLG_DW_IFD64_IBYTES_OFF);
SAME_OFF(struct if_data64, ifi_obytes, NLG_DW_IFD64_OBYTES_OFF);
SAME_OFF(struct if_data64, ifi_imcasts, NLG_DW_IFD64_IMCASTS_OFF);
SAME_OFF(struct if_data64, ifi_omcasts, NLG_DW_IFD64_OMCASTS_OFF);
SAME_OFF(struct if_data64, ifi_iqdrops, NLG_DW_IFD64_IQDROPS_OFF);
SAME_OFF(struct if_data64, ifi_noproto, NLG_DW_IFD64_NOPROTO_OFF);
SAME_SIZE(struct if_data64, NLG_DW_IFD64_SIZE);
_Static_assert(sizeof(((struct if_data64 *)0)->ifi_ibytes) == 8, "64-bit byte counters");

/* struct sockaddr_dl */
SAME_OFF(struct sockaddr_dl, sdl_len, NLG_DW_SDL_LEN_OFF);
SAME_OFF(struct sockaddr_dl, sdl_family, NLG_DW_SDL_FAMILY_OFF);
SAME_OFF(struct sockaddr_dl, sdl_index, NLG_DW_SDL_INDEX_OFF);
SAME_OFF(struct sockaddr_dl, sdl_type, NLG_DW_SDL_TYPE_OFF);
SAME_OFF(struct sockaddr_dl, sdl_nlen, NLG_DW_SDL_NLEN_OFF);
SAME_OFF(struct sockaddr_dl, sdl_alen, NLG_DW_SDL_ALEN_OFF);
SAME_OFF(struct sockaddr_dl, sdl_data, NLG_DW_SDL_DATA_OFF);
SAME_SIZE(struct sockaddr_dl, NLG_DW_SDL_SIZE);

/* struct ifmibdata, missing from the SDK: as xnu's net/if_mib.h declares
 * it, on top of the SDK's if_data64 (whose 4-byte alignment places
 * ifmd_data at 52). */
struct Nlg_dw_ifmibdata {
	char ifmd_name[IFNAMSIZ];
	unsigned int ifmd_pcount;
	unsigned int ifmd_flags;
	unsigned int ifmd_snd_len;
	unsigned int ifmd_snd_maxlen;
	unsigned int ifmd_snd_drops;
	unsigned int ifmd_filler[4];
	struct if_data64 ifmd_data;
};
SAME_OFF(struct Nlg_dw_ifmibdata, ifmd_name, NLG_DW_IFMD_NAME_OFF);
SAME_OFF(struct Nlg_dw_ifmibdata, ifmd_flags, NLG_DW_IFMD_FLAGS_OFF);
SAME_OFF(struct Nlg_dw_ifmibdata, ifmd_snd_drops, NLG_DW_IFMD_SND_DROPS_OFF);
SAME_OFF(struct Nlg_dw_ifmibdata, ifmd_data, NLG_DW_IFMD_DATA_OFF);
SAME_SIZE(struct Nlg_dw_ifmibdata, NLG_DW_IFMD_SIZE);
SAME(IFNAMSIZ, NLG_NAME_MAX);

/* sysctl names */
SAME(NET_RT_IFLIST2, NLG_DW_NET_RT_IFLIST2);

/* sysctl names */
SAME(CTL_NET, NLG_DW_CTL_NET);
SAME(PF_ROUTE, NLG_DW_PF_ROUTE);
SAME(PF_LINK, NLG_DW_PF_LINK);

/* libproc's records, decoded from bytes by src/decode/darwin_proc.c */
SAME(PROC_ALL_PIDS, NLG_DW_PROC_ALL_PIDS);
SAME(PROC_PIDLISTFDS, NLG_DW_PROC_PIDLISTFDS);
SAME(PROC_PIDTBSDINFO, NLG_DW_PROC_PIDTBSDINFO);
SAME(PROC_PIDFDSOCKETINFO, NLG_DW_PROC_PIDFDSOCKETINFO);
SAME(PROX_FDTYPE_SOCKET, NLG_DW_PROX_FDTYPE_SOCKET);
SAME(SOCKINFO_IN, NLG_DW_SOCKINFO_IN);
SAME(SOCKINFO_TCP, NLG_DW_SOCKINFO_TCP);
SAME(INI_IPV4, NLG_DW_INI_IPV4);
SAME(INI_IPV6, NLG_DW_INI_IPV6);
SAME(AF_INET, NLG_DW_AF_INET);
SAME(AF_INET6, NLG_DW_AF_INET6);
SAME_OFF(struct proc_fdinfo, proc_fd, NLG_DW_FDI_FD_OFF);
SAME_OFF(struct proc_fdinfo, proc_fdtype, NLG_DW_FDI_TYPE_OFF);
SAME_SIZE(struct proc_fdinfo, NLG_DW_FDI_SIZE);
SAME_OFF(struct proc_bsdinfo, pbi_pid, NLG_DW_PBI_PID_OFF);
SAME_OFF(struct proc_bsdinfo, pbi_ppid, NLG_DW_PBI_PPID_OFF);
SAME_OFF(struct proc_bsdinfo, pbi_uid, NLG_DW_PBI_UID_OFF);
SAME_OFF(struct proc_bsdinfo, pbi_comm, NLG_DW_PBI_COMM_OFF);
SAME_OFF(struct proc_bsdinfo, pbi_name, NLG_DW_PBI_NAME_OFF);
SAME_OFF(struct proc_bsdinfo, pbi_start_tvsec, NLG_DW_PBI_START_SEC_OFF);
SAME_OFF(struct proc_bsdinfo, pbi_start_tvusec, NLG_DW_PBI_START_USEC_OFF);
SAME_SIZE(struct proc_bsdinfo, NLG_DW_PBI_SIZE);
SAME_OFF(struct socket_fdinfo, psi, NLG_DW_SFI_PSI_OFF);
SAME_SIZE(struct socket_fdinfo, NLG_DW_SFI_SIZE);
SAME_OFF(struct socket_info, soi_stat.vst_uid, NLG_DW_SOI_UID_OFF);
SAME_OFF(struct socket_info, soi_so, NLG_DW_SOI_SO_OFF);
SAME_OFF(struct socket_info, soi_protocol, NLG_DW_SOI_PROTOCOL_OFF);
SAME_OFF(struct socket_info, soi_family, NLG_DW_SOI_FAMILY_OFF);
SAME_OFF(struct socket_info, soi_kind, NLG_DW_SOI_KIND_OFF);
SAME_OFF(struct socket_info, soi_proto, NLG_DW_SOI_PROTO_OFF);
SAME_OFF(struct in_sockinfo, insi_fport, NLG_DW_INSI_FPORT_OFF);
SAME_OFF(struct in_sockinfo, insi_lport, NLG_DW_INSI_LPORT_OFF);
SAME_OFF(struct in_sockinfo, insi_vflag, NLG_DW_INSI_VFLAG_OFF);
SAME_OFF(struct in_sockinfo, insi_faddr, NLG_DW_INSI_FADDR_OFF);
SAME_OFF(struct in_sockinfo, insi_laddr, NLG_DW_INSI_LADDR_OFF);
SAME_OFF(struct in4in6_addr, i46a_addr4, NLG_DW_IN46_ADDR4_OFF);
SAME_SIZE(struct in_sockinfo, NLG_DW_INSI_SIZE);
SAME_OFF(struct tcp_sockinfo, tcpsi_state, NLG_DW_TCPSI_STATE_OFF);

/* Interface flags */
SAME(IFF_UP, NLG_BSD_IFF_UP);
SAME(IFF_BROADCAST, NLG_BSD_IFF_BROADCAST);
SAME(IFF_LOOPBACK, NLG_BSD_IFF_LOOPBACK);
SAME(IFF_POINTOPOINT, NLG_BSD_IFF_POINTOPOINT);
SAME(IFF_RUNNING, NLG_BSD_IFF_RUNNING);
SAME(IFF_NOARP, NLG_BSD_IFF_NOARP);
SAME(IFF_PROMISC, NLG_BSD_IFF_PROMISC);
SAME(IFF_MULTICAST, NLG_BSD_IFF_MULTICAST);

/* TCP states: Nlg_ntstat_tcp_state() maps TCPS_* by number, and libproc's
 * TSI_S_* repeat them. */
SAME(TSI_S_CLOSED, 0);
SAME(TSI_S_LISTEN, 1);
SAME(TSI_S_SYN_SENT, 2);
SAME(TSI_S_SYN_RECEIVED, 3);
SAME(TSI_S_ESTABLISHED, 4);
SAME(TSI_S__CLOSE_WAIT, 5);
SAME(TSI_S_FIN_WAIT_1, 6);
SAME(TSI_S_CLOSING, 7);
SAME(TSI_S_LAST_ACK, 8);
SAME(TSI_S_FIN_WAIT_2, 9);
SAME(TSI_S_TIME_WAIT, 10);

/* The sockaddr union in ntstat's descriptors (ntstat.h itself is private) */
SAME(AF_INET, NLG_NSTAT_AF_INET);
SAME(AF_INET6, NLG_NSTAT_AF_INET6);
SAME_SIZE(struct sockaddr_in6, NLG_NSTAT_SA_SIZE);
SAME_OFF(struct sockaddr_in6, sin6_port, 2);
SAME_OFF(struct sockaddr_in6, sin6_addr, 8);
SAME_OFF(struct sockaddr_in, sin_addr, 4);

/* The translation unit needs one declaration besides the assertions. */
extern const int Nlg_dw_layouts_checked;
const int Nlg_dw_layouts_checked = 1;
