/* SPDX-License-Identifier: MIT */
/*
 * cmd_run.c - netledger run -- COMMAND: runs the command in a cgroup of
 * its own and prints what it and everything it started sent and received.
 * Like time(1), the command keeps the terminal and its process group:
 * Ctrl-C reaches it, while netledger ignores SIGINT and SIGQUIT as long as
 * it waits; SIGTERM and SIGHUP sent to netledger go on to the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stddef.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/json_out.h"
#include "cli/run.h"

/* Sockets are read at least this often (progress lines may ask for more). */
#define SAMPLE_NS 1000000000ull
/* How often an emptied cgroup is looked for with --wait-all. */
#define EMPTY_POLL_MS 100

static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t forwarded;
static int wake_fd[2] = { -1, -1 };

struct saved_signals {
	struct sigaction intr, quit, term, hup, chld;
};

/* Return: 0, 1 after --help, or -1 for a usage error. */
static const struct Nlg_cmd_opts command = {
	.name = "run",
	.synopsis = "[OPTIONS] -- COMMAND [ARGS...]",
	.opts = (const struct Nlg_opt[]){
		{ "json", 'j', NLG_OPT_STRING, "FILE", "write the summary as JSON to FILE ('-': stdout)",
		  offsetof(struct Nlg_run_opts, json) },
		{ "interval", 'i', NLG_OPT_SECONDS, "S", "a progress line on stderr every S seconds",
		  offsetof(struct Nlg_run_opts, interval_ns) },
		{ "quiet", 'q', NLG_OPT_FLAG, NULL, "no summary on stderr (only the JSON)",
		  offsetof(struct Nlg_run_opts, quiet) },
		{ "wait-all", 'a', NLG_OPT_FLAG, NULL, "wait until every process of the command has exited,\n"
		  "not only COMMAND itself", offsetof(struct Nlg_run_opts, wait_all) },
		NLG_OPTE_EBPF(struct Nlg_run_opts, ebpf, NLG_EBPF_DEFAULT_AUTO),
		NLG_OPTE_END,
	},
	.about = "Runs COMMAND in a cgroup of its own and, when it exits, prints on stderr\n"
		 "what it and every process it started sent and received: bytes, sockets per\n"
		 "protocol, remote hosts, processes, wall time and rates. Exits with the\n"
		 "command's status (128+N when signal N ended it).\n\n",
	.footer = "\nExit status: the command's; 125 netledger failed, 126 COMMAND cannot run,\n"
		  "127 COMMAND not found, 2 usage error.\n",
	/* the options end at the command, which has options of its own */
	.operands = true,
};

static int parse_opts(int argc, char **argv, struct Nlg_run_opts *o)
{
	*o = (struct Nlg_run_opts){ .ebpf = NLG_EBPF_AUTO };
	int r = Nlg_opts_parse(&command, argc, argv, o);
	if (r != NLG_OPTS_GO)
		return r;
	if (optind >= argc) {
		Nlg_cli_error("run: no command given (netledger run -- COMMAND [ARGS...])");
		return NLG_EXIT_USAGE;
	}
	o->argv = argv + optind;
	o->argc = argc - optind;
	return NLG_OPTS_GO;
}

static void on_forward(int sig)
{
	int saved = errno;
	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
	forwarded = sig;
	errno = saved;
}

static void on_child(int sig)
{
	int saved = errno;
	(void)sig;
	/* wakes the poll of the wait loop (the self-pipe trick); a full pipe
	 * has woken it already */
	ssize_t n = write(wake_fd[1], "c", 1);
	(void)n;
	errno = saved;
}

static void set_handler(int sig, void (*fn)(int), struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = fn };
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, old);
}

/* Before the fork: netledger's own dispositions, the old ones kept for
 * the command. */
static void take_signals(struct saved_signals *s)
{
	set_handler(SIGINT, SIG_IGN, &s->intr);
	set_handler(SIGQUIT, SIG_IGN, &s->quit);
	set_handler(SIGTERM, on_forward, &s->term);
	set_handler(SIGHUP, on_forward, &s->hup);
	set_handler(SIGCHLD, on_child, &s->chld);
}

static void give_back_signals(const struct saved_signals *s)
{
	sigaction(SIGINT, &s->intr, NULL);
	sigaction(SIGQUIT, &s->quit, NULL);
	sigaction(SIGTERM, &s->term, NULL);
	sigaction(SIGHUP, &s->hup, NULL);
	sigaction(SIGCHLD, &s->chld, NULL);
}

/* The child: waits for the word to go (its cgroup joined), then runs the
 * command; a failed exec is told to the parent through errpipe. */
static void child(char **argv, int go, int errpipe, const struct saved_signals *s)
{
	char word = 0;
	give_back_signals(s);
	close(wake_fd[0]);
	close(wake_fd[1]);
	while (read(go, &word, 1) < 0 && errno == EINTR)
		;
	if (word != 'g')
		_exit(NLG_RUN_EXIT_FAILED);
	execvp(argv[0], argv);
	int e = errno;
	if (write(errpipe, &e, sizeof(e)) < 0)
		_exit(NLG_RUN_EXIT_FAILED);
	_exit(e == ENOENT ? NLG_RUN_EXIT_NOTFOUND : NLG_RUN_EXIT_CANNOT);
}

/* pipe2() is not everywhere: close-on-exec set by hand (no other thread
 * forks meanwhile). Return: 0 or -1 with errno set. */
static int cloexec_pipe(int fd[2], bool nonblock)
{
	if (pipe(fd) < 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (fcntl(fd[i], F_SETFD, FD_CLOEXEC) < 0 ||
		    (nonblock && fcntl(fd[i], F_SETFL, O_NONBLOCK) < 0))
			return -1;
	return 0;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Return: true once the child has exited, its status in *status. */
static bool reaped(pid_t pid, int *status)
{
	char buf[64];
	while (read(wake_fd[0], buf, sizeof(buf)) > 0)
		;
	pid_t r;
	while ((r = waitpid(pid, status, WNOHANG)) < 0 && errno == EINTR)
		;
	return r == pid || (r < 0 && errno == ECHILD);
}

static void sample(struct nlg_account *a, bool *warned)
{
	if (nlg_account_sample(a) < 0 && !*warned) {
		Nlg_cli_error("run: %s", nlg_account_errmsg(a));
		*warned = true;
	}
}

/* Samples until the command exits (and, with --wait-all, every process
 * of its cgroup), printing progress. Return: its wait status. */
static int wait_loop(struct nlg_account *a, const struct Nlg_run_opts *o, pid_t pid,
		     struct Nlg_run_result *res)
{
	uint64_t every = o->interval_ns && o->interval_ns < SAMPLE_NS ? o->interval_ns : SAMPLE_NS;
	uint64_t next = res->start_ns + every, next_progress = res->start_ns + o->interval_ns;
	bool exited = false, warned = false;
	int status = 0;
	for (;;) {
		if (!exited && reaped(pid, &status)) {
			exited = true;
			res->end_ns = mono_ns();
			child_pid = 0;
			if (!o->wait_all)
				break;
		}
		if (exited && (nlg_account_populated(a) <= 0 || forwarded)) {
			res->end_ns = mono_ns();
			break;
		}
		uint64_t now = mono_ns();
		if (now >= next) {
			sample(a, &warned);
			next = now + every;
		}
		if (o->interval_ns && now >= next_progress) {
			Nlg_run_print_progress(a, (double)(now - res->start_ns) / 1e9);
			next_progress = now + o->interval_ns;
		}
		uint64_t due = next < next_progress || !o->interval_ns ? next : next_progress;
		int ms = due > now ? (int)((due - now) / 1000000u) + 1 : 0;
		if (exited && ms > EMPTY_POLL_MS)
			ms = EMPTY_POLL_MS;
		struct pollfd pfd = { .fd = wake_fd[0], .events = POLLIN };
		poll(&pfd, 1, ms);
	}
	return status;
}

/* Starts the command. Return: its pid, or -1 after saying why, with the
 * exit status for netledger in *fail. */
static pid_t launch(struct nlg_account *a, const struct Nlg_run_opts *o, bool tree,
		    const struct saved_signals *s, int *fail)
{
	int go[2], errp[2], e = 0;
	*fail = NLG_RUN_EXIT_FAILED;
	if (cloexec_pipe(go, false) < 0 || cloexec_pipe(errp, false) < 0) {
		Nlg_cli_error("run: pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(go[1]);
		close(errp[0]);
		child(o->argv, go[0], errp[1], s);
	}
	close(go[0]);
	close(errp[1]);
	if (pid < 0) {
		Nlg_cli_error("run: fork: %s", strerror(errno));
		close(go[1]);
		close(errp[0]);
		return -1;
	}
	child_pid = pid;
	int err = tree ? nlg_account_start_tree(a, pid) : nlg_account_add_process(a, pid);
	char word = err < 0 ? 'x' : 'g';
	if (err < 0)
		Nlg_cli_error("run: %s", nlg_account_errmsg(a));
	if (write(go[1], &word, 1) < 0)
		err = -errno;
	close(go[1]);
	/* end of file: exec succeeded (the pipe is close-on-exec) */
	ssize_t n;
	while ((n = read(errp[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(errp[0]);
	if (err >= 0 && n != sizeof(e))
		return pid;
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	if (err >= 0) {
		Nlg_cli_error("run: cannot run '%s': %s", o->argv[0], strerror(e));
		*fail = e == ENOENT ? NLG_RUN_EXIT_NOTFOUND : NLG_RUN_EXIT_CANNOT;
	}
	return -1;
}

/* A cgroup of its own, or else the process tree (why in cgroup_why). */
static int start(struct nlg_account *a, const struct Nlg_run_opts *o, bool *tree,
		 char *cgroup_why, size_t size)
{
	nlg_account_set_ebpf(a, o->ebpf);
	*tree = false;
	cgroup_why[0] = '\0';
	if (nlg_account_start_new_cgroup(a) == 0)
		return 0;
	if (nlg_account_cgroup(a)[0]) {
		/* the cgroup was made; the monitor failed */
		Nlg_cli_error("run: %s", nlg_account_errmsg(a));
		return -1;
	}
	snprintf(cgroup_why, size, "%s", nlg_account_errmsg(a));
	*tree = true;
	return 0;
}

/* What is not exact, in one line before the command's own output. */
static void say_degraded(struct nlg_account *a, const struct Nlg_run_opts *o,
			 const char *cgroup_why)
{
	const char *ebpf = nlg_monitor_ebpf_status(nlg_account_monitor(a));
	bool no_ebpf = !nlg_monitor_ebpf_active(nlg_account_monitor(a)) && o->ebpf != NLG_EBPF_OFF;
	if (!cgroup_why[0] && !no_ebpf)
		return;
	char what[600];
	int n = 0;
	if (cgroup_why[0])
		n = snprintf(what, sizeof(what), "no cgroup (%s)%s", cgroup_why, no_ebpf ? ", " : "");
	if (no_ebpf && n >= 0 && (size_t)n < sizeof(what))
		snprintf(what + n, sizeof(what) - (size_t)n, "no eBPF counter (%s)",
			 ebpf[0] ? ebpf : "not available");
	Nlg_cli_error("run: %s: counting sampled sockets%s; the summary says what may be missing",
		      what, cgroup_why[0] ? " of the process tree" : "");
}

static int exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : NLG_RUN_EXIT_FAILED;
}

static void finish(struct nlg_account *a, const struct Nlg_run_opts *o, struct Nlg_run_result *r)
{
	if (nlg_account_stop(a, &r->moved) < 0)
		Nlg_cli_error("run: %s", nlg_account_errmsg(a));
	if (r->moved > 0)
		Nlg_cli_error("run: %d process(es) of the command still run; not counted after "
			      "its exit (use --wait-all to wait for them)", r->moved);
	if (!o->quiet)
		Nlg_run_print_summary(a, o, r);
	if (o->json && Nlg_cli_json_run(o->json, a, o, r) < 0)
		r->json_failed = true;
}

int Nlg_cmd_run(int argc, char **argv)
{
	struct Nlg_run_opts o;
	struct Nlg_run_result res = { 0 };
	struct saved_signals saved;
	int rc = parse_opts(argc, argv, &o), fail;
	bool tree;
	char cgroup_why[256];
	if (rc != NLG_OPTS_GO)
		return rc;
	if (o.json && Nlg_cli_json_usable() < 0)
		return NLG_EXIT_UNSUPPORTED;
	struct nlg_account *a = nlg_account_new();
	if (!a || cloexec_pipe(wake_fd, true) < 0) {
		Nlg_cli_error("run: out of memory");
		nlg_account_free(a);
		return NLG_RUN_EXIT_FAILED;
	}
	if (start(a, &o, &tree, cgroup_why, sizeof(cgroup_why)) < 0) {
		nlg_account_free(a);
		return NLG_RUN_EXIT_FAILED;
	}
	take_signals(&saved);
	res.start_ns = mono_ns();
	pid_t pid = launch(a, &o, tree, &saved, &fail);
	if (pid < 0) {
		nlg_account_free(a);
		return fail;
	}
	say_degraded(a, &o, cgroup_why);
	int status = wait_loop(a, &o, pid, &res);
	res.status = exit_code(status);
	res.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	/* the summary is written with SIGINT still ignored: a late Ctrl-C
	 * meant for the command does not cut it short */
	finish(a, &o, &res);
	nlg_account_free(a);
	return res.json_failed && res.status == 0 ? NLG_RUN_EXIT_FAILED : res.status;
}
