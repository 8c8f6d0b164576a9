/* forecast.c — joint-kpi forecast: the weighted forecast by source, and how the same method did over the last closed quarters. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"

/*
 * The numbers are metrics.c's (smk_mx_forecast, smk_mx_forecast_actual);
 * this module picks the moments and lays out the rows.  The decisions
 * (joint-kpi(1), FORECAST, has them for users):
 *
 * - The forecast now is smk_mx_forecast at the as-of time, the call the
 *   scoreboard makes for weighted_forecast and sourced_forecast_share, so
 *   that the two listings agree to the cent.  The sales-sourced row is
 *   the total less the marketing-sourced row: each of those two is
 *   rounded once, and the rows add up.
 * - One probability, the one of sql.  A lead at sal has no amount: a
 *   money forecast could only weigh it at an assumed deal size, a number
 *   nobody quoted; it contributes nothing until Sales qualifies it.
 * - The back-test: each of the last SMK_FORECAST_QUARTERS calendar
 *   quarters (local zone) that ended by the as-of time.  The forecast of
 *   a quarter is the one made as the events stood just before it began
 *   (its first second excluded), so that it reads only history before
 *   the quarter: the window is then exactly the 365 days before the
 *   quarter.  Its actual is what those open opportunities were won at
 *   within the quarter: deals opened during the quarter are not what the
 *   forecast weighed, and counting them would reward a forecast for new
 *   business it never saw.  error = forecast - actual (positive: too
 *   high), relative error = error / actual (none when nothing was won).
 * - The summary: the mean absolute error of the quarters that had a
 *   forecast, and the mean absolute relative error (MAPE) of those that
 *   also had an actual above 0.
 */

#define NCOLS 11

static const char *const col_names[NCOLS] = {
	"forecast", "deals", "open", "history_closed", "history_won",
	"probability", "weighted", "share", "actual", "error",
	"relative_error"
};
static const int col_types[NCOLS] = {
	SMK_COL_TEXT, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM,
	SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM, SMK_COL_NUM,
	SMK_COL_NUM
};

/* The cells of one row, and room for their text. */
struct line {
	const char *cell[NCOLS];
	char buf[NCOLS][48];
	int money_display;
	const char *cur;
};

static void
line_init(struct line *l, const char *label, int money_display,
    const char *cur)
{
	memset(l, 0, sizeof(*l));
	l->cell[0] = label;
	l->money_display = money_display;
	l->cur = cur;
}

static void
set_count(struct line *l, int i, int64_t n)
{
	snprintf(l->buf[i], sizeof(l->buf[i]), "%" PRId64, n);
	l->cell[i] = l->buf[i];
}

static void
set_money(struct line *l, int i, int64_t cents)
{
	char m[48];

	if (l->money_display)
		smk_money_format_table(cents, l->cur, m);
	else
		smk_money_format(cents, m);
	snprintf(l->buf[i], sizeof(l->buf[i]), "%s", m);
	l->cell[i] = l->buf[i];
}

static void
set_ratio(struct line *l, int i, double v)
{
	snprintf(l->buf[i], sizeof(l->buf[i]), "%.3f", v);
	l->cell[i] = l->buf[i];
}

/* deals, open, history and probability of a forecast */
static void
set_forecast(struct line *l, int64_t deals, int64_t open,
    const struct smk_mx_forecast *f)
{
	set_count(l, 1, deals);
	set_money(l, 2, open);
	set_count(l, 3, f->closed);
	set_count(l, 4, f->won);
	if (f->known)
		set_ratio(l, 5, f->p_won);
}

/* The forecast now: marketing-sourced, sales-sourced, total. */
static void
list_now(const struct smk_mx_forecast *f, const struct smk_listing *out,
    int money_display, const char *cur)
{
	static const char *const labels[3] = {
		"marketing-sourced", "sales-sourced", "total"
	};
	int64_t deals[3], open[3], weighted[3];
	struct line l;
	int i;

	deals[0] = f->open_deals_marketing;
	deals[1] = f->open_deals - f->open_deals_marketing;
	deals[2] = f->open_deals;
	open[0] = f->open_marketing;
	open[1] = f->open - f->open_marketing;
	open[2] = f->open;
	weighted[0] = f->weighted_marketing;
	weighted[1] = f->weighted - f->weighted_marketing;
	weighted[2] = f->weighted;
	for (i = 0; i < 3; i++) {
		line_init(&l, labels[i], money_display, cur);
		set_forecast(&l, deals[i], open[i], f);
		if (f->known) {
			set_money(&l, 6, weighted[i]);
			/* of the total: the marketing row's is the
			 * scoreboard's sourced_forecast_share */
			if (f->weighted != 0)
				set_ratio(&l, 7, (double)weighted[i] /
				    (double)f->weighted);
		}
		out->row(out->ctx, l.cell);
	}
}

/* One back-tested quarter. */
struct quarter {
	struct smk_period p;
	char name[32];
	struct smk_mx_forecast f;
	int64_t actual;
};

long
smk_forecast_list(struct smk_db *db, const struct smk_forecast_opts *o,
    const struct smk_listing *out, struct smk_err *err)
{
	struct quarter q[SMK_FORECAST_QUARTERS];
	struct smk_mx_forecast now, f[SMK_FORECAST_QUARTERS + 1];
	int64_t at[SMK_FORECAST_QUARTERS + 1];
	struct smk_period p;
	struct line l;
	const char *why;
	char cur[4];
	int64_t abs_sum = 0, e;
	double rel_sum = 0;
	long n_abs = 0, n_rel = 0;
	int i;

	if (smk_currency_get(db, cur, err) < 0)
		return -1;
	/* the quarter of the as-of time, then the ones before it, newest
	 * first into the end of q */
	if (smk_period_parse("this-quarter", o->as_of, &p, &why) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "as-of",
		    "no quarter: %s", why);
	for (i = SMK_FORECAST_QUARTERS - 1; i >= 0; i--) {
		if (smk_period_prev(&p, &p, &why) < 0 ||
		    smk_period_name(&p, q[i].name, &why) < 0)
			return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0,
			    "as-of", "no quarter before this one: %s", why);
		q[i].p = p;
	}
	/* the forecast now and those of the quarters, in one pass */
	at[SMK_FORECAST_QUARTERS] = o->as_of;
	for (i = 0; i < SMK_FORECAST_QUARTERS; i++)
		at[i] = q[i].p.from - 1;
	if (smk_mx_forecasts(db, SMK_FORECAST_QUARTERS + 1, at,
	    SMK_MX_FORECAST_WINDOW, f, err) < 0)
		return -1;
	now = f[SMK_FORECAST_QUARTERS];
	for (i = 0; i < SMK_FORECAST_QUARTERS; i++) {
		q[i].f = f[i];
		if (smk_mx_forecast_actual(db, q[i].p.from - 1, q[i].p.from,
		    q[i].p.to, &q[i].actual, err) < 0)
			return -1;
	}

	out->begin(out->ctx, NCOLS, col_names, col_types);
	list_now(&now, out, o->money_display, cur);
	for (i = 0; i < SMK_FORECAST_QUARTERS; i++) {
		line_init(&l, q[i].name, o->money_display, cur);
		set_forecast(&l, q[i].f.open_deals, q[i].f.open, &q[i].f);
		set_money(&l, 8, q[i].actual);
		if (q[i].f.known) {
			e = q[i].f.weighted - q[i].actual;
			set_money(&l, 6, q[i].f.weighted);
			set_money(&l, 9, e);
			abs_sum += e < 0 ? -e : e;
			n_abs++;
			if (q[i].actual > 0) {
				set_ratio(&l, 10, (double)e /
				    (double)q[i].actual);
				rel_sum += (double)(e < 0 ? -e : e) /
				    (double)q[i].actual;
				n_rel++;
			}
		}
		out->row(out->ctx, l.cell);
	}
	line_init(&l, "(mean absolute)", o->money_display, cur);
	if (n_abs > 0)   /* to the cent, half up */
		set_money(&l, 9, (abs_sum * 2 + n_abs) / (2 * n_abs));
	if (n_rel > 0)
		set_ratio(&l, 10, rel_sum / (double)n_rel);
	out->row(out->ctx, l.cell);
	return 3 + SMK_FORECAST_QUARTERS + 1;
}
