/* kpi.c — joint-kpi: the KPIs both teams own, their targets, status and the joint attainment score. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sla.h"
#include "smk_int.h"

/*
 * Every value comes from metrics.c; this module only knows which KPIs
 * there are, who owns each, which way is better, and how an actual meets
 * its target.  The rules (joint-kpi(1) has them for users):
 *
 * - attainment = actual / target, or target / actual where lower is
 *   better; a lower-is-better actual of 0 attains the cap.
 * - In a period not over at the as-of time, a volume or money target is
 *   taken pro rata to the part of the period gone by: on pace is on
 *   track.  Rates, times and ratios are compared as they are.
 * - status: on-track at attainment 1 or more, at-risk from the at-risk
 *   threshold (0.9 unless set) up to 1, off-track below; immature for a
 *   cohort rate whose cohort has not had the usual time between its two
 *   stages (metrics.c, smk_mx_usuals); none without a target.
 * - joint attainment = sum of weight x min(attainment, cap) / sum of
 *   weights, over the KPIs that have a target and are not immature; cap
 *   1.2 unless set, weight 1 unless set with target --weight.
 */

enum kind { K_COUNT, K_MONEY, K_RATE, K_HOURS, K_DAYS };

struct def {
	const char *name;
	const char *team;
	int lower;              /* lower is better */
	int kind;
	int volume;             /* a target of a longer period is pro rata */
	int from, to;           /* cohort rates: the ranks (immaturity) */
	const char *what;
};

static const struct def defs[] = {
	{ "mqls", "marketing", 0, K_COUNT, 1, 0, 0,
	    "leads reaching mql in the period" },
	{ "acceptance_rate", "marketing", 0, K_RATE, 0, 1, 2,
	    "of the MQLs of the period, the share Sales accepted" },
	{ "mql_to_sql", "both", 0, K_RATE, 0, 1, 3,
	    "of the MQLs of the period, the share that reached sql" },
	{ "sql_to_won", "sales", 0, K_RATE, 0, 3, 4,
	    "of the opportunities of the period, the share won" },
	{ "win_rate", "sales", 0, K_RATE, 0, 0, 0,
	    "won / (won + lost), deals closed in the period" },
	{ "sla_compliance", "sales", 0, K_RATE, 0, 0, 0,
	    "MQLs answered within the SLA / MQLs answered or past it" },
	{ "response_p50_hours", "sales", 1, K_HOURS, 0, 0, 0,
	    "median hours from MQL to Sales' first answer" },
	{ "response_p90_hours", "sales", 1, K_HOURS, 0, 0, 0,
	    "90th percentile hours from MQL to Sales' first answer" },
	{ "cycle_p50_days", "sales", 1, K_DAYS, 0, 0, 0,
	    "median days from MQL to won, deals won in the period" },
	{ "cycle_p90_days", "sales", 1, K_DAYS, 0, 0, 0,
	    "90th percentile days from MQL to won" },
	{ "pipeline", "both", 0, K_MONEY, 1, 0, 0,
	    "amounts of the opportunities created in the period" },
	{ "revenue", "sales", 0, K_MONEY, 1, 0, 0,
	    "amounts won in the period" },
	{ "sourced_pipeline_share", "marketing", 0, K_RATE, 0, 0, 0,
	    "marketing-sourced pipeline / all pipeline" },
	{ "sourced_forecast_share", "marketing", 0, K_RATE, 0, 0, 0,
	    "marketing-sourced weighted forecast / all of it" },
	{ "weighted_forecast", "both", 0, K_MONEY, 0, 0, 0,
	    "open opportunities x the win probability of the last year" },
	{ "lead_velocity", "marketing", 0, K_RATE, 0, 0, 0,
	    "(MQLs - MQLs of the previous period) / MQLs of the previous" },
	{ "spend", "marketing", 1, K_MONEY, 1, 0, 0,
	    "spend in the period" },
	{ "cpl", "marketing", 1, K_MONEY, 0, 0, 0,
	    "spend / new leads" },
	{ "cac", "both", 1, K_MONEY, 0, 0, 0,
	    "spend / deals won" },
	{ "roi", "both", 0, K_RATE, 0, 0, 0,
	    "(revenue - spend) / spend" },
};
#define NDEFS (sizeof(defs) / sizeof(defs[0]))

int
smk_kpi_count(void)
{
	return (int)NDEFS;
}

int
smk_kpi_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NDEFS; i++)
		if (strcmp(name, defs[i].name) == 0)
			return (int)i;
	return -1;
}

const char *
smk_kpi_name(int k)
{
	return k >= 0 && (size_t)k < NDEFS ? defs[k].name : NULL;
}


/* ------------------------------------------------------------ values */

/* Everything the KPIs of one period are computed from. */
struct base {
	int64_t mqls, leads, won_n, lost_n, pipeline, pipeline_mkt, revenue;
	int64_t spend;
	int64_t coh[3], reach[3];    /* mql>sal, mql>sql, sql>won */
	int64_t sla_met, sla_due;
	double resp[2], cyc[2];
	int has_resp, has_cyc;
	struct smk_mx_forecast fc;
};

static int
sum_spend(struct smk_db *db, const struct smk_period *p, int64_t as_of,
    int64_t *spend, struct smk_err *err)
{
	struct smk_mx_set c = { 0 }, ch = { 0 };
	size_t i;
	int r = smk_mx_spend(db, p, as_of, &c, &ch, err);

	*spend = 0;
	for (i = 0; i < c.n; i++)
		*spend += c.c[i].spend;
	for (i = 0; i < ch.n; i++)
		*spend += ch.c[i].spend;
	smk_mx_free(&c);
	smk_mx_free(&ch);
	return r;
}

/* The median and the 90th percentile of d into v: 1, 0 when d is
 * empty, -1 with err. */
static int
median_p90(struct smk_mx_dist *d, double v[2], struct smk_err *err)
{
	int r;

	if ((r = smk_mx_quantile(d, 0.5, &v[0], err)) <= 0)
		return r;
	return smk_mx_quantile(d, 0.9, &v[1], err);
}

/* All of b but the forecast, from the period's flow fl (load_bases). */
static int
load_base(struct smk_db *db, const struct smk_period *p,
    const struct smk_kpi_opts *o, const struct smk_sla *sla,
    const struct smk_mx_flow *fl, struct base *b, struct smk_err *err)
{
	static const int pairs[3][2] = { { 1, 2 }, { 1, 3 }, { 3, 4 } };
	int64_t as_of = o->as_of;
	struct smk_mx_dist d = { 0 };
	size_t i;
	int r = -1;

	memset(b, 0, sizeof(*b));
	b->mqls = fl->reached[1];
	b->leads = fl->leads;
	for (i = 0; i < 3; i++) {
		b->coh[i] = fl->cohort[pairs[i][0]];
		b->reach[i] = fl->went_on[pairs[i][0]][pairs[i][1]];
	}
	b->pipeline = fl->pipeline;
	b->pipeline_mkt = fl->pipeline_marketing;
	b->revenue = fl->revenue;
	if (smk_mx_closed(db, p, as_of, &b->won_n, &b->lost_n, err) < 0 ||
	    sum_spend(db, p, as_of, &b->spend, err) < 0 ||
	    smk_mx_response(db, p, as_of, sla, &b->sla_met, &b->sla_due, NULL,
	    &d, err) < 0 || (b->has_resp = median_p90(&d, b->resp, err)) < 0)
		goto done;
	smk_mx_dist_free(&d);
	if (smk_mx_cycles(db, p, as_of, &d, err) < 0 ||
	    (b->has_cyc = median_p90(&d, b->cyc, err)) < 0)
		goto done;
	r = 0;
done:
	smk_mx_dist_free(&d);
	return r;
}

static int
ratio(double num, double den, double *out)
{
	if (den == 0)
		return 0;
	*out = num / den;
	return 1;
}

/* The value of KPI k from b (and prev for lead velocity); 0: none. */
static int
value_of(int k, const struct base *b, const struct base *prev, double *v)
{
	const char *n = defs[k].name;

	if (strcmp(n, "mqls") == 0)
		return *v = (double)b->mqls, 1;
	if (strcmp(n, "acceptance_rate") == 0)
		return ratio((double)b->reach[0], (double)b->coh[0], v);
	if (strcmp(n, "mql_to_sql") == 0)
		return ratio((double)b->reach[1], (double)b->coh[1], v);
	if (strcmp(n, "sql_to_won") == 0)
		return ratio((double)b->reach[2], (double)b->coh[2], v);
	if (strcmp(n, "win_rate") == 0)
		return ratio((double)b->won_n, (double)(b->won_n + b->lost_n),
		    v);
	if (strcmp(n, "sla_compliance") == 0)
		return ratio((double)b->sla_met, (double)b->sla_due, v);
	if (strcmp(n, "response_p50_hours") == 0)
		return b->has_resp ? (*v = b->resp[0], 1) : 0;
	if (strcmp(n, "response_p90_hours") == 0)
		return b->has_resp ? (*v = b->resp[1], 1) : 0;
	if (strcmp(n, "cycle_p50_days") == 0)
		return b->has_cyc ? (*v = b->cyc[0], 1) : 0;
	if (strcmp(n, "cycle_p90_days") == 0)
		return b->has_cyc ? (*v = b->cyc[1], 1) : 0;
	if (strcmp(n, "pipeline") == 0)
		return *v = (double)b->pipeline, 1;
	if (strcmp(n, "revenue") == 0)
		return *v = (double)b->revenue, 1;
	if (strcmp(n, "sourced_pipeline_share") == 0)
		return ratio((double)b->pipeline_mkt, (double)b->pipeline, v);
	if (strcmp(n, "sourced_forecast_share") == 0)
		return b->fc.known ? ratio((double)b->fc.weighted_marketing,
		    (double)b->fc.weighted, v) : 0;
	if (strcmp(n, "weighted_forecast") == 0)
		return b->fc.known ? (*v = (double)b->fc.weighted, 1) : 0;
	if (strcmp(n, "lead_velocity") == 0)
		return prev != NULL ? ratio((double)(b->mqls - prev->mqls),
		    (double)prev->mqls, v) : 0;
	if (strcmp(n, "spend") == 0)
		return *v = (double)b->spend, 1;
	if (strcmp(n, "cpl") == 0)
		return ratio((double)b->spend, (double)b->leads, v);
	if (strcmp(n, "cac") == 0)
		return ratio((double)b->spend, (double)b->won_n, v);
	if (strcmp(n, "roi") == 0)
		return ratio((double)(b->revenue - b->spend), (double)b->spend,
		    v);
	return 0;
}

/* ----------------------------------------------------------- targets */

static const char sql_targets_of[] =
    "SELECT period, value FROM targets WHERE kpi = ?1";
static const char sql_target_put[] =
    "INSERT INTO targets (kpi, period, value, set_at, set_by) VALUES "
    "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (kpi, period) DO UPDATE SET "
    "value = excluded.value, set_at = excluded.set_at, "
    "set_by = excluded.set_by";
static const char sql_targets[] =
    "SELECT t.kpi, t.period, t.value, t.set_at, t.set_by, "
    "(SELECT s.value FROM settings s WHERE s.name = 'kpi_weight.' || "
    "t.kpi) FROM targets t ORDER BY t.kpi, t.period";

struct tgt {
	const struct smk_period *p;
	int volume;
	/* the finest stored period containing p */
	int64_t best_len;
	double best;
	int have_best;
	/* stored periods inside p: their total length and values */
	int64_t inside_len;
	double inside_sum, inside_wsum;
	int64_t now;
};

static int
target_row(void *ctx, const struct smk_row *row)
{
	struct tgt *t = ctx;
	struct smk_period q;
	const char *why;
	double v;
	int64_t len;

	/* a stored period reads back as the period it named */
	if (smk_period_parse(smk_row_text(row, 0), t->now, &q, &why) < 0)
		return 0;
	v = strtod(smk_row_text(row, 1), NULL);
	len = q.to - q.from;
	if (q.from <= t->p->from && t->p->to <= q.to) {
		if (!t->have_best || len < t->best_len) {
			t->best_len = len;
			t->best = t->volume ? v * (double)(t->p->to - t->p->from)
			    / (double)len : v;
			t->have_best = 1;
		}
	} else if (t->p->from <= q.from && q.to <= t->p->to) {
		t->inside_len += len;
		t->inside_sum += v;
		t->inside_wsum += v * (double)len;
	}
	return 0;
}

/*
 * The target of KPI k for period p: the period's own, else the finest
 * stored one containing it (pro rata for volumes), else the stored ones
 * inside it when they cover it (their sum for volumes, their mean by
 * length for the others).  1 with *v, 0 when none, -1 on error.
 */
static int
target_of(struct smk_db *db, int k, const struct smk_period *p, double *v,
    struct smk_err *err)
{
	struct tgt t;

	memset(&t, 0, sizeof(t));
	t.p = p;
	t.volume = defs[k].volume;
	t.now = smk_time_now();
	if (smk_db_select(db, sql_targets_of, target_row, &t, err, "t",
	    defs[k].name) < 0)
		return -1;
	if (t.have_best) {
		*v = t.best;
		return 1;
	}
	if (t.inside_len > 0 && t.inside_len == p->to - p->from) {
		*v = t.volume ? t.inside_sum : t.inside_wsum /
		    (double)t.inside_len;
		return 1;
	}
	return 0;
}

static double
weight_of(struct smk_db *db, int k, struct smk_err *err)
{
	char name[64], *v = NULL;
	double w = 1;

	snprintf(name, sizeof(name), "kpi_weight.%s", defs[k].name);
	if (smk_db_setting_get(db, name, &v, err) == 0 && v != NULL)
		w = strtod(v, NULL);
	free(v);
	return w;
}

int
smk_kpi_parse_value(int k, const char *s, double *v, const char **why)
{
	int64_t cents;
	char *end;
	size_t n;

	if (defs[k].kind == K_MONEY) {
		if (smk_money_parse(s, 0, &cents, why) < 0)
			return -1;
		*v = (double)cents;
		return 0;
	}
	*v = strtod(s, &end);
	n = strlen(s);
	if (end == s || (*end != '\0' && !(*end == '%' && end[1] == '\0')) ||
	    n == 0 || !isfinite(*v) || *v < 0) {
		*why = defs[k].kind == K_RATE ? "not a rate (0.6 or 60%)" :
		    "not a number";
		return -1;
	}
	if (*end == '%') {
		if (defs[k].kind != K_RATE) {
			*why = "a percentage, but the KPI is not a rate";
			return -1;
		}
		*v /= 100;
	}
	return 0;
}

int
smk_kpi_target_set(struct smk_db *db, const char *kpi, const char *period,
    const char *value, const char *weight, const char *actor,
    struct smk_err *err)
{
	struct smk_period p;
	const char *why;
	char name[64];
	double v, w;
	char *end;
	int k;

	if ((k = smk_kpi_lookup(kpi)) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "kpi",
		    "'%s': no such KPI (joint-kpi -h lists them)", kpi);
	if (smk_period_parse(period, smk_time_now(), &p, &why) < 0 ||
	    smk_period_name(&p, name, &why) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "period",
		    "'%s': %s", period, why);
	if (smk_kpi_parse_value(k, value, &v, &why) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "value",
		    "'%s': %s", value, why);
	/* every value checked before anything is written: a row of a
	 * targets file refused for its weight must not set its target */
	if (weight != NULL) {
		w = strtod(weight, &end);
		if (*weight == '\0' || *end != '\0' || !(w >= 0 && w <= 1000))
			return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0,
			    "weight", "'%s': not a weight from 0 to 1000",
			    weight);
	}
	if (smk_db_exec(db, sql_target_put, err, "ttdit", defs[k].name, name,
	    v, smk_time_now(), actor) < 0)
		return -1;
	if (weight != NULL) {
		snprintf(name, sizeof(name), "kpi_weight.%s", defs[k].name);
		if (smk_db_setting_set(db, name, weight, err) < 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ report */

static const char *const status_names[] = {
	[SMK_KS_NONE] = NULL, [SMK_KS_ON_TRACK] = "on-track",
	[SMK_KS_AT_RISK] = "at-risk", [SMK_KS_OFF_TRACK] = "off-track",
	[SMK_KS_IMMATURE] = "immature"
};

const char *
smk_kpi_status_name(int st)
{
	return st >= 0 && st <= SMK_KS_IMMATURE ? status_names[st] : NULL;
}

int
smk_kpi_status_parse(const char *s)
{
	int st;

	for (st = SMK_KS_ON_TRACK; st <= SMK_KS_OFF_TRACK; st++)
		if (strcmp(s, status_names[st]) == 0)
			return st;
	return -1;
}

/* The bases of n periods, each with the forecast as it stood at the
 * end of the period, or at the as-of time if earlier: the forecasts of
 * every period in one pass. */
static int
load_bases(struct smk_db *db, size_t n, const struct smk_period *per,
    const struct smk_kpi_opts *o, const struct smk_sla *sla, struct base *b,
    struct smk_err *err)
{
	struct smk_mx_forecast *fc = smk_xcalloc(n, sizeof(*fc));
	int64_t *at = smk_xcalloc(n, sizeof(*at));
	struct smk_mx_flow *fl = smk_xcalloc(n, sizeof(*fl));
	struct smk_period *miss = smk_xcalloc(n, sizeof(*miss));
	size_t *slot = smk_xcalloc(n, sizeof(*slot));
	size_t i, j, nmiss = 0;
	int r = -1;

	/* each period's flow as the caller read it, the others read here
	 * in one go (smk_mx_flows) */
	for (i = 0; i < n; i++) {
		for (j = 0; j < o->nflow && (o->flow_period[j].from !=
		    per[i].from || o->flow_period[j].to != per[i].to); j++)
			;
		if (j < o->nflow)
			fl[i] = o->flow[j];
		else {
			slot[nmiss] = i;
			miss[nmiss++] = per[i];
		}
	}
	if (nmiss > 0) {
		struct smk_mx_flow *got = smk_xcalloc(nmiss, sizeof(*got));

		if (smk_mx_flows(db, nmiss, miss, o->as_of, got, err) < 0) {
			free(got);
			goto done;
		}
		for (j = 0; j < nmiss; j++)
			fl[slot[j]] = got[j];
		free(got);
	}
	for (i = 0; i < n; i++) {
		if (load_base(db, &per[i], o, sla, &fl[i], &b[i], err) < 0)
			goto done;
		at[i] = per[i].to <= o->as_of ? per[i].to - 1 : o->as_of;
	}
	if (smk_mx_forecasts(db, n, at, SMK_MX_FORECAST_WINDOW, fc, err) < 0)
		goto done;
	for (i = 0; i < n; i++)
		b[i].fc = fc[i];
	r = 0;
done:
	free(fc);
	free(at);
	free(fl);
	free(miss);
	free(slot);
	return r;
}

/* The index of p in per[0 .. *n), added at the end when missing. */
static size_t
period_slot(struct smk_period *per, size_t *n, const struct smk_period *p)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (per[i].from == p->from && per[i].to == p->to)
			return i;
	per[*n] = *p;
	return (*n)++;
}

/* The rows and score of period p from its base b, the previous period's
 * pb and the one before, ppb; usual[k]: the usual time of cohort KPI k
 * (has_usual[k] 0: none). */
static int
rows_of(struct smk_db *db, const struct smk_kpi_opts *o,
    const struct smk_period *p, const struct base *b, const struct base *pb,
    const struct base *ppb, const double *usual, const int *has_usual,
    struct smk_kpi_row *rows, struct smk_kpi_score *score,
    struct smk_err *err)
{
	double cap = o->cap > 0 ? o->cap : SMK_KPI_CAP;
	double at_risk = o->at_risk > 0 ? o->at_risk : SMK_KPI_AT_RISK;
	double wsum = 0, asum = 0, t = 0, a, w;
	int64_t elapsed, end;
	size_t k;
	int r;

	memset(score, 0, sizeof(*score));
	end = p->to < o->as_of ? p->to : o->as_of;
	elapsed = end - p->from;
	for (k = 0; k < NDEFS; k++) {
		struct smk_kpi_row *row = &rows[k];

		memset(row, 0, sizeof(*row));
		row->kpi = (int)k;
		row->name = defs[k].name;
		row->team = defs[k].team;
		row->lower_better = defs[k].lower;
		row->money = defs[k].kind == K_MONEY;
		row->count = defs[k].kind == K_COUNT;
		row->has_actual = value_of((int)k, b, pb, &row->actual);
		row->has_prev = value_of((int)k, pb, ppb, &row->prev);
		if ((r = target_of(db, (int)k, p, &t, err)) < 0)
			return -1;
		if (r == 1) {
			row->has_target = 1;
			row->target = t;
			/* on pace: a volume's target pro rata to the time
			 * gone by */
			if (defs[k].volume && elapsed < p->to - p->from &&
			    elapsed > 0)
				t = t * (double)elapsed /
				    (double)(p->to - p->from);
			row->pace = t;
		}
		if (defs[k].from > 0 && has_usual[k] &&
		    (double)(o->as_of - end) < usual[k])
			row->immature = 1;
		if (!row->has_target || !row->has_actual)
			continue;
		if (defs[k].lower)
			a = row->actual <= 0 ? cap : t / row->actual;
		else
			a = t <= 0 ? (row->actual >= 0 ? cap : 0) :
			    row->actual / t;
		row->attainment = a;
		row->has_attainment = 1;
		if (row->immature)
			row->status = SMK_KS_IMMATURE;
		else if (a >= 1)
			row->status = SMK_KS_ON_TRACK;
		else if (a >= at_risk)
			row->status = SMK_KS_AT_RISK;
		else
			row->status = SMK_KS_OFF_TRACK;
		if (row->immature)
			continue;
		w = weight_of(db, (int)k, err);
		wsum += w;
		asum += w * (a < cap ? a : cap);
	}
	if (wsum > 0) {
		score->known = 1;
		score->value = asum / wsum;
		score->status = score->value >= 1 ? SMK_KS_ON_TRACK :
		    score->value >= at_risk ? SMK_KS_AT_RISK : SMK_KS_OFF_TRACK;
	}
	return 0;
}

size_t
smk_kpi_usual_add(struct smk_mx_usual_q *q, size_t n, int64_t as_of)
{
	size_t k;

	for (k = 0; k < NDEFS; k++)
		if (defs[k].from != 0)
			n = smk_mx_usual_add(q, n, as_of,
			    SMK_MX_FORECAST_WINDOW, defs[k].from, defs[k].to);
	return n;
}

int
smk_kpi_compute_periods(struct smk_db *db, const struct smk_kpi_opts *o,
    size_t n, const struct smk_period *per, struct smk_kpi_row *rows,
    struct smk_kpi_score *score, struct smk_err *err)
{
	struct smk_period pp, ppp, *need;
	struct smk_sla sla;
	struct smk_mx_usual_q uq[NDEFS];
	struct base *b = NULL;
	size_t *slot, i, j, k, nneed = 0, nuq;
	double usual[NDEFS];
	int has_usual[NDEFS];
	const char *why;
	int rc = -1;

	/* every period asked and the two before each, once */
	need = smk_xcalloc(3 * n + 1, sizeof(*need));
	slot = smk_xcalloc(3 * n + 1, sizeof(*slot));
	if (smk_sla_conf(db, NULL, NULL, NULL, &sla, err) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if (smk_period_prev(&per[i], &pp, &why) < 0 ||
		    smk_period_prev(&pp, &ppp, &why) < 0) {
			smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, NULL,
			    "no period before this one: %s", why);
			goto done;
		}
		slot[3 * i] = period_slot(need, &nneed, &per[i]);
		slot[3 * i + 1] = period_slot(need, &nneed, &pp);
		slot[3 * i + 2] = period_slot(need, &nneed, &ppp);
	}
	b = smk_xcalloc(nneed, sizeof(*b));
	if (load_bases(db, nneed, need, o, &sla, b, err) < 0)
		goto done;
	/* the usual times depend on the as-of time alone: all in one pass,
	 * unless the caller read them already */
	nuq = smk_kpi_usual_add(uq, 0, o->as_of);
	for (j = 0; j < nuq; j++) {
		const struct smk_mx_usual_q *u = smk_mx_usual_find(o->usual,
		    o->nusual, uq[j].at, uq[j].window, uq[j].a, uq[j].b);

		if (u == NULL)
			break;
		uq[j] = *u;
	}
	if (j < nuq && smk_mx_usuals(db, nuq, uq, err) < 0)
		goto done;
	for (k = 0; k < NDEFS; k++) {
		const struct smk_mx_usual_q *u = defs[k].from == 0 ? NULL :
		    smk_mx_usual_find(uq, nuq, o->as_of,
		    SMK_MX_FORECAST_WINDOW, defs[k].from, defs[k].to);

		has_usual[k] = u != NULL && u->known;
		usual[k] = u != NULL ? u->seconds : 0;
	}
	for (i = 0; i < n; i++)
		if (rows_of(db, o, &per[i], &b[slot[3 * i]],
		    &b[slot[3 * i + 1]], &b[slot[3 * i + 2]], usual, has_usual,
		    rows + i * NDEFS, &score[i], err) < 0)
			goto done;
	rc = 0;
done:
	free(need);
	free(slot);
	free(b);
	return rc;
}

int
smk_kpi_compute(struct smk_db *db, const struct smk_kpi_opts *o,
    struct smk_kpi_row *rows, struct smk_kpi_score *score,
    struct smk_err *err)
{
	return smk_kpi_compute_periods(db, o, 1, &o->period, rows, score,
	    err);
}

/* "-0.000" as "0.000": a change too small to print has no sign. */
static void
unsign_zero(char *buf)
{
	const char *p;

	if (buf[0] != '-')
		return;
	for (p = buf + 1; *p != '\0'; p++)
		if (*p != '0' && *p != '.' && *p != ',')
			return;
	memmove(buf, buf + 1, strlen(buf));
}

/* A KPI's value as its kind prints. */
static void
fmt_value(int k, double v, int money_display, const char *cur, char *buf,
    size_t size)
{
	char m[48];

	switch (defs[k].kind) {
	case K_MONEY:
		if (money_display)
			smk_money_format_table((int64_t)llround(v), cur, m);
		else
			smk_money_format((int64_t)llround(v), m);
		snprintf(buf, size, "%s", m);
		break;
	case K_COUNT:
		/* a count, or a target pro rata: a tenth is enough */
		snprintf(buf, size, v == floor(v) ? "%.0f" : "%.1f", v);
		break;
	case K_RATE:
		snprintf(buf, size, "%.3f", v);
		break;
	default:
		snprintf(buf, size, "%.1f", v);
		break;
	}
	unsign_zero(buf);
}

void
smk_kpi_format(int k, double v, int money_display, const char *cur,
    char *buf, size_t size)
{
	fmt_value(k, v, money_display, cur, buf, size);
}

long
smk_kpi_list(struct smk_db *db, const struct smk_kpi_opts *o,
    const struct smk_listing *out, int *worst, struct smk_err *err)
{
	static const char *const names[] = { "kpi", "team", "better",
	    "actual", "target", "attainment", "previous", "change", "status" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM,
	    SMK_COL_NUM, SMK_COL_TEXT };
	struct smk_kpi_row rows[64];
	struct smk_kpi_score sc;
	char cur[4], act[48], tgt[48], att[32], prev[48], chg[48];
	const char *cells[9];
	size_t k;

	*worst = SMK_KS_NONE;
	if (smk_currency_get(db, cur, err) < 0 ||
	    smk_kpi_compute(db, o, rows, &sc, err) < 0)
		return -1;
	out->begin(out->ctx, 9, names, types);
	for (k = 0; k < NDEFS; k++) {
		struct smk_kpi_row *r = &rows[k];

		fmt_value((int)k, r->actual, o->money_display, cur, act,
		    sizeof(act));
		fmt_value((int)k, r->target, o->money_display, cur, tgt,
		    sizeof(tgt));
		fmt_value((int)k, r->prev, o->money_display, cur, prev,
		    sizeof(prev));
		fmt_value((int)k, r->actual - r->prev, o->money_display, cur,
		    chg, sizeof(chg));
		snprintf(att, sizeof(att), "%.3f", r->attainment);
		cells[0] = r->name;
		cells[1] = r->team;
		cells[2] = r->lower_better ? "lower" : "higher";
		cells[3] = r->has_actual ? act : NULL;
		cells[4] = r->has_target ? tgt : NULL;
		cells[5] = r->has_attainment ? att : NULL;
		cells[6] = r->has_prev ? prev : NULL;
		cells[7] = r->has_actual && r->has_prev ? chg : NULL;
		cells[8] = r->immature && !r->has_target ? "immature" :
		    smk_kpi_status_name(r->status);
		out->row(out->ctx, cells);
		if (r->status >= SMK_KS_ON_TRACK && r->status <= SMK_KS_OFF_TRACK
		    && r->status > *worst)
			*worst = r->status;
	}
	snprintf(att, sizeof(att), "%.3f", sc.value);
	cells[0] = "joint_attainment";
	cells[1] = "both";
	cells[2] = "higher";
	cells[3] = sc.known ? att : NULL;
	cells[4] = NULL;
	cells[5] = NULL;
	cells[6] = NULL;
	cells[7] = NULL;
	cells[8] = sc.known ? smk_kpi_status_name(sc.status) : NULL;
	out->row(out->ctx, cells);
	return (long)NDEFS;
}

/* ------------------------------------------------------------ targets */

struct tl {
	const struct smk_listing *out;
	long n;
};

static int
targets_row(void *ctx, const struct smk_row *row)
{
	struct tl *t = ctx;
	const char *cells[6];
	char val[48], at[32];
	int k = smk_kpi_lookup(smk_row_text(row, 0));

	if (k >= 0)
		fmt_value(k, strtod(smk_row_text(row, 2), NULL), 0, NULL, val,
		    sizeof(val));
	else
		snprintf(val, sizeof(val), "%s", smk_row_text(row, 2));
	smk_time_format_local(smk_row_int(row, 3), at);
	cells[0] = smk_row_text(row, 0);
	cells[1] = smk_row_text(row, 1);
	cells[2] = val;
	cells[3] = smk_row_text(row, 5) != NULL ? smk_row_text(row, 5) : "1";
	cells[4] = at;
	cells[5] = smk_row_text(row, 4);
	t->out->row(t->out->ctx, cells);
	t->n++;
	return 0;
}

long
smk_list_targets(struct smk_db *db, const struct smk_listing *out,
    struct smk_err *err)
{
	static const char *const names[] = { "kpi", "period", "value",
	    "weight", "set_at", "set_by" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_NUM,
	    SMK_COL_NUM, SMK_COL_TEXT, SMK_COL_TEXT };
	struct tl t = { out, 0 };

	out->begin(out->ctx, 6, names, types);
	return smk_db_select(db, sql_targets, targets_row, &t, err, "") < 0 ?
	    -1 : t.n;
}

/* ------------------------------------------------------- target --from */

enum { TF_KPI, TF_PERIOD, TF_VALUE, TF_WEIGHT, TF_COUNT };
static const char *const tf_names[TF_COUNT] = {
	"kpi", "period", "value", "weight"
};
static const struct smk_spelling tf_spellings[] = {
	{ "kpi", TF_KPI, 0 }, { "metric", TF_KPI, 0 }, { "name", TF_KPI, 0 },
	{ "period", TF_PERIOD, 0 }, { "quarter", TF_PERIOD, 0 },
	{ "month", TF_PERIOD, 0 }, { "week", TF_PERIOD, 0 },
	{ "value", TF_VALUE, 0 }, { "target", TF_VALUE, 0 },
	{ "weight", TF_WEIGHT, 0 },
};
static const struct smk_fieldset tf_fields = {
	TF_COUNT, tf_names, tf_spellings,
	sizeof(tf_spellings) / sizeof(tf_spellings[0])
};

static int
target_sheet_row(void *ctx, struct smk_db *db, const char *const *v,
    struct smk_err *e)
{
	const char *actor = ctx;

	if (v[TF_PERIOD] == NULL || v[TF_VALUE] == NULL)
		return smk_err_set(e, SMK_EXIT_FINDINGS, NULL, 0,
		    v[TF_PERIOD] == NULL ? "period" : "value", "empty"), 1;
	if (smk_kpi_target_set(db, v[TF_KPI], v[TF_PERIOD], v[TF_VALUE],
	    v[TF_WEIGHT], actor, e) == 0)
		return 0;
	return e->status == SMK_EXIT_FAILURE ? -1 : 1;
}

int
smk_kpi_target_load(struct smk_db *db, const char *path, const char *actor,
    const struct smk_sheet_opts *o, struct smk_err *err)
{
	return smk_sheet_load(db, path, &tf_fields, TF_KPI, target_sheet_row,
	    (void *)(uintptr_t)actor, o, err);
}
