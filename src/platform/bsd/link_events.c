/* SPDX-License-Identifier: MIT */
/*
 * link_events.c - the part of the platform interface that macOS and
 * FreeBSD answer alike: one link source, and no link-event socket (an
 * interface removed between two samples ends with its last sampled
 * totals), so no events are ever lost.
 */
#include "platform/platform.h"

enum nlg_link_source Nlg_platform_link_source(const struct Nlg_platform *p)
{
	(void)p;
	return NLG_LINK_SOURCE_AUTO;
}

uint64_t Nlg_platform_lost_link_events(const struct Nlg_platform *p)
{
	(void)p;
	return 0;
}
