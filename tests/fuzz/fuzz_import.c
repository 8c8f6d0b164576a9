/* fuzz_import.c — fuzz target: lead exports through lead-import's whole importer (smk_import_run) on a seeded database. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/*
 * The input: one option byte, then a lead export.  Bits 0-2 are the CSV
 * options (fuzz_csv_opts); bit 3 keys leads by the "Prospect ID" column
 * (--key); bit 4 reads times day first (--date-format); bit 5 scores with
 * rules (--rules, --mql-at); bit 6 puts new leads in stage mql (--stage);
 * bit 7 adds --null words and a default --campaign and --source.  The
 * run is a dry run (--dry-run) against a database seeded with leads in
 * every stage, so each execution meets the same database and rows merge
 * into known leads as well as making new ones.
 */

static const char rules_text[] =
    "25 title ~ ceo|cto|vp|head of|director\n"
    "-20 title ~ student\n"
    "10 country = DE\n"
    "-10 email ~ @gmail.com\n"
    "10 touches >= 2\n"
    "15 touches:event >= 1\n"
    "5 company exists\n"
    "7 \"Lead Score\" >= 50\n"
    "3 \"Lead Source\" ~ google|webinar\n";

static struct smk_rules *rules;

static int
on_mql(void *ctx, const char *key)
{
	(void)ctx;
	(void)key;
	fuzz_fail(__FILE__, __LINE__, "a dry run printed MQL keys");
}

static void
on_summary(void *ctx, const char *file, const struct smk_import_counts *n)
{
	(void)ctx;
	(void)file;
	FUZZ_ASSERT(n->rows >= 0 && n->rejected >= 0 && n->rejected <= n->rows,
	    "more rows rejected than read");
	FUZZ_ASSERT(n->new_leads + n->updated + n->unchanged + n->rejected <=
	    n->rows, "more leads than rows");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct smk_err err;

	(void)argc;
	(void)argv;
	fuzz_init();
	smk_err_clear(&err);
	if (smk_rules_load(&rules, fuzz_file("seed.rules",
	    (const uint8_t *)rules_text, sizeof(rules_text) - 1), &err) < 0)
		fuzz_fail(__FILE__, __LINE__, "the rules do not load");
	(void)fuzz_db(SMK_DB_BULK, NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const nulls[] = { "unknown", "?", NULL };
	struct smk_import_opts o;
	struct smk_db *db = fuzz_db(SMK_DB_BULK, NULL);
	struct fuzz_sink sink;
	struct smk_err err;
	const char *files[2] = { NULL, NULL };
	uint8_t opt;
	int st;

	if (size < 1)
		return 0;
	opt = data[0];
	memset(&o, 0, sizeof(o));
	o.csv = fuzz_csv_opts(opt);
	o.key_column = opt & 8 ? "Prospect ID" : NULL;
	o.date_format = opt & 16 ? "%d/%m/%Y" : NULL;
	o.rules = opt & 32 ? rules : NULL;
	o.mql_at = opt & 32 ? 20 : -1;
	o.stage = opt & 64 ? SMK_ST_MQL : -1;
	o.nulls = opt & 128 ? nulls : NULL;
	o.campaign = opt & 128 ? "fuzz-campaign" : NULL;
	o.source = opt & 128 ? "fuzz" : NULL;
	o.dry_run = 1;
	o.actor = "fuzz";
	o.diag = fuzz_diag;
	o.mql = on_mql;
	o.summary = on_summary;
	fuzz_sink_open(&sink);
	o.rejects = sink.f;
	files[0] = fuzz_file("in.csv", data + 1, size - 1);
	smk_err_clear(&err);
	st = smk_import_run(db, files, &o, &err);
	FUZZ_ASSERT(st >= SMK_EXIT_OK && st <= SMK_EXIT_FAILURE,
	    "an exit status out of range");
	if (st >= SMK_EXIT_USAGE)
		fuzz_diag(NULL, &err);
	fuzz_sink_close(&sink);
	fuzz_db_unchanged(db);
	return 0;
}
