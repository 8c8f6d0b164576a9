/* funnelrep.c — joint-kpi funnel: leads reaching each stage, conversion, time in stage, and where leads leak. */
#include <stdio.h>
#include <string.h>

#include "sla.h"
#include "smk_int.h"

/*
 * Every number comes from metrics.c; this module only lays the funnel out,
 * one listing of two parts (joint-kpi(1), FUNNEL, has the rules for users):
 *
 * - A row per stage, lead to won: the leads that reached it in the period
 *   (the counts of campaign-report), those of them still in it at the
 *   as-of time, the amounts (pipeline at sql, revenue at won), the
 *   conversion into it from the stage before as a cohort rate (the
 *   scoreboard's acceptance_rate at sal, sql_to_won at won) and as a
 *   period rate (reached it / reached the stage before, both in the
 *   period), the median days leads stood in it, and whether the cohort
 *   rate is final or immature (the scoreboard's rule).
 * - A row per leak, before the hand-off (never qualified), at it (Sales'
 *   rejections by outcome and reason, the MQLs left past their SLA
 *   deadline) and after it (deals lost, opportunities dropped, by
 *   reason, with the amounts at stake), each with the team that owns
 *   that part of the funnel.
 */

#define NSTAGES 5            /* lead, mql, sal, sql, won */

/* A stage's team: the owner of the scoreboard's KPI for the conversion
 * into it (cpl and mqls, acceptance_rate, mql_to_sql, sql_to_won). */
static const char *const stage_team[NSTAGES] = {
	"marketing", "marketing", "marketing", "both", "sales"
};

struct figs {
	int64_t reached[NSTAGES];   /* leads reaching each in the period;
	                             * lead: created in it */
	int64_t in_stage[NSTAGES];
	int64_t pipeline, revenue;
	int64_t coh[NSTAGES], conv[NSTAGES]; /* the cohort into stage k
	                             * (from k - 1) and those that reached k */
	int immature[NSTAGES];
	double days[NSTAGES - 1];   /* median days in lead .. sql */
	int has_days[NSTAGES - 1];
	struct smk_mx_leak rejected, recycled; /* Sales' rejections */
	struct smk_mx_losses losses;
	int64_t unanswered;
};

static int
rejection_row(void *ctx, const struct smk_row *row)
{
	struct figs *f = ctx;
	const char *outcome = smk_row_text(row, 2);
	struct smk_mx_leak *k = outcome != NULL &&
	    strcmp(outcome, "recycled") == 0 ? &f->recycled : &f->rejected;

	/* rows per campaign: the funnel adds them up */
	k->n[smk_mx_reason_index(smk_row_text(row, 1))] +=
	    (long)smk_row_int(row, 3);
	return 0;
}

static int
load(struct smk_db *db, const struct smk_funnel_opts *o, struct figs *f,
    struct smk_err *err)
{
	const struct smk_period *p = &o->period;
	struct smk_mx_flow fl;
	struct smk_mx_usual_q uq[4];
	struct smk_mx_dist days[NSTAGES - 1];
	struct smk_sla sla;
	int64_t met, due, answered, end;
	int k, rc = -1;

	memset(days, 0, sizeof(days));
	if (smk_mx_flows(db, 1, p, o->as_of, &fl, err) < 0)
		goto done;
	/* the ranks of metrics.c (1 mql .. 4 won) are the stages' numbers */
	f->reached[SMK_ST_LEAD] = fl.leads;
	for (k = SMK_ST_MQL; k <= SMK_ST_WON; k++)
		f->reached[k] = fl.reached[k];
	f->pipeline = fl.pipeline;
	f->revenue = fl.revenue;
	if (smk_mx_lead_cohort(db, p, o->as_of, &f->coh[SMK_ST_MQL],
	    &f->conv[SMK_ST_MQL], err) < 0)
		goto done;
	for (k = SMK_ST_SAL; k <= SMK_ST_WON; k++) {
		f->coh[k] = fl.cohort[k - 1];
		f->conv[k] = fl.went_on[k - 1][k];
	}
	/* immature: the period ended less than the usual time between the
	 * two stages before the as-of time (kpi.c's rule) */
	end = p->to < o->as_of ? p->to : o->as_of;
	/* each stage from the one before (mql: from the lead's creation),
	 * in one pass */
	memset(uq, 0, sizeof(uq));
	for (k = SMK_ST_MQL; k <= SMK_ST_WON; k++) {
		uq[k - SMK_ST_MQL].at = o->as_of;
		uq[k - SMK_ST_MQL].window = SMK_MX_FORECAST_WINDOW;
		uq[k - SMK_ST_MQL].a = k - 1;
		uq[k - SMK_ST_MQL].b = k;
	}
	if (smk_mx_usuals(db, 4, uq, err) < 0)
		goto done;
	for (k = SMK_ST_MQL; k <= SMK_ST_WON; k++)
		f->immature[k] = uq[k - SMK_ST_MQL].known && (double)(o->as_of -
		    end) < uq[k - SMK_ST_MQL].seconds;
	if (smk_mx_in_stage(db, p, o->as_of, f->in_stage, err) < 0 ||
	    smk_mx_stage_days(db, p, o->as_of, days, err) < 0 ||
	    smk_mx_rejections(db, p, o->as_of, rejection_row, f, err) < 0 ||
	    smk_mx_losses(db, p, o->as_of, &f->losses, err) < 0 ||
	    smk_sla_conf(db, NULL, NULL, NULL, &sla, err) < 0 ||
	    smk_mx_response(db, p, o->as_of, &sla, &met, &due, &answered,
	    NULL, err) < 0)
		goto done;
	/* the windows due are those answered and those past their
	 * deadline without an answer (counted: no hours kept) */
	f->unanswered = due - answered;
	/* the medians now, so that the report is not cut off by a failure
	 * to read a temporary file */
	for (k = SMK_ST_LEAD; k <= SMK_ST_SQL; k++)
		if ((f->has_days[k] = smk_mx_quantile(&days[k], 0.5,
		    &f->days[k], err)) < 0)
			goto done;
	rc = 0;
done:
	for (k = SMK_ST_LEAD; k <= SMK_ST_SQL; k++)
		smk_mx_dist_free(&days[k]);
	return rc;
}

struct emit {
	const struct smk_listing *out;
	const struct smk_funnel_opts *o;
	char cur[4];
	long n;
};

static void
money(const struct emit *e, int64_t cents, char buf[40])
{
	if (e->o->money_display)
		smk_money_format_table(cents, e->cur, buf);
	else
		smk_money_format(cents, buf);
}

static void
row(struct emit *e, const char *section, const char *name,
    const char *team, int64_t count, const int64_t *value)
{
	const char *cells[10];
	char n[24], v[40];

	snprintf(n, sizeof(n), "%lld", (long long)count);
	if (value != NULL)
		money(e, *value, v);
	memset(cells, 0, sizeof(cells));
	cells[0] = section;
	cells[1] = name;
	cells[2] = team;
	cells[3] = n;
	cells[5] = value != NULL ? v : NULL;
	e->out->row(e->out->ctx, cells);
	e->n++;
}

static void
stage_rows(struct emit *e, struct figs *f)
{
	const char *cells[10];
	char n[24], in[24], v[40], coh[24], per[24], days[24];
	double x;
	int k;

	for (k = SMK_ST_LEAD; k <= SMK_ST_WON; k++) {
		memset(cells, 0, sizeof(cells));
		snprintf(n, sizeof(n), "%lld", (long long)f->reached[k]);
		snprintf(in, sizeof(in), "%lld", (long long)f->in_stage[k]);
		cells[0] = "stage";
		cells[1] = smk_stage_name(k);
		cells[2] = stage_team[k];
		cells[3] = n;
		cells[4] = in;
		if (k == SMK_ST_SQL || k == SMK_ST_WON) {
			money(e, k == SMK_ST_SQL ? f->pipeline : f->revenue,
			    v);
			cells[5] = v;
		}
		if (k > SMK_ST_LEAD && smk_mx_ratio(f->conv[k], f->coh[k],
		    &x) == 0) {
			snprintf(coh, sizeof(coh), "%.3f", x);
			cells[6] = coh;
			cells[9] = f->immature[k] ? "immature" : "final";
		}
		if (k > SMK_ST_LEAD && smk_mx_ratio(f->reached[k],
		    f->reached[k - 1], &x) == 0) {
			snprintf(per, sizeof(per), "%.3f", x);
			cells[7] = per;
		}
		if (k < SMK_ST_WON && f->has_days[k]) {
			snprintf(days, sizeof(days), "%.1f", f->days[k]);
			cells[8] = days;
		}
		e->out->row(e->out->ctx, cells);
		e->n++;
	}
}

/* A leak's rows, one per reason that occurred: the commonest first,
 * ties in the order of the reason codes; "kind" alone for none. */
static void
leak_rows(struct emit *e, const char *section, const char *kind,
    const char *team, const struct smk_mx_leak *k, int with_value)
{
	char name[64];
	int done[SMK_MX_NREASONS] = { 0 };
	int i, best;

	for (;;) {
		best = -1;
		for (i = 0; i < SMK_MX_NREASONS; i++)
			if (!done[i] && k->n[i] > 0 &&
			    (best < 0 || k->n[i] > k->n[best]))
				best = i;
		if (best < 0)
			break;
		done[best] = 1;
		if (best < SMK_MX_NREASONS - 1)
			snprintf(name, sizeof(name), "%s:%s", kind,
			    smk_reason_codes[best]);
		else
			snprintf(name, sizeof(name), "%s", kind);
		row(e, section, name, team, k->n[best], with_value &&
		    k->valued[best] ? &k->value[best] : NULL);
	}
}

long
smk_funnel_report(struct smk_db *db, const struct smk_funnel_opts *o,
    const struct smk_listing *out, struct smk_err *err)
{
	static const char *const names[] = { "section", "name", "team",
	    "count", "in_stage", "value", "cohort_rate", "period_rate",
	    "median_days", "maturity" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM,
	    SMK_COL_NUM, SMK_COL_NUM, SMK_COL_TEXT };
	struct figs f;
	struct emit e;

	memset(&f, 0, sizeof(f));
	memset(&e, 0, sizeof(e));
	e.out = out;
	e.o = o;
	if (smk_currency_get(db, e.cur, err) < 0 || load(db, o, &f, err) < 0)
		return -1;
	out->begin(out->ctx, 10, names, types);
	stage_rows(&e, &f);
	/* before the hand-off: leads of the period that never reached mql */
	row(&e, "before-handoff", "never-qualified", "marketing",
	    f.coh[SMK_ST_MQL] - f.conv[SMK_ST_MQL], NULL);
	/* at it: what Sales turned down is Marketing's to fix (the
	 * acceptance rate is its KPI); an MQL left unanswered is Sales' */
	leak_rows(&e, "at-handoff", "rejected", "marketing", &f.rejected, 0);
	leak_rows(&e, "at-handoff", "recycled", "marketing", &f.recycled, 0);
	row(&e, "at-handoff", "unanswered", "sales", f.unanswered, NULL);
	/* after it: opportunities that did not close won */
	leak_rows(&e, "after-handoff", "lost", "sales", &f.losses.lost, 1);
	leak_rows(&e, "after-handoff", "dropped", "sales", &f.losses.dropped,
	    1);
	return e.n;
}
