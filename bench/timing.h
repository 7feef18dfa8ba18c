/* SPDX-License-Identifier: MIT */
/* timing.h - what the benches share: a clock, medians, timed commands. */
#ifndef NLG_BENCH_TIMING_H
#define NLG_BENCH_TIMING_H

/* Return: CLOCK_MONOTONIC in microseconds. */
double Nlg_bench_now_us(void);

/* Return: the median of v[0..n) (sorts v). */
double Nlg_bench_median(double *v, int n);

/* Runs argv runs times, its output to /dev/null; exits on a failed run.
 * Return: the median time in microseconds. */
double Nlg_bench_time_exec(char *const argv[], int runs);

#endif
