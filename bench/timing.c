/* SPDX-License-Identifier: MIT */
/* timing.c - a clock, medians and timed commands for the benches. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

double Nlg_bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double Nlg_bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Nlg_bench_time_exec(char *const argv[], int runs)
{
	double *t = calloc((size_t)runs, sizeof(*t));
	if (!t) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	for (int i = 0; i < runs; i++) {
		double s = Nlg_bench_now_us();
		pid_t pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			execvp(argv[0], argv);
			_exit(127);
		}
		int st;
		if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "%s failed\n", argv[0]);
			exit(1);
		}
		t[i] = Nlg_bench_now_us() - s;
	}
	double m = Nlg_bench_median(t, runs);
	free(t);
	return m;
}
