/* forget.c — erasing a person, for data-protection requests. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"

/*
 * An erasure crosses the tables' owners (smk(7)): a person is in
 * lead-import's leads and touches and in handoff's events and notes, and
 * must go from all of them in one transaction.  What stays is what names
 * no lead: the batches (files, times, actors, counts), the routing counts
 * (how many leads a rep was given, which the rotation's fairness rests
 * on), campaigns, spend and targets.  The erasure itself is recorded as a
 * batch of its own that says when, by whom and how many leads, not whom.
 *
 * A table added later that points at leads makes the lead's DELETE fail
 * (foreign keys are on), rather than leave the person in it: erase its
 * rows in erase() below.
 *
 * Nothing erased lingers in the file: every writing connection deletes
 * with secure_delete on (db.c), so freed cells and pages are zeroed, and
 * after the commit the -wal file, which holds the pages as they were, is
 * checkpointed and truncated.
 */

/* What stands in for an email address taken out of other leads' text. */
#define ERASED "(erased)"

struct gone {
	int64_t id;
	char *key, *email;
};

struct smk_forget {
	struct smk_db *db;
	int64_t batch;
	struct smk_forget_counts n;
	long refs;
	struct gone *gone;      /* the leads erased, in the order erased */
	size_t ngone;
	int64_t *ids;           /* the leads one reference names */
	size_t nids, capids;
	struct smk_buf ref, email, pat, text;
};

static const char sql_by_key[] = "SELECT id FROM leads WHERE key = ?1";
static const char sql_by_id[] = "SELECT id FROM leads WHERE id = ?1";
/* a person's every lead: keyed by the address, or carrying it (a lead
 * keyed by a CRM's id); the second half is the partial index of
 * schema-2.sql */
static const char sql_by_email[] =
    "SELECT id FROM leads WHERE key = ?1 OR key = ?2 UNION "
    "SELECT id FROM leads WHERE email = ?2 AND email <> key";
static const char sql_lead[] = "SELECT key, email FROM leads WHERE id = ?1";
static const char sql_del_touches[] = "DELETE FROM touches WHERE lead_id = ?1";
static const char sql_del_stage[] =
    "DELETE FROM stage_events WHERE lead_id = ?1";
static const char sql_del_owner[] =
    "DELETE FROM owner_events WHERE lead_id = ?1";
static const char sql_del_notes[] = "DELETE FROM notes WHERE lead_id = ?1";
static const char sql_del_lead[] = "DELETE FROM leads WHERE id = ?1";

/*
 * The free text of other leads that may name the person by address: Sales
 * notes, the notes of stage moves, and the kept columns (a "Referred by"
 * column).  lower() and LIKE, not SQLite's case-blind LIKE alone: the
 * same statement then reads alike in PostgreSQL.
 */
static const struct {
	const char *find, *set;
} free_text[] = {
	{ "SELECT id, note FROM notes WHERE lower(note) LIKE ?1 ESCAPE '\\'",
	  "UPDATE notes SET note = ?2 WHERE id = ?1" },
	{ "SELECT id, note FROM stage_events WHERE lower(note) LIKE ?1 "
	  "ESCAPE '\\'",
	  "UPDATE stage_events SET note = ?2 WHERE id = ?1" },
	{ "SELECT id, extra FROM leads WHERE lower(extra) LIKE ?1 ESCAPE '\\'",
	  "UPDATE leads SET extra = ?2 WHERE id = ?1" },
};

int
smk_forget_begin(struct smk_forget **out, struct smk_db *db,
    const char *actor, struct smk_err *err)
{
	struct smk_forget *f;

	*out = NULL;
	if (smk_db_begin(db, err) < 0)
		return -1;
	f = smk_xcalloc(1, sizeof(*f));
	f->db = db;
	/* no file: the batch says that an erasure happened, not of whom */
	if (smk_db_batch_start(db, "handoff", "forget", NULL, actor,
	    &f->batch, err) < 0) {
		smk_db_rollback(db);
		free(f);
		return -1;
	}
	*out = f;
	return 0;
}

static int
id_cb(void *ctx, const struct smk_row *row)
{
	struct smk_forget *f = ctx;
	int64_t id = smk_row_int(row, 0);
	size_t i;

	for (i = 0; i < f->nids; i++)
		if (f->ids[i] == id)
			return 0;
	if (f->nids == f->capids) {
		f->capids = f->capids ? 2 * f->capids : 4;
		f->ids = smk_xrealloc(f->ids, f->capids * sizeof(*f->ids));
	}
	f->ids[f->nids++] = id;
	return 0;
}

/* A byte of an address's local part, on either side of '@'. */
static int
addr_byte(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~.@",
	    c) != NULL) || c >= 0x80;
}

/*
 * text with every stand-alone occurrence of the address addr (lower
 * case), in any case, replaced by ERASED, into out; the number replaced.
 * Stand-alone: not part of a longer address ("joann@x.example" does not
 * hold "ann@x.example", nor "ann@x.example.org"); a full stop after it
 * ends a sentence.
 */
static long
redact(const char *text, const char *addr, struct smk_buf *out)
{
	size_t n = strlen(addr), i;
	const char *p = text, *q;
	long hits = 0;

	smk_buf_reset(out);
	smk_buf_add(out, "", 0);
	while (*p != '\0') {
		for (i = 0; i < n && p[i] != '\0' &&
		    tolower((unsigned char)p[i]) == (unsigned char)addr[i]; i++)
			;
		q = p + n;
		if (i == n && (p == text || !addr_byte((unsigned char)p[-1])) &&
		    !(isalnum((unsigned char)*q) || *q == '-' || *q == '_' ||
		    (unsigned char)*q >= 0x80 || (*q == '.' &&
		    isalnum((unsigned char)q[1])))) {
			smk_buf_adds(out, ERASED);
			p = q;
			hits++;
		} else {
			smk_buf_addc(out, *p++);
		}
	}
	return hits;
}

struct hits {
	int64_t *id;
	char **text;
	size_t n;
};

static int
text_cb(void *ctx, const struct smk_row *row)
{
	struct hits *h = ctx;
	const char *t = smk_row_text(row, 1);

	h->id = smk_xrealloc(h->id, (h->n + 1) * sizeof(*h->id));
	h->text = smk_xrealloc(h->text, (h->n + 1) * sizeof(*h->text));
	h->id[h->n] = smk_row_int(row, 0);
	h->text[h->n++] = smk_xstrdup(t ? t : "");
	return 0;
}

/* Takes the address out of the other leads' free text. */
static int
redact_all(struct smk_forget *f, const char *addr, struct smk_err *err)
{
	struct hits h;
	const char *p;
	size_t t, i;
	int r = 0;

	/* %addr% with LIKE's own characters escaped */
	smk_buf_reset(&f->pat);
	smk_buf_addc(&f->pat, '%');
	for (p = addr; *p != '\0'; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			smk_buf_addc(&f->pat, '\\');
		smk_buf_addc(&f->pat, *p);
	}
	smk_buf_addc(&f->pat, '%');
	for (t = 0; r == 0 && t < sizeof(free_text) / sizeof(free_text[0]);
	    t++) {
		/* read whole before any is written: no update under the
		 * cursor that finds them */
		memset(&h, 0, sizeof(h));
		if (smk_db_select(f->db, free_text[t].find, text_cb, &h, err,
		    "t", f->pat.s) < 0)
			r = -1;
		for (i = 0; i < h.n; i++) {
			if (r == 0 && redact(h.text[i], addr, &f->text) > 0) {
				if (smk_db_exec(f->db, free_text[t].set, err,
				    "it", h.id[i], f->text.s) < 0)
					r = -1;
				else
					f->n.mentions++;
			}
			free(h.text[i]);
		}
		free(h.id);
		free(h.text);
	}
	return r;
}

static int
lead_cb(void *ctx, const struct smk_row *row)
{
	struct gone *g = ctx;
	const char *email = smk_row_text(row, 1);

	g->key = smk_xstrdup(smk_row_text(row, 0));
	g->email = email ? smk_xstrdup(email) : NULL;
	return 0;
}

/* Erases the lead id and everything that names it. */
static int
erase(struct smk_forget *f, int64_t id, struct smk_err *err)
{
	static const char *const rows[] = {
		sql_del_touches, sql_del_stage, sql_del_owner, sql_del_notes
	};
	long *counts[] = {
		&f->n.touches, &f->n.stage_events, &f->n.owner_events,
		&f->n.notes
	};
	struct gone *g;
	size_t i;
	int c;

	f->gone = smk_xrealloc(f->gone, (f->ngone + 1) * sizeof(*f->gone));
	g = &f->gone[f->ngone];
	memset(g, 0, sizeof(*g));
	if (smk_db_select(f->db, sql_lead, lead_cb, g, err, "i", id) < 0)
		goto fail;
	if (g->key == NULL)
		return 0;       /* named twice by one reference */
	g->id = id;
	f->ngone++;
	/* the rows that point at the lead first: foreign keys are on */
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if ((c = smk_db_exec(f->db, rows[i], err, "i", id)) < 0)
			return -1;
		*counts[i] += c;
	}
	if (smk_db_exec(f->db, sql_del_lead, err, "i", id) < 0)
		return -1;
	f->n.leads++;
	if (g->email != NULL && redact_all(f, g->email, err) < 0)
		return -1;
	if (strchr(g->key, '@') != NULL && (g->email == NULL ||
	    strcmp(g->key, g->email) != 0) && redact_all(f, g->key, err) < 0)
		return -1;
	return 0;
fail:
	free(g->key);
	free(g->email);
	return -1;
}

/* Whether ref (or its address) names a lead this run erased already. */
static int
erased_already(const struct smk_forget *f, const char *ref,
    const char *email)
{
	const char *p;
	size_t i;

	for (p = ref; *p >= '0' && *p <= '9'; p++)
		;
	for (i = 0; i < f->ngone; i++) {
		const struct gone *g = &f->gone[i];

		if (strcmp(g->key, ref) == 0 ||
		    (*p == '\0' && p - ref < 19 &&
		    g->id == strtoll(ref, NULL, 10)) ||
		    (*email != '\0' && (strcmp(g->key, email) == 0 ||
		    (g->email != NULL && strcmp(g->email, email) == 0))))
			return 1;
	}
	return 0;
}

int
smk_forget_lead(struct smk_forget *f, const char *ref, struct smk_err *err)
{
	const char *p, *why;
	size_t i;

	f->refs++;
	smk_norm_space(ref, &f->ref);
	if (f->ref.len == 0) {
		f->n.refused++;
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "empty lead key");
		return SMK_HO_REFUSED;
	}
	smk_buf_reset(&f->email);
	smk_buf_add(&f->email, "", 0);
	if (strchr(f->ref.s, '@') != NULL &&
	    smk_norm_email(f->ref.s, &f->email, &why) < 0) {
		smk_buf_reset(&f->email);
		smk_buf_add(&f->email, "", 0);
	}
	f->nids = 0;
	if (f->email.len > 0) {
		if (smk_db_select(f->db, sql_by_email, id_cb, f, err, "tt",
		    f->ref.s, f->email.s) < 0)
			return SMK_HO_FATAL;
	} else {
		if (smk_db_select(f->db, sql_by_key, id_cb, f, err, "t",
		    f->ref.s) < 0)
			return SMK_HO_FATAL;
		for (p = f->ref.s; *p >= '0' && *p <= '9'; p++)
			;
		if (f->nids == 0 && *p == '\0' && p - f->ref.s < 19 &&
		    smk_db_select(f->db, sql_by_id, id_cb, f, err, "i",
		    (int64_t)strtoll(f->ref.s, NULL, 10)) < 0)
			return SMK_HO_FATAL;
	}
	/* found first: a lead this run erased is gone, but an address
	 * may name another lead still here */
	if (f->nids == 0 && erased_already(f, f->ref.s, f->email.s)) {
		f->n.already++;
		return SMK_HO_ALREADY;
	}
	if (f->nids == 0) {
		f->n.refused++;
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "no such lead: %s", f->ref.s);
		return SMK_HO_REFUSED;
	}
	for (i = 0; i < f->nids; i++)
		if (erase(f, f->ids[i], err) < 0)
			return SMK_HO_FATAL;
	return SMK_HO_DONE;
}

static int
by_id(const void *a, const void *b)
{
	const struct gone *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int
smk_forget_end(struct smk_forget *f, int commit,
    int (*key)(void *ctx, const char *key), void *ctx,
    struct smk_forget_counts *n, struct smk_err *err)
{
	struct smk_import_counts c;
	size_t i;
	int r = 0, w;

	memset(n, 0, sizeof(*n));
	if (f == NULL)
		return 0;
	if (commit) {
		memset(&c, 0, sizeof(c));
		c.rows = f->refs;
		c.updated = f->n.leads;
		c.unchanged = f->n.already;
		c.rejected = f->n.refused;
		if (smk_db_batch_finish(f->db, f->batch, NULL, &c, err) < 0 ||
		    smk_db_commit(f->db, err) < 0)
			r = -1;
	}
	if (!commit || r < 0)
		smk_db_rollback(f->db);
	if (commit && r == 0) {
		*n = f->n;
		n->committed = 1;
		/* the -wal file keeps the pages as they were before: copy
		 * them home and truncate it */
		if ((w = smk_db_checkpoint(f->db, err)) < 0)
			r = -1;
		n->wal_left = w != 0;
	}
	if (commit && n->committed && key != NULL) {
		qsort(f->gone, f->ngone, sizeof(*f->gone), by_id);
		for (i = 0; i < f->ngone; i++)
			if (key(ctx, f->gone[i].key) < 0)
				break;
		if (i < f->ngone || key(ctx, NULL) < 0) {
			smk_err_set(err, SMK_EXIT_FAILURE, NULL, 0, NULL,
			    "error writing standard output; the erasure was "
			    "committed");
			r = -1;
		}
	}
	for (i = 0; i < f->ngone; i++) {
		free(f->gone[i].key);
		free(f->gone[i].email);
	}
	free(f->gone);
	free(f->ids);
	smk_buf_free(&f->ref);
	smk_buf_free(&f->email);
	smk_buf_free(&f->pat);
	smk_buf_free(&f->text);
	free(f);
	return r;
}
