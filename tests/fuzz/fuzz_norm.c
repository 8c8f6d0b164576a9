/* fuzz_norm.c — fuzz target: the normalization of fields (norm.c), header folding and the text quoting of output.c. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "smk_int.h"

/*
 * The input is one cell (up to its first NUL).  Each normalization runs
 * on it and must be idempotent: what it made comes back unchanged, so
 * that a re-import of its own output changes nothing.  The header and
 * stage look-ups and the CSV and JSON quoting run on it too.
 */

static int
is_space_ascii(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const extra[] = { " unknown ", "?", NULL };
	static const int delims[] = { ',', ';', '\t' };
	struct smk_buf a = {0}, b = {0}, q = {0};
	const char *why, *cc, *cc2, *p;
	char fold[128];
	unsigned long cp;
	char *s = fuzz_str(data, size);
	size_t i, n;
	int r;

	/* spaces: trimmed, single, and the same the second time */
	smk_norm_space(s, &a);
	FUZZ_ASSERT(a.s != NULL && strlen(a.s) == a.len,
	    "smk_norm_space: a length that is not the string's");
	FUZZ_ASSERT(a.len == 0 || (!is_space_ascii((unsigned char)a.s[0]) &&
	    !is_space_ascii((unsigned char)a.s[a.len - 1])),
	    "smk_norm_space left a space at an end");
	FUZZ_ASSERT(strstr(a.s, "  ") == NULL,
	    "smk_norm_space left two spaces");
	smk_norm_space(a.s, &b);
	FUZZ_ASSERT(strcmp(a.s, b.s) == 0, "smk_norm_space is not idempotent");
	FUZZ_ASSERT(smk_norm_is_null(s, NULL) <= smk_norm_is_null(s, extra),
	    "an extra blank made a blank not blank");
	FUZZ_ASSERT(smk_norm_is_null(s, NULL) == smk_norm_is_null(a.s, NULL),
	    "a blank that is not blank once its spaces are collapsed");

	/* email: a good address is its own normal form */
	r = smk_norm_email(s, &a, &why);
	FUZZ_ASSERT(r == 0 || (why != NULL && *why != '\0'),
	    "smk_norm_email refused without a reason");
	if (r == 0) {
		FUZZ_ASSERT(smk_norm_email(a.s, &b, &why) == 0 &&
		    strcmp(a.s, b.s) == 0, "smk_norm_email is not idempotent");
		FUZZ_ASSERT(strchr(a.s, '@') != NULL, "an email without @");
	}

	/* phone: '+', digits and an 'x' before the extension */
	smk_norm_phone(s, &a);
	for (p = a.s; *p != '\0'; p++)
		FUZZ_ASSERT((*p >= '0' && *p <= '9') || *p == '+' || *p == 'x',
		    "smk_norm_phone kept another character");
	smk_norm_phone(a.s, &b);
	FUZZ_ASSERT(strcmp(a.s, b.s) == 0, "smk_norm_phone is not idempotent");

	/* country: a code that is its own code */
	if ((cc = smk_norm_country(s)) != NULL) {
		FUZZ_ASSERT(strlen(cc) == 2 && cc[0] >= 'A' && cc[0] <= 'Z' &&
		    cc[1] >= 'A' && cc[1] <= 'Z', "a country code that is not "
		    "two capitals");
		cc2 = smk_norm_country(cc);
		FUZZ_ASSERT(cc2 != NULL && strcmp(cc, cc2) == 0,
		    "a country code that does not map to itself");
	}

	/* headers and stages */
	if (smk_fold_header(s, fold, sizeof(fold)) == 0)
		FUZZ_ASSERT(strlen(fold) < sizeof(fold), "a folded header "
		    "past its buffer");
	r = smk_field_lookup_header(s);
	FUZZ_ASSERT(r >= -1 && r < SMK_F_COUNT, "a header's field out of "
	    "range");
	r = smk_apply_stage_lookup(s);
	FUZZ_ASSERT(r >= -1 && r < SMK_ST_COUNT, "a stage out of range");
	r = smk_stage_lookup(s);
	FUZZ_ASSERT(r < 0 || strcmp(smk_stage_name(r), s) == 0,
	    "a stage that does not name itself");
	(void)smk_field_lookup_name(s);
	(void)smk_reason_valid(s);

	/* UTF-8: the decoder steps through any bytes */
	for (p = s; *p != '\0'; p += n) {
		n = smk_utf8_decode(p, &cp);
		FUZZ_ASSERT(n <= 4, "a UTF-8 sequence longer than 4");
		if (n == 0)
			n = 1;
		else
			FUZZ_ASSERT(cp <= 0x10ffff && (cp < 0xd800 ||
			    cp > 0xdfff), "a code point out of range");
	}
	(void)smk_utf8_width(s);

	/* quoting for output: never a NUL, never shorter */
	for (i = 0; i < 3 * 3; i++) {
		smk_buf_reset(&q);
		smk_csv_quote(&q, s, delims[i % 3], (int)(i / 3));
		FUZZ_ASSERT(q.len >= strlen(s), "a quoted cell lost bytes");
	}
	smk_buf_reset(&q);
	smk_json_quote(&q, s);
	FUZZ_ASSERT(q.len >= 2 && q.s[0] == '"' && q.s[q.len - 1] == '"',
	    "a JSON string without its quotes");

	smk_buf_free(&a);
	smk_buf_free(&b);
	smk_buf_free(&q);
	free(s);
	return 0;
}
