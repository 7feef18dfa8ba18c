/* SPDX-License-Identifier: MIT */
/* config.c - netledgerd.conf: "key = value" lines, '#' comments. */
#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon.h"

#define NS 1000000000ull

void Nlgd_config_defaults(struct Nlgd_config *c)
{
	*c = (struct Nlgd_config){
		.db = "/var/lib/netledger/netledger.db",
		.interval_ns = NS,
		.apps_interval_ns = 0,  /* 1 s with incremental samples, else 5 s */
		.flush_ns = 10 * NS,
		.apps = true,
		.ebpf = NLG_EBPF_AUTO,
		.sampling = NLG_SAMPLING_AUTO,
		.metrics = true,
		.listen = "127.0.0.1",
		.port = 9753,
		.metrics_top_apps = 20,
		.billing_day = 1,
		.boot_id_file = "/proc/sys/kernel/random/boot_id",
	};
	Nlg_store_policy_default(&c->policy);
}

int Nlgd_parse_duration(const char *s, bool allow_forever, uint64_t *ns)
{
	static const struct { const char *unit; uint64_t ns; } units[] = {
		{ "ms", 1000000ull }, { "s", NS }, { "", NS }, { "m", 60 * NS },
		{ "h", 3600 * NS }, { "d", 86400 * NS }, { "y", 365 * 86400 * NS },
	};
	if (allow_forever && !strcmp(s, "forever")) {
		*ns = 0;
		return 0;
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || !isdigit((unsigned char)s[0]))
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v > UINT64_MAX / units[i].ns || (!v && !allow_forever))
			return -1;
		*ns = v * units[i].ns;
		return 0;
	}
	return -1;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

static int parse_ebpf(const char *v, enum nlg_ebpf_mode *out)
{
	if (!strcmp(v, "auto"))
		*out = NLG_EBPF_AUTO;
	else if (!strcmp(v, "on"))
		*out = NLG_EBPF_ON;
	else if (!strcmp(v, "off"))
		*out = NLG_EBPF_OFF;
	else
		return -1;
	return 0;
}

static int parse_uint(const char *v, unsigned long max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long x = strtoul(v, &end, 10);
	if (errno || end == v || *end || !isdigit((unsigned char)v[0]) || x > max)
		return -1;
	*out = (unsigned)x;
	return 0;
}

static int parse_string(const char *v, char *dst, size_t size)
{
	if (!v[0] || strlen(v) >= size)
		return -1;
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int parse_keep(const char *v, int64_t *keep)
{
	uint64_t ns;
	if (Nlgd_parse_duration(v, true, &ns) < 0)
		return -1;
	*keep = (int64_t)(ns / NS);
	return 0;
}

/* Return: 0, -1 for an invalid value, -2 for an unknown key. */
static int apply(struct Nlgd_config *c, const char *k, const char *v)
{
	uint64_t ns;
	if (!strcmp(k, "database"))
		return parse_string(v, c->db, sizeof(c->db));
	if (!strcmp(k, "interval") || !strcmp(k, "flush_interval") || !strcmp(k, "apps_interval")) {
		if (Nlgd_parse_duration(v, false, &ns) < 0 || ns < 10000000ull)
			return -1;
		*(k[0] == 'i' ? &c->interval_ns : k[0] == 'f' ? &c->flush_ns : &c->apps_interval_ns) = ns;
		return 0;
	}
	if (!strcmp(k, "keep_minutes"))
		return parse_keep(v, &c->policy.keep[NLG_RES_MINUTE]);
	if (!strcmp(k, "keep_hours"))
		return parse_keep(v, &c->policy.keep[NLG_RES_HOUR]);
	if (!strcmp(k, "keep_days"))
		return parse_keep(v, &c->policy.keep[NLG_RES_DAY]);
	if (!strcmp(k, "keep_months"))
		return parse_keep(v, &c->policy.keep[NLG_RES_MONTH]);
	if (!strcmp(k, "top_apps"))
		return parse_uint(v, 100000, &c->policy.top_apps);
	if (!strcmp(k, "metrics_top_apps"))
		return parse_uint(v, 100000, &c->metrics_top_apps);
	if (!strcmp(k, "billing_day"))
		return parse_uint(v, 31, &c->billing_day) < 0 || !c->billing_day ? -1 : 0;
	if (!strcmp(k, "apps"))
		return parse_bool(v, &c->apps);
	if (!strcmp(k, "ebpf"))
		return parse_ebpf(v, &c->ebpf);
	if (!strcmp(k, "sampling") && (!strcmp(v, "auto") || !strcmp(v, "full"))) {
		c->sampling = v[0] == 'a' ? NLG_SAMPLING_AUTO : NLG_SAMPLING_FULL;
		return 0;
	}
	if (!strcmp(k, "sampling"))
		return -1;
	if (!strcmp(k, "reconcile_interval"))
		return Nlgd_parse_duration(v, false, &c->reconcile_ns) < 0 || c->reconcile_ns < NS ? -1 : 0;
	if (!strcmp(k, "netns"))
		return parse_string(v, c->netns, sizeof(c->netns));
	if (!strcmp(k, "all_netns_interfaces"))
		return parse_bool(v, &c->all_netns_interfaces);
	if (!strcmp(k, "metrics"))
		return parse_bool(v, &c->metrics);
	if (!strcmp(k, "listen"))
		return parse_string(v, c->listen, sizeof(c->listen));
	if (!strcmp(k, "port"))
		return parse_uint(v, 65535, &c->port);
	if (!strcmp(k, "boot_id_file"))
		return parse_string(v, c->boot_id_file, sizeof(c->boot_id_file));
	return -2;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Return: 0, or -1 with the message (without the location) in err. */
static int parse_line(struct Nlgd_config *c, char *line, char *err, size_t errlen)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *s = trim(line);
	if (!*s)
		return 0;
	char *eq = strchr(s, '=');
	if (!eq) {
		snprintf(err, errlen, "expected 'key = value', got '%.60s'", s);
		return -1;
	}
	*eq = '\0';
	char *k = trim(s), *v = trim(eq + 1);
	int rc = apply(c, k, v);
	if (rc == -2)
		snprintf(err, errlen, "unknown key '%.60s'", k);
	else if (rc < 0)
		snprintf(err, errlen, "invalid value '%.60s' for %.40s", v, k);
	return rc < 0 ? -1 : 0;
}

int Nlgd_config_load(struct Nlgd_config *c, const char *path, bool must_exist,
		     char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct Nlgd_config next = *c;
	char line[4352], msg[200];
	unsigned lineno = 0;
	int rc = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(msg, sizeof(msg), "line too long");
			rc = -1;
		} else {
			rc = parse_line(&next, line, msg, sizeof(msg));
		}
	}
	if (!rc && ferror(f)) {
		snprintf(msg, sizeof(msg), "read error");
		rc = -1;
	}
	fclose(f);
	if (rc) {
		snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
		return -1;
	}
	*c = next;
	return 0;
}
