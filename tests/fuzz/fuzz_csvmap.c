/* fuzz_csvmap.c — fuzz target: the header mapping and the reject file (csvmap.c) over the CSV reader's records. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "smk_int.h"

/*
 * The input: one option byte, then a CSV file.  Bits 0-2 are the CSV
 * options (fuzz_csv_opts); bit 3 maps field (opt >> 4) with --map onto
 * the header cell of the same number (or a header that is not there);
 * bits 4-7 also choose which records go to the reject file.  The first
 * good record is the header, as in every reader; every record after it
 * is picked field by field, unescaped when the file is a reject file,
 * and written to a reject file in memory.
 */

static void
check_map(const struct smk_colmap *m, const struct smk_fieldset *fs)
{
	size_t i, steps;
	int f, c;

	FUZZ_ASSERT(m->first <= m->ncols, "the first data column is past "
	    "the header");
	for (i = 0; i < m->ncols; i++) {
		FUZZ_ASSERT(m->header[i] != NULL && m->header[i][0] != '\0',
		    "a column without a name");
		c = m->colfield[i];
		FUZZ_ASSERT(c == -1 || c == SMK_COL_OWN ||
		    (c >= 0 && c < fs->nfields && m->fieldcol[c] == (int)i),
		    "a column's field does not name the column back");
		FUZZ_ASSERT(m->next[i] == -1 ||
		    (m->next[i] >= 0 && (size_t)m->next[i] < m->ncols),
		    "a second choice past the header");
	}
	for (f = 0; f < fs->nfields; f++) {
		c = m->fieldcol[f];
		FUZZ_ASSERT(c == -1 || ((size_t)c < m->ncols &&
		    (size_t)c >= m->first), "a field's column past the header");
		/* the chain of second choices ends */
		for (steps = 0; c >= 0; c = m->next[c], steps++)
			FUZZ_ASSERT(steps <= m->ncols,
			    "second choices that go round");
	}
}

/* The reject file reads back as CSV: a record per line written, none
 * broken (read as Latin-1: a rejected record keeps its bytes as read,
 * even when they are not UTF-8). */
static void
readback(const char *buf, size_t len, size_t nrej)
{
	struct smk_csv_opts o = { ',', SMK_ENC_LATIN1 };
	struct smk_csv *c;
	struct smk_record *rec;
	struct smk_err e;
	size_t n = 0;
	int rc;

	smk_err_clear(&e);
	if (smk_csv_open(&c, fuzz_file("rej.csv", (const uint8_t *)buf, len),
	    &o, &e) < 0)
		fuzz_fail(__FILE__, __LINE__, "smk_csv_open failed on a file");
	while ((rc = smk_csv_next(c, &rec, &e)) != 0) {
		FUZZ_ASSERT(rc == 1, "a reject file that does not read back");
		FUZZ_ASSERT(rec->nfields >= SMK_REJ_NCOLS,
		    "a reject file's line without the reject columns");
		n++;
	}
	FUZZ_ASSERT(n >= nrej + (nrej > 0),
	    "a reject file with fewer lines than rejects");
	smk_csv_close(c);
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
	const struct smk_fieldset *fs = &smk_lead_fields;
	struct smk_csv_opts o;
	struct smk_csv *c;
	struct smk_record *rec;
	struct smk_colmap m;
	struct smk_rej rej;
	struct fuzz_sink sink;
	struct smk_err e, err;
	const char *map[SMK_F_COUNT];
	char *mapped = NULL;
	int rc, f, col, have = 0;
	size_t i, n = 0, nrej = 0;
	uint8_t opt;

	if (size < 1)
		return 0;
	opt = data[0];
	o = fuzz_csv_opts(opt);
	memset(&m, 0, sizeof(m));
	memset(map, 0, sizeof(map));
	smk_err_clear(&err);
	fuzz_sink_open(&sink);
	smk_rej_init(&rej, sink.f);
	if (smk_csv_open(&c, fuzz_file("in.csv", data + 1, size - 1), &o,
	    &err) < 0)
		fuzz_fail(__FILE__, __LINE__, "smk_csv_open failed on a file");
	for (;;) {
		smk_err_clear(&e);
		if ((rc = smk_csv_next(c, &rec, &e)) == 0)
			break;
		FUZZ_ASSERT(rc != -2, "a read error");
		n++;
		if (rc > 0 && (!have || smk_colmap_section(&m, rec))) {
			if ((opt & 8) && !have) {
				f = (opt >> 4) % SMK_F_COUNT;
				col = (opt >> 4) % 8;
				mapped = smk_xstrdup((size_t)col < rec->nfields ?
				    rec->fields[col] : "No Such Header");
				map[f] = mapped;
			}
			smk_err_clear(&err);
			if (smk_colmap_build(&m, fs, rec, map, "in.csv",
			    &err) < 0) {
				FUZZ_ASSERT(err.status == SMK_EXIT_USAGE,
				    "a header refused for another reason");
				fuzz_diag(NULL, &err);
				break;
			}
			check_map(&m, fs);
			smk_rej_header(&rej, &m);
			for (i = 0; i < m.ncols; i++)
				FUZZ_ASSERT(i < m.first ||
				    smk_colmap_find(&m, m.header[i]) >= 0,
				    "a header cell that is not found by name");
			have = 1;
			continue;
		}
		if (rc > 0) {
			smk_colmap_unescape(&m, rec);
			for (f = 0; f < fs->nfields; f++) {
				col = smk_colmap_pick(&m, rec, f, NULL);
				FUZZ_ASSERT(col == -1 ||
				    ((size_t)col < m.ncols &&
				    (size_t)col >= m.first),
				    "a field picked from past the header");
				if (col >= 0 && (size_t)col < rec->nfields)
					FUZZ_ASSERT(strlen(rec->fields[col]) ==
					    rec->lens[col],
					    "unescape left a wrong length");
			}
			smk_err_set(&e, SMK_EXIT_FINDINGS, "in.csv", rec->line,
			    rec->nfields > 0 ? rec->fields[0] : NULL,
			    "%s", rec->nfields > 1 ? rec->fields[1] : "=bad");
		}
		/* every record, good or not, to the reject file */
		smk_rej_write(&rej, have ? &m : NULL, &e, rec, rc > 0);
		nrej++;
	}
	FUZZ_ASSERT(n <= size, "more records than bytes");
	FUZZ_ASSERT(!smk_rej_failed(&rej), "a reject write failed");
	smk_csv_close(c);
	fflush(sink.f);
	readback(sink.buf, sink.len, nrej);
	smk_colmap_free(&m);
	smk_rej_free(&rej);
	fuzz_sink_close(&sink);
	free(mapped);
	return 0;
}
