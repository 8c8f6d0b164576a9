/* campaign.c — campaign-report's writes: campaign metadata (set) and daily spend from ad-platform and finance exports. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smk_int.h"

/*
 * Spend is one number per campaign and local day, and, for rows that name
 * a channel and no campaign, per channel and local day:
 * - rows of one file for the same campaign (or channel) and day are added
 *   up (exports by ad group, ad or device repeat a campaign-day);
 * - a later load of the same campaign (or channel) and day replaces it,
 *   so loading a file again, or a corrected export of the same days,
 *   never doubles the spend.
 * A row without a campaign but with a channel is that channel's spend
 * (campaign ''), reported under the channel; a campaign's own rows are
 * keyed without their channel (channel ''): the campaign's channel is
 * the one set, else its touches'.  Reports add spend up per campaign and
 * period before it meets any lead (metrics.c), so no cost is ever
 * multiplied by a row count.
 */
static const char sql_spend_put[] =
    "INSERT INTO spend (campaign, day, channel, amount, batch_id) "
    "VALUES (coalesce(?1, ''), ?2, coalesce(?3, ''), ?4, ?5) "
    "ON CONFLICT (campaign, day, channel) "
    "DO UPDATE SET amount = CASE WHEN spend.batch_id = excluded.batch_id "
    "THEN spend.amount + excluded.amount ELSE excluded.amount END, "
    "batch_id = excluded.batch_id";
static const char sql_set[] =
    "INSERT INTO campaigns (key, name, channel, owner, kind, budget, "
    "starts_on, ends_on, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9) ON CONFLICT (key) DO UPDATE SET "
    "name = coalesce(excluded.name, campaigns.name), "
    "channel = coalesce(excluded.channel, campaigns.channel), "
    "owner = coalesce(excluded.owner, campaigns.owner), "
    "kind = coalesce(excluded.kind, campaigns.kind), "
    "budget = coalesce(excluded.budget, campaigns.budget), "
    "starts_on = coalesce(excluded.starts_on, campaigns.starts_on), "
    "ends_on = coalesce(excluded.ends_on, campaigns.ends_on), "
    "updated_at = excluded.updated_at";
/* Every campaign the database knows: set, touched or spent on. */
static const char sql_list[] =
    "WITH k (key) AS (SELECT key FROM campaigns UNION "
    "SELECT DISTINCT campaign FROM touches WHERE campaign IS NOT NULL "
    "UNION SELECT DISTINCT campaign FROM spend WHERE campaign <> '') "
    "SELECT k.key, c.name, c.channel, c.owner, c.kind, c.budget, "
    "c.starts_on, c.ends_on, (SELECT count(*) FROM touches t "
    "WHERE t.campaign = k.key), (SELECT sum(s.amount) FROM spend s "
    "WHERE s.campaign = k.key) FROM k LEFT JOIN campaigns c "
    "ON c.key = k.key ORDER BY k.key";

/* ---------------------------------------------------------- currency */

/*
 * The database's currency: the setting "currency", an ISO 4217 code.
 * The first money loaded that names its currency sets it; a row in
 * another currency is refused.
 */
int
smk_currency_get(struct smk_db *db, char code[4], struct smk_err *err)
{
	char *v = NULL;

	code[0] = '\0';
	if (smk_db_setting_get(db, "currency", &v, err) < 0)
		return -1;
	if (v != NULL)
		snprintf(code, 4, "%s", v);
	free(v);
	return 0;
}

static int
iso_code(const char *s)
{
	return strlen(s) == 3 && isupper((unsigned char)s[0]) &&
	    isupper((unsigned char)s[1]) && isupper((unsigned char)s[2]);
}

/* ------------------------------------------------------------- set */

static int
day_of(const char *s, char out[11], const char **why)
{
	int64_t t;
	char buf[32];

	if (smk_time_parse(s, NULL, &t, why) < 0)
		return -1;
	smk_time_format_local(t, buf);
	snprintf(out, 11, "%.10s", buf);
	return 0;
}

int
smk_campaign_set(struct smk_db *db, const struct smk_campaign_meta *m,
    struct smk_err *err)
{
	char start[11], end[11];
	const char *why;

	if (m->key == NULL || *m->key == '\0')
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "key",
		    "empty campaign key");
	if (m->kind != NULL && strcmp(m->kind, "promo") != 0 &&
	    strcmp(m->kind, "brand") != 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "kind",
		    "'%s': expected promo or brand", m->kind);
	if (m->start != NULL && day_of(m->start, start, &why) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "start",
		    "'%s': %s", m->start, why);
	if (m->end != NULL && day_of(m->end, end, &why) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "end",
		    "'%s': %s", m->end, why);
	if (m->start != NULL && m->end != NULL && strcmp(end, start) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "end",
		    "ends %s, before it starts (%s)", end, start);
	return smk_db_exec(db, sql_set, err, "tttttptti", m->key, m->name,
	    m->channel, m->owner, m->kind, m->has_budget ? &m->budget : NULL,
	    m->start ? start : NULL, m->end ? end : NULL,
	    smk_time_now()) < 0 ? -1 : 0;
}

struct list_ctx {
	const struct smk_listing *out;
	char cur[4];
	long n;
};

static int
list_row(void *ctx, const struct smk_row *row)
{
	struct list_ctx *lc = ctx;
	char budget[32], spend[32], touches[32];
	const char *cells[10];
	int i;

	for (i = 0; i < 8; i++)
		cells[i] = smk_row_text(row, i);
	if (!smk_row_isnull(row, 5)) {
		smk_money_format(smk_row_int(row, 5), budget);
		cells[5] = budget;
	}
	snprintf(touches, sizeof(touches), "%lld",
	    (long long)smk_row_int(row, 8));
	cells[8] = touches;
	smk_money_format(smk_row_int(row, 9), spend);
	cells[9] = spend;
	lc->out->row(lc->out->ctx, cells);
	lc->n++;
	return 0;
}

long
smk_list_campaigns(struct smk_db *db, const struct smk_listing *out,
    struct smk_err *err)
{
	static const char *const names[] = { "campaign", "name", "channel",
	    "owner", "kind", "budget", "start", "end", "touches", "spend" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT,
	    SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_NUM,
	    SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_NUM, SMK_COL_NUM };
	struct list_ctx lc;

	memset(&lc, 0, sizeof(lc));
	lc.out = out;
	out->begin(out->ctx, 10, names, types);
	if (smk_db_select(db, sql_list, list_row, &lc, err, "") < 0)
		return -1;
	return lc.n;
}

/* ------------------------------------------------------------ spend */

static const char *const sp_names[SMK_SF_COUNT] = {
	"date", "campaign", "amount", "currency", "channel"
};

/*
 * Header spellings of spend exports (compared folded, csvmap.c):
 * Google Ads ("Day", "Campaign", "Cost", "Currency code"), Meta Ads
 * ("Reporting starts", "Campaign name", "Amount spent (USD)": the
 * currency in brackets is stripped and names the column's currency),
 * LinkedIn Campaign Manager ("Start Date (in UTC)", "Campaign Name",
 * "Total Spent", "Currency"), and plain date,campaign,amount.
 */
static const struct smk_spelling sp_spellings[] = {
	{ "date", SMK_SF_DATE, 0 }, { "day", SMK_SF_DATE, 0 },
	{ "reportingstarts", SMK_SF_DATE, 0 },
	{ "startdate(inutc)", SMK_SF_DATE, 0 }, { "startdate", SMK_SF_DATE, 0 },
	{ "date(utc)", SMK_SF_DATE, 0 },
	{ "campaign", SMK_SF_CAMPAIGN, 0 }, { "campaignname", SMK_SF_CAMPAIGN, 0 },
	{ "utmcampaign", SMK_SF_CAMPAIGN, 0 },
	{ "amount", SMK_SF_AMOUNT, 0 }, { "cost", SMK_SF_AMOUNT, 0 },
	{ "spend", SMK_SF_AMOUNT, 0 }, { "amountspent", SMK_SF_AMOUNT, 0 },
	{ "totalspent", SMK_SF_AMOUNT, 0 }, { "spent", SMK_SF_AMOUNT, 0 },
	{ "currency", SMK_SF_CURRENCY, 0 },
	{ "currencycode", SMK_SF_CURRENCY, 0 },
	{ "accountcurrency", SMK_SF_CURRENCY, 0 },
	{ "channel", SMK_SF_CHANNEL, 0 }, { "marketingchannel", SMK_SF_CHANNEL, 0 },
	{ "utmmedium", SMK_SF_CHANNEL, 0 }, { "medium", SMK_SF_CHANNEL, 0 },
};

static const struct smk_fieldset sp_fields = {
	SMK_SF_COUNT, sp_names, sp_spellings,
	sizeof(sp_spellings) / sizeof(sp_spellings[0])
};

int
smk_spend_field_lookup(const char *name)
{
	int f;

	for (f = 0; f < SMK_SF_COUNT; f++)
		if (strcasecmp(name, sp_names[f]) == 0)
			return f;
	return -1;
}

struct sp {
	struct smk_db *db;
	const struct smk_spend_opts *o;
	const char *name;
	struct smk_colmap map;
	struct smk_rej rej;
	char dbcur[4];          /* the database's currency, "" unset */
	char hdrcur[4];         /* the amount column's, from its header */
	int64_t batch;
	struct smk_spend_counts n;
	int status;
	struct smk_buf v[SMK_SF_COUNT];
};

static void
sp_reject(struct sp *sp, const struct smk_record *rec, int field,
    const char *fmt, const char *arg)
{
	struct smk_err e;
	int c = field >= 0 ? sp->map.fieldcol[field] : -1;

	smk_err_set(&e, SMK_EXIT_FINDINGS, sp->name, rec->line,
	    c >= 0 ? sp->map.header[c] : NULL, fmt, arg);
	sp->n.rejected++;
	sp->status = smk_exit_worst(sp->status, SMK_EXIT_FINDINGS);
	sp->o->diag(sp->o->ctx, &e);
	smk_rej_write(&sp->rej, &sp->map, &e, rec, 1);
}

/*
 * The header: the first record with more than one cell (Google Ads puts
 * a report title and a date range above it).  A header "Amount spent
 * (EUR)" is read as "Amount spent" in EUR.
 */
static int
sp_header(struct sp *sp, struct smk_record *rec, struct smk_err *err)
{
	size_t i, len;
	char *h;

	for (i = 0; i < rec->nfields; i++) {
		h = rec->fields[i];
		len = strlen(h);
		while (len > 0 && h[len - 1] == ' ')
			len--;
		if (len >= 6 && h[len - 1] == ')' && h[len - 5] == '(') {
			char code[4];

			memcpy(code, h + len - 4, 3);
			code[3] = '\0';
			if (!iso_code(code))
				continue;
			h[len - 5] = '\0';
			if (smk_fieldset_lookup(&sp_fields, h) == SMK_SF_AMOUNT)
				memcpy(sp->hdrcur, code, 4);
			else
				h[len - 5] = '(';
			rec->lens[i] = strlen(h);
		}
	}
	if (smk_colmap_build(&sp->map, &sp_fields, rec, sp->o->map, sp->name,
	    err) < 0)
		return -1;
	if (sp->map.fieldcol[SMK_SF_AMOUNT] < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, sp->name, rec->line,
		    NULL, "no amount column; name it with --map amount=HEADER");
	if (sp->map.fieldcol[SMK_SF_DATE] < 0 && sp->o->date == NULL)
		return smk_err_set(err, SMK_EXIT_USAGE, sp->name, rec->line,
		    NULL, "no date column; name it with --map date=HEADER, or "
		    "give the day of a file of totals with --date DAY");
	if (sp->map.fieldcol[SMK_SF_CAMPAIGN] < 0 &&
	    sp->map.fieldcol[SMK_SF_CHANNEL] < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, sp->name, rec->line,
		    NULL, "no campaign or channel column; name one with --map "
		    "campaign=HEADER");
	smk_rej_header(&sp->rej, &sp->map);
	return 0;
}

/* Whether a cell starts a totals row ("Total: Account", "Total"). */
static int
is_total(const char *s)
{
	return strncasecmp(s, "total", 5) == 0 &&
	    (s[5] == '\0' || s[5] == ':' || s[5] == ' ');
}

/*
 * The ISO code of a row's money into cur ("" when nothing says which):
 * named (what its currency column or amount names: a code, a shared
 * symbol such as "$", or NULL), else the amount header's currency, else
 * --currency.  A shared symbol ("$" alone) is the header's or
 * --currency's when it fits them, else the database's, whatever that is.
 * -1 when the currency is not the database's.
 */
static int
resolve_currency(const struct sp *sp, const char *named, char cur[4])
{
	const char *opt = sp->o->currency;

	cur[0] = '\0';
	if (named != NULL && smk_money_currency_fits(named, named)) {
		snprintf(cur, 4, "%s", named);        /* an ISO code */
	} else if (named != NULL) {
		/* "$", "¥", "kr": which of the currencies it stands for */
		if (sp->hdrcur[0] != '\0' &&
		    smk_money_currency_fits(named, sp->hdrcur))
			memcpy(cur, sp->hdrcur, 4);
		else if (opt != NULL && smk_money_currency_fits(named, opt))
			snprintf(cur, 4, "%s", opt);
		else if (sp->dbcur[0] != '\0')
			memcpy(cur, sp->dbcur, 4);    /* follows the database's */
		/* else: the database's, still unknown */
	} else if (sp->hdrcur[0] != '\0') {
		memcpy(cur, sp->hdrcur, 4);
	} else if (opt != NULL) {
		snprintf(cur, 4, "%s", opt);
	}
	if (cur[0] != '\0' && sp->dbcur[0] != '\0' &&
	    strcmp(cur, sp->dbcur) != 0)
		return -1;
	return 0;
}

/* One row: -1 fatal, else 0 whatever happened to it. */
static int
sp_row(struct sp *sp, const struct smk_record *rec, struct smk_err *err)
{
	char day[11], cur[4];
	const char *why, *campaign, *channel, *named;
	int64_t cents;
	size_t i;
	int f, c;

	if (rec->nfields < sp->map.ncols) {
		sp_reject(sp, rec, -1, "%s", "ragged row: fewer fields than the "
		    "header");
		return 0;
	}
	for (i = sp->map.ncols; i < rec->nfields; i++)
		if (rec->lens[i] > 0) {
			sp_reject(sp, rec, -1, "%s", "ragged row: more fields "
			    "than the header (an unquoted decimal comma?)");
			return 0;
		}
	for (f = 0; f < SMK_SF_COUNT; f++) {
		c = smk_colmap_pick(&sp->map, rec, f, NULL);
		if (c < 0 || smk_norm_is_null(rec->fields[c], NULL))
			smk_buf_reset(&sp->v[f]), smk_buf_add(&sp->v[f], "", 0);
		else
			smk_norm_space(rec->fields[c], &sp->v[f]);
	}
	campaign = sp->v[SMK_SF_CAMPAIGN].s;
	channel = sp->v[SMK_SF_CHANNEL].s;
	if (is_total(sp->v[SMK_SF_DATE].s) || is_total(campaign)) {
		sp->n.skipped++;     /* an export's totals, not spend */
		return 0;
	}
	if (*campaign == '\0' && *channel == '\0') {
		sp_reject(sp, rec, SMK_SF_CAMPAIGN, "%s", "no campaign and no "
		    "channel: whose spend is it?");
		return 0;
	}
	if (sp->v[SMK_SF_DATE].len > 0) {
		if (day_of(sp->v[SMK_SF_DATE].s, day, &why) < 0) {
			sp_reject(sp, rec, SMK_SF_DATE, "%s", why);
			return 0;
		}
	} else if (sp->o->date != NULL) {
		if (day_of(sp->o->date, day, &why) < 0)
			return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, NULL,
			    "--date '%s': %s", sp->o->date, why);
	} else {
		sp_reject(sp, rec, SMK_SF_DATE, "%s", "no date");
		return 0;
	}
	if (sp->v[SMK_SF_AMOUNT].len == 0) {
		sp_reject(sp, rec, SMK_SF_AMOUNT, "%s", "no amount");
		return 0;
	}
	if (smk_money_parse_currency(sp->v[SMK_SF_AMOUNT].s,
	    sp->o->decimal_comma ? SMK_MONEY_DECIMAL_COMMA : 0, &cents,
	    &named, &why) < 0) {
		char msg[160];

		snprintf(msg, sizeof(msg), "'%.80s': %s%s",
		    sp->v[SMK_SF_AMOUNT].s, why, !sp->o->decimal_comma &&
		    strchr(sp->v[SMK_SF_AMOUNT].s, ',') != NULL ?
		    " (a decimal comma? use --decimal-comma)" : "");
		sp_reject(sp, rec, SMK_SF_AMOUNT, "%s", msg);
		return 0;
	}
	/* the row's currency: its column, else what its amount names */
	if (sp->v[SMK_SF_CURRENCY].len > 0) {
		const char *col = smk_money_currency(sp->v[SMK_SF_CURRENCY].s);

		if (col == NULL) {
			sp_reject(sp, rec, SMK_SF_CURRENCY, "'%s': not a "
			    "currency", sp->v[SMK_SF_CURRENCY].s);
			return 0;
		}
		if (named != NULL && strcmp(named, col) != 0 &&
		    !smk_money_currency_fits(named, col)) {
			sp_reject(sp, rec, SMK_SF_AMOUNT, "%s", "the amount "
			    "names another currency than the currency column");
			return 0;
		}
		named = col;
	}
	if (resolve_currency(sp, named, cur) < 0) {
		char msg[96];

		snprintf(msg, sizeof(msg), "an amount in %s; this database "
		    "holds %s", cur[0] != '\0' ? cur : named, sp->dbcur);
		sp_reject(sp, rec, SMK_SF_AMOUNT, "%s", msg);
		return 0;
	}
	if (cur[0] != '\0' && sp->dbcur[0] == '\0') {
		/* the first money that names its currency sets the
		 * database's */
		if (smk_db_setting_set(sp->db, "currency", cur, err) < 0)
			return -1;
		memcpy(sp->dbcur, cur, 4);
	}
	/* a campaign's spend is keyed by campaign and day alone, so that
	 * two exports of it, one with a channel column and one without,
	 * replace each other instead of adding up */
	if (smk_db_exec(sp->db, sql_spend_put, err, "tttii", campaign, day,
	    *campaign != '\0' ? NULL : channel, cents, sp->batch) < 0)
		return -1;
	sp->n.loaded++;
	sp->n.amount += cents;
	return 0;
}

static int
sp_file(struct sp *sp, const char *path, struct smk_err *err)
{
	struct smk_csv *csv = NULL;
	struct smk_record *rec;
	struct smk_import_counts bc;
	struct smk_err e;
	char sha[65];
	int r, rc = -1, mapped = 0;

	memset(&sp->n, 0, sizeof(sp->n));
	sp->hdrcur[0] = '\0';
	if (smk_csv_open(&csv, path, &sp->o->csv, err) < 0)
		return -1;
	sp->name = smk_csv_name(csv);
	if (sp->o->progress != NULL)
		sp->o->progress(sp->o->ctx, sp->name, 0, 0, smk_csv_size(csv));
	if (smk_db_batch_start(sp->db, "campaign-report", "spend", sp->name,
	    sp->o->actor, &sp->batch, err) < 0)
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
		if (!mapped) {
			if (r < 0) {
				*err = e;
				err->status = SMK_EXIT_USAGE;
				goto done;
			}
			if (rec->nfields < 2)
				continue;   /* a title line above the header */
			if (sp_header(sp, rec, err) < 0)
				goto done;
			mapped = 1;
			continue;
		}
		if (r > 0 && smk_colmap_section(&sp->map, rec)) {
			if (sp_header(sp, rec, err) < 0)
				goto done;
			continue;
		}
		sp->n.rows++;
		if (sp->o->progress != NULL &&
		    sp->n.rows % SMK_PROGRESS_ROWS == 0)
			sp->o->progress(sp->o->ctx, sp->name, sp->n.rows,
			    smk_csv_bytes(csv), smk_csv_size(csv));
		if (r < 0) {
			sp->n.rejected++;
			sp->status = smk_exit_worst(sp->status,
			    SMK_EXIT_FINDINGS);
			smk_colmap_name_field(&sp->map, &e);
			sp->o->diag(sp->o->ctx, &e);
			smk_rej_write(&sp->rej, &sp->map, &e, rec, 0);
			continue;
		}
		smk_colmap_unescape(&sp->map, rec);
		if (sp_row(sp, rec, err) < 0)
			goto done;
	}
	if (!mapped) {
		smk_err_set(&e, SMK_EXIT_FINDINGS, sp->name, 0, NULL,
		    "empty file: no header row");
		sp->o->diag(sp->o->ctx, &e);
		sp->status = smk_exit_worst(sp->status, SMK_EXIT_FINDINGS);
	}
	smk_csv_sha256(csv, sha);
	memset(&bc, 0, sizeof(bc));
	bc.rows = sp->n.rows;
	bc.rejected = sp->n.rejected;
	if (smk_db_batch_finish(sp->db, sp->batch, sha, &bc, err) < 0)
		goto done;
	rc = 0;
done:
	smk_colmap_free(&sp->map);
	smk_csv_close(csv);
	return rc;
}

int
smk_spend_run(struct smk_db *db, const char *const *files,
    const struct smk_spend_opts *o, struct smk_err *err)
{
	struct smk_spend_counts *sums;
	struct sp sp;
	size_t nfiles = 0, i;
	int fatal = 0, f;
	char **names, day[11];
	const char *why;

	if (o->currency != NULL && !iso_code(o->currency))
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, NULL,
		    "--currency '%s': expected an ISO 4217 code such as USD, "
		    "EUR, BRL", o->currency), SMK_EXIT_USAGE;
	/* checked before any file, not only when a file lacks a date
	 * column: a bad option is a usage error wherever it would count */
	if (o->date != NULL && day_of(o->date, day, &why) < 0)
		return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, NULL,
		    "--date '%s': %s", o->date, why), SMK_EXIT_USAGE;
	memset(&sp, 0, sizeof(sp));
	sp.db = db;
	sp.o = o;
	smk_rej_init(&sp.rej, o->rejects);
	while (files[nfiles] != NULL)
		nfiles++;
	sums = smk_xcalloc(nfiles + 1, sizeof(*sums));
	names = smk_xcalloc(nfiles + 1, sizeof(*names));
	if (smk_db_begin(db, err) < 0)
		fatal = 2;
	if (!fatal && smk_currency_get(db, sp.dbcur, err) < 0)
		fatal = 1;
	for (i = 0; !fatal && i < nfiles; i++) {
		if (sp_file(&sp, files[i], err) < 0) {
			fatal = 1;
			break;
		}
		names[i] = smk_xstrdup(strcmp(files[i], "-") == 0 ?
		    "<stdin>" : files[i]);
		sums[i] = sp.n;
	}
	if (fatal == 1 || (fatal == 0 && o->dry_run))
		smk_db_rollback(db);
	else if (fatal == 0 && smk_db_commit(db, err) < 0)
		fatal = 1;
	for (i = 0; !fatal && i < nfiles && o->summary != NULL; i++)
		o->summary(o->ctx, names[i], &sums[i]);
	for (i = 0; i < nfiles; i++)
		free(names[i]);
	free(names);
	free(sums);
	for (f = 0; f < SMK_SF_COUNT; f++)
		smk_buf_free(&sp.v[f]);
	smk_rej_free(&sp.rej);
	if (fatal)
		return err->status ? err->status : SMK_EXIT_FAILURE;
	return sp.status;
}

/* ------------------------------------------------------------ meta */

static const char sql_meta[] =
    "SELECT key, name, channel, owner, kind, budget, starts_on, ends_on "
    "FROM campaigns ORDER BY key";

struct meta_ctx {
	int (*cb)(void *ctx, const struct smk_campaign_row *c);
	void *ctx;
};

static int
meta_row(void *ctx, const struct smk_row *row)
{
	struct meta_ctx *mc = ctx;
	struct smk_campaign_row c;

	c.key = smk_row_text(row, 0);
	c.name = smk_row_text(row, 1);
	c.channel = smk_row_text(row, 2);
	c.owner = smk_row_text(row, 3);
	c.kind = smk_row_text(row, 4);
	c.has_budget = !smk_row_isnull(row, 5);
	c.budget = smk_row_int(row, 5);
	c.start = smk_row_text(row, 6);
	c.end = smk_row_text(row, 7);
	return mc->cb(mc->ctx, &c);
}

int
smk_campaign_each(struct smk_db *db, int (*cb)(void *ctx,
    const struct smk_campaign_row *c), void *ctx, struct smk_err *err)
{
	struct meta_ctx mc = { cb, ctx };

	return smk_db_select(db, sql_meta, meta_row, &mc, err, "") < 0 ? -1 :
	    0;
}

/* -------------------------------------------------------- set --from */

enum { CF_KEY, CF_NAME, CF_CHANNEL, CF_OWNER, CF_BUDGET, CF_KIND,
	CF_START, CF_END, CF_COUNT };

static const char *const cf_names[CF_COUNT] = {
	"key", "name", "channel", "owner", "budget", "kind", "start", "end"
};

/* A campaign sheet: the option names, and the usual spellings. */
static const struct smk_spelling cf_spellings[] = {
	{ "key", CF_KEY, 0 }, { "campaign", CF_KEY, 0 },
	{ "campaignkey", CF_KEY, 0 }, { "utmcampaign", CF_KEY, 0 },
	{ "name", CF_NAME, 0 }, { "campaignname", CF_NAME, 0 },
	{ "channel", CF_CHANNEL, 0 }, { "marketingchannel", CF_CHANNEL, 0 },
	{ "owner", CF_OWNER, 0 }, { "campaignowner", CF_OWNER, 0 },
	{ "budget", CF_BUDGET, 0 }, { "budgetedcost", CF_BUDGET, 0 },
	{ "kind", CF_KIND, 0 }, { "type", CF_KIND, 0 },
	{ "start", CF_START, 0 }, { "startdate", CF_START, 0 },
	{ "starts", CF_START, 0 }, { "startson", CF_START, 0 },
	{ "end", CF_END, 0 }, { "enddate", CF_END, 0 }, { "ends", CF_END, 0 },
	{ "endson", CF_END, 0 },
};

static const struct smk_fieldset cf_fields = {
	CF_COUNT, cf_names, cf_spellings,
	sizeof(cf_spellings) / sizeof(cf_spellings[0])
};

/* One row of a campaign sheet: 0 set, 1 refused (e), -1 fatal (e). */
static int
campaign_row(void *ctx, struct smk_db *db, const char *const *v,
    struct smk_err *e)
{
	struct smk_campaign_meta m;
	const char *why;

	(void)ctx;
	memset(&m, 0, sizeof(m));
	m.key = v[CF_KEY];
	m.name = v[CF_NAME];
	m.channel = v[CF_CHANNEL];
	m.owner = v[CF_OWNER];
	m.kind = v[CF_KIND];
	m.start = v[CF_START];
	m.end = v[CF_END];
	if (v[CF_BUDGET] != NULL) {
		if (smk_money_parse(v[CF_BUDGET], 0, &m.budget, &why) < 0) {
			smk_err_set(e, SMK_EXIT_FINDINGS, NULL, 0, "budget",
			    "'%s': %s", v[CF_BUDGET], why);
			return 1;
		}
		m.has_budget = 1;
	}
	if (smk_campaign_set(db, &m, e) == 0)
		return 0;
	return e->status == SMK_EXIT_FAILURE ? -1 : 1;
}

int
smk_campaign_load(struct smk_db *db, const char *path,
    const struct smk_sheet_opts *o, struct smk_err *err)
{
	return smk_sheet_load(db, path, &cf_fields, CF_KEY, campaign_row, NULL,
	    o, err);
}
