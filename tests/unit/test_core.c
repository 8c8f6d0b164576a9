/* test_core.c — unit tests for errors, buffers, JSON objects and stage moves. */
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"
#include "unit.h"

static void
test_err(void)
{
	struct smk_err e;
	char buf[256];

	smk_err_clear(&e);
	smk_err_set(&e, SMK_EXIT_FINDINGS, "a.csv", 17, "Email", "missing %c", '@');
	smk_err_format(&e, buf, sizeof(buf));
	CHECK_STR(buf, "a.csv:17: Email: missing @", "file:line: field: message");
	smk_err_set(&e, SMK_EXIT_FAILURE, "a.csv", 0, NULL, "cannot open");
	smk_err_format(&e, buf, sizeof(buf));
	CHECK_STR(buf, "a.csv: cannot open", "no line: file: message");
	smk_err_set(&e, SMK_EXIT_FAILURE, NULL, 0, NULL, "plain");
	smk_err_format(&e, buf, sizeof(buf));
	CHECK_STR(buf, "plain", "no file: message alone");
	smk_err_format(&e, buf, 3);
	CHECK_STR(buf, "pl", "truncated to the buffer");
	CHECK_INT(smk_exit_worst(1, 3), 3, "worst of 1 and 3");
	CHECK_INT(smk_exit_worst(2, 0), 2, "worst of 2 and 0");
}

/* A diagnostic stays one line of text, its end kept, whatever it quotes. */
static void
test_err_text(void)
{
	struct smk_err e;
	struct smk_buf b = {0};
	char buf[2048], small[40];
	size_t i, n;
	int ok;

	smk_err_set(&e, SMK_EXIT_USAGE, "new\nline.csv", 2, "a\tb",
	    "'%s': an address must be printable ASCII on one line",
	    "a@x.example\r\nBcc: evil@x.example");
	smk_err_format(&e, buf, sizeof(buf));
	CHECK_STR(buf, "new\\nline.csv:2: a\\tb: 'a@x.example\\r\\nBcc: "
	    "evil@x.example': an address must be printable ASCII on one line",
	    "line breaks and tabs in file, field and message as escapes");
	smk_err_set(&e, SMK_EXIT_FINDINGS, NULL, 0, NULL, "no such lead: %s",
	    "J\xe9r\xf4me \xc3\xa9\x01\x7f");
	CHECK_STR(e.msg, "no such lead: J\\xe9r\\xf4me \xc3\xa9\\x01\\x7f",
	    "stray bytes and controls as \\xNN, UTF-8 kept");
	/* "\xc3\xa9kk" (an e acute and two k) over and over: 200000 bytes */
	for (i = 0; i < 50000; i++)
		smk_buf_adds(&b, "\xc3\xa9kk");
	smk_err_set(&e, SMK_EXIT_USAGE, b.s, 1, b.s, "'%s': no such KPI", b.s);
	n = strlen(e.msg);
	CHECK(n < sizeof(e.msg) && strncmp(e.msg, "'\xc3\xa9kk", 5) == 0 &&
	    strstr(e.msg, "': no such KPI") == e.msg + n - 14,
	    "a long message keeps its start and its end (what went wrong)");
	CHECK(strstr(e.msg, "[...") != NULL && strstr(e.msg, " bytes...]") !=
	    NULL, "what was left out is counted");
	ok = 1;
	for (i = 0; i < n; i += smk_utf8_decode(e.msg + i, &(unsigned long){0}))
		if (smk_utf8_decode(e.msg + i, &(unsigned long){0}) == 0) {
			ok = 0;
			break;
		}
	CHECK(ok, "cut between UTF-8 characters");
	CHECK(strlen(e.file) < sizeof(e.file) && strlen(e.field) <
	    sizeof(e.field), "file and field cut to fit");
	smk_err_text(small, sizeof(small), b.s);
	CHECK(strlen(small) < sizeof(small), "a small buffer: cut to fit");
	smk_err_text(small, sizeof(small), NULL);
	CHECK_STR(small, "", "NULL is empty");
	smk_buf_free(&b);
}

static void
test_buf(void)
{
	struct smk_buf b = {0};
	char *s;
	int i;

	for (i = 0; i < 1000; i++)
		smk_buf_addc(&b, 'x');
	CHECK_INT(b.len, 1000, "buffer grows");
	smk_buf_reset(&b);
	smk_buf_printf(&b, "%d-%s", 42, "x");
	CHECK_STR(b.s, "42-x", "printf appends");
	s = smk_buf_detach(&b);
	CHECK(b.s == NULL && b.len == 0, "detach empties the buffer");
	free(s);
}

static void
test_obj(void)
{
	struct smk_obj o = {0};
	struct smk_buf b = {0};

	CHECK_INT(smk_obj_parse(&o, "{\"a\":\"1\", \"b \\\"q\\\"\" : \"x\\ny\\u00e9\\ud83d\\ude00\"}"), 0, "parses a flat object");
	CHECK_STR(smk_obj_get(&o, "a"), "1", "value of a");
	CHECK_STR(smk_obj_get(&o, "b \"q\""), "x\ny\xc3\xa9\xf0\x9f\x98\x80", "escapes and surrogate pairs decoded");
	CHECK_INT(smk_obj_set(&o, "a", "1"), 0, "setting the same value changes nothing");
	CHECK_INT(smk_obj_set(&o, "a", "2"), 1, "setting a new value changes");
	CHECK_INT(smk_obj_set(&o, "c", "3"), 1, "a new key changes");
	smk_obj_json(&o, &b);
	CHECK_STR(b.s, "{\"a\":\"2\",\"b \\\"q\\\"\":\"x\\ny\xc3\xa9\xf0\x9f\x98\x80\",\"c\":\"3\"}", "serialized in insertion order");
	CHECK_INT(smk_obj_parse(&o, b.s), 0, "round trip parses");
	CHECK_INT(o.n, 3, "three keys after the round trip");
	CHECK_INT(smk_obj_parse(&o, "{}"), 0, "empty object");
	CHECK_INT(o.n, 0, "no keys");
	CHECK_INT(smk_obj_parse(&o, "{\"a\":1}"), -1, "numbers are not ours");
	CHECK_INT(smk_obj_parse(&o, "{\"a\":\"1\""), -1, "unterminated object");
	CHECK_INT(smk_obj_parse(&o, "[]"), -1, "not an object");
	smk_obj_clear(&o);
	smk_buf_free(&b);
}

/* Many keys: the index finds each, keeps the first of equal keys, and a
 * round trip through JSON keeps order. */
static void
test_obj_many(void)
{
	struct smk_obj o = {0};
	struct smk_buf b = {0};
	char k[32], v[32];
	int i, ok = 1;

	for (i = 0; i < 100000; i++) {
		snprintf(k, sizeof(k), "c%d", i);
		snprintf(v, sizeof(v), "v%d", i);
		ok &= smk_obj_set(&o, k, v) == 1;
	}
	CHECK(ok && o.n == 100000, "100000 keys set");
	for (i = 0; ok && i < 100000; i += 7) {
		snprintf(k, sizeof(k), "c%d", i);
		snprintf(v, sizeof(v), "v%d", i);
		ok = smk_obj_get(&o, k) != NULL &&
		    strcmp(smk_obj_get(&o, k), v) == 0;
	}
	CHECK(ok, "each found by its key");
	CHECK(smk_obj_get(&o, "c100000") == NULL, "a missing key is not");
	CHECK_INT(smk_obj_set(&o, "c5", "v5"), 0, "the same value: no change");
	CHECK_INT(smk_obj_set(&o, "c5", "new"), 1, "a new value replaces");
	CHECK_STR(smk_obj_get(&o, "c5"), "new", "and is found");
	CHECK_INT(o.n, 100000, "no key added");
	smk_obj_json(&o, &b);
	CHECK_INT(smk_obj_parse(&o, b.s), 0, "round trip parses");
	CHECK(o.n == 100000 && strcmp(o.k[0], "c0") == 0 &&
	    strcmp(o.k[99999], "c99999") == 0 &&
	    strcmp(smk_obj_get(&o, "c5"), "new") == 0, "order and values kept");
	CHECK_INT(smk_obj_parse(&o, "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\","
	    "\"d\":\"4\",\"e\":\"5\",\"f\":\"6\",\"g\":\"7\",\"h\":\"8\","
	    "\"i\":\"9\",\"j\":\"10\",\"k\":\"11\",\"l\":\"12\",\"m\":\"13\","
	    "\"n\":\"14\",\"o\":\"15\",\"p\":\"16\",\"q\":\"17\",\"a\":\"dup\"}"),
	    0, "an object with a key twice parses");
	CHECK_STR(smk_obj_get(&o, "a"), "1", "the first of two equal keys is "
	    "found, as without the index");
	smk_obj_clear(&o);
	smk_buf_free(&b);
}

static void
test_hash(void)
{
	/* FNV-1a 64 reference values */
	CHECK(smk_hash64(SMK_HASH64_INIT, "", 0) == 0xcbf29ce484222325ULL, "FNV-1a of empty");
	CHECK(smk_hash64(SMK_HASH64_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL, "FNV-1a of a");
	CHECK(smk_hash64(SMK_HASH64_INIT, "foobar", 6) == 0x85944171f73967e8ULL, "FNV-1a of foobar");
}

static void
test_funnel(void)
{
	enum { L = SMK_ST_LEAD, M = SMK_ST_MQL, A = SMK_ST_SAL, Q = SMK_ST_SQL,
	    W = SMK_ST_WON, X = SMK_ST_LOST, R = SMK_ST_RECYCLED,
	    D = SMK_ST_DISQUALIFIED };
	/* legal[from][to], from DESIGN.md: forward skips allowed, backward
	 * only through recycled, won terminal, disqualified only to recycled */
	static const int legal[8][8] = {
		/*        L  M  A  Q  W  X  R  D */
		/* L */ { 0, 1, 1, 1, 1, 1, 1, 1 },
		/* M */ { 0, 0, 1, 1, 1, 1, 1, 1 },
		/* A */ { 0, 0, 0, 1, 1, 1, 1, 1 },
		/* Q */ { 0, 0, 0, 0, 1, 1, 1, 1 },
		/* W */ { 0, 0, 0, 0, 0, 0, 0, 0 },
		/* X */ { 0, 0, 0, 0, 0, 0, 1, 0 },
		/* R */ { 0, 1, 1, 1, 1, 1, 0, 1 },
		/* D */ { 0, 0, 0, 0, 0, 0, 1, 0 },
	};
	int from, to, bad = 0;

	(void)L; (void)M; (void)A; (void)Q; (void)W; (void)X; (void)R; (void)D;
	for (from = 0; from < SMK_ST_COUNT; from++)
		for (to = 0; to < SMK_ST_COUNT; to++)
			if (smk_funnel_legal(from, to) != legal[from][to]) {
				printf("# %s -> %s: got %d\n", smk_stage_name(from),
				    smk_stage_name(to), smk_funnel_legal(from, to));
				bad++;
			}
	CHECK_INT(bad, 0, "every stage move is legal or not as DESIGN.md says");
	for (from = 0; from < SMK_ST_COUNT; from++)
		CHECK_INT(smk_stage_lookup(smk_stage_name(from)), from, "stage name round trip");
	CHECK_INT(smk_stage_lookup("MQL"), -1, "stage names are lower-case");
}

int
main(void)
{
	test_err();
	test_err_text();
	test_buf();
	test_obj();
	test_obj_many();
	test_hash();
	test_funnel();
	return unit_done();
}
