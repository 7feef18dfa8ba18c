/* SPDX-License-Identifier: MIT */
/*
 * seeds.c - writes the fixtures as seed corpora of the fuzzers:
 * seeds DIR creates DIR/<target>/<n> files.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "seed_write.h"
#include "../fixtures/fixtures.h"

static int pf_seeds(const char *dir, uint8_t *buf, size_t cap)
{
	static const struct Nlg_pf_kif_layout *const layouts[] = {
		&Nlg_pf_kif_freebsd_lp64, &Nlg_pf_kif_openbsd_lp64, &Nlg_pf_kif_darwin,
	};
	int err = 0;
	for (int i = 0; i < 3; i++) {
		buf[0] = (uint8_t)i; /* the target's layout selector */
		size_t len = fx_pf_kifs(layouts[i], buf + 1, cap - 1);
		err |= Nlg_write_seed(dir, "fuzz_pf_kif", i, buf, len + 1);
	}
	return err;
}

static int proc_seeds(const char *dir, uint8_t *buf, size_t cap)
{
	static const uint8_t vflags[] = { 1, 2, 3 };
	int err = 0;
	buf[0] = 1; /* the target's decoder selector: process */
	err |= Nlg_write_seed(dir, "fuzz_darwin_proc", 0, buf, fx_bsdinfo(buf + 1, cap - 1) + 1);
	for (int i = 0; i < 3; i++) {
		buf[0] = 2; /* socket */
		size_t len = fx_socket_fdinfo(buf + 1, cap - 1, 1 + i % 2, i ? 30 : 2, vflags[i]);
		err |= Nlg_write_seed(dir, "fuzz_darwin_proc", i + 1, buf, len + 1);
	}
	return err;
}

int main(int argc, char **argv)
{
	static uint8_t buf[16384];
	size_t len, off;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	len = fx_iflist2(buf, sizeof(buf));
	err |= Nlg_write_seed(argv[1], "fuzz_iflist2", 0, buf, len);
	off = fx_iflist2_en0(&len);
	err |= Nlg_write_seed(argv[1], "fuzz_iflist2", 1, buf + off, len);
	len = fx_ifmibdata(buf, sizeof(buf));
	err |= Nlg_write_seed(argv[1], "fuzz_ifmib", 0, buf, len);
	len = fx_nstat_all(buf, sizeof(buf));
	err |= Nlg_write_seed(argv[1], "fuzz_ntstat", 0, buf, len);
	for (int k = 0; k < FX_NSTAT_COUNT; k++) {
		len = fx_nstat_msg((enum fx_nstat_kind)k, buf, sizeof(buf));
		err |= Nlg_write_seed(argv[1], "fuzz_ntstat", k + 1, buf, len);
	}
	len = fx_nstat_all(buf, sizeof(buf));
	err |= Nlg_write_seed(argv[1], "fuzz_ntstat_flows", 0, buf, len);
	err |= pf_seeds(argv[1], buf, sizeof(buf));
	err |= proc_seeds(argv[1], buf, sizeof(buf));
	if (err) {
		fprintf(stderr, "seeds: cannot write under %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
