/* lists.c — handoff's listings: the queue, SLA breaches, a lead's history, feedback. */
#include <stdlib.h>
#include <string.h>

#include "sla.h"
#include "smk_int.h"

/*
 * The SQL of the listings.  Each is served by an index: leads(stage,
 * stage_at) and leads(owner, stage) for the queue, stage_events(to_stage,
 * at) for periods, stage_events(lead_id, at) and touches(lead_id, ...)
 * for the per-lead subqueries, so one owner or one week stays fast on a
 * database of a million leads.
 */
static const char sql_queue_now[] =
    "SELECT l.key, l.owner, l.campaign, l.score, l.stage_at FROM leads l "
    "WHERE l.stage = 'mql' ORDER BY l.stage_at, l.id";
static const char sql_queue_now_owner[] =
    "SELECT l.key, l.owner, l.campaign, l.score, l.stage_at FROM leads l "
    "WHERE l.owner = ?1 AND l.stage = 'mql' ORDER BY l.stage_at, l.id";
/* As of a past time: the leads whose last event by then entered mql,
 * the last being the greatest id dated by ?1 (the rule of a look-up of
 * later events, x.id > e.id, for every move to mql, which took twice as
 * long on a million leads: 0.84 s against 0.43 s).  SQLite takes the
 * bare columns of a max() group from that row, so this is one read of
 * the index stage_events_lead in lead order.  Not in the subset
 * PostgreSQL shares (DESIGN.md): there it is SELECT DISTINCT ON
 * (lead_id) ... ORDER BY lead_id, id DESC, the one query a second
 * backend would write differently. */
static const char sql_queue_asof[] =
    "SELECT l.key, l.owner, l.campaign, l.score, e.at FROM (SELECT "
    "lead_id, max(id), at, to_stage FROM stage_events WHERE at <= ?1 "
    "GROUP BY lead_id HAVING to_stage = 'mql') e "
    "JOIN leads l ON l.id = e.lead_id WHERE ?2 IS NULL OR l.owner = ?2 "
    "ORDER BY e.at, l.id";
/* MQL windows opened in [?1, ?2) and the first move out of them. */
static const char sql_windows[] =
    "SELECT l.key, l.owner, l.campaign, e.at, "
    "(SELECT min(r.at) FROM stage_events r WHERE r.lead_id = e.lead_id "
    "AND r.id > e.id AND r.from_stage = 'mql') "
    "FROM stage_events e JOIN leads l ON l.id = e.lead_id "
    "WHERE e.to_stage = 'mql' AND e.at >= ?1 AND e.at < ?2 "
    "AND (?3 IS NULL OR l.owner = ?3) ORDER BY e.at, l.id";
static const char sql_history[] =
    "SELECT at, 1, from_stage, to_stage, NULL, NULL, amount, reason, note, "
    "actor, id FROM stage_events WHERE lead_id = ?1 AND at <= ?2 "
    "UNION ALL SELECT at, 2, NULL, NULL, owner, NULL, NULL, NULL, NULL, "
    "actor, id FROM owner_events WHERE lead_id = ?1 AND at <= ?2 "
    "UNION ALL SELECT at, 3, NULL, NULL, NULL, NULL, NULL, NULL, note, "
    "actor, id FROM notes WHERE lead_id = ?1 AND at <= ?2 "
    "UNION ALL SELECT t.at, 0, NULL, NULL, NULL, t.campaign, NULL, NULL, "
    "t.source, b.actor, t.id FROM touches t LEFT JOIN batches b "
    "ON b.id = t.batch_id WHERE t.lead_id = ?1 AND t.at <= ?2 "
    "ORDER BY 1, 2, 11";
/* ------------------------------------------------------------ helpers */

int
smk_config_check(const char *name, const char *value, struct smk_err *err)
{
	struct smk_sla s;
	const char *why = NULL;
	char *end;
	double v;

	smk_sla_init(&s, 0);
	if (strcmp(name, "sla_hours") == 0) {
		v = strtod(value, &end);
		if (*value == '\0' || *end != '\0')
			why = "not a number of hours";
		else if (!(v > 0) || v > 24 * 366)
			why = "must be more than 0 and at most a year";
	} else if (strcmp(name, "sla_business_hours") == 0) {
		if (*value != '\0')
			smk_sla_parse_hours(&s, value, &why);
	} else if (strcmp(name, "sla_weekdays") == 0) {
		if (*value != '\0')
			smk_sla_parse_weekdays(&s, value, &why);
	} else {
		why = "unknown setting";
	}
	if (why != NULL)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, name,
		    "'%s': %s", value, why);
	return 0;
}

/* The SLA clock from the options (NULL: not given), else the database
 * settings. */
int
smk_sla_conf(struct smk_db *db, const char *sla_hours,
    const char *business_hours, const char *weekdays, struct smk_sla *s,
    struct smk_err *err)
{
	char *hours = NULL, *bh = NULL, *wd = NULL;
	const char *h, *b, *w, *why;
	int r = -1;

	memset(s, 0, sizeof(*s));
	if ((sla_hours == NULL && smk_db_setting_get(db, "sla_hours",
	    &hours, err) < 0) ||
	    (business_hours == NULL && smk_db_setting_get(db,
	    "sla_business_hours", &bh, err) < 0) ||
	    (weekdays == NULL && smk_db_setting_get(db, "sla_weekdays",
	    &wd, err) < 0))
		goto done;
	h = sla_hours ? sla_hours : hours ? hours : "24";
	b = business_hours ? business_hours : bh;
	w = weekdays ? weekdays : wd;
	if (smk_config_check("sla_hours", h, err) < 0)
		goto done;
	s->seconds = (int64_t)(strtod(h, NULL) * 3600 + 0.5);
	if (b != NULL && *b != '\0') {
		s->business = 1;
		if (smk_sla_parse_hours(s, b, &why) < 0) {
			smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, NULL,
			    "business hours '%s': %s", b, why);
			goto done;
		}
		if (smk_sla_parse_weekdays(s, w && *w ? w : "mon-fri",
		    &why) < 0) {
			smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, NULL,
			    "weekdays '%s': %s", w, why);
			goto done;
		}
	} else if (w != NULL && *w != '\0' && weekdays != NULL) {
		smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, NULL,
		    "--weekdays needs --business-hours");
		goto done;
	}
	r = 0;
done:
	free(hours);
	free(bh);
	free(wd);
	return r;
}

static void
fmt_time(int64_t t, char buf[32])
{
	smk_time_format_local(t, buf);
}

/* Hours with one decimal, e.g. "-3.5". */
static void
fmt_hours(int64_t secs, char buf[32])
{
	long tenths = (long)((secs < 0 ? secs - 180 : secs + 180) / 360);

	snprintf(buf, 32, "%s%ld.%ld", tenths < 0 ? "-" : "",
	    labs(tenths) / 10, labs(tenths) % 10);
}

static const char *
txt(const struct smk_row *row, int i)
{
	return smk_row_text(row, i);
}

/* -------------------------------------------------------------- queue */

struct queue_ctx {
	const struct smk_list_opts *o;
	const struct smk_listing *out;
	struct smk_sla sla;
	long n;
	int sla_mode;     /* listing breaches for smk_list_sla */
};

static int
queue_row(void *ctx, const struct smk_row *row)
{
	struct queue_ctx *q = ctx;
	int64_t mql_at = smk_row_int(row, 4);
	int64_t due = smk_sla_deadline(&q->sla, mql_at);
	int breached = due < q->o->as_of;
	char at[32], dues[32], left[32], score[32], late[32];
	const char *cells[9];

	if ((q->o->breached || q->sla_mode) && !breached)
		return 0;
	fmt_time(mql_at, at);
	fmt_time(due, dues);
	if (q->sla_mode) {
		fmt_hours(smk_sla_elapsed(&q->sla, due, q->o->as_of), late);
		cells[0] = txt(row, 0);
		cells[1] = txt(row, 1);
		cells[2] = txt(row, 2);
		cells[3] = at;
		cells[4] = dues;
		cells[5] = NULL;
		cells[6] = late;
		cells[7] = "open";
	} else {
		/* hours left on the SLA clock; negative once breached */
		if (breached)
			fmt_hours(-smk_sla_elapsed(&q->sla, due, q->o->as_of),
			    left);
		else
			fmt_hours(smk_sla_elapsed(&q->sla, q->o->as_of, due),
			    left);
		snprintf(score, sizeof(score), "%lld",
		    (long long)smk_row_int(row, 3));
		cells[0] = txt(row, 0);
		cells[1] = txt(row, 1);
		cells[2] = txt(row, 2);
		cells[3] = score;
		cells[4] = at;
		cells[5] = dues;
		cells[6] = left;
		cells[7] = breached ? "breached" : "ok";
	}
	q->out->row(q->out->ctx, cells);
	q->n++;
	return 0;
}

/* The MQLs waiting at as_of, through queue_row. */
static int
open_mqls(struct smk_db *db, struct queue_ctx *q, struct smk_err *err)
{
	if (!q->o->as_of_given || q->o->as_of >= smk_time_now()) {
		if (q->o->owner != NULL)
			return smk_db_select(db, sql_queue_now_owner,
			    queue_row, q, err, "t", q->o->owner);
		return smk_db_select(db, sql_queue_now, queue_row, q, err,
		    "");
	}
	return smk_db_select(db, sql_queue_asof, queue_row, q, err, "it",
	    q->o->as_of, q->o->owner);
}

long
smk_list_queue(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err)
{
	static const char *const names[] = { "key", "owner", "campaign",
	    "score", "mql_at", "due_at", "hours_left", "sla" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_NUM, SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_NUM, SMK_COL_TEXT };
	struct queue_ctx q;

	memset(&q, 0, sizeof(q));
	q.o = o;
	q.out = out;
	if (smk_sla_conf(db, o->sla_hours, o->business_hours,
	    o->weekdays, &q.sla, err) < 0)
		return -1;
	out->begin(out->ctx, 8, names, types);
	if (open_mqls(db, &q, err) < 0)
		return -1;
	return q.n;
}

/* ---------------------------------------------------------------- sla */

static int
late_row(void *ctx, const struct smk_row *row)
{
	struct queue_ctx *q = ctx;
	int64_t mql_at = smk_row_int(row, 3), resp, due;
	char at[32], dues[32], resps[32], late[32];
	const char *cells[8];

	/* open windows are listed by open_mqls(); here only the answered */
	if (smk_row_isnull(row, 4) || (resp = smk_row_int(row, 4)) >
	    q->o->as_of)
		return 0;
	due = smk_sla_deadline(&q->sla, mql_at);
	if (resp <= due)
		return 0;
	fmt_time(mql_at, at);
	fmt_time(due, dues);
	fmt_time(resp, resps);
	fmt_hours(smk_sla_elapsed(&q->sla, due, resp), late);
	cells[0] = txt(row, 0);
	cells[1] = txt(row, 1);
	cells[2] = txt(row, 2);
	cells[3] = at;
	cells[4] = dues;
	cells[5] = resps;
	cells[6] = late;
	cells[7] = "late";
	q->out->row(q->out->ctx, cells);
	q->n++;
	return 0;
}

long
smk_list_sla(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err)
{
	static const char *const names[] = { "key", "owner", "campaign",
	    "mql_at", "due_at", "responded_at", "hours_late", "state" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_NUM, SMK_COL_TEXT };
	struct queue_ctx q;

	memset(&q, 0, sizeof(q));
	q.o = o;
	q.out = out;
	q.sla_mode = 1;
	if (smk_sla_conf(db, o->sla_hours, o->business_hours,
	    o->weekdays, &q.sla, err) < 0)
		return -1;
	out->begin(out->ctx, 8, names, types);
	/* every MQL still waiting past its deadline, whatever its age ... */
	if (open_mqls(db, &q, err) < 0)
		return -1;
	/* ... and the MQLs of the period that were answered late */
	if (smk_db_select(db, sql_windows, late_row, &q, err, "iit",
	    o->period.from, o->period.to, o->owner) < 0)
		return -1;
	return q.n;
}

/* ------------------------------------------------------------ history */

struct hist_ctx {
	const struct smk_listing *out;
	long n;
};

static int
hist_row(void *ctx, const struct smk_row *row)
{
	static const char *const kinds[] = { "touch", "stage", "owner",
	    "note" };
	struct hist_ctx *hc = ctx;
	char at[32], amount[32];
	const char *cells[10];
	int64_t kind = smk_row_int(row, 1);

	fmt_time(smk_row_int(row, 0), at);
	cells[0] = at;
	cells[1] = kind >= 0 && kind <= 3 ? kinds[kind] : "?";
	cells[2] = txt(row, 2);
	cells[3] = txt(row, 3);
	cells[4] = txt(row, 4);
	cells[5] = txt(row, 5);
	if (smk_row_isnull(row, 6)) {
		cells[6] = NULL;
	} else {
		smk_money_format(smk_row_int(row, 6), amount);
		cells[6] = amount;
	}
	cells[7] = txt(row, 7);
	cells[8] = txt(row, 8);
	cells[9] = txt(row, 9);
	hc->out->row(hc->out->ctx, cells);
	hc->n++;
	return 0;
}

long
smk_list_history(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err)
{
	static const char *const names[] = { "time", "event", "from", "to",
	    "owner", "campaign", "amount", "reason", "note", "actor" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_NUM, SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT };
	struct smk_lead l;
	struct hist_ctx hc;
	int r;

	memset(&l, 0, sizeof(l));
	r = smk_db_lead_find(db, o->ref, 1, &l, err);
	if (r == 0)
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "no such lead: %s", o->ref);
	if (r <= 0 || r == 2)
		return -1;
	hc.out = out;
	hc.n = 0;
	out->begin(out->ctx, 10, names, types);
	r = smk_db_select(db, sql_history, hist_row, &hc, err, "ii", l.id,
	    o->as_of);
	smk_lead_clear(&l);
	return r < 0 ? -1 : hc.n;
}

/* ----------------------------------------------------------- feedback */

/* Campaign NULL (leads with none) as the listings show it. */
static const char *
campaign_cell(const char *c)
{
	return c != NULL ? c : "(none)";
}

struct fb_ctx {
	const struct smk_listing *out;
	long n;
	int view;
};

static int
fb_plain_row(void *ctx, const struct smk_row *row)
{
	struct fb_ctx *f = ctx;
	const char *cells[6];
	char at[32], count[24];

	if (f->view == SMK_FB_REASONS) {
		/* campaign, reason, outcome, count */
		snprintf(count, sizeof(count), "%lld",
		    (long long)smk_row_int(row, 3));
		cells[0] = campaign_cell(txt(row, 0));
		cells[1] = txt(row, 1);
		cells[2] = txt(row, 2);
		cells[3] = count;
	} else {
		fmt_time(smk_row_int(row, 0), at);
		cells[0] = at;
		cells[1] = txt(row, 1);
		cells[2] = campaign_cell(txt(row, 2));
		cells[3] = txt(row, 3);
		cells[4] = txt(row, 4);
		cells[5] = txt(row, 5);
	}
	f->out->row(f->out->ctx, cells);
	f->n++;
	return 0;
}

/* One row per campaign of the acceptance cohort (metrics.c). */
static long
fb_campaigns(const struct smk_mx_set *s, const struct smk_listing *out)
{
	char mql[24], acc[24], rej[24], pend[24], rate[24];
	const char *cells[7];
	const struct smk_mx_campaign *c;
	double r;
	size_t i;
	long n = 0;

	for (i = 0; i < s->n; i++) {
		c = &s->c[i];
		if (c->cohort == 0)
			continue;
		snprintf(mql, sizeof(mql), "%ld", c->cohort);
		snprintf(acc, sizeof(acc), "%ld", c->accepted);
		snprintf(rej, sizeof(rej), "%ld", c->rejected);
		snprintf(pend, sizeof(pend), "%ld", c->pending);
		if (smk_mx_ratio(c->accepted, c->cohort, &r) < 0)
			r = 0;
		snprintf(rate, sizeof(rate), "%.3f", r);
		cells[0] = campaign_cell(c->key);
		cells[1] = mql;
		cells[2] = acc;
		cells[3] = rej;
		cells[4] = pend;
		cells[5] = rate;
		cells[6] = smk_mx_top_reason(c);
		out->row(out->ctx, cells);
		n++;
	}
	return n;
}

long
smk_list_feedback(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err)
{
	static const char *const cnames[] = { "campaign", "mql", "accepted",
	    "rejected", "pending", "acceptance_rate", "top_reason" };
	static const int ctypes[] = { SMK_COL_TEXT, SMK_COL_NUM, SMK_COL_NUM,
	    SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_TEXT };
	static const char *const rnames[] = { "campaign", "reason", "outcome",
	    "count" };
	static const int rtypes[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_NUM };
	static const char *const nnames[] = { "time", "key", "campaign",
	    "owner", "actor", "note" };
	static const int ntypes[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT };
	struct smk_mx_set set = { 0 };
	struct fb_ctx f;
	int r;

	memset(&f, 0, sizeof(f));
	f.out = out;
	f.view = o->view;
	switch (o->view) {
	case SMK_FB_REASONS:
		out->begin(out->ctx, 4, rnames, rtypes);
		r = smk_mx_rejections(db, &o->period, o->as_of, fb_plain_row,
		    &f, err);
		break;
	case SMK_FB_NOTES:
		out->begin(out->ctx, 6, nnames, ntypes);
		r = smk_mx_notes(db, &o->period, o->as_of, fb_plain_row, &f,
		    err);
		break;
	default:
		out->begin(out->ctx, 7, cnames, ctypes);
		r = smk_mx_acceptance(db, &o->period, o->as_of, 1, &set, err);
		if (r == 0)
			f.n = fb_campaigns(&set, out);
		smk_mx_free(&set);
		break;
	}
	return r < 0 ? -1 : f.n;
}
