/* SPDX-License-Identifier: MIT */
/* period.c - bucket boundaries in UTC. */
#include <time.h>

#include "store/store.h"

static int64_t floor_to(int64_t t, int64_t step)
{
	int64_t r = t % step;
	return r < 0 ? t - r - step : t - r;
}

static int64_t month_start(int64_t t, int add)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	tm = (struct tm){ .tm_year = tm.tm_year, .tm_mon = tm.tm_mon + add, .tm_mday = 1 };
	return (int64_t)timegm(&tm);
}

int64_t Nlg_res_start(enum Nlg_res res, int64_t t)
{
	switch (res) {
	case NLG_RES_MINUTE: return floor_to(t, 60);
	case NLG_RES_HOUR: return floor_to(t, 3600);
	case NLG_RES_DAY: return floor_to(t, 86400);
	default: return month_start(t, 0);
	}
}

int64_t Nlg_res_next(enum Nlg_res res, int64_t start)
{
	switch (res) {
	case NLG_RES_MINUTE: return start + 60;
	case NLG_RES_HOUR: return start + 3600;
	case NLG_RES_DAY: return start + 86400;
	default: return month_start(start, 1);
	}
}

const char *Nlg_res_name(enum Nlg_res res)
{
	static const char *const names[NLG_RES_COUNT] = { "minute", "hour", "day", "month" };
	return (unsigned)res < NLG_RES_COUNT ? names[res] : "?";
}
