/* report.c — campaign-report: per-campaign figures from metrics.c, revenue and pipeline credited by attrib.c, rollups, ratios and totals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"

/*
 * The report puts together what metrics.c counts and attrib.c credits;
 * it defines no number of its own but the ratios of the man page:
 * CPL = spend / new leads, cost per MQL = spend / MQL, cost per SQL =
 * spend / SQL, CAC = spend / won, ROI = (attributed revenue - spend) /
 * spend, acceptance rate = accepted / MQL cohort.  A ratio whose
 * denominator is 0 is empty, never inf or nan.
 */

/* --------------------------------------------------------- interning */

/* Campaign keys to the small numbers attrib.c credits. */
struct names {
	char **s;
	size_t n, cap;
	int64_t *slot;          /* open addressing: index + 1, 0 empty */
	size_t nslot;
};

static int64_t
intern(struct names *t, const char *s)
{
	uint64_t h;
	size_t i, j;

	if (2 * (t->n + 1) > t->nslot) {
		int64_t *old = t->slot;
		size_t nold = t->nslot;

		t->nslot = t->nslot ? t->nslot * 2 : 64;
		t->slot = smk_xcalloc(t->nslot, sizeof(*t->slot));
		for (i = 0; i < nold; i++) {
			if (old[i] == 0)
				continue;
			h = smk_hash64(SMK_HASH64_INIT, t->s[old[i] - 1],
			    strlen(t->s[old[i] - 1]));
			for (j = h & (t->nslot - 1); t->slot[j] != 0;
			    j = (j + 1) & (t->nslot - 1))
				;
			t->slot[j] = old[i];
		}
		free(old);
	}
	h = smk_hash64(SMK_HASH64_INIT, s, strlen(s));
	for (j = h & (t->nslot - 1); t->slot[j] != 0;
	    j = (j + 1) & (t->nslot - 1))
		if (strcmp(t->s[t->slot[j] - 1], s) == 0)
			return t->slot[j] - 1;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->s = smk_xrealloc(t->s, t->cap * sizeof(*t->s));
	}
	t->s[t->n] = smk_xstrdup(s);
	t->slot[j] = (int64_t)++t->n;
	return (int64_t)t->n - 1;
}

static void
names_free(struct names *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* ------------------------------------------------------- attribution */

/* What one model credits, per campaign (by interned number) and to no
 * campaign (outcomes of leads without a touch that counts). */
struct credit {
	struct smk_attr_sum sum;
	int64_t none;
	int64_t total;
};

struct attr_ctx {
	struct names *names;
	struct credit *cr;           /* one per model run */
	const int *models;
	size_t nmodels;
	double half_life;
	struct smk_attr_touch *t;
	int64_t *cents;
	size_t cap;
	/* markov: the cohort's chains, of revenue (won) and pipeline (sql) */
	struct smk_attr_chain *chain_won, *chain_sql;
	int failed;
};

static void
to_lead(struct attr_ctx *a, const struct smk_mx_path *p,
    struct smk_attr_lead *l, struct smk_attr_touch *t)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		t[i].campaign = intern(a->names, p->campaign[i]);
		t[i].at = p->at[i];
	}
	l->touch = t;
	l->n = p->n;
	l->outcome = p->outcome;
	l->mql = p->mql;
	l->sql = p->sql;
	l->won = p->won;
}

static void
touch_room(struct attr_ctx *a, size_t n)
{
	if (n > a->cap) {
		a->cap = n * 2;
		a->t = smk_xrealloc(a->t, a->cap * sizeof(*a->t));
		a->cents = smk_xrealloc(a->cents, a->cap * sizeof(*a->cents));
	}
}

static int
credit_outcome(void *ctx, const struct smk_mx_path *p)
{
	struct attr_ctx *a = ctx;
	struct smk_attr_lead l;
	size_t m;
	int k;

	touch_room(a, p->n);
	to_lead(a, p, &l, a->t);
	for (m = 0; m < a->nmodels; m++) {
		struct credit *cr = &a->cr[m];

		cr->total += p->amount;
		if (a->models[m] == SMK_ATTR_MARKOV) {
			/* shared later by removal effects; the leads with no
			 * touch are no campaign's */
			if (p->n == 0)
				cr->none += p->amount;
			continue;
		}
		k = smk_attr_cents(&l, a->models[m], a->half_life, p->amount,
		    a->cents);
		if (k < 0) {
			a->failed = 1;
			return 1;
		}
		if (k == 0)
			cr->none += p->amount;
		else if (smk_attr_sum_lead(&cr->sum, &l, a->cents) < 0) {
			a->failed = 1;
			return 1;
		}
	}
	return 0;
}

/* A lead of the cohort into both chains: converted when it reached won
 * (revenue) and sql (pipeline) by the as-of time. */
static int
cohort_path(void *ctx, const struct smk_mx_path *p)
{
	struct attr_ctx *a = ctx;
	struct smk_attr_lead l;

	if (p->n == 0)
		return 0;
	touch_room(a, p->n);
	to_lead(a, p, &l, a->t);
	l.outcome = p->won;
	if (smk_attr_chain_add(a->chain_won, &l) < 0)
		a->failed = 1;
	l.outcome = p->sql;
	if (smk_attr_chain_add(a->chain_sql, &l) < 0)
		a->failed = 1;
	return a->failed;
}

/*
 * Markov's share of value in cr (a model's credit): in proportion to
 * the removal effects of chain; when no path of the cohort converted,
 * value stays unattributed (none).
 */
static int
markov_share(const struct smk_attr_chain *chain, struct credit *cr,
    struct smk_err *err)
{
	struct smk_attr_markov mk;
	int64_t value = cr->total - cr->none;
	size_t i;
	int r = 0;

	switch (smk_attr_chain_solve(chain, value, &mk)) {
	case 1:
		for (i = 0; i < mk.n; i++)
			if (mk.cents[i] != 0 && smk_attr_sum_add(&cr->sum,
			    mk.campaign[i], mk.cents[i]) < 0)
				r = -1;
		break;
	case 0:
		cr->none += value;
		break;
	default:
		r = -1;
		break;
	}
	smk_attr_markov_free(&mk);
	if (r < 0)
		smk_err_set(err, SMK_EXIT_FAILURE, NULL, 0, NULL,
		    "markov attribution failed");
	return r;
}

/*
 * Credits the outcomes of the period under each model: revenue (won)
 * into rev[], pipeline (sql) into pipe[].  Markov shares the amounts of
 * the outcomes that have a touch in proportion to the removal effects of
 * the chains built from the period's cohort (DESIGN.md), read once for
 * both.  The order of the reads (revenue outcomes, the cohort, pipeline
 * outcomes) numbers the campaigns, which orders the Markov chains'
 * matrices: keep it.
 */
static int
attribute(struct smk_db *db, const struct smk_report_opts *o,
    struct names *names, const int *models, size_t nmodels,
    struct credit *rev, struct credit *pipe, struct smk_err *err)
{
	struct attr_ctx a;
	size_t m;
	int r = 0, stages = 0, markov = -1;

	memset(&a, 0, sizeof(a));
	a.names = names;
	a.models = models;
	a.nmodels = nmodels;
	a.half_life = o->half_life > 0 ? o->half_life : SMK_ATTR_HALF_LIFE;
	for (m = 0; m < nmodels; m++) {
		/* the models that place touches by stage */
		if (models[m] == SMK_ATTR_U || models[m] == SMK_ATTR_W ||
		    models[m] == SMK_ATTR_FULL)
			stages = 1;
		if (models[m] == SMK_ATTR_MARKOV)
			markov = (int)m;
	}
	a.cr = rev;
	if (smk_mx_outcome_paths(db, &o->period, o->as_of, SMK_ST_WON, stages,
	    credit_outcome, &a, err) < 0)
		r = -1;
	if (r == 0 && markov >= 0) {
		a.chain_won = smk_attr_chain_new();
		a.chain_sql = smk_attr_chain_new();
		if (smk_mx_cohort_paths(db, &o->period, o->as_of, cohort_path,
		    &a, err) < 0)
			r = -1;
		else if (!a.failed)
			r = markov_share(a.chain_won, &rev[markov], err);
	}
	a.cr = pipe;
	if (r == 0 && !a.failed && smk_mx_outcome_paths(db, &o->period,
	    o->as_of, SMK_ST_SQL, stages, credit_outcome, &a, err) < 0)
		r = -1;
	if (r == 0 && !a.failed && markov >= 0)
		r = markov_share(a.chain_sql, &pipe[markov], err);
	if (r == 0 && a.failed)
		r = smk_err_set(err, SMK_EXIT_FAILURE, NULL, 0, NULL,
		    "attribution failed (a touch path out of time order, or "
		    "an amount out of range)");
	smk_attr_chain_free(a.chain_won);
	smk_attr_chain_free(a.chain_sql);
	free(a.t);
	free(a.cents);
	return r;
}

/*
 * SQLite's page cache for a report: bounded, so memory stays flat.  The
 * default 2 MB had a quarter's report of 1M leads read 323,000 pages
 * from the OS (pread(2): a third of its time, in system calls); 8 MB,
 * 138,000 (16 MB, 107,000: 5% less time for 8 MB more memory).
 */
static const char sql_cache[] = "PRAGMA cache_size = -8192";

/* -------------------------------------------------------------- rows */

struct rrow {
	char *key;               /* campaign, rollup value; NULL: none */
	char *name, *channel, *owner, *kind;
	int64_t budget;
	int has_budget;
	int channel_spend;       /* a channel's own spend, no campaign */
	struct smk_mx_campaign m;
	int64_t rev[SMK_ATTR_COUNT], pipe[SMK_ATTR_COUNT];
	int influenced_known;
};

struct rep {
	const struct smk_report_opts *o;
	struct rrow *r;
	size_t n, cap;
	char cur[4];
};

static struct rrow *
row_add(struct rep *rp)
{
	if (rp->n == rp->cap) {
		rp->cap = rp->cap ? rp->cap * 2 : 32;
		rp->r = smk_xrealloc(rp->r, rp->cap * sizeof(*rp->r));
	}
	memset(&rp->r[rp->n], 0, sizeof(rp->r[rp->n]));
	return &rp->r[rp->n++];
}

static void
rows_free(struct rep *rp)
{
	size_t i;

	for (i = 0; i < rp->n; i++) {
		free(rp->r[i].key);
		free(rp->r[i].name);
		free(rp->r[i].channel);
		free(rp->r[i].owner);
		free(rp->r[i].kind);
	}
	free(rp->r);
}

static char *
dup0(const char *s)
{
	return s != NULL && *s != '\0' ? smk_xstrdup(s) : NULL;
}

/* Campaigns set to run in the period show even without activity. */
struct running {
	struct smk_mx_set *set;
	char from[11], to[11];   /* the period's first and last day */
};

static int
running_cb(void *ctx, const struct smk_campaign_row *c)
{
	struct running *ru = ctx;

	if (c->start != NULL && strcmp(c->start, ru->to) <= 0 &&
	    (c->end == NULL || strcmp(c->end, ru->from) >= 0))
		(void)smk_mx_get(ru->set, c->key);
	return 0;
}

/* The campaign rows are rp->r[0 .. ncamp), sorted by key, NULL first. */
struct fill {
	struct rep *rp;
	size_t ncamp;
};

static struct rrow *
find_row(struct rep *rp, size_t ncamp, const char *key)
{
	size_t lo = 0, hi = ncamp, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rp->r[mid].key == NULL || key == NULL)
			c = (rp->r[mid].key != NULL) - (key != NULL);
		else
			c = strcmp(rp->r[mid].key, key);
		if (c == 0)
			return &rp->r[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
fill_cb(void *ctx, const struct smk_campaign_row *c)
{
	struct fill *fl = ctx;
	struct rrow *r = find_row(fl->rp, fl->ncamp, c->key);

	if (r == NULL)
		return 0;
	r->name = dup0(c->name);
	if (c->channel != NULL && *c->channel != '\0') {
		free(r->channel);
		r->channel = smk_xstrdup(c->channel);
	}
	r->owner = dup0(c->owner);
	r->kind = dup0(c->kind);
	r->budget = c->budget;
	r->has_budget = c->has_budget;
	return 0;
}

/* ----------------------------------------------------------- rollups */

static const char *
by_value(const struct rrow *r, int by)
{
	switch (by) {
	case SMK_BY_CHANNEL: return r->channel;
	case SMK_BY_OWNER: return r->owner;
	case SMK_BY_KIND: return r->kind;
	default: return r->key;
	}
}

static void
add_into(struct rrow *t, const struct rrow *r)
{
	int i;

	t->m.touches += r->m.touches;
	t->m.leads += r->m.leads;
	t->m.mql += r->m.mql;
	t->m.sal += r->m.sal;
	t->m.sql += r->m.sql;
	t->m.won += r->m.won;
	t->m.pipeline += r->m.pipeline;
	t->m.revenue += r->m.revenue;
	t->m.spend += r->m.spend;
	t->m.cohort += r->m.cohort;
	t->m.accepted += r->m.accepted;
	t->m.rejected += r->m.rejected;
	t->m.pending += r->m.pending;
	for (i = 0; i < SMK_MX_NREASONS; i++)
		t->m.reasons[i] += r->m.reasons[i];
	for (i = 0; i < SMK_ATTR_COUNT; i++) {
		t->rev[i] += r->rev[i];
		t->pipe[i] += r->pipe[i];
	}
	if (r->has_budget) {
		t->budget += r->budget;
		t->has_budget = 1;
	}
}

/* Rows of rp grouped by o->by into out (sorted by the rollup value). */
static void
rollup(const struct rep *rp, int by, struct rep *out)
{
	const char *v;
	size_t i, j;
	struct rrow *t;

	for (i = 0; i < rp->n; i++) {
		v = by_value(&rp->r[i], by);
		for (j = 0, t = NULL; j < out->n && t == NULL; j++)
			if ((v == NULL && out->r[j].key == NULL) ||
			    (v != NULL && out->r[j].key != NULL &&
			    strcmp(v, out->r[j].key) == 0))
				t = &out->r[j];
		if (t == NULL) {
			t = row_add(out);
			t->key = v != NULL ? smk_xstrdup(v) : NULL;
		}
		add_into(t, &rp->r[i]);
	}
}

/* ------------------------------------------------------------ output */

enum col {
	C_KEY, C_NAME, C_CHANNEL, C_OWNER, C_KIND, C_SPEND, C_BUDGET,
	C_TOUCHES, C_LEADS, C_MQL, C_SAL, C_SQL, C_WON, C_PIPELINE,
	C_INFLUENCED, C_REVENUE, C_CPL, C_CPMQL, C_CPSQL, C_CAC, C_ROI,
	C_ACCEPT, C_REASON,
	C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"campaign", "name", "channel", "owner", "kind", "spend", "budget",
	"touches", "leads", "mql", "sal", "sql", "won", "pipeline",
	"influenced", "revenue", "cpl", "cost_per_mql", "cost_per_sql",
	"cac", "roi", "acceptance_rate", "top_reason"
};

static int
col_text(int c)
{
	return c <= C_KIND || c == C_REASON;
}

/* Money as the format wants it: plain for machines, with the currency
 * and grouping for people. */
static void
money(const struct rep *rp, int64_t cents, char buf[48])
{
	if (rp->o->money_display)
		smk_money_format_table(cents, rp->cur, buf);
	else
		smk_money_format(cents, buf);
}

/* num / den in cents, rounded half away from zero; -1 when den is 0. */
static int
per(int64_t num, int64_t den, int64_t *out)
{
	double r;

	if (smk_mx_ratio(num, den, &r) < 0)
		return -1;
	*out = (int64_t)(r < 0 ? r - 0.5 : r + 0.5);
	return 0;
}

/* The value of column c of r for sorting (numbers) or NULL. */
static double
col_number(const struct rrow *r, int c, int model, int *has)
{
	double v = 0;
	int64_t x = 0;

	*has = 1;
	switch (c) {
	case C_SPEND: return (double)r->m.spend;
	case C_BUDGET: *has = r->has_budget; return (double)r->budget;
	case C_TOUCHES: return (double)r->m.touches;
	case C_LEADS: return (double)r->m.leads;
	case C_MQL: return (double)r->m.mql;
	case C_SAL: return (double)r->m.sal;
	case C_SQL: return (double)r->m.sql;
	case C_WON: return (double)r->m.won;
	case C_PIPELINE: return (double)r->m.pipeline;
	case C_INFLUENCED: *has = r->influenced_known;
		return (double)r->m.influenced;
	case C_REVENUE: return (double)r->rev[model];
	case C_CPL: *has = per(r->m.spend, r->m.leads, &x) == 0;
		return (double)x;
	case C_CPMQL: *has = per(r->m.spend, r->m.mql, &x) == 0;
		return (double)x;
	case C_CPSQL: *has = per(r->m.spend, r->m.sql, &x) == 0;
		return (double)x;
	case C_CAC: *has = per(r->m.spend, r->m.won, &x) == 0;
		return (double)x;
	case C_ROI: *has = smk_mx_ratio(r->rev[model] - r->m.spend,
		    r->m.spend, &v) == 0;
		return v;
	case C_ACCEPT: *has = smk_mx_ratio(r->m.accepted, r->m.cohort,
		    &v) == 0;
		return v;
	default: *has = 0; return 0;
	}
}

static const char *
col_string(const struct rrow *r, int c)
{
	switch (c) {
	case C_KEY: return r->key;
	case C_NAME: return r->name;
	case C_CHANNEL: return r->channel;
	case C_OWNER: return r->owner;
	case C_KIND: return r->kind;
	case C_REASON: return smk_mx_top_reason(&r->m);
	default: return NULL;
	}
}

/* Cell c of r into buf (numbers) or a string of r. */
static const char *
cell(const struct rep *rp, const struct rrow *r, int c, int model,
    char buf[48])
{
	double v;
	int has;

	if (col_text(c))
		return col_string(r, c);
	v = col_number(r, c, model, &has);
	if (!has)
		return NULL;
	switch (c) {
	case C_SPEND: case C_BUDGET: case C_PIPELINE: case C_INFLUENCED:
	case C_REVENUE: case C_CPL: case C_CPMQL: case C_CPSQL: case C_CAC:
		money(rp, (int64_t)v, buf);
		break;
	case C_ROI: case C_ACCEPT:
		snprintf(buf, 48, "%.3f", v);
		break;
	default:
		snprintf(buf, 48, "%.0f", v);
		break;
	}
	return buf;
}

/* Whether row a sorts before row b under column c. */
static int
before(const struct rrow *a, const struct rrow *b, int c, int model)
{
	const char *sa, *sb;
	double va, vb;
	int ha, hb, k;

	if (c >= 0 && col_text(c)) {
		sa = col_string(a, c);
		sb = col_string(b, c);
		if ((sa == NULL) != (sb == NULL))
			return sb == NULL;   /* empty last */
		if (sa != NULL && (k = strcmp(sa, sb)) != 0)
			return k < 0;
	} else if (c >= 0) {
		va = col_number(a, c, model, &ha);
		vb = col_number(b, c, model, &hb);
		if (ha != hb)
			return ha;           /* empty last */
		if (ha && va != vb)
			return va > vb;      /* numbers: largest first */
	}
	/* then by key, the rows without one (no campaign) last */
	if ((a->key == NULL) != (b->key == NULL))
		return b->key == NULL;
	if (a->key != NULL && (k = strcmp(a->key, b->key)) != 0)
		return k < 0;
	return a->channel_spend < b->channel_spend;
}

static void
sort_rows(struct rep *rp, int c, int model)
{
	struct rrow tmp;
	size_t i, j;

	/* insertion sort: a few hundred rows at most, and stable */
	for (i = 1; i < rp->n; i++) {
		tmp = rp->r[i];
		for (j = i; j > 0 && before(&tmp, &rp->r[j - 1], c, model); j--)
			rp->r[j] = rp->r[j - 1];
		rp->r[j] = tmp;
	}
}

int
smk_report_sort_column(const char *name)
{
	int c;

	for (c = 0; c < C_COUNT; c++)
		if (strcmp(name, col_names[c]) == 0)
			return c;
	return -1;
}

static const char *
key_cell(const struct rrow *r)
{
	if (r->channel_spend)
		return "(channel)";
	return r->key != NULL ? r->key : "(none)";
}

static void
emit(const struct rep *rp, const struct rrow *r, const int *cols,
    size_t ncols, int model, const struct smk_listing *out,
    const char *key)
{
	char bufs[C_COUNT][48];
	const char *cells[C_COUNT];
	size_t i;

	for (i = 0; i < ncols; i++)
		cells[i] = cols[i] == C_KEY ? key :
		    cell(rp, r, cols[i], model, bufs[i]);
	out->row(out->ctx, cells);
}

/* compare-models: the key, then revenue and pipeline per model. */
static void
emit_models(const struct rep *rp, const struct rrow *r, size_t ncols,
    const struct smk_listing *out, const char *key)
{
	char bufs[2 * SMK_ATTR_COUNT][48];
	const char *cells[1 + 2 * SMK_ATTR_COUNT];
	size_t m;

	cells[0] = key;
	for (m = 0; m < SMK_ATTR_COUNT; m++) {
		money(rp, r->rev[m], bufs[m]);
		money(rp, r->pipe[m], bufs[SMK_ATTR_COUNT + m]);
		cells[1 + m] = bufs[m];
		cells[1 + SMK_ATTR_COUNT + m] = bufs[SMK_ATTR_COUNT + m];
	}
	(void)ncols;
	out->row(out->ctx, cells);
}

int
smk_report_model(const char *name)
{
	return smk_attr_model_parse(name);
}

/* ------------------------------------------------------------ report */

/* Campaign key cell, or the rollup's value. */
static const char *
label(const struct smk_report_opts *o, const struct rrow *r)
{
	if (o->by == SMK_BY_CAMPAIGN)
		return key_cell(r);
	return r->key != NULL ? r->key : "(none)";
}

/*
 * Reads the period's figures into rp: a row per campaign (every one with
 * figures, every credited one, and "none" where credit had no campaign),
 * then a row per channel with spend of its own, each with its metadata and
 * the attributed revenue and pipeline of each of the models.
 */
static int
gather(struct smk_db *db, const struct smk_report_opts *o, const int *models,
    size_t nmodels, struct rep *rp, struct smk_err *err)
{
	struct smk_mx_set set = { 0 }, chset = { 0 };
	struct names names = { 0 };
	struct credit rev[SMK_ATTR_COUNT], pipe[SMK_ATTR_COUNT];
	struct running ru;
	struct fill fl;
	struct rrow *r;
	size_t i, m, ncamp;
	char buf[32];
	int rc = -1;

	memset(rev, 0, sizeof(rev));
	memset(pipe, 0, sizeof(pipe));
	if (smk_mx_campaigns(db, &o->period, o->as_of, &set, err) < 0 ||
	    smk_mx_spend(db, &o->period, o->as_of, &set, &chset, err) < 0)
		goto done;
	memset(&ru, 0, sizeof(ru));
	ru.set = &set;
	smk_time_format_local(o->period.from, buf);
	snprintf(ru.from, sizeof(ru.from), "%.10s", buf);
	smk_time_format_local(o->period.to - 1, buf);
	snprintf(ru.to, sizeof(ru.to), "%.10s", buf);
	if (smk_campaign_each(db, running_cb, &ru, err) < 0)
		goto done;
	if (attribute(db, o, &names, models, nmodels, rev, pipe, err) < 0)
		goto done;
	/* every credited campaign has a row, and so has "none" if owed */
	for (m = 0; m < nmodels; m++) {
		for (i = 0; i < rev[m].sum.n; i++)
			(void)smk_mx_get(&set, names.s[rev[m].sum.campaign[i]]);
		for (i = 0; i < pipe[m].sum.n; i++)
			(void)smk_mx_get(&set,
			    names.s[pipe[m].sum.campaign[i]]);
		if (rev[m].none != 0 || pipe[m].none != 0)
			(void)smk_mx_get(&set, NULL);
	}
	for (i = 0; i < set.n; i++) {
		r = row_add(rp);
		r->key = set.c[i].key != NULL ? smk_xstrdup(set.c[i].key) :
		    NULL;
		r->m = set.c[i];
		r->m.key = NULL;
		r->m.channel = NULL;
		r->channel = dup0(set.c[i].channel);
		r->influenced_known = 1;
	}
	ncamp = rp->n;
	for (i = 0; i < chset.n; i++) {
		r = row_add(rp);
		r->channel_spend = 1;
		r->channel = dup0(chset.c[i].key);
		r->m.spend = chset.c[i].spend;
	}
	fl.rp = rp;
	fl.ncamp = ncamp;
	if (smk_campaign_each(db, fill_cb, &fl, err) < 0)
		goto done;
	for (m = 0; m < nmodels; m++) {
		for (i = 0; i < rev[m].sum.n; i++)
			find_row(rp, ncamp, names.s[rev[m].sum.campaign[i]])->
			    rev[models[m]] += rev[m].sum.cents[i];
		for (i = 0; i < pipe[m].sum.n; i++)
			find_row(rp, ncamp, names.s[pipe[m].sum.campaign[i]])->
			    pipe[models[m]] += pipe[m].sum.cents[i];
		if (rev[m].none != 0 || pipe[m].none != 0) {
			r = find_row(rp, ncamp, NULL);
			r->rev[models[m]] += rev[m].none;
			r->pipe[models[m]] += pipe[m].none;
		}
	}
	rc = 0;
done:
	for (m = 0; m < SMK_ATTR_COUNT; m++) {
		smk_attr_sum_free(&rev[m].sum);
		smk_attr_sum_free(&pipe[m].sum);
	}
	names_free(&names);
	smk_mx_free(&set);
	smk_mx_free(&chset);
	return rc;
}

/* Drops the rows --channel and --owner leave out. */
static void
filter(struct rep *rp, const struct smk_report_opts *o)
{
	struct rrow *r;
	size_t i;

	for (i = 0; i < rp->n; ) {
		r = &rp->r[i];
		if ((o->channel != NULL && (r->channel == NULL ||
		    strcmp(r->channel, o->channel) != 0)) ||
		    (o->owner != NULL && (r->owner == NULL ||
		    strcmp(r->owner, o->owner) != 0))) {
			free(r->key);
			free(r->name);
			free(r->channel);
			free(r->owner);
			free(r->kind);
			memmove(r, r + 1, (rp->n - i - 1) * sizeof(*r));
			rp->n--;
			continue;
		}
		i++;
	}
}

/* The output's columns */
struct cols {
	size_t n;
	int col[C_COUNT + 2 * SMK_ATTR_COUNT];
	int type[C_COUNT + 2 * SMK_ATTR_COUNT];
	const char *name[C_COUNT + 2 * SMK_ATTR_COUNT];
	char hdr[2 * SMK_ATTR_COUNT][24];   /* --compare-models' names */
};

static void
columns(const struct smk_report_opts *o, struct cols *c)
{
	const char *by = o->by == SMK_BY_CHANNEL ? "channel" :
	    o->by == SMK_BY_OWNER ? "owner" : "kind";
	size_t i;

	c->n = 0;
	if (o->compare_models) {
		c->col[c->n] = C_KEY;
		c->type[c->n] = SMK_COL_TEXT;
		c->name[c->n++] = o->by == SMK_BY_CAMPAIGN ? "campaign" : by;
		for (i = 0; i < 2 * SMK_ATTR_COUNT; i++) {
			snprintf(c->hdr[i], sizeof(c->hdr[i]), "%s_%s",
			    i < SMK_ATTR_COUNT ? "revenue" : "pipeline",
			    smk_attr_model_name((int)(i % SMK_ATTR_COUNT)));
			c->col[c->n] = (int)i;
			c->type[c->n] = SMK_COL_NUM;
			c->name[c->n++] = c->hdr[i];
		}
		return;
	}
	for (i = 0; i < C_COUNT; i++) {
		if (o->by != SMK_BY_CAMPAIGN && i >= C_NAME && i <= C_KIND)
			continue;
		c->col[c->n] = (int)i;
		c->type[c->n] = col_text((int)i) ? SMK_COL_TEXT : SMK_COL_NUM;
		c->name[c->n++] = i == C_KEY && o->by != SMK_BY_CAMPAIGN ? by :
		    col_names[i];
	}
}

long
smk_report_campaigns(struct smk_db *db, const struct smk_report_opts *o,
    const struct smk_listing *out, struct smk_err *err)
{
	static const int all_models[] = { SMK_ATTR_FIRST, SMK_ATTR_LAST,
	    SMK_ATTR_LINEAR, SMK_ATTR_U, SMK_ATTR_W, SMK_ATTR_FULL,
	    SMK_ATTR_DECAY, SMK_ATTR_MARKOV };
	const int *models = o->compare_models ? all_models : &o->model;
	size_t nmodels = o->compare_models ? SMK_ATTR_COUNT : 1, i;
	int model = o->compare_models ? SMK_ATTR_LINEAR : o->model;
	struct rep rp, by, *src;
	struct rrow total;
	struct cols *c = NULL;
	long n = -1;

	memset(&rp, 0, sizeof(rp));
	memset(&by, 0, sizeof(by));
	memset(&total, 0, sizeof(total));
	rp.o = by.o = o;
	if (smk_db_exec(db, sql_cache, err, "") < 0)
		return -1;
	if (smk_currency_get(db, rp.cur, err) < 0)
		goto done;
	memcpy(by.cur, rp.cur, sizeof(by.cur));
	if (gather(db, o, models, nmodels, &rp, err) < 0)
		goto done;
	filter(&rp, o);
	for (i = 0; i < rp.n; i++)
		add_into(&total, &rp.r[i]);
	src = &rp;
	if (o->by != SMK_BY_CAMPAIGN) {
		rollup(&rp, o->by, &by);
		for (i = 0; i < by.n; i++)
			by.r[i].influenced_known = 0;
		src = &by;
	}
	sort_rows(src, o->sort, model);

	c = smk_xcalloc(1, sizeof(*c));
	columns(o, c);
	out->begin(out->ctx, c->n, c->name, c->type);
	for (i = 0; i < src->n; i++) {
		if (o->compare_models)
			emit_models(src, &src->r[i], c->n, out,
			    label(o, &src->r[i]));
		else
			emit(src, &src->r[i], c->col, c->n, model, out,
			    label(o, &src->r[i]));
	}
	n = (long)src->n;
	/* the totals: influenced pipeline overlaps across campaigns, so it
	 * is not summed (the name column says so) */
	total.influenced_known = 0;
	if (o->compare_models) {
		emit_models(src, &total, c->n, out, "(total)");
	} else {
		if (o->by == SMK_BY_CAMPAIGN)
			total.name = smk_xstrdup("influenced pipeline "
			    "overlaps: not summed");
		emit(src, &total, c->col, c->n, model, out, "(total)");
		free(total.name);
	}
done:
	free(c);
	rows_free(&rp);
	rows_free(&by);
	return n;
}
