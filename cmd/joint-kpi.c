/* joint-kpi — the targets both teams own: actual against target, status, the joint attainment score. */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const char usage_text[] =
    "usage: joint-kpi [-d db] [-q] [--as-of time] [--at-risk ratio] [--bom] "
    "[--cap ratio]\n"
    "               [--fail-on at-risk | off-track] [--format format] "
    "[--period period]\n"
    "               [--progress]\n"
    "       joint-kpi [-d db] target [--weight weight] kpi period value\n"
    "       joint-kpi [-d db] target --from file [-nq] [-r rejects]\n"
    "       joint-kpi [-d db] targets [-q] [--bom] [--format format] "
    "[--progress]\n"
    "       joint-kpi [-d db] forecast [-q] [--as-of time] [--bom] "
    "[--format format]\n"
    "               [--progress]\n"
    "       joint-kpi [-d db] funnel [-q] [--as-of time] [--bom] "
    "[--format format]\n"
    "               [--period period] [--progress]\n"
    "       joint-kpi [-d db] brief [-q] [-o file] [--as-of time] "
    "[--format md | html | email]\n"
    "               [--from address] [--period period] [--progress] "
    "[--subject text]\n"
    "               [--to address]\n"
    "       joint-kpi -h | --version\n";

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fputs(usage_text, f);
	exit(f == stdout ? cmd_finish(status) : status);
}

enum {
	OPT_AS_OF = 256, OPT_AT_RISK, OPT_BOM, OPT_CAP, OPT_FAIL_ON,
	OPT_FORMAT, OPT_FROM, OPT_PERIOD, OPT_VERSION, OPT_WEIGHT,
	OPT_SUBJECT, OPT_TO, OPT_PROGRESS
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "at-risk", required_argument, NULL, OPT_AT_RISK },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "cap", required_argument, NULL, OPT_CAP },
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rejects", required_argument, NULL, 'r' },
	{ "subject", required_argument, NULL, OPT_SUBJECT },
	{ "to", required_argument, NULL, OPT_TO },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "weight", required_argument, NULL, OPT_WEIGHT },
	{ NULL, 0, NULL, 0 }
};

enum cmd { C_SCORE, C_TARGET, C_TARGETS, C_FORECAST, C_FUNNEL, C_BRIEF };

#define O(...) (const int[]){ __VA_ARGS__, 0 }
static const struct {
	const char *name;
	int cmd;
	const int *opts;
} cmds[] = {
	{ "", C_SCORE, O(OPT_AS_OF, OPT_AT_RISK, OPT_BOM, OPT_CAP,
	    OPT_FAIL_ON, OPT_FORMAT, OPT_PERIOD, 'q', OPT_PROGRESS) },
	{ "target", C_TARGET, O(OPT_FROM, OPT_WEIGHT, 'n', 'q', 'r') },
	{ "targets", C_TARGETS, O(OPT_BOM, OPT_FORMAT, 'q', OPT_PROGRESS) },
	{ "forecast", C_FORECAST, O(OPT_AS_OF, OPT_BOM, OPT_FORMAT, 'q',
	    OPT_PROGRESS) },
	{ "funnel", C_FUNNEL, O(OPT_AS_OF, OPT_BOM, OPT_FORMAT, OPT_PERIOD,
	    'q', OPT_PROGRESS) },
	{ "brief", C_BRIEF, O(OPT_AS_OF, OPT_FORMAT, OPT_FROM, OPT_PERIOD,
	    OPT_SUBJECT, OPT_TO, 'o', 'q', OPT_PROGRESS) },
};
#undef O

struct args {
	const char *db, *period, *as_of, *at_risk, *cap, *fail_on, *from,
	    *rejects, *weight;
	const char *brief_format, *output, *subject, *to;
	int format, bom, dry_run;
};


static int
takes(int cmd, int opt)
{
	const int *p;

	for (p = cmds[cmd].opts; *p != 0; p++)
		if (*p == opt)
			return 1;
	return 0;
}

static void
parse_args(int argc, char **argv, int cmd, struct args *a)
{
	int c;

	while ((c = getopt_long(argc, argv, "d:hno:qr:", longopts, NULL)) !=
	    -1) {
		if (c == 'd') {
			a->db = optarg;
			continue;
		}
		if (c == 'h')
			usage(stdout, SMK_EXIT_OK);
		if (c == OPT_VERSION)
			cmd_version();
		if (c == '?' || c == ':')
			usage(stderr, SMK_EXIT_USAGE);
		if (!takes(cmd, c)) {
			cmd_warnx("%s: option '%s' does not apply",
			    cmd == C_SCORE ? "scoreboard" : cmds[cmd].name,
			    cmd_option_name(longopts, c));
			usage(stderr, SMK_EXIT_USAGE);
		}
		switch (c) {
		case 'n': a->dry_run = 1; break;
		case 'o': a->output = optarg; break;
		case 'q': cmd_quiet = 1; break;
		case 'r': a->rejects = optarg; break;
		case OPT_AS_OF: a->as_of = optarg; break;
		case OPT_AT_RISK: a->at_risk = optarg; break;
		case OPT_BOM: a->bom = 1; break;
		case OPT_CAP: a->cap = optarg; break;
		case OPT_FAIL_ON: a->fail_on = optarg; break;
		case OPT_FORMAT:
			if (cmd == C_BRIEF) {
				a->brief_format = optarg;
				break;
			}
			if ((a->format = smk_format_parse(optarg)) < 0) {
				cmd_warnx("--format: expected table, csv, tsv, "
				    "json, jsonl or md, got '%s'", optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_PERIOD: a->period = optarg; break;
		case OPT_PROGRESS: cmd_progress_forced = 1; break;
		case OPT_SUBJECT:
			cmd_text("--subject", optarg);
			a->subject = optarg;
			break;
		case OPT_TO: a->to = optarg; break;
		case OPT_WEIGHT: a->weight = optarg; break;
		default: usage(stderr, SMK_EXIT_USAGE);
		}
	}
}

/* A ratio option in (0, max]; -1 with a message when it is not. */
static int
ratio_opt(const char *opt, const char *s, double max, double *out)
{
	char *end;

	*out = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || !(*out > 0 && *out <= max)) {
		cmd_warnx("%s: '%s' is not a number above 0 and at most %g",
		    opt, s, max);
		return -1;
	}
	return 0;
}

static int
do_score(struct args *a, int argc, char **argv)
{
	struct smk_kpi_opts o;
	struct smk_db *db = NULL;
	struct smk_err err;
	struct cmd_out co;
	const char *why, *p = a->period ? a->period : "this-quarter";
	int fail = -1, worst, status;
	long n;

	if (argc != 0) {
		cmd_warnx("unexpected argument '%s'", argv[0]);
		usage(stderr, SMK_EXIT_USAGE);
	}
	smk_err_clear(&err);
	memset(&o, 0, sizeof(o));
	o.as_of = smk_time_now();
	if (a->as_of != NULL && smk_time_parse(a->as_of, NULL, &o.as_of,
	    &why) < 0) {
		cmd_warnx("--as-of: '%s': %s", a->as_of, why);
		return SMK_EXIT_USAGE;
	}
	if (smk_period_parse(p, o.as_of, &o.period, &why) < 0) {
		cmd_warnx("--period: '%s': %s", p, why);
		return SMK_EXIT_USAGE;
	}
	if (o.period.to == o.as_of)
		o.period.to++;
	if ((a->at_risk != NULL && ratio_opt("--at-risk", a->at_risk, 1,
	    &o.at_risk) < 0) ||
	    (a->cap != NULL && ratio_opt("--cap", a->cap, 10, &o.cap) < 0))
		return SMK_EXIT_USAGE;
	if (a->fail_on != NULL && (fail = smk_kpi_status_parse(a->fail_on)) <
	    SMK_KS_AT_RISK) {
		cmd_warnx("--fail-on: expected at-risk or off-track, got '%s'",
		    a->fail_on);
		return SMK_EXIT_USAGE;
	}
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	cmd_out_init(&co, a->format, a->bom);
	o.money_display = co.format == SMK_FMT_TABLE ||
	    co.format == SMK_FMT_MD;
	n = smk_kpi_list(db, &o, &co.l, &worst, &err);
	status = cmd_out_finish(&co, db, n, &err);
	/* for cron: a KPI at that status or worse is a finding */
	if (status == SMK_EXIT_OK && fail > 0 && worst >= fail)
		status = SMK_EXIT_FINDINGS;
	return status;
}

static void
on_diag(void *ctx, const struct smk_err *e)
{
	(void)ctx;
	cmd_diag(e);
}

static void
on_summary(void *ctx, const char *file, long rows, long set, long rejected)
{
	const struct args *a = ctx;

	cmd_info("%s%s: %ld %s, %ld set, %ld rejected",
	    a->dry_run ? "(dry run) " : "", file, rows,
	    cmd_plural(rows, "row", "rows"), set, rejected);
}

static int
do_target(struct args *a, int argc, char **argv)
{
	struct smk_sheet_opts so;
	struct smk_db *db = NULL;
	struct smk_err err;
	int status = SMK_EXIT_OK;

	smk_err_clear(&err);
	if (a->from != NULL ? argc != 0 : argc != 3) {
		cmd_warnx(a->from != NULL ? "target --from takes a file, no "
		    "KPI" : "target needs KPI PERIOD VALUE");
		usage(stderr, SMK_EXIT_USAGE);
	}
	if (a->from == NULL && cmd_quiet) {
		/* one target set says nothing to silence */
		cmd_warnx("target: -q goes with --from");
		usage(stderr, SMK_EXIT_USAGE);
	}
	memset(&so, 0, sizeof(so));
	so.dry_run = a->dry_run;
	so.diag = on_diag;
	so.summary = on_summary;
	so.ctx = a;
	if (a->rejects != NULL &&
	    (so.rejects = cmd_fopen_private(a->rejects)) == NULL) {
		cmd_warnx("%s: cannot create reject file: %s", a->rejects,
		    strerror(errno));
		return SMK_EXIT_FAILURE;
	}
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_WRITE, &err) < 0) {
		cmd_diag(&err);
		status = SMK_EXIT_FAILURE;
	} else if (a->from != NULL) {
		status = smk_kpi_target_load(db, a->from, cmd_actor(NULL), &so,
		    &err);
		if (status >= SMK_EXIT_USAGE) {
			cmd_diag(&err);
			cmd_warnx("nothing set");
		}
	} else if (smk_db_begin(db, &err) < 0) {
		cmd_diag(&err);
		status = SMK_EXIT_FAILURE;
	} else if (smk_kpi_target_set(db, argv[0], argv[1], argv[2],
	    a->weight, cmd_actor(NULL), &err) < 0) {
		smk_db_rollback(db);
		cmd_diag(&err);
		status = err.status ? err.status : SMK_EXIT_FAILURE;
	} else if (a->dry_run) {
		smk_db_rollback(db);
	} else if (smk_db_commit(db, &err) < 0) {
		cmd_diag(&err);
		status = SMK_EXIT_FAILURE;
	}
	smk_db_close(db);
	if (so.rejects != NULL && (ferror(so.rejects) | fclose(so.rejects))) {
		cmd_warnx("%s: error writing reject file", a->rejects);
		status = smk_exit_worst(status, SMK_EXIT_FAILURE);
	}
	return status;
}

static int
do_targets(struct args *a, int argc, char **argv)
{
	struct smk_db *db = NULL;
	struct smk_err err;
	struct cmd_out co;

	if (argc != 0) {
		cmd_warnx("unexpected argument '%s'", argv[0]);
		usage(stderr, SMK_EXIT_USAGE);
	}
	smk_err_clear(&err);
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	cmd_out_init(&co, a->format, a->bom);
	return cmd_out_finish(&co, db, smk_list_targets(db, &co.l, &err),
	    &err);
}

/* The weighted forecast and its back-test (forecast.c). */
static int
do_forecast(struct args *a, int argc, char **argv)
{
	struct smk_forecast_opts o;
	struct smk_db *db = NULL;
	struct smk_err err;
	struct cmd_out co;
	const char *why;

	if (argc != 0) {
		cmd_warnx("unexpected argument '%s'", argv[0]);
		usage(stderr, SMK_EXIT_USAGE);
	}
	smk_err_clear(&err);
	memset(&o, 0, sizeof(o));
	o.as_of = smk_time_now();
	if (a->as_of != NULL && smk_time_parse(a->as_of, NULL, &o.as_of,
	    &why) < 0) {
		cmd_warnx("--as-of: '%s': %s", a->as_of, why);
		return SMK_EXIT_USAGE;
	}
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	cmd_out_init(&co, a->format, a->bom);
	o.money_display = co.format == SMK_FMT_TABLE ||
	    co.format == SMK_FMT_MD;
	return cmd_out_finish(&co, db, smk_forecast_list(db, &o, &co.l, &err),
	    &err);
}

/* The funnel of a period (libsmk/funnelrep.c). */
static int
do_funnel(struct args *a, int argc, char **argv)
{
	struct smk_funnel_opts o;
	struct smk_db *db = NULL;
	struct smk_err err;
	struct cmd_out co;
	const char *why, *p = a->period ? a->period : "this-quarter";

	if (argc != 0) {
		cmd_warnx("unexpected argument '%s'", argv[0]);
		usage(stderr, SMK_EXIT_USAGE);
	}
	smk_err_clear(&err);
	memset(&o, 0, sizeof(o));
	o.as_of = smk_time_now();
	if (a->as_of != NULL && smk_time_parse(a->as_of, NULL, &o.as_of,
	    &why) < 0) {
		cmd_warnx("--as-of: '%s': %s", a->as_of, why);
		return SMK_EXIT_USAGE;
	}
	if (smk_period_parse(p, o.as_of, &o.period, &why) < 0) {
		cmd_warnx("--period: '%s': %s", p, why);
		return SMK_EXIT_USAGE;
	}
	/* a period ending at the as-of time (last-7d) includes it */
	if (o.period.to == o.as_of)
		o.period.to++;
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	cmd_out_init(&co, a->format, a->bom);
	o.money_display = co.format == SMK_FMT_TABLE ||
	    co.format == SMK_FMT_MD;
	return cmd_out_finish(&co, db, smk_funnel_report(db, &o, &co.l, &err),
	    &err);
}

/* ------------------------------------------------------------- brief */

/*
 * Writes the brief to path in its place: a file beside it, renamed over
 * it once whole, so that a reader never sees half a brief.  A brief is
 * written to be shared (a web server's page, a mail job's input): a new
 * one gets the mode the umask gives, as a shell's redirection would.  One
 * that exists keeps its mode, and its group where the user may set it
 * (else it loses the group's rights), so that a brief someone made
 * private stays private every week.
 */
static int
write_file(const char *path, const struct smk_buf *b)
{
	char *tmp = smk_xmalloc(strlen(path) + 8);
	mode_t mask = umask(0), mode;
	struct stat st;
	int fd, bad;

	umask(mask);
	mode = 0666 & ~mask;
	sprintf(tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		cmd_warnx("%s: cannot create: %s", path, strerror(errno));
		free(tmp);
		return SMK_EXIT_FAILURE;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 0777;
		if (fchown(fd, (uid_t)-1, st.st_gid) < 0)
			mode &= ~(mode_t)070;
	}
	bad = (b->len > 0 && write(fd, b->s, b->len) != (ssize_t)b->len) ||
	    fchmod(fd, mode) < 0;
	if (close(fd) < 0 || bad || rename(tmp, path) < 0) {
		cmd_warnx("%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return SMK_EXIT_FAILURE;
	}
	free(tmp);
	return SMK_EXIT_OK;
}

static int
do_brief(struct args *a, int argc, char **argv)
{
	struct smk_brief_opts o;
	struct smk_db *db = NULL;
	struct smk_buf out = { 0 };
	struct smk_err err;
	const char *why, *p = a->period ? a->period : "last-week";
	char from[320], host[256];
	int r, status = SMK_EXIT_OK;

	if (argc != 0) {
		cmd_warnx("unexpected argument '%s'", argv[0]);
		usage(stderr, SMK_EXIT_USAGE);
	}
	smk_err_clear(&err);
	memset(&o, 0, sizeof(o));
	if (a->brief_format != NULL &&
	    (o.format = smk_brief_format_parse(a->brief_format)) < 0) {
		cmd_warnx("--format: expected md, html or email, got '%s'",
		    a->brief_format);
		return SMK_EXIT_USAGE;
	}
	if (o.format != SMK_BRIEF_EMAIL && (a->to != NULL ||
	    a->from != NULL || a->subject != NULL)) {
		cmd_warnx("brief: --to, --from and --subject go with --format "
		    "email");
		return SMK_EXIT_USAGE;
	}
	if (o.format == SMK_BRIEF_EMAIL && a->to == NULL) {
		cmd_warnx("brief: --format email needs --to");
		return SMK_EXIT_USAGE;
	}
	o.as_of = smk_time_now();
	o.date = o.as_of;
	if (a->as_of != NULL && smk_time_parse(a->as_of, NULL, &o.as_of,
	    &why) < 0) {
		cmd_warnx("--as-of: '%s': %s", a->as_of, why);
		return SMK_EXIT_USAGE;
	}
	o.as_of_given = a->as_of != NULL;
	if (smk_period_parse(p, o.as_of, &o.period, &why) < 0) {
		cmd_warnx("--period: '%s': %s", p, why);
		return SMK_EXIT_USAGE;
	}
	if (o.period.to == o.as_of)
		o.period.to++;
	o.to = a->to;
	o.subject = a->subject;
	o.from = a->from;
	/* as mail(1) would sign it */
	if (o.format == SMK_BRIEF_EMAIL && o.from == NULL) {
		if (gethostname(host, sizeof(host)) < 0 || host[0] == '\0')
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		snprintf(from, sizeof(from), "%s@%s", cmd_actor(NULL), host);
		o.from = from;
	}
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	cmd_busy_start();
	r = smk_brief_render(db, &o, &out, &err);
	cmd_busy_stop();
	if (r < 0) {
		cmd_diag(&err);
		status = err.status ? err.status : SMK_EXIT_FAILURE;
	} else if (a->output != NULL && strcmp(a->output, "-") != 0) {
		status = write_file(a->output, &out);
	} else if (out.len > 0) {
		fwrite(out.s, 1, out.len, stdout);
	}
	smk_db_close(db);
	smk_buf_free(&out);
	return status;
}

int
main(int argc, char *argv[])
{
	struct args a;
	const char *names[sizeof(cmds) / sizeof(cmds[0]) + 1];
	size_t i;
	int cmd, status;

	cmd_init(argv);
	memset(&a, 0, sizeof(a));
	a.format = -1;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		names[i] = cmds[i].name;
	names[i] = NULL;
	cmd = cmds[cmd_subcommand(&argc, argv, names)].cmd;
	parse_args(argc, argv, cmd, &a);
	argc -= optind;
	argv += optind;
	switch (cmd) {
	case C_TARGET: status = do_target(&a, argc, argv); break;
	case C_TARGETS: status = do_targets(&a, argc, argv); break;
	case C_FORECAST: status = do_forecast(&a, argc, argv); break;
	case C_FUNNEL: status = do_funnel(&a, argc, argv); break;
	case C_BRIEF: status = do_brief(&a, argc, argv); break;
	default: status = do_score(&a, argc, argv); break;
	}
	return cmd_finish(status);
}
