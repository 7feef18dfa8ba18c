/* SPDX-License-Identifier: MIT */
/*
 * ebpf_floor OBJECT CGROUP PREFIX: attaches the cgroup_skb programs of
 * OBJECT whose names start with PREFIX to the cgroup CGROUP, and holds
 * them until SIGINT or SIGTERM (the links die with the process). For
 * bench/ebpf --floor.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: ebpf_floor OBJECT CGROUP PREFIX\n");
		return 2;
	}
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	struct bpf_program *prog;
	if (!obj) {
		fprintf(stderr, "ebpf_floor: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	/* only the pair asked for: the others would be loaded, not run */
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, strncmp(bpf_program__name(prog), argv[3],
							strlen(argv[3])) == 0);
	if (bpf_object__load(obj) < 0) {
		fprintf(stderr, "ebpf_floor: cannot load %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	int cg = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg < 0) {
		fprintf(stderr, "ebpf_floor: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	int n = 0;
	bpf_object__for_each_program(prog, obj) {
		if (strncmp(bpf_program__name(prog), argv[3], strlen(argv[3])) != 0)
			continue;
		if (!bpf_program__attach_cgroup(prog, cg)) {
			fprintf(stderr, "ebpf_floor: cannot attach %s: %s\n",
				bpf_program__name(prog), strerror(errno));
			return 1;
		}
		n++;
	}
	if (n == 0) {
		fprintf(stderr, "ebpf_floor: no program named %s*\n", argv[3]);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop)
		pause();
	bpf_object__close(obj);
	return 0;
}
