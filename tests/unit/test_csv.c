/* test_csv.c — unit tests for the CSV reader (csvin.c) and SHA-256, over the csv-edge corpus and made-up files. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"
#include "smk.h"
#include "unit.h"

/* csvin.c's hooks for tests: bytes per read(2), 0 for the default; and
 * whether lines without quotes bypass libcsv. */
void smk_csv_test_chunk(size_t n);
void smk_csv_test_fast(int on);
void smk_csv_test_limits(size_t record, size_t fields);

static char datadir[1024];

/* ------------------------------------------------------------ helpers */

/* One record as read, copied so it outlives the reader. */
struct row {
	int rc;
	size_t nf;
	char **f;
	size_t *lens;
	long line;
	char *raw;
	size_t rawlen;
	struct smk_err err;
};

struct rows {
	size_t n, cap;
	struct row *r;
	int open_rc;
	int delim;
	char sha[65];
	uint64_t bytes;
	char name[64];
};

static void
rows_free(struct rows *rs)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		for (j = 0; j < rs->r[i].nf; j++)
			free(rs->r[i].f[j]);
		free(rs->r[i].f);
		free(rs->r[i].lens);
		free(rs->r[i].raw);
	}
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

/* Reads every record of path (until 0 or -2) into rs. */
static void
load(const char *path, int delim, int enc, struct rows *rs)
{
	struct smk_csv_opts o = { delim, enc };
	struct smk_csv *c;
	struct smk_record *rec;
	struct smk_err e;
	int rc;
	size_t j;

	memset(rs, 0, sizeof(*rs));
	smk_err_clear(&e);
	rs->open_rc = smk_csv_open(&c, path, &o, &e);
	if (rs->open_rc < 0)
		return;
	for (;;) {
		struct row *r;

		smk_err_clear(&e);
		rc = smk_csv_next(c, &rec, &e);
		if (rc == 0)
			break;
		if (rs->n == rs->cap) {
			rs->cap = rs->cap ? rs->cap * 2 : 16;
			rs->r = smk_xrealloc(rs->r, rs->cap * sizeof(*rs->r));
		}
		r = &rs->r[rs->n++];
		memset(r, 0, sizeof(*r));
		r->rc = rc;
		r->err = e;
		if (rc == -2 || rec == NULL)
			break;
		r->nf = rec->nfields;
		r->f = smk_xcalloc(r->nf, sizeof(*r->f));
		r->lens = smk_xcalloc(r->nf, sizeof(*r->lens));
		for (j = 0; j < r->nf; j++) {
			r->f[j] = smk_xstrndup(rec->fields[j], rec->lens[j]);
			r->lens[j] = rec->lens[j];
		}
		r->line = rec->line;
		r->raw = smk_xstrndup(rec->raw, rec->rawlen);
		r->rawlen = rec->rawlen;
	}
	rs->delim = smk_csv_delimiter(c);
	smk_csv_sha256(c, rs->sha);
	rs->bytes = smk_csv_bytes(c);
	snprintf(rs->name, sizeof(rs->name), "%s", smk_csv_name(c));
	smk_csv_close(c);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0, k;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			s = smk_xrealloc(s, cap);
		}
		if ((k = fread(s + n, 1, cap - n - 1, f)) == 0)
			break;
		n += k;
	}
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

static const char *
tmpfile_with(const char *name, const char *data, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/smk_test_csv_%ld_%s",
	    (long)getpid(), name);
	f = fopen(path, "wb");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

#define TMP(name, lit) tmpfile_with((name), (lit), sizeof(lit) - 1)

/* True when the row's fields are exactly the NULL-terminated list. */
static int
row_is(const struct row *r, const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++)
		if (i >= r->nf || strcmp(r->f[i], want[i]) != 0 ||
		    r->lens[i] != strlen(want[i]))
			return 0;
	return i == r->nf && r->rc == 1;
}

#define ROW(r, ...) row_is((r), (const char *const[]){ __VA_ARGS__, NULL })

/*
 * Each raw record must be the file's bytes, in order, with only the
 * skipped blank lines (and a leading BOM) between them.
 */
static int
raw_matches(const struct rows *rs, const char *path)
{
	size_t len, at = 0, i;
	char *s = slurp(path, &len);
	int ok = s != NULL;

	if (ok && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		at = 3;
	for (i = 0; ok && i < rs->n; i++) {
		while (at < len && (s[at] == '\r' || s[at] == '\n') &&
		    (len - at < rs->r[i].rawlen ||
		    memcmp(s + at, rs->r[i].raw, rs->r[i].rawlen) != 0))
			at++;
		ok = len - at >= rs->r[i].rawlen &&
		    memcmp(s + at, rs->r[i].raw, rs->r[i].rawlen) == 0;
		at += rs->r[i].rawlen;
	}
	while (ok && at < len && (s[at] == '\r' || s[at] == '\n'))
		at++;
	ok = ok && at == len;
	free(s);
	return ok;
}

/* ------------------------------------------------- a small JSON reader */

/* Enough JSON for the corpus: arrays, objects and strings. */
enum { J_STR, J_ARR, J_OBJ };

struct jv {
	int type;
	char *s;             /* J_STR */
	size_t len;
	size_t n;            /* J_ARR, J_OBJ */
	struct jv *items;
	char **keys;         /* J_OBJ */
};

static void
jv_free(struct jv *v)
{
	size_t i;

	free(v->s);
	for (i = 0; i < v->n; i++) {
		jv_free(&v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

static void
ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static int
hex4(const char *p, unsigned *u)
{
	int i;

	*u = 0;
	for (i = 0; i < 4; i++) {
		int ch = p[i], d;

		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			d = ch - 'A' + 10;
		else
			return -1;
		*u = *u << 4 | (unsigned)d;
	}
	return 0;
}

static int
jstring(const char **p, struct smk_buf *b)
{
	unsigned u, lo;

	if (**p != '"')
		return -1;
	(*p)++;
	while (**p != '"') {
		if (**p == '\0')
			return -1;
		if (**p != '\\') {
			smk_buf_addc(b, *(*p)++);
			continue;
		}
		(*p)++;
		switch (*(*p)++) {
		case 'n': smk_buf_addc(b, '\n'); break;
		case 'r': smk_buf_addc(b, '\r'); break;
		case 't': smk_buf_addc(b, '\t'); break;
		case 'b': smk_buf_addc(b, '\b'); break;
		case 'f': smk_buf_addc(b, '\f'); break;
		case '"': smk_buf_addc(b, '"'); break;
		case '\\': smk_buf_addc(b, '\\'); break;
		case '/': smk_buf_addc(b, '/'); break;
		case 'u':
			if (hex4(*p, &u) < 0)
				return -1;
			*p += 4;
			if (u >= 0xd800 && u <= 0xdbff && (*p)[0] == '\\' &&
			    (*p)[1] == 'u' && hex4(*p + 2, &lo) == 0) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				*p += 6;
			}
			if (u < 0x80)
				smk_buf_addc(b, (int)u);
			else if (u < 0x800) {
				smk_buf_addc(b, (int)(0xc0 | u >> 6));
				smk_buf_addc(b, (int)(0x80 | (u & 0x3f)));
			} else if (u < 0x10000) {
				smk_buf_addc(b, (int)(0xe0 | u >> 12));
				smk_buf_addc(b, (int)(0x80 | (u >> 6 & 0x3f)));
				smk_buf_addc(b, (int)(0x80 | (u & 0x3f)));
			} else {
				smk_buf_addc(b, (int)(0xf0 | u >> 18));
				smk_buf_addc(b, (int)(0x80 | (u >> 12 & 0x3f)));
				smk_buf_addc(b, (int)(0x80 | (u >> 6 & 0x3f)));
				smk_buf_addc(b, (int)(0x80 | (u & 0x3f)));
			}
			break;
		default:
			return -1;
		}
	}
	(*p)++;
	return 0;
}

static int
jvalue(const char **p, struct jv *v)
{
	struct smk_buf b = { 0 };
	int obj;

	memset(v, 0, sizeof(*v));
	ws(p);
	if (**p == '"') {
		v->type = J_STR;
		if (jstring(p, &b) < 0) {
			smk_buf_free(&b);
			return -1;
		}
		v->len = b.len;
		v->s = smk_buf_detach(&b);
		return 0;
	}
	if (**p != '[' && **p != '{')
		return -1;
	obj = **p == '{';
	v->type = obj ? J_OBJ : J_ARR;
	(*p)++;
	ws(p);
	if (**p == (obj ? '}' : ']')) {
		(*p)++;
		return 0;
	}
	for (;;) {
		v->items = smk_xrealloc(v->items, (v->n + 1) *
		    sizeof(*v->items));
		memset(&v->items[v->n], 0, sizeof(*v->items));
		if (obj) {
			v->keys = smk_xrealloc(v->keys, (v->n + 1) *
			    sizeof(*v->keys));
			v->keys[v->n] = NULL;
			ws(p);
			if (jstring(p, &b) < 0)
				return -1;
			v->keys[v->n] = smk_buf_detach(&b);
			ws(p);
			if (*(*p)++ != ':')
				return -1;
		}
		v->n++;
		if (jvalue(p, &v->items[v->n - 1]) < 0)
			return -1;
		ws(p);
		if (**p == ',') {
			(*p)++;
			continue;
		}
		if (*(*p)++ != (obj ? '}' : ']'))
			return -1;
		return 0;
	}
}

/* ------------------------------------------------------ corpus walking */

/*
 * Builds the expected records from the JSON: an array of arrays is the
 * records as they are; an array of objects is a header row (the keys)
 * followed by one record per object.
 */
static int
compare(const char *what, const struct rows *rs, const struct jv *j,
    const char *const *hdr_if_empty)
{
	size_t i, k, got = 0, nexp = 0;
	int ok = 1;

	if (j->type != J_ARR) {
		CHECK(0, "%s: expected JSON is an array", what);
		return 0;
	}
	for (i = 0; i < rs->n; i++)
		ok = ok && rs->r[i].rc == 1;
	CHECK(ok, "%s: every record reads fine", what);
	if (!ok)
		return 0;
	if (j->n > 0 && j->items[0].type == J_OBJ) {
		const struct jv *o = &j->items[0];

		nexp = 1 + j->n;
		ok = rs->n == nexp;
		for (k = 0; ok && k < o->n; k++)
			ok = k < rs->r[0].nf &&
			    strcmp(rs->r[0].f[k], o->keys[k]) == 0;
		ok = ok && rs->r[0].nf == o->n;
		CHECK(ok, "%s: header is the JSON keys", what);
		for (i = 0; ok && i < j->n; i++) {
			const struct jv *x = &j->items[i];
			const struct row *r = &rs->r[i + 1];

			ok = x->type == J_OBJ && x->n == r->nf;
			for (k = 0; ok && k < x->n; k++)
				ok = x->items[k].len == r->lens[k] &&
				    memcmp(x->items[k].s, r->f[k],
				    r->lens[k]) == 0;
			if (!ok)
				printf("# record %zu differs\n", i + 2);
		}
		CHECK(ok, "%s: %zu records match the JSON", what, j->n);
		return ok;
	}
	if (j->n == 0) {
		/* No rows: only a header, which the JSON cannot show. */
		ok = rs->n == 1 && hdr_if_empty != NULL &&
		    row_is(&rs->r[0], hdr_if_empty);
		CHECK(ok, "%s: header only", what);
		return ok;
	}
	for (i = 0; i < j->n; i++) {
		const struct jv *x = &j->items[i];

		/*
		 * A record of one empty field can only be written as a
		 * blank line, and the reader skips blank lines by design
		 * (CRM exports are full of them): such expected records
		 * are not looked for.
		 */
		if (x->type == J_ARR && x->n == 1 && x->items[0].len == 0)
			continue;
		nexp++;
		if (got >= rs->n) {
			ok = 0;
			break;
		}
		ok = x->type == J_ARR && x->n == rs->r[got].nf;
		for (k = 0; ok && k < x->n; k++)
			ok = x->items[k].type == J_STR &&
			    x->items[k].len == rs->r[got].lens[k] &&
			    memcmp(x->items[k].s, rs->r[got].f[k],
			    x->items[k].len) == 0;
		if (!ok) {
			printf("# record %zu differs\n", got + 1);
			break;
		}
		got++;
	}
	ok = ok && got == rs->n;
	CHECK(ok, "%s: %zu records match the JSON", what, nexp);
	return ok;
}

static void
walk(const char *sub, const char *csvdir, const char *jsondir, int slow)
{
	static const char *const foobarbaz[] = { "foo", "bar", "baz", NULL };
	char dir[1200], csv[1600], json[1600], what[400];
	struct dirent *d;
	DIR *dp;
	int nfiles = 0;

	snprintf(dir, sizeof(dir), "%s/%s/%s", datadir, sub, csvdir);
	if ((dp = opendir(dir)) == NULL) {
		CHECK(0, "open %s", dir);
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		size_t n = strlen(d->d_name), jlen;
		struct rows rs;
		struct jv j;
		char *js;
		const char *p;

		if (n < 5 || strcmp(d->d_name + n - 4, ".csv") != 0)
			continue;
		snprintf(csv, sizeof(csv), "%s/%s", dir, d->d_name);
		snprintf(json, sizeof(json), "%s/%s/%s/%.*s.json", datadir,
		    sub, jsondir, (int)(n - 4), d->d_name);
		snprintf(what, sizeof(what), "%s/%s%s", sub, d->d_name,
		    slow ? " (libcsv only)" : "");
		if ((js = slurp(json, &jlen)) == NULL)
			continue; /* the bad-* files: tested one by one */
		nfiles++;
		p = js;
		if (jvalue(&p, &j) < 0) {
			CHECK(0, "%s: JSON parses", what);
			free(js);
			continue;
		}
		load(csv, 0, SMK_ENC_UTF8, &rs);
		CHECK_INT(rs.open_rc, 0, what);
		compare(what, &rs, &j,
		    strncmp(d->d_name, "header-", 7) == 0 ? foobarbaz : NULL);
		CHECK(raw_matches(&rs, csv), "%s: raw bytes are the file's",
		    what);
		rows_free(&rs);
		jv_free(&j);
		free(js);
	}
	closedir(dp);
	CHECK(nfiles > 5, "%s: %d files with JSON walked%s", sub, nfiles,
	    slow ? " (all through libcsv)" : "");
}

static const char *
edge(const char *rel)
{
	static char path[1400];

	snprintf(path, sizeof(path), "%s/%s", datadir, rel);
	return path;
}

/* ------------------------------------------------------------- corpus */

static void
test_bad_files(void)
{
	struct rows rs;

	/* The quote errors are bad records naming the line. */
	load(edge("csv-test-data/csv/bad-missing-quote.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && ROW(&rs.r[0], "foo", "bar", "baz") &&
	    rs.r[1].rc == -1 && rs.r[1].line == 2 &&
	    rs.r[1].err.status == SMK_EXIT_FINDINGS &&
	    strstr(rs.r[1].err.msg, "unterminated quoted field (opened at "
	    "line 2)") != NULL && strcmp(rs.r[1].err.field, "field 2") == 0,
	    "bad-missing-quote: unterminated quote at line 2");
	CHECK_STR(rs.r[1].raw, "1,\"I forgot to close this one,3",
	    "bad-missing-quote: raw is the line");
	rows_free(&rs);

	load(edge("csv-test-data/csv/bad-quotes-with-unescaped-quote.csv"),
	    0, 0, &rs);
	CHECK(rs.n == 2 && rs.r[1].rc == -1 && rs.r[1].line == 2 &&
	    rs.r[1].err.line == 2 && strstr(rs.r[1].err.msg, "stray quote") &&
	    strcmp(rs.r[1].err.field, "field 2") == 0,
	    "bad-quotes-with-unescaped-quote: stray quote, line 2, field 2");
	rows_free(&rs);

	load(edge("csv-test-data/csv/bad-unescaped-quote.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && rs.r[1].rc == -1 && rs.r[1].err.line == 2 &&
	    strstr(rs.r[1].err.msg, "stray quote") &&
	    strcmp(rs.r[1].err.file, edge("csv-test-data/csv/"
	    "bad-unescaped-quote.csv")) == 0,
	    "bad-unescaped-quote: stray quote at line 2, file named");
	rows_free(&rs);

	/* Ragged records are fine here: the importer judges raggedness. */
	load(edge("csv-test-data/csv/bad-header-less-fields.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && rs.r[0].nf == 3 && ROW(&rs.r[1], "1", "2"),
	    "bad-header-less-fields: 3 then 2 fields");
	rows_free(&rs);
	load(edge("csv-test-data/csv/bad-header-more-fields.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && rs.r[0].nf == 3 && ROW(&rs.r[1], "1", "2", "3", "4"),
	    "bad-header-more-fields: 3 then 4 fields");
	rows_free(&rs);
	/* A wrong header is the importer's business too. */
	load(edge("csv-test-data/csv/bad-header-wrong-header.csv"), 0, 0, &rs);
	CHECK(rs.n == 1 && ROW(&rs.r[0], "qux", "quux", "quuz"),
	    "bad-header-wrong-header: one record");
	rows_free(&rs);
	/* An empty file: end of input at once. */
	load(edge("csv-test-data/csv/bad-header-no-header.csv"), 0, 0, &rs);
	CHECK(rs.open_rc == 0 && rs.n == 0, "bad-header-no-header: 0 at once");
	CHECK_STR(rs.sha, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934c"
	    "a495991b7852b855", "empty file: sha256 of nothing");
	rows_free(&rs);
}

static void
test_csvkit(void)
{
	struct rows rs, rs2;
	size_t i;
	int ok;

	load(edge("csvkit-examples/test_utf8.csv"), 0, 0, &rs);
	load(edge("csvkit-examples/test_utf8_bom.csv"), 0, 0, &rs2);
	CHECK(rs.n == 3 && ROW(&rs.r[0], "foo", "bar", "baz") &&
	    ROW(&rs.r[2], "4", "5", "\xca\xa4"), "test_utf8: records");
	ok = rs2.n == rs.n;
	for (i = 0; ok && i < rs.n; i++)
		ok = rs2.r[i].nf == rs.r[i].nf &&
		    strcmp(rs2.r[i].f[0], rs.r[i].f[0]) == 0 &&
		    strcmp(rs2.r[i].f[rs.r[i].nf - 1],
		    rs.r[i].f[rs.r[i].nf - 1]) == 0;
	CHECK(ok, "test_utf8_bom: same records as test_utf8, BOM stripped");
	CHECK(rs2.r[0].rawlen == 12 && memcmp(rs2.r[0].raw, "foo,", 4) == 0,
	    "test_utf8_bom: the BOM is not in the raw header");
	CHECK(raw_matches(&rs2, edge("csvkit-examples/test_utf8_bom.csv")),
	    "test_utf8_bom: raw bytes are the file's");
	rows_free(&rs2);

	load(edge("csvkit-examples/test_utf16_little.csv"), 0, 0, &rs2);
	CHECK(rs2.n == 3 && ROW(&rs2.r[0], "a", "b", "c") &&
	    ROW(&rs2.r[1], "1", "2", "3") && ROW(&rs2.r[2], "4", "5", "\xca\xa4")
	    && rs2.r[2].line == 3, "test_utf16_little: same data as test_utf8");
	CHECK(rs2.bytes == 36 && rs2.r[1].rawlen == 6 &&
	    memcmp(rs2.r[1].raw, "1,2,3\n", 6) == 0,
	    "test_utf16_little: raw is the UTF-8 conversion; 36 bytes read");
	rows_free(&rs2);
	load(edge("csvkit-examples/test_utf16_big.csv"), 0, 0, &rs2);
	CHECK(rs2.n == 3 && ROW(&rs2.r[0], "a", "b", "c") &&
	    ROW(&rs2.r[1], "1", "2", "3") && ROW(&rs2.r[2], "4", "5", "\xca\xa4"),
	    "test_utf16_big: same data as test_utf8");
	rows_free(&rs2);
	rows_free(&rs);

	load(edge("csvkit-examples/test_latin1.csv"), 0, SMK_ENC_UTF8, &rs);
	CHECK(rs.n == 3 && rs.r[1].rc == 1 && rs.r[2].rc == -1 &&
	    rs.r[2].line == 3 && rs.r[2].err.line == 3 &&
	    strcmp(rs.r[2].err.field, "field 3") == 0 &&
	    strstr(rs.r[2].err.msg, "invalid UTF-8 (byte 0xa9)") != NULL &&
	    strstr(rs.r[2].err.msg, "--encoding latin1") != NULL,
	    "test_latin1 as UTF-8: bad record at line 3, field 3");
	CHECK(rs.r[2].rawlen == 5 && memcmp(rs.r[2].raw, "4,5,\xa9", 5) == 0,
	    "test_latin1 as UTF-8: raw bytes kept as read");
	rows_free(&rs);
	load(edge("csvkit-examples/test_latin1.csv"), 0, SMK_ENC_LATIN1, &rs);
	CHECK(rs.n == 3 && ROW(&rs.r[2], "4", "5", "\xc2\xa9"),
	    "test_latin1 as Latin-1: (c) sign in UTF-8");
	rows_free(&rs);

	load(edge("csvkit-examples/mac_newlines.csv"), 0, 0, &rs);
	CHECK(rs.n == 3 && ROW(&rs.r[0], "a", "b", "c") &&
	    ROW(&rs.r[1], "1", "2", "3") &&
	    ROW(&rs.r[2], "Once upon\ra time", "5", "6"),
	    "mac_newlines: lone CR ends lines, kept inside quotes");
	CHECK(rs.r[1].line == 2 && rs.r[2].line == 3 &&
	    strcmp(rs.r[2].raw, "\"Once upon\ra time\",5,6\r") == 0,
	    "mac_newlines: lines and raw");
	rows_free(&rs);

	load(edge("csvkit-examples/null_byte.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && rs.r[0].rc == 1 && rs.r[1].rc == -1 &&
	    rs.r[1].line == 2 && strcmp(rs.r[1].err.field, "field 1") == 0 &&
	    strstr(rs.r[1].err.msg, "NUL byte") != NULL &&
	    rs.r[1].rawlen == 6, "null_byte: bad record at line 2, field 1");
	rows_free(&rs);

	load(edge("csvkit-examples/test_header_newline.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && ROW(&rs.r[0], "\t\n\v\f\r start \t\n\v\f\r end "
	    "\t\n\v\f\r", "b", "c") && ROW(&rs.r[1], "d", "e", "f"),
	    "test_header_newline: control characters kept in a quoted header");
	CHECK(rs.r[0].line == 1 && rs.r[1].line == 8,
	    "test_header_newline: next record on line 8");
	rows_free(&rs);

	load(edge("csvkit-examples/bad.csv"), 0, 0, &rs);
	CHECK(rs.n == 4 && rs.r[0].nf == 3 &&
	    ROW(&rs.r[1], "1", "27", "", "I'm too long!") &&
	    ROW(&rs.r[2], "", "I'm too short!") &&
	    ROW(&rs.r[3], "0", "mixed types.... uh oh", "17"),
	    "bad.csv: ragged records read as they are");
	CHECK(rs.r[1].line == 2 && rs.r[2].line == 3 && rs.r[3].line == 4,
	    "bad.csv: line numbers");
	rows_free(&rs);

	load(edge("csvkit-examples/blanks.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && ROW(&rs.r[1], "", "NA", "N/A", "NONE", "NULL", "."),
	    "blanks.csv: placeholders read as text");
	rows_free(&rs);

	load(edge("csvkit-examples/bad_skip_lines.csv"), 0, 0, &rs);
	CHECK(rs.n == 4 && rs.r[0].line == 4 && rs.r[3].line == 7 &&
	    rs.r[0].nf == 3, "bad_skip_lines: leading blank lines counted");
	rows_free(&rs);

	load(edge("csvkit-examples/test_no_leading_zeroes.csv"), 0, 0, &rs);
	CHECK(rs.n == 2 && ROW(&rs.r[1], "01", "00.11", "0.1"),
	    "test_no_leading_zeroes: text kept as is");
	rows_free(&rs);

	load(edge("csvkit-examples/test_empty_columns.csv"), 0, 0, &rs);
	CHECK(rs.n == 4 && rs.r[3].nf == 5 && ROW(&rs.r[2], "", "", "c", ""),
	    "test_empty_columns: empty fields counted");
	rows_free(&rs);
}

/* --------------------------------------------------------- made-up files */

static void
test_lines_and_raw(void)
{
	struct rows rs;
	const char *p;

	p = TMP("nl.csv", "a,b\n1,\"x\ny\"\n2,z\n\n3,w");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 4 && ROW(&rs.r[1], "1", "x\ny") && ROW(&rs.r[3], "3", "w"),
	    "embedded newline, blank line, last line without newline");
	CHECK(rs.r[0].line == 1 && rs.r[1].line == 2 && rs.r[2].line == 4 &&
	    rs.r[3].line == 6, "lines after an embedded newline and a blank");
	CHECK_STR(rs.r[1].raw, "1,\"x\ny\"\n", "raw of a two-line record");
	CHECK_STR(rs.r[3].raw, "3,w", "raw of a last line without newline");
	CHECK(raw_matches(&rs, p), "raw bytes are the file's");
	rows_free(&rs);

	p = TMP("crlf.csv", "a,b\r\n\"x\r\ny\",\"q\"\"q\"\r\n\r\n2, z \r\n");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 3 && ROW(&rs.r[1], "x\r\ny", "q\"q") &&
	    ROW(&rs.r[2], "2", " z "), "CRLF kept inside quotes; spaces kept");
	CHECK(rs.r[2].line == 5 && strcmp(rs.r[1].raw,
	    "\"x\r\ny\",\"q\"\"q\"\r\n") == 0, "CRLF: lines and raw");
	rows_free(&rs);

	p = TMP("mixed.csv", "a\rb\r\nc\n\rd");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 4 && rs.r[0].line == 1 && rs.r[1].line == 2 &&
	    rs.r[2].line == 3 && rs.r[3].line == 5 && ROW(&rs.r[3], "d"),
	    "mixed CR, CRLF, LF, LF CR: one line end each");
	rows_free(&rs);

	p = TMP("quoted_last.csv", "a,b\n\"x\",\"y\"");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 2 && ROW(&rs.r[1], "x", "y"),
	    "quoted last field without newline");
	rows_free(&rs);

	p = TMP("empty_fields.csv", "a,,\n,\n");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 2 && ROW(&rs.r[0], "a", "", "") && ROW(&rs.r[1], "", ""),
	    "empty fields");
	rows_free(&rs);

	p = TMP("only_blank.csv", "\r\n\n\r");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 0, "only blank lines: no records");
	rows_free(&rs);
}

static void
test_sniff(void)
{
	struct rows rs;
	const char *p;

	p = TMP("semi.csv", "a;b;\"c,d\"\n1;2,5;3\n");
	load(p, 0, 0, &rs);
	CHECK(rs.delim == ';' && rs.n == 2 && ROW(&rs.r[0], "a", "b", "c,d") &&
	    ROW(&rs.r[1], "1", "2,5", "3"), "sniffs ';' (commas in quotes "
	    "not counted)");
	rows_free(&rs);
	load(p, ',', 0, &rs);
	CHECK(rs.delim == ',' && rs.n == 2 && rs.r[1].nf == 2,
	    "a given delimiter is not sniffed");
	rows_free(&rs);

	p = TMP("tab.csv", "\na\tb\tc,d\n1\t2\t3\n");
	load(p, 0, 0, &rs);
	CHECK(rs.delim == '\t' && rs.n == 2 && ROW(&rs.r[0], "a", "b", "c,d") &&
	    rs.r[0].line == 2, "sniffs tab on the first non-blank line");
	rows_free(&rs);

	p = TMP("tie.csv", "a;b,c\n");
	load(p, 0, 0, &rs);
	CHECK(rs.delim == ',' && ROW(&rs.r[0], "a;b", "c"), "tie: ','");
	rows_free(&rs);
	p = TMP("none.csv", "abc\n");
	load(p, 0, 0, &rs);
	CHECK(rs.delim == ',' && ROW(&rs.r[0], "abc"), "none: ','");
	rows_free(&rs);
}

static void
test_bad_records(void)
{
	struct rows rs;
	const char *p;

	p = TMP("mid.csv", "a,b\n1,x\"y\n2,ok\n3,\"bad\" q\n4,\"\xc3\x28\"\n"
	    "5,fine");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 6, "bad records in the middle: 6 records");
	CHECK(rs.r[1].rc == -1 && rs.r[1].line == 2 &&
	    strcmp(rs.r[1].err.field, "field 2") == 0 &&
	    strcmp(rs.r[1].raw, "1,x\"y\n") == 0,
	    "stray quote in an unquoted field: line 2, field 2, raw");
	CHECK(ROW(&rs.r[2], "2", "ok") && rs.r[2].line == 3,
	    "the next row reads fine");
	CHECK(rs.r[3].rc == -1 && rs.r[3].line == 4 &&
	    strstr(rs.r[3].err.msg, "stray quote") != NULL,
	    "text after a closing quote: stray quote at line 4");
	CHECK(rs.r[4].rc == -1 && rs.r[4].line == 5 &&
	    strstr(rs.r[4].err.msg, "invalid UTF-8 (byte 0xc3)") != NULL,
	    "invalid UTF-8 sequence at line 5");
	CHECK(ROW(&rs.r[5], "5", "fine") && rs.r[5].line == 6,
	    "the last row reads fine");
	CHECK(raw_matches(&rs, p), "bad records keep their raw bytes");
	rows_free(&rs);

	/* An opening quote never closed: only its line is rejected. */
	p = TMP("open.csv", "a,b\n1,\"oops\n2,x\n\n3,y\n");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 4 && rs.r[1].rc == -1 && rs.r[1].line == 2 &&
	    strcmp(rs.r[1].raw, "1,\"oops\n") == 0 &&
	    strstr(rs.r[1].err.msg, "unterminated quoted field (opened at "
	    "line 2)") != NULL, "unterminated quote: its line rejected");
	CHECK(ROW(&rs.r[2], "2", "x") && rs.r[2].line == 3 &&
	    ROW(&rs.r[3], "3", "y") && rs.r[3].line == 5,
	    "unterminated quote: the lines after it read again");
	rows_free(&rs);

	p = TMP("broken.csv", "a,b\n5,\"Acme\n6,\"Bob\",x\n7,z\n");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 4 && rs.r[1].rc == -1 && rs.r[1].line == 2 &&
	    strcmp(rs.r[1].raw, "5,\"Acme\n") == 0 &&
	    strcmp(rs.r[1].err.field, "field 2") == 0 &&
	    strstr(rs.r[1].err.msg, "line 3") != NULL,
	    "quote broken on a later line: first line rejected");
	CHECK(ROW(&rs.r[2], "6", "Bob", "x") && rs.r[2].line == 3 &&
	    ROW(&rs.r[3], "7", "z") && rs.r[3].line == 4,
	    "quote broken on a later line: the rest reads again");
	rows_free(&rs);

	p = TMP("overlong.csv", "\xc0\x80,\xed\xa0\x80,\xf4\x90\x80\x80\n"
	    "\xe2\x82\xac,\xf0\x9f\x98\x8e\n");
	load(p, 0, 0, &rs);
	CHECK(rs.n == 2 && rs.r[0].rc == -1 &&
	    strcmp(rs.r[0].err.field, "field 1") == 0 &&
	    ROW(&rs.r[1], "\xe2\x82\xac", "\xf0\x9f\x98\x8e"),
	    "overlong UTF-8 refused; 3- and 4-byte forms fine");
	rows_free(&rs);

	p = TMP("cp1252.csv", "\x80,\x93q\x94,\xe9\n");
	load(p, 0, SMK_ENC_LATIN1, &rs);
	CHECK(rs.n == 1 && ROW(&rs.r[0], "\xe2\x82\xac",
	    "\xe2\x80\x9cq\xe2\x80\x9d", "\xc3\xa9"),
	    "Latin-1: 0x80-0x9f read as Windows-1252");
	CHECK_STR(rs.r[0].raw, "\x80,\x93q\x94,\xe9\n",
	    "Latin-1: raw bytes are not converted");
	rows_free(&rs);

	p = TMP("latin1nul.csv", "a,b\n1,x\0y\n2,z\n");
	load(p, 0, SMK_ENC_LATIN1, &rs);
	CHECK(rs.n == 3 && rs.r[1].rc == -1 &&
	    strcmp(rs.r[1].err.field, "field 2") == 0 && rs.r[1].rawlen == 6 &&
	    ROW(&rs.r[2], "2", "z"), "Latin-1: a NUL byte is still bad");
	rows_free(&rs);
}

static void
test_utf16(void)
{
	/* "a\n", U+1F60E, "\n", a lone high surrogate, "x\n", "b\r\n" */
	static const char le[] = "\xff\xfe" "a\0\n\0" "\x3d\xd8\x0e\xde\n\0"
	    "\x00\xd8x\0\n\0" "b\0\r\0\n\0";
	static const char be[] = "\xfe\xff" "\0a\0\n" "\xd8\x3d\xde\x0e\0\n"
	    "\xdc\x00\0x\0\n" "\0b\0\r\0\n";
	static const char odd[] = "\xff\xfe" "a\0\n\0b";
	struct rows rs;
	size_t k;

	load(tmpfile_with("le.csv", le, sizeof(le) - 1), 0, 0, &rs);
	CHECK(rs.n == 4 && ROW(&rs.r[0], "a") &&
	    ROW(&rs.r[1], "\xf0\x9f\x98\x8e") && rs.r[2].rc == -1 &&
	    rs.r[2].line == 3 && ROW(&rs.r[3], "b") && rs.r[3].line == 4,
	    "UTF-16LE: surrogate pair decoded; lines");
	CHECK(rs.n == 4 && strstr(rs.r[2].err.msg, "unpaired surrogate "
	    "0xd800") != NULL, "UTF-16LE: unpaired surrogate is a bad record");
	CHECK(rs.n == 4 && strcmp(rs.r[3].raw, "b\r\n") == 0,
	    "UTF-16LE: raw is UTF-8");
	rows_free(&rs);
	load(tmpfile_with("be.csv", be, sizeof(be) - 1), 0, 0, &rs);
	CHECK(rs.n == 4 && ROW(&rs.r[1], "\xf0\x9f\x98\x8e") &&
	    rs.r[2].rc == -1 && strstr(rs.r[2].err.msg, "0xdc00") != NULL &&
	    ROW(&rs.r[3], "b"), "UTF-16BE: pair decoded, lone low surrogate "
	    "bad");
	rows_free(&rs);
	load(tmpfile_with("odd.csv", odd, sizeof(odd) - 1), 0, 0, &rs);
	CHECK(rs.n == 2 && ROW(&rs.r[0], "a") && rs.r[1].rc == -1 &&
	    strstr(rs.r[1].err.msg, "odd number of bytes") != NULL,
	    "UTF-16: an odd last byte is a bad record");
	rows_free(&rs);

	/* The same with every read split: units and pairs cut in two. */
	for (k = 1; k <= 5; k++) {
		smk_csv_test_chunk(k);
		load(tmpfile_with("le.csv", le, sizeof(le) - 1), 0, 0, &rs);
		CHECK(rs.n == 4 && ROW(&rs.r[1], "\xf0\x9f\x98\x8e") &&
		    rs.r[2].rc == -1 && ROW(&rs.r[3], "b") &&
		    rs.r[3].line == 4 && rs.bytes == sizeof(le) - 1,
		    "UTF-16LE with reads of %zu bytes", k);
		rows_free(&rs);
	}
	smk_csv_test_chunk(0);
}

/* Reading with tiny reads gives the same records as one big read. */
static void
test_chunks(void)
{
	static const char data[] = "\xef\xbb\xbf" "h1;h2\r\n\"a\r\nb\";\"c\"\"d\""
	    "\r\n\r\n1;2\r3;4\n\n\"x\ry\";z\r\n5;\"open\r\n6;7\r\nlast;\"q\"";
	struct rows ref, rs;
	const char *p = tmpfile_with("chunks.csv", data, sizeof(data) - 1);
	size_t k, i, j;
	int ok;

	load(p, 0, 0, &ref);
	CHECK(ref.n == 8 && ref.delim == ';' && ROW(&ref.r[0], "h1", "h2") &&
	    ROW(&ref.r[1], "a\r\nb", "c\"d") && ref.r[2].line == 5 &&
	    ROW(&ref.r[4], "x\ry", "z") && ref.r[4].line == 8 &&
	    ref.r[5].rc == -1 && ref.r[5].line == 10 &&
	    ROW(&ref.r[6], "6", "7") && ref.r[6].line == 11 &&
	    ROW(&ref.r[7], "last", "q") && ref.r[7].line == 12, "chunk reference file reads right");
	for (k = 1; k <= 24; k++) {
		/* 13-24: the same without the fast path */
		smk_csv_test_chunk(k > 12 ? k - 12 : k);
		smk_csv_test_fast(k <= 12);
		load(p, 0, 0, &rs);
		ok = rs.n == ref.n;
		for (i = 0; ok && i < rs.n; i++) {
			ok = rs.r[i].rc == ref.r[i].rc &&
			    rs.r[i].line == ref.r[i].line &&
			    rs.r[i].rawlen == ref.r[i].rawlen &&
			    memcmp(rs.r[i].raw, ref.r[i].raw,
			    ref.r[i].rawlen) == 0 && rs.r[i].nf == ref.r[i].nf;
			for (j = 0; ok && j < rs.r[i].nf; j++)
				ok = strcmp(rs.r[i].f[j], ref.r[i].f[j]) == 0;
		}
		CHECK(ok && strcmp(rs.sha, ref.sha) == 0,
		    "reads of %zu bytes%s: same records (CRLF split across "
		    "reads)", k > 12 ? k - 12 : k, k > 12 ? ", libcsv only" : "");
		rows_free(&rs);
	}
	smk_csv_test_chunk(0);
	smk_csv_test_fast(1);
	rows_free(&ref);
}

/* A file several times the default buffer, with CRLF lines. */
static void
test_big(void)
{
	struct smk_buf b = { 0 };
	struct rows rs;
	const char *p;
	long i, n = 60000;
	int ok = 1;

	for (i = 0; i < n; i++)
		if (i % 7 == 3)
			smk_buf_printf(&b, "%ld,\"multi\r\nline %ld\",x\r\n", i, i);
		else
			smk_buf_printf(&b, "%ld,name %ld,%0*ld\r\n", i, i,
			    (int)(i % 50), i);
	p = tmpfile_with("big.csv", b.s, b.len);
	load(p, 0, 0, &rs);
	{
		long line = 1;

		ok = rs.n == (size_t)n && b.len > 2 * 1024 * 1024;
		for (i = 0; ok && i < n; i++) {
			ok = rs.r[i].rc == 1 && rs.r[i].line == line &&
			    rs.r[i].nf == 3 && atol(rs.r[i].f[0]) == i;
			line += i % 7 == 3 ? 2 : 1;
		}
	}
	CHECK(ok, "a %zu-byte file: every record and line right", b.len);
	CHECK(rs.bytes == b.len, "bytes read equal the file size");
	CHECK(raw_matches(&rs, p), "big file: raw bytes are the file's");
	rows_free(&rs);
	smk_buf_free(&b);
}

static void
test_open(void)
{
	struct smk_csv *c = NULL;
	struct smk_record *rec;
	struct smk_err e;
	struct rows rs;
	const char *p;
	int fd, saved;

	smk_err_clear(&e);
	CHECK_INT(smk_csv_open(&c, "/nonexistent/x.csv", NULL, &e), -1,
	    "open a missing file: -1");
	CHECK(c == NULL && e.status == SMK_EXIT_FAILURE &&
	    strcmp(e.file, "/nonexistent/x.csv") == 0 &&
	    strcmp(e.msg, "cannot open: No such file or directory") == 0,
	    "open a missing file: status, file and message");
	smk_err_clear(&e);
	CHECK(smk_csv_open(&c, "/tmp", NULL, &e) == -1 &&
	    e.status == SMK_EXIT_FAILURE && strstr(e.msg, "directory"),
	    "open a directory: refused");
	smk_csv_close(NULL);
	{
		struct smk_csv_opts o = { '"', 0 };

		smk_err_clear(&e);
		CHECK(smk_csv_open(&c, "/dev/null", &o, &e) == -1 &&
		    e.status == SMK_EXIT_USAGE, "a quote as delimiter: refused");
	}

	/* "-" is standard input, shown as <stdin>. */
	p = TMP("stdin.csv", "a,b\n1,2\n");
	fflush(stdout);
	saved = dup(0);
	fd = open(p, O_RDONLY);
	dup2(fd, 0);
	close(fd);
	load("-", 0, 0, &rs);
	dup2(saved, 0);
	close(saved);
	CHECK(rs.open_rc == 0 && rs.n == 2 && ROW(&rs.r[1], "1", "2") &&
	    strcmp(rs.name, "<stdin>") == 0, "\"-\" reads stdin as <stdin>");
	rows_free(&rs);

	/* A descriptor that cannot be read: -2, and it stays -2. */
	saved = dup(0);
	fd = open(p, O_WRONLY);
	dup2(fd, 0);
	close(fd);
	smk_err_clear(&e);
	CHECK(smk_csv_open(&c, "-", NULL, &e) == 0 &&
	    smk_csv_next(c, &rec, &e) == -2 && rec == NULL &&
	    e.status == SMK_EXIT_FAILURE && strstr(e.msg, "read error: ") &&
	    strcmp(e.file, "<stdin>") == 0 && smk_csv_next(c, &rec, &e) == -2,
	    "read error: -2 with SMK_EXIT_FAILURE");
	smk_csv_close(c);
	dup2(saved, 0);
	close(saved);

	/* After end of input, next keeps saying 0. */
	p = TMP("eof.csv", "a\n");
	smk_err_clear(&e);
	CHECK(smk_csv_open(&c, p, NULL, &e) == 0 &&
	    smk_csv_next(c, &rec, &e) == 1 && smk_csv_next(c, &rec, &e) == 0 &&
	    smk_csv_next(c, &rec, &e) == 0, "0 again after end of input");
	CHECK_STR(smk_csv_name(c), p, "name is the path");
	smk_csv_close(c);
}

/* -------------------------------------------------------------- sha256 */

static void
hexof(const void *p, size_t n, char hex[65])
{
	struct smk_sha256 s;

	smk_sha256_init(&s);
	smk_sha256_update(&s, p, n);
	smk_sha256_hex(&s, hex);
}

static void
test_sha256(void)
{
	static const char v448[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[65], *mil;
	struct smk_sha256 s;
	struct rows rs;
	size_t i;

	hexof("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
	    "b410ff61f20015ad", "FIPS 180-2: \"abc\"");
	hexof(v448, sizeof(v448) - 1, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167"
	    "f6ecedd419db06c1", "FIPS 180-2: the 448-bit message");
	mil = smk_xmalloc(1000000);
	memset(mil, 'a', 1000000);
	/* In odd pieces, to cross the block boundaries every way. */
	smk_sha256_init(&s);
	for (i = 0; i < 1000000; i += 997)
		smk_sha256_update(&s, mil + i, 1000000 - i < 997 ?
		    1000000 - i : 997);
	smk_sha256_hex(&s, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e"
	    "046d39ccc7112cd0", "FIPS 180-2: one million 'a'");
	/* The same three with the portable code, when the CPU's SHA
	 * instructions were used above. */
	printf("# sha256: CPU instructions %s\n", s.hw ? "used" : "not used");
	smk_sha256_init(&s);
	s.hw = 0;
	smk_sha256_update(&s, "abc", 3);
	smk_sha256_hex(&s, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
	    "b410ff61f20015ad", "portable: \"abc\"");
	smk_sha256_init(&s);
	s.hw = 0;
	smk_sha256_update(&s, v448, sizeof(v448) - 1);
	smk_sha256_hex(&s, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167"
	    "f6ecedd419db06c1", "portable: the 448-bit message");
	smk_sha256_init(&s);
	s.hw = 0;
	for (i = 0; i < 1000000; i += 1001)
		smk_sha256_update(&s, mil + i, 1000000 - i < 1001 ?
		    1000000 - i : 1001);
	smk_sha256_hex(&s, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e"
	    "046d39ccc7112cd0", "portable: one million 'a'");

	/* The reader's digest is the file's, read in 1 MiB chunks and
	 * more than one read. */
	load(tmpfile_with("mil.csv", mil, 1000000), 0, 0, &rs);
	CHECK(rs.n == 1 && rs.r[0].nf == 1 && rs.r[0].lens[0] == 1000000,
	    "a 1000000-byte line is one record");
	CHECK_STR(rs.sha, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e"
	    "046d39ccc7112cd0", "smk_csv_sha256 of the million 'a' file");
	rows_free(&rs);
	smk_csv_test_chunk(4096);
	load(tmpfile_with("mil.csv", mil, 1000000), 0, 0, &rs);
	CHECK_STR(rs.sha, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e"
	    "046d39ccc7112cd0", "the same with 4 KiB reads");
	CHECK(rs.bytes == 1000000, "1000000 bytes read");
	rows_free(&rs);
	smk_csv_test_chunk(0);
	free(mil);
	load(TMP("abc.csv", "abc"), 0, 0, &rs);
	CHECK_STR(rs.sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
	    "b410ff61f20015ad", "smk_csv_sha256 of a file holding \"abc\"");
	rows_free(&rs);
}

static void
cleanup(void)
{
	static const char *const names[] = {
		"nl.csv", "crlf.csv", "mixed.csv", "quoted_last.csv",
		"empty_fields.csv", "only_blank.csv", "semi.csv", "tab.csv",
		"tie.csv", "none.csv", "mid.csv", "open.csv", "broken.csv",
		"overlong.csv", "cp1252.csv", "latin1nul.csv", "le.csv",
		"be.csv", "odd.csv", "chunks.csv", "big.csv", "stdin.csv",
		"eof.csv", "mil.csv", "abc.csv", NULL
	};
	char path[256];
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		snprintf(path, sizeof(path), "/tmp/smk_test_csv_%ld_%s",
		    (long)getpid(), names[i]);
		unlink(path);
	}
}

/*
 * The limits of a record (SMK_CSV_MAX_RECORD, SMK_CSV_MAX_FIELDS), made
 * small: a record at the limit reads, one past it is refused and reading
 * goes on, whatever the size of the reads; a line too long is skipped
 * without being kept, a quoted field that runs past the limit rejects its
 * first line only.
 */
static void
test_limits(void)
{
	/* a record may have 32 bytes, line end included, and 4 fields */
	static const char data[] =
	    "h1,h2\r\n"
	    "at,the limit of 32 bytes......\r\n"   /* 32 with its CRLF */
	    "past,the limit of 32 bytes.....\r\n"  /* 33 */
	    "a,b,c,d\n"
	    "a,b,c,d,e,f\n"
	    "\"a\",b,c,d,\"e\"\n"
	    "q,\"opened and never closed\n"
	    "1,2\n3,4\n5,6\n7,8\n9,10\n"
	    "last,a last line past the limit, no line end";
	struct rows ref, rs;
	const char *p = TMP("limits.csv", data);
	size_t k, i, j;
	int ok;

	smk_csv_test_limits(32, 4);
	load(p, 0, 0, &ref);
	CHECK(ref.n == 13 && ROW(&ref.r[0], "h1", "h2") &&
	    ROW(&ref.r[1], "at", "the limit of 32 bytes......") &&
	    ref.r[1].rawlen == 32, "a record of 32 bytes reads");
	CHECK(ref.n == 13 && ref.r[2].rc == -1 && ref.r[2].line == 3 &&
	    ref.r[2].nf == 0 && ref.r[2].rawlen == 0 &&
	    strcmp(ref.r[2].err.msg, "line longer than the 32 bytes a record "
	    "may have: skipped, not kept") == 0 && ref.r[2].err.field[0] ==
	    '\0', "one of 33 bytes is skipped, not kept");
	CHECK(ref.n == 13 && ROW(&ref.r[3], "a", "b", "c", "d") &&
	    ref.r[3].line == 4, "reading goes on: 4 fields read");
	CHECK(ref.n == 13 && ref.r[4].rc == -1 && ref.r[4].line == 5 &&
	    strcmp(ref.r[4].err.msg, "6 fields, more than the 4 a record "
	    "may have") == 0 && ref.r[4].rawlen == 12, "6 fields are refused, "
	    "the record kept as read");
	CHECK(ref.n == 13 && ref.r[5].rc == -1 && strcmp(ref.r[5].err.msg,
	    "5 fields, more than the 4 a record may have") == 0,
	    "the same through libcsv (quoted fields)");
	CHECK(ref.n == 13 && ref.r[6].rc == -1 && ref.r[6].line == 7 &&
	    strcmp(ref.r[6].err.field, "field 2") == 0 &&
	    strcmp(ref.r[6].err.msg, "quoted field opened at line 7 runs past "
	    "the 32 bytes a record may have without a closing quote; reading "
	    "goes on at line 8") == 0 && ref.r[6].rawlen == 27,
	    "a quote never closed: its first line rejected");
	CHECK(ref.n == 13 && ROW(&ref.r[7], "1", "2") && ref.r[7].line == 8 &&
	    ROW(&ref.r[11], "9", "10") && ref.r[11].line == 12,
	    "and the lines after it read again");
	CHECK(ref.n == 13 && ref.r[12].rc == -1 && ref.r[12].line == 13,
	    "a last line past the limit without a line end is skipped");
	for (k = 1; k <= 40; k++) {
		smk_csv_test_chunk(k > 20 ? k - 20 : k);
		smk_csv_test_fast(k <= 20);
		load(p, 0, 0, &rs);
		ok = rs.n == ref.n;
		for (i = 0; ok && i < rs.n; i++) {
			ok = rs.r[i].rc == ref.r[i].rc &&
			    rs.r[i].line == ref.r[i].line &&
			    rs.r[i].rawlen == ref.r[i].rawlen &&
			    rs.r[i].nf == ref.r[i].nf &&
			    strcmp(rs.r[i].err.msg, ref.r[i].err.msg) == 0;
			for (j = 0; ok && j < rs.r[i].nf; j++)
				ok = strcmp(rs.r[i].f[j], ref.r[i].f[j]) == 0;
		}
		CHECK(ok && strcmp(rs.sha, ref.sha) == 0, "limits with reads of "
		    "%zu bytes%s: the same records", k > 20 ? k - 20 : k,
		    k > 20 ? ", libcsv only" : "");
		rows_free(&rs);
	}
	smk_csv_test_chunk(0);
	smk_csv_test_fast(1);
	rows_free(&ref);

	/* a CR last in a read, an LF after it: one line end, not two */
	smk_csv_test_limits(8, 0);
	for (k = 1; k <= 12; k++) {
		smk_csv_test_chunk(k);
		load(TMP("cr.csv", "a,b\r\n0123456789\r\nc,d\r\n"), 0, 0, &rs);
		CHECK(rs.n == 3 && rs.r[1].rc == -1 && rs.r[1].line == 2 &&
		    ROW(&rs.r[2], "c", "d") && rs.r[2].line == 3,
		    "a long CRLF line split at its CR (reads of %zu bytes)", k);
		rows_free(&rs);
	}
	smk_csv_test_chunk(0);
	smk_csv_test_limits(0, 0);
}

int
main(void)
{
	const char *d = getenv("SMK_DATA");

	snprintf(datadir, sizeof(datadir), "%s/csv-edge",
	    d != NULL && *d != '\0' ? d : "../shared/data");
	walk("csv-spectrum", "csvs", "json", 0);
	walk("csv-test-data", "csv", "json", 0);
	/* Again with the quote-free fast path off: libcsv must agree. */
	smk_csv_test_fast(0);
	walk("csv-spectrum", "csvs", "json", 1);
	walk("csv-test-data", "csv", "json", 1);
	smk_csv_test_fast(1);
	test_bad_files();
	test_csvkit();
	test_lines_and_raw();
	test_sniff();
	test_bad_records();
	test_utf16();
	test_chunks();
	test_big();
	test_limits();
	test_open();
	test_sha256();
	cleanup();
	return unit_done();
}
