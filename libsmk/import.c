/* import.c — lead-import's job: CSV exports in, deduplicated scored leads out. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bulk.h"
#include "smk_int.h"

/*
 * Design
 * - One transaction for the whole run (every file): it lands whole or not
 *   at all, and a SIGKILL at any moment leaves the database as it was.
 *   WAL, synchronous NORMAL (db.c); nothing here weakens that.
 * - Streams, in bounded memory: what must be remembered across rows (the
 *   leads this file touched, the leads that became MQL) lives in temporary
 *   tables, so memory does not grow with the input.
 * - Two threads per file.  A reader parses, checks and normalizes records
 *   (libcsv, norm.c, time.c, the reject file, the diagnostic and progress
 *   callbacks) and packs the good rows into batches of 1024; the calling
 *   thread writes them to the database in file order.  A ring of eight
 *   batches bounds what is in flight (a few MB).  Rows reach the database
 *   in the order they were read, so lead and touch ids, merges, rejects,
 *   counts and MQL keys are exactly those of one-row-at-a-time (t0190
 *   checks against the hashes of that simpler importer).
 * - Per row the writer finds the lead and adds the touch (its fingerprint
 *   makes a re-import add none).  A key that a Bloom filter (4 MB, fixed,
 *   kept by the reader) says this run has not read before, in a table
 *   that was empty when the run began, is new without a look-up; any
 *   other key is looked up, and a known lead merged (merge()) and written
 *   only when it changed or its newest row time moved, so a re-import
 *   writes nothing but look-ups.  New leads and touches are held back and
 *   written 16 rows to a statement (write_row(), db.c's
 *   smk_db_leads_insert and smk_db_touches_add; one at a time when
 *   --stage moves every row, or when scoring must know whether a known
 *   lead's touch was new), a new lead's id chosen here as SQLite
 *   would; this saves SQLite a statement's set-up,
 *   cursors and savepoint per row, and OR IGNORE spares it a statement
 *   journal (db.c).  The run writes with foreign key checks off
 *   (smk_db_begin says why).  Together, on 100k rows (callgrind), the
 *   writer thread went from 4.81G to 3.11G instructions, and a 1M-row
 *   first import from 13.8 s to 8.7 s, the database content unchanged
 *   (t0190).
 * - The database side of a large import (bulk.c): a page cache of fixed
 *   size (64 MB), and, once a run has inserted more leads than the table
 *   held when it began, the indexes that take an entry per row at random
 *   positions dropped inside the transaction and rebuilt by SQLite's
 *   sorter before the commit.
 * - What stays expensive, and why (perf, callgrind; 2 cores): the writer
 *   is the critical path, the reader needs about half a core.  Of a 1M-row
 *   first import (8.7 s) the rows take 6.4 s, rebuilding the campaign
 *   index 1.2 s, the commit and its WAL checkpoint 0.9 s; of 5M rows
 *   (58 s) 44, 7 and 7 s.  The rows' time is SQLite's B-tree work, above
 *   all the key index, which takes each new key at a random position:
 *   the same inserts with keys in sorted order run in 3.7 s instead of
 *   5.9 s (a scratch benchmark, 1M rows), the difference being cache
 *   misses rather than instructions.  At 5M rows that index (175 MB) no
 *   longer fits the page cache, and reading a page back means a search of
 *   the WAL's index, which grows with the run (sqlite3WalFindFrame, 7% of
 *   the writer); a larger cache (96 MB) measured no faster.  Sorting rows
 *   by key in chunks (32k and 128k rows), ids still in file order, was
 *   tried in that benchmark: slower (5.8-6.3 s against 5.2-5.3 s for 1M
 *   leads) and the table 11% larger, as the rows then reach the rowid
 *   B-tree out of order.  Keys in the order of the whole file would only
 *   move that disorder to the table, as long as ids follow the file.
 * - A bad row is a diagnostic, not a failure: it goes to the reject file
 *   with its reason, the good rows land, the run ends with status 1.
 * - Scoring runs at the end of each file over the leads that file touched,
 *   so a lead's score counts every touch the file brought.
 */

/* the scratch sets (numbers shared in smk_int.h) */
#define SET_FILE SMK_SET_IMPORT_FILE  /* leads touched by the current file */
#define SET_MQL SMK_SET_IMPORT_MQL    /* leads that became MQL in this run */
#define FLAG_TOUCHED 1  /* got a new touch in this file */

#define BULK_CHECK_ROWS 4096
#define SEEN_BITS ((uint64_t)1 << 25)  /* 4 MB: the keys this run read */
#define PEND SMK_DB_GROUP    /* new leads, touches held back (write_row) */

/*
 * A row as the reader thread hands it to the writer: normalized values,
 * key and unmapped columns packed into its batch's arena, by offset (the
 * arena grows while the batch fills).  Offset 0 is an empty string.
 */
struct prow {
	int64_t at;
	int has_at;
	int read_before;         /* the key may have been read before (seen) */
	uint64_t h;              /* key_hash() of the key */
	size_t off[SMK_F_COUNT], len[SMK_F_COUNT];
	size_t key;
	size_t xjson;            /* the unmapped columns as a JSON object */
	size_t x0, nx;           /* and one by one: xk/xv[x0 .. x0 + nx) */
};

#define BATCH_ROWS 1024
#define BATCH_BYTES ((size_t)1 << 19)
#define NBATCH 8             /* batches in flight between the threads */

struct batch {
	struct smk_buf arena;
	struct prow *rows;
	size_t n;
	size_t *xk, *xv;
	size_t nx, xcap;
	int last;                /* the file ends after this batch */
};

/* The reader thread fills free batches, the writer empties full ones. */
struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv_free, cv_full;
	struct batch b[NBATCH];
	struct batch *freeb[NBATCH], *full[NBATCH];
	size_t nfree, head, tail;
	int stop;                /* the writer failed: reader, stop */
};

struct imp {
	struct smk_db *db;
	const struct smk_import_opts *o;
	struct smk_err *err;     /* fatal errors */
	int status;
	int64_t now;
	struct smk_bulk *bulk;
	int64_t run_new;         /* leads inserted by this run */

	/* the current file */
	struct smk_csv *csv;
	const char *name;
	struct smk_colmap map;   /* its header (csvmap.c) */
	int mapped;              /* map holds this file's header */
	int keycol;              /* --key column, or -1: key is the email */
	int64_t batch;
	struct smk_import_counts n;

	/* per-row scratch of the reader thread, reused */
	struct smk_buf val[SMK_F_COUNT];
	struct smk_buf keybuf, tmp, json;
	struct smk_obj extra;
	struct smk_err rerr;     /* the reader's fatal error */
	int rfailed;
	struct smk_rej rej;      /* the reject file (the reader's) */
	int used[SMK_F_COUNT];   /* the row's column per field (normalize) */

	/* the writer's (the calling thread's) */
	struct queue q;
	struct smk_buf wjson;
	struct smk_obj old;
	struct smk_lead lead;
	int64_t wrote;           /* rows written, for smk_bulk_check */
	int need_runset;
	unsigned char *seen;     /* Bloom filter of the keys this run read */
	void *seen_mem;          /* its allocation */
	int64_t next_id;         /* the id of the next new lead */
	int empty_start;         /* the table had no leads when the run began */
	/* new leads and touches not written yet, strings borrowed from the
	 * current batch (see write_row) */
	struct smk_lead pl[PEND], *plp[PEND];
	uint64_t plh[PEND];      /* their key hashes */
	size_t npl;
	struct smk_touch pt[PEND];
	size_t npt;
};

/* What the summary callback gets after the commit, per file. */
struct file_sum {
	char *name;
	struct smk_import_counts n;
};

/* Counts, reports and writes a rejected record (readable: not one the
 * CSV reader refused) to the reject file. */
static void
reject(struct imp *im, const struct smk_record *rec, const struct smk_err *e,
    int readable)
{
	im->n.rejected++;
	im->status = smk_exit_worst(im->status, SMK_EXIT_FINDINGS);
	im->o->diag(im->o->ctx, e);
	smk_rej_write(&im->rej, im->mapped ? &im->map : NULL, e, rec,
	    readable);
}

static int
row_err(struct imp *im, const struct smk_record *rec, int col,
    const char *fmt, const char *arg)
{
	struct smk_err e;

	smk_err_set(&e, SMK_EXIT_FINDINGS, im->name, rec->line,
	    col >= 0 && (size_t)col < im->map.ncols ? im->map.header[col] :
	    NULL, fmt, arg);
	reject(im, rec, &e, 1);
	return -1;
}

/* Maps the header rec (the file's first record, or a section's in a
 * reject file); -1 fatal (a usage error: a column named on the command
 * line is not there). */
static int
map_header(struct imp *im, const struct smk_record *rec, struct smk_err *err)
{
	int c;

	if (smk_colmap_build(&im->map, &smk_lead_fields, rec, im->o->map,
	    im->name, err) < 0)
		return -1;
	im->mapped = 1;
	im->keycol = -1;
	if (im->o->key_column != NULL) {
		if ((c = smk_colmap_find(&im->map, im->o->key_column)) < 0)
			return smk_err_set(err, SMK_EXIT_USAGE, im->name,
			    rec->line, NULL, "--key %s: no such column",
			    im->o->key_column);
		if (im->map.colfield[c] != SMK_F_EMAIL) {
			im->keycol = c;
			if (im->map.colfield[c] >= 0)
				im->map.fieldcol[im->map.colfield[c]] = -1;
			im->map.colfield[c] = -1;
		}
	} else if (im->map.fieldcol[SMK_F_EMAIL] < 0) {
		return smk_err_set(err, SMK_EXIT_USAGE, im->name, rec->line,
		    NULL, "no email column; name the key with --key COLUMN "
		    "or --map email=HEADER");
	}
	smk_rej_header(&im->rej, &im->map);
	return 0;
}

/* Reads the header and maps columns; returns 0, 1 to skip the file (an
 * empty one: a finding), -1 fatal. */
static int
read_header(struct imp *im)
{
	struct smk_record *rec;
	struct smk_err e;
	int r;

	smk_err_clear(&e);
	r = smk_csv_next(im->csv, &rec, &e);
	if (r == -2) {
		*im->err = e;
		return -1;
	}
	if (r == 0) {
		smk_err_set(&e, SMK_EXIT_FINDINGS, im->name, 0, NULL,
		    "empty file: no header row");
		im->o->diag(im->o->ctx, &e);
		im->status = smk_exit_worst(im->status, SMK_EXIT_FINDINGS);
		return 1;
	}
	if (r < 0) {
		smk_err_set(im->err, SMK_EXIT_FAILURE, im->name, e.line, NULL,
		    "bad header row: %s", e.msg);
		return -1;
	}
	return map_header(im, rec, im->err);
}

/* Normalizes the mapped fields of rec into im->val; -1 if rejected. */
static int
normalize(struct imp *im, const struct smk_record *rec, int64_t *at,
    int *has_at)
{
	const char *why, *v, *cc;
	int f, c;

	*has_at = 0;
	for (f = 0; f < SMK_F_COUNT; f++) {
		smk_buf_reset(&im->val[f]);
		smk_buf_add(&im->val[f], "", 0);
		c = im->used[f] = smk_colmap_pick(&im->map, rec, f,
		    im->o->nulls);
		if (c < 0 || smk_norm_is_null(rec->fields[c], im->o->nulls))
			continue;
		v = rec->fields[c];
		switch (f) {
		case SMK_F_EMAIL:
			if (smk_norm_email(v, &im->val[f], &why) < 0)
				return row_err(im, rec, c, "%s", why);
			break;
		case SMK_F_PHONE:
			smk_norm_phone(v, &im->val[f]);
			break;
		case SMK_F_COUNTRY:
			smk_norm_space(v, &im->val[f]);
			if ((cc = smk_norm_country(im->val[f].s)) != NULL) {
				smk_buf_reset(&im->val[f]);
				smk_buf_adds(&im->val[f], cc);
			}
			break;
		case SMK_F_CREATED_AT:
			smk_norm_space(v, &im->tmp);
			if (smk_time_parse(im->tmp.s, im->o->date_format, at,
			    &why) < 0)
				return row_err(im, rec, c, "%s",
				    why ? why : "not a date or time");
			/* a lead created in the future is a bad export (and
			 * would block every later stage move) */
			if (*at > im->now + SMK_FUTURE_SKEW)
				return row_err(im, rec, c, "in the future: %s",
				    im->tmp.s);
			smk_buf_adds(&im->val[f], im->tmp.s);
			*has_at = 1;
			break;
		default:
			/* stored as written, even "=1+1" or "@Home": every
			 * CSV writer neutralizes what a spreadsheet would run */
			smk_norm_space(v, &im->val[f]);
			break;
		}
	}
	if (im->val[SMK_F_CAMPAIGN].len == 0 && im->o->campaign != NULL)
		smk_buf_adds(&im->val[SMK_F_CAMPAIGN], im->o->campaign);
	if (im->val[SMK_F_SOURCE].len == 0 && im->o->source != NULL)
		smk_buf_adds(&im->val[SMK_F_SOURCE], im->o->source);
	return 0;
}

/* The unmapped, non-blank columns of rec into im->extra. */
static void
collect_extra(struct imp *im, const struct smk_record *rec)
{
	size_t i;

	smk_obj_clear(&im->extra);
	for (i = 0; i < im->map.ncols && i < rec->nfields; i++) {
		if (im->map.colfield[i] != -1 || (int)i == im->keycol)
			continue;      /* mapped, the key, or a reject column */
		if (im->map.second[i] >= 0 &&
		    im->used[im->map.second[i]] == (int)i)
			continue;      /* a second choice this row took */
		if (smk_norm_is_null(rec->fields[i], im->o->nulls))
			continue;
		smk_obj_set(&im->extra, im->map.header[i], rec->fields[i]);
	}
}

/*
 * Merges the row into im->lead: non-empty values update, empty values
 * never erase.  A row older than the newest one merged so far (seen_at)
 * only fills blanks, so an old export imported after a newer one does not
 * undo it, and re-importing a file changes nothing whatever its row order.
 * A row without a time counts as current.  Returns MERGE_CHANGED when a
 * value changed, MERGE_STAMPED when only seen_at moved, else 0.
 */
#define MERGE_CHANGED 1
#define MERGE_STAMPED 2
static int
merge(struct imp *im, const struct batch *b, const struct prow *p)
{
	struct smk_lead *l = &im->lead;
	const char *base = b->arena.s, *v;
	int64_t at = p->at;
	int has_at = p->has_at;
	int f, changed = 0, newer = !has_at || at >= l->seen_at;
	size_t i;

	for (f = 0; f < SMK_F_COUNT; f++) {
		if (f == SMK_F_CREATED_AT || p->len[f] == 0)
			continue;
		v = base + p->off[f];
		if (l->f[f] != NULL && (!newer || strcmp(l->f[f], v) == 0))
			continue;
		free(l->f[f]);
		l->f[f] = smk_xstrdup(v);
		changed = 1;
	}
	if (has_at && at < l->created_at) {
		l->created_at = at;
		changed = 1;
	}
	if (p->nx > 0) {
		int extra_changed = 0;

		if (l->extra == NULL || smk_obj_parse(&im->old, l->extra) < 0)
			smk_obj_clear(&im->old);
		for (i = p->x0; i < p->x0 + p->nx; i++) {
			if (!newer && smk_obj_get(&im->old,
			    base + b->xk[i]) != NULL)
				continue;
			if (smk_obj_set(&im->old, base + b->xk[i],
			    base + b->xv[i]))
				extra_changed = 1;
		}
		if (extra_changed) {
			smk_buf_reset(&im->wjson);
			smk_obj_json(&im->old, &im->wjson);
			free(l->extra);
			l->extra = smk_xstrdup(im->wjson.s);
			changed = 1;
		}
	}
	if (has_at && at > l->seen_at) {
		/* stamped even when nothing else changed (written, but not
		 * counted as an update): a later, older row must still only
		 * fill blanks */
		l->seen_at = at;
		return changed ? MERGE_CHANGED : MERGE_STAMPED;
	}
	return changed ? MERGE_CHANGED : 0;
}

static int64_t
touch_fp(const char *base, const struct prow *p)
{
	static const int parts[] = { SMK_F_CAMPAIGN, SMK_F_CHANNEL,
	    SMK_F_SOURCE, SMK_F_CREATED_AT };
	uint64_t h = SMK_HASH64_INIT;
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		/* the NUL separates */
		h = smk_hash64(h, base + p->off[parts[i]],
		    p->len[parts[i]] + 1);
	return (int64_t)h;
}

/* Appends s (len bytes and a NUL) to the arena; returns its offset. */
static size_t
pack(struct batch *b, const char *s, size_t len)
{
	size_t off;

	if (len == 0)
		return 0;
	off = b->arena.len;
	smk_buf_add(&b->arena, s, len);
	smk_buf_addc(&b->arena, '\0');
	return off;
}

/*
 * A Bloom filter (fixed size) of the keys this run has read: a key it has
 * not seen was not read before, so it is not a lead this run inserted,
 * and in a table that was empty when the run began it is new without a
 * look-up.  The reader thread keeps it, the writer reads its answer.  The
 * three bits of a key lie in one 64-byte line: one cache miss a key.
 */
static uint64_t
key_hash(const char *key)
{
	uint64_t h = smk_hash64(SMK_HASH64_INIT, key, strlen(key));

	/* spread FNV's bits (the splitmix64 finalizer) */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

/* Whether h may have been added before; adds it. */
static int
seen(unsigned char *bloom, uint64_t h)
{
	uint64_t line = (h & (SEEN_BITS / 512 - 1)) * 512, bit;
	int i, all = 1;

	for (i = 0; i < 3; i++) {
		bit = line + ((h >> (16 + 9 * i)) & 511);
		if (!(bloom[bit >> 3] & (1u << (bit & 7)))) {
			all = 0;
			bloom[bit >> 3] |= (unsigned char)(1u << (bit & 7));
		}
	}
	return all;
}

/* The reader's half of a row: checks, normalizes and packs it into b, or
 * rejects it. */
static void
prep_row(struct imp *im, const struct smk_record *rec, struct batch *b)
{
	struct prow *p;
	const char *key, *why;
	int64_t at = im->now;
	int has_at, f;
	size_t i;

	if (rec->nfields < im->map.ncols) {
		row_err(im, rec, -1, "%s", "ragged row: fewer fields than "
		    "the header");
		return;
	}
	for (i = im->map.ncols; i < rec->nfields; i++)
		if (rec->fields[i][0] != '\0') {
			row_err(im, rec, -1, "%s", "ragged row: more fields "
			    "than the header");
			return;
		}
	if (normalize(im, rec, &at, &has_at) < 0)
		return;
	if (im->keycol >= 0) {
		smk_norm_space(rec->fields[im->keycol], &im->keybuf);
		if (im->keybuf.len == 0 ||
		    smk_norm_is_null(im->keybuf.s, im->o->nulls)) {
			row_err(im, rec, im->keycol, "%s", "empty key");
			return;
		}
		key = im->keybuf.s;
	} else {
		key = im->val[SMK_F_EMAIL].s;
		if (*key == '\0') {
			why = "no email address (the lead key)";
			row_err(im, rec, im->map.fieldcol[SMK_F_EMAIL], "%s",
			    why);
			return;
		}
	}
	collect_extra(im, rec);

	p = &b->rows[b->n++];    /* the reader passes it on when full */
	p->at = at;
	p->has_at = has_at;
	for (f = 0; f < SMK_F_COUNT; f++) {
		p->len[f] = im->val[f].len;
		p->off[f] = pack(b, im->val[f].s, im->val[f].len);
	}
	p->key = pack(b, key, strlen(key));
	p->h = key_hash(key);
	p->read_before = seen(im->seen, p->h);
	p->xjson = 0;
	p->x0 = b->nx;
	p->nx = im->extra.n;
	if (im->extra.n > 0) {
		smk_buf_reset(&im->json);
		smk_obj_json(&im->extra, &im->json);
		p->xjson = pack(b, im->json.s, im->json.len);
		if (b->nx + im->extra.n > b->xcap) {
			b->xcap = (b->nx + im->extra.n) * 2;
			b->xk = smk_xrealloc(b->xk, b->xcap * sizeof(*b->xk));
			b->xv = smk_xrealloc(b->xv, b->xcap * sizeof(*b->xv));
		}
		for (i = 0; i < im->extra.n; i++) {
			b->xk[b->nx] = pack(b, im->extra.k[i],
			    strlen(im->extra.k[i]));
			b->xv[b->nx++] = pack(b, im->extra.v[i],
			    strlen(im->extra.v[i]));
		}
	}
}

/*
 * *nl as a new lead from the row, its strings borrowed from the batch (no
 * copies: it waits in im->pl until flush() writes it, at the latest when
 * the batch is done).
 */
static void
new_lead(struct imp *im, const struct batch *b, const struct prow *p,
    struct smk_lead *nl)
{
	char *base = b->arena.s;
	int f;

	memset(nl, 0, sizeof(*nl));
	nl->id = im->next_id++;
	nl->key = base + p->key;
	for (f = 0; f < SMK_F_COUNT; f++)
		if (f != SMK_F_CREATED_AT && p->len[f] > 0)
			nl->f[f] = base + p->off[f];
	nl->created_at = p->at;
	nl->updated_at = im->now;
	nl->seen_at = p->has_at ? p->at : 0;
	nl->stage = SMK_ST_LEAD;
	nl->stage_at = p->at;
	if (p->nx > 0)
		nl->extra = base + p->xjson;
}

/* im->lead as the new lead nl: its id, times and stage, and a copy of its
 * key; the other strings are not needed by a stage move. */
static void
kept_new(struct imp *im, const struct smk_lead *nl)
{
	struct smk_lead *l = &im->lead;

	smk_lead_clear(l);
	l->id = nl->id;
	l->key = smk_xstrdup(nl->key);
	l->created_at = nl->created_at;
	l->updated_at = nl->updated_at;
	l->seen_at = nl->seen_at;
	l->score = nl->score;
	l->stage = nl->stage;
	l->stage_at = nl->stage_at;
	l->sales_sourced = nl->sales_sourced;
}

/* Writes the new leads, then the touches, held back so far. */
static int
flush(struct imp *im)
{
	int64_t added;

	if (im->npl > 0 && smk_db_leads_insert(im->db, im->plp, im->npl,
	    im->batch, im->err) < 0)
		return -1;
	im->npl = 0;
	if (im->npt > 0) {
		if ((added = smk_db_touches_add(im->db, im->pt, im->npt,
		    im->batch, im->err)) < 0)
			return -1;
		im->n.touches += added;
	}
	im->npt = 0;
	return 0;
}

/* Whether key is a new lead still held back. */
static int
pending(const struct imp *im, uint64_t h, const char *key)
{
	size_t i;

	for (i = 0; i < im->npl; i++)
		if (im->plh[i] == h && strcmp(im->pl[i].key, key) == 0)
			return 1;
	return 0;
}

/*
 * The writer's half: the row into the database.
 *
 * New leads and touches are held back and written SMK_DB_GROUP rows to a
 * statement (smk_db_leads_insert, smk_db_touches_add), leads before
 * touches, each in file order; a new lead gets its id here, the one SQLite
 * would give it (the largest so far plus one).  Whatever needs the table
 * as it would be after the rows before (a look-up of a key still held
 * back, a stage move, whether a known lead's touch was new) writes them
 * first.  So the same rows land with the same ids as one row at a time.
 */
static int
write_row(struct imp *im, const struct batch *b, const struct prow *p)
{
	struct smk_lead *l = &im->lead, *nl = NULL;
	struct smk_touch *t;
	const char *base = b->arena.s, *key = base + p->key;
	int64_t at = p->at, id;
	int r = 0, m, added = 1, now, maybe = p->read_before;

	if (maybe && pending(im, p->h, key) && flush(im) < 0)
		return -1;
	/* a key this run has not read before, in a table that was empty, is
	 * new: no look-up */
	if ((maybe || !im->empty_start) &&
	    (r = smk_db_lead_get(im->db, key, l, im->err)) < 0)
		return -1;
	if (r == 0) {
		if ((im->npl == PEND || im->npt == PEND) && flush(im) < 0)
			return -1;
		nl = &im->pl[im->npl];
		new_lead(im, b, p, nl);
		im->plp[im->npl] = nl;
		im->plh[im->npl++] = p->h;
		im->n.new_leads++;
		im->run_new++;
		id = nl->id;
	} else {
		id = l->id;
		if ((m = merge(im, b, p)) != 0) {
			if (m == MERGE_CHANGED)
				l->updated_at = im->now;
			if (smk_db_lead_update(im->db, l, im->err) < 0)
				return -1;
			if (m == MERGE_CHANGED)
				im->n.updated++;
			else
				im->n.unchanged++;
		} else {
			im->n.unchanged++;
		}
	}

	/* A new lead's touch is new; whether a known lead's is matters only
	 * to scoring.  A stage move needs the lead and its touch written. */
	now = im->o->stage > SMK_ST_LEAD || (im->need_runset && nl == NULL);
	if ((now || im->npt == PEND) && flush(im) < 0)
		return -1;
	t = &im->pt[im->npt++];
	t->lead_id = id;
	t->campaign = base + p->off[SMK_F_CAMPAIGN];
	t->channel = base + p->off[SMK_F_CHANNEL];
	t->source = base + p->off[SMK_F_SOURCE];
	t->at = at;
	t->fp = touch_fp(base, p);
	if (now) {
		if ((added = smk_db_touch_add(im->db, t, im->batch,
		    im->err)) < 0)
			return -1;
		im->n.touches += added;
		im->npt = 0;
	}

	if (im->o->stage > SMK_ST_LEAD) {
		if (nl != NULL)
			kept_new(im, nl);
		/* a legal move, never dated before the lead's last stage
		 * change or its creation (handoff.c's rule: a lead's events
		 * stay in time order); an older row leaves it alone */
		if (smk_funnel_legal(l->stage, im->o->stage) &&
		    (l->stage == SMK_ST_LEAD || l->stage == SMK_ST_RECYCLED ||
		    im->o->stage != SMK_ST_RECYCLED) &&
		    (l->stage == SMK_ST_LEAD || at >= l->stage_at) &&
		    at >= l->created_at) {
			if (smk_funnel_move(im->db, l, im->o->stage, at,
			    im->o->actor, NULL, NULL, -1, im->batch,
			    im->err) < 0)
				return -1;
			if (im->o->stage == SMK_ST_MQL) {
				im->n.mql++;
				if (smk_db_runset_add(im->db, SET_MQL, id, 0,
				    im->err) < 0)
					return -1;
			}
		}
	}
	if (im->need_runset && smk_db_runset_add(im->db, SET_FILE, id,
	    added ? FLAG_TOUCHED : 0, im->err) < 0)
		return -1;
	return 0;
}

/* ----------------------------------------------------------- scoring */

struct score_ctx {
	struct imp *im;
	struct smk_obj *extra;
	long total;
	/* per-channel counts: few channels per lead, a small list */
	size_t n;
	char *ch[32];
	long cnt[32];
};

static void
count_cb(void *ctx, const char *channel, long n)
{
	struct score_ctx *sc = ctx;

	sc->total += n;
	if (channel != NULL && sc->n < 32) {
		sc->ch[sc->n] = smk_xstrdup(channel);
		sc->cnt[sc->n++] = n;
	}
}

static long
touches_cb(void *ctx, const char *channel)
{
	struct score_ctx *sc = ctx;
	size_t i;

	if (channel == NULL)
		return sc->total;
	for (i = 0; i < sc->n; i++)
		if (strcasecmp(sc->ch[i], channel) == 0)
			return sc->cnt[i];
	return 0;
}

static const char *
extra_cb(void *ctx, const char *header)
{
	struct score_ctx *sc = ctx;
	size_t i;

	for (i = 0; i < sc->extra->n; i++)
		if (strcasecmp(sc->extra->k[i], header) == 0)
			return sc->extra->v[i];
	return NULL;
}

static int
score_one(void *ctx, int64_t id, int flags)
{
	struct imp *im = ctx;
	struct smk_lead *l = &im->lead;
	struct score_ctx sc;
	struct smk_score_input in;
	long score;
	size_t i;
	int r = 0, eligible;

	memset(&sc, 0, sizeof(sc));
	sc.im = im;
	sc.extra = &im->old;
	if ((r = smk_db_lead_by_id(im->db, id, l, im->err)) <= 0)
		return -1;
	if (l->extra == NULL || smk_obj_parse(&im->old, l->extra) < 0)
		smk_obj_clear(&im->old);
	if (smk_db_touch_counts(im->db, id, count_cb, &sc, im->err) < 0) {
		r = -1;
		goto done;
	}
	in.lead = l;
	in.extra = extra_cb;
	in.touches = touches_cb;
	in.ctx = &sc;
	score = smk_rules_score(im->o->rules, &in);
	r = 0;
	if (score != l->score &&
	    smk_db_lead_set_score(im->db, id, score, im->err) < 0) {
		r = -1;
		goto done;
	}
	/* A recycled lead comes back only with new activity. */
	eligible = l->stage == SMK_ST_LEAD ||
	    (l->stage == SMK_ST_RECYCLED && (flags & FLAG_TOUCHED));
	if (im->o->mql_at >= 0 && score >= im->o->mql_at && eligible) {
		if (smk_funnel_move(im->db, l, SMK_ST_MQL, im->now,
		    im->o->actor, NULL, NULL, -1, im->batch, im->err) < 0 ||
		    smk_db_runset_add(im->db, SET_MQL, id, 0, im->err) < 0) {
			r = -1;
			goto done;
		}
		im->n.mql++;
	}
done:
	for (i = 0; i < sc.n; i++)
		free(sc.ch[i]);
	return r;
}

/* ------------------------------------------------------------- files */

/* ------------------------------------------------------------ queue */

static void
queue_init(struct queue *q)
{
	size_t i;

	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv_free, NULL);
	pthread_cond_init(&q->cv_full, NULL);
	memset(q->b, 0, sizeof(q->b));
	for (i = 0; i < NBATCH; i++) {
		q->b[i].rows = smk_xcalloc(BATCH_ROWS, sizeof(*q->b[i].rows));
		q->freeb[i] = &q->b[i];
	}
	q->nfree = NBATCH;
	q->head = q->tail = 0;
	q->stop = 0;
}

static void
queue_free(struct queue *q)
{
	size_t i;

	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv_free);
	pthread_cond_destroy(&q->cv_full);
	for (i = 0; i < NBATCH; i++) {
		smk_buf_free(&q->b[i].arena);
		free(q->b[i].rows);
		free(q->b[i].xk);
		free(q->b[i].xv);
	}
}

/* An empty batch for the reader, or NULL when the writer has stopped. */
static struct batch *
queue_take_free(struct queue *q)
{
	struct batch *b = NULL;

	pthread_mutex_lock(&q->mu);
	while (q->nfree == 0 && !q->stop)
		pthread_cond_wait(&q->cv_free, &q->mu);
	if (!q->stop)
		b = q->freeb[--q->nfree];
	pthread_mutex_unlock(&q->mu);
	if (b != NULL) {
		smk_buf_reset(&b->arena);
		smk_buf_addc(&b->arena, '\0');  /* offset 0: "" */
		b->n = b->nx = 0;
		b->last = 0;
	}
	return b;
}

static void
queue_put_full(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	q->full[q->tail++ % NBATCH] = b;
	pthread_cond_signal(&q->cv_full);
	pthread_mutex_unlock(&q->mu);
}

static struct batch *
queue_take_full(struct queue *q)
{
	struct batch *b;

	pthread_mutex_lock(&q->mu);
	while (q->head == q->tail)
		pthread_cond_wait(&q->cv_full, &q->mu);
	b = q->full[q->head++ % NBATCH];
	pthread_mutex_unlock(&q->mu);
	return b;
}

static void
queue_put_free(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	q->freeb[q->nfree++] = b;
	pthread_cond_signal(&q->cv_free);
	pthread_mutex_unlock(&q->mu);
}

static void
queue_stop(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_broadcast(&q->cv_free);
	pthread_mutex_unlock(&q->mu);
}

/* ------------------------------------------------------------- files */

/*
 * The reader thread: CSV records to packed rows, in file order.  It alone
 * counts rows, rejects and calls the diagnostic and progress callbacks
 * while a file is read, so the callbacks never run concurrently.
 */
static void *
reader(void *arg)
{
	struct imp *im = arg;
	struct smk_record *rec;
	struct smk_err e;
	struct batch *b;
	int r;

	if ((b = queue_take_free(&im->q)) == NULL)
		return NULL;
	for (;;) {
		smk_err_clear(&e);
		r = smk_csv_next(im->csv, &rec, &e);
		if (r == 0)
			break;
		if (r == -2) {
			im->rerr = e;
			im->rfailed = 1;
			break;
		}
		if (r > 0 && smk_colmap_section(&im->map, rec)) {
			/* a reject file of several files' rows: the next
			 * file's columns */
			if (map_header(im, rec, &im->rerr) < 0) {
				im->rfailed = 1;
				break;
			}
			continue;
		}
		im->n.rows++;
		if (r < 0) {
			smk_colmap_name_field(&im->map, &e);
			reject(im, rec, &e, 0);
		} else {
			smk_colmap_unescape(&im->map, rec);
			prep_row(im, rec, b);
		}
		if (im->o->progress != NULL &&
		    im->n.rows % SMK_PROGRESS_ROWS == 0)
			im->o->progress(im->o->ctx, im->name, im->n.rows,
			    smk_csv_bytes(im->csv), smk_csv_size(im->csv));
		if (b->n >= BATCH_ROWS || b->arena.len >= BATCH_BYTES) {
			queue_put_full(&im->q, b);
			if ((b = queue_take_free(&im->q)) == NULL)
				return NULL;
		}
	}
	b->last = 1;
	queue_put_full(&im->q, b);
	return NULL;
}

/* The writer: batches from the reader into the database, in order. */
static int
write_rows(struct imp *im)
{
	struct batch *b;
	size_t i;
	int last;

	do {
		b = queue_take_full(&im->q);
		for (i = 0; i < b->n; i++) {
			if (write_row(im, b, &b->rows[i]) < 0)
				return -1;
			if (++im->wrote % BULK_CHECK_ROWS == 0 &&
			    smk_bulk_check(im->bulk, im->run_new, im->err) < 0)
				return -1;
		}
		/* what is held back borrows from the batch */
		if (flush(im) < 0)
			return -1;
		last = b->last;
		queue_put_free(&im->q, b);
	} while (!last);
	return 0;
}

static int
import_file(struct imp *im, const char *path)
{
	pthread_t th;
	char sha[65];
	int r, rc;

	memset(&im->n, 0, sizeof(im->n));
	if (smk_csv_open(&im->csv, path, &im->o->csv, im->err) < 0)
		return -1;
	im->name = smk_csv_name(im->csv);
	if (im->o->progress != NULL)
		im->o->progress(im->o->ctx, im->name, 0, 0,
		    smk_csv_size(im->csv));
	if (im->need_runset && smk_db_runset_clear(im->db, SET_FILE,
	    im->err) < 0)
		goto fail;
	if (smk_db_batch_start(im->db, "lead-import", "import", im->name,
	    im->o->actor, &im->batch, im->err) < 0)
		goto fail;
	if ((r = read_header(im)) < 0)
		goto fail;
	if (r == 0) {
		/* Parsing and normalizing on one core, writing on another. */
		queue_init(&im->q);
		im->rfailed = 0;
		if ((rc = pthread_create(&th, NULL, reader, im)) != 0) {
			queue_free(&im->q);
			smk_err_set(im->err, SMK_EXIT_FAILURE, NULL, 0, NULL,
			    "cannot start a thread: %s", strerror(rc));
			goto fail;
		}
		r = write_rows(im);
		if (r < 0)
			queue_stop(&im->q);
		pthread_join(th, NULL);
		queue_free(&im->q);
		if (r < 0)
			goto fail;
		if (im->rfailed) {
			*im->err = im->rerr;
			goto fail;
		}
	}
	if (im->need_runset && im->o->rules != NULL &&
	    smk_db_runset_each(im->db, SET_FILE, score_one, im, im->err) != 0)
		goto fail;
	smk_csv_sha256(im->csv, sha);
	if (smk_db_batch_finish(im->db, im->batch, sha, &im->n, im->err) < 0)
		goto fail;
	smk_colmap_free(&im->map);
	im->mapped = 0;
	smk_csv_close(im->csv);
	im->csv = NULL;
	return 0;
fail:
	smk_colmap_free(&im->map);
	im->mapped = 0;
	smk_csv_close(im->csv);
	im->csv = NULL;
	return -1;
}

int
smk_import_run(struct smk_db *db, const char *const *files,
    const struct smk_import_opts *opts, struct smk_err *err)
{
	struct imp im;
	struct file_sum *sums = NULL;
	size_t nfiles = 0, i;
	int f, kr, fatal = 0;

	memset(&im, 0, sizeof(im));
	im.db = db;
	im.o = opts;
	im.err = err;
	im.now = smk_time_now();
	im.need_runset = opts->rules != NULL;
	smk_rej_init(&im.rej, opts->rejects);
	/* on a 64-byte boundary, so that a key's bits share one line */
	im.seen_mem = smk_xcalloc(SEEN_BITS / 8 + 64, 1);
	im.seen = (unsigned char *)(((uintptr_t)im.seen_mem + 63) &
	    ~(uintptr_t)63);
	while (files[nfiles] != NULL)
		nfiles++;
	sums = smk_xcalloc(nfiles ? nfiles : 1, sizeof(*sums));

	/* without foreign key checks (smk_db_begin says why) */
	if (smk_db_begin(db, err) < 0) {
		free(sums);
		return SMK_EXIT_FAILURE;
	}
	if (smk_bulk_begin(&im.bulk, db, opts->key_column != NULL, err) < 0 ||
	    smk_db_runset_clear(db, SET_MQL, err) < 0)
		fatal = 1;
	im.next_id = smk_bulk_start_leads(im.bulk) + 1;
	im.empty_start = im.next_id == 1;
	for (i = 0; !fatal && i < nfiles; i++) {
		if (import_file(&im, files[i]) < 0) {
			fatal = 1;
			break;
		}
		sums[i].name = smk_xstrdup(strcmp(files[i], "-") == 0 ?
		    "<stdin>" : files[i]);
		sums[i].n = im.n;
	}
	if (!fatal && !opts->dry_run && smk_bulk_finish(im.bulk, err) < 0)
		fatal = 1;
	if (fatal || opts->dry_run)
		smk_db_rollback(db);
	else if (smk_db_commit(db, err) < 0)
		fatal = 1;
	for (i = 0; !fatal && i < nfiles && opts->summary != NULL; i++)
		opts->summary(opts->ctx, sums[i].name, &sums[i].n);
	/*
	 * The keys go out after the commit: the next tool in a pipe
	 * (handoff) writes to the same database and must find the leads and
	 * the write lock free; printing first could deadlock on a full pipe.
	 * The MQL set is a temporary table, still there after the commit.  A
	 * dry run prints none: the summary's count says how many there would
	 * be.  Keys that cannot be written are a failure (exit 3) although
	 * the import landed; the stage events of the batch still name them.
	 */
	if (!fatal && !opts->dry_run && opts->mql != NULL &&
	    (kr = smk_db_runset_keys(db, SET_MQL, opts->mql, opts->ctx,
	    err)) != 0) {
		/* a database error keeps its own message */
		if (kr == -2)
			smk_err_set(err, SMK_EXIT_FAILURE, NULL, 0, NULL,
			    "error writing standard output; the import was "
			    "committed");
		fatal = 1;
	}
	for (i = 0; i < nfiles; i++)
		free(sums[i].name);
	free(sums);
	for (f = 0; f < SMK_F_COUNT; f++)
		smk_buf_free(&im.val[f]);
	smk_buf_free(&im.keybuf);
	smk_buf_free(&im.tmp);
	smk_buf_free(&im.json);
	smk_buf_free(&im.wjson);
	smk_obj_clear(&im.extra);
	smk_obj_clear(&im.old);
	smk_lead_clear(&im.lead);
	smk_bulk_free(im.bulk);
	smk_rej_free(&im.rej);
	free(im.seen_mem);
	if (fatal)
		return err->status ? err->status : SMK_EXIT_FAILURE;
	return im.status;
}
