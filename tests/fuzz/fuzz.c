/* fuzz.c — what the fuzz targets share: a pinned clock and zone, input as a file, one seeded database per process. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "smk_int.h"

/*
 * Why files: every reader of untrusted text in libsmk takes a path (the
 * CSV reader, the rules and round-robin files), as the tools do, so the
 * targets hand it one.  A write to a file in a scratch directory costs a
 * few microseconds, far less than the parse it feeds.
 */

static char dir[4096];
#define NFILES 8
static struct {
	char name[64];
	char path[4200];
} files[NFILES];
static struct smk_db *dbs[2];
/* what each database holds once seeded (fuzz_db_unchanged) */
#define NCOUNTS 10
static int64_t counts[2][NCOUNTS];

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

void
fuzz_init(void)
{
	const char *tz = getenv("FUZZ_TZ");

	setenv("TZ", tz != NULL && *tz != '\0' ? tz : "Europe/Berlin", 1);
	setenv("SMK_NOW", "2026-11-23T12:00:00Z", 1);
	/* the database and reject files stay this process's */
	umask(077);
}

static void
remove_dir(void)
{
	DIR *d;
	struct dirent *de;
	char path[4400];
	size_t i;

	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
		smk_db_close(dbs[i]);
		dbs[i] = NULL;
	}
	if (dir[0] == '\0' || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

const char *
fuzz_dir(void)
{
	const char *base = getenv("FUZZ_TMP");

	if (dir[0] != '\0')
		return dir;
	/* in memory where there is a tmpfs: on ext4, rewriting a file
	 * makes its close wait for the disk (auto_da_alloc) */
	if ((base == NULL || *base == '\0') && access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	if (base == NULL || *base == '\0')
		base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(dir, sizeof(dir), "%s/smk-fuzz.XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "fuzz: cannot make %s: %s\n", dir,
		    strerror(errno));
		exit(2);
	}
	atexit(remove_dir);
	return dir;
}

const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	size_t i, done = 0;
	ssize_t n;
	int fd;

	for (i = 0; i < NFILES && files[i].name[0] != '\0'; i++)
		if (strcmp(files[i].name, name) == 0)
			break;
	if (i == NFILES)
		fuzz_fail(__FILE__, __LINE__, "too many scratch files");
	if (files[i].name[0] == '\0') {
		snprintf(files[i].name, sizeof(files[i].name), "%s", name);
		snprintf(files[i].path, sizeof(files[i].path), "%s/%s",
		    fuzz_dir(), name);
	}
	fd = open(files[i].path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	if (fd < 0)
		fuzz_fail(__FILE__, __LINE__, "cannot write a scratch file");
	while (done < size) {
		n = write(fd, data + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fuzz_fail(__FILE__, __LINE__,
			    "cannot write a scratch file");
		done += (size_t)n;
	}
	close(fd);
	return files[i].path;
}

char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = smk_xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void
fuzz_sink_open(struct fuzz_sink *s)
{
	s->buf = NULL;
	s->len = 0;
	if ((s->f = open_memstream(&s->buf, &s->len)) == NULL)
		fuzz_fail(__FILE__, __LINE__, "open_memstream");
}

void
fuzz_sink_close(struct fuzz_sink *s)
{
	FUZZ_ASSERT(!ferror(s->f), "the reject stream failed");
	fclose(s->f);
	/* a reject file is text a user opens: never a NUL in it */
	FUZZ_ASSERT(s->len == 0 || memchr(s->buf, '\0', s->len) == NULL,
	    "a NUL byte in a reject file");
	free(s->buf);
	s->f = NULL;
	s->buf = NULL;
}

void
fuzz_diag(void *ctx, const struct smk_err *e)
{
	char buf[1280];

	(void)ctx;
	FUZZ_ASSERT(memchr(e->msg, '\0', sizeof(e->msg)) != NULL &&
	    memchr(e->file, '\0', sizeof(e->file)) != NULL &&
	    memchr(e->field, '\0', sizeof(e->field)) != NULL,
	    "a diagnostic without its NUL");
	FUZZ_ASSERT(e->msg[0] != '\0', "a diagnostic without a message");
	FUZZ_ASSERT(e->status >= SMK_EXIT_OK && e->status <= SMK_EXIT_FAILURE,
	    "a diagnostic with a status out of range");
	smk_err_format(e, buf, sizeof(buf));
}

struct smk_csv_opts
fuzz_csv_opts(uint8_t opt)
{
	static const int delims[4] = { 0, ',', ';', '\t' };
	struct smk_csv_opts o;

	o.delimiter = delims[opt & 3];
	o.encoding = opt & 4 ? SMK_ENC_LATIN1 : SMK_ENC_UTF8;
	return o;
}

/* ---------------------------------------------------------- the seed */

/* Leads from two campaigns and a form, one with an external id only. */
static const char seed_leads[] =
    "email,first_name,last_name,company,title,country,campaign,channel,"
    "created_at,Prospect ID,Lead Score\n"
    "ann@acme.example,Ann,Lee,Acme,VP Sales,Germany,spring-fair,event,"
    "2026-10-01 09:00,p-1,80\n"
    "bob@beta.example,Bob,Ray,Beta GmbH,Manager,DE,webinar-q4,webinar,"
    "2026-10-02,p-2,10\n"
    "cy@gamma.example,Cy,Ng,Gamma,CTO,USA,webinar-q4,webinar,"
    "2026-10-03T08:00:00Z,p-3,\n"
    "dee@delta.example,Dee,Ok,Delta,Student,Brasil,google-ads,paid,"
    "10/4/2026,p-4,5\n"
    "eve@eps.example,Eve,,Eps,Head of IT,France,,organic,"
    "2026-10-05,p-5,\n"
    "fay@phi.example,Fay,Yu,Phi,Director,Austria,spring-fair,event,"
    "2026-10-06,p-6,40\n";

/* Their stage changes: every stage, with owners, amounts, reasons. */
static const char seed_moves[] =
    "key,stage,time,owner,amount,reason,note\n"
    "ann@acme.example,mql,2026-10-02,ann,,,\n"
    "ann@acme.example,sal,2026-10-03,ann,,,\n"
    "ann@acme.example,sql,2026-10-05,ann,12000,,\n"
    "ann@acme.example,won,2026-10-20,ann,11500,,\n"
    "bob@beta.example,mql,2026-10-03,bob,,,\n"
    "bob@beta.example,recycled,2026-10-04,bob,,no-budget,next year\n"
    "cy@gamma.example,mql,2026-10-04,cy,,,\n"
    "cy@gamma.example,sal,2026-10-05,cy,,,\n"
    "cy@gamma.example,sql,2026-10-06,cy,5000.50,,\n"
    "cy@gamma.example,lost,2026-10-30,cy,,competitor,\n"
    "dee@delta.example,mql,2026-10-05,,,,\n"
    "eve@eps.example,disqualified,2026-10-06,,,not-a-fit,\n"
    "fay@phi.example,mql,2026-10-07,ann,,,\n"
    "fay@phi.example,sal,2026-10-08,ann,,,\n";

static const char seed_spend[] =
    "date,campaign,channel,amount\n"
    "2026-10-01,spring-fair,event,1200.00\n"
    "2026-10-02,webinar-q4,webinar,300\n"
    "2026-10-03,,paid,99.95\n";

static const char seed_targets[] =
    "kpi,period,value,weight\n"
    "mqls,2026-Q4,100,2\n"
    "acceptance_rate,2026-Q4,60%,\n"
    "pipeline,2026-11,50000,\n";

static const char seed_campaigns[] =
    "key,name,channel,owner,budget,kind,start,end\n"
    "spring-fair,Spring Fair,event,ann,5000,promo,2026-03-01,2026-03-31\n"
    "webinar-q4,Q4 Webinars,webinar,bob,,brand,,\n";

static void
seed_summary(void *ctx, const char *file, long rows, long set, long bad)
{
	(void)ctx;
	(void)file;
	(void)rows;
	(void)set;
	FUZZ_ASSERT(bad == 0, "a seed row was refused");
}

static void
seed(struct smk_db *db, const char *currency)
{
	struct smk_import_opts io;
	struct smk_apply_opts ao;
	struct smk_spend_opts so;
	struct smk_sheet_opts sh;
	struct smk_err err;
	const char *f[2] = { NULL, NULL };

	smk_err_clear(&err);
	memset(&io, 0, sizeof(io));
	io.mql_at = -1;
	io.stage = -1;
	io.actor = "fuzz";
	io.diag = fuzz_diag;
	f[0] = fuzz_file("seed.csv", (const uint8_t *)seed_leads,
	    sizeof(seed_leads) - 1);
	FUZZ_ASSERT(smk_import_run(db, f, &io, &err) == SMK_EXIT_OK,
	    "seed leads");
	io.key_column = "Prospect ID";
	FUZZ_ASSERT(smk_import_run(db, f, &io, &err) == SMK_EXIT_OK,
	    "seed leads by external id");

	memset(&ao, 0, sizeof(ao));
	ao.stage = -1;
	ao.actor = "fuzz";
	ao.diag = fuzz_diag;
	f[0] = fuzz_file("seed.csv", (const uint8_t *)seed_moves,
	    sizeof(seed_moves) - 1);
	FUZZ_ASSERT(smk_apply_run(db, f[0], &ao, &err) == SMK_EXIT_OK,
	    "seed moves");

	memset(&so, 0, sizeof(so));
	so.actor = "fuzz";
	so.diag = fuzz_diag;
	f[0] = fuzz_file("seed.csv", (const uint8_t *)seed_spend,
	    sizeof(seed_spend) - 1);
	FUZZ_ASSERT(smk_spend_run(db, f, &so, &err) == SMK_EXIT_OK,
	    "seed spend");

	memset(&sh, 0, sizeof(sh));
	sh.diag = fuzz_diag;
	sh.summary = seed_summary;
	f[0] = fuzz_file("seed.csv", (const uint8_t *)seed_targets,
	    sizeof(seed_targets) - 1);
	FUZZ_ASSERT(smk_kpi_target_load(db, f[0], "fuzz", &sh, &err) ==
	    SMK_EXIT_OK, "seed targets");
	f[0] = fuzz_file("seed.csv", (const uint8_t *)seed_campaigns,
	    sizeof(seed_campaigns) - 1);
	FUZZ_ASSERT(smk_campaign_load(db, f[0], &sh, &err) == SMK_EXIT_OK,
	    "seed campaigns");

	if (currency != NULL) {
		FUZZ_ASSERT(smk_db_begin(db, &err) == 0 &&
		    smk_db_setting_set(db, "currency", currency, &err) == 0 &&
		    smk_db_commit(db, &err) == 0, "seed currency");
	}
}

static const char sql_counts[] =
    "SELECT (SELECT count(*) FROM leads), (SELECT count(*) FROM touches), "
    "(SELECT count(*) FROM stage_events), "
    "(SELECT count(*) FROM owner_events), (SELECT count(*) FROM notes), "
    "(SELECT count(*) FROM batches), (SELECT count(*) FROM spend), "
    "(SELECT count(*) FROM targets), (SELECT count(*) FROM campaigns), "
    "(SELECT count(*) FROM settings)";

static int
count_row(void *ctx, const struct smk_row *row)
{
	int64_t *c = ctx;
	int i;

	for (i = 0; i < NCOUNTS; i++)
		c[i] = smk_row_int(row, i);
	return 0;
}

static void
count(struct smk_db *db, int64_t c[NCOUNTS])
{
	struct smk_err err;

	smk_err_clear(&err);
	FUZZ_ASSERT(smk_db_select(db, sql_counts, count_row, c, &err, "") == 0,
	    "cannot count the database's rows");
}

void
fuzz_db_unchanged(struct smk_db *db)
{
	int64_t now[NCOUNTS];
	int i = db == dbs[1];

	count(db, now);
	FUZZ_ASSERT(memcmp(now, counts[i], sizeof(now)) == 0,
	    "a dry run changed the database");
}

struct smk_db *
fuzz_db(int mode, const char *currency)
{
	struct smk_err err;
	char path[4200];
	int i = currency != NULL;

	if (dbs[i] != NULL)
		return dbs[i];
	snprintf(path, sizeof(path), "%s/smk%d.db", fuzz_dir(), i);
	smk_err_clear(&err);
	if (smk_db_open(&dbs[i], path, mode, &err) < 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, err.msg);
		exit(2);
	}
	seed(dbs[i], currency);
	count(dbs[i], counts[i]);
	return dbs[i];
}
