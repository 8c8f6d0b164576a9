/* attrib.c — multi-touch attribution arithmetic: credits by rule, cent-exact shares, the Markov removal effect. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"

/*
 * Cents must come out the same on every machine.  The rule models are
 * rational, so their cents are computed in integers.  Decay and Markov
 * need real numbers: they use IEEE 754 + - * / only, in fixed orders,
 * never libm's exp2 (its last bit differs between C libraries), and never
 * a fused multiply-add: see mul().  (A build for the x87 unit alone,
 * FLT_EVAL_METHOD 2, would keep sums in extended precision: not one we
 * make.)
 */

/*
 * A product rounded to a double before anything is added to it.  A
 * compiler may otherwise fuse a * b + c into one rounding where the
 * machine has the instruction (clang by default within an expression,
 * GCC under -ffp-contract=fast or in GNU C mode), which changes the last
 * bits, so the cents, on some machines only.
 */
static double
mul(double a, double b)
{
	volatile double p = a * b;

	return p;
}

static const char *const model_names[SMK_ATTR_COUNT] = {
	"first", "last", "linear", "u", "w", "full", "decay", "markov"
};

int
smk_attr_model_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < SMK_ATTR_COUNT; i++)
		if (strcmp(s, model_names[i]) == 0)
			return i;
	return -1;
}

const char *
smk_attr_model_name(int model)
{
	if (model < 0 || model >= SMK_ATTR_COUNT)
		return NULL;
	return model_names[model];
}

/* ------------------------------------------------------------ a lead */

/* The number of touches that count (at or before the outcome), or -1
 * when l's touches are out of time order or too many. */
static long
counted(const struct smk_attr_lead *l)
{
	size_t i, k = 0;

	if (l->n > SMK_ATTR_MAX_TOUCHES || (l->n > 0 && l->touch == NULL))
		return -1;
	for (i = 0; i < l->n; i++) {
		if (i > 0 && l->touch[i].at < l->touch[i - 1].at)
			return -1;
		if (l->touch[i].at <= l->outcome)
			k = i + 1;
	}
	return (long)k;
}

/* The last of the first k touches at or before stage (a stage not
 * reached by the outcome counts as reached at it); the first touch when
 * none is. */
static size_t
position(const struct smk_attr_lead *l, size_t k, int64_t stage)
{
	int64_t t = stage < l->outcome ? stage : l->outcome;
	size_t i = k;

	while (i > 0 && l->touch[i - 1].at > t)
		i--;
	return i > 0 ? i - 1 : 0;
}

/*
 * The shaped models in parts: the first, lead-creation, opportunity and
 * closing touch's parts, then the shared part.  22.5% is 45 parts of 200.
 */
struct shape {
	int64_t role[4];
	int64_t shared;
	int between;    /* shared only by the touches between the first and
	                 * the lead-creation touch (u), else by every touch
	                 * without a role */
};
static const struct shape shape_u = { { 40, 40, 0, 0 }, 20, 1 };
static const struct shape shape_w = { { 30, 30, 30, 0 }, 10, 0 };
static const struct shape shape_full = { { 45, 45, 45, 45 }, 20, 0 };

/*
 * A rule model's exact credits: num[i] / (the return value) for each of
 * the first k > 0 touches, the num summing to the denominator.  The
 * denominator is at most 200 k, so num[i] * denominator fits 63 bits.
 */
static int64_t
rule_shares(const struct smk_attr_lead *l, size_t k, int model, int64_t *num)
{
	const struct shape *sh;
	size_t pos[4], i, nshared = 0;
	int64_t named = 0;
	int r;

	memset(num, 0, k * sizeof(*num));
	switch (model) {
	case SMK_ATTR_FIRST:
		num[0] = 1;
		return 1;
	case SMK_ATTR_LAST:
		num[k - 1] = 1;
		return 1;
	case SMK_ATTR_LINEAR:
		for (i = 0; i < k; i++)
			num[i] = 1;
		return (int64_t)k;
	case SMK_ATTR_U:
		sh = &shape_u;
		break;
	case SMK_ATTR_W:
		sh = &shape_w;
		break;
	default:
		sh = &shape_full;
		break;
	}
	pos[0] = 0;
	pos[1] = position(l, k, l->mql);
	pos[2] = position(l, k, l->sql);
	pos[3] = position(l, k, l->won);
	for (r = 0; r < 4; r++) {
		num[pos[r]] += sh->role[r];
		named += sh->role[r];
	}
	/* a touch with no role has num 0 here: every role's part is > 0 */
	for (i = 0; i < k; i++)
		if (num[i] == 0 && (!sh->between || (i > 0 && i < pos[1])))
			nshared++;
	if (nshared == 0)
		return named;   /* the shared part, in proportion to the roles */
	for (i = 0; i < k; i++) {
		if (num[i] != 0)
			num[i] *= (int64_t)nshared;
		else if (!sh->between || (i > 0 && i < pos[1]))
			num[i] = sh->shared;
	}
	return (named + sh->shared) * (int64_t)nshared;
}

/*
 * 2^x for x <= 0 from + - * / and an exact scaling: the Taylor series of
 * e^y, y = (x - floor(x)) ln 2 < 0.7, whose 22nd term is below 2^-70.
 */
static double
pow2_neg(double x)
{
	static const double ln2 = 0.693147180559945309417232121458176568;
	double n, y, s = 1.0;
	int j;

	if (!(x > -1100.0))
		return 0.0;     /* below the least subnormal double */
	n = floor(x);
	y = (x - n) * ln2;
	for (j = 22; j >= 1; j--)
		s = 1.0 + mul(s, y) / j;
	return ldexp(s, (int)n);
}

/* Decay's weights of the first k > 0 touches: the last is 1, so the sum
 * is at least 1. */
static void
decay_weights(const struct smk_attr_lead *l, size_t k, double half_life,
    double *w)
{
	double ref = (double)l->touch[k - 1].at;
	size_t i;

	for (i = 0; i < k; i++) {
		double days = (ref - (double)l->touch[i].at) / 86400.0;

		w[i] = pow2_neg(-days / half_life);
	}
}

static int
model_ok(int model, double half_life)
{
	if (model < 0 || model >= SMK_ATTR_COUNT || model == SMK_ATTR_MARKOV)
		return 0;
	if (model == SMK_ATTR_DECAY && !(half_life > 0 && isfinite(half_life)))
		return 0;
	return 1;
}

int
smk_attr_credit(const struct smk_attr_lead *l, int model, double half_life,
    double *credit)
{
	long kk;
	size_t i, k;

	if (!model_ok(model, half_life) || (kk = counted(l)) < 0)
		return -1;
	k = (size_t)kk;
	for (i = 0; i < l->n; i++)
		credit[i] = 0.0;
	if (k == 0)
		return 0;
	if (model == SMK_ATTR_DECAY) {
		double sum = 0.0;

		decay_weights(l, k, half_life, credit);
		for (i = 0; i < k; i++)
			sum += credit[i];
		for (i = 0; i < k; i++)
			credit[i] /= sum;
	} else {
		int64_t *num = smk_xmalloc(k * sizeof(*num));
		int64_t den = rule_shares(l, k, model, num);

		for (i = 0; i < k; i++)
			credit[i] = (double)num[i] / (double)den;
		free(num);
	}
	return (int)k;
}

/* --------------------------------------------------- largest remainder */

/* One share's remainder: an exact one (n, over a common denominator) or
 * a real one (d); the other is 0. */
struct rem {
	int64_t n;
	double d;
	size_t i;
};

/* Largest remainder first; an equal remainder to the earlier share, so
 * the order is total and qsort's own order never shows. */
static int
by_rem(const void *a, const void *b)
{
	const struct rem *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if (x->d != y->d)
		return x->d > y->d ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* amount >= 0 in shares num[i] / den exactly (the num summing to den, den
 * below 2^31): the floors, then a cent each to the largest remainders
 * (fewer cents are left than shares). */
static void
share_exact(int64_t amount, const int64_t *num, int64_t den, size_t n,
    int64_t *out)
{
	struct rem *r = smk_xmalloc(n * sizeof(*r));
	int64_t q = amount / den, m = amount % den, left = amount;
	size_t i;

	for (i = 0; i < n; i++) {
		/* amount * num / den without overflow: q * num <= amount,
		 * m * num < den * den < 2^62 */
		out[i] = q * num[i] + m * num[i] / den;
		r[i].n = m * num[i] % den;
		r[i].d = 0.0;
		r[i].i = i;
		left -= out[i];
	}
	qsort(r, n, sizeof(*r), by_rem);
	for (i = 0; left > 0 && i < n; i++, left--)
		out[r[i].i]++;
	free(r);
}

/*
 * amount >= 0 in proportion to the weights w[i] >= 0 (their sum > 0): the
 * floors, then a cent each to the largest remainders.  Only shares with
 * a weight get a cent.  Past 2^53 cents the floors are not exact and may
 * leave more cents than shares, or take one too many: the loops go round
 * until the sum is exact.
 */
static void
share_real(int64_t amount, const double *w, size_t n, int64_t *out)
{
	struct rem *r = smk_xmalloc(n * sizeof(*r));
	double sum = 0.0, a = (double)amount;
	int64_t left = amount;
	size_t i, nw = 0;

	for (i = 0; i < n; i++)
		sum += w[i];
	for (i = 0; i < n; i++) {
		double x = w[i] > 0 ? mul(a, w[i] / sum) : 0.0, f = floor(x);

		out[i] = f >= a ? amount : (int64_t)f;
		r[i].n = 0;
		r[i].d = x - f;
		r[i].i = i;
		left -= out[i];
	}
	qsort(r, n, sizeof(*r), by_rem);
	for (i = 0; i < n; i++)
		if (w[r[i].i] > 0)
			r[nw++] = r[i];
	for (i = 0; left > 0; i = (i + 1) % nw, left--)
		out[r[i].i]++;
	for (i = nw; left < 0; i = i > 1 ? i - 1 : nw) {
		if (out[r[i - 1].i] > 0) {
			out[r[i - 1].i]--;
			left++;
		}
	}
	free(r);
}

int
smk_attr_cents(const struct smk_attr_lead *l, int model, double half_life,
    int64_t amount, int64_t *cents)
{
	int64_t mag;
	long kk;
	size_t i, k;

	if (!model_ok(model, half_life) || amount == INT64_MIN ||
	    (kk = counted(l)) < 0)
		return -1;
	mag = amount < 0 ? -amount : amount;
	k = (size_t)kk;
	for (i = 0; i < l->n; i++)
		cents[i] = 0;
	if (k == 0)
		return 0;
	if (model == SMK_ATTR_DECAY) {
		double *w = smk_xmalloc(k * sizeof(*w));

		decay_weights(l, k, half_life, w);
		share_real(mag, w, k, cents);
		free(w);
	} else {
		int64_t *num = smk_xmalloc(k * sizeof(*num));
		int64_t den = rule_shares(l, k, model, num);

		share_exact(mag, num, den, k, cents);
		free(num);
	}
	if (amount < 0)
		for (i = 0; i < k; i++)
			cents[i] = -cents[i];
	return (int)k;
}

/* ------------------------------------------------------ per campaign */

/* Where campaign is in s, or where it would go; *found set. */
static size_t
sum_find(const struct smk_attr_sum *s, int64_t campaign, int *found)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->campaign[mid] < campaign)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->n && s->campaign[lo] == campaign;
	return lo;
}

static int
add_fits(int64_t a, int64_t b)
{
	return b >= 0 ? a <= INT64_MAX - b : a >= INT64_MIN - b;
}

int
smk_attr_sum_add(struct smk_attr_sum *s, int64_t campaign, int64_t cents)
{
	int found;
	size_t i = sum_find(s, campaign, &found);

	if (found) {
		if (!add_fits(s->cents[i], cents))
			return -1;
		s->cents[i] += cents;
		return 0;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->campaign = smk_xrealloc(s->campaign,
		    s->cap * sizeof(*s->campaign));
		s->cents = smk_xrealloc(s->cents, s->cap * sizeof(*s->cents));
	}
	memmove(s->campaign + i + 1, s->campaign + i,
	    (s->n - i) * sizeof(*s->campaign));
	memmove(s->cents + i + 1, s->cents + i, (s->n - i) * sizeof(*s->cents));
	s->campaign[i] = campaign;
	s->cents[i] = cents;
	s->n++;
	return 0;
}

int
smk_attr_sum_lead(struct smk_attr_sum *s, const struct smk_attr_lead *l,
    const int64_t *cents)
{
	struct smk_attr_sum t = { 0, 0, NULL, NULL };
	size_t i, at;
	int found, rc = -1;

	/* the lead's own totals first, so that an overflow changes nothing */
	for (i = 0; i < l->n; i++)
		if (smk_attr_sum_add(&t, l->touch[i].campaign, cents[i]) == -1)
			goto out;
	for (i = 0; i < t.n; i++) {
		at = sum_find(s, t.campaign[i], &found);
		if (found && !add_fits(s->cents[at], t.cents[i]))
			goto out;
	}
	for (i = 0; i < t.n; i++)
		smk_attr_sum_add(s, t.campaign[i], t.cents[i]);
	rc = 0;
out:
	smk_attr_sum_free(&t);
	return rc;
}

void
smk_attr_sum_free(struct smk_attr_sum *s)
{
	free(s->campaign);
	free(s->cents);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------- Markov */

/*
 * LU decomposition of the m x m matrix a (row-major, in place) with
 * partial pivoting: the largest magnitude in the column, the first of
 * equal ones.  perm[i]: the original row now at i.  Returns -1 for a
 * zero pivot (an absorbing chain's I - Q is never singular).
 */
static int
lu(double *a, size_t m, size_t *perm)
{
	size_t i, j, c;

	for (i = 0; i < m; i++)
		perm[i] = i;
	for (c = 0; c < m; c++) {
		size_t p = c;

		for (i = c + 1; i < m; i++)
			if (fabs(a[i * m + c]) > fabs(a[p * m + c]))
				p = i;
		if (a[p * m + c] == 0.0)
			return -1;
		if (p != c) {
			size_t t = perm[p];

			perm[p] = perm[c];
			perm[c] = t;
			for (j = 0; j < m; j++) {
				double x = a[p * m + j];

				a[p * m + j] = a[c * m + j];
				a[c * m + j] = x;
			}
		}
		for (i = c + 1; i < m; i++) {
			double f = a[i * m + c] / a[c * m + c];

			a[i * m + c] = f;
			if (f == 0.0)
				continue;
			for (j = c + 1; j < m; j++)
				a[i * m + j] -= mul(f, a[c * m + j]);
		}
	}
	return 0;
}

/* Solves a x = b with lu's factors; x may not be b. */
static void
lu_solve(const double *a, size_t m, const size_t *perm, const double *b,
    double *x)
{
	size_t i, j;

	for (i = 0; i < m; i++) {
		double s = b[perm[i]];

		for (j = 0; j < i; j++)
			s -= mul(a[i * m + j], x[j]);
		x[i] = s;
	}
	for (i = m; i-- > 0;) {
		double s = x[i];

		for (j = i + 1; j < m; j++)
			s -= mul(a[i * m + j], x[j]);
		x[i] = s / a[i * m + i];
	}
}

/* The chain's transition counts: m campaign rows, then START; columns the
 * m campaigns, then CONVERSION, then NULL. */
struct chain {
	size_t m;
	int64_t *ids;
	int64_t *cnt;   /* (m + 1) x (m + 2) */
};
#define CNT(ch, i, j) ((ch)->cnt[(i) * ((ch)->m + 2) + (j)])

/*
 * The counts as leads are added.  A campaign gets a row and column of q
 * when first seen (its slot); ids are kept sorted, so that the chain
 * solved is the same matrix, in the same order, whatever the order of
 * the leads.
 */
struct smk_attr_chain {
	size_t m, cap;
	int64_t *ids;           /* the campaigns, ascending */
	size_t *slot;           /* ids[i]'s row and column in q */
	int64_t *q;             /* cap x cap: campaign to campaign */
	int64_t *start, *conv, *null;  /* by slot: START to it, it to
	                         * CONVERSION, it to NULL */
	size_t paths, converted;
};

struct smk_attr_chain *
smk_attr_chain_new(void)
{
	return smk_xcalloc(1, sizeof(struct smk_attr_chain));
}

void
smk_attr_chain_free(struct smk_attr_chain *c)
{
	if (c == NULL)
		return;
	free(c->ids);
	free(c->slot);
	free(c->q);
	free(c->start);
	free(c->conv);
	free(c->null);
	free(c);
}

/* The slot of campaign, made when it is new. */
static size_t
chain_slot(struct smk_attr_chain *c, int64_t campaign)
{
	size_t lo = 0, hi = c->m, i;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->ids[mid] < campaign)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->m && c->ids[lo] == campaign)
		return c->slot[lo];
	if (c->m == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		int64_t *q = smk_xcalloc(cap * cap, sizeof(*q));

		for (i = 0; i < c->m; i++)
			memcpy(q + i * cap, c->q + i * c->cap,
			    c->m * sizeof(*q));
		free(c->q);
		c->q = q;
		c->ids = smk_xrealloc(c->ids, cap * sizeof(*c->ids));
		c->slot = smk_xrealloc(c->slot, cap * sizeof(*c->slot));
		c->start = smk_xrealloc(c->start, cap * sizeof(*c->start));
		c->conv = smk_xrealloc(c->conv, cap * sizeof(*c->conv));
		c->null = smk_xrealloc(c->null, cap * sizeof(*c->null));
		c->cap = cap;
	}
	memmove(c->ids + lo + 1, c->ids + lo, (c->m - lo) * sizeof(*c->ids));
	memmove(c->slot + lo + 1, c->slot + lo,
	    (c->m - lo) * sizeof(*c->slot));
	c->ids[lo] = campaign;
	c->slot[lo] = c->m;
	c->start[c->m] = c->conv[c->m] = c->null[c->m] = 0;
	return c->m++;
}

int
smk_attr_chain_add(struct smk_attr_chain *c, const struct smk_attr_lead *l)
{
	long k = counted(l);
	size_t j, s, prev = SIZE_MAX;   /* START */

	if (k < 0)
		return -1;
	if (k == 0)
		return 0;               /* no path: left out */
	c->paths++;
	for (j = 0; j < (size_t)k; j++) {
		s = chain_slot(c, l->touch[j].campaign);
		if (s == prev)
			continue;       /* collapsed: no self-loops */
		if (prev == SIZE_MAX)
			c->start[s]++;
		else
			c->q[prev * c->cap + s]++;
		prev = s;
	}
	if (l->outcome != SMK_ATTR_NEVER) {
		c->converted++;
		c->conv[prev]++;
	} else
		c->null[prev]++;
	return 0;
}

/* The counts in the order of the campaigns' ids. */
static void
chain_count(struct chain *ch, const struct smk_attr_chain *c,
    struct smk_attr_markov *mk)
{
	size_t m = c->m, i, j;

	ch->m = m;
	ch->ids = smk_xmalloc((m ? m : 1) * sizeof(*ch->ids));
	if (m > 0)
		memcpy(ch->ids, c->ids, m * sizeof(*ch->ids));
	ch->cnt = smk_xcalloc((m + 1) * (m + 2), sizeof(*ch->cnt));
	for (i = 0; i < m; i++) {
		for (j = 0; j < m; j++)
			CNT(ch, i, j) = c->q[c->slot[i] * c->cap + c->slot[j]];
		CNT(ch, i, m) = c->conv[c->slot[i]];
		CNT(ch, i, m + 1) = c->null[c->slot[i]];
		CNT(ch, m, i) = c->start[c->slot[i]];
	}
	mk->paths = c->paths;
	mk->converted = c->converted;
}

/*
 * Removal effects by one factorization.  With A = I - Q over the
 * campaigns, b their CONVERSION probabilities and p the START row,
 * h = A^-1 b is each campaign's P(conversion) and P = p.h.  Removing c
 * keeps every equation but c's and sets h(c) = 0: its solution is
 * h - h(c)/N(c,c) A^-1 e_c, with N = A^-1, so
 *   P - P(c removed) = h(c) g(c) / N(c,c),  g = p^T A^-1,
 * the probability of reaching c and converting from there.  That is
 * computed as a product, without the cancellation of P - P(c removed).
 */
static int
chain_solve(const struct chain *ch, struct smk_attr_markov *mk)
{
	size_t m = ch->m, i, j, c;
	double *a = smk_xcalloc(m * m, sizeof(*a));
	double *b = smk_xcalloc(m, sizeof(*b));
	double *p = smk_xcalloc(m, sizeof(*p));
	double *h = smk_xcalloc(m, sizeof(*h));
	double *z = smk_xcalloc(m, sizeof(*z));
	double *e = smk_xcalloc(m, sizeof(*e));
	size_t *perm = smk_xcalloc(m, sizeof(*perm));
	char *reach = smk_xcalloc(m, 1);
	size_t *queue = smk_xcalloc(m, sizeof(*queue));
	size_t qn = 0, qi;
	int64_t tot;
	int rc = -1;

	for (i = 0; i <= m; i++) {
		if (i < m)
			a[i * m + i] = 1.0;     /* no self-loops: Q(i,i) = 0 */
		tot = 0;
		for (j = 0; j < m + 2; j++)
			tot += CNT(ch, i, j);
		if (tot == 0)
			continue;       /* START of an empty chain only */
		for (j = 0; j < m; j++) {
			double q = (double)CNT(ch, i, j) / (double)tot;

			if (i == m)
				p[j] = q;
			else if (j != i)
				a[i * m + j] = -q;
		}
		if (i < m)
			b[i] = (double)CNT(ch, i, m) / (double)tot;
	}
	/* the campaigns from which CONVERSION can be reached: the others'
	 * removal effect is exactly 0, whatever rounding would say */
	for (i = 0; i < m; i++)
		if (CNT(ch, i, m) > 0) {
			reach[i] = 1;
			queue[qn++] = i;
		}
	for (qi = 0; qi < qn; qi++)
		for (i = 0; i < m; i++)
			if (!reach[i] && CNT(ch, i, queue[qi]) > 0) {
				reach[i] = 1;
				queue[qn++] = i;
			}
	if (lu(a, m, perm) == -1)
		goto out;
	lu_solve(a, m, perm, b, h);
	mk->p_conv = 0.0;
	for (i = 0; i < m; i++)
		mk->p_conv += mul(p[i], h[i]);
	rc = 0;
	if (!(mk->p_conv > 0.0))
		goto out;
	for (c = 0; c < m; c++) {
		double g = 0.0, re;

		if (!reach[c])
			continue;
		e[c] = 1.0;
		lu_solve(a, m, perm, e, z);
		e[c] = 0.0;
		for (i = 0; i < m; i++)
			g += mul(p[i], z[i]);
		re = h[c] * g / z[c] / mk->p_conv;
		mk->removal[c] = re < 0.0 ? 0.0 : re > 1.0 ? 1.0 : re;
	}
out:
	free(a);
	free(b);
	free(p);
	free(h);
	free(z);
	free(e);
	free(perm);
	free(reach);
	free(queue);
	return rc;
}

int
smk_attr_chain_solve(const struct smk_attr_chain *c, int64_t value,
    struct smk_attr_markov *mk)
{
	struct chain ch = { 0, NULL, NULL };
	double sum = 0.0;
	size_t i;
	int rc = -1;

	memset(mk, 0, sizeof(*mk));
	if (value == INT64_MIN)
		goto out;
	chain_count(&ch, c, mk);
	mk->n = ch.m;
	mk->campaign = smk_xmalloc((ch.m ? ch.m : 1) * sizeof(*mk->campaign));
	if (ch.m > 0)
		memcpy(mk->campaign, ch.ids, ch.m * sizeof(*mk->campaign));
	mk->removal = smk_xcalloc(ch.m, sizeof(*mk->removal));
	mk->cents = smk_xcalloc(ch.m, sizeof(*mk->cents));
	if (ch.m == 0) {
		rc = 0;
		goto out;
	}
	if (chain_solve(&ch, mk) == -1)
		goto out;
	for (i = 0; i < ch.m; i++)
		sum += mk->removal[i];
	rc = 0;
	if (!(sum > 0.0))
		goto out;
	share_real(value < 0 ? -value : value, mk->removal, ch.m, mk->cents);
	if (value < 0)
		for (i = 0; i < ch.m; i++)
			mk->cents[i] = -mk->cents[i];
	rc = 1;
out:
	free(ch.ids);
	free(ch.cnt);
	return rc;
}

int
smk_attr_markov(const struct smk_attr_lead *leads, size_t nleads,
    int64_t value, struct smk_attr_markov *mk)
{
	struct smk_attr_chain *c = smk_attr_chain_new();
	size_t i;
	int rc = 0;

	memset(mk, 0, sizeof(*mk));
	for (i = 0; rc == 0 && i < nleads; i++)
		rc = smk_attr_chain_add(c, &leads[i]);
	if (rc == 0)
		rc = smk_attr_chain_solve(c, value, mk);
	smk_attr_chain_free(c);
	return rc;
}

void
smk_attr_markov_free(struct smk_attr_markov *m)
{
	free(m->campaign);
	free(m->removal);
	free(m->cents);
	memset(m, 0, sizeof(*m));
}
