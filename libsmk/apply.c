/* apply.c — handoff apply: bulk stage changes from a CRM export, and handoff settings. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smk_int.h"

static const char *const field_names[SMK_AF_COUNT] = {
	"key", "stage", "time", "owner", "amount", "reason", "note"
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
	{ "leadid", SMK_AF_KEY, 1 }, { "contactid", SMK_AF_KEY, 1 },
	{ "prospectid", SMK_AF_KEY, 1 }, { "id", SMK_AF_KEY, 1 },
	{ "stage", SMK_AF_STAGE, 0 }, { "leadstatus", SMK_AF_STAGE, 0 },
	{ "lifecyclestage", SMK_AF_STAGE, 0 }, { "status", SMK_AF_STAGE, 0 },
	{ "dealstage", SMK_AF_STAGE, 0 }, { "tostage", SMK_AF_STAGE, 0 },
	{ "time", SMK_AF_TIME, 0 }, { "date", SMK_AF_TIME, 0 },
	{ "timestamp", SMK_AF_TIME, 0 }, { "changedat", SMK_AF_TIME, 0 },
	{ "changeddate", SMK_AF_TIME, 0 }, { "lastmodifieddate", SMK_AF_TIME, 0 },
	{ "statuschangedate", SMK_AF_TIME, 0 }, { "at", SMK_AF_TIME, 0 },
	{ "owner", SMK_AF_OWNER, 0 }, { "leadowner", SMK_AF_OWNER, 0 },
	{ "contactowner", SMK_AF_OWNER, 0 }, { "dealowner", SMK_AF_OWNER, 0 },
	{ "recordowner", SMK_AF_OWNER, 0 }, { "rep", SMK_AF_OWNER, 0 },
	{ "amount", SMK_AF_AMOUNT, 0 }, { "dealamount", SMK_AF_AMOUNT, 0 },
	{ "opportunityamount", SMK_AF_AMOUNT, 0 }, { "value", SMK_AF_AMOUNT, 0 },
	{ "reason", SMK_AF_REASON, 0 }, { "lostreason", SMK_AF_REASON, 0 },
	{ "closedlostreason", SMK_AF_REASON, 0 },
	{ "rejectionreason", SMK_AF_REASON, 0 },
	{ "disqualificationreason", SMK_AF_REASON, 0 },
	{ "note", SMK_AF_NOTE, 0 }, { "notes", SMK_AF_NOTE, 0 },
	{ "comment", SMK_AF_NOTE, 0 }, { "comments", SMK_AF_NOTE, 0 },
	{ "description", SMK_AF_NOTE, 0 },
};

/* Stage values as CRMs write them (folded the same way). */
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
	/* Salesforce's default lead statuses */
	{ "opennotcontacted", SMK_ST_MQL }, { "closedconverted", SMK_ST_SQL },
	{ "closednotconverted", SMK_ST_DISQUALIFIED },
	{ "won", SMK_ST_WON }, { "closedwon", SMK_ST_WON },
	{ "customer", SMK_ST_WON },
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

	if (h != NULL && field != SMK_AF_KEY)
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
		if (ap->col[f] < 0)
			return smk_err_set(err, SMK_EXIT_USAGE, ap->name,
			    rec->line, NULL, "no %s column; name it with --map "
			    "%s=HEADER", field_names[f], field_names[f]);
	smk_rej_header(&ap->rej, &ap->map);
	return 0;
}

/* One row: SMK_HO_FATAL, or 0 whatever happened to the row. */
static int
app_row(struct app *ap, const struct smk_record *rec, struct smk_err *err)
{
	struct smk_move m;
	struct smk_err e;
	const char *why, *key, *code;
	char rbuf[64];
	int f, r, c, changed;

	if (rec->nfields < ap->ncols) {
		app_reject(ap, rec, -1, "ragged row: fewer fields than the "
		    "header");
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
	if ((m.to = smk_apply_stage_lookup(ap->v[SMK_AF_STAGE].s)) < 0) {
		app_reject(ap, rec, SMK_AF_STAGE, "unknown stage");
		return 0;
	}
	if (ap->v[SMK_AF_TIME].len == 0) {
		app_reject(ap, rec, SMK_AF_TIME, "no time");
		return 0;
	}
	if (smk_time_parse(ap->v[SMK_AF_TIME].s, NULL, &m.at, &why) < 0) {
		app_reject(ap, rec, SMK_AF_TIME, why);
		return 0;
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
	smk_err_clear(&e);
	r = smk_handoff_move(ap->h, ap->v[SMK_AF_KEY].s, &m, &key, &e);
	if (r == SMK_HO_FATAL) {
		*err = e;
		return SMK_HO_FATAL;
	}
	if (r == SMK_HO_REFUSED) {
		app_reject(ap, rec, -1, e.msg);
		return 0;
	}
	changed = r == SMK_HO_DONE;
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
	int r, fatal = 1, f;

	memset(&ap, 0, sizeof(ap));
	ap.db = db;
	ap.o = o;
	smk_rej_init(&ap.rej, o->rejects);
	if (smk_csv_open(&csv, path, &o->csv, err) < 0)
		return SMK_EXIT_FAILURE;
	ap.name = smk_csv_name(csv);
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
		if (r < 0) {
			ap.n.rejected++;
			ap.status = smk_exit_worst(ap.status,
			    SMK_EXIT_FINDINGS);
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
	smk_csv_close(csv);
	if (fatal)
		return err->status ? err->status : SMK_EXIT_FAILURE;
	return ap.status;
}
