/* fuzz_apply.c — fuzz target: CRM exports of stage changes through handoff apply's importer (smk_apply_run). */
#include <string.h>

#include "fuzz.h"

/*
 * The input: one option byte, then a CRM export.  Bits 0-2 are the CSV
 * options (fuzz_csv_opts); bit 3 creates unknown leads (--add-missing);
 * bit 4 gives rows without a stage one (--stage sql); bit 5 a default
 * reason (--reason other --note); bit 6 maps a company's own stage
 * values (--stage-map).  A dry run against the seeded database, whose
 * leads stand in every stage, so that moves land, repeat and are
 * refused.
 */

static int
on_key(void *ctx, const char *key)
{
	(void)ctx;
	(void)key;
	fuzz_fail(__FILE__, __LINE__, "a dry run printed keys");
}

static void
on_summary(void *ctx, const char *file, const struct smk_apply_counts *n)
{
	(void)ctx;
	(void)file;
	FUZZ_ASSERT(n->moved + n->already + n->rejected <= n->rows,
	    "more changes than rows");
	FUZZ_ASSERT(n->added <= n->moved + n->already,
	    "leads added without their move");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	(void)fuzz_db(SMK_DB_BULK, NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct smk_stage_map stage_map[] = {
		{ "Engaging", SMK_ST_SAL }, { "Prospecting", SMK_ST_LEAD },
		{ "Won", SMK_ST_LOST }, { "", SMK_ST_MQL },
	};
	struct smk_apply_opts o;
	struct smk_db *db = fuzz_db(SMK_DB_BULK, NULL);
	struct fuzz_sink sink;
	struct smk_err err;
	uint8_t opt;
	int st;

	if (size < 1)
		return 0;
	opt = data[0];
	memset(&o, 0, sizeof(o));
	o.csv = fuzz_csv_opts(opt);
	o.add_missing = (opt & 8) != 0;
	o.stage = opt & 16 ? SMK_ST_SQL : -1;
	o.reason = opt & 32 ? "other" : NULL;
	o.note = opt & 32 ? "no reason in the export" : NULL;
	if (opt & 64) {
		o.stage_map = stage_map;
		o.nstage_map = sizeof(stage_map) / sizeof(stage_map[0]);
	}
	o.dry_run = 1;
	o.actor = "fuzz";
	o.diag = fuzz_diag;
	o.key = on_key;
	o.summary = on_summary;
	fuzz_sink_open(&sink);
	o.rejects = sink.f;
	smk_err_clear(&err);
	st = smk_apply_run(db, fuzz_file("in.csv", data + 1, size - 1), &o,
	    &err);
	FUZZ_ASSERT(st >= SMK_EXIT_OK && st <= SMK_EXIT_FAILURE,
	    "an exit status out of range");
	if (st >= SMK_EXIT_USAGE)
		fuzz_diag(NULL, &err);
	fuzz_sink_close(&sink);
	fuzz_db_unchanged(db);
	return 0;
}
