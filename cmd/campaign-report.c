/* campaign-report — what each campaign cost and brought: spend, leads, funnel, pipeline, revenue, attribution. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char usage_text[] =
    "usage: campaign-report [-d db] [-q] [--as-of time] [--bom] "
    "[--by campaign | channel | owner | kind]\n"
    "               [--channel channel] [--compare-models] "
    "[--format format] [--half-life days]\n"
    "               [--model model] [--owner owner] [--period period] "
    "[--progress]\n"
    "               [--sort column]\n"
    "       campaign-report [-d db] set [--budget amount] "
    "[--channel channel] [--end date]\n"
    "               [--kind promo | brand] [--name name] [--owner owner] "
    "[--start date] key\n"
    "       campaign-report [-d db] set --from file [-nq] [-r rejects]\n"
    "       campaign-report [-d db] campaigns [-q] [--bom] [--format format] "
    "[--progress]\n"
    "       campaign-report [-d db] spend [-nq] [-m field=header] "
    "[-r rejects] [--currency code]\n"
    "               [--date day] [--decimal-comma] [--delimiter char] "
    "[--progress] [file ...]\n"
    "       campaign-report -h | --version\n";

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fputs(usage_text, f);
	exit(f == stdout ? cmd_finish(status) : status);
}

enum {
	OPT_AS_OF = 256, OPT_BOM, OPT_BUDGET, OPT_BY, OPT_CHANNEL,
	OPT_COMPARE, OPT_CURRENCY, OPT_DATE, OPT_DECIMAL_COMMA, OPT_DELIMITER,
	OPT_END, OPT_FORMAT, OPT_FROM, OPT_HALF_LIFE, OPT_KIND, OPT_MODEL,
	OPT_NAME, OPT_OWNER, OPT_PERIOD, OPT_PROGRESS, OPT_SORT, OPT_START,
	OPT_VERSION
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "budget", required_argument, NULL, OPT_BUDGET },
	{ "by", required_argument, NULL, OPT_BY },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "compare-models", no_argument, NULL, OPT_COMPARE },
	{ "currency", required_argument, NULL, OPT_CURRENCY },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "db", required_argument, NULL, 'd' },
	{ "decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA },
	{ "delimiter", required_argument, NULL, OPT_DELIMITER },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "end", required_argument, NULL, OPT_END },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "half-life", required_argument, NULL, OPT_HALF_LIFE },
	{ "help", no_argument, NULL, 'h' },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "map", required_argument, NULL, 'm' },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rejects", required_argument, NULL, 'r' },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "start", required_argument, NULL, OPT_START },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

enum cmd { C_REPORT, C_SET, C_CAMPAIGNS, C_SPEND };

/* The long options each subcommand takes (0-terminated). */
#define O(...) (const int[]){ __VA_ARGS__, 0 }
static const struct {
	const char *name;
	int cmd;
	const int *opts;
} cmds[] = {
	{ "", C_REPORT, O(OPT_AS_OF, OPT_BOM, OPT_BY, OPT_CHANNEL, OPT_COMPARE,
	    OPT_FORMAT, OPT_HALF_LIFE, OPT_MODEL, OPT_OWNER, OPT_PERIOD,
	    OPT_SORT, 'q', OPT_PROGRESS) },
	{ "set", C_SET, O(OPT_BUDGET, OPT_CHANNEL, OPT_END, OPT_FROM,
	    OPT_KIND, OPT_NAME, OPT_OWNER, OPT_START, 'n', 'q', 'r') },
	{ "campaigns", C_CAMPAIGNS, O(OPT_BOM, OPT_FORMAT, 'q',
	    OPT_PROGRESS) },
	{ "spend", C_SPEND, O('n', 'm', 'r', OPT_CURRENCY, OPT_DATE,
	    OPT_DECIMAL_COMMA, OPT_DELIMITER, 'q', OPT_PROGRESS) },
};
#undef O

struct args {
	const char *db, *period, *as_of, *model, *half_life, *by, *channel,
	    *owner, *sort, *budget, *name, *kind, *start, *end, *from,
	    *rejects, *currency, *date;
	int format, bom, compare, dry_run, decimal_comma, delimiter;
	const char *map[SMK_SF_COUNT];
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
	char *eq;
	int c, f;

	while ((c = getopt_long(argc, argv, "d:hm:nqr:", longopts, NULL)) !=
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
			    cmd == C_REPORT ? "report" : cmds[cmd].name,
			    cmd_option_name(longopts, c));
			usage(stderr, SMK_EXIT_USAGE);
		}
		switch (c) {
		case 'm':
			if ((eq = strchr(optarg, '=')) == NULL || eq == optarg ||
			    eq[1] == '\0') {
				cmd_warnx("--map: expected field=header, got "
				    "'%s'", optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			*eq = '\0';
			if ((f = smk_spend_field_lookup(optarg)) < 0) {
				cmd_warnx("--map: unknown field '%s' (fields: "
				    "date, campaign, amount, currency, channel)",
				    optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			a->map[f] = eq + 1;
			break;
		case 'n': a->dry_run = 1; break;
		case 'q': cmd_quiet = 1; break;
		case 'r': a->rejects = optarg; break;
		case OPT_AS_OF: a->as_of = optarg; break;
		case OPT_BOM: a->bom = 1; break;
		case OPT_BUDGET: a->budget = optarg; break;
		case OPT_BY: a->by = optarg; break;
		case OPT_CHANNEL: a->channel = optarg; break;
		case OPT_COMPARE: a->compare = 1; break;
		case OPT_CURRENCY: a->currency = optarg; break;
		case OPT_DATE: a->date = optarg; break;
		case OPT_DECIMAL_COMMA: a->decimal_comma = 1; break;
		case OPT_DELIMITER:
			if (strcmp(optarg, "tab") == 0)
				a->delimiter = '\t';
			else if (strlen(optarg) == 1 &&
			    strchr(",;\t|", optarg[0]) != NULL)
				a->delimiter = optarg[0];
			else {
				cmd_warnx("--delimiter: expected , ; | or tab, "
				    "got '%s'", optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			break;
		case OPT_END: a->end = optarg; break;
		case OPT_FORMAT:
			if ((a->format = smk_format_parse(optarg)) < 0) {
				cmd_warnx("--format: expected table, csv, tsv, "
				    "json, jsonl or md, got '%s'", optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_HALF_LIFE: a->half_life = optarg; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_MODEL: a->model = optarg; break;
		case OPT_NAME: a->name = optarg; break;
		case OPT_OWNER: a->owner = optarg; break;
		case OPT_PERIOD: a->period = optarg; break;
		case OPT_PROGRESS: cmd_progress_forced = 1; break;
		case OPT_SORT: a->sort = optarg; break;
		case OPT_START: a->start = optarg; break;
		default: usage(stderr, SMK_EXIT_USAGE);
		}
	}
}

/* ------------------------------------------------------------ report */

static int
do_report(struct args *a, int argc, char **argv)
{
	struct smk_report_opts o;
	struct smk_db *db = NULL;
	struct smk_err err;
	struct cmd_out co;
	const char *why, *p = a->period ? a->period : "last-30d";
	char *end;
	long n;

	(void)argv;
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
	/* a period that ends "now" includes what happened at now */
	if (o.period.to == o.as_of)
		o.period.to++;
	if ((o.model = smk_report_model(a->model ? a->model : "linear")) < 0) {
		cmd_warnx("--model: expected first, last, linear, u, w, full, "
		    "decay or markov, got '%s'", a->model);
		return SMK_EXIT_USAGE;
	}
	if (a->half_life != NULL) {
		o.half_life = strtod(a->half_life, &end);
		if (*a->half_life == '\0' || *end != '\0' ||
		    !(o.half_life > 0 && o.half_life <= 3650)) {
			cmd_warnx("--half-life: '%s' is not a number of days "
			    "above 0 (at most 3650)", a->half_life);
			return SMK_EXIT_USAGE;
		}
	}
	o.by = SMK_BY_CAMPAIGN;
	if (a->by != NULL) {
		if (strcmp(a->by, "campaign") == 0)
			o.by = SMK_BY_CAMPAIGN;
		else if (strcmp(a->by, "channel") == 0)
			o.by = SMK_BY_CHANNEL;
		else if (strcmp(a->by, "owner") == 0)
			o.by = SMK_BY_OWNER;
		else if (strcmp(a->by, "kind") == 0)
			o.by = SMK_BY_KIND;
		else {
			cmd_warnx("--by: expected campaign, channel, owner or "
			    "kind, got '%s'", a->by);
			return SMK_EXIT_USAGE;
		}
	}
	o.sort = -1;
	if (a->sort != NULL && (o.sort = smk_report_sort_column(a->sort)) < 0) {
		cmd_warnx("--sort: no column '%s'", a->sort);
		return SMK_EXIT_USAGE;
	}
	o.channel = a->channel;
	o.owner = a->owner;
	o.compare_models = a->compare;
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	cmd_out_init(&co, a->format, a->bom);
	o.money_display = co.format == SMK_FMT_TABLE ||
	    co.format == SMK_FMT_MD;
	n = smk_report_campaigns(db, &o, &co.l, &err);
	return cmd_out_finish(&co, db, n, &err);
}

/* ------------------------------------------------------------ writes */

static void
on_diag(void *ctx, const struct smk_err *e)
{
	(void)ctx;
	cmd_diag(e);
}

static void
on_set_summary(void *ctx, const char *file, long rows, long set,
    long rejected)
{
	const struct args *a = ctx;

	cmd_info("%s%s: %ld %s, %ld set, %ld rejected",
	    a->dry_run ? "(dry run) " : "", file, rows,
	    cmd_plural(rows, "row", "rows"), set, rejected);
}

static void
on_spend_summary(void *ctx, const char *file, const struct smk_spend_counts *n)
{
	const struct args *a = ctx;
	char amount[32];

	smk_money_format(n->amount, amount);
	cmd_info("%s%s: %ld %s, %ld loaded (%s), %ld totals skipped, "
	    "%ld rejected", a->dry_run ? "(dry run) " : "", file, n->rows,
	    cmd_plural(n->rows, "row", "rows"), n->loaded, amount, n->skipped,
	    n->rejected);
}

/* Opens the reject file (created or truncated); NULL when not asked. */
static int
open_rejects(const char *path, FILE **f)
{
	*f = NULL;
	if (path == NULL)
		return 0;
	if ((*f = cmd_fopen_private(path)) == NULL) {
		cmd_warnx("%s: cannot create reject file: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
close_rejects(const char *path, FILE *f, int status)
{
	if (f != NULL && (ferror(f) | fclose(f))) {
		cmd_warnx("%s: error writing reject file", path);
		return smk_exit_worst(status, SMK_EXIT_FAILURE);
	}
	return status;
}

static int
cmd_set_file(struct args *a)
{
	struct smk_sheet_opts o;
	struct smk_db *db = NULL;
	struct smk_err err;
	int status;

	smk_err_clear(&err);
	memset(&o, 0, sizeof(o));
	o.dry_run = a->dry_run;
	o.diag = on_diag;
	o.summary = on_set_summary;
	o.ctx = a;
	if (open_rejects(a->rejects, &o.rejects) < 0)
		return SMK_EXIT_FAILURE;
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_WRITE, &err) < 0) {
		cmd_diag(&err);
		status = SMK_EXIT_FAILURE;
	} else {
		status = smk_campaign_load(db, a->from, &o, &err);
		if (status >= SMK_EXIT_USAGE) {
			cmd_diag(&err);
			cmd_warnx("nothing set");
		}
	}
	smk_db_close(db);
	return close_rejects(a->rejects, o.rejects, status);
}

/* --------------------------------------------------------------- set */

static int
do_set(struct args *a, int argc, char **argv)
{
	struct smk_campaign_meta m;
	struct smk_db *db = NULL;
	struct smk_err err;
	const char *why;
	int status = SMK_EXIT_OK;

	smk_err_clear(&err);
	if (a->from != NULL) {
		if (argc != 0 || a->name || a->channel || a->owner ||
		    a->budget || a->kind || a->start || a->end) {
			cmd_warnx("set --from takes a file, no key or values");
			usage(stderr, SMK_EXIT_USAGE);
		}
		return cmd_set_file(a);
	}
	if (argc != 1) {
		cmd_warnx("set needs one campaign KEY");
		usage(stderr, SMK_EXIT_USAGE);
	}
	if (cmd_quiet) {
		/* one campaign set says nothing to silence */
		cmd_warnx("set: -q goes with --from");
		usage(stderr, SMK_EXIT_USAGE);
	}
	/* what is stored must be UTF-8 */
	cmd_text("set: KEY", argv[0]);
	cmd_text("--name", a->name);
	cmd_text("--channel", a->channel);
	cmd_text("--owner", a->owner);
	memset(&m, 0, sizeof(m));
	m.key = argv[0];
	m.name = a->name;
	m.channel = a->channel;
	m.owner = a->owner;
	m.kind = a->kind;
	m.start = a->start;
	m.end = a->end;
	if (a->budget != NULL) {
		if (smk_money_parse(a->budget, 0, &m.budget, &why) < 0) {
			cmd_warnx("--budget: '%s': %s", a->budget, why);
			return SMK_EXIT_USAGE;
		}
		m.has_budget = 1;
	}
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_WRITE, &err) < 0 ||
	    smk_db_begin(db, &err) < 0) {
		cmd_diag(&err);
		smk_db_close(db);
		return SMK_EXIT_FAILURE;
	}
	if (smk_campaign_set(db, &m, &err) < 0) {
		smk_db_rollback(db);
		status = err.status ? err.status : SMK_EXIT_FAILURE;
	} else if (a->dry_run) {
		smk_db_rollback(db);
	} else if (smk_db_commit(db, &err) < 0) {
		status = SMK_EXIT_FAILURE;
	}
	if (status != SMK_EXIT_OK)
		cmd_diag(&err);
	smk_db_close(db);
	return status;
}

/* --------------------------------------------------------- campaigns */

static int
do_campaigns(struct args *a, int argc, char **argv)
{
	struct smk_db *db = NULL;
	struct smk_err err;
	struct cmd_out co;
	long n;

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
	n = smk_list_campaigns(db, &co.l, &err);
	return cmd_out_finish(&co, db, n, &err);
}

/* ------------------------------------------------------------- spend */

static int
do_spend(struct args *a, int argc, char **argv)
{
	static const char *const stdin_only[] = { "-", NULL };
	struct smk_spend_opts o;
	struct smk_db *db = NULL;
	struct smk_err err;
	int status, f;

	smk_err_clear(&err);
	memset(&o, 0, sizeof(o));
	for (f = 0; f < SMK_SF_COUNT; f++)
		o.map[f] = a->map[f];
	o.currency = a->currency;
	o.date = a->date;
	o.decimal_comma = a->decimal_comma;
	o.dry_run = a->dry_run;
	o.actor = cmd_actor(NULL);
	o.csv.delimiter = a->delimiter;
	o.diag = on_diag;
	if (cmd_progress_on())
		o.progress = cmd_progress_rows;
	o.summary = on_spend_summary;
	o.ctx = a;
	if (open_rejects(a->rejects, &o.rejects) < 0)
		return SMK_EXIT_FAILURE;
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_WRITE, &err) < 0) {
		cmd_diag(&err);
		cmd_warnx("nothing loaded");
		status = SMK_EXIT_FAILURE;
	} else {
		status = smk_spend_run(db, argc > 0 ?
		    (const char *const *)argv : stdin_only, &o, &err);
		if (status >= SMK_EXIT_USAGE) {
			cmd_diag(&err);
			cmd_warnx("nothing loaded");
		}
	}
	smk_db_close(db);
	return close_rejects(a->rejects, o.rejects, status);
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
	case C_SET: status = do_set(&a, argc, argv); break;
	case C_CAMPAIGNS: status = do_campaigns(&a, argc, argv); break;
	case C_SPEND: status = do_spend(&a, argc, argv); break;
	default: status = do_report(&a, argc, argv); break;
	}
	return cmd_finish(status);
}
