/* SPDX-License-Identifier: MIT */
/* test_json_pf.c - an interface's JSON has its pf counters when pf keeps
 * them, and no "pf" key when it does not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/iface.h"
#include "export/json.h"

static struct Nlg_raw_link *link_at(struct Nlg_raw_links *rl, int ifindex, const char *name)
{
	struct Nlg_raw_link *l = Nlg_raw_links_push(rl);
	assert_non_null(l);
	l->ifindex = ifindex;
	strcpy(l->name, name);
	l->counter_width = 64;
	return l;
}

static uint64_t get_u64(struct json_object *o, const char *const *path, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct json_object *next;
		assert_true(json_object_object_get_ex(o, path[i], &next));
		o = next;
	}
	return json_object_get_uint64(o);
}

/* Return: the interface streamed, parsed back with json-c. */
static struct json_object *iface_doc(const struct nlg_iface *it)
{
	struct Nlg_js js;
	Nlg_js_init(&js, NULL, 0);
	Nlg_json_iface(&js, it);
	struct json_object *j = json_tokener_parse(Nlg_js_text(&js, NULL));
	assert_int_equal(Nlg_js_done(&js), 0);
	return j;
}

static void pf_in_json(void **state)
{
	(void)state;
	struct Nlg_iface_table t = { 0 };
	struct Nlg_raw_links rl = { 0 };
	struct Nlg_sample_ctx sc = { .now_ns = 1, .ceiling = 1000000000 };
	struct Nlg_raw_link *l = link_at(&rl, 1, "em0");
	l->has_pf = true;
	l->pf_bytes[NLG_PF_INET6][NLG_PF_OUT][NLG_PF_BLOCK] = 5ull << 32;
	l->pf_packets[NLG_PF_INET][NLG_PF_IN][NLG_PF_PASS] = 42;
	link_at(&rl, 2, "em1");
	assert_int_equal(Nlg_iface_table_apply(&t, &rl, &sc), 0);

	struct json_object *j = iface_doc(t.v[0]);
	assert_non_null(j);
	static const char *const blocked[] = { "pf", "inet6", "out", "block", "bytes" };
	static const char *const passed[] = { "pf", "inet", "in", "pass", "packets" };
	static const char *const none[] = { "pf", "inet", "out", "pass", "bytes" };
	assert_true(get_u64(j, blocked, 5) == 5ull << 32);
	assert_true(get_u64(j, passed, 5) == 42);
	assert_true(get_u64(j, none, 5) == 0);
	json_object_put(j);

	j = iface_doc(t.v[1]);
	assert_non_null(j);
	assert_false(json_object_object_get_ex(j, "pf", NULL));
	json_object_put(j);
	Nlg_iface_table_done(&t);
	Nlg_raw_links_done(&rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pf_in_json),
	};
	return cmocka_run_group_tests_name("json_pf", tests, NULL, NULL);
}
