/* metrics.c — the one home of every number the reports show: DESIGN.md's metric definitions as SQL and arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sla.h"
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
 *   seen.  Cohort rates: of the moves reaching mql in the period (each
 *   an MQL handed to Sales; one that went past mql at once was accepted
 *   by that move), those whose first answer by Sales came by the as-of
 *   time; a campaign's top rejection
 *   reason is the commonest among those answers (ties: the code listed
 *   first).  The rejections listing counts every Sales rejection (mql or
 *   sal to recycled or disqualified) dated in the period.
 */

/* Ranks for "reached": from-stages (recycled and disqualified start over
 * at lead) and to-stages (lost reached sql, not won). */
#define RANK_FROM_OF(t) "CASE " t ".from_stage WHEN 'mql' THEN 1 " \
	"WHEN 'sal' THEN 2 WHEN 'sql' THEN 3 ELSE 0 END"
#define RANK_TO_OF(t) "CASE " t ".to_stage WHEN 'mql' THEN 1 WHEN 'sal' " \
	"THEN 2 WHEN 'sql' THEN 3 WHEN 'won' THEN 4 WHEN 'lost' THEN 3 " \
	"ELSE 0 END"
#define RANK_FROM RANK_FROM_OF("e")
#define RANK_TO RANK_TO_OF("e")
/* The two in SQL: a move that reaches mql (from below it, to it or
 * past it), and one that reaches sql; for the passes below, where a row
 * is read for every move, the ranks come from rank_from and rank_to. */
#define REACHES_MQL_OF(t) t ".from_stage NOT IN ('mql', 'sal', 'sql') " \
	"AND " t ".to_stage IN ('mql', 'sal', 'sql', 'won', 'lost')"
#define REACHES_SQL_OF(t) "(" t ".to_stage IN ('sql', 'won', 'lost') " \
	"AND " t ".from_stage <> 'sql')"
/* The campaign of lead id's first touch that names one. */
#define FIRST_CAMPAIGN(id) "(SELECT t.campaign FROM touches t WHERE " \
	"t.lead_id = " id " AND t.campaign IS NOT NULL ORDER BY t.at, t.id " \
	"LIMIT 1)"
/* The source campaign of lead id (an SQL expression). */
#define SOURCE_OF(id) "coalesce(" FIRST_CAMPAIGN(id) ", (SELECT x.campaign " \
	"FROM leads x WHERE x.id = " id "))"
/* 1 when lead l (an alias of leads) is marketing-sourced: not created
 * by Sales, and with a source campaign (SOURCE_OF is not NULL: a touch
 * or its own field names one); else 0.  Cheapest test first: the
 * lead's own field, then a touch. */
#define MARKETING(l) "(CASE WHEN " l ".sales_sourced <> 0 THEN 0 " \
	"WHEN " l ".campaign IS NOT NULL THEN 1 WHEN EXISTS (SELECT 1 FROM " \
	"touches t WHERE t.lead_id = " l ".id AND t.campaign IS NOT NULL) " \
	"THEN 1 ELSE 0 END)"
/* The campaign that made lead id an MQL at time at. */
#define MQL_CAMPAIGN_OF(id, at) "coalesce((SELECT t.campaign FROM touches t " \
	"WHERE t.lead_id = " id " AND t.at <= " at " AND t.campaign IS NOT " \
	"NULL ORDER BY t.at DESC, t.id DESC LIMIT 1), (SELECT x.campaign " \
	"FROM leads x WHERE x.id = " id "))"
/* Moves e in [?1, ?2), not after ?3, to one of the stages to (an SQL
 * list): each reaches the ranks above RANK_FROM up to RANK_TO (1 mql ..
 * 4 won).  Every move to mql .. lost reaches mql unless it left mql or
 * later; only moves to sql, won and lost can reach sql, only moves to
 * won reach won. */
#define MOVES(to) "e.to_stage IN " to " AND e.at >= ?1 AND e.at < ?2 " \
	"AND e.at <= ?3"
#define TO_MQL "('mql', 'sal', 'sql', 'won', 'lost')"
#define TO_SQL "('sql', 'won', 'lost')"
/*
 * Rows, not groups: each query hands its rows to C, which adds them up
 * per campaign (few, in a sorted set).  SQLite's GROUP BY and
 * count(DISTINCT) sort every row into a temporary b-tree, which took
 * five times the instructions of reading the rows (callgrind, a quarter
 * of 1M leads).
 */

/* Sales' first answer to a move e reaching mql, by ?3: the move itself
 * when it went past mql at once (a skip counts as accepted), else r, the
 * first move out of mql after it, joined by ANSWER_JOIN. */
#define ANSWER_JOIN "LEFT JOIN stage_events r ON r.id = CASE WHEN " \
	"e.to_stage = 'mql' THEN (SELECT min(x.id) FROM stage_events x " \
	"WHERE x.lead_id = e.lead_id AND x.id > e.id AND x.from_stage = " \
	"'mql' AND x.at <= ?3) END"
#define ANSWER "CASE WHEN e.to_stage <> 'mql' THEN e.to_stage ELSE " \
	"r.to_stage END, CASE WHEN e.to_stage <> 'mql' THEN e.reason ELSE " \
	"r.reason END"

/* Each move of the period that reaches a stage, with its lead's source
 * campaign (in lead order: moves_row counts a lead once per stage), and
 * for a move reaching mql the campaign that made the MQL and Sales'
 * answer: the stage counts and the acceptance cohort in one pass over
 * the moves. */
static const char sql_moves[] =
    "SELECT " SOURCE_OF("e.lead_id") ", e.lead_id, " RANK_FROM ", "
    RANK_TO ", e.amount, CASE WHEN " RANK_FROM " = 0 THEN "
    MQL_CAMPAIGN_OF("e.lead_id", "e.at") " END, " ANSWER " "
    "FROM stage_events e " ANSWER_JOIN " WHERE " MOVES(TO_MQL) " AND "
    RANK_FROM " < " RANK_TO " ORDER BY e.lead_id";
/* Influenced pipeline: each opportunity's amount once to every campaign
 * that touched the lead at or before it. */
static const char sql_influenced[] =
    "SELECT DISTINCT e.id, e.amount, t.campaign FROM stage_events e "
    "JOIN touches t ON t.lead_id = e.lead_id AND t.at <= e.at "
    "AND t.campaign IS NOT NULL WHERE " MOVES(TO_SQL) " AND " RANK_FROM
    " < 3";
/* The source campaign of each lead created in the period. */
static const char sql_new_leads[] =
    "SELECT coalesce(" FIRST_CAMPAIGN("l.id") ", l.campaign) FROM leads l "
    "WHERE l.created_at >= ?1 AND l.created_at < ?2 AND l.created_at <= ?3";
/* The touches of the period, with their campaign and channel: the
 * campaigns are walked from one to the next in touches_campaign
 * (campaign, at, channel), each read as the range of the period there,
 * so that no touch outside the period is read, nor any row of the
 * table.  (On a file not migrated to schema 4 the channel comes from the
 * table.) */
static const char sql_touches[] =
    "WITH RECURSIVE k (c) AS (SELECT min(campaign) FROM touches "
    "UNION ALL SELECT (SELECT min(t.campaign) FROM touches t "
    "WHERE t.campaign > k.c) FROM k WHERE k.c IS NOT NULL) "
    "SELECT t.campaign, t.channel FROM k JOIN touches t "
    "ON t.campaign = k.c AND t.at >= ?1 AND t.at < ?2 AND t.at <= ?3";
/* Each move reaching mql in the period, the campaign that made the MQL,
 * and Sales' answer (for handoff feedback; campaign-report has them
 * from sql_moves). */
static const char sql_accept[] =
    "SELECT " MQL_CAMPAIGN_OF("e.lead_id", "e.at") ", " ANSWER " "
    "FROM stage_events e " ANSWER_JOIN " WHERE " MOVES(TO_MQL) " AND "
    RANK_FROM " = 0";
/* The same without the campaign (its touch look-up is most of the
 * query's time): every answer under one key, NULL. */
static const char sql_accept_all[] =
    "SELECT NULL, " ANSWER " "
    "FROM stage_events e " ANSWER_JOIN " WHERE " MOVES(TO_MQL) " AND "
    RANK_FROM " = 0";
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

	for (i = 0; i < s->n; i++) {
		free(s->c[i].key);
		free(s->c[i].channel);
	}
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

/*
 * RANK_FROM_OF and RANK_TO_OF in C, for the paths and for the passes
 * that read every move of the file: a CASE on the stage's text per row
 * and column was a third of such a pass (sqlite3 shell, a million
 * leads' two million moves: 0.76 s with the ranks in SQL, 0.24 s
 * without).
 */
static int
rank_from(const char *s)
{
	int st = smk_stage_lookup(s);

	return st == SMK_ST_MQL ? 1 : st == SMK_ST_SAL ? 2 :
	    st == SMK_ST_SQL ? 3 : 0;
}

static int
rank_to(const char *s)
{
	int st = smk_stage_lookup(s);

	return st == SMK_ST_MQL ? 1 : st == SMK_ST_SAL ? 2 :
	    st == SMK_ST_SQL || st == SMK_ST_LOST ? 3 : st == SMK_ST_WON ?
	    4 : 0;
}

/*
 * A query's rows in lead order, a lead at a time: lead_rows_add gives
 * the slot for a row of lead, calling done(ctx) first when that row
 * starts another lead (the rows of the one before are all there);
 * lead_rows_end calls it for the last lead and frees.  Only one lead's
 * rows are kept, never the file's.
 */
struct lead_rows {
	void *m;                  /* the rows of lead, size bytes each */
	size_t n, cap, size;
	int64_t lead;
	void (*done)(void *ctx);
	void *ctx;
};

static void *
lead_rows_add(struct lead_rows *g, int64_t lead)
{
	if (g->n > 0 && lead != g->lead) {
		g->done(g->ctx);
		g->n = 0;
	}
	g->lead = lead;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->m = smk_xrealloc(g->m, g->cap * g->size);
	}
	return (char *)g->m + g->n++ * g->size;
}

/* flush: the query read every row (else the last lead's are dropped) */
static void
lead_rows_end(struct lead_rows *g, int flush)
{
	if (flush && g->n > 0)
		g->done(g->ctx);
	free(g->m);
	g->m = NULL;
	g->n = g->cap = 0;
}

/* The ranks a query's lead at hand was counted at (reach_new), for
 * queries in lead order: each lead's rows come together, so one byte
 * serves, where a set of the period's leads grew with them. */
struct lead_seen {
	int64_t lead;             /* -1 before the first row */
	unsigned char seen;
};

/* The byte of lead, cleared when it is not the one before. */
static unsigned char *
seen_of(struct lead_seen *ls, int64_t lead)
{
	if (lead != ls->lead) {
		ls->lead = lead;
		ls->seen = 0;
	}
	return &ls->seen;
}

struct moves {
	struct smk_mx_set *s;
	struct lead_seen seen;
};

static void accept_add(struct smk_mx_campaign *c, const char *answer,
    const char *reason);

/* The ranks (bit r) of a move reaching ranks (rf, rt] that its lead,
 * whose byte (struct lead_seen) is seen, had not reached by an earlier
 * move of the period: each lead counts once per stage. */
static unsigned
reach_new(unsigned char *seen, int64_t rf, int64_t rt)
{
	unsigned n = 0;
	int64_t r;

	for (r = rf + 1; r <= rt && r <= 4; r++)
		if (!(*seen & 1u << r)) {
			*seen |= (unsigned char)(1u << r);
			n |= 1u << r;
		}
	return n;
}

/* A move reaching ranks (from, to]: each lead once per stage, every
 * amount reaching sql (pipeline) and won (revenue); a move reaching mql
 * joins the acceptance cohort of the campaign that made the MQL. */
static int
moves_row(void *ctx, const struct smk_row *row)
{
	struct moves *mv = ctx;
	struct smk_mx_campaign *c = smk_mx_get(mv->s, smk_row_text(row, 0));
	unsigned char *seen = seen_of(&mv->seen, smk_row_int(row, 1));
	int64_t rf = smk_row_int(row, 2), rt = smk_row_int(row, 3);
	int64_t amount = smk_row_int(row, 4);   /* 0 for none */
	unsigned n = reach_new(seen, rf, rt);

	if (rf < 3 && rt >= 3)
		c->pipeline += amount;
	if (rt >= 4)
		c->revenue += amount;
	c->mql += (n >> 1) & 1;
	c->sal += (n >> 2) & 1;
	c->sql += (n >> 3) & 1;
	c->won += (n >> 4) & 1;
	if (rf == 0)
		accept_add(smk_mx_get(mv->s, smk_row_text(row, 5)),
		    smk_row_text(row, 6), smk_row_text(row, 7));
	return 0;
}

static int
influenced_row(void *ctx, const struct smk_row *row)
{
	smk_mx_get(ctx, smk_row_text(row, 2))->influenced += smk_row_int(row,
	    1);
	return 0;
}

static int
new_leads_row(void *ctx, const struct smk_row *row)
{
	smk_mx_get(ctx, smk_row_text(row, 0))->leads++;
	return 0;
}

/* Touches per campaign and channel, sorted by both (NULL first). */
struct chans {
	struct chan {
		char *campaign, *channel;
		long n;
	} *c;
	size_t n, cap;
	size_t last;             /* the pair of the row before */
};

static int
touches_row(void *ctx, const struct smk_row *row)
{
	struct chans *cs = ctx;
	const char *camp = smk_row_text(row, 0), *ch = smk_row_text(row, 1);
	size_t lo = 0, hi = cs->n, mid;
	int k;

	/* the rows come campaign by campaign, mostly by one channel */
	if (cs->last < cs->n && keycmp(cs->c[cs->last].channel, ch) == 0 &&
	    keycmp(cs->c[cs->last].campaign, camp) == 0) {
		cs->c[cs->last].n++;
		return 0;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((k = keycmp(cs->c[mid].campaign, camp)) == 0)
			k = keycmp(cs->c[mid].channel, ch);
		if (k == 0) {
			cs->c[mid].n++;
			cs->last = mid;
			return 0;
		}
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 64;
		cs->c = smk_xrealloc(cs->c, cs->cap * sizeof(*cs->c));
	}
	memmove(&cs->c[lo + 1], &cs->c[lo], (cs->n - lo) * sizeof(*cs->c));
	cs->c[lo].campaign = smk_xstrdup(camp);
	cs->c[lo].channel = ch != NULL ? smk_xstrdup(ch) : NULL;
	cs->c[lo].n = 1;
	cs->n++;
	cs->last = lo;
	return 0;
}

/* The touches per campaign, and the channel most of them came by (ties:
 * the first in order; none when no touch names one). */
static int
touches(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    struct smk_mx_set *s, struct smk_err *err)
{
	struct chans cs = { NULL, 0, 0, 0 };
	struct smk_mx_campaign *c;
	size_t i;
	int r;

	r = smk_db_select(db, sql_touches, touches_row, &cs, err, "iii",
	    p->from, p->to, as_of);
	for (i = 0; i < cs.n; i++) {
		if (r == 0) {
			c = smk_mx_get(s, cs.c[i].campaign);
			c->touches += cs.c[i].n;
			if (cs.c[i].channel != NULL &&
			    cs.c[i].n > c->channel_touches) {
				free(c->channel);
				c->channel = smk_xstrdup(cs.c[i].channel);
				c->channel_touches = cs.c[i].n;
			}
		}
		free(cs.c[i].campaign);
		free(cs.c[i].channel);
	}
	free(cs.c);
	return r < 0 ? -1 : 0;
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

/* An MQL of the period made by c, and Sales' answer (NULL: none yet). */
static void
accept_add(struct smk_mx_campaign *c, const char *answer, const char *reason)
{
	int st = answer != NULL ? smk_stage_lookup(answer) : -1;

	c->cohort++;
	if (st < 0)
		c->pending++;
	else if (st == SMK_ST_RECYCLED || st == SMK_ST_DISQUALIFIED) {
		c->rejected++;
		c->reasons[smk_mx_reason_index(reason)]++;
	} else
		c->accepted++;   /* sal or further: a skip counts as reached */
}

static int
accept_row(void *ctx, const struct smk_row *row)
{
	accept_add(smk_mx_get(ctx, smk_row_text(row, 0)), smk_row_text(row, 1),
	    smk_row_text(row, 2));
	return 0;
}

int
smk_mx_acceptance(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int by_campaign, struct smk_mx_set *s,
    struct smk_err *err)
{
	return smk_db_select(db, by_campaign ? sql_accept : sql_accept_all,
	    accept_row, s, err, "iii", p->from, p->to, as_of) < 0 ? -1 : 0;
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
	struct moves mv;
	int r;

	memset(&mv, 0, sizeof(mv));
	mv.s = s;
	mv.seen.lead = -1;
	r = smk_db_select(db, sql_moves, moves_row, &mv, err, "iii",
	    p->from, p->to, as_of);
	if (r < 0 ||
	    smk_db_select(db, sql_influenced, influenced_row, s, err, "iii",
	    p->from, p->to, as_of) < 0 ||
	    smk_db_select(db, sql_new_leads, new_leads_row, s, err, "iii",
	    p->from, p->to, as_of) < 0 ||
	    touches(db, p, as_of, s, err) < 0)
		return -1;
	return 0;
}

/*
 * The flow of a period without its campaigns (joint-kpi's scoreboard
 * and funnel, the brief): the moves of sql_moves, each with the ranks
 * its lead reached by it or a later move by ?3 (bit b - 2 for rank b,
 * 2 sal .. 4 won: the cohort rates, all pairs from one look-up per
 * move) and, for a move reaching sql, whether its lead is
 * marketing-sourced (the sourced share of pipeline).  The counts are
 * moves_row's rule, each lead once per stage; the cohort of rank a is
 * every move reaching it (a lead that reached mql twice in the period
 * was handed over twice).
 */
static const char sql_flow[] =
    "SELECT e.lead_id, " RANK_FROM ", " RANK_TO ", e.amount, "
    "(SELECT max(CASE WHEN " RANK_FROM_OF("x") " < 2 AND "
    RANK_TO_OF("x") " >= 2 THEN 1 ELSE 0 END) + 2 * max(CASE WHEN "
    RANK_FROM_OF("x") " < 3 AND " RANK_TO_OF("x") " >= 3 THEN 1 ELSE 0 "
    "END) + 4 * max(CASE WHEN x.to_stage = 'won' THEN 1 ELSE 0 END) "
    "FROM stage_events x WHERE x.lead_id = e.lead_id AND x.id >= e.id "
    "AND x.at <= ?3), CASE WHEN " RANK_FROM " < 3 AND " RANK_TO " >= 3 "
    "THEN (SELECT " MARKETING("l") " FROM leads l WHERE l.id = "
    "e.lead_id) END FROM stage_events e WHERE " MOVES(TO_MQL) " AND "
    RANK_FROM " < " RANK_TO " ORDER BY e.lead_id";
/* The leads created in the period (sql_new_leads, without campaigns). */
static const char sql_new_count[] =
    "SELECT count(*) FROM leads l WHERE l.created_at >= ?1 "
    "AND l.created_at < ?2 AND l.created_at <= ?3";

static int
one_int(void *ctx, const struct smk_row *row)
{
	*(int64_t *)ctx = smk_row_int(row, 0);
	return 0;
}

struct flow {
	struct smk_mx_flow *f;
	struct lead_seen seen;
};

/* A move of the period into f: ranks rf to rt, amount (0 for none),
 * later (the ranks its lead reached by it or after, bit b - 2 for rank
 * b), marketing (a marketing-sourced lead), seen the lead's byte. */
static void
flow_add(struct smk_mx_flow *f, unsigned char *seen, int64_t rf, int64_t rt,
    int64_t amount, unsigned later, int marketing)
{
	unsigned n = reach_new(seen, rf, rt);
	int64_t r, b;

	for (r = 1; r <= 4; r++)
		f->reached[r] += (n >> r) & 1;
	for (r = rf + 1; r <= rt && r <= 3; r++) {
		f->cohort[r]++;
		for (b = r + 1; b <= 4; b++)
			if (later & 1u << (b - 2))
				f->went_on[r][b]++;
	}
	if (rf < 3 && rt >= 3) {
		f->pipeline += amount;
		if (marketing)
			f->pipeline_marketing += amount;
	}
	if (rt >= 4)
		f->revenue += amount;
}

static int
flow_row(void *ctx, const struct smk_row *row)
{
	struct flow *fl = ctx;

	flow_add(fl->f, seen_of(&fl->seen, smk_row_int(row, 0)),
	    smk_row_int(row, 1), smk_row_int(row, 2), smk_row_int(row, 3),
	    (unsigned)smk_row_int(row, 4), smk_row_int(row, 5) != 0);
	return 0;
}

static int
flow_each(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    struct smk_mx_flow *f, struct smk_err *err)
{
	struct flow fl;
	int r;

	memset(f, 0, sizeof(*f));
	memset(&fl, 0, sizeof(fl));
	fl.f = f;
	fl.seen.lead = -1;
	r = smk_db_select(db, sql_flow, flow_row, &fl, err, "iii", p->from,
	    p->to, as_of);
	if (r < 0 || smk_db_select(db, sql_new_count, one_int, &f->leads, err,
	    "iii", p->from, p->to, as_of) < 0)
		return -1;
	return 0;
}

/*
 * The flows of several periods at once (the brief's ten, the
 * scoreboard's three), as sql_flow gives each.  Two plans, the same
 * numbers:
 *
 * - each: sql_flow once per period, a look-up of the lead's later moves
 *   for every move of the period (0.4 s for a quarter of a million
 *   leads' moves), sorted by lead (SQLite's sorter, in bounded memory)
 *   so that one byte counts each lead once per stage;
 * - pass: one read of every move by the as-of time, in lead order (the
 *   index stage_events_lead), where a move's later moves are the rows
 *   that follow it in id order: no look-up, and one lead's moves at a
 *   time.  It reads the whole index whatever the periods (0.5 s on a
 *   million leads), even the moves before the first period: the tools
 *   keep a lead's moves in time order now, but lead-import --stage
 *   once dated a move at an old row's time, after later ones by id,
 *   and sql_flow counts such a move among the later moves.
 *
 * A query per period costs in proportion to the moves of the periods, the
 * pass to the moves of the whole file plus a smaller share per move of
 * the periods; measured on a million leads over two years, the pass was
 * the faster once the periods (up to the as-of time) cover about an
 * eighth of the time since the first lead was created: it is taken from
 * FLOW_PASS_SHARE on (of two years' history, ten quarters, three
 * quarters or a year: the pass; a quarter, ten weeks, a month or a week:
 * a query each, the close cases near the line included).
 * SMK_FLOW_PLAN=pass or =each forces one (the tests compare them).
 */
#define FLOW_PASS_SHARE 0.15
static const char sql_flow_pass[] =
    "SELECT e.lead_id, e.id, e.at, e.from_stage, e.to_stage, CASE WHEN "
    "e.at >= ?1 AND e.at < ?2 AND (" REACHES_SQL_OF("e") " OR "
    "e.to_stage = 'won') THEN e.amount END, CASE WHEN e.at >= ?1 AND "
    "e.at < ?2 AND " REACHES_SQL_OF("e") " THEN (SELECT " MARKETING("l")
    " FROM leads l WHERE l.id = e.lead_id) END "
    "FROM stage_events e WHERE e.at <= ?3 ORDER BY e.lead_id, e.at";
static const char sql_first_lead[] = "SELECT min(created_at) FROM leads";

struct fmove {
	int64_t id, at, amount;
	unsigned char rf, rt, counted, marketing;
};
struct fpass {
	size_t n;
	const struct smk_period *p;
	struct smk_mx_flow *f;
	unsigned char *seen;      /* per period, for the lead at hand */
	struct lead_rows rows;    /* its moves (struct fmove) */
};

/* The ranks a lead reached by a move: bit b - 2 for rank b (the later
 * mask of sql_flow; rank 4 is won alone). */
static unsigned
flow_bits(int64_t rf, int64_t rt)
{
	return (rf < 2 && rt >= 2) | (rf < 3 && rt >= 3) << 1 |
	    (rt >= 4) << 2;
}

static void
flow_pass_lead(void *ctx)
{
	struct fpass *fp = ctx;
	struct fmove *mv = fp->rows.m;
	size_t nm = fp->rows.n, i, j, k;
	unsigned later = 0;

	/* the index gives moves at one time in stage order: put them in
	 * id order, sql_flow's "later" (an insertion sort: they are
	 * nearly always in order already, and a lead has few) */
	for (i = 1; i < nm; i++)
		for (j = i; j > 0 && mv[j - 1].id > mv[j].id; j--) {
			struct fmove t = mv[j];

			mv[j] = mv[j - 1];
			mv[j - 1] = t;
		}
	memset(fp->seen, 0, fp->n);
	/* from the last move back: later is what this move and those
	 * after it reached */
	for (i = nm; i-- > 0;) {
		const struct fmove *m = &mv[i];

		later |= flow_bits(m->rf, m->rt);
		if (!m->counted)
			continue;
		for (k = 0; k < fp->n; k++)
			if (m->at >= fp->p[k].from && m->at < fp->p[k].to)
				flow_add(&fp->f[k], &fp->seen[k], m->rf, m->rt,
				    m->amount, later, m->marketing);
	}
}

static int
flow_pass_row(void *ctx, const struct smk_row *row)
{
	struct fpass *fp = ctx;
	struct fmove *m = lead_rows_add(&fp->rows, smk_row_int(row, 0));

	m->id = smk_row_int(row, 1);
	m->at = smk_row_int(row, 2);
	m->rf = (unsigned char)rank_from(smk_row_text(row, 3));
	m->rt = (unsigned char)rank_to(smk_row_text(row, 4));
	/* sql_flow's moves: to mql or past it (TO_MQL), forward */
	m->counted = m->rt >= 1 && m->rf < m->rt;
	m->amount = smk_row_int(row, 5);
	m->marketing = smk_row_int(row, 6) != 0;
	return 0;
}

/* Whether one pass serves the periods better than a query each. */
static int
flow_plan_pass(struct smk_db *db, size_t n, const struct smk_period *p,
    int64_t as_of, struct smk_err *err)
{
	const char *plan = getenv("SMK_FLOW_PLAN");
	int64_t first = as_of, covered = 0, end;
	size_t i;

	if (plan != NULL && strcmp(plan, "pass") == 0)
		return 1;
	if (plan != NULL && strcmp(plan, "each") == 0)
		return 0;
	for (i = 0; i < n; i++) {
		end = p[i].to <= as_of ? p[i].to : as_of + 1;
		if (end > p[i].from)
			covered += end - p[i].from;
	}
	if (covered == 0)
		return 0;
	if (smk_db_select(db, sql_first_lead, one_int, &first, err, "") < 0)
		return -1;
	if (first >= as_of)
		return 0;
	return (double)covered >= FLOW_PASS_SHARE * (double)(as_of - first);
}

int
smk_mx_flows(struct smk_db *db, size_t n, const struct smk_period *p,
    int64_t as_of, struct smk_mx_flow *f, struct smk_err *err)
{
	struct fpass fp;
	int64_t lo, hi;
	size_t i;
	int r;

	if (n == 0)
		return 0;
	lo = p[0].from;
	hi = p[0].to;
	for (i = 1; i < n; i++) {
		if (p[i].from < lo)
			lo = p[i].from;
		if (p[i].to > hi)
			hi = p[i].to;
	}
	if ((r = flow_plan_pass(db, n, p, as_of, err)) < 0)
		return -1;
	if (r == 0) {
		for (i = 0; i < n; i++)
			if (flow_each(db, &p[i], as_of, &f[i], err) < 0)
				return -1;
		return 0;
	}
	memset(f, 0, n * sizeof(*f));
	memset(&fp, 0, sizeof(fp));
	fp.n = n;
	fp.p = p;
	fp.f = f;
	fp.seen = smk_xcalloc(n, 1);
	fp.rows.size = sizeof(struct fmove);
	fp.rows.done = flow_pass_lead;
	fp.rows.ctx = &fp;
	r = smk_db_select(db, sql_flow_pass, flow_pass_row, &fp, err, "iii",
	    lo, hi, as_of);
	lead_rows_end(&fp.rows, r >= 0);
	free(fp.seen);
	if (r < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (smk_db_select(db, sql_new_count, one_int, &f[i].leads, err,
		    "iii", p[i].from, p[i].to, as_of) < 0)
			return -1;
	return 0;
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

/* ------------------------------------------------------------ paths */

/*
 * The touch paths attribution credits (attrib.c does the arithmetic).
 * An outcome is a move reaching sql (pipeline) or won (revenue) in the
 * period, by the as-of time; its lead's path is its touches naming a
 * campaign up to the outcome, and the times at which the lead last
 * reached mql, sql and won at or before it (the same "reached" rule as
 * the counts).  The outcomes come sorted by lead (SQLite's sorter, in
 * bounded memory; a list of the period's leads sorted here was a few
 * percent faster but grew with them: 16 MB for a quarter of two million
 * leads), and each lead's path is read while the outer statement steps,
 * by other statements: smk_db_select caches a statement by its text's
 * address, so a query must never be run again from inside its own rows.
 */
static const char sql_outcomes_won[] =
    "SELECT e.lead_id, e.id, e.at, coalesce(e.amount, 0) "
    "FROM stage_events e WHERE " MOVES("('won')") " "
    "ORDER BY e.lead_id, e.at, e.id";
static const char sql_outcomes_sql[] =
    "SELECT e.lead_id, e.id, e.at, coalesce(e.amount, 0) "
    "FROM stage_events e WHERE " MOVES(TO_SQL) " AND " RANK_FROM " < 3 "
    "ORDER BY e.lead_id, e.at, e.id";
/* Index-only on touches_lead (lead_id, at, id, campaign). */
static const char sql_path_touches[] =
    "SELECT campaign, at FROM touches WHERE lead_id = ?1 AND at <= ?2 "
    "AND campaign IS NOT NULL ORDER BY at, id";
/* Index-only on stage_events_lead (lead_id, at, from_stage, to_stage).
 * Moves at one time may come in any order: path_event keeps times, and
 * theirs are the same. */
static const char sql_path_events[] =
    "SELECT from_stage, to_stage, at FROM stage_events e "
    "WHERE e.lead_id = ?1 AND e.at <= ?2 ORDER BY e.at";
/* The cohort: leads created in the period, with the first times they
 * reached sql and won by the as-of time (NULL: not reached).  The
 * stages are tested in the aggregate, not in the join, so that SQLite
 * reads each lead's few events once (stage_events_lead), never every won
 * move of the database (stage_events_to); grouped in the order the leads
 * are read (leads_created), so that nothing is sorted. */
static const char sql_cohort[] =
    "SELECT l.id, 0, min(CASE WHEN e.to_stage IN " TO_SQL " AND "
    RANK_FROM " < 3 THEN e.at END), min(CASE WHEN e.to_stage = 'won' "
    "THEN e.at END) FROM leads l LEFT JOIN stage_events e "
    "ON e.lead_id = l.id AND e.at <= ?3 "
    "WHERE l.created_at >= ?1 AND l.created_at < ?2 AND l.created_at <= ?3 "
    "GROUP BY l.created_at, l.id ORDER BY l.id";

struct pathb {
	struct smk_db *db;
	struct smk_mx_path p;
	struct smk_buf arena;
	size_t *off;             /* campaign offsets into arena */
	const char **camp;
	int64_t *at;
	size_t cap;
	struct smk_err *err;
};

static int
path_touch(void *ctx, const struct smk_row *row)
{
	struct pathb *b = ctx;
	const char *c = smk_row_text(row, 0);

	if (b->p.n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->off = smk_xrealloc(b->off, b->cap * sizeof(*b->off));
		b->camp = smk_xrealloc(b->camp, b->cap * sizeof(*b->camp));
		b->at = smk_xrealloc(b->at, b->cap * sizeof(*b->at));
	}
	b->off[b->p.n] = b->arena.len;
	smk_buf_add(&b->arena, c, strlen(c) + 1);
	b->at[b->p.n++] = smk_row_int(row, 1);
	return 0;
}

static int
path_event(void *ctx, const struct smk_row *row)
{
	struct pathb *b = ctx;
	int rf = rank_from(smk_row_text(row, 0));
	int rt = rank_to(smk_row_text(row, 1));
	int64_t at = smk_row_int(row, 2);

	/* the last time each stage was reached (RANK_FROM, RANK_TO) */
	if (rf < 1 && 1 <= rt)
		b->p.mql = at;
	if (rf < 3 && 3 <= rt)
		b->p.sql = at;
	if (rt == 4)
		b->p.won = at;
	return 0;
}

/* Reads lead's path up to until: its touches, and with stages the times
 * it last reached mql, sql and won. */
static int
path_read(struct pathb *b, int64_t lead, int64_t until, int stages)
{
	size_t i;

	b->p.lead_id = lead;
	b->p.n = 0;
	b->p.mql = b->p.sql = b->p.won = SMK_MX_NEVER;
	smk_buf_reset(&b->arena);
	if (smk_db_select(b->db, sql_path_touches, path_touch, b, b->err,
	    "ii", lead, until) < 0 ||
	    (stages && smk_db_select(b->db, sql_path_events, path_event, b,
	    b->err, "ii", lead, until) < 0))
		return -1;
	for (i = 0; i < b->p.n; i++)
		b->camp[i] = b->arena.s + b->off[i];
	b->p.campaign = b->camp;
	b->p.at = b->at;
	return 0;
}

static void
path_free(struct pathb *b)
{
	smk_buf_free(&b->arena);
	free(b->off);
	free(b->camp);
	free(b->at);
}

/*
 * The leads of a list in lead order, one at a time: an outcome (a, its
 * time; b, its amount) or a lead of the cohort (a and b, when it first
 * reached sql and won, or SMK_MX_NEVER), each with its path read.  The
 * queries sort by lead themselves (SQLite's sorter, in bounded memory):
 * a list kept here and sorted grew with the period's leads (16 MB for
 * the cohort of a quarter of two million leads).
 */
struct walk {
	struct pathb b;
	int64_t as_of;
	int stages;
	int cohort;               /* the list is sql_cohort's */
	int (*cb)(void *ctx, const struct smk_mx_path *p);
	void *ctx;
};

static int64_t
time_or_never(const struct smk_row *row, int i)
{
	return smk_row_isnull(row, i) ? SMK_MX_NEVER : smk_row_int(row, i);
}

static int
walk_row(void *ctx, const struct smk_row *row)
{
	struct walk *w = ctx;
	int64_t lead = smk_row_int(row, 0);
	int64_t a = time_or_never(row, 2), b = time_or_never(row, 3);

	if (!w->cohort) {
		if (path_read(&w->b, lead, a, w->stages) < 0)
			return -1;
		w->b.p.outcome = a;
		w->b.p.amount = b;
	} else {
		/* a lead that won: its path to the win (the path to sql is
		 * a part of it); the others to as_of */
		if (path_read(&w->b, lead, b != SMK_MX_NEVER ? b : w->as_of,
		    0) < 0)
			return -1;
		w->b.p.sql = a;
		w->b.p.won = b;
		w->b.p.outcome = SMK_MX_NEVER;
		w->b.p.amount = 0;
	}
	return w->cb(w->ctx, &w->b.p);
}

static int
walk(struct smk_db *db, const char *sqltext, const struct smk_period *p,
    struct walk *w, struct smk_err *err)
{
	int r;

	w->b.db = db;
	w->b.err = err;
	r = smk_db_select(db, sqltext, walk_row, w, err, "iii", p->from,
	    p->to, w->as_of);
	path_free(&w->b);
	return r;
}

int
smk_mx_outcome_paths(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int stage, int stages, int (*cb)(void *ctx,
    const struct smk_mx_path *p), void *ctx, struct smk_err *err)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.as_of = as_of;
	w.stages = stages;
	w.cb = cb;
	w.ctx = ctx;
	return walk(db, stage == SMK_ST_WON ? sql_outcomes_won :
	    sql_outcomes_sql, p, &w, err);
}

int
smk_mx_cohort_paths(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int (*cb)(void *ctx, const struct smk_mx_path *p),
    void *ctx, struct smk_err *err)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.as_of = as_of;
	w.cohort = 1;
	w.cb = cb;
	w.ctx = ctx;
	return walk(db, sql_cohort, p, &w, err);
}

/* ------------------------------------------------------------ spend */

/* Spend by campaign (channel spend: campaign '') on the local days of
 * [?1, ?2), days as YYYY-MM-DD. */
static const char sql_spend[] =
    "SELECT campaign, channel, sum(amount) FROM spend WHERE day >= ?1 "
    "AND day < ?2 GROUP BY campaign, channel ORDER BY campaign, channel";

/* The local day of the first local midnight at or after t. */
static void
day_from(int64_t t, char out[11])
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	if (tm.tm_hour != 0 || tm.tm_min != 0 || tm.tm_sec != 0) {
		tm.tm_mday++;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		tt = mktime(&tm);
		localtime_r(&tt, &tm);
	}
	strftime(out, 11, "%Y-%m-%d", &tm);
}

struct spend_ctx {
	struct smk_mx_set *campaigns, *channels;
};

static int
spend_row(void *ctx, const struct smk_row *row)
{
	struct spend_ctx *sc = ctx;
	const char *c = smk_row_text(row, 0), *ch = smk_row_text(row, 1);

	if (c != NULL && *c != '\0')
		smk_mx_get(sc->campaigns, c)->spend += smk_row_int(row, 2);
	else
		smk_mx_get(sc->channels, ch != NULL ? ch : "")->spend +=
		    smk_row_int(row, 2);
	return 0;
}

int
smk_mx_spend(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    struct smk_mx_set *campaigns, struct smk_mx_set *channels,
    struct smk_err *err)
{
	struct spend_ctx sc = { campaigns, channels };
	char from[11], to[11];
	int64_t end = as_of < p->to ? as_of + 1 : p->to;

	/* a day counts when it starts in the period, by the as-of time */
	day_from(p->from, from);
	day_from(end, to);
	return smk_db_select(db, sql_spend, spend_row, &sc, err, "tt", from,
	    to) < 0 ? -1 : 0;
}

/* --------------------------------------------------------------- KPIs */

/*
 * The joint KPIs of DESIGN.md ("Metric definitions").  Each is one query
 * over the period [?1, ?2) as the events stood at ?3.
 */

/* Deals closed in the period: won, lost. */
static const char sql_closed[] =
    "SELECT coalesce(sum(to_stage = 'won'), 0), "
    "coalesce(sum(to_stage = 'lost'), 0) FROM stage_events "
    "WHERE to_stage IN ('won', 'lost') AND at >= ?1 AND at < ?2 "
    "AND at <= ?3";
/* The MQL windows of the period (explicit moves to mql) and the first
 * answer to each by ?3. */
static const char sql_windows[] =
    "SELECT e.at, (SELECT min(r.at) FROM stage_events r WHERE "
    "r.lead_id = e.lead_id AND r.id > e.id AND r.from_stage = 'mql' "
    "AND r.at <= ?3) FROM stage_events e WHERE e.to_stage = 'mql' "
    "AND e.at >= ?1 AND e.at < ?2 AND e.at <= ?3";
/* Leads won in the period with the last time they reached mql before. */
static const char sql_cycles[] =
    "SELECT w.at, (SELECT max(e.at) FROM stage_events e WHERE "
    "e.lead_id = w.lead_id AND e.at <= w.at AND (" RANK_FROM ") < 1 "
    "AND (" RANK_TO ") >= 1) FROM stage_events w WHERE w.to_stage = "
    "'won' AND w.at >= ?1 AND w.at < ?2 AND w.at <= ?3";

static int
two_ints(void *ctx, const struct smk_row *row)
{
	int64_t *v = ctx;

	v[0] = smk_row_int(row, 0);
	v[1] = smk_row_int(row, 1);
	return 0;
}

int
smk_mx_closed(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    int64_t *won, int64_t *lost, struct smk_err *err)
{
	int64_t v[2] = { 0, 0 };

	if (smk_db_select(db, sql_closed, two_ints, v, err, "iii", p->from,
	    p->to, as_of) < 0)
		return -1;
	*won = v[0];
	*lost = v[1];
	return 0;
}

struct pairs {
	int64_t (*cb)(void *ctx, int64_t a, int64_t b, int b_null);
	struct smk_mx_dist *d;
	const struct smk_sla *sla;
	int64_t as_of;
	int64_t met, due, answered;
};

static int
window_row(void *ctx, const struct smk_row *row)
{
	struct pairs *pr = ctx;
	int64_t mql = smk_row_int(row, 0), due;
	int answered = !smk_row_isnull(row, 1);
	int64_t resp = smk_row_int(row, 1);

	due = smk_sla_deadline(pr->sla, mql);
	/* SLA compliance: the windows answered, or whose time is up */
	if (answered || due <= pr->as_of) {
		pr->due++;
		if (answered && resp <= due)
			pr->met++;
	}
	/* time to first response, hours on the SLA's own clock; a
	 * temporary file that failed stops the query */
	pr->answered += answered;
	if (answered && pr->d != NULL)
		return smk_mx_dist_add(pr->d, (double)smk_sla_elapsed(pr->sla,
		    mql, resp) / 3600.0) < 0;
	return 0;
}

int
smk_mx_response(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, const struct smk_sla *sla, int64_t *met, int64_t *due,
    int64_t *answered, struct smk_mx_dist *hours, struct smk_err *err)
{
	struct pairs pr;

	memset(&pr, 0, sizeof(pr));
	pr.d = hours;
	pr.sla = sla;
	pr.as_of = as_of;
	if (smk_db_select(db, sql_windows, window_row, &pr, err, "iii",
	    p->from, p->to, as_of) < 0 ||
	    (hours != NULL && smk_mx_dist_check(hours, 1, err) < 0))
		return -1;
	*met = pr.met;
	*due = pr.due;
	if (answered != NULL)
		*answered = pr.answered;
	return 0;
}

static int
cycle_row(void *ctx, const struct smk_row *row)
{
	struct smk_mx_dist *d = ctx;

	/* a deal that never was an MQL (sales-sourced, or straight to won)
	 * has no cycle to measure from mql */
	if (!smk_row_isnull(row, 1))
		return smk_mx_dist_add(d, (double)(smk_row_int(row, 0) -
		    smk_row_int(row, 1)) / 86400.0) < 0;
	return 0;
}

int
smk_mx_cycles(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    struct smk_mx_dist *days, struct smk_err *err)
{
	if (smk_db_select(db, sql_cycles, cycle_row, days, err, "iii",
	    p->from, p->to, as_of) < 0)
		return -1;
	return smk_mx_dist_check(days, 1, err);
}

/*
 * The weighted forecast at a moment: every open opportunity (a lead whose
 * last move by then went to sql) at its amount times the probability
 * that an opportunity is won, learned from this database's own deals
 * closed in the window before that moment: won / closed, where a deal
 * closed when it was won or lost (a move that skips sql reaches it) or
 * dropped (sql to recycled or disqualified: not won either).  Only sql
 * has a probability: a lead before it has no amount to weigh.
 */
/*
 * A move e to sql is an opportunity open at time t when it is its
 * lead's last move by t: e.at <= t and no move x of the lead after it
 * (x.id > e.id; a lead's events are in time order, handoff.c) has
 * x.at <= t.  So a move to sql is open from its time until the earliest
 * time of a later move of its lead (nx; none: still open), at every t
 * with at <= t < nx.  The query lists each move to sql by the last
 * moment ?1 with its amount, nx and whether the lead is
 * marketing-sourced (the forecast's split), and C sorts them into the
 * moments: one query for every moment asked, where a look-up of every
 * move to sql for each moment took a second a moment on a million
 * leads.  (Filtering on nx in SQL computed it once more per row.)
 */
static const char sql_open_spans[] =
    "SELECT e.at, e.amount, (SELECT min(x.at) FROM stage_events x "
    "WHERE x.lead_id = e.lead_id AND x.id > e.id), " MARKETING("l") " "
    "FROM stage_events e JOIN leads l ON l.id = e.lead_id "
    "WHERE e.to_stage = 'sql' AND e.at <= ?1";
/* The deals closed (won, lost, dropped from sql) in (?1, ?2], and
 * whether each was won: every moment's window from one range. */
static const char sql_closed_deals[] =
    "SELECT at, to_stage = 'won' FROM stage_events "
    "WHERE to_stage IN ('won', 'lost', 'recycled', 'disqualified') AND "
    "(to_stage IN ('won', 'lost') OR from_stage = 'sql') AND at > ?1 "
    "AND at <= ?2";

struct fc_pass {
	size_t n;
	const int64_t *at;
	int64_t window;
	struct smk_mx_forecast *f;
};

static int
open_span_row(void *ctx, const struct smk_row *row)
{
	struct fc_pass *fp = ctx;
	int64_t at = smk_row_int(row, 0), amount = smk_row_int(row, 1);
	int nx_none = smk_row_isnull(row, 2), mkt = smk_row_int(row, 3) != 0;
	int64_t nx = smk_row_int(row, 2);
	size_t i;

	for (i = 0; i < fp->n; i++) {
		struct smk_mx_forecast *f = &fp->f[i];

		if (at > fp->at[i] || (!nx_none && nx <= fp->at[i]))
			continue;
		f->open += amount;
		f->open_deals++;
		if (mkt) {
			f->open_marketing += amount;
			f->open_deals_marketing++;
		}
	}
	return 0;
}

static int
closed_deal_row(void *ctx, const struct smk_row *row)
{
	struct fc_pass *fp = ctx;
	int64_t at = smk_row_int(row, 0);
	int won = smk_row_int(row, 1) != 0;
	size_t i;

	for (i = 0; i < fp->n; i++)
		if (at > fp->at[i] - fp->window && at <= fp->at[i]) {
			fp->f[i].closed++;
			fp->f[i].won += won;
		}
	return 0;
}

/* amount x won / closed, rounded half up: exact in integers while they
 * hold the product (any real pipeline), in double beyond. */
static int64_t
weigh(int64_t amount, int64_t won, int64_t closed)
{
	if (amount >= 0 && (won == 0 || amount <= (INT64_MAX - closed) / 2 /
	    won))
		return (amount * won * 2 + closed) / (2 * closed);
	return (int64_t)((double)amount * (double)won / (double)closed +
	    0.5);
}

int
smk_mx_forecasts(struct smk_db *db, size_t n, const int64_t *at,
    int64_t window, struct smk_mx_forecast *f, struct smk_err *err)
{
	struct fc_pass fp = { n, at, window, f };
	int64_t lo, hi;
	size_t i;

	if (n == 0)
		return 0;
	memset(f, 0, n * sizeof(*f));
	lo = hi = at[0];
	for (i = 1; i < n; i++) {
		if (at[i] < lo)
			lo = at[i];
		if (at[i] > hi)
			hi = at[i];
	}
	if (smk_db_select(db, sql_open_spans, open_span_row, &fp, err, "i",
	    hi) < 0 ||
	    smk_db_select(db, sql_closed_deals, closed_deal_row, &fp, err,
	    "ii", lo - window, hi) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (f[i].closed == 0)
			continue;  /* no history: no probability, no forecast */
		f[i].p_won = (double)f[i].won / (double)f[i].closed;
		f[i].weighted = weigh(f[i].open, f[i].won, f[i].closed);
		f[i].weighted_marketing = weigh(f[i].open_marketing, f[i].won,
		    f[i].closed);
		f[i].known = 1;
	}
	return 0;
}

int
smk_mx_forecast(struct smk_db *db, int64_t at, int64_t window,
    struct smk_mx_forecast *f, struct smk_err *err)
{
	return smk_mx_forecasts(db, 1, &at, window, f, err);
}

/*
 * The usual time from reaching rank a to reaching rank b: the median, in
 * seconds, over the moves reaching b in the window before at (from the
 * last time the lead reached a before, by another move: one move that
 * skips from before a to b, mql straight to won, took no time between
 * the two and would only pull the usual time down to 0).  A cohort rate
 * from a to b whose period ended less than that before the as-of time is
 * immature.
 *
 * "The last time the lead reached a before" is the latest move a of the
 * lead, other than the move e itself, with a.at <= e.at.  As a look-up
 * per move of the window (a year) it took a second per pair of ranks on
 * a million leads, and the scoreboard, the funnel and the brief ask for
 * up to four pairs at a time.  Instead one pass reads every move by the
 * last moment asked in lead order (stage_events_lead, index only), and C
 * takes a lead's moves at a time: in time order, a move's latest move
 * reaching a is the latest of those before its time, or its time when
 * another move at that same time reached a.  Each pair asked then takes
 * the moves of its window.
 *
 * a = 0 asks for the time from the lead's creation to its first move
 * reaching mql (b = 1), over those first moves in the window (the
 * maturity of the lead cohort): the same pass, with the creation time
 * read for the moves reaching mql when such a question is asked (?2),
 * in lead order, where a look-up of earlier moves for every move of the
 * year reaching mql took 1.3 s of a funnel's 4.4 s on a million leads.
 */
static const char sql_lead_moves[] =
    "SELECT lead_id, at, from_stage, to_stage, CASE WHEN ?2 <> 0 AND "
    REACHES_MQL_OF("e") " THEN (SELECT l.created_at FROM leads l "
    "WHERE l.id = e.lead_id) END, id FROM stage_events e WHERE at <= ?1 "
    "ORDER BY lead_id, at";

struct umove {
	int64_t at;
	int64_t created;          /* the lead's, on a move reaching mql when
	                           * asked (a = 0) */
	int64_t id;
	int rf, rt;
};
struct upass {
	size_t n;
	struct smk_mx_usual_q *q;
	struct smk_mx_dist *d;
	struct lead_rows rows;    /* the moves of a lead (struct umove), in
	                           * time order */
	int failed;               /* a dist's temporary file failed */
};

/* The moves of one lead into the windows asked. */
static void
usual_lead_moves(void *ctx)
{
	struct upass *u = ctx;
	const struct umove *mv = u->rows.m;
	size_t nm = u->rows.n;
	int64_t pre[4] = { 0, 0, 0, 0 };  /* latest time before the group */
	int has_pre[4] = { 0, 0, 0, 0 };
	size_t g, h, i, k;
	int cnt[4], a, rf, rt;

	/* from creation to the first move reaching mql: the first made
	 * (least id), which is the first in time but for a move that
	 * lead-import --stage once dated at an old row's time */
	for (i = nm, h = 0; h < nm; h++)
		if (mv[h].rf < 1 && mv[h].rt >= 1 && (i == nm ||
		    mv[h].id < mv[i].id))
			i = h;
	for (k = 0; i < nm && k < u->n; k++)
		if (u->q[k].a == 0 && u->q[k].b == 1 &&
		    mv[i].at > u->q[k].at - u->q[k].window &&
		    mv[i].at <= u->q[k].at)
			if (smk_mx_dist_add(&u->d[k],
			    (double)(mv[i].at - mv[i].created)) < 0)
				u->failed = 1;
	for (g = 0; g < nm; g = h) {
		/* the group of moves at one time, and how many of them
		 * reached each rank */
		memset(cnt, 0, sizeof(cnt));
		for (h = g; h < nm && mv[h].at == mv[g].at; h++)
			for (a = 1; a <= 3; a++)
				cnt[a] += mv[h].rf < a && a <= mv[h].rt;
		for (i = g; i < h; i++) {
			const struct umove *e = &mv[i];

			for (k = 0; k < u->n; k++) {
				const struct smk_mx_usual_q *q = &u->q[k];
				int64_t last;

				a = q->a;
				rf = e->rf;
				rt = e->rt;
				/* a move to sal, sql, won or lost reaching b
				 * (only won reaches rank 4) */
				if (e->at <= q->at - q->window || e->at > q->at ||
				    rt < 2 || !(rf < q->b && rt >= q->b) ||
				    a < 1 || a > 3)
					continue;
				if (cnt[a] - (rf < a && a <= rt) > 0)
					last = e->at;
				else if (has_pre[a])
					last = pre[a];
				else
					continue;
				if (smk_mx_dist_add(&u->d[k],
				    (double)(e->at - last)) < 0)
					u->failed = 1;
			}
		}
		for (a = 1; a <= 3; a++)
			if (cnt[a] > 0) {
				pre[a] = mv[g].at;
				has_pre[a] = 1;
			}
	}
}

static int
lead_move_row(void *ctx, const struct smk_row *row)
{
	struct upass *u = ctx;
	struct umove *m = lead_rows_add(&u->rows, smk_row_int(row, 0));

	m->at = smk_row_int(row, 1);
	m->rf = rank_from(smk_row_text(row, 2));
	m->rt = rank_to(smk_row_text(row, 3));
	m->created = smk_row_int(row, 4);
	m->id = smk_row_int(row, 5);
	/* a temporary file that failed stops the query */
	return u->failed;
}

int
smk_mx_usuals(struct smk_db *db, size_t n, struct smk_mx_usual_q *q,
    struct smk_err *err)
{
	struct upass u;
	int64_t hi, created = 0;
	size_t i;
	int known, r = -1;

	if (n == 0)
		return 0;
	memset(&u, 0, sizeof(u));
	u.n = n;
	u.q = q;
	u.d = smk_xcalloc(n, sizeof(*u.d));
	u.rows.size = sizeof(struct umove);
	u.rows.done = usual_lead_moves;
	u.rows.ctx = &u;
	hi = q[0].at;
	for (i = 0; i < n; i++) {
		if (q[i].at > hi)
			hi = q[i].at;
		created |= q[i].a == 0;
	}
	if (smk_db_select(db, sql_lead_moves, lead_move_row, &u, err, "ii",
	    hi, created) < 0)
		goto done;
	lead_rows_end(&u.rows, 1);
	/* (a dist whose file failed fails its quantile) */
	for (i = 0; i < n; i++) {
		if ((known = smk_mx_quantile(&u.d[i], 0.5, &q[i].seconds,
		    err)) < 0)
			goto done;
		q[i].known = known;
	}
	r = 0;
done:
	for (i = 0; i < n; i++)
		smk_mx_dist_free(&u.d[i]);
	free(u.d);
	lead_rows_end(&u.rows, 0);
	return r;
}

size_t
smk_mx_usual_add(struct smk_mx_usual_q *q, size_t n, int64_t at,
    int64_t window, int a, int b)
{
	if (smk_mx_usual_find(q, n, at, window, a, b) != NULL)
		return n;
	memset(&q[n], 0, sizeof(q[n]));
	q[n].at = at;
	q[n].window = window;
	q[n].a = a;
	q[n].b = b;
	return n + 1;
}

const struct smk_mx_usual_q *
smk_mx_usual_find(const struct smk_mx_usual_q *q, size_t n, int64_t at,
    int64_t window, int a, int b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (q[i].at == at && q[i].window == window && q[i].a == a &&
		    q[i].b == b)
			return &q[i];
	return NULL;
}

/* ------------------------------------------------ forecast back-test */

/*
 * What a forecast made at a moment came to (joint-kpi forecast): the
 * amounts won in [?2, ?3), at the amounts they were won at, by the
 * opportunities open at ?1 (the forecast's own rule: the lead's last
 * move by ?1 went to sql; looked up from each won move, a few of them,
 * not from every move to sql of the history).  Deals that opened after
 * ?1 are not what that forecast weighed, and are left out; a deal won
 * after ?3 counts as not won by then.
 */
static const char sql_won_of_open[] =
    "SELECT coalesce(sum(w.amount), 0) FROM stage_events w "
    "WHERE w.to_stage = 'won' AND w.at >= ?2 AND w.at < ?3 AND "
    "(SELECT x.to_stage FROM stage_events x WHERE x.lead_id = w.lead_id "
    "AND x.at <= ?1 ORDER BY x.id DESC LIMIT 1) = 'sql'";

int
smk_mx_forecast_actual(struct smk_db *db, int64_t at, int64_t from,
    int64_t to, int64_t *amount, struct smk_err *err)
{
	*amount = 0;
	return smk_db_select(db, sql_won_of_open, one_int, amount, err, "iii",
	    at, from, to) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------- funnel */

/*
 * What joint-kpi funnel needs beyond the numbers above (funnelrep.c lays
 * it out; the stage counts, amounts, cohort rates, rejections and SLA
 * windows it shows come from the functions above, so they are the
 * scoreboard's and campaign-report's).  The same "reached" rule, the
 * same period [?1, ?2) and as-of time ?3:
 *
 * - The lead cohort: leads created in the period, and those of them
 *   that reached mql by the as-of time (a move past mql reaches it).
 * - Time in a stage: from the move that entered it (for lead: the lead's
 *   creation) to the move that left it, for the moves out of lead, mql,
 *   sal and sql dated in the period.  A stage a move skipped was never
 *   stood in: it has no time.
 * - Still in a stage: leads whose last move by the as-of time is dated
 *   in the period and entered the stage (for lead: created in the
 *   period and not moved by the as-of time).
 * - Losses after the hand-off: moves to lost dated in the period, and
 *   opportunities taken out of the pipeline without a close (sql to
 *   recycled or disqualified), with the amount at stake: the move's own
 *   amount, else that of the lead's last move to sql before it.  A lost
 *   move's 0 is no amount: CRM exports write it as a lost deal's close
 *   value, and the deal was not worth nothing.
 * - The usual time from a lead's creation to its first move reaching
 *   mql, for the maturity of the lead cohort (as smk_mx_usual for the
 *   other cohorts).
 */
static const char sql_lead_cohort[] =
    "SELECT count(*), coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM "
    "stage_events e WHERE e.lead_id = l.id AND e.at <= ?3 "
    "AND (" RANK_FROM ") < 1 AND (" RANK_TO ") >= 1) THEN 1 ELSE 0 END), "
    "0) FROM leads l WHERE l.created_at >= ?1 AND l.created_at < ?2 "
    "AND l.created_at <= ?3";
/* Every stage a move can enter is listed, so that stage_events_to
 * serves the period. */
static const char sql_stage_days[] =
    "SELECT e.from_stage, e.at - coalesce((SELECT p.at FROM stage_events p "
    "WHERE p.lead_id = e.lead_id AND p.id < e.id ORDER BY p.id DESC "
    "LIMIT 1), l.created_at) FROM stage_events e JOIN leads l "
    "ON l.id = e.lead_id WHERE e.to_stage IN ('mql', 'sal', 'sql', 'won', "
    "'lost', 'recycled', 'disqualified') AND e.from_stage IN ('lead', "
    "'mql', 'sal', 'sql') AND e.at >= ?1 AND e.at < ?2 AND e.at <= ?3";
static const char sql_in_stage[] =
    "SELECT 'lead', count(*) FROM leads l WHERE l.created_at >= ?1 "
    "AND l.created_at < ?2 AND l.created_at <= ?3 AND NOT EXISTS (SELECT "
    "1 FROM stage_events x WHERE x.lead_id = l.id AND x.at <= ?3) "
    "UNION ALL SELECT e.to_stage, count(*) FROM stage_events e "
    "WHERE e.to_stage IN ('mql', 'sal', 'sql', 'won') AND e.at >= ?1 "
    "AND e.at < ?2 AND e.at <= ?3 AND NOT EXISTS (SELECT 1 FROM "
    "stage_events x WHERE x.lead_id = e.lead_id AND x.id > e.id "
    "AND x.at <= ?3) GROUP BY e.to_stage";
static const char sql_losses[] =
    "SELECT CASE WHEN e.to_stage = 'lost' THEN 1 ELSE 0 END AS k, "
    "e.reason, count(*), sum(coalesce(nullif(e.amount, 0), (SELECT "
    "s.amount FROM stage_events s WHERE s.lead_id = e.lead_id "
    "AND s.id < e.id AND s.to_stage = 'sql' ORDER BY s.id DESC LIMIT 1))) "
    "FROM stage_events e WHERE e.to_stage IN ('lost', 'recycled', "
    "'disqualified') AND (e.to_stage = 'lost' OR e.from_stage = 'sql') "
    "AND e.at >= ?1 AND e.at < ?2 AND e.at <= ?3 GROUP BY k, e.reason";

int
smk_mx_lead_cohort(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int64_t *created, int64_t *qualified, struct smk_err *err)
{
	int64_t v[2] = { 0, 0 };

	if (smk_db_select(db, sql_lead_cohort, two_ints, v, err, "iii",
	    p->from, p->to, as_of) < 0)
		return -1;
	*created = v[0];
	*qualified = v[1];
	return 0;
}

static int
stage_days_row(void *ctx, const struct smk_row *row)
{
	struct smk_mx_dist *d = ctx;
	int st = smk_stage_lookup(smk_row_text(row, 0));

	if (st >= SMK_ST_LEAD && st <= SMK_ST_SQL)
		return smk_mx_dist_add(&d[st], (double)smk_row_int(row, 1) /
		    86400.0) < 0;
	return 0;
}

int
smk_mx_stage_days(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_dist days[4], struct smk_err *err)
{
	if (smk_db_select(db, sql_stage_days, stage_days_row, days, err,
	    "iii", p->from, p->to, as_of) < 0)
		return -1;
	return smk_mx_dist_check(days, 4, err);
}

static int
in_stage_row(void *ctx, const struct smk_row *row)
{
	int64_t *n = ctx;
	int st = smk_stage_lookup(smk_row_text(row, 0));

	if (st >= SMK_ST_LEAD && st <= SMK_ST_WON)
		n[st] = smk_row_int(row, 1);
	return 0;
}

int
smk_mx_in_stage(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int64_t n[5], struct smk_err *err)
{
	memset(n, 0, 5 * sizeof(*n));
	return smk_db_select(db, sql_in_stage, in_stage_row, n, err, "iii",
	    p->from, p->to, as_of) < 0 ? -1 : 0;
}

static int
loss_row(void *ctx, const struct smk_row *row)
{
	struct smk_mx_losses *l = ctx;
	struct smk_mx_leak *k = smk_row_int(row, 0) ? &l->lost : &l->dropped;
	int i = smk_mx_reason_index(smk_row_text(row, 1));

	k->n[i] += (long)smk_row_int(row, 2);
	if (!smk_row_isnull(row, 3)) {
		k->value[i] += smk_row_int(row, 3);
		k->valued[i] = 1;
	}
	return 0;
}

int
smk_mx_losses(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    struct smk_mx_losses *l, struct smk_err *err)
{
	memset(l, 0, sizeof(*l));
	return smk_db_select(db, sql_losses, loss_row, l, err, "iii",
	    p->from, p->to, as_of) < 0 ? -1 : 0;
}

/* ============================================================ brief */

/*
 * Numbers only the weekly brief (brief.c) asks for: the leads stuck in
 * a stage, and the deals lost by reason.  Same rules as above: events
 * after the as-of time are not seen.
 */

/*
 * The leads stuck in mql, sal or sql at a time T: those whose last move
 * by T (the one with the largest id dated at or before T) went to the
 * stage at or before its cutoff.  Listed per stage by SQL, with a look-up
 * of each candidate's later moves and its key and owner read from the
 * leads table, that was six queries and most of a second each on a
 * million leads, only to count the leads and keep the ten oldest.
 * Instead one pass reads every move by the latest T in lead order
 * (stage_events_lead, index only: lead, id, time, stage), and C keeps
 * for each T asked a lead's last move, counts the stuck and keeps the
 * oldest few in a small sorted array; the key, owner and amount are read
 * for those few alone.
 */
static const char sql_stuck_moves[] =
    "SELECT lead_id, id, at, to_stage FROM stage_events WHERE at <= ?1 "
    "ORDER BY lead_id";
static const char sql_stuck_item[] =
    "SELECT l.key, l.owner, e.amount FROM stage_events e "
    "JOIN leads l ON l.id = e.lead_id WHERE e.id = ?1";

struct stuck_last {
	int64_t id, at;
	int rank;                 /* 1 mql, 2 sal, 3 sql, 0 other */
	int any;                  /* 0: no move by then */
};
struct stuck_pass {
	size_t n;
	struct smk_mx_stuck_q *q;
	struct stuck_last *last;  /* per q: the lead's last move by q->at */
	int64_t lead;
	int any;
};

/* a before b: the older, then mql, sal, sql, then the lead's id */
static int
stuck_before(const struct smk_mx_stuck *a, const struct smk_mx_stuck *b)
{
	if (a->since != b->since)
		return a->since < b->since;
	if (a->stage != b->stage)
		return a->stage < b->stage;
	return a->lead_id < b->lead_id;
}

static void
stuck_lead_done(struct stuck_pass *sp)
{
	static const int stage[4] = { 0, SMK_ST_MQL, SMK_ST_SAL, SMK_ST_SQL };
	size_t i, k;

	for (i = 0; i < sp->n; i++) {
		struct smk_mx_stuck_q *q = &sp->q[i];
		struct stuck_last *l = &sp->last[i];
		struct smk_mx_stuck it;
		int s = l->rank - 1;

		if (!l->any || l->rank == 0 || !q->has[s] ||
		    l->at > q->cutoff[s])
			continue;
		q->n[s]++;
		if (q->nlist == q->keep && (q->keep == 0 ||
		    !stuck_before(&(struct smk_mx_stuck){ .since = l->at,
		    .stage = stage[l->rank], .lead_id = sp->lead },
		    &q->list[q->nlist - 1])))
			continue;
		memset(&it, 0, sizeof(it));
		it.lead_id = sp->lead;
		it.event_id = l->id;
		it.stage = stage[l->rank];
		it.since = l->at;
		it.amount = -1;
		if (q->nlist < q->keep)
			q->nlist++;
		for (k = q->nlist - 1; k > 0 &&
		    stuck_before(&it, &q->list[k - 1]); k--)
			q->list[k] = q->list[k - 1];
		q->list[k] = it;
	}
	for (i = 0; i < sp->n; i++)
		sp->last[i].any = 0;
}

static int
stuck_move_row(void *ctx, const struct smk_row *row)
{
	struct stuck_pass *sp = ctx;
	int64_t lead = smk_row_int(row, 0), id = smk_row_int(row, 1);
	int64_t at = smk_row_int(row, 2);
	size_t i;

	if (sp->any && lead != sp->lead)
		stuck_lead_done(sp);
	sp->lead = lead;
	sp->any = 1;
	for (i = 0; i < sp->n; i++) {
		struct stuck_last *l = &sp->last[i];

		if (at > sp->q[i].at || (l->any && id < l->id))
			continue;
		l->any = 1;
		l->id = id;
		l->at = at;
		/* the stage the move entered, ranked as a place to be
		 * stuck in: mql 1, sal 2, sql 3, else 0 (rank_from's
		 * numbers, which are not rank_to's: lost is no stage to
		 * be stuck in) */
		l->rank = rank_from(smk_row_text(row, 3));
	}
	return 0;
}

static int
stuck_item_row(void *ctx, const struct smk_row *row)
{
	struct smk_mx_stuck *it = ctx;
	const char *key = smk_row_text(row, 0), *owner = smk_row_text(row, 1);

	it->key = smk_xstrdup(key != NULL ? key : "");
	it->owner = owner != NULL ? smk_xstrdup(owner) : NULL;
	it->amount = smk_row_isnull(row, 2) ? -1 : smk_row_int(row, 2);
	return 0;
}

int
smk_mx_stuck_scan(struct smk_db *db, size_t n, struct smk_mx_stuck_q *q,
    struct smk_err *err)
{
	struct stuck_pass sp;
	int64_t hi;
	size_t i, k;
	int r = -1;

	if (n == 0)
		return 0;
	memset(&sp, 0, sizeof(sp));
	sp.n = n;
	sp.q = q;
	sp.last = smk_xcalloc(n, sizeof(*sp.last));
	hi = q[0].at;
	for (i = 0; i < n; i++) {
		memset(q[i].n, 0, sizeof(q[i].n));
		q[i].nlist = 0;
		if (q[i].keep > SMK_MX_STUCK_KEEP)
			q[i].keep = SMK_MX_STUCK_KEEP;
		if (q[i].at > hi)
			hi = q[i].at;
	}
	if (smk_db_select(db, sql_stuck_moves, stuck_move_row, &sp, err, "i",
	    hi) < 0)
		goto done;
	if (sp.any)
		stuck_lead_done(&sp);
	for (i = 0; i < n; i++)
		for (k = 0; k < q[i].nlist; k++)
			if (smk_db_select(db, sql_stuck_item, stuck_item_row,
			    &q[i].list[k], err, "i", q[i].list[k].event_id) < 0)
				goto done;
	r = 0;
done:
	free(sp.last);
	return r;
}

void
smk_mx_stuck_free(struct smk_mx_stuck_q *q)
{
	size_t k;

	for (k = 0; k < q->nlist; k++) {
		free(q->list[k].key);
		free(q->list[k].owner);
	}
	q->nlist = 0;
}
