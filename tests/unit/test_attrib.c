/* test_attrib.c — unit tests of the attribution arithmetic (attrib.c): hand-computed paths, random histories, Markov by brute force. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"
#include "unit.h"

#define DAY INT64_C(86400)
#define T0 INT64_C(1767225600)          /* 2026-01-01T00:00:00Z */
#define AT(days) (T0 + (int64_t)((days) * (double)DAY))
#define NEVER SMK_ATTR_NEVER
#define MAXT 16

/* ------------------------------------------------------------ helpers */

struct path {
	struct smk_attr_touch t[MAXT];
	struct smk_attr_lead l;
};

/* A lead whose touches are at the given days (campaign i + 1 for touch i). */
static void
mkpath(struct path *p, const double *days, size_t n, double outcome,
    double mql, double sql, double won)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p->t[i].campaign = (int64_t)i + 1;
		p->t[i].at = AT(days[i]);
	}
	p->l.touch = p->t;
	p->l.n = n;
	p->l.outcome = outcome == HUGE_VAL ? NEVER : AT(outcome);
	p->l.mql = mql == HUGE_VAL ? NEVER : AT(mql);
	p->l.sql = sql == HUGE_VAL ? NEVER : AT(sql);
	p->l.won = won == HUGE_VAL ? NEVER : AT(won);
}

/* Checks model's credits on p against want (1e-12) and, when want_cents
 * is not NULL, its cents of amount exactly. */
static void
expect(const char *what, const struct path *p, int model, double half_life,
    const double *want, int want_k, int64_t amount, const int64_t *want_cents)
{
	double got[MAXT];
	int64_t cents[MAXT];
	int k = smk_attr_credit(&p->l, model, half_life, got);
	size_t i;
	int ok = k == want_k;

	for (i = 0; i < p->l.n; i++)
		if (!(fabs(got[i] - want[i]) <= 1e-12))
			ok = 0;
	CHECK(ok, "%s: %s credits", what, smk_attr_model_name(model));
	if (!ok) {
		printf("#   k %d want %d\n", k, want_k);
		for (i = 0; i < p->l.n; i++)
			printf("#   [%zu] got %.17g want %.17g\n", i, got[i],
			    want[i]);
	}
	if (want_cents == NULL)
		return;
	k = smk_attr_cents(&p->l, model, half_life, amount, cents);
	ok = k == want_k;
	for (i = 0; i < p->l.n; i++)
		if (cents[i] != want_cents[i])
			ok = 0;
	CHECK(ok, "%s: %s cents of %lld", what, smk_attr_model_name(model),
	    (long long)amount);
	if (!ok)
		for (i = 0; i < p->l.n; i++)
			printf("#   [%zu] got %lld want %lld\n", i,
			    (long long)cents[i], (long long)want_cents[i]);
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	return unit_rand(&rng_state);
}

/* 0 .. n-1 */
static uint64_t
below(uint64_t n)
{
	return rng() % n;
}

/* ------------------------------------------------------ model names */

static void
test_names(void)
{
	static const char *const names[] = {
		"first", "last", "linear", "u", "w", "full", "decay", "markov"
	};
	static const char *const bad[] = {
		"", "U", "First", "lin", "markov ", " u", "u-shaped", "time-decay"
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int m = smk_attr_model_parse(names[i]);

		if (m != (int)i || strcmp(smk_attr_model_name(m), names[i]) != 0)
			ok = 0;
	}
	CHECK(ok, "the eight model names parse, in enum order, and name back");
	ok = smk_attr_model_parse(NULL) == -1;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (smk_attr_model_parse(bad[i]) != -1)
			ok = 0;
	CHECK(ok, "unknown names and NULL are -1");
	CHECK(smk_attr_model_name(-1) == NULL &&
	    smk_attr_model_name(SMK_ATTR_COUNT) == NULL,
	    "no name out of range");
}

/* ------------------------------------------------ hand-computed paths */

static void
test_rules(void)
{
	struct path p;

	/*
	 * Seven touches a day apart; mql on day 2, sql on day 4, won (the
	 * outcome) on day 5: first 0, lead-creation 2, opportunity 4,
	 * closing 5; the touch on day 5 counts, the one on day 6 is cut.
	 */
	{
		static const double d[] = { 0, 1, 2, 3, 4, 5, 6 };
		static const double first[] = { 1, 0, 0, 0, 0, 0, 0 };
		static const double last[] = { 0, 0, 0, 0, 0, 1, 0 };
		static const double lin[] = {
			1. / 6, 1. / 6, 1. / 6, 1. / 6, 1. / 6, 1. / 6, 0
		};
		static const double u[] = { .4, .2, .4, 0, 0, 0, 0 };
		static const double w[] = {
			.3, .1 / 3, .3, .1 / 3, .3, .1 / 3, 0
		};
		static const double full[] = {
			.225, .05, .225, .05, .225, .225, 0
		};
		static const int64_t c_first[] = { 100000, 0, 0, 0, 0, 0, 0 };
		static const int64_t c_last[] = { 0, 0, 0, 0, 0, 100000, 0 };
		/* 16666.67 each: the 4 cents left to the earliest touches */
		static const int64_t c_lin[] = {
			16667, 16667, 16667, 16667, 16666, 16666, 0
		};
		static const int64_t c_u[] = { 40000, 20000, 40000, 0, 0, 0, 0 };
		/* 3333.33 three times: the cent left to the earliest */
		static const int64_t c_w[] = {
			30000, 3334, 30000, 3333, 30000, 3333, 0
		};
		static const int64_t c_full[] = {
			22500, 5000, 22500, 5000, 22500, 22500, 0
		};

		mkpath(&p, d, 7, 5, 2, 4, 5);
		expect("7 touches", &p, SMK_ATTR_FIRST, 7, first, 6, 100000, c_first);
		expect("7 touches", &p, SMK_ATTR_LAST, 7, last, 6, 100000, c_last);
		expect("7 touches", &p, SMK_ATTR_LINEAR, 7, lin, 6, 100000, c_lin);
		expect("7 touches", &p, SMK_ATTR_U, 7, u, 6, 100000, c_u);
		expect("7 touches", &p, SMK_ATTR_W, 7, w, 6, 100000, c_w);
		expect("7 touches", &p, SMK_ATTR_FULL, 7, full, 6, 100000, c_full);
	}
	/* u over 1001 cents: 400.4 to the first and to the lead-creation
	 * touch, the one cent left to the earlier of the two */
	{
		static const double d[] = { 0, 1, 2, 3, 4 };
		static const double u[] = { .4, .1, .1, .4, 0 };
		static const int64_t c[] = { 401, 100, 100, 400, 0 };

		mkpath(&p, d, 5, 10, 3, 10, 10);
		expect("u tie", &p, SMK_ATTR_U, 7, u, 5, 1001, c);
	}
	/*
	 * Coinciding positions: mql before the second touch makes the first
	 * touch the lead-creation touch too; sql on day 2.5 (opportunity 2),
	 * won on day 3 (closing 3).
	 */
	{
		static const double d[] = { 0, 1, 2, 3 };
		static const double u[] = { 1, 0, 0, 0 };
		static const double w[] = { .6, .05, .3, .05 };
		static const double full[] = { .45, .1, .225, .225 };
		static const int64_t c_w[] = { 600, 50, 300, 50 };
		static const int64_t c_full[] = { 450, 100, 225, 225 };

		mkpath(&p, d, 4, 3, .5, 2.5, 3);
		expect("first = lead-creation", &p, SMK_ATTR_U, 7, u, 4, 1000, NULL);
		expect("first = lead-creation", &p, SMK_ATTR_W, 7, w, 4, 1000, c_w);
		expect("first = lead-creation", &p, SMK_ATTR_FULL, 7, full, 4, 1000,
		    c_full);
	}
	/*
	 * No touch between: three touches, one each first, lead-creation
	 * and opportunity = closing (sql and won at one move).
	 */
	{
		static const double d[] = { 0, 1, 2 };
		static const double u[] = { .5, .5, 0 };
		static const double w[] = { 1. / 3, 1. / 3, 1. / 3 };
		static const double full[] = { .25, .25, .5 };
		static const int64_t c_w[] = { 34, 33, 33 };
		static const int64_t c_full[] = { 25, 25, 50 };

		mkpath(&p, d, 3, 2, 1, 2, 2);
		expect("no middle", &p, SMK_ATTR_U, 7, u, 3, 100, NULL);
		expect("no middle", &p, SMK_ATTR_W, 7, w, 3, 100, c_w);
		expect("no middle", &p, SMK_ATTR_FULL, 7, full, 3, 100, c_full);
	}
	/* One touch: everything to it, whatever the model. */
	{
		static const double d[] = { 0 };
		static const double one[] = { 1 };
		static const int64_t c[] = { 12345 };
		int m;

		mkpath(&p, d, 1, 10, 0, 10, 10);
		for (m = 0; m < SMK_ATTR_MARKOV; m++)
			expect("one touch", &p, m, 7, one, 1, 12345, c);
	}
	/*
	 * Pipeline credited at sql (day 7) of a lead that reached mql before
	 * its first touch and is not won: the first touch stands in for the
	 * lead-creation touch, the closing touch is the opportunity touch,
	 * the touch on day 8 is cut.
	 */
	{
		static const double d[] = { 5, 6, 8 };
		static const double w[] = { 2. / 3, 1. / 3, 0 };
		static const double full[] = { .5, .5, 0 };
		static const double u[] = { 1, 0, 0 };
		static const int64_t c_w[] = { 67, 33, 0 };

		mkpath(&p, d, 3, 7, 1, 7, HUGE_VAL);
		expect("pipeline, mql before the touches", &p, SMK_ATTR_W, 7, w, 2,
		    100, c_w);
		expect("pipeline, mql before the touches", &p, SMK_ATTR_FULL, 7,
		    full, 2, 100, NULL);
		expect("pipeline, mql before the touches", &p, SMK_ATTR_U, 7, u, 2,
		    100, NULL);
	}
	/* Stage times unknown (skipped into won on day 2): every position
	 * but the first is the last touch up to the outcome. */
	{
		static const double d[] = { 0, 1, 2, 3 };
		static const double u[] = { .4, .2, .4, 0 };
		static const double w[] = { .3, .1, .6, 0 };

		mkpath(&p, d, 4, 2, HUGE_VAL, HUGE_VAL, HUGE_VAL);
		expect("stages unknown", &p, SMK_ATTR_U, 7, u, 3, 100, NULL);
		expect("stages unknown", &p, SMK_ATTR_W, 7, w, 3, 100, NULL);
	}
	/* Touches at one moment: the last in the caller's order is last. */
	{
		static const double d[] = { 3, 3, 3 };
		static const double u[] = { .4, .2, .4 };
		static const double last[] = { 0, 0, 1 };

		mkpath(&p, d, 3, 3, 3, 3, 3);
		expect("equal times", &p, SMK_ATTR_U, 7, u, 3, 100, NULL);
		expect("equal times", &p, SMK_ATTR_LAST, 7, last, 3, 100, NULL);
	}
	/* Nothing before the outcome, and no touches at all. */
	{
		static const double d[] = { 5, 6 };
		static const double zero[] = { 0, 0 };
		static const int64_t c[] = { 0, 0 };
		int m;

		mkpath(&p, d, 2, 4, 4, 4, 4);
		for (m = 0; m < SMK_ATTR_MARKOV; m++)
			expect("touches after the outcome only", &p, m, 7, zero, 0,
			    500, c);
		mkpath(&p, d, 0, 4, 4, 4, 4);
		CHECK(smk_attr_credit(&p.l, SMK_ATTR_LINEAR, 7, NULL) == 0 &&
		    smk_attr_cents(&p.l, SMK_ATTR_FULL, 7, 500, NULL) == 0,
		    "a lead without touches: 0 touches count");
	}
	/* Negative and extreme amounts. */
	{
		static const double d[] = { 0, 1, 2 };
		static const double lin[] = { 1. / 3, 1. / 3, 1. / 3 };
		static const int64_t neg[] = { -34, -33, -33 };
		static const int64_t two[] = { 1, 1, 0 };
		static const int64_t max[] = {
			INT64_C(3074457345618258603), INT64_C(3074457345618258602),
			INT64_C(3074457345618258602)
		};
		int64_t c[3];

		mkpath(&p, d, 3, 2, 0, 2, 2);
		expect("linear", &p, SMK_ATTR_LINEAR, 7, lin, 3, -100, neg);
		expect("linear", &p, SMK_ATTR_LINEAR, 7, lin, 3, 2, two);
		expect("linear", &p, SMK_ATTR_LINEAR, 7, lin, 3, INT64_MAX, max);
		CHECK(smk_attr_cents(&p.l, SMK_ATTR_DECAY, 7, INT64_MAX, c) == 3 &&
		    c[0] + c[1] == INT64_MAX - c[2] && c[0] >= 0 && c[1] >= 0 &&
		    c[2] >= 0, "decay shares INT64_MAX cents exactly");
		CHECK(smk_attr_cents(&p.l, SMK_ATTR_DECAY, 7, -INT64_MAX, c) == 3 &&
		    c[0] + c[1] == -INT64_MAX - c[2],
		    "decay shares -INT64_MAX cents exactly");
		CHECK(smk_attr_cents(&p.l, SMK_ATTR_LINEAR, 7, INT64_MIN, c) == -1,
		    "INT64_MIN cents refused");
	}
}

static void
test_decay(void)
{
	struct path p;

	/* 14, 7 and 0 days before the outcome, half-life 7: weights 1/4,
	 * 1/2, 1, normalized 1/7, 2/7, 4/7 */
	{
		static const double d[] = { -14, -7, 0 };
		static const double want[] = { 1. / 7, 2. / 7, 4. / 7 };
		static const int64_t c700[] = { 100, 200, 400 };
		/* 14.29, 28.57, 57.14: the cent left to 28.57 */
		static const int64_t c100[] = { 14, 29, 57 };

		mkpath(&p, d, 3, 0, HUGE_VAL, HUGE_VAL, 0);
		expect("decay 14, 7, 0 days", &p, SMK_ATTR_DECAY, 7, want, 3, 700,
		    c700);
		expect("decay 14, 7, 0 days", &p, SMK_ATTR_DECAY, 7, want, 3, 100,
		    c100);
	}
	/* Half-life 14, 7 days and 0 before: 2^-0.5 and 1, that is
	 * sqrt(2) - 1 and 2 - sqrt(2); a touch a day after is cut. */
	{
		static const double d[] = { -7, 0, 1 };
		double want[] = { sqrt(2.0) - 1, 2 - sqrt(2.0), 0 };
		static const int64_t c[] = { 41421, 58579, 0 };

		mkpath(&p, d, 3, 0, HUGE_VAL, HUGE_VAL, 0);
		expect("decay half-life 14", &p, SMK_ATTR_DECAY, 14, want, 2,
		    100000, c);
	}
	/* 3.5 days before, half-life 7: 2^-0.5 again */
	{
		static const double d[] = { -3.5, 0 };
		double want[] = { sqrt(2.0) - 1, 2 - sqrt(2.0) };

		mkpath(&p, d, 2, 0, HUGE_VAL, HUGE_VAL, 0);
		expect("decay 3.5 days", &p, SMK_ATTR_DECAY, 7, want, 2, 0, NULL);
	}
	/* The outcome 3 days after the last touch: 10 and 3 days before
	 * weigh 2^(-10/7) and 2^(-3/7), one half of the other. */
	{
		static const double d[] = { -10, -3 };
		static const double want[] = { 1. / 3, 2. / 3 };

		mkpath(&p, d, 2, 0, HUGE_VAL, HUGE_VAL, 0);
		expect("decay, outcome after the last touch", &p, SMK_ATTR_DECAY,
		    7, want, 2, 0, NULL);
	}
	/* A year apart: the old touch's weight is 2^-52, not 0 */
	{
		static const double d[] = { -364, 0 };
		double want[] = { ldexp(1, -52) / (1 + ldexp(1, -52)),
		    1 / (1 + ldexp(1, -52)) };
		static const int64_t c[] = { 0, 100 };

		mkpath(&p, d, 2, 0, HUGE_VAL, HUGE_VAL, 0);
		expect("decay over 52 half-lives", &p, SMK_ATTR_DECAY, 7, want, 2,
		    100, c);
	}
	/* 2^x against libm over many points of [-60, 0] (the shares of two
	 * touches x half-lives apart) */
	{
		static const double d2[] = { 0, 0 };
		double got[2], worst = 0;
		int i;

		mkpath(&p, d2, 2, HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL);
		for (i = 0; i <= 6000; i++) {
			double x = i / 100.0, r = exp2(-x), err;

			p.t[0].at = T0 - (int64_t)i * 864 * 7;   /* x half-lives */
			smk_attr_credit(&p.l, SMK_ATTR_DECAY, 7, got);
			err = fabs(got[0] - r / (1 + r)) / (r / (1 + r));
			if (err > worst)
				worst = err;
		}
		CHECK(worst < 1e-14, "decay weights agree with exp2 to %.1e "
		    "relative over 0..60 half-lives", worst);
	}
}

static void
test_refused(void)
{
	struct path p;
	static const double d[] = { 0, 2, 1 };
	static const double ok[] = { 0, 1, 2 };
	double c[3];
	int64_t cents[3];
	struct smk_attr_touch *many;
	struct smk_attr_lead big;
	size_t i;

	mkpath(&p, d, 3, 5, 5, 5, 5);
	CHECK(smk_attr_credit(&p.l, SMK_ATTR_LINEAR, 7, c) == -1 &&
	    smk_attr_cents(&p.l, SMK_ATTR_LINEAR, 7, 100, cents) == -1,
	    "touches out of time order refused");
	mkpath(&p, ok, 3, 5, 5, 5, 5);
	CHECK(smk_attr_credit(&p.l, SMK_ATTR_MARKOV, 7, c) == -1 &&
	    smk_attr_cents(&p.l, SMK_ATTR_MARKOV, 7, 100, cents) == -1,
	    "markov is not a per-lead model");
	CHECK(smk_attr_credit(&p.l, -1, 7, c) == -1 &&
	    smk_attr_credit(&p.l, SMK_ATTR_COUNT, 7, c) == -1,
	    "unknown models refused");
	CHECK(smk_attr_credit(&p.l, SMK_ATTR_DECAY, 0, c) == -1 &&
	    smk_attr_credit(&p.l, SMK_ATTR_DECAY, -7, c) == -1 &&
	    smk_attr_credit(&p.l, SMK_ATTR_DECAY, NAN, c) == -1 &&
	    smk_attr_cents(&p.l, SMK_ATTR_DECAY, INFINITY, 1, cents) == -1,
	    "decay needs a positive finite half-life");
	CHECK(smk_attr_credit(&p.l, SMK_ATTR_LINEAR, 0, c) == 3,
	    "other models ignore the half-life");

	many = smk_xcalloc(SMK_ATTR_MAX_TOUCHES + 1, sizeof(*many));
	for (i = 0; i <= SMK_ATTR_MAX_TOUCHES; i++) {
		many[i].campaign = (int64_t)(i % 7);
		many[i].at = T0 + (int64_t)i;
	}
	big.touch = many;
	big.n = SMK_ATTR_MAX_TOUCHES + 1;
	big.outcome = NEVER;
	big.mql = big.sql = big.won = NEVER;
	CHECK(smk_attr_cents(&big, SMK_ATTR_LINEAR, 7, 100, NULL) == -1,
	    "more than SMK_ATTR_MAX_TOUCHES refused");
	{
		int64_t *cc = smk_xmalloc(SMK_ATTR_MAX_TOUCHES * sizeof(*cc));
		int64_t sum = 0;

		big.n = SMK_ATTR_MAX_TOUCHES;
		CHECK(smk_attr_cents(&big, SMK_ATTR_FULL, 7, INT64_MAX, cc) ==
		    (int)SMK_ATTR_MAX_TOUCHES, "SMK_ATTR_MAX_TOUCHES taken");
		for (i = 0; i < big.n; i++)
			sum += cc[i] / 2;
		for (i = 0; i < big.n; i++)
			sum += cc[i] - cc[i] / 2;
		CHECK(sum == INT64_MAX, "  INT64_MAX cents over them, exactly");
		free(cc);
	}
	free(many);
}

static void
test_sum(void)
{
	struct smk_attr_sum s = { 0, 0, NULL, NULL };
	struct path p;
	static const double d[] = { 0, 1, 2 };
	int64_t c[3] = { 5, 7, 9 };

	smk_attr_sum_add(&s, 30, 3);
	smk_attr_sum_add(&s, 10, 1);
	smk_attr_sum_add(&s, 20, 2);
	smk_attr_sum_add(&s, 10, 10);
	CHECK(s.n == 3 && s.campaign[0] == 10 && s.cents[0] == 11 &&
	    s.campaign[1] == 20 && s.cents[1] == 2 && s.campaign[2] == 30 &&
	    s.cents[2] == 3, "per-campaign totals in campaign order");
	CHECK(smk_attr_sum_add(&s, 20, INT64_MAX) == -1 && s.cents[1] == 2,
	    "an overflowing total refused, unchanged");
	mkpath(&p, d, 3, 2, 0, 2, 2);
	p.t[0].campaign = 10;
	p.t[1].campaign = 40;
	p.t[2].campaign = 10;
	CHECK(smk_attr_sum_lead(&s, &p.l, c) == 0 && s.n == 4 &&
	    s.cents[0] == 25 && s.campaign[3] == 40 && s.cents[3] == 7,
	    "a lead's cents added to its campaigns");
	c[1] = INT64_MAX - 5;
	p.t[1].campaign = 77;
	c[2] = INT64_MAX - 20;  /* with the 5 and the 25: one cent over */
	CHECK(smk_attr_sum_lead(&s, &p.l, c) == -1 && s.n == 4 &&
	    s.cents[0] == 25 && s.cents[3] == 7,
	    "a lead that would overflow a total changes nothing");
	smk_attr_sum_free(&s);
	CHECK(s.n == 0 && s.campaign == NULL, "sum freed and zeroed");
	smk_attr_sum_free(&s);
}

/* ------------------------------------------------- random histories */

/*
 * The rule models and decay written again from DESIGN.md in doubles, as
 * plainly as possible, with libm's exp2 and the outcome as decay's
 * reference time: the library must agree to 1e-12.
 */
static size_t
ref_pos(const struct smk_attr_lead *l, size_t k, int64_t stage)
{
	int64_t t = stage;
	size_t i, pos = 0;

	if (l->outcome < t)
		t = l->outcome;
	for (i = 0; i < k; i++)
		if (l->touch[i].at <= t)
			pos = i;
	return pos;
}

static size_t
ref_credit(const struct smk_attr_lead *l, int model, double hl, double *c)
{
	size_t i, k = 0, pos[4], nrest = 0;
	double role[4] = { 0, 0, 0, 0 }, rest = 0, named = 0;
	int r, is_role;

	for (i = 0; i < l->n; i++) {
		c[i] = 0;
		if (l->touch[i].at <= l->outcome)
			k = i + 1;
	}
	if (k == 0)
		return 0;
	switch (model) {
	case SMK_ATTR_FIRST:
		c[0] = 1;
		return k;
	case SMK_ATTR_LAST:
		c[k - 1] = 1;
		return k;
	case SMK_ATTR_LINEAR:
		for (i = 0; i < k; i++)
			c[i] = 1.0 / (double)k;
		return k;
	case SMK_ATTR_DECAY: {
		double ref = l->outcome == NEVER ?
		    (double)l->touch[k - 1].at : (double)l->outcome, sum = 0;

		for (i = 0; i < k; i++) {
			c[i] = exp2(-(ref - (double)l->touch[i].at) / 86400.0 / hl);
			sum += c[i];
		}
		for (i = 0; i < k; i++)
			c[i] /= sum;
		return k;
	}
	case SMK_ATTR_U:
		role[0] = role[1] = .4;
		rest = .2;
		break;
	case SMK_ATTR_W:
		role[0] = role[1] = role[2] = .3;
		rest = .1;
		break;
	case SMK_ATTR_FULL:
		role[0] = role[1] = role[2] = role[3] = .225;
		rest = .1;
		break;
	}
	pos[0] = 0;
	pos[1] = ref_pos(l, k, l->mql);
	pos[2] = ref_pos(l, k, l->sql);
	pos[3] = ref_pos(l, k, l->won);
	for (r = 0; r < 4; r++)
		named += role[r];
	for (i = 0; i < k; i++) {
		is_role = 0;
		for (r = 0; r < 4; r++)
			if (role[r] > 0 && pos[r] == i)
				is_role = 1;
		if (is_role)
			continue;
		if (model == SMK_ATTR_U && !(i > pos[0] && i < pos[1]))
			continue;
		nrest++;
	}
	for (i = 0; i < k; i++) {
		is_role = 0;
		for (r = 0; r < 4; r++)
			if (role[r] > 0 && pos[r] == i) {
				c[i] += nrest ? role[r] : role[r] / named;
				is_role = 1;
			}
		if (!is_role && nrest > 0 &&
		    (model != SMK_ATTR_U || (i > pos[0] && i < pos[1])))
			c[i] = rest / (double)nrest;
	}
	return k;
}

/* A random history: 0..12 touches of campaigns 1..9 over up to 200 days,
 * some at one moment; stages and the outcome anywhere, or never. */
static void
random_lead(struct path *p, int64_t *amount)
{
	size_t i, n = (size_t)below(13);
	int64_t t = T0 + (int64_t)below(100 * DAY), st[4], last;
	uint64_t a = below(100);

	for (i = 0; i < n; i++) {
		if (below(4) != 0)
			t += (int64_t)below(20 * DAY);
		p->t[i].campaign = 1 + (int64_t)below(9);
		p->t[i].at = t;
	}
	last = t;
	/* stage times in order, each possibly never; pick among touch
	 * times, just after one, before the first, after the last */
	for (i = 0; i < 4; i++) {
		uint64_t how = below(6);

		if (how == 0)
			st[i] = NEVER;
		else if (how == 1 || n == 0)
			st[i] = T0 - DAY + (int64_t)below(300 * DAY);
		else if (how == 2)
			st[i] = last + (int64_t)below(10 * DAY);
		else
			st[i] = p->t[below(n)].at + (int64_t)below(3) - 1;
	}
	p->l.touch = p->t;
	p->l.n = n;
	p->l.mql = st[0];
	p->l.sql = st[1];
	p->l.won = st[2];
	p->l.outcome = below(3) == 0 ? st[3] : below(2) ? p->l.won : p->l.sql;
	if (a < 5)
		*amount = (int64_t)a;                        /* 0..4 */
	else if (a < 8)
		*amount = -(int64_t)below(1000000);
	else if (a < 10)
		*amount = (int64_t)(rng() >> 19);            /* up to 2^45 */
	else
		*amount = (int64_t)below(100000000);
}

static void
test_random(void)
{
	enum { N = 20000, NCAMP = 10 };
	static const int models[] = {
		SMK_ATTR_FIRST, SMK_ATTR_LAST, SMK_ATTR_LINEAR, SMK_ATTR_U,
		SMK_ATTR_W, SMK_ATTR_FULL, SMK_ATTR_DECAY
	};
	size_t mi, i, j;

	rng_state = 20261123;
	for (mi = 0; mi < sizeof(models) / sizeof(models[0]); mi++) {
		int m = models[mi];
		struct smk_attr_sum s = { 0, 0, NULL, NULL };
		int64_t total = 0, camp[NCAMP] = { 0 }, stotal = 0;
		long bad_frac = 0, bad_cents = 0, bad_ref = 0, bad_near = 0;
		long bad_sum = 0, counted = 0;
		double worst = 0;
		int camp_ok = 1;

		for (i = 0; i < N; i++) {
			struct path p;
			double c[MAXT], r[MAXT], fsum = 0;
			int64_t cents[MAXT], amount, csum = 0;
			int k;
			size_t rk;

			random_lead(&p, &amount);
			k = smk_attr_credit(&p.l, m, 7, c);
			rk = ref_credit(&p.l, m, 7, r);
			if (k < 0 || (size_t)k != rk) {
				bad_ref++;
				continue;
			}
			for (j = 0; j < p.l.n; j++) {
				fsum += c[j];
				if (c[j] < 0 || ((int)j >= k && c[j] != 0))
					bad_frac++;
				if (fabs(c[j] - r[j]) > worst)
					worst = fabs(c[j] - r[j]);
			}
			if (k > 0 && !(fabs(fsum - 1) <= 1e-12))
				bad_frac++;
			if (smk_attr_cents(&p.l, m, 7, amount, cents) != k) {
				bad_cents++;
				continue;
			}
			for (j = 0; j < p.l.n; j++) {
				double exact = (double)amount * c[j];

				csum += cents[j];
				if ((int)j >= k && cents[j] != 0)
					bad_cents++;
				if ((amount > 0 && cents[j] < 0) ||
				    (amount < 0 && cents[j] > 0))
					bad_cents++;
				/* largest remainder: within a cent of exact */
				if (!(fabs((double)cents[j] - exact) < 1.0 +
				    1e-6))
					bad_near++;
				camp[p.t[j].campaign] += cents[j];
			}
			if (k > 0) {
				counted++;
				if (csum != amount)
					bad_cents++;
				total += amount;
			} else if (csum != 0) {
				bad_cents++;
			}
			if (smk_attr_sum_lead(&s, &p.l, cents) != 0)
				bad_sum++;
		}
		for (j = 0; j < s.n; j++) {
			stotal += s.cents[j];
			if (s.campaign[j] < 1 || s.campaign[j] >= NCAMP ||
			    s.cents[j] != camp[s.campaign[j]] ||
			    (j > 0 && s.campaign[j] <= s.campaign[j - 1]))
				camp_ok = 0;
		}
		CHECK(bad_frac == 0, "%s: %d random histories, each lead's "
		    "credits >= 0, sum to 1 (1e-12), 0 after the outcome",
		    smk_attr_model_name(m), N);
		CHECK(bad_ref == 0 && worst <= 1e-12, "%s:   agree with the "
		    "model written again from DESIGN.md (worst %.1e)",
		    smk_attr_model_name(m), worst);
		CHECK(bad_cents == 0, "%s:   cents sum exactly to each of the "
		    "%ld amounts credited, with its sign",
		    smk_attr_model_name(m), counted);
		CHECK(bad_near == 0, "%s:   each touch's cents within one cent "
		    "of its exact share", smk_attr_model_name(m));
		CHECK(bad_sum == 0 && camp_ok && stotal == total,
		    "%s:   per-campaign totals sum exactly to the amounts "
		    "(%lld cents)", smk_attr_model_name(m), (long long)total);
		smk_attr_sum_free(&s);
	}
}

/* ------------------------------------------------------------- Markov */

/* A cohort path: campaigns (as ids) and whether it converted. */
struct mpath {
	int64_t c[MAXT];
	size_t n;
	int conv;
};

/* The leads for paths: touches a day apart, a converting lead's outcome
 * at its last touch and a touch after it that must be cut. */
static struct smk_attr_lead *
mkleads(const struct mpath *mp, size_t np, struct smk_attr_touch *buf)
{
	struct smk_attr_lead *l = smk_xcalloc(np ? np : 1, sizeof(*l));
	size_t i, j, at = 0;

	for (i = 0; i < np; i++) {
		l[i].touch = buf + at;
		for (j = 0; j < mp[i].n; j++) {
			buf[at].campaign = mp[i].c[j];
			buf[at++].at = AT(j);
		}
		l[i].n = mp[i].n;
		l[i].outcome = NEVER;
		l[i].mql = l[i].sql = l[i].won = NEVER;
		if (mp[i].conv) {
			l[i].outcome = AT(mp[i].n ? mp[i].n - 1 : 0);
			buf[at].campaign = 999999;      /* after the outcome */
			buf[at++].at = AT(mp[i].n + 1);
			l[i].n++;
		}
	}
	return l;
}

/*
 * P(conversion) by brute force, independent of the library's solver: the
 * paths' transitions counted with self-loops kept (the library collapses
 * them), then h = Q h + b iterated from 0 until it no longer changes.
 * removed: a campaign index whose h is held at 0, or -1.
 */
static double
brute(const struct mpath *mp, size_t np, const int64_t *ids, size_t m,
    long removed)
{
	double *cnt = calloc((m + 1) * (m + 2), sizeof(double));
	double *h = calloc(m, sizeof(double)), p = 0;
	size_t i, j, it;

#define BC(i, j) cnt[(i) * (m + 2) + (j)]
	for (i = 0; i < np; i++) {
		size_t prev = m;

		if (mp[i].n == 0)
			continue;
		for (j = 0; j < mp[i].n; j++) {
			size_t c = 0;

			while (ids[c] != mp[i].c[j])
				c++;
			BC(prev, c) += 1;
			prev = c;
		}
		BC(prev, mp[i].conv ? m : m + 1) += 1;
	}
	for (i = 0; i <= m; i++) {
		double tot = 0;

		for (j = 0; j < m + 2; j++)
			tot += BC(i, j);
		for (j = 0; j < m + 2 && tot > 0; j++)
			BC(i, j) /= tot;
	}
	for (it = 0; it < 1000000; it++) {
		double change = 0;

		for (i = 0; i < m; i++) {
			double v = BC(i, m);

			if ((long)i == removed)
				continue;
			for (j = 0; j < m; j++)
				v += BC(i, j) * h[j];
			if (fabs(v - h[i]) > change)
				change = fabs(v - h[i]);
			h[i] = v;
		}
		if (change <= 1e-17)
			break;
	}
	for (j = 0; j < m; j++)
		p += BC(m, j) * h[j];
#undef BC
	free(cnt);
	free(h);
	return p;
}

static void
test_markov_published(void)
{
	/*
	 * Serhii Puzyrov, "Markov Chain Attribution - Simple Explanation Of
	 * Removal Effect" (2019),
	 * https://serhiipuzyrov.com/2019/07/markov-chain-attribution-simple-explanation-of-removal-effect/
	 * Its paths: google ads > conv twice, mailing > conv, google ads >
	 * mailing > conv, google ads > null; its transition table: start >
	 * google ads 0.8, start > mailing 0.2, google ads > conv 0.5, >
	 * mailing 0.25, > null 0.25, mailing > conv 1.  Worked through:
	 * P(conv) = 0.8 * 0.75 + 0.2 = 0.8; without google ads 0.2 (removal
	 * effect 0.75), without mailing 0.4 (0.5); the 4 conversions shared
	 * 0.75 : 0.5, 2.4 and 1.6.  Here google ads is campaign 7, mailing
	 * 3, and a value of 400 stands for 4.00 conversions.
	 */
	static const struct mpath web[] = {
		{ { 7 }, 1, 1 }, { { 7 }, 1, 1 }, { { 3 }, 1, 1 },
		{ { 7, 3 }, 2, 1 }, { { 7 }, 1, 0 }
	};
	/*
	 * Sergey Bryl', "Marketing Multi-Channel Attribution model with R
	 * (part 1: Markov chains concept)" (2016),
	 * http://analyzecore.com/2016/08/03/attribution-model-r-part-1/
	 * Its journeys: C1 > C2 > C3 > conversion, C1 > null, C2 > C3 >
	 * null.  Worked through: P(conversion) = 2/3 * 1/2 * 1 * 1/2 + 1/3 *
	 * 1 * 1/2 = 1/3; without C1 1/6 (removal effect 0.5), without C2 or
	 * C3 0 (1 each); shares 0.5 : 1 : 1, that is 0.2, 0.4, 0.4.
	 */
	static const struct mpath bryl[] = {
		{ { 1, 2, 3 }, 3, 1 }, { { 1 }, 1, 0 }, { { 2, 3 }, 2, 0 }
	};
	/* The same journeys with touches repeated: collapsed, no change. */
	static const struct mpath bryl_rep[] = {
		{ { 1, 1, 2, 3, 3, 3 }, 6, 1 }, { { 1, 1 }, 2, 0 },
		{ { 2, 2, 3 }, 3, 0 }
	};
	struct smk_attr_touch buf[64];
	struct smk_attr_lead *l;
	struct smk_attr_markov mk;
	int rc;

	l = mkleads(web, 5, buf);
	rc = smk_attr_markov(l, 5, 400, &mk);
	CHECK(rc == 1 && mk.n == 2 && mk.campaign[0] == 3 &&
	    mk.campaign[1] == 7 && mk.paths == 5 && mk.converted == 4,
	    "Puzyrov: two campaigns, 5 paths, 4 converted");
	CHECK(fabs(mk.p_conv - 0.8) < 1e-12, "Puzyrov: P(conv) %.15g = 0.8",
	    mk.p_conv);
	CHECK(fabs(mk.removal[1] - 0.75) < 1e-12 &&
	    fabs(mk.removal[0] - 0.5) < 1e-12,
	    "Puzyrov: removal effects google ads %.15g = 0.75, mailing "
	    "%.15g = 0.5", mk.removal[1], mk.removal[0]);
	CHECK_INT(mk.cents[1], 240, "Puzyrov: google ads 2.40 of 4 conversions");
	CHECK_INT(mk.cents[0], 160, "Puzyrov: mailing 1.60 of 4 conversions");
	smk_attr_markov_free(&mk);
	free(l);

	l = mkleads(bryl, 3, buf);
	rc = smk_attr_markov(l, 3, 100, &mk);
	CHECK(rc == 1 && mk.n == 3 && fabs(mk.p_conv - 1.0 / 3) < 1e-12,
	    "Bryl: P(conversion) %.15g = 1/3", mk.p_conv);
	CHECK(fabs(mk.removal[0] - 0.5) < 1e-12 &&
	    fabs(mk.removal[1] - 1) < 1e-12 && fabs(mk.removal[2] - 1) < 1e-12,
	    "Bryl: removal effects %.15g %.15g %.15g = 0.5 1 1",
	    mk.removal[0], mk.removal[1], mk.removal[2]);
	CHECK(mk.cents[0] == 20 && mk.cents[1] == 40 && mk.cents[2] == 40,
	    "Bryl: 100 shared 20 40 40 (got %lld %lld %lld)",
	    (long long)mk.cents[0], (long long)mk.cents[1],
	    (long long)mk.cents[2]);
	smk_attr_markov_free(&mk);
	free(l);

	l = mkleads(bryl_rep, 3, buf);
	rc = smk_attr_markov(l, 3, 100, &mk);
	CHECK(rc == 1 && fabs(mk.removal[0] - 0.5) < 1e-12 &&
	    fabs(mk.p_conv - 1.0 / 3) < 1e-12 && mk.cents[0] == 20 &&
	    mk.cents[1] == 40 && mk.cents[2] == 40,
	    "Bryl with repeated touches: the same");
	smk_attr_markov_free(&mk);
	free(l);
}

/* The chain a lead at a time, in another order, with a refused lead in
 * between: smk_attr_markov's result, to the bit. */
static void
test_markov_chain(void)
{
	static const struct mpath dead[] = {
		{ { 1, 2 }, 2, 1 }, { { 9 }, 1, 0 }, { { 1, 9 }, 2, 0 },
		{ { 2 }, 1, 1 }, { { 2, 1 }, 2, 0 }
	};
	struct smk_attr_touch back[2] = { { 1, AT(2) }, { 2, AT(1) } };
	struct smk_attr_lead bad = { back, 2, NEVER, NEVER, NEVER, NEVER };
	struct smk_attr_touch buf[64];
	struct smk_attr_chain *ch = smk_attr_chain_new();
	struct smk_attr_lead *l = mkleads(dead, 5, buf);
	struct smk_attr_markov mk, mk2;
	size_t i, same = 0;
	int rc = 0, rc2;

	for (i = 5; i-- > 0;) {
		if (i == 2)
			CHECK(smk_attr_chain_add(ch, &bad) == -1,
			    "chain: a path out of time order refused");
		rc |= smk_attr_chain_add(ch, &l[i]);
	}
	rc2 = smk_attr_chain_solve(ch, 1000, &mk2);
	smk_attr_markov(l, 5, 1000, &mk);
	for (i = 0; i < mk.n && i < mk2.n; i++)
		same += mk.campaign[i] == mk2.campaign[i] &&
		    mk.cents[i] == mk2.cents[i] &&
		    mk.removal[i] == mk2.removal[i];
	CHECK(rc == 0 && rc2 == 1 && mk2.n == 3 && same == 3 &&
	    mk2.p_conv == mk.p_conv && mk2.paths == 5 && mk2.converted == 2,
	    "chain: a lead at a time, in reverse, gives the same cents");
	smk_attr_markov_free(&mk);
	smk_attr_markov_free(&mk2);
	smk_attr_chain_free(ch);
	smk_attr_chain_free(NULL);
	free(l);
}

static void
test_markov_edges(void)
{
	static const struct mpath none[] = {
		{ { 5, 6 }, 2, 0 }, { { 6 }, 1, 0 }, { { 0 }, 0, 1 }
	};
	/* campaign 9 is only ever on paths that never reach conversion */
	static const struct mpath dead[] = {
		{ { 1, 2 }, 2, 1 }, { { 9 }, 1, 0 }, { { 1, 9 }, 2, 0 },
		{ { 2 }, 1, 1 }, { { 2, 1 }, 2, 0 }
	};
	static const struct mpath odd[] = {
		{ { 1 }, 1, 1 }, { { 2 }, 1, 1 }, { { 3 }, 1, 1 }
	};
	struct smk_attr_touch buf[64];
	struct smk_attr_lead *l;
	struct smk_attr_markov mk;
	int rc;

	l = mkleads(none, 3, buf);
	rc = smk_attr_markov(l, 3, 5000, &mk);
	CHECK(rc == 0 && mk.n == 2 && mk.p_conv == 0 && mk.removal[0] == 0 &&
	    mk.removal[1] == 0 && mk.cents[0] == 0 && mk.cents[1] == 0 &&
	    mk.paths == 2 && mk.converted == 0,
	    "no converting path: nothing attributed (0), a lead without "
	    "touches left out");
	smk_attr_markov_free(&mk);
	rc = smk_attr_markov(l, 0, 5000, &mk);
	CHECK(rc == 0 && mk.n == 0, "an empty cohort: nothing attributed");
	smk_attr_markov_free(&mk);
	free(l);

	l = mkleads(dead, 5, buf);
	rc = smk_attr_markov(l, 5, 1000, &mk);
	CHECK(rc == 1 && mk.n == 3 && mk.campaign[2] == 9 &&
	    mk.removal[2] == 0 && mk.cents[2] == 0 &&
	    mk.cents[0] + mk.cents[1] == 1000,
	    "a campaign that cannot lead to conversion: removal effect "
	    "exactly 0, no cent");
	smk_attr_markov_free(&mk);
	free(l);

	/* three equal campaigns, 100 cents: 33.33 each, the cent left to
	 * the lowest campaign; -100 mirrors it */
	l = mkleads(odd, 3, buf);
	rc = smk_attr_markov(l, 3, 100, &mk);
	CHECK(rc == 1 && mk.cents[0] == 34 && mk.cents[1] == 33 &&
	    mk.cents[2] == 33, "equal removal effects: 34 33 33");
	smk_attr_markov_free(&mk);
	rc = smk_attr_markov(l, 3, -100, &mk);
	CHECK(rc == 1 && mk.cents[0] == -34 && mk.cents[1] == -33 &&
	    mk.cents[2] == -33, "a negative value: -34 -33 -33");
	smk_attr_markov_free(&mk);
	CHECK(smk_attr_markov(l, 3, INT64_MIN, &mk) == -1,
	    "INT64_MIN refused");
	smk_attr_markov_free(&mk);
	buf[0].at = AT(5);      /* out of time order now */
	CHECK(smk_attr_markov(l, 3, 1, &mk) == -1 && mk.n == 0,
	    "touches out of time order refused");
	smk_attr_markov_free(&mk);
	free(l);
	test_markov_chain();
}

static void
test_markov_brute(void)
{
	enum { COHORTS = 1000 };
	struct mpath mp[16];
	struct smk_attr_touch buf[16 * (MAXT + 1)];
	long worst_n = 0, bad_cents = 0, bad_rc = 0, bad_order = 0, nconv = 0;
	double worst = 0;
	int co;

	rng_state = 4711;
	for (co = 0; co < COHORTS; co++) {
		size_t nc = 1 + (size_t)below(6), np = 1 + (size_t)below(16);
		int64_t ids[6], sorted[6];
		size_t i, j, m = 0;
		struct smk_attr_lead *l, *rev;
		struct smk_attr_markov mk, mk2;
		int64_t value = (int64_t)below(10000000), sum = 0;
		int rc, any = 0;
		double p;

		for (i = 0; i < nc; i++)
			ids[i] = (int64_t)below(1000) * 6 + (int64_t)i;
		for (i = 0; i < np; i++) {
			mp[i].n = (size_t)below(7);
			mp[i].conv = below(5) < 2;
			for (j = 0; j < mp[i].n; j++)
				mp[i].c[j] = j > 0 && below(10) < 3 ?
				    mp[i].c[j - 1] : ids[below(nc)];
			if (mp[i].n > 0 && mp[i].conv)
				any = 1;
		}
		l = mkleads(mp, np, buf);
		rc = smk_attr_markov(l, np, value, &mk);
		if (rc != (any ? 1 : 0)) {
			bad_rc++;
			goto next;
		}
		/* the campaigns the library found, in its (ascending) order */
		for (i = 0; i < mk.n; i++)
			sorted[m++] = mk.campaign[i];
		p = brute(mp, np, sorted, m, -1);
		if (fabs(p - mk.p_conv) > worst)
			worst = fabs(p - mk.p_conv);
		if (!any)
			goto next;
		nconv++;
		for (i = 0; i < m; i++) {
			double re = 1 - brute(mp, np, sorted, m, (long)i) / p;

			if (fabs(re - mk.removal[i]) > worst)
				worst = fabs(re - mk.removal[i]);
			sum += mk.cents[i];
			worst_n++;
		}
		if (sum != value)
			bad_cents++;
		/* the same cohort in reverse order: the same cents */
		rev = smk_xcalloc(np, sizeof(*rev));
		for (i = 0; i < np; i++)
			rev[i] = l[np - 1 - i];
		smk_attr_markov(rev, np, value, &mk2);
		for (i = 0; i < m; i++)
			if (mk2.cents[i] != mk.cents[i] ||
			    mk2.removal[i] != mk.removal[i])
				bad_order++;
		smk_attr_markov_free(&mk2);
		free(rev);
next:
		smk_attr_markov_free(&mk);
		free(l);
	}
	CHECK(bad_rc == 0, "markov: %d random cohorts, shared exactly when a "
	    "path converted", COHORTS);
	CHECK(worst <= 1e-9, "markov: P(conversion) and %ld removal effects "
	    "agree with brute-force iteration (self-loops kept) to %.1e",
	    worst_n, worst);
	CHECK(bad_cents == 0, "markov: the value's cents sum exactly, in all "
	    "%ld cohorts with a conversion", nconv);
	CHECK(bad_order == 0, "markov: the cohort's order changes no cent");
}

/* A cohort of the size campaign-report will meet: 300 campaigns. */
static void
test_markov_large(void)
{
	enum { NP = 20000, NC = 300 };
	struct smk_attr_touch *buf = smk_xcalloc(NP * 9, sizeof(*buf));
	struct smk_attr_lead *l = smk_xcalloc(NP, sizeof(*l));
	struct smk_attr_markov mk;
	size_t i, j, at = 0;
	int64_t sum = 0;
	double resum = 0;
	int rc, ok = 1;

	rng_state = 99;
	for (i = 0; i < NP; i++) {
		size_t n = 1 + (size_t)below(8);

		l[i].touch = buf + at;
		l[i].n = n;
		l[i].mql = l[i].sql = l[i].won = NEVER;
		for (j = 0; j < n; j++) {
			/* a few campaigns are common, most rare */
			buf[at].campaign = (int64_t)(below(4) ? below(20) :
			    below(NC));
			buf[at++].at = AT(j);
		}
		l[i].outcome = below(10) < 3 ? AT(n) : NEVER;
	}
	rc = smk_attr_markov(l, NP, INT64_C(123456789012), &mk);
	for (i = 0; i < mk.n; i++) {
		sum += mk.cents[i];
		resum += mk.removal[i];
		if (!(mk.removal[i] >= 0 && mk.removal[i] <= 1))
			ok = 0;
	}
	CHECK(rc == 1 && mk.n == NC && ok && sum == INT64_C(123456789012) &&
	    resum > 0, "markov: %d paths over %d campaigns, cents exact",
	    NP, NC);
	smk_attr_markov_free(&mk);
	free(l);
	free(buf);
}

int
main(void)
{
	test_names();
	test_rules();
	test_decay();
	test_refused();
	test_sum();
	test_random();
	test_markov_published();
	test_markov_edges();
	test_markov_brute();
	test_markov_large();
	printf("1..%d\n", unit_n);
	return unit_done();
}
