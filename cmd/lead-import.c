/* lead-import — CSV exports in; normalized, deduplicated, scored leads out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char usage_text[] =
    "usage: lead-import [-nq] [-d db] [-k column] [-m field=header] "
    "[-r rejects]\n"
    "                   [--campaign name] [--date-format format] "
    "[--delimiter char]\n"
    "                   [--encoding utf8 | latin1] [--mql-at points] "
    "[--null string]\n"
    "                   [--progress] [--rules file] [--source name] "
    "[--stage stage]\n"
    "                   [file ...]\n"
    "       lead-import -h | --version\n";

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fputs(usage_text, f);
	exit(f == stdout ? cmd_finish(status) : status);
}

enum {
	OPT_CAMPAIGN = 256, OPT_DATE_FORMAT, OPT_DELIMITER, OPT_ENCODING,
	OPT_MQL_AT, OPT_NULL, OPT_PROGRESS, OPT_RULES, OPT_SOURCE, OPT_STAGE,
	OPT_VERSION
};

static const struct option longopts[] = {
	{ "campaign", required_argument, NULL, OPT_CAMPAIGN },
	{ "date-format", required_argument, NULL, OPT_DATE_FORMAT },
	{ "db", required_argument, NULL, 'd' },
	{ "delimiter", required_argument, NULL, OPT_DELIMITER },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "help", no_argument, NULL, 'h' },
	{ "key", required_argument, NULL, 'k' },
	{ "map", required_argument, NULL, 'm' },
	{ "mql-at", required_argument, NULL, OPT_MQL_AT },
	{ "null", required_argument, NULL, OPT_NULL },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rejects", required_argument, NULL, 'r' },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "stage", required_argument, NULL, OPT_STAGE },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static void
on_diag(void *ctx, const struct smk_err *e)
{
	(void)ctx;
	cmd_diag(e);
}

static void
on_summary(void *ctx, const char *file, const struct smk_import_counts *n)
{
	const struct smk_import_opts *o = ctx;

	cmd_info("%s%s: %ld %s, %ld new, %ld updated, %ld unchanged, "
	    "%ld rejected, %ld became MQL, %ld %s",
	    o->dry_run ? "(dry run) " : "", file, n->rows,
	    cmd_plural(n->rows, "row", "rows"), n->new_leads, n->updated,
	    n->unchanged, n->rejected, n->mql, n->touches,
	    cmd_plural(n->touches, "touch", "touches"));
}

static int
parse_map(struct smk_import_opts *o, char *arg)
{
	char *eq = strchr(arg, '=');
	int f;

	if (eq == NULL || eq == arg || eq[1] == '\0') {
		cmd_warnx("--map: expected field=header, got '%s'", arg);
		return -1;
	}
	*eq = '\0';
	if ((f = smk_field_lookup_name(arg)) < 0) {
		cmd_warnx("--map: unknown field '%s' (fields: email, "
		    "first_name, last_name, company, title, phone, country, "
		    "source, campaign, channel, created_at)", arg);
		return -1;
	}
	o->map[f] = eq + 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	static const char *const stdin_only[] = { "-", NULL };
	struct smk_import_opts o;
	struct smk_db *db = NULL;
	struct smk_rules *rules = NULL;
	struct smk_err err;
	const char *dbopt = NULL, *rejects_path = NULL, *rules_path = NULL;
	const char **nulls, *why;
	size_t nnulls = 0;
	long n;
	int c, status;

	cmd_init(argv);
	memset(&o, 0, sizeof(o));
	smk_err_clear(&err);
	nulls = smk_xcalloc((size_t)argc + 1, sizeof(*nulls));
	o.mql_at = -1;
	o.stage = -1;
	while ((c = getopt_long(argc, argv, "d:hk:m:nqr:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'h':
			usage(stdout, SMK_EXIT_OK);
		case 'k':
			o.key_column = optarg;
			break;
		case 'm':
			if (parse_map(&o, optarg) < 0)
				usage(stderr, SMK_EXIT_USAGE);
			break;
		case 'n':
			o.dry_run = 1;
			break;
		case 'q':
			cmd_quiet = 1;
			break;
		case 'r':
			rejects_path = optarg;
			break;
		case OPT_CAMPAIGN:
			cmd_text("--campaign", optarg);
			o.campaign = optarg;
			break;
		case OPT_DATE_FORMAT:
			if (smk_time_format_check(optarg, &why) < 0) {
				cmd_warnx("--date-format: '%s': %s", optarg,
				    why);
				usage(stderr, SMK_EXIT_USAGE);
			}
			o.date_format = optarg;
			break;
		case OPT_DELIMITER:
			if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\\t") == 0)
				o.csv.delimiter = '\t';
			else if (strlen(optarg) == 1 &&
			    strchr(",;\t|", optarg[0]) != NULL)
				o.csv.delimiter = optarg[0];
			else {
				cmd_warnx("--delimiter: expected , ; | or "
				    "tab, got '%s'", optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			break;
		case OPT_ENCODING:
			if (strcmp(optarg, "utf8") == 0 ||
			    strcmp(optarg, "utf-8") == 0)
				o.csv.encoding = SMK_ENC_UTF8;
			else if (strcmp(optarg, "latin1") == 0 ||
			    strcmp(optarg, "iso-8859-1") == 0)
				o.csv.encoding = SMK_ENC_LATIN1;
			else {
				cmd_warnx("--encoding: expected utf8 or "
				    "latin1, got '%s'", optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			break;
		case OPT_MQL_AT:
			if (cmd_number("--mql-at", optarg, 0, 1000000000L,
			    &n) < 0)
				usage(stderr, SMK_EXIT_USAGE);
			o.mql_at = n;
			break;
		case OPT_NULL:
			nulls[nnulls++] = optarg;
			break;
		case OPT_PROGRESS:
			cmd_progress_forced = 1;
			break;
		case OPT_RULES:
			rules_path = optarg;
			break;
		case OPT_SOURCE:
			cmd_text("--source", optarg);
			o.source = optarg;
			break;
		case OPT_STAGE:
			/* sql and beyond need an amount: handoff apply */
			o.stage = smk_stage_lookup(optarg);
			if (o.stage < SMK_ST_LEAD || o.stage > SMK_ST_SAL) {
				cmd_warnx("--stage: expected lead, mql or sal, "
				    "got '%s' (moves that need an amount: "
				    "handoff apply)", optarg);
				usage(stderr, SMK_EXIT_USAGE);
			}
			break;
		case OPT_VERSION:
			cmd_version();
		default:
			usage(stderr, SMK_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	o.nulls = nulls;
	o.actor = cmd_actor(NULL);
	o.diag = on_diag;
	o.mql = cmd_print_key;
	o.summary = on_summary;
	if (cmd_progress_on())
		o.progress = cmd_progress_rows;
	o.ctx = &o;

	if (o.mql_at >= 0 && rules_path == NULL) {
		cmd_warnx("--mql-at needs --rules: without rules every score "
		    "is 0");
		usage(stderr, SMK_EXIT_USAGE);
	}
	if (rules_path != NULL && smk_rules_load(&rules, rules_path,
	    &err) < 0) {
		cmd_diag(&err);
		free(nulls);
		return SMK_EXIT_USAGE;
	}
	o.rules = rules;
	if (rejects_path != NULL) {
		if ((o.rejects = cmd_fopen_private(rejects_path)) == NULL) {
			cmd_warnx("%s: cannot create reject file: %s",
			    rejects_path, strerror(errno));
			status = SMK_EXIT_FAILURE;
			goto done;
		}
	}
	if (smk_db_open(&db, smk_db_path(dbopt), SMK_DB_BULK, &err) < 0) {
		cmd_diag(&err);
		cmd_warnx("nothing imported");
		status = SMK_EXIT_FAILURE;
		goto done;
	}
	status = smk_import_run(db, argc > 0 ? (const char *const *)argv :
	    stdin_only, &o, &err);
	if (status >= SMK_EXIT_USAGE) {
		cmd_diag(&err);
		if (!ferror(stdout))
			cmd_warnx("nothing imported");
	}
done:
	if (o.rejects != NULL && (ferror(o.rejects) | fclose(o.rejects))) {
		cmd_warnx("%s: error writing reject file", rejects_path);
		status = smk_exit_worst(status, SMK_EXIT_FAILURE);
	}
	smk_db_close(db);
	smk_rules_free(rules);
	free(nulls);
	return cmd_finish(status);
}
