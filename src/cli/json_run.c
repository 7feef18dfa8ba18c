/* SPDX-License-Identifier: MIT */
/* json_run.c - netledger run --json: the account's document (export
 * layer) with what the command line knows: the command, its exit status
 * and its wall time. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run.h"
#include "export/json.h"

static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (v && json_object_object_add(o, key, v) == 0)
		return 0;
	json_object_put(v);
	return -1;
}

static struct json_object *command(const struct Nlg_run_opts *o)
{
	struct json_object *arr = json_object_new_array();
	for (int i = 0; arr && i < o->argc; i++) {
		struct json_object *s = Nlg_json_text(o->argv[i]);
		if (!s || json_object_array_add(arr, s) < 0) {
			json_object_put(s);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

static int add_run(struct json_object *doc, const struct Nlg_run_opts *o,
		   const struct Nlg_run_result *r)
{
	return add(doc, "command", command(o)) ||
	       add(doc, "exit_status", json_object_new_int(r->status)) ||
	       (r->signal ? add(doc, "signal", json_object_new_int(r->signal))
			  : json_object_object_add(doc, "signal", NULL)) ||
	       add(doc, "wall_seconds", json_object_new_double((double)(r->end_ns - r->start_ns) / 1e9)) ||
	       add(doc, "wait_all", json_object_new_boolean(o->wait_all)) ||
	       add(doc, "left_running", json_object_new_int(r->moved));
}

int Nlg_cli_json_run(const char *path, const struct nlg_account *a,
		     const struct Nlg_run_opts *o, const struct Nlg_run_result *r)
{
	struct json_object *doc = Nlg_json_account(a);
	if (!doc || add_run(doc, o, r)) {
		json_object_put(doc);
		Nlg_cli_error("run: out of memory while writing JSON");
		return -1;
	}
	const char *text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
							       JSON_C_TO_STRING_NOSLASHESCAPE);
	bool out = !strcmp(path, "-");
	FILE *f = out ? stdout : fopen(path, "we");
	int err = !f || fprintf(f, "%s\n", text) < 0 || fflush(f) != 0 ? errno : 0;
	if (f && !out && fclose(f) != 0 && !err)
		err = errno;
	json_object_put(doc);
	if (err || !f) {
		Nlg_cli_error("run: cannot write %s: %s", out ? "JSON" : path, strerror(err ? err : EIO));
		return -1;
	}
	return 0;
}
