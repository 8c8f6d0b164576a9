/* fuzz_csv.c — fuzz target: the CSV reader (csvin.c), read twice in two ways that must agree. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sha256.h"

/*
 * The input: one option byte (fuzz_csv_opts; bits 3-5 the size of the
 * second reading's reads), then the file.  The file is read once as the
 * tools read it (large reads, the quote-free fast path on) and once
 * with tiny reads through libcsv alone: lines then split at every
 * possible place, and the two readings must give the same records,
 * lines, raw bytes and diagnostics.  Each record is checked on its own
 * too: NUL-terminated fields of the length given, raw bytes inside the
 * input, lines that only grow.
 */

void smk_csv_test_chunk(size_t n);
void smk_csv_test_fast(int on);

struct rec {
	int rc;
	long line;
	size_t nf;
	char *fields;       /* the fields, each with its NUL */
	size_t flen;
	char *raw;
	size_t rawlen;
	char msg[768 + 128];
};

struct reading {
	int open_rc;
	struct rec *r;
	size_t n, cap;
	char sha[65];
	uint64_t bytes;
	int delim;
};

static void
reading_free(struct reading *rd)
{
	size_t i;

	for (i = 0; i < rd->n; i++) {
		free(rd->r[i].fields);
		free(rd->r[i].raw);
	}
	free(rd->r);
}

static void
check_record(const struct smk_record *rec, size_t insize, long *lastline)
{
	size_t i;

	FUZZ_ASSERT(rec->line >= 1, "a record before line 1");
	FUZZ_ASSERT(rec->line > *lastline, "record lines do not grow");
	*lastline = rec->line;
	FUZZ_ASSERT(rec->raw != NULL, "a record without raw bytes");
	/* UTF-16 grows by at most half again as UTF-8; Latin-1 is not
	 * converted in raw */
	FUZZ_ASSERT(rec->rawlen <= insize * 2 + 8, "raw bytes past the input");
	for (i = 0; i < rec->nfields; i++) {
		FUZZ_ASSERT(rec->fields[i] != NULL, "a NULL field");
		FUZZ_ASSERT(rec->fields[i][rec->lens[i]] == '\0',
		    "a field without its NUL");
	}
}

static void
read_all(const char *path, const struct smk_csv_opts *o, size_t insize,
    struct reading *rd)
{
	struct smk_csv *c;
	struct smk_record *rec;
	struct smk_err e;
	struct rec *r;
	long lastline = 0;
	size_t i, len;
	int rc;

	memset(rd, 0, sizeof(*rd));
	smk_err_clear(&e);
	rd->open_rc = smk_csv_open(&c, path, o, &e);
	FUZZ_ASSERT(rd->open_rc == 0, "smk_csv_open failed on a file");
	for (;;) {
		smk_err_clear(&e);
		rc = smk_csv_next(c, &rec, &e);
		FUZZ_ASSERT(rc >= -1 && rc <= 1, "smk_csv_next: a read error");
		if (rc == 0) {
			FUZZ_ASSERT(rec == NULL, "a record at the end");
			break;
		}
		FUZZ_ASSERT(rec != NULL, "no record");
		if (rc < 0) {
			FUZZ_ASSERT(e.status == SMK_EXIT_FINDINGS,
			    "a bad record that is not a finding");
			FUZZ_ASSERT(e.line == rec->line,
			    "a bad record's diagnostic names another line");
			fuzz_diag(NULL, &e);
		}
		check_record(rec, insize, &lastline);
		if (rd->n == rd->cap) {
			rd->cap = rd->cap ? 2 * rd->cap : 16;
			rd->r = smk_xrealloc(rd->r, rd->cap * sizeof(*rd->r));
		}
		r = &rd->r[rd->n++];
		memset(r, 0, sizeof(*r));
		r->rc = rc;
		r->line = rec->line;
		r->nf = rec->nfields;
		for (i = 0; i < rec->nfields; i++)
			r->flen += rec->lens[i] + 1;
		r->fields = smk_xmalloc(r->flen + 1);
		for (i = 0, len = 0; i < rec->nfields; i++) {
			memcpy(r->fields + len, rec->fields[i],
			    rec->lens[i] + 1);
			len += rec->lens[i] + 1;
		}
		r->rawlen = rec->rawlen;
		r->raw = smk_xmalloc(rec->rawlen + 1);
		memcpy(r->raw, rec->raw, rec->rawlen);
		if (rc < 0)
			smk_err_format(&e, r->msg, sizeof(r->msg));
		/* a reader that does not end is a bug too */
		FUZZ_ASSERT(rd->n <= insize + 1, "more records than bytes");
	}
	smk_csv_sha256(c, rd->sha);
	rd->bytes = smk_csv_bytes(c);
	rd->delim = smk_csv_delimiter(c);
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
	static const size_t chunks[8] = { 1, 2, 3, 4, 5, 7, 64, 4096 };
	struct smk_csv_opts o;
	struct reading a, b;
	struct smk_sha256 sha;
	char hex[65];
	const char *path;
	size_t i;
	uint8_t opt;

	if (size < 1)
		return 0;
	opt = data[0];
	data++;
	size--;
	o = fuzz_csv_opts(opt);
	path = fuzz_file("in.csv", data, size);

	/* reads of 64 KiB: the tools' 1 MiB, but cheaper to allocate */
	smk_csv_test_chunk(65536);
	smk_csv_test_fast(1);
	read_all(path, &o, size, &a);
	smk_csv_test_chunk(chunks[(opt >> 3) & 7]);
	smk_csv_test_fast(0);
	read_all(path, &o, size, &b);
	smk_csv_test_chunk(0);
	smk_csv_test_fast(1);

	/* every byte read, and hashed */
	smk_sha256_init(&sha);
	smk_sha256_update(&sha, data, size);
	smk_sha256_hex(&sha, hex);
	FUZZ_ASSERT(a.bytes == size && strcmp(a.sha, hex) == 0,
	    "the digest is not the file's");
	FUZZ_ASSERT(b.bytes == a.bytes && strcmp(b.sha, a.sha) == 0,
	    "the two readings hash different bytes");
	FUZZ_ASSERT(a.delim == b.delim, "the two readings sniff apart");
	FUZZ_ASSERT(a.n == b.n, "the two readings have different records");
	for (i = 0; i < a.n; i++) {
		const struct rec *x = &a.r[i], *y = &b.r[i];

		FUZZ_ASSERT(x->rc == y->rc, "a record good in one reading only");
		FUZZ_ASSERT(x->line == y->line, "a record's line differs");
		FUZZ_ASSERT(x->rawlen == y->rawlen &&
		    memcmp(x->raw, y->raw, x->rawlen) == 0,
		    "a record's raw bytes differ");
		FUZZ_ASSERT(strcmp(x->msg, y->msg) == 0,
		    "a record's diagnostic differs");
		if (x->rc < 0)
			continue;
		FUZZ_ASSERT(x->nf == y->nf && x->flen == y->flen &&
		    memcmp(x->fields, y->fields, x->flen) == 0,
		    "a record's fields differ");
	}
	reading_free(&a);
	reading_free(&b);
	return 0;
}
