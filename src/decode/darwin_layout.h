/* SPDX-License-Identifier: MIT */
/*
 * darwin_layout.h - the macOS byte layouts the decoders assume, as plain
 * constants (no Apple header is needed to compile or test them).
 *
 * Taken from xnu's bsd/net/route.h, if.h, if_var.h, if_dl.h and if_mib.h;
 * src/platform/darwin/layout_check.c asserts each public one against the
 * SDK's own structs when building for macOS. The layouts are the same on
 * x86_64 and arm64.
 */
#ifndef NLG_DECODE_DARWIN_LAYOUT_H
#define NLG_DECODE_DARWIN_LAYOUT_H

/* Routing message types and version (net/route.h). */
#define NLG_DW_RTM_VERSION      5
#define NLG_DW_RTM_NEWADDR      0x0c
#define NLG_DW_RTM_IFINFO       0x0e
#define NLG_DW_RTM_IFINFO2      0x12
#define NLG_DW_RTM_NEWMADDR2    0x13
#define NLG_DW_RTAX_IFP         4
#define NLG_DW_RTAX_MAX         8

/* The header every routing message starts with. */
#define NLG_DW_MSG_LEN_OFF      0  /* u16 */
#define NLG_DW_MSG_VERSION_OFF  2  /* u8 */
#define NLG_DW_MSG_TYPE_OFF     3  /* u8 */
#define NLG_DW_MSG_MIN          4

/* struct if_msghdr2 (net/if.h) */
#define NLG_DW_IFM2_ADDRS_OFF     4   /* int */
#define NLG_DW_IFM2_FLAGS_OFF     8   /* int */
#define NLG_DW_IFM2_INDEX_OFF     12  /* u16 */
#define NLG_DW_IFM2_SND_DROPS_OFF 24  /* int */
#define NLG_DW_IFM2_DATA_OFF      32  /* struct if_data64 */
#define NLG_DW_IFM2_SIZE          160

/* struct if_data64 (net/if_var.h, #pragma pack(4)) */
#define NLG_DW_IFD64_TYPE_OFF       0   /* u8 */
#define NLG_DW_IFD64_ADDRLEN_OFF    3   /* u8 */
#define NLG_DW_IFD64_MTU_OFF        8   /* u32 */
#define NLG_DW_IFD64_BAUDRATE_OFF   16  /* u64, bits per second */
#define NLG_DW_IFD64_IPACKETS_OFF   24
#define NLG_DW_IFD64_IERRORS_OFF    32
#define NLG_DW_IFD64_OPACKETS_OFF   40
#define NLG_DW_IFD64_OERRORS_OFF    48
#define NLG_DW_IFD64_COLLISIONS_OFF 56
#define NLG_DW_IFD64_IBYTES_OFF     64
#define NLG_DW_IFD64_OBYTES_OFF     72
#define NLG_DW_IFD64_IMCASTS_OFF    80
#define NLG_DW_IFD64_OMCASTS_OFF    88
#define NLG_DW_IFD64_IQDROPS_OFF    96
#define NLG_DW_IFD64_NOPROTO_OFF    104
#define NLG_DW_IFD64_SIZE           128

/* struct sockaddr_dl (net/if_dl.h) */
#define NLG_DW_AF_LINK          18
#define NLG_DW_SDL_LEN_OFF      0   /* u8 */
#define NLG_DW_SDL_FAMILY_OFF   1   /* u8 */
#define NLG_DW_SDL_INDEX_OFF    2   /* u16 */
#define NLG_DW_SDL_TYPE_OFF     4   /* u8 */
#define NLG_DW_SDL_NLEN_OFF     5   /* u8 */
#define NLG_DW_SDL_ALEN_OFF     6   /* u8 */
#define NLG_DW_SDL_DATA_OFF     8   /* name, then address */
#define NLG_DW_SDL_SIZE         20

/* net/if_mib.h is missing from the SDK; its stable constants: */
#define NLG_DW_NETLINK_GENERIC  0
#define NLG_DW_IFMIB_SYSTEM     1
#define NLG_DW_IFMIB_IFDATA     2
#define NLG_DW_IFMIB_IFCOUNT    1
#define NLG_DW_IFDATA_GENERAL   1

/* struct ifmibdata: if_data64 has 4-byte alignment, so ifmd_data
 * follows ifmd_filler[4] directly at 52. */
#define NLG_DW_IFMD_NAME_OFF      0   /* char[16] */
#define NLG_DW_IFMD_FLAGS_OFF     20  /* u32 */
#define NLG_DW_IFMD_SND_DROPS_OFF 32  /* u32 */
#define NLG_DW_IFMD_DATA_OFF      52  /* struct if_data64 */
#define NLG_DW_IFMD_SIZE          180

/* if_type values (net/if_types.h) that classify an interface. */
#define NLG_DW_IFT_OTHER        0x01
#define NLG_DW_IFT_ETHER        0x06
#define NLG_DW_IFT_PPP          0x17
#define NLG_DW_IFT_LOOP         0x18
#define NLG_DW_IFT_PROPVIRTUAL  0x35
#define NLG_DW_IFT_GIF          0x37
#define NLG_DW_IFT_STF          0x39
#define NLG_DW_IFT_IEEE80211    0x47
#define NLG_DW_IFT_L2VLAN       0x87
#define NLG_DW_IFT_IEEE8023ADLAG 0x88
#define NLG_DW_IFT_BRIDGE       0xd1
#define NLG_DW_IFT_6LOWPAN      0x40
#define NLG_DW_IFT_ENC          0xf4
#define NLG_DW_IFT_PFLOG        0xf5
#define NLG_DW_IFT_PFSYNC       0xf6
#define NLG_DW_IFT_CELLULAR     0xff

/* sysctl names (sys/sysctl.h, sys/socket.h) */
#define NLG_DW_CTL_NET          4
#define NLG_DW_PF_ROUTE         17
#define NLG_DW_PF_LINK          18
#define NLG_DW_NET_RT_IFLIST2   6

/* libproc (libproc.h, sys/proc_info.h): flavours and constants */
#define NLG_DW_PROC_ALL_PIDS        1
#define NLG_DW_PROC_PIDLISTFDS      1
#define NLG_DW_PROC_PIDTBSDINFO     3
#define NLG_DW_PROC_PIDFDSOCKETINFO 3
#define NLG_DW_PROX_FDTYPE_SOCKET   2
#define NLG_DW_SOCKINFO_IN          1
#define NLG_DW_SOCKINFO_TCP         2
#define NLG_DW_INI_IPV4             0x1
#define NLG_DW_INI_IPV6             0x2
#define NLG_DW_AF_INET              2
#define NLG_DW_AF_INET6             30

/* struct proc_fdinfo */
#define NLG_DW_FDI_FD_OFF       0   /* i32 */
#define NLG_DW_FDI_TYPE_OFF     4   /* u32 */
#define NLG_DW_FDI_SIZE         8

/* struct proc_bsdinfo */
#define NLG_DW_PBI_PID_OFF      12  /* u32 */
#define NLG_DW_PBI_PPID_OFF     16
#define NLG_DW_PBI_UID_OFF      20
#define NLG_DW_PBI_COMM_OFF     48  /* char[16] */
#define NLG_DW_PBI_NAME_OFF     64  /* char[32] */
#define NLG_DW_PBI_START_SEC_OFF  120 /* u64 */
#define NLG_DW_PBI_START_USEC_OFF 128 /* u64 */
#define NLG_DW_PBI_SIZE         136

/* struct socket_fdinfo: proc_fileinfo, then struct socket_info at 24 */
#define NLG_DW_SFI_PSI_OFF      24
#define NLG_DW_SFI_SIZE         792
/* struct socket_info, from psi */
#define NLG_DW_SOI_UID_OFF      16  /* soi_stat.vst_uid */
#define NLG_DW_SOI_SO_OFF       136 /* u64 opaque socket handle */
#define NLG_DW_SOI_PROTOCOL_OFF 156 /* i32 */
#define NLG_DW_SOI_FAMILY_OFF   160 /* i32 */
#define NLG_DW_SOI_KIND_OFF     232 /* i32 */
#define NLG_DW_SOI_PROTO_OFF    240 /* union soi_proto */
/* struct in_sockinfo (pri_in, and tcpsi_ini at the start of pri_tcp) */
#define NLG_DW_INSI_FPORT_OFF   0   /* i32, network order in the low 16 bits */
#define NLG_DW_INSI_LPORT_OFF   4
#define NLG_DW_INSI_VFLAG_OFF   24  /* u8 INI_IPV4 | INI_IPV6 */
#define NLG_DW_INSI_FADDR_OFF   32  /* in6_addr, or in4in6_addr with the IPv4 address at 12 */
#define NLG_DW_INSI_LADDR_OFF   48
#define NLG_DW_IN46_ADDR4_OFF   12
#define NLG_DW_INSI_SIZE        80
#define NLG_DW_TCPSI_STATE_OFF  80  /* i32, after tcpsi_ini */

#endif
