/* dist.c — lists of values for quantiles (smk_mx_dist): exact nearest-rank quantiles in memory bounded by a constant. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smk_int.h"

/*
 * Every median and 90th percentile the reports show is taken here, and
 * the lists grow with the data: a year's moves of a database of a million
 * leads are more than a million values.  So a dist keeps at most
 * SMK_MX_DIST_MEM values (32 KB) in memory, whatever the data: a brief
 * holds a few dozen dists at once.
 *
 * - Up to the bound, nothing else happens: the values are sorted in
 *   memory when a quantile is asked, and small periods never touch the
 *   disk.
 * - Past it, the values go to a temporary file, SMK_MX_DIST_MEM at a
 *   time, the way sort(1) and SQLite spill: made in $TMPDIR (/tmp when
 *   unset or empty) with mode 0600, as they may come from personal data,
 *   and unlinked at once, so that nothing is left whatever ends the run.
 * - A quantile of a spilled dist is an exact selection, not a sort.
 *   Each value has a 64-bit key whose unsigned order is dcmp()'s order
 *   (dkey()).  A counting pass over the values counts, among those
 *   whose keys share the bits found so far, each value of the next 16
 *   bits (65536 counters); the bucket where the rank falls adds 16 bits.
 *   Once the values left number at most GATHER, one more pass gathers
 *   them, and qsort() with dcmp() picks the rank among them: the value a
 *   sort of all of them would have picked.  Up to GATHER values that is
 *   the only pass; times spread over hours or days take one counting
 *   pass before it (every dist of a brief of a million leads did), a
 *   crowd of near-equal values up to four.  Each pass is a sequential read of the file, just written and
 *   so in the page cache, in 64 KB chunks.  The counters and buffers
 *   (about 1.1 MB) live during the call only.
 * - A failure to write or read the file (no space, an I/O error, a
 *   $TMPDIR that is not there) sticks to the dist: the values after it
 *   are not kept, and smk_mx_dist_check() and smk_mx_quantile() report
 *   it, naming the directory.
 */

#define GATHER 65536               /* values a quantile sorts at most */
#define CHUNK 8192                 /* values a read brings: 64 KB */
#define NBUCKET 65536              /* 16 bits of the key a pass */

void
smk_mx_dist_free(struct smk_mx_dist *d)
{
	free(d->v);
	free(d->dir);
	if (d->spilled)
		close(d->fd);
	memset(d, 0, sizeof(*d));
}

/* Remembers the first failure, with errno: -1. */
static int
dist_fail(struct smk_mx_dist *d, const char *what)
{
	if (d->err == 0) {
		d->err = errno != 0 ? errno : EIO;
		d->what = what;
	}
	return -1;
}

/* Opens the temporary file of d. */
static int
dist_open(struct smk_mx_dist *d)
{
	const char *dir = getenv("TMPDIR");
	char *name;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	d->dir = smk_xstrdup(dir);
	name = smk_xmalloc(strlen(dir) + sizeof("/smk-dist-XXXXXX"));
	sprintf(name, "%s/smk-dist-XXXXXX", dir);
	/* mkstemp(3) makes it 0600, whatever the umask */
	fd = mkstemp(name);
	if (fd < 0) {
		free(name);
		return dist_fail(d, "create");
	}
	unlink(name);
	free(name);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	d->fd = fd;
	d->spilled = 1;
	return 0;
}

/* Moves the values in memory to the file. */
static int
dist_spill(struct smk_mx_dist *d)
{
	const char *p = (const char *)d->v;
	size_t len = d->nv * sizeof(*d->v);
	ssize_t w;

	if (d->err != 0 || (!d->spilled && dist_open(d) < 0))
		return -1;
	while (len > 0) {
		errno = 0;
		if ((w = write(d->fd, p, len)) <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return dist_fail(d, "write");
		}
		p += w;
		len -= (size_t)w;
	}
	d->nv = 0;
	return 0;
}

int
smk_mx_dist_add(struct smk_mx_dist *d, double v)
{
	if (d->nv == d->cap) {
		if (d->cap < SMK_MX_DIST_MEM) {
			d->cap = d->cap ? d->cap * 2 : 64;
			if (d->cap > SMK_MX_DIST_MEM)
				d->cap = SMK_MX_DIST_MEM;
			d->v = smk_xrealloc(d->v, d->cap * sizeof(*d->v));
		} else if (dist_spill(d) < 0)
			return -1;
	}
	d->v[d->nv++] = v;
	d->n++;
	d->sorted = 0;
	return 0;
}

int
smk_mx_dist_check(const struct smk_mx_dist *d, size_t n, struct smk_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i].err != 0)
			return smk_err_set(err, SMK_EXIT_FAILURE, d[i].dir, 0,
			    NULL, "cannot %s temporary file: %s", d[i].what,
			    strerror(d[i].err));
	return 0;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The key of v: unsigned order of keys is dcmp()'s order of values.  The
 * bits of a non-negative double grow with it, so its key is its bits with
 * the sign bit set, above every negative one; a negative's bits grow as it
 * falls, so its key is its bits flipped.  -0.0 and 0.0, equal to dcmp(),
 * share 0.0's key.  (A NaN, which dcmp() cannot order, is never a value:
 * they are times.)
 */
static uint64_t
dkey(double v)
{
	uint64_t b;

	if (v == 0)
		v = 0.0;
	memcpy(&b, &v, sizeof(b));
	return b >> 63 ? ~b : b | UINT64_C(1) << 63;
}

/* The value of a key (dkey()'s inverse, but for -0.0). */
static double
dvalue(uint64_t k)
{
	double v;

	k = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
	memcpy(&v, &k, sizeof(v));
	return v;
}

/* A selection's state: the values whose keys have prefix as their bits
 * above the lowest low ones (low 64: all of them). */
struct sel {
	uint64_t prefix;
	int low;
	size_t *cnt;               /* counting: NBUCKET counters, or NULL */
	double *g;                 /* gathering: room for gcap values */
	size_t ng, gcap, matched;
};

static void
sel_chunk(struct sel *s, const double *v, size_t n)
{
	uint64_t k;
	size_t i;

	for (i = 0; i < n; i++) {
		k = dkey(v[i]);
		if (s->low < 64 && k >> s->low != s->prefix)
			continue;
		if (s->cnt != NULL)
			s->cnt[(k >> (s->low - 16)) & (NBUCKET - 1)]++;
		else if (s->matched++ < s->gcap)
			s->g[s->ng++] = v[i];
	}
}

/* One pass over d's values, those in the file then those in memory. */
static int
sel_pass(struct smk_mx_dist *d, struct sel *s, double *buf)
{
	off_t off = 0, end = (off_t)((d->n - d->nv) * sizeof(*d->v));
	size_t want, got;
	ssize_t r;

	while (off < end) {
		want = end - off < (off_t)(CHUNK * sizeof(*buf)) ?
		    (size_t)(end - off) : CHUNK * sizeof(*buf);
		for (got = 0; got < want; got += (size_t)r) {
			errno = 0;
			r = pread(d->fd, (char *)buf + got, want - got,
			    off + (off_t)got);
			if (r < 0 && errno == EINTR)
				r = 0;
			else if (r <= 0)
				return dist_fail(d, "read");
		}
		sel_chunk(s, buf, want / sizeof(*buf));
		off += (off_t)want;
	}
	sel_chunk(s, d->v, d->nv);
	return 0;
}

/* The file holds other values than were written to it. */
static int
garbled(struct smk_mx_dist *d)
{
	errno = EIO;
	return dist_fail(d, "read");
}

/* The k-th smallest (from 1) of a spilled d's values into *out. */
static int
dist_select(struct smk_mx_dist *d, size_t k, double *out)
{
	struct sel s;
	double *buf = smk_xmalloc(CHUNK * sizeof(*buf));
	size_t m = d->n, below, b;
	int r = -1;

	memset(&s, 0, sizeof(s));
	s.low = 64;
	/* narrow to one bucket of at most GATHER values, or to one key */
	while (m > GATHER && s.low > 0) {
		if (s.cnt == NULL)
			s.cnt = smk_xmalloc(NBUCKET * sizeof(*s.cnt));
		memset(s.cnt, 0, NBUCKET * sizeof(*s.cnt));
		if (sel_pass(d, &s, buf) < 0)
			goto done;
		for (b = 0, below = 0; b < NBUCKET && below + s.cnt[b] < k;
		    b++)
			below += s.cnt[b];
		if (b == NBUCKET) {
			garbled(d);
			goto done;
		}
		k -= below;
		m = s.cnt[b];
		s.prefix = (s.prefix << 16) | b;
		s.low -= 16;
	}
	if (s.low == 0) {
		/* m values of one key: equal to dcmp() */
		*out = dvalue(s.prefix);
		r = 0;
		goto done;
	}
	free(s.cnt);
	s.cnt = NULL;
	s.g = smk_xmalloc(m * sizeof(*s.g));
	s.gcap = m;
	if (sel_pass(d, &s, buf) < 0)
		goto done;
	if (s.matched != m) {
		garbled(d);
		goto done;
	}
	qsort(s.g, s.ng, sizeof(*s.g), dcmp);
	*out = s.g[k - 1];
	r = 0;
done:
	free(s.cnt);
	free(s.g);
	free(buf);
	return r;
}

/*
 * The nearest rank of q among n values: the least k with k >= q n.  In
 * doubles, q n + 0.999999999 loses the 0.999999999 once q n passes 2^25
 * (k one too many), so q is read to nine decimals (the reports ask 0.5
 * and 0.9) and k computed in integers: exact up to 2^34 values; past
 * that, the doubles' answer.
 */
static size_t
rank_of(double q, size_t n)
{
	uint64_t p = (uint64_t)(q * 1e9 + 0.5), k;

	if ((uint64_t)n < UINT64_C(1) << 34)
		k = ((uint64_t)n * p + 999999999) / 1000000000;
	else
		k = (uint64_t)(q * (double)n + 0.999999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return (size_t)k;
}

/* The q-quantile (0 < q <= 1) by the nearest-rank method: the smallest
 * value with at least q of the values at or below it. */
int
smk_mx_quantile(struct smk_mx_dist *d, double q, double *out,
    struct smk_err *err)
{
	size_t k;

	if (d->err != 0)
		return smk_mx_dist_check(d, 1, err);
	if (d->n == 0)
		return 0;
	k = rank_of(q, d->n);
	if (!d->spilled) {
		if (!d->sorted) {
			qsort(d->v, d->n, sizeof(*d->v), dcmp);
			d->sorted = 1;
		}
		*out = d->v[k - 1];
		return 1;
	}
	if (dist_select(d, k, out) < 0)
		return smk_mx_dist_check(d, 1, err);
	return 1;
}
