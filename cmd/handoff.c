/* handoff — the Marketing-to-Sales hand-off: stages, owners, SLA, feedback. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const char usage_text[] =
    "usage: handoff [-d db] queue [-q] [--as-of time] [--breached] "
    "[--format format]\n"
    "               [--owner rep] [--progress]\n"
    "       handoff [-d db] add [-q] [--sales-sourced] [--at time] "
    "[--by name]\n"
    "               [--campaign name] [--company name] [--country name]\n"
    "               [--first-name name] [--last-name name] [--progress]\n"
    "               [--source name] [key ...]\n"
    "       handoff [-d db] mql | accept | recycle [-q] [--at time] "
    "[--by name]\n"
    "               [--note text] [--progress] [--reason code] [key ...]\n"
    "       handoff [-d db] assign --to rep | --round-robin file [-q] "
    "[--pool name]\n"
    "               [--at time] [--by name] [--progress] [key ...]\n"
    "       handoff [-d db] reject --reason code [-q] [--disqualify] "
    "[--note text]\n"
    "               [--at time] [--by name] [--progress] [key ...]\n"
    "       handoff [-d db] qualify | won --amount amount [-q] [--at time]\n"
    "               [--by name] [--note text] [--progress] [key ...]\n"
    "       handoff [-d db] lost --reason code [-q] [--at time] [--by name]\n"
    "               [--note text] [--progress] [key ...]\n"
    "       handoff [-d db] note [--at time] [--by name] key text\n"
    "       handoff [-d db] forget [-q] [--by name] [key ...]\n"
    "       handoff [-d db] apply [-nq] [--add-missing] [-m field=header]\n"
    "               [-r rejects] [--progress] [--reason code] [--note text]\n"
    "               [--stage stage] [--stage-map value=stage] [file]\n"
    "       handoff [-d db] sla [-q] [--as-of time] [--business-hours hours]\n"
    "               [--format format] [--hours hours] [--owner rep]\n"
    "               [--period period] [--progress] [--weekdays days]\n"
    "       handoff [-d db] history [-q] [--as-of time] [--format format]\n"
    "               [--progress] key\n"
    "       handoff [-d db] feedback [-q] [--as-of time] [--format format]\n"
    "               [--notes | --reasons] [--period period] [--progress]\n"
    "       handoff [-d db] config [name [value]]\n"
    "       handoff -h | --version\n";

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fputs(usage_text, f);
	exit(f == stdout ? cmd_finish(status) : status);
}

/*
 * A usage error in a subcommand shows that subcommand's lines of the
 * usage (a block starting "handoff [-d db] NAME" or "... | NAME ..."),
 * not all twenty.
 */
static void __attribute__((noreturn))
usage_of(const char *name)
{
	const char *p, *nl, *body, *w;
	size_t len = strlen(name);
	int in = 0;

	for (p = usage_text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		body = p + 7;        /* after "usage: " or seven blanks */
		if (strncmp(body, "handoff [-d db] ", 16) == 0) {
			/* a new block: its names before the first option,
			 * "a | b | c" */
			in = 0;
			for (w = body + 16; w < nl && *w != '[' && *w != '-';) {
				if (strncmp(w, name, len) == 0 &&
				    (w[len] == ' ' || w + len == nl))
					in = 1;
				while (w < nl && *w != ' ')
					w++;
				while (w < nl && (*w == ' ' || *w == '|'))
					w++;
			}
			if (in)
				fprintf(stderr, "usage: %.*s\n",
				    (int)(nl - body), body);
		} else if (*body != ' ') {
			in = 0;      /* "handoff -h | --version" */
		} else if (in) {
			fprintf(stderr, "%.*s\n", (int)(nl - p), p);
		}
	}
	fputs("(handoff -h shows every subcommand)\n", stderr);
	exit(SMK_EXIT_USAGE);
}

enum {
	OPT_ADD_MISSING = 256, OPT_AMOUNT, OPT_AS_OF, OPT_AT, OPT_BOM,
	OPT_BREACHED,
	OPT_BUSINESS_HOURS, OPT_BY, OPT_CAMPAIGN, OPT_COMPANY, OPT_COUNTRY,
	OPT_DISQUALIFY, OPT_FIRST_NAME, OPT_FORMAT, OPT_HOURS, OPT_LAST_NAME,
	OPT_NOTE, OPT_NOTES, OPT_OWNER, OPT_PERIOD, OPT_POOL, OPT_PROGRESS,
	OPT_REASON, OPT_REASONS, OPT_ROUND_ROBIN, OPT_SALES_SOURCED,
	OPT_SOURCE, OPT_STAGE, OPT_STAGE_MAP, OPT_TO, OPT_VERSION,
	OPT_WEEKDAYS
};

/* One table of every option; each subcommand says which it takes. */
static const struct option longopts[] = {
	{ "add-missing", no_argument, NULL, OPT_ADD_MISSING },
	{ "amount", required_argument, NULL, OPT_AMOUNT },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "at", required_argument, NULL, OPT_AT },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "breached", no_argument, NULL, OPT_BREACHED },
	{ "business-hours", required_argument, NULL, OPT_BUSINESS_HOURS },
	{ "by", required_argument, NULL, OPT_BY },
	{ "campaign", required_argument, NULL, OPT_CAMPAIGN },
	{ "company", required_argument, NULL, OPT_COMPANY },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "db", required_argument, NULL, 'd' },
	{ "disqualify", no_argument, NULL, OPT_DISQUALIFY },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "first-name", required_argument, NULL, OPT_FIRST_NAME },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "hours", required_argument, NULL, OPT_HOURS },
	{ "last-name", required_argument, NULL, OPT_LAST_NAME },
	{ "map", required_argument, NULL, 'm' },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "notes", no_argument, NULL, OPT_NOTES },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "reasons", no_argument, NULL, OPT_REASONS },
	{ "rejects", required_argument, NULL, 'r' },
	{ "round-robin", required_argument, NULL, OPT_ROUND_ROBIN },
	{ "sales-sourced", no_argument, NULL, OPT_SALES_SOURCED },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "stage", required_argument, NULL, OPT_STAGE },
	{ "stage-map", required_argument, NULL, OPT_STAGE_MAP },
	{ "to", required_argument, NULL, OPT_TO },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "weekdays", required_argument, NULL, OPT_WEEKDAYS },
	{ NULL, 0, NULL, 0 }
};

enum cmd {
	C_QUEUE, C_ADD, C_MQL, C_ACCEPT, C_RECYCLE, C_ASSIGN, C_REJECT,
	C_QUALIFY, C_WON, C_LOST, C_NOTE, C_FORGET, C_APPLY, C_SLA, C_HISTORY,
	C_FEEDBACK, C_CONFIG
};

static const struct {
	const char *name;
	int cmd;
	int stage;          /* moves: the target stage */
	const int *opts;    /* the long options it takes, 0-terminated */
} cmds[] = {
#define O(...) (const int[]){ __VA_ARGS__, 0 }
	{ "queue", C_QUEUE, -1, O(OPT_AS_OF, OPT_BREACHED, OPT_FORMAT,
	    OPT_BOM, OPT_OWNER, 'q', OPT_PROGRESS) },
	{ "add", C_ADD, -1, O(OPT_SALES_SOURCED, OPT_AT, OPT_BY,
	    OPT_CAMPAIGN, OPT_COMPANY, OPT_COUNTRY, OPT_FIRST_NAME,
	    OPT_LAST_NAME, OPT_SOURCE, 'q', OPT_PROGRESS) },
	{ "mql", C_MQL, SMK_ST_MQL, O(OPT_AT, OPT_BY, OPT_NOTE, OPT_REASON,
	    'q', OPT_PROGRESS) },
	{ "accept", C_ACCEPT, SMK_ST_SAL, O(OPT_AT, OPT_BY, OPT_NOTE,
	    OPT_REASON, 'q', OPT_PROGRESS) },
	{ "recycle", C_RECYCLE, SMK_ST_RECYCLED, O(OPT_AT, OPT_BY, OPT_NOTE,
	    OPT_REASON, 'q', OPT_PROGRESS) },
	{ "assign", C_ASSIGN, -1, O(OPT_TO, OPT_ROUND_ROBIN, OPT_POOL, OPT_AT,
	    OPT_BY, 'q', OPT_PROGRESS) },
	{ "reject", C_REJECT, SMK_ST_RECYCLED, O(OPT_REASON, OPT_DISQUALIFY,
	    OPT_NOTE, OPT_AT, OPT_BY, 'q', OPT_PROGRESS) },
	{ "qualify", C_QUALIFY, SMK_ST_SQL, O(OPT_AMOUNT, OPT_AT, OPT_BY,
	    OPT_NOTE, 'q', OPT_PROGRESS) },
	{ "won", C_WON, SMK_ST_WON, O(OPT_AMOUNT, OPT_AT, OPT_BY, OPT_NOTE,
	    'q', OPT_PROGRESS) },
	{ "lost", C_LOST, SMK_ST_LOST, O(OPT_REASON, OPT_AT, OPT_BY,
	    OPT_NOTE, 'q', OPT_PROGRESS) },
	{ "note", C_NOTE, -1, O(OPT_AT, OPT_BY) },
	{ "forget", C_FORGET, -1, O('q', OPT_BY) },
	{ "apply", C_APPLY, -1, O('n', OPT_ADD_MISSING, 'm', 'r', OPT_REASON,
	    OPT_NOTE, OPT_STAGE, OPT_STAGE_MAP, 'q', OPT_PROGRESS) },
	{ "sla", C_SLA, -1, O(OPT_AS_OF, OPT_BUSINESS_HOURS, OPT_FORMAT,
	    OPT_BOM, OPT_HOURS, OPT_OWNER, OPT_PERIOD, OPT_WEEKDAYS, 'q',
	    OPT_PROGRESS) },
	{ "history", C_HISTORY, -1, O(OPT_AS_OF, OPT_FORMAT, OPT_BOM, 'q',
	    OPT_PROGRESS) },
	{ "feedback", C_FEEDBACK, -1, O(OPT_AS_OF, OPT_FORMAT, OPT_BOM,
	    OPT_NOTES, OPT_REASONS, OPT_PERIOD, 'q', OPT_PROGRESS) },
	{ "config", C_CONFIG, -1, O(0) },
#undef O
};

static const char *
cmd_name(int cmd)
{
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (cmds[i].cmd == cmd)
			return cmds[i].name;
	return "?";
}

/* Everything the options can say. */
struct args {
	const char *db;
	const char *by;
	int64_t at, as_of;
	int has_at, has_as_of;
	int64_t amount;
	int format, bom, breached, disqualify, sales_sourced, dry_run;
	int add_missing;
	int stage;                      /* --stage, or -1 */
	struct smk_stage_map *stage_map; /* --stage-map, in order given */
	size_t nstage_map;
	int view;
	const char *reason, *note, *to, *round_robin, *pool, *owner;
	const char *period, *hours, *business_hours, *weekdays;
	const char *rejects;
	const char *f[SMK_F_COUNT];
	const char *map[SMK_AF_COUNT];
	int has_amount;
};

static int64_t
parse_time_opt(const char *opt, const char *s)
{
	const char *why;
	int64_t t;

	if (smk_time_parse(s, NULL, &t, &why) < 0) {
		cmd_warnx("%s: '%s': %s", opt, s, why ? why : "not a time");
		exit(SMK_EXIT_USAGE);
	}
	return t;
}

/* "--name" of a long option, "-x" of a short one, for messages. */
static const char *
option_name(int c)
{
	static char buf[64];
	size_t i;

	for (i = 0; longopts[i].name != NULL; i++)
		if (longopts[i].val == c && (c >= 256 || c == 'n')) {
			snprintf(buf, sizeof(buf), "--%s", longopts[i].name);
			return buf;
		}
	snprintf(buf, sizeof(buf), "-%c", c);
	return buf;
}

static int
takes(int cmd, int opt)
{
	const int *p;
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (cmds[i].cmd == cmd)
			for (p = cmds[i].opts; *p != 0; p++)
				if (*p == opt)
					return 1;
	return 0;
}

static const char stage_names[] =
    "lead, mql, sal, sql, won, lost, recycled, disqualified";

static void
parse_args(int argc, char **argv, int cmd, const char *cmdname,
    struct args *a)
{
	const char *why;
	int c, f;
	char *eq;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:hm:nqr:", longopts, NULL)) !=
	    -1) {
		if (c == '?' || c == ':') {
			/* getopt's own messages would name the subcommand
			 * as the program */
			if (optopt != 0 && optopt < 256)
				cmd_warnx("%s: %s -%c", cmdname, c == ':' ?
				    "missing argument to" : "unknown option",
				    optopt);
			else
				cmd_warnx("%s: unknown option, or one that "
				    "needs an argument: '%s'", cmdname,
				    argv[optind - 1]);
			usage_of(cmdname);
		}
		if (c == 'h')
			usage(stdout, SMK_EXIT_OK);
		if (c == OPT_VERSION)
			cmd_version();
		if (c == 'd') {
			a->db = optarg;
			continue;
		}
		if (!takes(cmd, c)) {
			cmd_warnx("%s: option '%s' does not apply", cmdname,
			    option_name(c));
			usage_of(cmdname);
		}
		/* values that are stored must be UTF-8 */
		switch (c) {
		case OPT_BY: case OPT_CAMPAIGN: case OPT_COMPANY:
		case OPT_COUNTRY: case OPT_FIRST_NAME: case OPT_LAST_NAME:
		case OPT_NOTE: case OPT_POOL: case OPT_SOURCE: case OPT_TO:
			cmd_text(option_name(c), optarg);
			break;
		}
		switch (c) {
		case 'm':
			eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg || eq[1] == '\0') {
				cmd_warnx("--map: expected field=header, got "
				    "'%s'", optarg);
				usage_of(cmdname);
			}
			*eq = '\0';
			if ((f = smk_apply_field_lookup(optarg)) < 0) {
				cmd_warnx("--map: unknown field '%s' (fields: "
				    "key, stage, time, owner, amount, reason, "
				    "note, close, won_time, lost_time)",
				    optarg);
				usage_of(cmdname);
			}
			a->map[f] = eq + 1;
			break;
		case 'n': a->dry_run = 1; break;
		case 'q': cmd_quiet = 1; break;
		case 'r': a->rejects = optarg; break;
		case OPT_ADD_MISSING: a->add_missing = 1; break;
		case OPT_AMOUNT:
			if (smk_money_parse(optarg, 0, &a->amount, &why) < 0) {
				cmd_warnx("--amount: '%s': %s", optarg, why);
				exit(SMK_EXIT_USAGE);
			}
			a->has_amount = 1;
			break;
		case OPT_AS_OF:
			a->as_of = parse_time_opt("--as-of", optarg);
			a->has_as_of = 1;
			break;
		case OPT_AT:
			a->at = parse_time_opt("--at", optarg);
			a->has_at = 1;
			break;
		case OPT_BOM: a->bom = 1; break;
		case OPT_BREACHED: a->breached = 1; break;
		case OPT_BUSINESS_HOURS: a->business_hours = optarg; break;
		case OPT_BY: a->by = optarg; break;
		case OPT_CAMPAIGN: a->f[SMK_F_CAMPAIGN] = optarg; break;
		case OPT_COMPANY: a->f[SMK_F_COMPANY] = optarg; break;
		case OPT_COUNTRY: a->f[SMK_F_COUNTRY] = optarg; break;
		case OPT_DISQUALIFY: a->disqualify = 1; break;
		case OPT_FIRST_NAME: a->f[SMK_F_FIRST_NAME] = optarg; break;
		case OPT_FORMAT:
			if ((a->format = smk_format_parse(optarg)) < 0) {
				cmd_warnx("--format: expected table, csv, tsv, "
				    "json, jsonl or md, got '%s'", optarg);
				usage_of(cmdname);
			}
			break;
		case OPT_HOURS: a->hours = optarg; break;
		case OPT_LAST_NAME: a->f[SMK_F_LAST_NAME] = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_NOTES: a->view = SMK_FB_NOTES; break;
		case OPT_OWNER: a->owner = optarg; break;
		case OPT_PERIOD: a->period = optarg; break;
		case OPT_POOL: a->pool = optarg; break;
		case OPT_PROGRESS: cmd_progress_forced = 1; break;
		case OPT_REASON:
			if (!smk_reason_valid(optarg)) {
				cmd_warnx("--reason: unknown reason code '%s' "
				    "(codes: no-budget, no-authority, no-need, "
				    "bad-timing, bad-data, competitor, "
				    "duplicate, existing-customer, not-a-fit, "
				    "other)", optarg);
				exit(SMK_EXIT_USAGE);
			}
			a->reason = optarg;
			break;
		case OPT_REASONS: a->view = SMK_FB_REASONS; break;
		case OPT_ROUND_ROBIN: a->round_robin = optarg; break;
		case OPT_SALES_SOURCED: a->sales_sourced = 1; break;
		case OPT_SOURCE: a->f[SMK_F_SOURCE] = optarg; break;
		case OPT_STAGE:
			if ((a->stage = smk_apply_stage_lookup(optarg)) < 0) {
				cmd_warnx("--stage: unknown stage '%s' "
				    "(stages: %s)", optarg, stage_names);
				usage_of(cmdname);
			}
			break;
		case OPT_STAGE_MAP:
			/* the last '=': a stage name has none */
			eq = strrchr(optarg, '=');
			if (eq == NULL || eq == optarg || eq[1] == '\0') {
				cmd_warnx("--stage-map: expected value=stage, "
				    "got '%s'", optarg);
				usage_of(cmdname);
			}
			*eq = '\0';
			if ((f = smk_stage_lookup(eq + 1)) < 0) {
				cmd_warnx("--stage-map: unknown stage '%s' "
				    "(stages: %s)", eq + 1, stage_names);
				usage_of(cmdname);
			}
			a->stage_map = smk_xrealloc(a->stage_map,
			    (a->nstage_map + 1) * sizeof(*a->stage_map));
			a->stage_map[a->nstage_map].value = optarg;
			a->stage_map[a->nstage_map++].stage = f;
			break;
		case OPT_TO: a->to = optarg; break;
		case OPT_WEEKDAYS: a->weekdays = optarg; break;
		default:
			usage_of(cmdname);
		}
	}
}

/* ------------------------------------------------------------- keys */

/* The keys: the arguments, or standard input one per line for none or
 * "-". */
struct keys {
	char **argv;
	int argc, i;
	int from_stdin;
	char *line;
	size_t cap;
};

static const char *
next_key(struct keys *k)
{
	ssize_t n;

	for (;;) {
		if (!k->from_stdin) {
			if (k->i >= k->argc)
				return NULL;
			if (strcmp(k->argv[k->i], "-") != 0)
				return k->argv[k->i++];
			k->i++;
			k->from_stdin = 1;
		}
		if ((n = getline(&k->line, &k->cap, stdin)) < 0) {
			k->from_stdin = 0;
			if (k->argc == 0)
				return NULL;
			continue;
		}
		while (n > 0 && (k->line[n - 1] == '\n' ||
		    k->line[n - 1] == '\r' || k->line[n - 1] == ' '))
			k->line[--n] = '\0';
		if (n > 0)
			return k->line;
	}
}

/* ----------------------------------------------------------- writes */


static int
do_writes(int cmd, int stage, const char *name, struct args *a, int argc,
    char **argv)
{
	struct smk_db *db = NULL;
	struct smk_handoff *h = NULL;
	struct smk_rr *rr = NULL;
	struct smk_err err;
	struct smk_move m;
	struct smk_new_lead nl;
	struct keys k;
	struct smk_buf keys = {0};
	const char *key, *ref, *owner, *actor, *pool = NULL, *slash;
	char *poolbuf = NULL;
	long nkeys = 0, done = 0;
	int r, status = SMK_EXIT_OK, fatal = 0;

	smk_err_clear(&err);
	memset(&k, 0, sizeof(k));
	k.argv = argv;
	k.argc = argc;
	k.from_stdin = argc == 0;
	actor = cmd_actor(a->by);
	if (!a->has_at)
		a->at = smk_time_now();
	else if (a->at > smk_time_now() + SMK_FUTURE_SKEW) {
		cmd_warnx("--at: the time is in the future");
		return SMK_EXIT_USAGE;
	}

	memset(&m, 0, sizeof(m));
	m.to = stage;
	m.at = a->at;
	m.reason = a->reason;
	m.note = a->note;
	m.amount = -1;
	switch (cmd) {
	case C_REJECT:
		if (a->reason == NULL) {
			cmd_warnx("reject needs --reason CODE");
			usage_of(name);
		}
		if (a->disqualify)
			m.to = SMK_ST_DISQUALIFIED;
		break;
	case C_LOST:
		if (a->reason == NULL) {
			cmd_warnx("lost needs --reason CODE");
			usage_of(name);
		}
		break;
	case C_QUALIFY:
	case C_WON:
		if (!a->has_amount) {
			cmd_warnx("%s needs --amount AMOUNT", name);
			usage_of(name);
		}
		m.amount = a->amount;
		break;
	case C_ASSIGN:
		if ((a->to == NULL) == (a->round_robin == NULL)) {
			cmd_warnx("assign needs --to REP or --round-robin "
			    "FILE");
			usage_of(name);
		}
		if (a->round_robin != NULL) {
			if (smk_rr_load(&rr, a->round_robin, &err) < 0) {
				cmd_diag(&err);
				return SMK_EXIT_USAGE;
			}
			/* the pool is the file's name: cron jobs that run
			 * from elsewhere still share one rotation */
			slash = strrchr(a->round_robin, '/');
			pool = a->pool;
			if (pool == NULL) {
				poolbuf = smk_xstrdup(slash ? slash + 1 :
				    a->round_robin);
				pool = poolbuf;
			}
		}
		break;
	case C_NOTE:
		if (argc != 2) {
			cmd_warnx("note needs KEY and TEXT");
			usage_of(name);
		}
		cmd_text("note: TEXT", argv[1]);
		break;
	case C_ADD:
		if (argc == 0 && isatty(STDIN_FILENO)) {
			cmd_warnx("add needs a KEY (an email or an id)");
			usage_of(name);
		}
		break;
	}

	if (cmd == C_NOTE)
		k.argc = 1; /* the second argument is the text */
	/*
	 * All keys are read before the write lock is taken: in "lead-import
	 * | handoff assign" the importer holds the lock until its commit
	 * and prints its keys after it, and a slow producer (or a person
	 * typing) must not hold every other writer up.  Keys are short: a
	 * million of them is some 30 MB.
	 */
	while ((ref = next_key(&k)) != NULL) {
		smk_buf_add(&keys, ref, strlen(ref) + 1);
		nkeys++;
	}
	free(k.line);
	if (keys.len == 0) {
		/* nothing to do: an empty pipe is not an error */
		smk_rr_free(rr);
		free(poolbuf);
		return SMK_EXIT_OK;
	}
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_WRITE, &err) < 0 ||
	    smk_handoff_begin(&h, db, name, NULL, actor, &err) < 0) {
		cmd_diag(&err);
		smk_db_close(db);
		smk_rr_free(rr);
		free(poolbuf);
		smk_buf_free(&keys);
		return SMK_EXIT_FAILURE;
	}
	cmd_progress(name, 0, "keys", 0, (uint64_t)nkeys);
	for (ref = keys.s; !fatal && ref < keys.s + keys.len;
	    ref += strlen(ref) + 1) {
		if (++done % SMK_PROGRESS_ROWS == 0)
			cmd_progress(name, done, "keys", (uint64_t)done,
			    (uint64_t)nkeys);
		smk_err_clear(&err);
		owner = NULL;
		switch (cmd) {
		case C_ADD:
			memset(&nl, 0, sizeof(nl));
			memcpy(nl.f, a->f, sizeof(nl.f));
			nl.ref = ref;
			nl.sales_sourced = a->sales_sourced;
			nl.at = a->at;
			r = smk_handoff_add(h, &nl, &key, &err);
			break;
		case C_ASSIGN:
			if (rr != NULL)
				r = smk_handoff_assign_rr(h, rr, pool, ref,
				    a->at, &key, &owner, &err);
			else
				r = smk_handoff_assign(h, ref, a->to, a->at,
				    &key, &err);
			break;
		case C_NOTE:
			r = smk_handoff_note(h, ref, argv[1], a->at, &key,
			    &err);
			break;
		default:
			r = smk_handoff_move(h, ref, &m, &key, &err);
			break;
		}
		switch (r) {
		case SMK_HO_DONE:
		case SMK_HO_ALREADY:
			if (smk_handoff_keep(h, &err) < 0) {
				cmd_diag(&err);
				fatal = 1;
			}
			break;
		case SMK_HO_REFUSED:
			cmd_diag(&err);
			status = SMK_EXIT_FINDINGS;
			break;
		default:
			cmd_diag(&err);
			fatal = 1;
			break;
		}
	}
	/*
	 * The keys go out after the commit, as lead-import's do: the next
	 * handoff in a pipe waits for this one's write lock, and keys
	 * printed before the commit could fill the pipe and stall both.
	 */
	if (smk_handoff_end(h, !fatal, cmd_print_key, NULL, &err) < 0) {
		cmd_diag(&err);
		fatal = 1;
	}
	if (fatal)
		status = SMK_EXIT_FAILURE;
	smk_db_close(db);
	smk_rr_free(rr);
	free(poolbuf);
	smk_buf_free(&keys);
	return status;
}

/* ----------------------------------------------------------- forget */

static void
forget_summary(const struct smk_forget_counts *n)
{
	fprintf(stderr, "%s: erased %ld %s: %ld %s, %ld %s, %ld %s, %ld %s, "
	    "%ld %s in other leads' records\n", cmd_prog,
	    n->leads, cmd_plural(n->leads, "lead", "leads"),
	    n->touches, cmd_plural(n->touches, "touch", "touches"),
	    n->stage_events, cmd_plural(n->stage_events, "stage event",
	    "stage events"),
	    n->owner_events, cmd_plural(n->owner_events, "owner event",
	    "owner events"),
	    n->notes, cmd_plural(n->notes, "note", "notes"),
	    n->mentions, cmd_plural(n->mentions, "mention", "mentions"));
}

/* Erases people, for data-protection requests: forget.c. */
static int
do_forget(struct args *a, int argc, char **argv)
{
	struct smk_db *db = NULL;
	struct smk_forget *f = NULL;
	struct smk_forget_counts n;
	struct smk_err err;
	struct keys k;
	struct smk_buf keys = {0};
	const char *ref, *path = smk_db_path(a->db);
	int status = SMK_EXIT_OK, fatal = 0;

	smk_err_clear(&err);
	memset(&k, 0, sizeof(k));
	k.argv = argv;
	k.argc = argc;
	k.from_stdin = argc == 0;
	/* every key read before the write lock, as do_writes does */
	while ((ref = next_key(&k)) != NULL)
		smk_buf_add(&keys, ref, strlen(ref) + 1);
	free(k.line);
	if (keys.len == 0)
		return SMK_EXIT_OK;
	if (smk_db_open(&db, path, SMK_DB_WRITE, &err) < 0 ||
	    smk_forget_begin(&f, db, cmd_actor(a->by), &err) < 0) {
		cmd_diag(&err);
		cmd_warnx("nothing erased");
		smk_db_close(db);
		smk_buf_free(&keys);
		return SMK_EXIT_FAILURE;
	}
	for (ref = keys.s; !fatal && ref < keys.s + keys.len;
	    ref += strlen(ref) + 1) {
		smk_err_clear(&err);
		switch (smk_forget_lead(f, ref, &err)) {
		case SMK_HO_DONE:
		case SMK_HO_ALREADY:
			break;
		case SMK_HO_REFUSED:
			cmd_diag(&err);
			status = SMK_EXIT_FINDINGS;
			break;
		default:
			cmd_diag(&err);
			fatal = 1;
			break;
		}
	}
	if (smk_forget_end(f, !fatal, cmd_print_key, NULL, &n, &err) < 0) {
		cmd_diag(&err);
		status = SMK_EXIT_FAILURE;
	}
	if (fatal)
		status = SMK_EXIT_FAILURE;
	if (!n.committed) {
		cmd_warnx("nothing erased");
	} else {
		if (!cmd_quiet)
			forget_summary(&n);
		if (n.wal_left) {
			cmd_warnx("%s-wal: another process is reading the "
			    "database: the file still holds erased data; "
			    "empty it later with sqlite3 %s 'PRAGMA "
			    "wal_checkpoint(TRUNCATE)'", path, path);
			status = smk_exit_worst(status, SMK_EXIT_FINDINGS);
		}
	}
	smk_db_close(db);
	smk_buf_free(&keys);
	return status;
}

/* --------------------------------------------------------- listings */

static int
do_list(int cmd, struct args *a, int argc, char **argv)
{
	struct smk_db *db = NULL;
	struct smk_err err;
	struct smk_list_opts o;
	struct cmd_out co;
	const char *why;
	long n;
	int status;

	smk_err_clear(&err);
	memset(&o, 0, sizeof(o));
	o.as_of = a->has_as_of ? a->as_of : smk_time_now();
	o.as_of_given = a->has_as_of;
	o.owner = a->owner;
	o.breached = a->breached;
	o.view = a->view;
	o.sla_hours = a->hours;
	o.business_hours = a->business_hours;
	o.weekdays = a->weekdays;
	if (cmd == C_HISTORY) {
		if (argc != 1) {
			cmd_warnx("history needs one KEY");
			usage_of(cmd_name(cmd));
		}
		o.ref = argv[0];
	} else if (argc != 0) {
		cmd_warnx("unexpected argument '%s'", argv[0]);
		usage_of(cmd_name(cmd));
	}
	if (cmd == C_SLA || cmd == C_FEEDBACK) {
		const char *p = a->period ? a->period :
		    cmd == C_SLA ? "last-7d" : "last-30d";

		if (smk_period_parse(p, o.as_of, &o.period, &why) < 0) {
			cmd_warnx("--period: '%s': %s", p, why);
			return SMK_EXIT_USAGE;
		}
		/* a period that ends "now" includes what happened at now */
		if (o.period.to == o.as_of)
			o.period.to++;
	}
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	cmd_out_init(&co, a->format, a->bom);
	switch (cmd) {
	case C_QUEUE: n = smk_list_queue(db, &o, &co.l, &err); break;
	case C_SLA: n = smk_list_sla(db, &o, &co.l, &err); break;
	case C_HISTORY: n = smk_list_history(db, &o, &co.l, &err); break;
	default: n = smk_list_feedback(db, &o, &co.l, &err); break;
	}
	if (cmd_out_close(&co) < 0)
		n = -1;
	if (n < 0) {
		if (err.msg[0] != '\0')
			cmd_diag(&err);
		status = err.status ? err.status : SMK_EXIT_FAILURE;
	} else {
		/* sla: breaches are findings, for cron */
		status = cmd == C_SLA && n > 0 ? SMK_EXIT_FINDINGS :
		    SMK_EXIT_OK;
	}
	smk_db_close(db);
	return status;
}

/* ----------------------------------------------------------- others */

static const char *const settings[] = {
	"sla_hours", "sla_business_hours", "sla_weekdays", NULL
};

static int
do_config(struct args *a, int argc, char **argv)
{
	struct smk_db *db = NULL;
	struct smk_err err;
	char *v;
	int i, known = 0;

	smk_err_clear(&err);
	if (argc > 2)
		usage_of("config");
	for (i = 0; argc > 0 && settings[i] != NULL; i++)
		if (strcmp(argv[0], settings[i]) == 0)
			known = 1;
	if (argc > 0 && !known) {
		cmd_warnx("config: unknown setting '%s' (settings: sla_hours, "
		    "sla_business_hours, sla_weekdays)", argv[0]);
		return SMK_EXIT_USAGE;
	}
	/* a bad value is a usage error: nothing done, no file created */
	if (argc == 2 && smk_config_check(argv[0], argv[1], &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_USAGE;
	}
	if (smk_db_open(&db, smk_db_path(a->db), argc == 2 ? SMK_DB_WRITE :
	    SMK_DB_READ, &err) < 0) {
		cmd_diag(&err);
		return SMK_EXIT_FAILURE;
	}
	if (argc == 2) {
		if (smk_db_begin(db, &err) < 0 ||
		    smk_db_setting_set(db, argv[0], argv[1], &err) < 0 ||
		    smk_db_commit(db, &err) < 0) {
			cmd_diag(&err);
			smk_db_close(db);
			return SMK_EXIT_FAILURE;
		}
	} else {
		for (i = 0; settings[i] != NULL; i++) {
			if (argc == 1 && strcmp(argv[0], settings[i]) != 0)
				continue;
			if (smk_db_setting_get(db, settings[i], &v, &err) < 0) {
				cmd_diag(&err);
				smk_db_close(db);
				return SMK_EXIT_FAILURE;
			}
			if (argc == 1)
				printf("%s\n", v ? v : "");
			else
				printf("%s\t%s\n", settings[i], v ? v : "");
			free(v);
		}
	}
	smk_db_close(db);
	return SMK_EXIT_OK;
}

static void
apply_diag(void *ctx, const struct smk_err *e)
{
	(void)ctx;
	cmd_diag(e);
}

static void
apply_summary(void *ctx, const char *file, const struct smk_apply_counts *n)
{
	const struct smk_apply_opts *o = ctx;
	char added[64] = "";

	if (o->add_missing)
		snprintf(added, sizeof(added), "%ld %s added, ", n->added,
		    cmd_plural(n->added, "lead", "leads"));
	cmd_info("%s: %ld %s, %s%ld moved, %ld already done, %ld rejected",
	    file, n->rows, cmd_plural(n->rows, "row", "rows"), added,
	    n->moved, n->already, n->rejected);
}

static int
do_apply(struct args *a, int argc, char **argv)
{
	struct smk_db *db = NULL;
	struct smk_apply_opts o;
	struct smk_err err;
	int status;

	smk_err_clear(&err);
	if (argc > 1)
		usage_of("apply");
	if (a->note != NULL && a->reason == NULL) {
		cmd_warnx("apply: --note goes with --reason");
		usage_of("apply");
	}
	if (a->reason != NULL && strcmp(a->reason, "other") == 0 &&
	    (a->note == NULL || *a->note == '\0')) {
		cmd_warnx("apply: --reason other needs --note");
		usage_of("apply");
	}
	memset(&o, 0, sizeof(o));
	memcpy(o.map, a->map, sizeof(o.map));
	o.stage_map = a->stage_map;
	o.nstage_map = a->nstage_map;
	o.stage = a->stage;
	o.reason = a->reason;
	o.note = a->note;
	o.add_missing = a->add_missing;
	o.actor = cmd_actor(NULL);
	o.dry_run = a->dry_run;
	o.diag = apply_diag;
	o.key = cmd_print_key;
	if (cmd_progress_on())
		o.progress = cmd_progress_rows;
	o.summary = apply_summary;
	o.ctx = &o;
	if (a->rejects != NULL) {
		if ((o.rejects = cmd_fopen_private(a->rejects)) == NULL) {
			cmd_warnx("%s: cannot create reject file: %s",
			    a->rejects, strerror(errno));
			return SMK_EXIT_FAILURE;
		}
	}
	/* a bulk writer: no foreign key checks (smk_db_begin in db.c) */
	if (smk_db_open(&db, smk_db_path(a->db), SMK_DB_BULK, &err) < 0) {
		cmd_diag(&err);
		status = SMK_EXIT_FAILURE;
	} else {
		status = smk_apply_run(db, argc == 1 ? argv[0] : "-", &o,
		    &err);
		if (status >= SMK_EXIT_USAGE) {
			cmd_diag(&err);
			/* keys that cannot be written come after the commit */
			if (!ferror(stdout))
				cmd_warnx("nothing applied");
		}
	}
	if (o.rejects != NULL && (ferror(o.rejects) | fclose(o.rejects))) {
		cmd_warnx("%s: error writing reject file", a->rejects);
		status = smk_exit_worst(status, SMK_EXIT_FAILURE);
	}
	smk_db_close(db);
	return status;
}

int
main(int argc, char *argv[])
{
	struct args a;
	const char *name;
	size_t i;
	int c, which = -1, status;

	cmd_init(argv);
	memset(&a, 0, sizeof(a));
	a.format = -1;
	a.stage = -1;
	/* options before the subcommand: -d, -h, --version */
	while ((c = getopt_long(argc, argv, "+d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': a.db = optarg; break;
		case 'h': usage(stdout, SMK_EXIT_OK);
		case OPT_VERSION: cmd_version();
		default: usage(stderr, SMK_EXIT_USAGE);
		}
	}
	if (optind >= argc) {
		cmd_warnx("a subcommand is needed");
		usage(stderr, SMK_EXIT_USAGE);
	}
	name = argv[optind];
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			which = (int)i;
	if (which < 0) {
		cmd_warnx("unknown subcommand '%s'", name);
		usage(stderr, SMK_EXIT_USAGE);
	}
	argc -= optind;
	argv += optind;
	/* 0, not 1: glibc then starts afresh, without main's "+" (stop at
	 * the first non-option), so options may follow the keys */
	optind = 0;
	parse_args(argc, argv, cmds[which].cmd, name, &a);
	argc -= optind;
	argv += optind;

	switch (cmds[which].cmd) {
	case C_QUEUE:
	case C_SLA:
	case C_HISTORY:
	case C_FEEDBACK:
		status = do_list(cmds[which].cmd, &a, argc, argv);
		break;
	case C_CONFIG:
		status = do_config(&a, argc, argv);
		break;
	case C_APPLY:
		status = do_apply(&a, argc, argv);
		break;
	case C_FORGET:
		status = do_forget(&a, argc, argv);
		break;
	default:
		status = do_writes(cmds[which].cmd, cmds[which].stage, name,
		    &a, argc, argv);
		break;
	}
	free(a.stage_map);
	return cmd_finish(status);
}
