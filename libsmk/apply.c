/* apply.c — handoff apply: bulk stage changes from a CRM export, and handoff settings. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smk_int.h"

static const char *const field_names[SMK_AF_COUNT] = {
	"key", "stage", "time", "owner", "amount", "reason", "note", "close",
	"won_time", "lost_time"
};

/*
 * Header spellings per field, compared folded (csvmap.c maps them, as it
 * does lead-import's).  Kept short: CRM exports of stage changes vary
 * more than lead exports, and --map covers the rest.  An email column is
 * the key before any id column (rank 1): a CRM's own ids mean nothing
 * here unless the leads were imported with --key.
 */
static const struct smk_spelling headers[] = {
	{ "key", SMK_AF_KEY, 0 }, { "email", SMK_AF_KEY, 0 },
	{ "emailaddress", SMK_AF_KEY, 0 }, { "personemail", SMK_AF_KEY, 0 },
	{ "leadid", SMK_AF_KEY, 1 },
	{ "contactid", SMK_AF_KEY, 1 }, { "prospectid", SMK_AF_KEY, 1 },
	{ "id", SMK_AF_KEY, 1 },
	/* deal exports: an opportunity is known by its own id */
	{ "opportunityid", SMK_AF_KEY, 1 }, { "dealid", SMK_AF_KEY, 1 },
	{ "recordid", SMK_AF_KEY, 1 },
	{ "stage", SMK_AF_STAGE, 0 }, { "leadstatus", SMK_AF_STAGE, 0 },
	{ "lifecyclestage", SMK_AF_STAGE, 0 }, { "status", SMK_AF_STAGE, 0 },
	{ "dealstage", SMK_AF_STAGE, 0 }, { "tostage", SMK_AF_STAGE, 0 },
	{ "dealstatus", SMK_AF_STAGE, 0 },
	{ "time", SMK_AF_TIME, 0 }, { "date", SMK_AF_TIME, 0 },
	{ "timestamp", SMK_AF_TIME, 0 }, { "changedat", SMK_AF_TIME, 0 },
	{ "changeddate", SMK_AF_TIME, 0 }, { "lastmodifieddate", SMK_AF_TIME, 0 },
	{ "statuschangedate", SMK_AF_TIME, 0 }, { "at", SMK_AF_TIME, 0 },
	{ "laststagechangedate", SMK_AF_TIME, 0 },
	{ "laststagechange", SMK_AF_TIME, 0 }, { "stagechangedate", SMK_AF_TIME, 0 },
	{ "stagechangetime", SMK_AF_TIME, 0 }, { "modifieddate", SMK_AF_TIME, 0 },
	{ "lastmodified", SMK_AF_TIME, 0 }, { "updatetime", SMK_AF_TIME, 0 },
	{ "dealupdatetime", SMK_AF_TIME, 0 },
	{ "deallaststagechange", SMK_AF_TIME, 0 },
	{ "updatedat", SMK_AF_TIME, 0 }, { "engagedate", SMK_AF_TIME, 0 },
	/* the time of won and lost only: for an open deal a close date is
	 * a forecast */
	{ "close", SMK_AF_CLOSE, 0 }, { "closedate", SMK_AF_CLOSE, 0 },
	{ "closeddate", SMK_AF_CLOSE, 0 }, { "closetime", SMK_AF_CLOSE, 0 },
	{ "closedon", SMK_AF_CLOSE, 0 }, { "dealclosedon", SMK_AF_CLOSE, 0 },
	{ "actualclosedate", SMK_AF_CLOSE, 0 },
	{ "wontime", SMK_AF_WON_TIME, 0 }, { "dealwontime", SMK_AF_WON_TIME, 0 },
	{ "wondate", SMK_AF_WON_TIME, 0 },
	{ "losttime", SMK_AF_LOST_TIME, 0 }, { "deallosttime", SMK_AF_LOST_TIME, 0 },
	{ "lostdate", SMK_AF_LOST_TIME, 0 },
	{ "owner", SMK_AF_OWNER, 0 }, { "leadowner", SMK_AF_OWNER, 0 },
	{ "contactowner", SMK_AF_OWNER, 0 }, { "dealowner", SMK_AF_OWNER, 0 },
	{ "recordowner", SMK_AF_OWNER, 0 }, { "rep", SMK_AF_OWNER, 0 },
	{ "opportunityowner", SMK_AF_OWNER, 0 }, { "salesagent", SMK_AF_OWNER, 0 },
	{ "salesrep", SMK_AF_OWNER, 0 },
	{ "amount", SMK_AF_AMOUNT, 0 }, { "dealamount", SMK_AF_AMOUNT, 0 },
	{ "opportunityamount", SMK_AF_AMOUNT, 0 }, { "value", SMK_AF_AMOUNT, 0 },
	{ "dealvalue", SMK_AF_AMOUNT, 0 }, { "closevalue", SMK_AF_AMOUNT, 0 },
	{ "reason", SMK_AF_REASON, 0 }, { "lostreason", SMK_AF_REASON, 0 },
	{ "closedlostreason", SMK_AF_REASON, 0 }, { "lossreason", SMK_AF_REASON, 0 },
	{ "deallostreason", SMK_AF_REASON, 0 },
	{ "rejectionreason", SMK_AF_REASON, 0 },
	{ "disqualificationreason", SMK_AF_REASON, 0 },
	{ "note", SMK_AF_NOTE, 0 }, { "notes", SMK_AF_NOTE, 0 },
	{ "comment", SMK_AF_NOTE, 0 }, { "comments", SMK_AF_NOTE, 0 },
	{ "description", SMK_AF_NOTE, 0 },
};

/*
 * Stage values as CRMs write them (folded the same way, so that a label
 * such as "Marketing Qualified Lead" and its internal name
 * "marketingqualifiedlead" are one entry).  A company's own values
 * (pipeline stages) are not guessed: --stage-map names them.
 */
static const struct {
	const char *spelling;
	int stage;
} stages[] = {
	{ "lead", SMK_ST_LEAD }, { "subscriber", SMK_ST_LEAD },
	{ "inquiry", SMK_ST_LEAD }, { "new", SMK_ST_LEAD },
	{ "mql", SMK_ST_MQL }, { "marketingqualifiedlead", SMK_ST_MQL },
	{ "marketingqualified", SMK_ST_MQL },
	{ "sal", SMK_ST_SAL }, { "salesacceptedlead", SMK_ST_SAL },
	{ "salesaccepted", SMK_ST_SAL }, { "accepted", SMK_ST_SAL },
	{ "working", SMK_ST_SAL }, { "workingcontacted", SMK_ST_SAL },
	{ "sql", SMK_ST_SQL }, { "salesqualifiedlead", SMK_ST_SQL },
	{ "salesqualified", SMK_ST_SQL }, { "opportunity", SMK_ST_SQL },
	{ "qualified", SMK_ST_SQL },
	/* Pipedrive's deal status: an open deal is an opportunity */
	{ "open", SMK_ST_SQL },
	/* Salesforce's default lead statuses */
	{ "opennotcontacted", SMK_ST_MQL }, { "closedconverted", SMK_ST_SQL },
	{ "closednotconverted", SMK_ST_DISQUALIFIED },
	{ "won", SMK_ST_WON }, { "closedwon", SMK_ST_WON },
	{ "customer", SMK_ST_WON }, { "evangelist", SMK_ST_WON },
	{ "lost", SMK_ST_LOST }, { "closedlost", SMK_ST_LOST },
	{ "recycled", SMK_ST_RECYCLED }, { "nurture", SMK_ST_RECYCLED },
	{ "disqualified", SMK_ST_DISQUALIFIED },
	{ "unqualified", SMK_ST_DISQUALIFIED },
};

int
smk_apply_field_lookup(const char *name)
{
	int f;

	for (f = 0; f < SMK_AF_COUNT; f++)
		if (strcasecmp(name, field_names[f]) == 0)
			return f;
	return -1;
}

static const struct smk_fieldset apply_fields = {
	SMK_AF_COUNT, field_names, headers,
	sizeof(headers) / sizeof(headers[0])
};

int
smk_apply_stage_lookup(const char *value)
{
	char buf[128];
	size_t i;

	if (smk_fold_header(value, buf, sizeof(buf)) < 0)
		return -1;
	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
		if (strcmp(buf, stages[i].spelling) == 0)
			return stages[i].stage;
	return -1;
}

/* A reason as a CRM writes it ("No Budget") to our code, or NULL. */
static const char *
reason_code(const char *value, char *buf, size_t size)
{
	size_t n = 0;
	const char *s;
	int i;

	for (s = value; *s != '\0' && n + 1 < size; s++)
		buf[n++] = *s == ' ' || *s == '_' ? '-' :
		    (char)tolower((unsigned char)*s);
	buf[n] = '\0';
	for (i = 0; smk_reason_codes[i] != NULL; i++)
		if (strcmp(buf, smk_reason_codes[i]) == 0)
			return smk_reason_codes[i];
	return NULL;
}

/* ------------------------------------------------------------- apply */

static const char sql_cache[] = "PRAGMA cache_size = -32768";

struct app {
	struct smk_db *db;
	const struct smk_apply_opts *o;
	struct smk_handoff *h;
	const char *name;
	struct smk_colmap map;         /* the header (csvmap.c) */
	struct smk_rej rej;            /* the reject file */
	size_t ncols;                  /* map's */
	char **header;                 /* map's */
	int col[SMK_AF_COUNT];         /* map's fieldcol */
	struct smk_apply_counts n;
	int status;
	int64_t now;         /* the time of rows without one */
	char **mapfold;      /* o->stage_map's values folded, or NULL */
	struct smk_buf v[SMK_AF_COUNT];
};

/* Rejects the row; with a field, the message quotes its value. */
static void
app_reject(struct app *ap, const struct smk_record *rec, int field,
    const char *msg)
{
	struct smk_err e;
	const char *h = field >= 0 && ap->col[field] >= 0 ?
	    ap->header[ap->col[field]] : NULL;

	if (h != NULL && field != SMK_AF_KEY && ap->v[field].len > 0)
		smk_err_set(&e, SMK_EXIT_FINDINGS, ap->name, rec->line, h,
		    "'%s': %s", ap->v[field].s, msg);
	else
		smk_err_set(&e, SMK_EXIT_FINDINGS, ap->name, rec->line, h,
		    "%s", msg);
	ap->n.rejected++;
	ap->status = smk_exit_worst(ap->status, SMK_EXIT_FINDINGS);
	ap->o->diag(ap->o->ctx, &e);
	smk_rej_write(&ap->rej, &ap->map, &e, rec, 1);
}

/* Whether a file may lack the column of field f (key, stage or time). */
static int
app_optional(const struct app *ap, int f)
{
	if (f == SMK_AF_STAGE)
		return ap->o->stage >= 0;
	/* a closed-deals export may have its close dates only */
	if (f == SMK_AF_TIME)
		return ap->col[SMK_AF_CLOSE] >= 0 ||
		    ap->col[SMK_AF_WON_TIME] >= 0 ||
		    ap->col[SMK_AF_LOST_TIME] >= 0;
	return 0;
}

static int
app_header(struct app *ap, const struct smk_record *rec, struct smk_err *err)
{
	int f;

	if (smk_colmap_build(&ap->map, &apply_fields, rec, ap->o->map,
	    ap->name, err) < 0)
		return -1;
	ap->ncols = ap->map.ncols;
	ap->header = ap->map.header;
	for (f = 0; f < SMK_AF_COUNT; f++)
		ap->col[f] = ap->map.fieldcol[f];
	for (f = 0; f <= SMK_AF_TIME; f++)
		if (ap->col[f] < 0 && !app_optional(ap, f))
			return smk_err_set(err, SMK_EXIT_USAGE, ap->name,
			    rec->line, NULL, "no %s column; name it with --map "
			    "%s=HEADER", field_names[f], field_names[f]);
	smk_rej_header(&ap->rej, &ap->map);
	return 0;
}

/* A stage value: the company's own (--stage-map), else a CRM's. */
static int
app_stage(const struct app *ap, const char *value)
{
	char buf[128];
	size_t i;

	if (ap->mapfold != NULL &&
	    smk_fold_header(value, buf, sizeof(buf)) == 0)
		for (i = ap->o->nstage_map; i-- > 0;)
			if (ap->mapfold[i] != NULL &&
			    strcmp(buf, ap->mapfold[i]) == 0)
				return ap->o->stage_map[i].stage;
	return smk_apply_stage_lookup(value);
}

/*
 * The field whose cell dates the row's move to stage, or -1 when it has
 * none: a deal's close date for won and lost (Pipedrive's won or lost
 * time first), else the time column.  The close date of an open deal is
 * a forecast, never a time.
 */
static int
app_time_field(const struct app *ap, int stage)
{
	if (stage == SMK_ST_WON && ap->v[SMK_AF_WON_TIME].len > 0)
		return SMK_AF_WON_TIME;
	if (stage == SMK_ST_LOST && ap->v[SMK_AF_LOST_TIME].len > 0)
		return SMK_AF_LOST_TIME;
	if ((stage == SMK_ST_WON || stage == SMK_ST_LOST) &&
	    ap->v[SMK_AF_CLOSE].len > 0)
		return SMK_AF_CLOSE;
	return ap->v[SMK_AF_TIME].len > 0 ? SMK_AF_TIME : -1;
}

/* One row: SMK_HO_FATAL, or 0 whatever happened to the row. */
static int
app_row(struct app *ap, const struct smk_record *rec, struct smk_err *err)
{
	struct smk_move m;
	struct smk_new_lead nl;
	struct smk_err e;
	const char *why, *key, *code;
	char rbuf[64];
	int64_t born, t;
	int f, r, c, changed, added = 0;

	if ((why = smk_colmap_ragged(&ap->map, rec)) != NULL) {
		app_reject(ap, rec, -1, why);
		return 0;
	}
	for (f = 0; f < SMK_AF_COUNT; f++) {
		c = smk_colmap_pick(&ap->map, rec, f, NULL);
		if (c < 0 || smk_norm_is_null(rec->fields[c], NULL))
			smk_buf_reset(&ap->v[f]), smk_buf_add(&ap->v[f], "", 0);
		else
			smk_norm_space(rec->fields[c], &ap->v[f]);
	}
	memset(&m, 0, sizeof(m));
	m.amount = -1;
	if (ap->v[SMK_AF_KEY].len == 0) {
		app_reject(ap, rec, SMK_AF_KEY, "empty key");
		return 0;
	}
	if (ap->v[SMK_AF_STAGE].len > 0) {
		if ((m.to = app_stage(ap, ap->v[SMK_AF_STAGE].s)) < 0) {
			app_reject(ap, rec, SMK_AF_STAGE, "unknown stage; map "
			    "it with --stage-map VALUE=STAGE");
			return 0;
		}
	} else if ((m.to = ap->o->stage) < 0) {
		app_reject(ap, rec, SMK_AF_STAGE, "no stage");
		return 0;
	}
	if ((f = app_time_field(ap, m.to)) < 0) {
		/* only a row that changes nothing goes without a time */
		m.no_time = 1;
		m.at = ap->now;
	} else if (smk_time_parse(ap->v[f].s, NULL, &m.at, &why) < 0) {
		app_reject(ap, rec, f, why);
		return 0;
	}
	/* a new lead (add_missing) dates from the earliest time the row
	 * gives: a won deal's time column may say when it was engaged */
	born = m.at;
	if (f != SMK_AF_TIME && ap->v[SMK_AF_TIME].len > 0) {
		if (smk_time_parse(ap->v[SMK_AF_TIME].s, NULL, &t, &why) < 0) {
			app_reject(ap, rec, SMK_AF_TIME, why);
			return 0;
		}
		if (t < born)
			born = t;
	}
	if (ap->v[SMK_AF_AMOUNT].len > 0 && smk_money_parse(
	    ap->v[SMK_AF_AMOUNT].s, 0, &m.amount, &why) < 0) {
		app_reject(ap, rec, SMK_AF_AMOUNT, why);
		return 0;
	}
	if (ap->v[SMK_AF_REASON].len > 0) {
		if ((code = reason_code(ap->v[SMK_AF_REASON].s, rbuf,
		    sizeof(rbuf))) == NULL) {
			app_reject(ap, rec, SMK_AF_REASON, "unknown reason "
			    "code");
			return 0;
		}
		m.reason = code;
	}
	if (ap->v[SMK_AF_NOTE].len > 0)
		m.note = ap->v[SMK_AF_NOTE].s;
	m.default_reason = ap->o->reason;
	m.default_note = ap->o->note;
	smk_err_clear(&e);
	if (ap->o->add_missing) {
		/* created by Sales: sales-sourced, no campaign, no touch */
		memset(&nl, 0, sizeof(nl));
		nl.sales_sourced = 1;
		nl.at = born;
		r = smk_handoff_move_add(ap->h, ap->v[SMK_AF_KEY].s, &m, &nl,
		    &added, &key, &e);
	} else {
		r = smk_handoff_move(ap->h, ap->v[SMK_AF_KEY].s, &m, &key,
		    &e);
	}
	if (r == SMK_HO_FATAL) {
		*err = e;
		return SMK_HO_FATAL;
	}
	if (r == SMK_HO_REFUSED) {
		app_reject(ap, rec, -1, e.msg);
		return 0;
	}
	changed = r == SMK_HO_DONE || added;
	if (added)
		ap->n.added++;
	if (r == SMK_HO_ALREADY)
		ap->n.already++;
	else
		ap->n.moved++;
	if (ap->v[SMK_AF_OWNER].len > 0) {
		r = smk_handoff_assign(ap->h, key, ap->v[SMK_AF_OWNER].s, m.at,
		    &key, &e);
		if (r == SMK_HO_FATAL) {
			*err = e;
			return SMK_HO_FATAL;
		}
		changed |= r == SMK_HO_DONE;
	}
	/* the leads this file changed, printed once each after the commit */
	if (changed && smk_handoff_keep(ap->h, err) < 0)
		return SMK_HO_FATAL;
	return 0;
}

int
smk_apply_run(struct smk_db *db, const char *path,
    const struct smk_apply_opts *o, struct smk_err *err)
{
	struct app ap;
	struct smk_csv *csv = NULL;
	struct smk_record *rec;
	struct smk_err e;
	char sha[65];
	size_t i;
	int r, fatal = 1, f;

	memset(&ap, 0, sizeof(ap));
	ap.db = db;
	ap.o = o;
	smk_rej_init(&ap.rej, o->rejects);
	ap.now = smk_time_now();
	if (smk_csv_open(&csv, path, &o->csv, err) < 0)
		return SMK_EXIT_FAILURE;
	ap.name = smk_csv_name(csv);
	if (o->progress != NULL)
		o->progress(o->ctx, ap.name, 0, 0, smk_csv_size(csv));
	if (o->nstage_map > 0) {
		char buf[128];

		ap.mapfold = smk_xcalloc(o->nstage_map, sizeof(*ap.mapfold));
		/* a value that folds to nothing would match blanks: none */
		for (i = 0; i < o->nstage_map; i++)
			if (smk_fold_header(o->stage_map[i].value, buf,
			    sizeof(buf)) == 0 && buf[0] != '\0')
				ap.mapfold[i] = smk_xstrdup(buf);
	}
	/* a bigger page cache for a big file (bounded: memory stays flat) */
	if (smk_db_exec(db, sql_cache, err, "") < 0)
		goto done;
	if (smk_handoff_begin(&ap.h, db, "apply", ap.name, o->actor, err) < 0)
		goto done;
	smk_handoff_external_keys(ap.h);
	smk_err_clear(&e);
	r = smk_csv_next(csv, &rec, &e);
	if (r == 0) {
		smk_err_set(err, SMK_EXIT_USAGE, ap.name, 0, NULL,
		    "empty file: no header row");
		goto done;
	}
	if (r < 0) {
		/* without a header no row can be read: a usage error */
		*err = e;
		err->status = SMK_EXIT_USAGE;
		goto done;
	}
	if (app_header(&ap, rec, err) < 0)
		goto done;
	for (;;) {
		smk_err_clear(&e);
		r = smk_csv_next(csv, &rec, &e);
		if (r == 0)
			break;
		if (r == -2) {
			*err = e;
			goto done;
		}
		if (r > 0 && smk_colmap_section(&ap.map, rec)) {
			/* a reject file's next section: other columns */
			if (app_header(&ap, rec, err) < 0)
				goto done;
			continue;
		}
		ap.n.rows++;
		if (o->progress != NULL && ap.n.rows % SMK_PROGRESS_ROWS == 0)
			o->progress(o->ctx, ap.name, ap.n.rows,
			    smk_csv_bytes(csv), smk_csv_size(csv));
		if (r < 0) {
			ap.n.rejected++;
			ap.status = smk_exit_worst(ap.status,
			    SMK_EXIT_FINDINGS);
			smk_colmap_name_field(&ap.map, &e);
			o->diag(o->ctx, &e);
			smk_rej_write(&ap.rej, &ap.map, &e, rec, 0);
			continue;
		}
		smk_colmap_unescape(&ap.map, rec);
		if (app_row(&ap, rec, err) < 0)
			goto done;
	}
	/* the whole file is read: its digest goes with the batch */
	smk_csv_sha256(csv, sha);
	smk_handoff_set_sha256(ap.h, sha);
	fatal = 0;
done:
	/* the summary first: the keys follow the commit, as lead-import's */
	if (!fatal && o->summary != NULL)
		o->summary(o->ctx, ap.name, &ap.n);
	if (ap.h != NULL && smk_handoff_end(ap.h, !fatal && !o->dry_run,
	    o->key, o->ctx, err) < 0)
		fatal = 1;
	smk_colmap_free(&ap.map);
	smk_rej_free(&ap.rej);
	for (f = 0; f < SMK_AF_COUNT; f++)
		smk_buf_free(&ap.v[f]);
	for (i = 0; ap.mapfold != NULL && i < o->nstage_map; i++)
		free(ap.mapfold[i]);
	free(ap.mapfold);
	smk_csv_close(csv);
	if (fatal)
		return err->status ? err->status : SMK_EXIT_FAILURE;
	return ap.status;
}
