/* fuzz_spend.c — fuzz target: ad-platform and finance exports through campaign-report spend's importer (smk_spend_run). */
#include <string.h>

#include "fuzz.h"

/*
 * The input: one option byte, then a spend export.  Bits 0-2 are the CSV
 * options (fuzz_csv_opts); bit 3 reads a decimal comma
 * (--decimal-comma); bit 4 names the files' currency (--currency EUR);
 * bit 5 dates a file of totals (--date); bit 6 runs against a database
 * whose currency is USD instead of one that has none yet.  A dry run.
 */

static void
on_summary(void *ctx, const char *file, const struct smk_spend_counts *n)
{
	(void)ctx;
	(void)file;
	FUZZ_ASSERT(n->loaded + n->skipped + n->rejected <= n->rows,
	    "more spend rows than rows");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	(void)fuzz_db(SMK_DB_WRITE, NULL);
	(void)fuzz_db(SMK_DB_WRITE, "USD");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smk_spend_opts o;
	struct smk_db *db;
	struct fuzz_sink sink;
	struct smk_err err;
	const char *files[2] = { NULL, NULL };
	uint8_t opt;
	int st;

	if (size < 1)
		return 0;
	opt = data[0];
	db = fuzz_db(SMK_DB_WRITE, opt & 64 ? "USD" : NULL);
	memset(&o, 0, sizeof(o));
	o.csv = fuzz_csv_opts(opt);
	o.decimal_comma = (opt & 8) != 0;
	o.currency = opt & 16 ? "EUR" : NULL;
	o.date = opt & 32 ? "2026-11-01" : NULL;
	o.dry_run = 1;
	o.actor = "fuzz";
	o.diag = fuzz_diag;
	o.summary = on_summary;
	fuzz_sink_open(&sink);
	o.rejects = sink.f;
	files[0] = fuzz_file("in.csv", data + 1, size - 1);
	smk_err_clear(&err);
	st = smk_spend_run(db, files, &o, &err);
	FUZZ_ASSERT(st >= SMK_EXIT_OK && st <= SMK_EXIT_FAILURE,
	    "an exit status out of range");
	if (st >= SMK_EXIT_USAGE)
		fuzz_diag(NULL, &err);
	fuzz_sink_close(&sink);
	fuzz_db_unchanged(db);
	return 0;
}
