/* handoff.c — the Marketing-to-Sales hand-off: stage moves, owners, notes, routing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smk_int.h"

#define DIRTY_STAGE 1
#define DIRTY_OWNER 2


const char *const smk_reason_codes[] = {
	"no-budget", "no-authority", "no-need", "bad-timing", "bad-data",
	"competitor", "duplicate", "existing-customer", "not-a-fit", "other",
	NULL
};

int
smk_reason_valid(const char *code)
{
	int i;

	for (i = 0; code != NULL && smk_reason_codes[i] != NULL; i++)
		if (strcmp(code, smk_reason_codes[i]) == 0)
			return 1;
	return 0;
}

struct smk_handoff {
	struct smk_db *db;
	int64_t batch;
	int64_t now;
	const char *actor;
	struct smk_lead lead;
	int dirty;      /* DIRTY_*: what changed of the lead, not written */
	int external_keys; /* keys from a CRM: never an internal lead id */
	int64_t kept;   /* the lead kept last by smk_handoff_keep() */
	char sha256[65];   /* of the file applied, for the batch; or "" */
	struct smk_handoff_counts n;
	struct smk_buf keybuf, tmp;
};

/* An index is rewritten when a column of it is SET, changed or not: the
 * owner only goes in when it changed. */
static const char sql_lead_stage[] =
    "UPDATE leads SET stage = ?2, stage_at = ?3 WHERE id = ?1";
static const char sql_lead_owner[] =
    "UPDATE leads SET owner = ?2 WHERE id = ?1";
static const char sql_lead_both[] =
    "UPDATE leads SET stage = ?2, stage_at = ?3, owner = ?4 WHERE id = ?1";
static const char sql_owner_event[] =
    "INSERT INTO owner_events (lead_id, owner, at, actor, batch_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_note_add[] =
    "INSERT INTO notes (lead_id, at, actor, note, batch_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
/* a note is one fact: the same words by the same actor at the same time */
static const char sql_note_exists[] =
    "SELECT 1 FROM notes WHERE lead_id = ?1 AND at = ?2 AND actor = ?3 "
    "AND note = ?4";
/* A move to ?2 at ?3 that the lead's events hold already: an event to
 * that stage at that very time, or the lead was in it then (its last
 * move at or before ?3 went to it), or its first move after ?3 did (the
 * CRM dated the move a little before smk did) */
static const char sql_event_exists[] =
    "SELECT 1 FROM stage_events WHERE lead_id = ?1 AND to_stage = ?2 "
    "AND (at = ?3 OR id = (SELECT id FROM stage_events WHERE lead_id = ?1 "
    "AND at <= ?3 ORDER BY at DESC, id DESC LIMIT 1) OR id = (SELECT id "
    "FROM stage_events WHERE lead_id = ?1 AND at > ?3 ORDER BY at, id "
    "LIMIT 1))";
static const char sql_routing_get[] =
    "SELECT rep, assigned, weight, credit FROM routing WHERE pool = ?1";
static const char sql_routing_unlist[] =
    "UPDATE routing SET weight = 0, credit = 0 WHERE pool = ?1";
static const char sql_routing_put[] =
    "INSERT INTO routing (pool, rep, assigned, weight, credit) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (pool, rep) DO UPDATE SET "
    "assigned = excluded.assigned, weight = excluded.weight, "
    "credit = excluded.credit";
/* one lead: each listed rep's share of it, then the lead to one rep */
static const char sql_routing_share[] =
    "UPDATE routing SET credit = credit + weight WHERE pool = ?1 AND "
    "weight > 0";
static const char sql_routing_take[] =
    "UPDATE routing SET assigned = assigned + 1, credit = credit - ?3 "
    "WHERE pool = ?1 AND rep = ?2";

/*
 * Writes the current lead's stage and owner.  Moves and assignments keep
 * them in h->lead and write the row once per lead (not once per change):
 * on to the next lead, and before the commit.  Until then, the events
 * are what is written; the lead row follows them.
 */
static int
flush(struct smk_handoff *h, struct smk_err *err)
{
	struct smk_lead *l = &h->lead;

	int r = 0;

	if (h->dirty == DIRTY_STAGE)
		r = smk_db_exec(h->db, sql_lead_stage, err, "iti", l->id,
		    smk_stage_name(l->stage), l->stage_at);
	else if (h->dirty == DIRTY_OWNER)
		r = smk_db_exec(h->db, sql_lead_owner, err, "it", l->id,
		    l->owner);
	else if (h->dirty != 0)
		r = smk_db_exec(h->db, sql_lead_both, err, "itit", l->id,
		    smk_stage_name(l->stage), l->stage_at, l->owner);
	if (r < 0)
		return -1;
	h->dirty = 0;
	return 0;
}

int
smk_handoff_begin(struct smk_handoff **out, struct smk_db *db,
    const char *command, const char *file, const char *actor,
    struct smk_err *err)
{
	struct smk_handoff *h;

	*out = NULL;
	if (smk_db_begin(db, err) < 0)
		return -1;
	h = smk_xcalloc(1, sizeof(*h));
	h->db = db;
	h->now = smk_time_now();
	h->actor = actor;
	if (smk_db_batch_start(db, "handoff", command, file, actor,
	    &h->batch, err) < 0 ||
	    smk_db_runset_clear(db, SMK_SET_HANDOFF, err) < 0) {
		smk_db_rollback(db);
		free(h);
		return -1;
	}
	*out = h;
	return 0;
}

void
smk_handoff_counts(const struct smk_handoff *h, struct smk_handoff_counts *n)
{
	*n = h->n;
}

void
smk_handoff_set_sha256(struct smk_handoff *h, const char *hex)
{
	snprintf(h->sha256, sizeof(h->sha256), "%s", hex);
}

void
smk_handoff_external_keys(struct smk_handoff *h)
{
	h->external_keys = 1;
}

int
smk_handoff_keep(struct smk_handoff *h, struct smk_err *err)
{
	/* a lead's rows come together: keep it once */
	if (h->lead.id == h->kept)
		return 0;
	h->kept = h->lead.id;
	return smk_db_runset_add(h->db, SMK_SET_HANDOFF, h->lead.id, 0, err);
}

int
smk_handoff_end(struct smk_handoff *h, int commit,
    int (*key)(void *ctx, const char *key), void *ctx, struct smk_err *err)
{
	struct smk_import_counts c;
	int r = 0, kr;

	if (h == NULL)
		return 0;
	if (commit && flush(h, err) < 0)
		r = -1;
	if (commit && r == 0) {
		memset(&c, 0, sizeof(c));
		c.rows = h->n.done + h->n.refused + h->n.already;
		c.new_leads = h->n.added;
		c.updated = h->n.done;
		c.unchanged = h->n.already;
		c.rejected = h->n.refused;
		if (smk_db_batch_finish(h->db, h->batch, h->sha256, &c,
		    err) < 0 ||
		    smk_db_commit(h->db, err) < 0)
			r = -1;
	}
	if (!commit || r < 0)
		smk_db_rollback(h->db);
	/* the scratch set is a temporary table: still there after the
	 * commit */
	if (commit && r == 0 && key != NULL &&
	    (kr = smk_db_runset_keys(h->db, SMK_SET_HANDOFF, key, ctx,
	    err)) != 0) {
		/* a database error keeps its own message */
		if (kr == -2)
			smk_err_set(err, SMK_EXIT_FAILURE, NULL, 0, NULL,
			    "error writing standard output; the changes "
			    "were committed");
		r = -1;
	}
	smk_lead_clear(&h->lead);
	smk_buf_free(&h->keybuf);
	smk_buf_free(&h->tmp);
	free(h);
	return r;
}

/* find(): there is no such lead (err says so) */
#define MISSING 3

/* Finds the lead: SMK_HO_DONE, MISSING, or SMK_HO_REFUSED with a message
 * (an empty key, an email of two leads). */
static int
find(struct smk_handoff *h, const char *ref, struct smk_err *err)
{
	int r;

	smk_norm_space(ref, &h->keybuf);
	if (h->keybuf.len == 0)
		return smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "empty lead key"), SMK_HO_REFUSED;
	/* CRM exports list a lead's changes together, and apply assigns
	 * after it moves: the lead found last is kept up to date by every
	 * change made through h, so it serves again without a query */
	if (h->lead.id != 0 && strcmp(h->lead.key, h->keybuf.s) == 0)
		return SMK_HO_DONE;
	if (flush(h, err) < 0)
		return SMK_HO_FATAL;
	r = smk_db_lead_find(h->db, h->keybuf.s, !h->external_keys, &h->lead,
	    err);
	if (r < 0)
		return SMK_HO_FATAL;
	if (r == 2) {
		smk_lead_clear(&h->lead);
		return SMK_HO_REFUSED;
	}
	if (r == 0) {
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "no such lead: %s", h->keybuf.s);
		return MISSING;
	}
	return SMK_HO_DONE;
}

/* Finds the lead a command names: *key is its key when found; a refusal
 * (no such lead) is counted. */
static int
take(struct smk_handoff *h, const char *ref, const char **key,
    struct smk_err *err)
{
	int r;

	*key = NULL;
	if ((r = find(h, ref, err)) == MISSING)
		r = SMK_HO_REFUSED;
	if (r == SMK_HO_REFUSED)
		h->n.refused++;
	if (r == SMK_HO_DONE)
		*key = h->lead.key;
	return r;
}

static int
refuse(struct smk_handoff *h, struct smk_err *err, const char *fmt,
    const char *a, const char *b)
{
	smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL, fmt, a, b);
	h->n.refused++;
	return SMK_HO_REFUSED;
}

static int
exists_cb(void *ctx, const struct smk_row *row)
{
	(void)row;
	*(int *)ctx = 1;
	return 0;
}

static int create(struct smk_handoff *h, const struct smk_new_lead *nl,
    struct smk_err *err);

/*
 * Moves h->lead.  With nl, h->lead is a new lead not written yet: it is
 * written (create()) once the move is known to land or to be done
 * already, so that a refused move leaves nothing behind.
 */
static int
move(struct smk_handoff *h, const struct smk_move *m,
    const struct smk_new_lead *nl, struct smk_err *err)
{
	struct smk_lead *l = &h->lead;
	const char *reason = m->reason, *note = m->note;
	int seen = 0, rejection;
	char when[32];

	/* the same event again (a CRM export applied twice): done already.
	 * A row found done because the lead was in its stage must be found
	 * done again once the lead has moved on, so the lead's history
	 * answers, not only its stage now.  Events of a lead are in time
	 * order, so only a move dated at or before its last change can
	 * repeat one. */
	if (nl == NULL && !m->no_time && m->at <= l->stage_at &&
	    smk_db_select(h->db, sql_event_exists, exists_cb, &seen, err,
	    "iti", l->id, smk_stage_name(m->to), m->at) < 0)
		return SMK_HO_FATAL;
	if (seen || l->stage == m->to) {
		if (nl != NULL && create(h, nl, err) < 0)
			return SMK_HO_FATAL;
		h->n.already++;
		return SMK_HO_ALREADY;
	}
	if (m->no_time)
		return refuse(h, err, "lead %s: no time for the move to %s",
		    l->key, smk_stage_name(m->to));
	if (m->at > h->now + SMK_FUTURE_SKEW) {
		smk_time_format_utc(m->at, when);
		return refuse(h, err, "lead %s: time %s is in the future",
		    l->key, when);
	}
	if (!smk_funnel_legal(l->stage, m->to)) {
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "lead %s is %s: cannot move to %s", l->key,
		    smk_stage_name(l->stage), smk_stage_name(m->to));
		h->n.refused++;
		return SMK_HO_REFUSED;
	}
	/* events of a lead stay in time order, and none comes before the
	 * lead itself (a lead still in stage lead has no event: its
	 * creation is its last change) */
	if (l->stage != SMK_ST_LEAD && m->at < l->stage_at) {
		smk_time_format_utc(l->stage_at, when);
		return refuse(h, err, "lead %s: the move is dated before its "
		    "last stage change (%s)", l->key, when);
	}
	if (m->at < l->created_at) {
		smk_time_format_utc(l->created_at, when);
		return refuse(h, err, "lead %s: the move is dated before the "
		    "lead was created (%s)", l->key, when);
	}
	rejection = (l->stage == SMK_ST_MQL || l->stage == SMK_ST_SAL) &&
	    (m->to == SMK_ST_RECYCLED || m->to == SMK_ST_DISQUALIFIED);
	if ((rejection || m->to == SMK_ST_LOST) && reason == NULL &&
	    m->default_reason != NULL) {
		reason = m->default_reason;
		if (note == NULL || *note == '\0')
			note = m->default_note;
	}
	if ((rejection || m->to == SMK_ST_LOST) && reason == NULL)
		return refuse(h, err, "lead %s: %s needs a reason code",
		    l->key, rejection ? "a rejection by Sales" : "lost");
	if (reason != NULL && !smk_reason_valid(reason))
		return refuse(h, err, "lead %s: unknown reason code '%s'",
		    l->key, reason);
	if (reason != NULL && strcmp(reason, "other") == 0 &&
	    (note == NULL || *note == '\0'))
		return refuse(h, err, "lead %s: reason '%s' needs a note",
		    l->key, reason);
	if ((m->to == SMK_ST_SQL || m->to == SMK_ST_WON) && m->amount < 0)
		return refuse(h, err, "lead %s: %s needs an amount", l->key,
		    smk_stage_name(m->to));
	if (nl != NULL && create(h, nl, err) < 0)
		return SMK_HO_FATAL;
	if (smk_funnel_record(h->db, l, m->to, m->at, h->actor, reason,
	    note, m->amount, h->batch, err) < 0)
		return SMK_HO_FATAL;
	h->dirty |= DIRTY_STAGE;
	h->n.done++;
	return SMK_HO_DONE;
}

int
smk_handoff_move(struct smk_handoff *h, const char *ref,
    const struct smk_move *m, const char **key, struct smk_err *err)
{
	int r;

	if ((r = take(h, ref, key, err)) != SMK_HO_DONE)
		return r;
	return move(h, m, NULL, err);
}

static int
set_owner(struct smk_handoff *h, const char *owner, int64_t at,
    struct smk_err *err)
{
	struct smk_lead *l = &h->lead;

	if (smk_db_exec(h->db, sql_owner_event, err, "ititi", l->id, owner,
	    at, h->actor, h->batch) < 0)
		return SMK_HO_FATAL;
	free(l->owner);
	l->owner = smk_xstrdup(owner);
	h->dirty |= DIRTY_OWNER;
	return SMK_HO_DONE;
}

int
smk_handoff_assign(struct smk_handoff *h, const char *ref, const char *owner,
    int64_t at, const char **key, struct smk_err *err)
{
	int r;

	if ((r = take(h, ref, key, err)) != SMK_HO_DONE)
		return r;
	if (h->lead.owner != NULL && strcmp(h->lead.owner, owner) == 0) {
		h->n.already++;
		return SMK_HO_ALREADY;
	}
	if ((r = set_owner(h, owner, at, err)) == SMK_HO_DONE)
		h->n.done++;
	return r;
}

int
smk_handoff_note(struct smk_handoff *h, const char *ref, const char *text,
    int64_t at, const char **key, struct smk_err *err)
{
	int r, seen = 0;

	if ((r = take(h, ref, key, err)) != SMK_HO_DONE)
		return r;
	/* written already: a cron job run again adds each note once */
	if (smk_db_select(h->db, sql_note_exists, exists_cb, &seen, err,
	    "iitt", h->lead.id, at, h->actor, text) < 0)
		return SMK_HO_FATAL;
	if (seen) {
		h->n.already++;
		return SMK_HO_ALREADY;
	}
	if (smk_db_exec(h->db, sql_note_add, err, "iitti", h->lead.id, at,
	    h->actor, text, h->batch) < 0)
		return SMK_HO_FATAL;
	h->n.done++;
	return SMK_HO_DONE;
}

/*
 * The key of a new lead, in h->keybuf: an email (with an '@') trimmed,
 * lower-cased and checked; another key trimmed and its blanks collapsed.
 * SMK_HO_DONE, or SMK_HO_REFUSED with a message (not counted).
 */
static int
new_key(struct smk_handoff *h, const char *ref, struct smk_err *err)
{
	const char *why;
	unsigned bad;

	smk_norm_space(ref, &h->keybuf);
	if (!smk_utf8_valid(h->keybuf.s, &bad)) {
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "%s: invalid UTF-8 (byte 0x%02x)", h->keybuf.s, bad);
		return SMK_HO_REFUSED;
	}
	if (strchr(h->keybuf.s, '@') != NULL) {
		if (smk_norm_email(h->keybuf.s, &h->tmp, &why) < 0) {
			smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
			    "%s: %s", h->keybuf.s, why);
			return SMK_HO_REFUSED;
		}
		smk_buf_reset(&h->keybuf);
		smk_buf_adds(&h->keybuf, h->tmp.s);
	}
	if (h->keybuf.len == 0) {
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "empty lead key");
		return SMK_HO_REFUSED;
	}
	return SMK_HO_DONE;
}

/* h->lead as the new lead keyed h->keybuf, from nl; not written yet. */
static void
prepare(struct smk_handoff *h, const struct smk_new_lead *nl)
{
	struct smk_lead *l = &h->lead;
	const char *cc;
	int f;

	smk_lead_clear(l);
	l->key = smk_xstrdup(h->keybuf.s);
	for (f = 0; f < SMK_F_COUNT; f++)
		if (f != SMK_F_CREATED_AT && nl->f[f] != NULL &&
		    *nl->f[f] != '\0')
			l->f[f] = smk_xstrdup(nl->f[f]);
	if (l->f[SMK_F_EMAIL] == NULL && strchr(l->key, '@') != NULL)
		l->f[SMK_F_EMAIL] = smk_xstrdup(l->key);
	if (l->f[SMK_F_COUNTRY] != NULL &&
	    (cc = smk_norm_country(l->f[SMK_F_COUNTRY])) != NULL) {
		free(l->f[SMK_F_COUNTRY]);
		l->f[SMK_F_COUNTRY] = smk_xstrdup(cc);
	}
	if (nl->sales_sourced && l->f[SMK_F_CHANNEL] == NULL)
		l->f[SMK_F_CHANNEL] = smk_xstrdup("sales");
	l->created_at = l->updated_at = l->seen_at = nl->at;
	l->sales_sourced = nl->sales_sourced;
	l->stage = SMK_ST_LEAD;
	l->stage_at = nl->at;
}

/* Writes h->lead, prepared, and its campaign touch. */
static int
create(struct smk_handoff *h, const struct smk_new_lead *nl,
    struct smk_err *err)
{
	struct smk_lead *l = &h->lead;
	struct smk_touch t;

	if (smk_db_lead_insert(h->db, l, h->batch, err) < 0)
		return -1;
	h->n.added++;
	/* a campaign given by hand is a touch like an imported one */
	if (l->f[SMK_F_CAMPAIGN] != NULL) {
		memset(&t, 0, sizeof(t));
		t.lead_id = l->id;
		t.campaign = l->f[SMK_F_CAMPAIGN];
		t.channel = l->f[SMK_F_CHANNEL];
		t.source = l->f[SMK_F_SOURCE];
		t.at = nl->at;
		t.fp = (int64_t)smk_hash64(SMK_HASH64_INIT, t.campaign,
		    strlen(t.campaign) + 1);
		if (smk_db_touch_add(h->db, &t, h->batch, err) < 0)
			return -1;
	}
	return 0;
}

int
smk_handoff_add(struct smk_handoff *h, const struct smk_new_lead *nl,
    const char **key, struct smk_err *err)
{
	struct smk_lead *l = &h->lead;
	int r;

	*key = NULL;
	if ((r = new_key(h, nl->ref, err)) != SMK_HO_DONE) {
		h->n.refused++;
		return r;
	}
	if (flush(h, err) < 0)
		return SMK_HO_FATAL;
	if ((r = smk_db_lead_get(h->db, h->keybuf.s, l, err)) < 0)
		return SMK_HO_FATAL;
	if (r > 0) {
		*key = l->key;
		h->n.already++;
		return SMK_HO_ALREADY;
	}
	prepare(h, nl);
	if (create(h, nl, err) < 0)
		return SMK_HO_FATAL;
	*key = l->key;
	h->n.done++;
	return SMK_HO_DONE;
}

int
smk_handoff_move_add(struct smk_handoff *h, const char *ref,
    const struct smk_move *m, const struct smk_new_lead *nl, int *added,
    const char **key, struct smk_err *err)
{
	long before = h->n.added;
	int r, fresh = 0;

	*added = 0;
	*key = NULL;
	r = find(h, ref, err);
	if (r == MISSING) {
		/* find() flushed the lead before it, and cleared h->lead */
		if ((r = new_key(h, ref, err)) == SMK_HO_DONE) {
			prepare(h, nl);
			fresh = 1;
		}
	}
	if (r == SMK_HO_REFUSED)
		h->n.refused++;
	if (r != SMK_HO_DONE)
		return r;
	r = move(h, m, fresh ? nl : NULL, err);
	if (r == SMK_HO_REFUSED && fresh)
		smk_lead_clear(&h->lead);    /* never written: forget it */
	else if (r != SMK_HO_REFUSED)
		*key = h->lead.key;
	*added = h->n.added > before;
	return r;
}

/* ------------------------------------------------------- round robin */

/*
 * The rotation.  Each listed rep has a credit: what it is owed, in leads
 * times W, the sum of the list's weights.  Every lead adds each rep's
 * weight to its credit (its share of the lead, w/W, in those units) and
 * takes W (the lead) from the rep that gets it, so the credits sum to 0.
 * The lead goes, among the reps whose credit is then above 0 (whose
 * count, counting this lead, would not pass their share by a whole lead),
 * to the one that would be owed a whole lead soonest: the smallest
 * (W - credit) / weight; ties go to the rep listed first.
 *
 * With a fixed list this is the quota method of Balinski and Young, or
 * earliest deadline first: after N leads every rep's count is less than
 * one lead from its share N*w/W, whatever the weights and however the
 * leads fall into runs (tests/e2e/t0315 checks it after every run).  The
 * simpler rules are not as fair: "largest credit" (smooth weighted round
 * robin) drifts past a lead with a dozen reps of weights 1 and 3, and
 * "lowest count/weight after this lead" gives a rep of weight 10 among
 * ten of weight 1 the first nine leads, four and a half over its share.
 *
 * The credits live in the database (routing.credit), so each run goes on
 * where the last one stopped.  A rotation that starts afresh on every run
 * gives the ties to the same reps every time: three runs of two leads
 * over three reps left the third with none.
 *
 * When the list changes, a rep still listed keeps what it was owed (at
 * most a lead either way), rescaled to the new W.  A rep new to the pool,
 * or back after runs that assigned without it, starts level: credit 0,
 * owed nothing and owing nothing.  From its first run it gets its
 * weight's share of each new lead; it is not flooded to catch up with
 * reps who have worked the pool for months, nor starved.  What a rep
 * taken off the list was owed is shared out among the others by weight,
 * so that the credits sum to 0 again; it keeps its count.
 */

#define RR_MAX_WEIGHT 1000

struct rep {
	char *name;
	int64_t weight;
	int64_t assigned;
	int64_t credit;  /* owed, in leads times smk_rr.total */
	int64_t was;     /* weight in the pool's last list; 0: not in it */
};

struct smk_rr {
	struct rep *r;
	size_t n;
	int64_t total;   /* W: the sum of the weights */
	char *loaded_pool;
	int written;     /* the pool's rows hold this list */
};

void
smk_rr_free(struct smk_rr *rr)
{
	size_t i;

	if (rr == NULL)
		return;
	for (i = 0; i < rr->n; i++)
		free(rr->r[i].name);
	free(rr->r);
	free(rr->loaded_pool);
	free(rr);
}

int
smk_rr_load(struct smk_rr **out, const char *path, struct smk_err *err)
{
	struct smk_rr *rr;
	struct smk_buf b = {0};
	FILE *f;
	char *line = NULL, *p, *end, *w;
	size_t cap = 0, i;
	long lineno = 0, weight;
	unsigned bad;
	int r = -1;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return smk_err_set(err, SMK_EXIT_USAGE, path, 0, NULL,
		    "cannot open: %s", strerror(errno));
	rr = smk_xcalloc(1, sizeof(*rr));
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		smk_norm_space(line, &b);
		if (b.len == 0)
			continue;
		if (!smk_utf8_valid(b.s, &bad)) {
			smk_err_set(err, SMK_EXIT_USAGE, path, lineno, NULL,
			    "invalid UTF-8 (byte 0x%02x)", bad);
			goto done;
		}
		weight = 1;
		/* "name [weight]": a trailing number is the weight */
		w = strrchr(b.s, ' ');
		if (w != NULL) {
			errno = 0;
			weight = strtol(w + 1, &end, 10);
			if (*end == '\0' && errno == 0) {
				if (weight < 1 || weight > RR_MAX_WEIGHT) {
					smk_err_set(err, SMK_EXIT_USAGE, path,
					    lineno, NULL, "weight must be 1 "
					    "to %d", RR_MAX_WEIGHT);
					goto done;
				}
				*w = '\0';
			} else {
				weight = 1;
			}
		}
		for (i = 0; i < rr->n; i++)
			if (strcmp(rr->r[i].name, b.s) == 0) {
				smk_err_set(err, SMK_EXIT_USAGE, path, lineno,
				    NULL, "rep '%s' listed twice", b.s);
				goto done;
			}
		rr->r = smk_xrealloc(rr->r, (rr->n + 1) * sizeof(*rr->r));
		memset(&rr->r[rr->n], 0, sizeof(rr->r[rr->n]));
		rr->r[rr->n].name = smk_xstrdup(b.s);
		rr->r[rr->n].weight = weight;
		rr->total += weight;
		rr->n++;
	}
	if (rr->n == 0) {
		smk_err_set(err, SMK_EXIT_USAGE, path, 0, NULL,
		    "no reps listed");
		goto done;
	}
	*out = rr;
	rr = NULL;
	r = 0;
done:
	free(line);
	smk_buf_free(&b);
	fclose(f);
	smk_rr_free(rr);
	return r;
}

struct rr_rows {
	struct smk_rr *rr;
	int64_t was_total;  /* W of the pool's last list */
};

static int
routing_cb(void *ctx, const struct smk_row *row)
{
	struct rr_rows *rows = ctx;
	struct smk_rr *rr = rows->rr;
	const char *name = smk_row_text(row, 0);
	int64_t was = smk_row_int(row, 2);
	size_t i;

	/* a weight this code cannot have written counts as not listed */
	if (was < 1 || was > RR_MAX_WEIGHT)
		was = 0;
	rows->was_total += was;
	for (i = 0; i < rr->n; i++)
		if (name != NULL && strcmp(rr->r[i].name, name) == 0) {
			rr->r[i].assigned = smk_row_int(row, 1);
			rr->r[i].was = was;
			rr->r[i].credit = smk_row_int(row, 3);
		}
	return 0;
}

/* a * b / c rounded to the nearest integer (halves up), for c > 0 */
static int64_t
muldiv_round(int64_t a, int64_t b, int64_t c)
{
	int64_t x = a * b, q = x / c, m = x % c;

	if (m < 0) {    /* C division truncates: make q the floor */
		q--;
		m += c;
	}
	return 2 * m >= c ? q + 1 : q;
}

/*
 * A pool last written before schema version 3 kept only the counts.  They
 * set the first order, as credits N*w - W*count over the listed reps (a
 * rep without a row has had none), scaled down as a whole, when they are
 * further apart, to at most a lead owed: a rep the old rotation starved
 * gets the next leads, not a month's worth.
 */
static void
rr_seed(struct smk_rr *rr, struct rr_rows *rows)
{
	int64_t n = 0, most = 0, c;
	size_t i;

	for (i = 0; i < rr->n; i++)
		n += rr->r[i].assigned;
	for (i = 0; i < rr->n; i++) {
		c = n * rr->r[i].weight - rr->total * rr->r[i].assigned;
		rr->r[i].credit = c;
		rr->r[i].was = rr->r[i].weight;
		if (c > most || -c > most)
			most = c < 0 ? -c : c;
	}
	if (most > rr->total)
		for (i = 0; i < rr->n; i++)
			rr->r[i].credit = muldiv_round(rr->r[i].credit,
			    rr->total, most);
	rows->was_total = rr->total;
}

/*
 * Reads the pool's state once per command and carries it over to this
 * list (see the top of this section): the reps of the last list keep
 * their credits in units of this W, new ones start at 0, and the sum is
 * brought back to 0 by weight.
 */
static int
rr_sync(struct smk_handoff *h, struct smk_rr *rr, const char *pool,
    struct smk_err *err)
{
	struct rr_rows rows;
	int64_t sum = 0, sign, size, left, d;
	size_t i;

	if (rr->loaded_pool != NULL && strcmp(rr->loaded_pool, pool) == 0)
		return 0;
	for (i = 0; i < rr->n; i++) {
		rr->r[i].assigned = 0;
		rr->r[i].credit = 0;
		rr->r[i].was = 0;
	}
	rows.rr = rr;
	rows.was_total = 0;
	if (smk_db_select(h->db, sql_routing_get, routing_cb, &rows, err, "t",
	    pool) < 0)
		return -1;
	if (rows.was_total == 0)
		rr_seed(rr, &rows);
	for (i = 0; i < rr->n; i++) {
		struct rep *p = &rr->r[i];

		if (p->was == 0) {
			p->credit = 0;
			continue;
		}
		/* never more than a lead either way (a file edited by hand
		 * must not overflow the arithmetic) */
		if (p->credit > rows.was_total)
			p->credit = rows.was_total;
		if (p->credit < -rows.was_total)
			p->credit = -rows.was_total;
		p->credit = muldiv_round(p->credit, rr->total, rows.was_total);
		sum += p->credit;
	}
	sign = sum < 0 ? -1 : 1;
	size = left = sum < 0 ? -sum : sum;
	for (i = 0; i < rr->n; i++) {
		d = size * rr->r[i].weight / rr->total;
		rr->r[i].credit -= sign * d;
		left -= d;
	}
	/* what the rounding down left, one unit each in list order */
	for (i = 0; left > 0 && i < rr->n; i++, left--)
		rr->r[i].credit -= sign;
	free(rr->loaded_pool);
	rr->loaded_pool = smk_xstrdup(pool);
	rr->written = 0;
	return 0;
}

/* Writes the pool's rows for this list, before its first assignment. */
static int
rr_write(struct smk_handoff *h, struct smk_rr *rr, const char *pool,
    struct smk_err *err)
{
	size_t i;

	if (smk_db_exec(h->db, sql_routing_unlist, err, "t", pool) < 0)
		return -1;
	for (i = 0; i < rr->n; i++)
		if (smk_db_exec(h->db, sql_routing_put, err, "ttiii", pool,
		    rr->r[i].name, rr->r[i].assigned, rr->r[i].weight,
		    rr->r[i].credit) < 0)
			return -1;
	rr->written = 1;
	return 0;
}

int
smk_handoff_assign_rr(struct smk_handoff *h, struct smk_rr *rr,
    const char *pool, const char *ref, int64_t at, const char **key,
    const char **owner, struct smk_err *err)
{
	struct rep *best = NULL;
	int64_t w = rr->total;
	size_t i;
	int r;

	*owner = NULL;
	if (rr_sync(h, rr, pool, err) < 0)
		return SMK_HO_FATAL;
	if ((r = take(h, ref, key, err)) != SMK_HO_DONE)
		return r;
	/* a lead that has an owner keeps it: re-running a cron job on the
	 * same keys neither reassigns nor moves the rotation */
	if (h->lead.owner != NULL && *h->lead.owner != '\0') {
		*owner = h->lead.owner;
		h->n.already++;
		return SMK_HO_ALREADY;
	}
	if (!rr->written && rr_write(h, rr, pool, err) < 0)
		return SMK_HO_FATAL;
	/* among the reps owed more than nothing once this lead's shares
	 * are in, the smallest (W - credit) / weight, compared as
	 * (W - a) * wb < (W - b) * wa; ties to the rep listed first.  The
	 * credits sum to W here, so one is above 0. */
	for (i = 0; i < rr->n; i++) {
		struct rep *c = &rr->r[i];

		c->credit += c->weight;
		if (c->credit > 0 && (best == NULL || (w - c->credit) *
		    best->weight < (w - best->credit) * c->weight))
			best = c;
	}
	best->credit -= w;
	best->assigned++;
	if ((r = set_owner(h, best->name, at, err)) != SMK_HO_DONE)
		return r;
	if (smk_db_exec(h->db, sql_routing_share, err, "t", pool) < 0 ||
	    smk_db_exec(h->db, sql_routing_take, err, "tti", pool,
	    best->name, w) < 0)
		return SMK_HO_FATAL;
	*owner = best->name;
	h->n.done++;
	return SMK_HO_DONE;
}
