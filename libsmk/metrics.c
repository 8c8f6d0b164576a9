/* metrics.c — the one home of every number the reports show: DESIGN.md's metric definitions as SQL and arithmetic. */
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"

/*
 * Every tool that shows a rate or a count calls this module (handoff
 * feedback, campaign-report, joint-kpi), so a number means the same thing
 * wherever it is printed.  The rules, in DESIGN.md's words, and the
 * decisions where it is silent:
 *
 * - Reaching a stage: a move reaches every stage between the one it left
 *   and the one it entered, so a lead that skipped a stage counts as
 *   having reached it at the time of the move.  A move out of recycled or
 *   disqualified starts again from lead.  A move to lost reached sql (a
 *   deal is lost after it was an opportunity) but not won.
 * - A lead's source campaign (the first touch): the campaign of its
 *   earliest touch that names one, else the lead's own campaign field;
 *   leads without either (sales-sourced ones) have none.  Counts of leads
 *   and stages, sourced pipeline and sourced revenue go to it, so they add
 *   up across campaigns to the totals.
 * - The campaign that made a lead an MQL (the lead-creation touch): the
 *   last touch naming a campaign at or before the move to mql, else the
 *   lead's campaign field.  Sales' answers to an MQL (acceptance,
 *   rejection reasons) are judged against it.
 * - Period counts: the leads that reached a stage in the period (each
 *   lead once per stage), and events dated after the as-of time are not
 *   seen.  Cohort rates: of the MQLs of the period, those whose first
 *   answer by Sales came by the as-of time; a campaign's top rejection
 *   reason is the commonest among those answers (ties: the code listed
 *   first).  The rejections listing counts every Sales rejection (mql or
 *   sal to recycled or disqualified) dated in the period.
 */

/* Ranks for "reached": from-stages (recycled and disqualified start over
 * at lead) and to-stages (lost reached sql, not won). */
#define RANK_FROM "CASE e.from_stage WHEN 'mql' THEN 1 WHEN 'sal' THEN 2 " \
	"WHEN 'sql' THEN 3 ELSE 0 END"
#define RANK_TO "CASE e.to_stage WHEN 'mql' THEN 1 WHEN 'sal' THEN 2 " \
	"WHEN 'sql' THEN 3 WHEN 'won' THEN 4 WHEN 'lost' THEN 3 ELSE 0 END"
/* The source campaign of lead id (an SQL expression). */
#define SOURCE_OF(id) "coalesce((SELECT t.campaign FROM touches t WHERE " \
	"t.lead_id = " id " AND t.campaign IS NOT NULL ORDER BY t.at, t.id " \
	"LIMIT 1), (SELECT x.campaign FROM leads x WHERE x.id = " id "))"
/* The campaign that made lead id an MQL at time at. */
#define MQL_CAMPAIGN_OF(id, at) "coalesce((SELECT t.campaign FROM touches t " \
	"WHERE t.lead_id = " id " AND t.at <= " at " AND t.campaign IS NOT " \
	"NULL ORDER BY t.at DESC, t.id DESC LIMIT 1), (SELECT x.campaign " \
	"FROM leads x WHERE x.id = " id "))"
/* Moves in [?1, ?2) not after ?3 that reach a stage, with the stages
 * they reach (rank 1 mql .. 4 won). */
#define HITS "WITH ev AS (SELECT e.id, e.lead_id, e.at, e.amount, " \
	RANK_FROM " AS rf, " RANK_TO " AS rt FROM stage_events e " \
	"WHERE e.to_stage IN ('mql', 'sal', 'sql', 'won', 'lost') " \
	"AND e.at >= ?1 AND e.at < ?2 AND e.at <= ?3), " \
	"st (r) AS (VALUES (1), (2), (3), (4)), " \
	"hit AS (SELECT ev.id, ev.lead_id, ev.at, ev.amount, st.r FROM ev " \
	"JOIN st ON ev.rf < st.r AND st.r <= ev.rt) "

/* Leads reaching each stage, and the amounts of the moves reaching sql
 * (pipeline) and won (revenue), by source campaign. */
static const char sql_reached[] =
    HITS "SELECT " SOURCE_OF("h.lead_id") " AS c, h.r, "
    "count(DISTINCT h.lead_id), sum(h.amount) FROM hit h "
    "GROUP BY c, h.r ORDER BY c, h.r";
/* Influenced pipeline: each opportunity's amount once to every campaign
 * that touched the lead at or before it. */
static const char sql_influenced[] =
    HITS "SELECT c, sum(amount) FROM (SELECT DISTINCT h.id, h.amount, "
    "t.campaign AS c FROM hit h JOIN touches t ON t.lead_id = h.lead_id "
    "AND t.at <= h.at AND t.campaign IS NOT NULL WHERE h.r = 3) "
    "GROUP BY c ORDER BY c";
/* New leads (created in the period) by source campaign. */
static const char sql_new_leads[] =
    "SELECT " SOURCE_OF("l.id") " AS c, count(*) FROM leads l "
    "WHERE l.created_at >= ?1 AND l.created_at < ?2 AND l.created_at <= ?3 "
    "GROUP BY c ORDER BY c";
static const char sql_touches[] =
    "SELECT campaign, count(*) FROM touches WHERE at >= ?1 AND at < ?2 "
    "AND at <= ?3 AND campaign IS NOT NULL GROUP BY campaign "
    "ORDER BY campaign";
/* Each MQL of the period, the campaign that made it, and Sales' first
 * answer to it by ?3, if any. */
static const char sql_accept[] =
    "SELECT " MQL_CAMPAIGN_OF("e.lead_id", "e.at") " AS c, r.to_stage, "
    "r.reason FROM stage_events e "
    "LEFT JOIN stage_events r ON r.id = (SELECT min(x.id) FROM "
    "stage_events x WHERE x.lead_id = e.lead_id AND x.id > e.id "
    "AND x.from_stage = 'mql' AND x.at <= ?3) "
    "WHERE e.to_stage = 'mql' AND e.at >= ?1 AND e.at < ?2 AND e.at <= ?3 "
    "ORDER BY c";
/* Rejections by Sales in the period, by the campaign that made the MQL
 * (the touch before the rejection, the same rule), reason and outcome. */
static const char sql_rejections[] =
    "SELECT " MQL_CAMPAIGN_OF("r.lead_id", "r.at") " AS c, r.reason, "
    "r.to_stage, count(*) FROM stage_events r "
    "WHERE r.to_stage IN ('recycled', 'disqualified') "
    "AND r.from_stage IN ('mql', 'sal') AND r.at >= ?1 AND r.at < ?2 "
    "AND r.at <= ?3 GROUP BY c, r.reason, r.to_stage "
    "ORDER BY c, 4 DESC, r.reason";

/* Sales notes of the period, with the campaign that made the lead an
 * MQL as of the note (the same rule). */
static const char sql_notes[] =
    "SELECT n.at, l.key, " MQL_CAMPAIGN_OF("n.lead_id", "n.at") ", "
    "l.owner, n.actor, n.note FROM notes n JOIN leads l ON l.id = n.lead_id "
    "WHERE n.at >= ?1 AND n.at < ?2 AND n.at <= ?3 ORDER BY n.at, n.id";

/* ------------------------------------------------------------- sets */

void
smk_mx_free(struct smk_mx_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->c[i].key);
	free(s->c);
	memset(s, 0, sizeof(*s));
}

/* NULL sorts first, as SQL's ORDER BY does. */
static int
keycmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

struct smk_mx_campaign *
smk_mx_get(struct smk_mx_set *s, const char *key)
{
	size_t lo = 0, hi = s->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = keycmp(s->c[mid].key, key);
		if (c == 0)
			return &s->c[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->c = smk_xrealloc(s->c, s->cap * sizeof(*s->c));
	}
	memmove(&s->c[lo + 1], &s->c[lo], (s->n - lo) * sizeof(*s->c));
	memset(&s->c[lo], 0, sizeof(*s->c));
	s->c[lo].key = key != NULL ? smk_xstrdup(key) : NULL;
	s->n++;
	return &s->c[lo];
}

/* ---------------------------------------------------------- queries */

struct q {
	struct smk_mx_set *s;
};

static int
reached_row(void *ctx, const struct smk_row *row)
{
	struct smk_mx_campaign *c = smk_mx_get(ctx, smk_row_text(row, 0));
	long n = (long)smk_row_int(row, 2);
	int64_t sum = smk_row_int(row, 3);

	switch (smk_row_int(row, 1)) {
	case 1: c->mql = n; break;
	case 2: c->sal = n; break;
	case 3: c->sql = n; c->pipeline = sum; break;
	case 4: c->won = n; c->revenue = sum; break;
	default: break;
	}
	return 0;
}

static int
influenced_row(void *ctx, const struct smk_row *row)
{
	smk_mx_get(ctx, smk_row_text(row, 0))->influenced = smk_row_int(row,
	    1);
	return 0;
}

static int
new_leads_row(void *ctx, const struct smk_row *row)
{
	smk_mx_get(ctx, smk_row_text(row, 0))->leads =
	    (long)smk_row_int(row, 1);
	return 0;
}

static int
touches_row(void *ctx, const struct smk_row *row)
{
	smk_mx_get(ctx, smk_row_text(row, 0))->touches =
	    (long)smk_row_int(row, 1);
	return 0;
}

int
smk_mx_reason_index(const char *reason)
{
	int i;

	for (i = 0; reason != NULL && smk_reason_codes[i] != NULL; i++)
		if (strcmp(reason, smk_reason_codes[i]) == 0)
			return i;
	return SMK_MX_NREASONS - 1;
}

static int
accept_row(void *ctx, const struct smk_row *row)
{
	struct smk_mx_campaign *c = smk_mx_get(ctx, smk_row_text(row, 0));
	const char *resp = smk_row_text(row, 1);
	int st = resp != NULL ? smk_stage_lookup(resp) : -1;

	c->cohort++;
	if (st < 0)
		c->pending++;
	else if (st == SMK_ST_RECYCLED || st == SMK_ST_DISQUALIFIED) {
		c->rejected++;
		c->reasons[smk_mx_reason_index(smk_row_text(row, 2))]++;
	} else
		c->accepted++;   /* sal or further: a skip counts as reached */
	return 0;
}

int
smk_mx_acceptance(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_set *s, struct smk_err *err)
{
	return smk_db_select(db, sql_accept, accept_row, s, err, "iii",
	    p->from, p->to, as_of) < 0 ? -1 : 0;
}

int
smk_mx_rejections(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int (*cb)(void *ctx, const struct smk_row *row),
    void *ctx, struct smk_err *err)
{
	return smk_db_select(db, sql_rejections, cb, ctx, err, "iii", p->from,
	    p->to, as_of) < 0 ? -1 : 0;
}

int
smk_mx_notes(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    int (*cb)(void *ctx, const struct smk_row *row), void *ctx,
    struct smk_err *err)
{
	return smk_db_select(db, sql_notes, cb, ctx, err, "iii", p->from,
	    p->to, as_of) < 0 ? -1 : 0;
}

int
smk_mx_campaigns(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_set *s, struct smk_err *err)
{
	if (smk_db_select(db, sql_reached, reached_row, s, err, "iii",
	    p->from, p->to, as_of) < 0 ||
	    smk_db_select(db, sql_influenced, influenced_row, s, err, "iii",
	    p->from, p->to, as_of) < 0 ||
	    smk_db_select(db, sql_new_leads, new_leads_row, s, err, "iii",
	    p->from, p->to, as_of) < 0 ||
	    smk_db_select(db, sql_touches, touches_row, s, err, "iii",
	    p->from, p->to, as_of) < 0)
		return -1;
	return smk_mx_acceptance(db, p, as_of, s, err);
}

const char *
smk_mx_top_reason(const struct smk_mx_campaign *c)
{
	const char *top = NULL;
	long best = 0;
	int i;

	/* ties go to the code listed first */
	for (i = 0; i < SMK_MX_NREASONS - 1; i++)
		if (c->reasons[i] > best) {
			best = c->reasons[i];
			top = smk_reason_codes[i];
		}
	return top;
}

int
smk_mx_ratio(int64_t num, int64_t den, double *out)
{
	if (den == 0)
		return -1;
	*out = (double)num / (double)den;
	return 0;
}
