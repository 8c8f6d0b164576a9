/* bulk.c — the database side of lead-import's bulk path: page cache and deferred indexes. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "bulk.h"
#include "smk_int.h"

/*
 * Two things make a large import fast without touching durability (the
 * run stays one transaction in WAL mode, synchronous NORMAL):
 *
 * - A page cache big enough for the hot part of the B-trees.  SQLite's
 *   default (2 MB) makes every insert at a random key position a pread(2)
 *   of a page the kernel already holds, and every dirty page pushed out a
 *   write to the WAL, many times over in one transaction.  The cache has a
 *   fixed bound, so memory is the same at 5M rows as at 1M.
 *
 * - Deferred secondary indexes.  An index that takes an entry for every
 *   row at a random position (the touches' campaign index; the email
 *   index too when leads are keyed by an external id), once a run has
 *   inserted more leads than the table held when it began, is dropped
 *   inside the transaction and rebuilt from scratch before the commit by
 *   SQLite's external sorter, which writes every index page once.  The
 *   unique indexes (the lead key, a lead's touch fingerprints) stay: the
 *   import reads them.  Readers never see the indexes missing (WAL: they
 *   see the last commit), and a kill rolls the drop back with everything
 *   else.
 */

/* KiB of page cache while importing, and while the sorter rebuilds the
 * indexes (the sorter takes about as much again for its own buffers, and
 * that is the run's peak: 16 MB gives a peak 16 MB lower than 32 MB did,
 * and rebuilds no slower at 1M and 5M rows). */
#define CACHE_KIB (64 * 1024)
#define SORT_CACHE_KIB (16 * 1024)

struct smk_bulk {
	struct smk_db *db;
	int64_t start_leads;   /* highest lead id when the run began */
	int email;             /* leads_email takes a row per lead (--key) */
	int dropped;
	size_t n;
	char **sql;            /* CREATE INDEX statements to run again */
};

static int
bulk_err(struct smk_bulk *b, struct smk_err *err, const char *what)
{
	return smk_db_fail(b->db, err, what);
}

static int
bulk_exec(struct smk_bulk *b, const char *sql, struct smk_err *err)
{
	if (sqlite3_exec(smk_db_sqlite(b->db), sql, NULL, NULL, NULL) !=
	    SQLITE_OK)
		return bulk_err(b, err, "bulk import");
	return 0;
}

static int
cache(struct smk_bulk *b, int kib, struct smk_err *err)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", kib);
	return bulk_exec(b, sql, err);
}

int
smk_bulk_begin(struct smk_bulk **out, struct smk_db *db, int email,
    struct smk_err *err)
{
	struct smk_bulk *b;
	sqlite3_stmt *s;
	int rc;

	b = smk_xcalloc(1, sizeof(*b));
	b->db = db;
	b->email = email;
	*out = b;
	if (cache(b, CACHE_KIB, err) < 0)
		return -1;
	if (sqlite3_prepare_v2(smk_db_sqlite(db), "SELECT max(id) FROM leads",
	    -1, &s, NULL) != SQLITE_OK)
		return bulk_err(b, err, "bulk import");
	rc = sqlite3_step(s);
	b->start_leads = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return bulk_err(b, err, "bulk import");
	return 0;
}

int64_t
smk_bulk_start_leads(const struct smk_bulk *b)
{
	return b->start_leads;
}

int
smk_bulk_check(struct smk_bulk *b, int64_t inserted, struct smk_err *err)
{
	sqlite3_stmt *s;
	struct smk_buf drop = {0};
	int rc;

	if (b == NULL || b->dropped || inserted <= b->start_leads)
		return 0;
	b->dropped = 1;
	/* Named, non-unique indexes only: the automatic ones of UNIQUE and
	 * PRIMARY KEY constraints have no SQL.  Partial indexes stay unless
	 * the run fills them (b->email): an import adds few rows to them
	 * (the MQL queues; leads_owner takes none, leads_email none for
	 * leads keyed by their email), and rebuilding one scans the whole
	 * table all the same. */
	if (sqlite3_prepare_v2(smk_db_sqlite(b->db), "SELECT name, sql "
	    "FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('leads', "
	    "'touches') AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' "
	    "AND (sql NOT LIKE '% WHERE %' OR (?1 AND name = 'leads_email')) "
	    "ORDER BY name", -1, &s, NULL) != SQLITE_OK)
		return bulk_err(b, err, "bulk import");
	sqlite3_bind_int(s, 1, b->email);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		b->sql = smk_xrealloc(b->sql, (b->n + 1) * sizeof(*b->sql));
		b->sql[b->n++] = smk_xstrdup((const char *)
		    sqlite3_column_text(s, 1));
		smk_buf_adds(&drop, "DROP INDEX \"");
		smk_buf_adds(&drop, (const char *)sqlite3_column_text(s, 0));
		smk_buf_adds(&drop, "\";");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		smk_buf_free(&drop);
		return bulk_err(b, err, "bulk import");
	}
	rc = drop.len > 0 ? bulk_exec(b, drop.s, err) : 0;
	smk_buf_free(&drop);
	return rc;
}

int
smk_bulk_finish(struct smk_bulk *b, struct smk_err *err)
{
	size_t i;

	if (b == NULL || b->n == 0)
		return 0;
	if (cache(b, SORT_CACHE_KIB, err) < 0)
		return -1;
	for (i = 0; i < b->n; i++)
		if (bulk_exec(b, b->sql[i], err) < 0)
			return -1;
	return 0;
}

void
smk_bulk_free(struct smk_bulk *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		free(b->sql[i]);
	free(b->sql);
	free(b);
}
