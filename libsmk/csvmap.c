/* csvmap.c — one header mapping and one reject file for every CSV reader (leads, stage changes, spend, targets). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smk_int.h"

/*
 * Why one module: each reader (lead-import, handoff apply, and the spend
 * and targets loads) maps a header onto its own canonical fields and
 * writes the rows it refuses to a reject file.  Two copies of that logic
 * had already drifted apart (which duplicate column --map took, whether a
 * header with a trailing blank matched), so the rules live here once:
 *
 * - Header cells are trimmed and their inner blanks collapsed; a blank
 *   cell is named "column N".  --map HEADER compares with the trimmed
 *   cell, ignoring ASCII case, and so do --key and every other column
 *   named on the command line.
 * - A field named with --map takes that column; otherwise the usual
 *   spellings (compared folded: smk_fold_header()).  When several columns
 *   could be a field, the spelling of the lowest rank wins (a second
 *   choice such as HubSpot's "Original Source Drill-Down 2" yields to a
 *   plain "Campaign"), and among equal ranks the first column: a later
 *   duplicate is kept as an unmapped column, never lost.  A column of a
 *   higher rank stays the field's second choice, row by row: a row whose
 *   chosen column is blank takes the field from it (and a row that does
 *   not keeps it as an unmapped column).
 * - A reject file smk wrote is a CSV file a user can fix in a spreadsheet
 *   and import again, so it is recognized by its first five columns and
 *   read back: those columns are skipped and the data cells unescaped
 *   (see smk_rej_write).
 */

/* The reject file's own columns, in this order, before the data columns. */
static const char *const rej_cols[SMK_REJ_NCOLS] = {
	"reject_file", "reject_line", "reject_field", "reject_reason",
	"reject_record"
};
#define REJ_RECORD 4

#define FOLD_SIZE 128

/* The fieldset's spellings folded, FOLD_SIZE bytes each ("" for one too
 * long to fold): once per header, not once per column, so that a header
 * of a million columns is mapped in a second, not in a minute.  Free(3)
 * the result. */
static char *
fold_spellings(const struct smk_fieldset *fs)
{
	char *f = smk_xcalloc(fs->nspellings ? fs->nspellings : 1, FOLD_SIZE);
	size_t i;

	for (i = 0; i < fs->nspellings; i++)
		if (smk_fold_header(fs->spellings[i].header, f + i * FOLD_SIZE,
		    FOLD_SIZE) < 0)
			f[i * FOLD_SIZE] = '\0';
	return f;
}

/* Field of a header by the fieldset's spellings (folded as
 * fold_spellings() makes them, or NULL to fold each in turn); its rank
 * too. */
static int
spelling_lookup(const struct smk_fieldset *fs, const char *folded,
    const char *header, int *rank)
{
	char key[FOLD_SIZE], cand[FOLD_SIZE];
	const char *c;
	size_t i;

	if (smk_fold_header(header, key, sizeof(key)) < 0 || key[0] == '\0')
		return -1;
	for (i = 0; i < fs->nspellings; i++) {
		if (folded != NULL)
			c = folded + i * FOLD_SIZE;
		else if (smk_fold_header(fs->spellings[i].header, cand,
		    sizeof(cand)) == 0)
			c = cand;
		else
			continue;
		if (strcmp(key, c) == 0) {
			*rank = fs->spellings[i].rank;
			return fs->spellings[i].field;
		}
	}
	return -1;
}

int
smk_fieldset_lookup(const struct smk_fieldset *fs, const char *header)
{
	int rank;

	return header == NULL ? -1 : spelling_lookup(fs, NULL, header, &rank);
}

/* Whether rec's first cells are the reject file's own columns. */
static int
is_reject_header(const struct smk_record *rec)
{
	struct smk_buf b = {0};
	size_t i;
	int yes = rec->nfields >= SMK_REJ_NCOLS;

	for (i = 0; yes && i < SMK_REJ_NCOLS; i++) {
		smk_norm_space(rec->fields[i], &b);
		yes = strcmp(b.s, rej_cols[i]) == 0;
	}
	smk_buf_free(&b);
	return yes;
}

void
smk_colmap_free(struct smk_colmap *m)
{
	size_t i;

	for (i = 0; i < m->ncols; i++)
		free(m->header[i]);
	free(m->header);
	free(m->colfield);
	free(m->fieldcol);
	free(m->next);
	free(m->second);
	memset(m, 0, sizeof(*m));
}

int
smk_colmap_find(const struct smk_colmap *m, const char *name)
{
	struct smk_buf b = {0};
	size_t i;
	int c = -1;

	smk_norm_space(name, &b);
	for (i = m->first; i < m->ncols && c < 0; i++)
		if (strcasecmp(m->header[i], b.s) == 0)
			c = (int)i;
	smk_buf_free(&b);
	return c;
}

int
smk_colmap_build(struct smk_colmap *m, const struct smk_fieldset *fs,
    const struct smk_record *hdr, const char *const *map, const char *file,
    struct smk_err *err)
{
	struct smk_buf b = {0};
	const char *h;
	char *folded;
	int *cf, *cr, f, c, last, lo;
	size_t i;

	smk_colmap_free(m);
	m->fs = fs;
	m->ncols = hdr->nfields;
	m->header = smk_xcalloc(m->ncols, sizeof(*m->header));
	m->colfield = smk_xcalloc(m->ncols, sizeof(*m->colfield));
	m->fieldcol = smk_xcalloc((size_t)fs->nfields, sizeof(*m->fieldcol));
	m->next = smk_xcalloc(m->ncols, sizeof(*m->next));
	m->second = smk_xcalloc(m->ncols, sizeof(*m->second));
	/* per column: the field its spelling names (or -1), and the rank */
	cf = smk_xcalloc(m->ncols + 1, sizeof(*cf));
	cr = smk_xcalloc(m->ncols + 1, sizeof(*cr));
	m->rejects = is_reject_header(hdr);
	m->first = m->rejects ? SMK_REJ_NCOLS : 0;
	folded = fold_spellings(fs);
	for (i = 0; i < m->ncols; i++) {
		h = hdr->fields[i];
		/* a reject file's header cells are escaped like its data */
		if (m->rejects && i >= m->first && h[0] == '\'')
			h++;
		smk_norm_space(h, &b);
		if (b.len == 0)
			smk_buf_printf(&b, "column %zu", i + 1);
		m->header[i] = smk_xstrdup(b.s);
		m->colfield[i] = i < m->first ? SMK_COL_OWN : -1;
		m->next[i] = m->second[i] = -1;
		cf[i] = i < m->first ? -1 : spelling_lookup(fs, folded, b.s,
		    &cr[i]);
	}
	smk_buf_free(&b);
	free(folded);
	for (f = 0; f < fs->nfields; f++)
		m->fieldcol[f] = -1;
	for (f = 0; map != NULL && f < fs->nfields; f++) {
		if (map[f] == NULL)
			continue;
		if ((c = smk_colmap_find(m, map[f])) < 0) {
			smk_err_set(err, SMK_EXIT_USAGE, file, hdr->line, NULL,
			    "--map %s=%s: no such column", fs->names[f],
			    map[f]);
			free(cf);
			free(cr);
			return -1;
		}
		if (m->colfield[c] >= 0)
			m->fieldcol[m->colfield[c]] = -1;
		m->fieldcol[f] = c;
		m->colfield[c] = f;
	}
	for (f = 0; f < fs->nfields; f++) {
		if (map != NULL && map[f] != NULL)
			continue;
		/* the field's column, then its second choices: each time
		 * the first free column of the lowest rank above the last */
		for (last = -1, lo = 0; ; lo = cr[c] + 1) {
			c = -1;
			for (i = m->first; i < m->ncols; i++)
				if (cf[i] == f && m->colfield[i] == -1 &&
				    m->second[i] < 0 && cr[i] >= lo &&
				    (c < 0 || cr[i] < cr[c]))
					c = (int)i;
			if (c < 0)
				break;
			if (last < 0) {
				m->fieldcol[f] = c;
				m->colfield[c] = f;
			} else {
				m->second[c] = f;
				m->next[last] = c;
			}
			last = c;
		}
	}
	free(cf);
	free(cr);
	return 0;
}

int
smk_colmap_pick(const struct smk_colmap *m, const struct smk_record *rec,
    int f, const char *const *nulls)
{
	int c = m->fieldcol[f], first = c;

	while (c >= 0 && ((size_t)c >= rec->nfields ||
	    smk_norm_is_null(rec->fields[c], nulls)))
		c = m->next[c];
	return c >= 0 ? c : first;
}

const char *
smk_colmap_ragged(const struct smk_colmap *m, const struct smk_record *rec)
{
	size_t i;

	if (rec->nfields < m->ncols)
		return "ragged row: fewer fields than the header";
	/* empty ones past the header are a spreadsheet's trailing commas */
	for (i = m->ncols; i < rec->nfields; i++)
		if (rec->lens[i] > 0)
			return "ragged row: more fields than the header";
	return NULL;
}

void
smk_colmap_name_field(const struct smk_colmap *m, struct smk_err *e)
{
	char *end;
	long c;

	if (strncmp(e->field, "field ", 6) != 0)
		return;
	c = strtol(e->field + 6, &end, 10);
	if (*end == '\0' && c >= 1 && (size_t)c <= m->ncols)
		smk_err_text(e->field, sizeof(e->field), m->header[c - 1]);
}

int
smk_colmap_section(const struct smk_colmap *m, const struct smk_record *rec)
{
	return m->rejects && is_reject_header(rec);
}

/*
 * A reject file's data cells: one leading ' was added to every cell that
 * starts with one or like a formula (smk_rej_write), so one is taken off
 * every cell that starts with one.  In place: the record is the reader's.
 */
void
smk_colmap_unescape(const struct smk_colmap *m, struct smk_record *rec)
{
	size_t i;

	if (!m->rejects)
		return;
	for (i = m->first; i < rec->nfields; i++) {
		if (rec->fields[i][0] != '\'')
			continue;
		memmove(rec->fields[i], rec->fields[i] + 1, rec->lens[i]);
		rec->lens[i]--;
	}
}

/* ----------------------------------------------------------- rejects */

void
smk_rej_init(struct smk_rej *r, FILE *f)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
}

static void
free_header(struct smk_rej *r)
{
	size_t i;

	for (i = 0; i < r->nhdr; i++)
		free(r->hdr[i]);
	free(r->hdr);
	r->hdr = NULL;
	r->nhdr = 0;
}

void
smk_rej_free(struct smk_rej *r)
{
	free_header(r);
	smk_buf_free(&r->b);
	smk_buf_free(&r->raw);
}

/* Whether the header written last is m's data header. */
static int
same_header(const struct smk_rej *r, const struct smk_colmap *m)
{
	size_t i;

	if (!r->written || r->nhdr != m->ncols - m->first)
		return 0;
	for (i = 0; i < r->nhdr; i++)
		if (strcmp(r->hdr[i], m->header[m->first + i]) != 0)
			return 0;
	return 1;
}

static void
put(struct smk_rej *r)
{
	smk_buf_adds(&r->b, "\r\n");
	if (fwrite(r->b.s, 1, r->b.len, r->f) != r->b.len)
		r->failed = 1;
	smk_buf_reset(&r->b);
}

static void
write_header(struct smk_rej *r, const struct smk_colmap *m)
{
	size_t i;

	free_header(r);
	smk_buf_reset(&r->b);
	for (i = 0; i < SMK_REJ_NCOLS; i++)
		smk_buf_printf(&r->b, "%s%s", i ? "," : "", rej_cols[i]);
	if (m != NULL) {
		r->nhdr = m->ncols - m->first;
		r->hdr = smk_xcalloc(r->nhdr ? r->nhdr : 1, sizeof(*r->hdr));
		for (i = 0; i < r->nhdr; i++) {
			r->hdr[i] = smk_xstrdup(m->header[m->first + i]);
			smk_buf_addc(&r->b, ',');
			smk_csv_quote(&r->b, r->hdr[i], ',', SMK_CSV_REVERSIBLE);
		}
	}
	put(r);
	r->written = 1;
}

void
smk_rej_header(struct smk_rej *r, const struct smk_colmap *m)
{
	/* the first file's header at once, so that a run without rejects
	 * still leaves a file that reads back (as no rows); later ones when
	 * a row of that file is refused */
	if (r->f != NULL && !r->written)
		write_header(r, m);
}

void
smk_rej_write(struct smk_rej *r, const struct smk_colmap *m,
    const struct smk_err *e, const struct smk_record *rec, int readable)
{
	size_t i, n, len, ndata;
	int exact;

	if (r->f == NULL)
		return;
	if (m != NULL && !same_header(r, m))
		write_header(r, m);
	else if (!r->written)
		write_header(r, NULL);
	ndata = m != NULL ? m->ncols - m->first : 0;
	n = readable && rec != NULL ? rec->nfields : 0;
	/* the columns hold the record exactly unless it was unreadable or
	 * ragged: then it goes to reject_record as read */
	exact = readable && m != NULL && n >= m->ncols;
	for (i = m != NULL ? m->ncols : 0; exact && i < n; i++)
		if (rec->lens[i] > 0)
			exact = 0;
	smk_buf_reset(&r->b);
	smk_csv_quote(&r->b, e->file, ',', SMK_CSV_NEUTRALIZE);
	smk_buf_printf(&r->b, ",%ld,", e->line);
	smk_csv_quote(&r->b, e->field, ',', SMK_CSV_NEUTRALIZE);
	smk_buf_addc(&r->b, ',');
	smk_csv_quote(&r->b, e->msg, ',', SMK_CSV_NEUTRALIZE);
	smk_buf_addc(&r->b, ',');
	smk_buf_reset(&r->raw);
	if (!exact && rec != NULL && rec->raw != NULL) {
		len = rec->rawlen;
		while (len > 0 && (rec->raw[len - 1] == '\n' ||
		    rec->raw[len - 1] == '\r'))
			len--;
		/* bytes as read, even invalid UTF-8: nothing is lost */
		smk_buf_add(&r->raw, rec->raw, len);
	} else if (m != NULL && m->rejects && readable && n > REJ_RECORD) {
		/* refused again from a reject file: keep what it kept */
		smk_buf_adds(&r->raw, rec->fields[REJ_RECORD]);
	}
	smk_csv_quote(&r->b, r->raw.s, ',', SMK_CSV_NEUTRALIZE);
	for (i = 0; i < ndata; i++) {
		smk_buf_addc(&r->b, ',');
		if (m->first + i < n)
			smk_csv_quote(&r->b, rec->fields[m->first + i], ',',
			    SMK_CSV_REVERSIBLE);
	}
	put(r);
}

int
smk_rej_failed(const struct smk_rej *r)
{
	return r->failed;
}

/* ------------------------------------------------------------ sheets */

/*
 * A small sheet (campaigns, targets): a header mapped onto fs, one
 * transaction, a row function per row, refused rows named and written to
 * the reject file.  Values reach the row function trimmed, NULL when
 * blank.
 */
int
smk_sheet_load(struct smk_db *db, const char *path,
    const struct smk_fieldset *fs, int required,
    int (*row_fn)(void *ctx, struct smk_db *db, const char *const *v,
    struct smk_err *e), void *ctx, const struct smk_sheet_opts *o,
    struct smk_err *err)
{
	struct smk_csv *csv = NULL;
	struct smk_record *rec;
	struct smk_colmap map = { 0 };
	struct smk_rej rej;
	struct smk_err e;
	struct smk_buf *buf;
	const char **v, *ragged;
	int r, f, c, status = SMK_EXIT_OK, fatal = 1, began = 0;
	long rows = 0, done = 0, bad = 0;

	buf = smk_xcalloc((size_t)fs->nfields, sizeof(*buf));
	v = smk_xcalloc((size_t)fs->nfields, sizeof(*v));
	smk_rej_init(&rej, o->rejects);
	if (smk_csv_open(&csv, path, &o->csv, err) < 0) {
		free(buf);
		free(v);
		return SMK_EXIT_FAILURE;
	}
	if (smk_db_begin(db, err) < 0)
		goto done;
	began = 1;
	smk_err_clear(&e);
	if ((r = smk_csv_next(csv, &rec, &e)) <= 0) {
		if (r == 0)
			smk_err_set(err, SMK_EXIT_USAGE, smk_csv_name(csv), 0,
			    NULL, "empty file: no header row");
		else {
			*err = e;
			if (r == -1)
				err->status = SMK_EXIT_USAGE;
		}
		goto done;
	}
	if (smk_colmap_build(&map, fs, rec, NULL, smk_csv_name(csv), err) < 0)
		goto done;
	if (map.fieldcol[required] < 0) {
		smk_err_set(err, SMK_EXIT_USAGE, smk_csv_name(csv), rec->line,
		    NULL, "no %s column", fs->names[required]);
		goto done;
	}
	smk_rej_header(&rej, &map);
	for (;;) {
		smk_err_clear(&e);
		if ((r = smk_csv_next(csv, &rec, &e)) == 0)
			break;
		if (r == -2) {
			*err = e;
			goto done;
		}
		if (r > 0 && smk_colmap_section(&map, rec)) {
			if (smk_colmap_build(&map, fs, rec, NULL,
			    smk_csv_name(csv), err) < 0)
				goto done;
			continue;
		}
		rows++;
		if (r < 0) {
			bad++;
			smk_colmap_name_field(&map, &e);
			o->diag(o->ctx, &e);
			smk_rej_write(&rej, &map, &e, rec, 0);
			continue;
		}
		smk_colmap_unescape(&map, rec);
		smk_err_clear(&e);
		if ((ragged = smk_colmap_ragged(&map, rec)) != NULL) {
			smk_err_set(&e, SMK_EXIT_FINDINGS, smk_csv_name(csv),
			    rec->line, NULL, "%s", ragged);
			bad++;
			o->diag(o->ctx, &e);
			smk_rej_write(&rej, &map, &e, rec, 1);
			continue;
		}
		for (f = 0; f < fs->nfields; f++) {
			c = smk_colmap_pick(&map, rec, f, NULL);
			v[f] = NULL;
			if (c < 0 || (size_t)c >= rec->nfields ||
			    smk_norm_is_null(rec->fields[c], NULL))
				continue;
			smk_norm_space(rec->fields[c], &buf[f]);
			v[f] = buf[f].s;
		}
		smk_err_clear(&e);
		if (v[required] == NULL) {
			smk_err_set(&e, SMK_EXIT_FINDINGS, NULL, 0,
			    fs->names[required], "empty %s",
			    fs->names[required]);
		} else if ((r = row_fn(ctx, db, v, &e)) == 0) {
			done++;
			continue;
		} else if (r < 0) {
			*err = e;
			goto done;
		}
		/* name the column of the field at fault */
		for (f = 0; f < fs->nfields; f++)
			if (strcmp(e.field, fs->names[f]) == 0 &&
			    map.fieldcol[f] >= 0)
				smk_err_text(e.field, sizeof(e.field),
				    map.header[map.fieldcol[f]]);
		smk_err_text(e.file, sizeof(e.file), smk_csv_name(csv));
		e.line = rec->line;
		e.status = SMK_EXIT_FINDINGS;
		bad++;
		o->diag(o->ctx, &e);
		smk_rej_write(&rej, &map, &e, rec, 1);
	}
	fatal = 0;
	if (bad > 0)
		status = SMK_EXIT_FINDINGS;
done:
	if (began) {
		if (fatal || o->dry_run)
			smk_db_rollback(db);
		else if (smk_db_commit(db, err) < 0)
			fatal = 1;
	}
	if (!fatal && o->summary != NULL)
		o->summary(o->ctx, smk_csv_name(csv), rows, done, bad);
	for (f = 0; f < fs->nfields; f++)
		smk_buf_free(&buf[f]);
	free(buf);
	free(v);
	smk_colmap_free(&map);
	smk_rej_free(&rej);
	smk_csv_close(csv);
	if (fatal)
		return err->status ? err->status : SMK_EXIT_FAILURE;
	return status;
}
