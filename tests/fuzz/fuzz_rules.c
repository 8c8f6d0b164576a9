/* fuzz_rules.c — fuzz target: the scoring rule language of lead-import --rules (rules.c), loaded and scored. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "smk_int.h"

/*
 * The input is a rules file.  A file that loads scores a made-up lead
 * whose fields, unmapped columns and touch counts are taken from the
 * input too, so that every operator meets values it can match.
 */

struct ctx {
	const char *value;
};

static const char *
extra(void *c, const char *header)
{
	struct ctx *x = c;

	FUZZ_ASSERT(header != NULL, "an unmapped column without a name");
	return strlen(header) % 3 == 0 ? NULL : x->value;
}

static long
touches(void *c, const char *channel)
{
	(void)c;
	return channel == NULL ? 3 : (long)strlen(channel);
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
	struct smk_rules *rules = NULL;
	struct smk_lead lead;
	struct smk_score_input in;
	struct smk_err err;
	struct ctx x;
	char num[] = "42";
	char *s = fuzz_str(data, size), *nl;
	int f, r;

	smk_err_clear(&err);
	r = smk_rules_load(&rules, fuzz_file("in.rules", data, size), &err);
	if (r < 0) {
		FUZZ_ASSERT(rules == NULL, "refused rules handed out");
		FUZZ_ASSERT(err.status == SMK_EXIT_USAGE && err.msg[0] != '\0',
		    "rules refused without a usage error");
		fuzz_diag(NULL, &err);
		free(s);
		return 0;
	}
	FUZZ_ASSERT(r == 0 && rules != NULL, "rules loaded without a handle");
	/* the lead's values: the input's last line, and numbers */
	nl = strrchr(s, '\n');
	x.value = nl != NULL ? nl + 1 : s;
	memset(&lead, 0, sizeof(lead));
	for (f = 0; f < SMK_F_COUNT; f++)
		lead.f[f] = f % 2 ? nl != NULL ? nl + 1 : s :
		    f % 4 ? num : NULL;
	in.lead = &lead;
	in.extra = extra;
	in.touches = touches;
	in.ctx = &x;
	(void)smk_rules_score(rules, &in);
	smk_rules_free(rules);
	free(s);
	return 0;
}
