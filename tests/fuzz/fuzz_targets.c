/* fuzz_targets.c — fuzz target: joint-kpi target --from's sheets of targets (smk_kpi_target_load). */
#include <string.h>

#include "fuzz.h"

/*
 * The input: one option byte (its bits 0-2 the CSV options,
 * fuzz_csv_opts), then a sheet of kpi, period, value, weight.  A dry run against the seeded
 * database.
 */

static void
on_summary(void *ctx, const char *file, long rows, long set, long rejected)
{
	(void)ctx;
	(void)file;
	FUZZ_ASSERT(set >= 0 && rejected >= 0 && set + rejected <= rows,
	    "more rows set and refused than read");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	(void)fuzz_db(SMK_DB_WRITE, NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smk_sheet_opts o;
	struct smk_db *db = fuzz_db(SMK_DB_WRITE, NULL);
	struct fuzz_sink sink;
	struct smk_err err;
	const char *path;
	int st;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.csv = fuzz_csv_opts(data[0]);
	o.dry_run = 1;
	o.diag = fuzz_diag;
	o.summary = on_summary;
	fuzz_sink_open(&sink);
	o.rejects = sink.f;
	path = fuzz_file("in.csv", data + 1, size - 1);
	smk_err_clear(&err);
	st = smk_kpi_target_load(db, path, "fuzz", &o, &err);
	FUZZ_ASSERT(st >= SMK_EXIT_OK && st <= SMK_EXIT_FAILURE,
	    "an exit status out of range");
	if (st >= SMK_EXIT_USAGE)
		fuzz_diag(NULL, &err);
	fuzz_sink_close(&sink);
	fuzz_db_unchanged(db);
	return 0;
}
