/* test_dist.c — unit tests of the quantiles (dist.c): past the memory bound, the value a sort of everything picks, and the temporary file's failures. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smk_int.h"
#include "unit.h"

#define BIG 200000
#define MEM SMK_MX_DIST_MEM

static char dir[512];

/* ------------------------------------------------------------ helpers */

/* The names in directory path. */
static size_t
entries(const char *path)
{
	char pat[600];
	glob_t g;
	size_t n;

	snprintf(pat, sizeof(pat), "%s/*", path);
	if (glob(pat, 0, NULL, &g) != 0)
		return 0;
	n = g.gl_pathc;
	globfree(&g);
	return n;
}

static uint64_t seed;

static uint64_t
rnd(void)
{
	return unit_rand(&seed);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Equal bits, or both zeros: -0.0 and 0.0 are equal to the sort, which
 * may leave either at a rank. */
static int
same(double a, double b)
{
	return (a == 0 && b == 0) || memcmp(&a, &b, sizeof(a)) == 0;
}

static const double qs[] = { 1e-9, 0.01, 0.25, 0.5, 0.9, 0.999, 1.0 };
/* the same as fractions num / den, for the rank in integers */
static const uint64_t qnum[] = { 1, 1, 1, 1, 9, 999, 1 };
static const uint64_t qden[] = { 1000000000, 100, 4, 2, 10, 1000, 1 };
#define NQ (sizeof(qs) / sizeof(qs[0]))

/* The nearest-rank quantile num / den of sorted[0 .. n): the value of
 * the least rank k with k / n >= num / den. */
static double
nearest(const double *sorted, size_t n, size_t i)
{
	uint64_t k = ((uint64_t)n * qnum[i] + qden[i] - 1) / qden[i];

	if (k < 1)
		k = 1;
	return sorted[k - 1];
}

/* A dist of v[0 .. n) gives at each q what a sort of a copy gives, and
 * keeps at most MEM values in memory. */
static void
check_values(const char *what, const double *v, size_t n)
{
	struct smk_mx_dist d;
	struct smk_err err;
	double *s = malloc(n * sizeof(*s)), got = 0;
	size_t i, bad = 0;
	int r, added = 0;

	memset(&d, 0, sizeof(d));
	for (i = 0; i < n; i++)
		added |= smk_mx_dist_add(&d, v[i]);
	CHECK(added == 0 && d.n == n && d.nv <= MEM && d.cap <= MEM &&
	    d.spilled == (n > MEM), "%s: %zu values, at most %d in memory%s",
	    what, n, MEM, n > MEM ? ", the others in a file" : "");
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp);
	for (i = 0; i < NQ; i++) {
		smk_err_clear(&err);
		r = smk_mx_quantile(&d, qs[i], &got, &err);
		if (r != 1 || !same(got, nearest(s, n, i))) {
			printf("# %s: q %g: got %d %.17g, want %.17g (%s)\n",
			    what, qs[i], r, got, nearest(s, n, i),
			    err.msg);
			bad++;
		}
	}
	CHECK(bad == 0, "%s: the quantiles of a sort", what);
	smk_mx_dist_free(&d);
	free(s);
}

/* n values from gen */
static void
check_gen(const char *what, size_t n, double (*gen)(size_t i))
{
	double *v = malloc(n * sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = gen(i);
	check_values(what, v, n);
	free(v);
}

/* Any double but NaN: every sign, exponent and mantissa. */
static double
g_any(size_t i)
{
	uint64_t b;
	double x;

	(void)i;
	do {
		b = rnd();
		memcpy(&x, &b, sizeof(x));
	} while (isnan(x));
	return x;
}

static double
g_uniform(size_t i)
{
	(void)i;
	return (double)(rnd() >> 11) / 9007199254740992.0 * 1000.0;
}

static double
g_negative(size_t i)
{
	(void)i;
	return (double)(int64_t)(rnd() % 2000001) - 1000000.0;
}

static double
g_seconds(size_t i)
{
	(void)i;
	return (double)(rnd() % (365 * 86400));
}

/* hours on the SLA clock, as metrics.c makes them */
static double
g_hours(size_t i)
{
	(void)i;
	return (double)(rnd() % (90 * 86400)) / 3600.0;
}

static double
g_dups(size_t i)
{
	(void)i;
	return (double)(rnd() % 7);
}

static double
g_equal(size_t i)
{
	(void)i;
	return 3600.0;
}

/* -0.0 and 0.0 mixed, with a few values either side */
static double
g_zeros(size_t i)
{
	uint64_t r = rnd() % 10;

	(void)i;
	return r < 4 ? -0.0 : r < 8 ? 0.0 : r == 8 ? -1e-300 : 1e-300;
}

static double
g_count(size_t i)
{
	return (double)i;
}

static double
g_down(size_t i)
{
	return -(double)i;
}

/* ------------------------------------------------------------ tests */

static void
test_against_sort(void)
{
	static const size_t sizes[] = { 1, 2, MEM - 1, MEM, MEM + 1,
	    2 * MEM, 2 * MEM + 1, 65536, 65537, BIG };
	char what[64];
	size_t i;

	seed = 1;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(what, sizeof(what), "uniform, %zu", sizes[i]);
		check_gen(what, sizes[i], g_uniform);
		snprintf(what, sizeof(what), "counting up, %zu", sizes[i]);
		check_gen(what, sizes[i], g_count);
	}
	check_gen("any double", BIG, g_any);
	check_gen("negative integers", BIG, g_negative);
	check_gen("a year's seconds", BIG, g_seconds);
	check_gen("hours", BIG, g_hours);
	check_gen("seven values", BIG, g_dups);
	check_gen("all equal", BIG, g_equal);
	check_gen("all equal, just past the bound", MEM + 1, g_equal);
	check_gen("zeros of both signs", BIG, g_zeros);
	check_gen("counting down", BIG, g_down);
}

/*
 * A crowd in one bucket: 100,000 values of one double and its neighbours
 * a last bit away, more than a quantile sorts at once, so the selection
 * refines down to single keys; and neighbours 2^16 and 2^32 last bits
 * away, which split at the later passes.
 */
static void
test_crowd(void)
{
	double *v = malloc(BIG * sizeof(*v)), x = 86400.0, up, down;
	uint64_t b;
	size_t i;

	up = nextafter(x, INFINITY);
	down = nextafter(x, -INFINITY);
	for (i = 0; i < BIG; i++)
		v[i] = i % 2 == 0 ? x : i % 4 == 1 ? up : down;
	check_values("one value and its neighbours", v, BIG);
	seed = 7;
	for (i = 0; i < BIG; i++) {
		memcpy(&b, &x, sizeof(b));
		b += (rnd() % 3) << (i % 3 == 0 ? 0 : i % 3 == 1 ? 16 : 32);
		memcpy(&v[i], &b, sizeof(v[i]));
	}
	check_values("neighbours at every 16 bits", v, BIG);
	for (i = 0; i < BIG; i++)
		v[i] = i % 2 == 0 ? -x : nextafter(-x, i % 4 == 1 ? -INFINITY :
		    INFINITY);
	check_values("negative neighbours", v, BIG);
	free(v);
}

/* Asked twice, added to after, freed: the file is private and unlinked,
 * and closed by the free. */
static void
test_twice(void)
{
	struct smk_mx_dist d;
	struct smk_err err;
	struct stat st;
	double med, p90, max;
	size_t i;
	int fd, r;

	setenv("TMPDIR", dir, 1);
	memset(&d, 0, sizeof(d));
	for (i = 1; i <= BIG; i++)
		smk_mx_dist_add(&d, (double)(BIG + 1 - i));
	CHECK(d.spilled && d.dir != NULL && strcmp(d.dir, dir) == 0,
	    "spilled into $TMPDIR");
	CHECK(fstat(d.fd, &st) == 0 && (st.st_mode & 0777) == 0600 &&
	    st.st_nlink == 0, "the file has mode 0600 and no name");
	CHECK(entries(dir) == 0, "nothing in the directory");
	smk_err_clear(&err);
	r = smk_mx_quantile(&d, 0.5, &med, &err);
	CHECK(r == 1 && med == BIG / 2, "the median");
	r = smk_mx_quantile(&d, 0.9, &p90, &err);
	CHECK(r == 1 && p90 == BIG * 9 / 10, "then the 90th percentile");
	r = smk_mx_quantile(&d, 0.5, &med, &err);
	CHECK(r == 1 && med == BIG / 2, "then the median again");
	smk_mx_dist_add(&d, 1e9);
	smk_mx_dist_add(&d, 2e9);
	r = smk_mx_quantile(&d, 1.0, &max, &err);
	CHECK(r == 1 && max == 2e9, "values added after a quantile count");
	fd = d.fd;
	smk_mx_dist_free(&d);
	CHECK(fcntl(fd, F_GETFD) < 0 && errno == EBADF && d.n == 0 &&
	    d.v == NULL && d.dir == NULL, "freed: the file closed");

	/* in memory: a quantile sorts, and a later value still counts */
	memset(&d, 0, sizeof(d));
	smk_mx_dist_add(&d, 3);
	smk_mx_dist_add(&d, 1);
	r = smk_mx_quantile(&d, 1.0, &max, &err);
	smk_mx_dist_add(&d, 2);
	smk_mx_dist_add(&d, 0);
	CHECK(r == 1 && max == 3 && smk_mx_quantile(&d, 0.25, &med,
	    &err) == 1 && med == 0 && smk_mx_quantile(&d, 0.5, &med,
	    &err) == 1 && med == 1, "in memory: added to after a quantile");
	CHECK(!d.spilled, "and no file");
	smk_mx_dist_free(&d);
	memset(&d, 0, sizeof(d));
	CHECK(smk_mx_quantile(&d, 0.5, &med, &err) == 0, "no values: 0");
	smk_mx_dist_free(&d);
}

/* Up to the bound nothing is written, even where nothing can be. */
static void
test_no_file(void)
{
	struct smk_mx_dist d;
	struct smk_err err;
	double med;
	size_t i;
	int r = 0;

	setenv("TMPDIR", "/nonexistent/smk-test", 1);
	memset(&d, 0, sizeof(d));
	for (i = 0; i < MEM; i++)
		r |= smk_mx_dist_add(&d, (double)i);
	smk_err_clear(&err);
	CHECK(r == 0 && !d.spilled && smk_mx_dist_check(&d, 1, &err) == 0 &&
	    smk_mx_quantile(&d, 0.5, &med, &err) == 1 && med == MEM / 2 - 1,
	    "%d values: no file", MEM);
	smk_mx_dist_free(&d);
	/* an empty TMPDIR is /tmp */
	setenv("TMPDIR", "", 1);
	memset(&d, 0, sizeof(d));
	for (i = 0; i <= MEM; i++)
		r |= smk_mx_dist_add(&d, (double)i);
	CHECK(r == 0 && d.spilled && strcmp(d.dir, "/tmp") == 0,
	    "an empty TMPDIR: /tmp");
	smk_mx_dist_free(&d);
}

/* TMPDIR not there: the value past the bound fails, and the failure
 * sticks and names the directory. */
static void
test_fail(void)
{
	static const char missing[] = "/nonexistent/smk-test";
	struct smk_mx_dist d;
	struct smk_err err;
	double med = -1;
	size_t i;
	int r = 0;

	setenv("TMPDIR", missing, 1);
	memset(&d, 0, sizeof(d));
	for (i = 0; i < MEM; i++)
		r |= smk_mx_dist_add(&d, (double)i);
	CHECK(r == 0 && smk_mx_dist_add(&d, 1) < 0 &&
	    smk_mx_dist_add(&d, 2) < 0, "past the bound: -1, and after");
	smk_err_clear(&err);
	CHECK(smk_mx_dist_check(&d, 1, &err) < 0 &&
	    err.status == SMK_EXIT_FAILURE, "the check fails, status 3");
	CHECK_STR(err.file, missing, "naming the directory");
	CHECK_STR(err.msg, "cannot create temporary file: "
	    "No such file or directory", "and what failed");
	smk_err_clear(&err);
	CHECK(smk_mx_quantile(&d, 0.5, &med, &err) < 0 && med == -1 &&
	    strcmp(err.file, missing) == 0, "a quantile fails too");
	smk_mx_dist_free(&d);
}

/* A database file name in dir (its path into path) with the leads and
 * the stage events the two statements insert; NULL, a failed check,
 * when it cannot be made. */
static struct smk_db *
db_with(char *path, size_t size, const char *name, const char *leads,
    const char *events, const char *what)
{
	struct smk_db *db = NULL;
	struct smk_err err;

	snprintf(path, size, "%s/%s", dir, name);
	smk_err_clear(&err);
	if (smk_db_open(&db, path, SMK_DB_WRITE, &err) < 0 ||
	    smk_db_begin(db, &err) < 0 ||
	    smk_db_exec(db, leads, &err, "") < 0 ||
	    smk_db_exec(db, events, &err, "") < 0 ||
	    smk_db_commit(db, &err) < 0) {
		printf("# %s\n", err.msg);
		CHECK(0, "%s", what);
		smk_db_close(db);
		return NULL;
	}
	return db;
}

/* The same through a function that fills a dist from the database. */
static void
test_fill_fail(void)
{
	static const char missing[] = "/nonexistent/smk-test";
	char path[640];
	struct smk_db *db;
	struct smk_err err;
	struct smk_mx_usual_q q;
	int r;

	setenv("TMPDIR", dir, 1);
	if ((db = db_with(path, sizeof(path), "fill.db", "WITH RECURSIVE "
	    "c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5000) "
	    "INSERT INTO leads (id, key, created_at, updated_at, seen_at, "
	    "stage, stage_at) SELECT i, 'k' || i, 1000, 1000, 1000, 'mql', "
	    "1000 + i FROM c", "INSERT INTO stage_events (lead_id, "
	    "from_stage, to_stage, at, actor, recorded_at) SELECT id, 'lead', "
	    "'mql', 1000 + id, 'test', 1000 + id FROM leads",
	    "a database of 5000 moves to mql")) == NULL)
		return;
	smk_err_clear(&err);
	/* from creation to the first move reaching mql (a = 0) */
	memset(&q, 0, sizeof(q));
	q.at = 100000;
	q.window = 100000;
	q.b = 1;
	r = smk_mx_usuals(db, 1, &q, &err);
	CHECK(r == 0 && q.known && q.seconds == 2500,
	    "5000 moves: the median, from a file");
	setenv("TMPDIR", missing, 1);
	q.known = 0;
	q.seconds = -1;
	r = smk_mx_usuals(db, 1, &q, &err);
	CHECK(r == -1 && !q.known && err.status == SMK_EXIT_FAILURE,
	    "TMPDIR not there: -1, status 3");
	CHECK_STR(err.file, missing, "naming the directory");
	smk_db_close(db);
	unlink(path);
}

/*
 * The usual time from creation to the first MQL (smk_mx_usuals, a = 0)
 * takes the first move reaching mql that was made (least id): l1, made
 * an MQL at 2000, recycled, an MQL again at 5000; l2, an MQL at 5000,
 * recycled, then a move to mql that lead-import --stage dated 1500,
 * made last.  Both created at 1000.  In (1500, 3000]: only l1's first,
 * 1000 s; in (4000, 6000]: only l2's first made, 4000 s (taking the
 * last, or the first in time, gives other answers).
 */
static void
test_first_mql(void)
{
	char path[640];
	struct smk_db *db;
	struct smk_err err;
	struct smk_mx_usual_q q[2];
	int r;

	if ((db = db_with(path, sizeof(path), "first.db", "INSERT INTO leads "
	    "(id, key, created_at, updated_at, seen_at, stage, stage_at) "
	    "VALUES (1, 'l1', 1000, 1000, 1000, 'mql', 5000), (2, 'l2', "
	    "1000, 1000, 1000, 'mql', 5100)", "INSERT INTO stage_events "
	    "(lead_id, from_stage, to_stage, at, actor, recorded_at) VALUES "
	    "(1, 'lead', 'mql', 2000, 't', 1), "
	    "(1, 'mql', 'recycled', 2100, 't', 1), "
	    "(1, 'recycled', 'mql', 5000, 't', 1), "
	    "(2, 'lead', 'mql', 5000, 't', 1), "
	    "(2, 'mql', 'recycled', 5100, 't', 1), "
	    "(2, 'recycled', 'mql', 1500, 't', 1)",
	    "a database of two leads made MQLs twice")) == NULL)
		return;
	smk_err_clear(&err);
	memset(q, 0, sizeof(q));
	q[0].at = 3000;
	q[0].window = 1500;
	q[0].b = 1;
	q[1].at = 6000;
	q[1].window = 2000;
	q[1].b = 1;
	r = smk_mx_usuals(db, 2, q, &err);
	CHECK(r == 0 && q[0].known && q[0].seconds == 1000,
	    "creation to the first MQL: l1's first, not its second");
	CHECK(r == 0 && q[1].known && q[1].seconds == 4000,
	    "l2's first made, not the one dated earlier and made later");
	smk_db_close(db);
	unlink(path);
}

int
main(void)
{
	if (unit_scratch(dir, sizeof(dir), "test_dist") < 0)
		return 1;
	setenv("TMPDIR", dir, 1);
	test_against_sort();
	test_crowd();
	test_twice();
	test_no_file();
	test_fail();
	test_fill_fail();
	test_first_mql();
	rmdir(dir);
	printf("1..%d\n", unit_n);
	return unit_done();
}
