/* smk_int.h — internals shared between libsmk modules; not API for cmd/. */
#ifndef SMK_INT_H
#define SMK_INT_H

#include "smk.h"

/* ------------------------------------------------ data access (db.c) */

/*
 * A lead as stored.  Text members are owned by the struct (smk_lead_clear
 * frees them); NULL means empty.
 */
struct smk_lead {
	int64_t id;
	char *key;
	char *f[SMK_F_COUNT]; /* canonical fields; f[SMK_F_CREATED_AT] unused */
	int64_t created_at;
	int64_t updated_at;
	int64_t seen_at;      /* newest row time merged in */
	long score;
	int stage;            /* enum smk_stage */
	int64_t stage_at;
	char *owner;
	char *extra;          /* JSON object text, or NULL */
	int sales_sourced;
};
void smk_lead_clear(struct smk_lead *l);

/* Looks a lead up by key; returns 1 found (l filled), 0 not found, -1. */
int smk_db_lead_get(struct smk_db *db, const char *key, struct smk_lead *l,
    struct smk_err *err);
int smk_db_lead_by_id(struct smk_db *db, int64_t id, struct smk_lead *l,
    struct smk_err *err);
/* Looks a lead up by key, then (allow_id, an all-digit ref) by id, then
 * by email, then by the email normalized as lead-import stores it.  Same
 * returns, and 2 (err filled, a finding) when the email belongs to more
 * than one lead. */
int smk_db_lead_find(struct smk_db *db, const char *ref, int allow_id,
    struct smk_lead *l, struct smk_err *err);
/* Inserts l (l->id set on return) in stage lead. */
int smk_db_lead_insert(struct smk_db *db, struct smk_lead *l,
    int64_t batch_id, struct smk_err *err);
/* Rows a statement of smk_db_leads_insert or smk_db_touches_add writes
 * at most. */
#define SMK_DB_GROUP 16
/* Inserts n new leads in stage lead with the ids they carry (each larger
 * than every id in the table, in increasing order: what SQLite would
 * choose), SMK_DB_GROUP to a statement. */
int smk_db_leads_insert(struct smk_db *db, struct smk_lead *const *ls,
    size_t n, int64_t batch_id, struct smk_err *err);
/* Writes l's fields, extra, created_at, updated_at back. */
int smk_db_lead_update(struct smk_db *db, const struct smk_lead *l,
    struct smk_err *err);
int smk_db_lead_set_score(struct smk_db *db, int64_t id, long score,
    struct smk_err *err);
/* Sets the current stage (funnel.c keeps it equal to the events). */
int smk_db_lead_set_stage(struct smk_db *db, int64_t id, int stage,
    int64_t at, struct smk_err *err);

struct smk_touch {
	int64_t lead_id;
	const char *campaign, *channel, *source; /* NULL: none */
	int64_t at;
	int64_t fp;
};
/* Returns 1 added, 0 already there, -1 error. */
int smk_db_touch_add(struct smk_db *db, const struct smk_touch *t,
    int64_t batch_id, struct smk_err *err);
/* Adds n touches in order, SMK_DB_GROUP to a statement; returns how many
 * were new, or -1. */
int64_t smk_db_touches_add(struct smk_db *db, const struct smk_touch *ts,
    size_t n, int64_t batch_id, struct smk_err *err);
/* Touch counts of a lead: all, and per channel via the callback. */
int smk_db_touch_counts(struct smk_db *db, int64_t lead_id,
    void (*cb)(void *ctx, const char *channel, long n), void *ctx,
    struct smk_err *err);

struct smk_event {
	int64_t lead_id;
	int from, to;         /* enum smk_stage */
	int64_t at;
	const char *actor, *reason, *note;
	int64_t amount;       /* < 0: none */
};
int smk_db_event_add(struct smk_db *db, const struct smk_event *ev,
    int64_t batch_id, struct smk_err *err);

/* Batches: one per file or command that writes. */
int smk_db_batch_start(struct smk_db *db, const char *tool,
    const char *command, const char *file, const char *actor,
    int64_t *id, struct smk_err *err);
int smk_db_batch_finish(struct smk_db *db, int64_t id, const char *sha256,
    const struct smk_import_counts *n, struct smk_err *err);

/*
 * Scratch sets of lead ids for this connection, numbered by set (a
 * temporary table, so memory stays flat however many leads a run touches).
 */
int smk_db_runset_clear(struct smk_db *db, int set, struct smk_err *err);
int smk_db_runset_add(struct smk_db *db, int set, int64_t lead_id, int flag,
    struct smk_err *err);
/* Calls key with the key of each lead of the set, in id order, then with
 * NULL (flush).  Returns 0; -1 with err on a database error; -2 when key
 * returned -1 (it could not write; err untouched). */
int smk_db_runset_keys(struct smk_db *db, int set,
    int (*key)(void *ctx, const char *key), void *ctx, struct smk_err *err);
/* Calls cb for each id in the set, in id order, with the OR of its flags;
 * cb returns non-zero to stop with that value. */
int smk_db_runset_each(struct smk_db *db, int set,
    int (*cb)(void *ctx, int64_t lead_id, int flags), void *ctx,
    struct smk_err *err);

/*
 * Ad hoc statements for the modules whose SQL is their own (handoff.c,
 * metrics): sqltext must be a string with static storage (it is prepared
 * once and cached by its address).  fmt describes the arguments bound to
 * ?1, ?2, ...: 't' const char * (NULL or "" binds NULL), 'i' int64_t,
 * 'p' const int64_t * (NULL binds NULL), 'd' double, 'n' NULL.  smk_db_select calls
 * cb per row; cb returns non-zero to stop with that value.  smk_db_exec returns the number of rows changed, or -1.
 */
struct smk_row;
int smk_db_select(struct smk_db *db, const char *sqltext,
    int (*cb)(void *ctx, const struct smk_row *row), void *ctx,
    struct smk_err *err, const char *fmt, ...);
int smk_db_exec(struct smk_db *db, const char *sqltext, struct smk_err *err,
    const char *fmt, ...);
int64_t smk_db_last_id(struct smk_db *db);
/* Column i of the current row: text (NULL for SQL NULL; valid until the
 * next row), integer, or whether it is NULL. */
const char *smk_row_text(const struct smk_row *r, int i);
int64_t smk_row_int(const struct smk_row *r, int i);
int smk_row_isnull(const struct smk_row *r, int i);

/*
 * After a commit: copies the -wal file's pages into the database and
 * truncates it, waiting for readers up to the busy timeout.  0 when it is
 * empty (or there is none), 1 when a reader kept pages in it, -1 with
 * err.
 */
int smk_db_checkpoint(struct smk_db *db, struct smk_err *err);

/* Fills err with the database's file name, what failed and SQLite's
 * reason (with the system's, for an I/O error); returns -1. */
int smk_db_fail(struct smk_db *db, struct smk_err *err, const char *what);

/* The SQLite handle, for the import's bulk path (bulk.c) only. */
struct sqlite3;
struct sqlite3 *smk_db_sqlite(struct smk_db *db);

/* ------------------------------------------------------- funnel.c */

/* Whether from -> to is a legal move (DESIGN.md: forward moves may skip,
 * backward moves only through recycled). */
int smk_funnel_legal(int from, int to);
/*
 * Moves lead l to stage to: appends the event, updates the lead's stage.
 * A refused move returns -1 with err status SMK_EXIT_FINDINGS naming the
 * lead, its stage and the move.
 */
int smk_funnel_move(struct smk_db *db, struct smk_lead *l, int to,
    int64_t at, const char *actor, const char *reason, const char *note,
    int64_t amount, int64_t batch_id, struct smk_err *err);
/* The same, but leaves leads.stage to the caller (l is updated): a caller
 * making several moves of one lead writes the lead row once, before its
 * transaction ends. */
int smk_funnel_record(struct smk_db *db, struct smk_lead *l, int to,
    int64_t at, const char *actor, const char *reason, const char *note,
    int64_t amount, int64_t batch_id, struct smk_err *err);

/* ------------------------------------------------------- fields.c */

/* Folds a header for matching spellings: ASCII lower-case, without blanks
 * and _ - . /.  Returns 0, or -1 when it does not fit (nothing matches). */
int smk_fold_header(const char *s, char *out, size_t size);

/* ------------------------------------------------------- csvmap.c */

/*
 * A reader's canonical fields and the header spellings that map onto
 * them.  rank: 0 for the field's own names; higher for second choices,
 * which a column of lower rank beats wherever it stands.
 */
struct smk_spelling {
	const char *header;
	int field;
	int rank;
};
struct smk_fieldset {
	int nfields;
	const char *const *names;   /* canonical names, for messages */
	const struct smk_spelling *spellings;
	size_t nspellings;
};
/* The lead fields (fields.c), for lead-import. */
extern const struct smk_fieldset smk_lead_fields;
/* The field a header spelling maps to (any rank), or -1. */
int smk_fieldset_lookup(const struct smk_fieldset *fs, const char *header);

/* The reject file's own columns before the data columns: reject_file,
 * reject_line, reject_field, reject_reason, reject_record. */
#define SMK_REJ_NCOLS 5
#define SMK_COL_OWN (-2)    /* colfield of a reject file's own column */

/* A header mapped onto a fieldset (rules at the top of csvmap.c). */
struct smk_colmap {
	const struct smk_fieldset *fs;
	size_t ncols;
	size_t first;       /* the first data column: SMK_REJ_NCOLS in a
	                     * reject file, else 0 */
	char **header;      /* trimmed cells; "column N" for a blank one */
	int *colfield;      /* per column: its field, -1, or SMK_COL_OWN */
	int *fieldcol;      /* per field: its column, or -1 */
	int *next;          /* per column: the column of a second-choice
	                     * spelling of the same field, read in a row
	                     * where this one is blank (smk_colmap_pick),
	                     * or -1 */
	int *second;        /* per column: the field it is a second choice
	                     * for (it is kept when not used), or -1 */
	int rejects;        /* the file is a reject file smk wrote */
};
/*
 * Maps the header record hdr (m zeroed, or built before: it is freed
 * first).  map: per field the header --map names, or NULL (map itself
 * may be NULL).  A --map header that is not there is a usage error
 * naming file and the header's line.
 */
int smk_colmap_build(struct smk_colmap *m, const struct smk_fieldset *fs,
    const struct smk_record *hdr, const char *const *map, const char *file,
    struct smk_err *err);
void smk_colmap_free(struct smk_colmap *m);
/* The data column whose trimmed header is name (ASCII case ignored; the
 * first of duplicates), or -1. */
int smk_colmap_find(const struct smk_colmap *m, const char *name);
/* The column field f is read from in rec: its column, or when that is
 * blank (smk_norm_is_null with nulls) a second choice that is not; -1
 * when f has no column. */
int smk_colmap_pick(const struct smk_colmap *m, const struct smk_record *rec,
    int f, const char *const *nulls);
/* Whether rec, read from a reject file, is a header row starting a new
 * section (the reject file of a run over files with other columns). */
int smk_colmap_section(const struct smk_colmap *m,
    const struct smk_record *rec);
/* A reject file's data cells back to the values they were written from
 * (one leading ' off); nothing for other files. */
void smk_colmap_unescape(const struct smk_colmap *m, struct smk_record *rec);
/* "ragged row: ..." when rec has fewer fields than the header, or more
 * that are not empty; else NULL.  Every reader refuses such a row: a value
 * past the header would be dropped unseen. */
const char *smk_colmap_ragged(const struct smk_colmap *m,
    const struct smk_record *rec);
/* The reader names a field "field N" (smk_csv_next); every diagnostic
 * names it by its header (smk(7), MESSAGES): e->field becomes column N's
 * header when the map has one. */
void smk_colmap_name_field(const struct smk_colmap *m, struct smk_err *e);

/*
 * The reject file: the reject columns, then the rejected row in the
 * columns of its file, so that it can be fixed in a spreadsheet and
 * imported again.  A header row starts the file and is repeated when a
 * row comes from a file with other columns.
 */
struct smk_rej {
	FILE *f;                 /* NULL: no reject file */
	char **hdr;              /* the data header written last */
	size_t nhdr;
	int written, failed;
	struct smk_buf b, raw;
};
void smk_rej_init(struct smk_rej *r, FILE *f);
void smk_rej_free(struct smk_rej *r);   /* f stays the caller's */
/* A file's header is mapped: the first one is written at once. */
void smk_rej_header(struct smk_rej *r, const struct smk_colmap *m);
/* Writes one refused record.  m: the file's mapping, or NULL before its
 * header was read; readable: rec's fields are the record's (not a
 * record the CSV reader refused). */
void smk_rej_write(struct smk_rej *r, const struct smk_colmap *m,
    const struct smk_err *e, const struct smk_record *rec, int readable);
/* Whether a write to the reject file failed. */
int smk_rej_failed(const struct smk_rej *r);

/* Reads a small sheet: its header mapped onto fs (field required must
 * have a column), row_fn called with each row's values (trimmed, NULL
 * when blank) and returning 0 done, 1 refused or -1 fatal with e filled
 * (e->field a name of fs); one transaction.  Returns the exit status. */
int smk_sheet_load(struct smk_db *db, const char *path,
    const struct smk_fieldset *fs, int required,
    int (*row_fn)(void *ctx, struct smk_db *db, const char *const *v,
    struct smk_err *e), void *ctx, const struct smk_sheet_opts *o,
    struct smk_err *err);

/* ------------------------------------------------------ metrics.c */

/* The Sales rejection reasons, plus a slot for none or unknown. */
#define SMK_MX_NREASONS 11

/* One campaign's figures for a period (rules at the top of metrics.c). */
struct smk_mx_campaign {
	char *key;            /* the campaign; NULL: leads with none */
	long touches;         /* touches dated in the period */
	char *channel;        /* the commonest channel of those touches */
	long channel_touches; /* (how many) */
	long leads;           /* leads created, by source campaign */
	long mql, sal, sql, won; /* leads reaching each, by source campaign */
	int64_t pipeline;     /* amounts of the moves reaching sql: sourced */
	int64_t influenced;   /* the same, to every campaign that touched the
	                       * lead before: overlaps, never summed */
	int64_t revenue;      /* won amounts, by source campaign */
	int64_t spend;        /* spend on the days of the period */
	long cohort, accepted, rejected, pending; /* MQLs of the period by
	                       * the campaign that made them, and Sales'
	                       * first answer by the as-of time */
	long reasons[SMK_MX_NREASONS]; /* of those rejections */
};
/* Campaigns sorted by key (NULL first). */
struct smk_mx_set {
	size_t n, cap;
	struct smk_mx_campaign *c;
};
void smk_mx_free(struct smk_mx_set *s);
/* The campaign key (NULL allowed) of s, added zeroed when missing; valid
 * until the next call. */
struct smk_mx_campaign *smk_mx_get(struct smk_mx_set *s, const char *key);
/* Fills the counts, amounts and acceptance of every campaign active in
 * period p as the events stood at as_of. */
int smk_mx_campaigns(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_set *s, struct smk_err *err);
/* Only the acceptance cohort (cohort, accepted, rejected, pending,
 * reasons), by the campaign that made each MQL, or (by_campaign 0) all
 * under the key NULL. */
int smk_mx_acceptance(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int by_campaign, struct smk_mx_set *s,
    struct smk_err *err);
/* Sales rejections dated in p, rows (campaign, reason, outcome, count)
 * by campaign, then the commonest first. */
int smk_mx_rejections(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int (*cb)(void *ctx, const struct smk_row *row),
    void *ctx, struct smk_err *err);
/* Sales notes dated in p: rows (time, key, campaign, owner, actor,
 * note). */
int smk_mx_notes(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int (*cb)(void *ctx, const struct smk_row *row),
    void *ctx, struct smk_err *err);
/* The commonest rejection reason of c, or NULL. */
const char *smk_mx_top_reason(const struct smk_mx_campaign *c);
/* Index of a reason code in smk_reason_codes, or the last slot. */
int smk_mx_reason_index(const char *reason);
/* num / den, or -1 when den is 0 (no ratio: never inf or nan). */
int smk_mx_ratio(int64_t num, int64_t den, double *out);

/* Spend on the local days that start in p by as_of: per campaign into
 * campaigns, and a channel's own spend (rows without a campaign) per
 * channel into channels (key: the channel). */
int smk_mx_spend(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_set *campaigns, struct smk_mx_set *channels,
    struct smk_err *err);
/* A period's flow through the funnel by as_of, without campaigns: the
 * numbers of smk_mx_campaigns' totals, and the cohort rates. */
struct smk_mx_flow {
	int64_t leads;               /* leads created in p */
	int64_t reached[5];          /* [r]: leads reaching rank r (1 mql,
	                              * 2 sal, 3 sql, 4 won) */
	int64_t cohort[4];           /* [a]: moves reaching rank a (1 .. 3) */
	int64_t went_on[4][5];       /* [a][b]: of those, the ones whose
	                              * lead reached rank b (a < b <= 4)
	                              * then or later: cohort rate a to b */
	int64_t pipeline, pipeline_marketing; /* moves reaching sql: all,
	                              * and of marketing-sourced leads */
	int64_t revenue;             /* moves reaching won */
};
/* The flows of the n periods p[i] into f[i], by as_of: in one pass over
 * the moves when that is cheaper than a query each (metrics.c). */
int smk_mx_flows(struct smk_db *db, size_t n, const struct smk_period *p,
    int64_t as_of, struct smk_mx_flow *f, struct smk_err *err);
/* Deals won and lost in p, by as_of. */
int smk_mx_closed(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int64_t *won, int64_t *lost, struct smk_err *err);
/* A list of values for quantiles (dist.c); zero it to start, free it
 * with smk_mx_dist_free.  At most SMK_MX_DIST_MEM values are in memory;
 * the others are in an unlinked temporary file in $TMPDIR or /tmp. */
#define SMK_MX_DIST_MEM 4096
struct smk_mx_dist {
	double *v;                   /* the values not in the file */
	size_t n;                    /* all values */
	size_t nv, cap;              /* in v */
	int sorted;                  /* v is sorted (only when not spilled) */
	int spilled, fd;             /* fd: the file, when spilled */
	int err;                     /* errno of the first failure, or 0 */
	const char *what;            /* what failed: "create", "write", ... */
	char *dir;                   /* the file's directory */
};
/* Adds v: 0, or -1 when the temporary file failed (sticky: see
 * smk_mx_dist_check; the values after it are not kept). */
int smk_mx_dist_add(struct smk_mx_dist *d, double v);
/* -1 with err (SMK_EXIT_FAILURE, naming the directory) when one of the
 * n dists d[0 .. n) failed; else 0. */
int smk_mx_dist_check(const struct smk_mx_dist *d, size_t n,
    struct smk_err *err);
void smk_mx_dist_free(struct smk_mx_dist *d);
/* The nearest-rank q-quantile (0 < q <= 1) into *out: 1, 0 when there
 * are no values, -1 with err when the temporary file failed. */
int smk_mx_quantile(struct smk_mx_dist *d, double q, double *out,
    struct smk_err *err);
struct smk_sla;
/* The MQL windows of p: those answered within the SLA (met) of those
 * answered or past their deadline (due), how many were answered, and
 * each answer's hours on the SLA clock into hours (answered and hours
 * may be NULL). */
int smk_mx_response(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, const struct smk_sla *sla, int64_t *met, int64_t *due,
    int64_t *answered, struct smk_mx_dist *hours, struct smk_err *err);
/* Days from the last move reaching mql to won, for deals won in p. */
int smk_mx_cycles(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_dist *days, struct smk_err *err);
/* The weighted forecast at a moment (metrics.c). */
#define SMK_MX_FORECAST_WINDOW (365 * 86400)  /* the closed history read */
struct smk_mx_forecast {
	int64_t open, open_marketing;   /* open opportunities' amounts */
	int64_t open_deals, open_deals_marketing;
	int64_t won, closed;            /* deals closed in the window (won,
	                                 * lost, or dropped from sql) */
	double p_won;                   /* won / closed */
	int64_t weighted, weighted_marketing; /* open times won / closed,
	                                 * each rounded to the cent */
	int known;                      /* 0: no closed deal to learn from */
};
/* The forecast as the events stood at at (events dated at or before
 * it), learning from the deals closed in (at - window, at]. */
int smk_mx_forecast(struct smk_db *db, int64_t at, int64_t window,
    struct smk_mx_forecast *f, struct smk_err *err);
/* The same at each of n moments at[i] into f[i], in one pass. */
int smk_mx_forecasts(struct smk_db *db, size_t n, const int64_t *at,
    int64_t window, struct smk_mx_forecast *f, struct smk_err *err);
/* The SLA clock: the options given (NULL: not), else the settings
 * sla_hours, sla_business_hours, sla_weekdays (lists.c). */
int smk_sla_conf(struct smk_db *db, const char *sla_hours,
    const char *business_hours, const char *weekdays, struct smk_sla *s,
    struct smk_err *err);
/* The median seconds from reaching rank a to rank b, over the moves
 * reaching b in (at - window, at]; a = 0 (b = 1): from the lead's
 * creation to its first move reaching mql, over those moves in the
 * window.  Many in one pass: each q[i] (at, window, a, b) gets known
 * and seconds (known 0: no such move in the window). */
struct smk_mx_usual_q {
	int64_t at, window;
	int a, b;
	double seconds;
	int known;                   /* 0: no move reached b in the window */
};
int smk_mx_usuals(struct smk_db *db, size_t n, struct smk_mx_usual_q *q,
    struct smk_err *err);
/* Adds (at, window, a, b) as q[n] unless q[0..n) has it: the new n.
 * Several callers' questions, each asked once, read in one pass. */
size_t smk_mx_usual_add(struct smk_mx_usual_q *q, size_t n, int64_t at,
    int64_t window, int a, int b);
/* The q[i] of (at, window, a, b), or NULL. */
const struct smk_mx_usual_q *smk_mx_usual_find(const struct smk_mx_usual_q *q,
    size_t n, int64_t at, int64_t window, int a, int b);
/* Adds to q the usual times the KPIs' immaturity needs at as_of (kpi.c),
 * those not there yet; returns the new count (at most 3 more). */
size_t smk_kpi_usual_add(struct smk_mx_usual_q *q, size_t n, int64_t as_of);
/* A stage not reached (smk_mx_path). */
#define SMK_MX_NEVER INT64_MAX
/* One lead's touch path to an outcome, for attribution. */
struct smk_mx_path {
	int64_t lead_id;
	size_t n;                    /* touches naming a campaign, in time
	                              * order, up to the outcome */
	const char *const *campaign; /* their campaigns */
	const int64_t *at;           /* and times */
	int64_t mql, sql, won;       /* when the lead last reached these by
	                              * the outcome, or SMK_MX_NEVER */
	int64_t outcome;             /* the outcome's time, or SMK_MX_NEVER */
	int64_t amount;              /* its amount in cents */
};
/*
 * Calls cb with the path of each move reaching stage (SMK_ST_SQL for
 * pipeline, SMK_ST_WON for revenue) in period p by as_of, in lead order.
 * stages: whether mql, sql and won are wanted (a query per outcome: the
 * models that place touches by stage need them); without, they are
 * SMK_MX_NEVER.  The path is valid during the call; cb returns non-zero
 * to stop.
 */
int smk_mx_outcome_paths(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int stage, int stages, int (*cb)(void *ctx,
    const struct smk_mx_path *p), void *ctx, struct smk_err *err);
/*
 * The same for every lead created in p (the Markov cohort), in lead
 * order: sql and won are when it first reached those by as_of, or
 * SMK_MX_NEVER; its touches run to won when it was reached, else to
 * as_of (they hold its path to sql too); mql and outcome are
 * SMK_MX_NEVER, amount 0.
 */
int smk_mx_cohort_paths(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int (*cb)(void *ctx, const struct smk_mx_path *p),
    void *ctx, struct smk_err *err);

/* ------------------------------------- metrics.c: forecast back-test */

/* The amounts won in [from, to), at the amounts they were won at, by
 * the opportunities open at at (joint-kpi forecast's actual). */
int smk_mx_forecast_actual(struct smk_db *db, int64_t at, int64_t from,
    int64_t to, int64_t *amount, struct smk_err *err);
/* ----------------------------------------------- metrics.c: the funnel */

/* What joint-kpi funnel adds to the numbers above (rules at the funnel
 * section of metrics.c). */
/* Leads created in p by as_of, and those of them that reached mql by
 * as_of: the cohort rate into mql. */
int smk_mx_lead_cohort(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int64_t *created, int64_t *qualified, struct smk_err *err);
/* Days in stage (index enum smk_stage: lead, mql, sal, sql) into days
 * (zeroed by the caller, freed with smk_mx_dist_free), for the moves out
 * of each dated in p by as_of. */
int smk_mx_stage_days(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_dist days[4], struct smk_err *err);
/* Per stage lead .. won (index enum smk_stage): the leads whose last
 * move by as_of is dated in p and entered it (lead: created in p, not
 * moved by as_of). */
int smk_mx_in_stage(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, int64_t n[5], struct smk_err *err);
/* A leak's count per reason (smk_mx_reason_index), and the amounts at
 * stake where some were known (valued). */
struct smk_mx_leak {
	long n[SMK_MX_NREASONS];
	int64_t value[SMK_MX_NREASONS];
	int valued[SMK_MX_NREASONS];
};
/* Deals lost in p by as_of, and opportunities dropped (sql to recycled
 * or disqualified), by reason, with the amounts at stake. */
struct smk_mx_losses {
	struct smk_mx_leak lost, dropped;
};
int smk_mx_losses(struct smk_db *db, const struct smk_period *p,
    int64_t as_of, struct smk_mx_losses *l, struct smk_err *err);
/* ---------------------------------------- metrics.c: the brief's numbers */

/* A lead in a stage since a time (smk_mx_stuck_scan). */
struct smk_mx_stuck {
	char *key, *owner;           /* owner NULL: none */
	int stage;                   /* enum smk_stage */
	int64_t since;               /* the move that put it there */
	int64_t amount;              /* that move's amount, or -1 */
	int64_t lead_id, event_id;
};
#define SMK_MX_STUCK_KEEP 16
/* The leads stuck at a time: whose last move by at went to mql, sal or
 * sql (index 0, 1, 2) at or before that stage's cutoff. */
struct smk_mx_stuck_q {
	int64_t at;
	int64_t cutoff[3];
	int has[3];                  /* 0: none stuck in that stage */
	size_t keep;                 /* list the oldest keep (at most
	                                SMK_MX_STUCK_KEEP) */
	long n[3];                   /* out: how many in each stage */
	struct smk_mx_stuck list[SMK_MX_STUCK_KEEP];  /* out: the oldest
	                                first, then mql, sal, sql, then by
	                                lead */
	size_t nlist;
};
/* Each q[i] in one pass over the moves; smk_mx_stuck_free frees the
 * strings of a q's list. */
int smk_mx_stuck_scan(struct smk_db *db, size_t n, struct smk_mx_stuck_q *q,
    struct smk_err *err);
void smk_mx_stuck_free(struct smk_mx_stuck_q *q);

/* ------------------------------------------------------ campaign.c */

/* A campaign's metadata as stored (strings valid during the call). */
struct smk_campaign_row {
	const char *key, *name, *channel, *owner, *kind;
	const char *start, *end;      /* YYYY-MM-DD, or NULL */
	int64_t budget;
	int has_budget;
};
/* Calls cb for every campaign set with campaign-report set. */
int smk_campaign_each(struct smk_db *db, int (*cb)(void *ctx,
    const struct smk_campaign_row *c), void *ctx, struct smk_err *err);

/* ------------------------------------------------------ handoff.c */

/* The digest of the file a handoff command read, for its batch. */
void smk_handoff_set_sha256(struct smk_handoff *h, const char *hex);

/* Numbers of the scratch sets (smk_db_runset_*) per user. */
#define SMK_SET_IMPORT_FILE 0
#define SMK_SET_IMPORT_MQL 1
#define SMK_SET_HANDOFF 2

/* ------------------------------------------------------- rules.c */

/* What a scoring rule can look at. */
struct smk_score_input {
	const struct smk_lead *lead;
	/* value of an unmapped column by header (NULL if none) */
	const char *(*extra)(void *ctx, const char *header);
	/* touches in total (channel NULL) or of a channel */
	long (*touches)(void *ctx, const char *channel);
	void *ctx;
};
long smk_rules_score(const struct smk_rules *r,
    const struct smk_score_input *in);

/* ------------------------------------------------------- json (json.c) */

/*
 * A flat JSON object of string values, as stored in leads.extra.  Keeps
 * insertion order.  smk_obj_parse() returns -1 for anything else.  An
 * object of more than a few keys gets a hash index of them (idx), so that
 * a row of a million unmapped columns is read in linear time.
 */
struct smk_obj {
	size_t n, cap;
	char **k, **v;
	size_t *idx;          /* slot: 1 + the key's index, 0 when free */
	size_t icap;          /* slots: a power of two, or 0 for no index */
};
int smk_obj_parse(struct smk_obj *o, const char *json);
const char *smk_obj_get(const struct smk_obj *o, const char *k);
/* Sets k to v (copied); returns 1 if that changed the object. */
int smk_obj_set(struct smk_obj *o, const char *k, const char *v);
void smk_obj_json(const struct smk_obj *o, struct smk_buf *b);
void smk_obj_clear(struct smk_obj *o);

/* 64-bit FNV-1a, for touch fingerprints. */
uint64_t smk_hash64(uint64_t h, const void *p, size_t n);
#define SMK_HASH64_INIT 0xcbf29ce484222325ULL

/* ------------------------------------------------------- attrib.c */

/*
 * The arithmetic of multi-touch attribution (DESIGN.md, "Attribution"):
 * no SQL, no I/O, no global state.  Times are UTC seconds; a campaign is
 * the caller's number for it (a database id or an index), only compared.
 * The same input gives the same credits and cents on every machine: fixed
 * orders, integer arithmetic where the shares are rational, and only
 * IEEE 754 + - * / (no libm results that differ between systems) where
 * they are not.
 */
enum smk_attr_model {
	SMK_ATTR_FIRST, SMK_ATTR_LAST, SMK_ATTR_LINEAR, SMK_ATTR_U,
	SMK_ATTR_W, SMK_ATTR_FULL, SMK_ATTR_DECAY, SMK_ATTR_MARKOV,
	SMK_ATTR_COUNT
};
/* "first", "last", "linear", "u", "w", "full", "decay", "markov" (as
 * written, lower case) to the model; -1 for anything else and NULL. */
int smk_attr_model_parse(const char *s);
/* The model's name (static storage), or NULL when model is out of range. */
const char *smk_attr_model_name(int model);

#define SMK_ATTR_NEVER INT64_MAX   /* a stage or an outcome not reached */
#define SMK_ATTR_HALF_LIFE 7.0     /* days: decay's half-life by default */
#define SMK_ATTR_MAX_TOUCHES ((size_t)1 << 20) /* a lead's; more is refused */

struct smk_attr_touch {
	int64_t campaign;
	int64_t at;
};

/*
 * One lead's path.  touch: its n touches in time order (touches at the
 * same time in the caller's order, which then decides which is last);
 * the caller's storage, only read.  outcome: when the lead reached the
 * outcome being credited (won for revenue, sql for pipeline): touches
 * after it get nothing, touches at it count; SMK_ATTR_NEVER cuts nothing.
 * mql, sql, won: when the lead reached those stages (a skipped stage
 * counts as reached at the move that skipped it), or SMK_ATTR_NEVER.
 *
 * Key positions, among the touches that count: the first touch; the
 * lead-creation touch (the last one at or before mql); the opportunity
 * touch (sql); the closing touch (won).  A stage not reached by the
 * outcome counts as reached at the outcome, as a skipped stage does: the
 * closing touch of pipeline credited at sql is the last touch up to sql,
 * and a lead without an mql time has the last touch up to the outcome as
 * its lead-creation touch.  A stage reached before the first touch has
 * the first touch in that position.
 */
struct smk_attr_lead {
	const struct smk_attr_touch *touch;
	size_t n;
	int64_t outcome;
	int64_t mql, sql, won;
};

/*
 * A lead's credit per touch under model (any but SMK_ATTR_MARKOV, which
 * needs the cohort: smk_attr_markov):
 *   first, last   1 to the first, the last touch that counts;
 *   linear        1/k to each of the k touches that count;
 *   u             0.4 first, 0.4 lead-creation, 0.2 shared equally by
 *                 the touches between them; touches after the
 *                 lead-creation touch get nothing;
 *   w             0.3 first, lead-creation, opportunity; 0.1 shared by
 *                 the other touches that count;
 *   full          0.225 first, lead-creation, opportunity, closing; 0.1
 *                 shared by the other touches that count;
 *   decay         2^(-days before the outcome / half_life) normalized
 *                 (reckoned from the last touch that counts, which gives
 *                 the same shares and serves a lead without an outcome).
 * Where positions coincide their shares add; where no touch is left for
 * the shared part it goes to the named positions in proportion to their
 * shares.  half_life (days, > 0) is read by decay only.
 *
 * credit: room for l->n doubles, the caller's; on return every touch
 * has its credit, 0 for touches after the outcome.  Returns the number k
 * of touches that count (the credits of a lead with k > 0 sum to 1
 * within rounding; with k == 0 all are 0: nothing to credit), or -1 when
 * the model is markov or unknown, the touches are not in time order,
 * there are more than SMK_ATTR_MAX_TOUCHES, or decay's half_life is not
 * a positive number.
 */
int smk_attr_credit(const struct smk_attr_lead *l, int model,
    double half_life, double *credit);
/*
 * The same credit in whole cents of amount: cents (room for l->n, the
 * caller's) sum to exactly amount when k > 0 (all 0 when k == 0: the
 * caller reports the amount as unattributed).  Each touch gets the floor
 * of its exact share, and the cents left over go one each to the largest
 * remainders, an equal remainder to the earlier touch.  A negative amount
 * is shared as its magnitude, negated.  Returns k, or -1 as
 * smk_attr_credit does, and for amount INT64_MIN.  (Attributed lead
 * counts: an amount of 100 a lead gives hundredths that add up exactly.)
 */
int smk_attr_cents(const struct smk_attr_lead *l, int model,
    double half_life, int64_t amount, int64_t *cents);

/*
 * Cents per campaign, summed over leads.  Zero it to start ({0}); free
 * its storage with smk_attr_sum_free.  Campaigns are kept in ascending
 * order: campaign[i] has cents[i].
 */
struct smk_attr_sum {
	size_t n, cap;
	int64_t *campaign;
	int64_t *cents;
};
/* Adds cents to campaign's total; -1 (nothing changed) when a total
 * would leave the int64_t range. */
int smk_attr_sum_add(struct smk_attr_sum *s, int64_t campaign,
    int64_t cents);
/* Adds each touch's cents (from smk_attr_cents on l) to its campaign (a
 * campaign touched without cents gets its entry, at 0); -1 (nothing
 * changed) on overflow. */
int smk_attr_sum_lead(struct smk_attr_sum *s, const struct smk_attr_lead *l,
    const int64_t *cents);
void smk_attr_sum_free(struct smk_attr_sum *s);   /* zeroes s */

/*
 * The Markov model over a cohort.  Each lead's path is the campaigns of
 * its touches in time order, cut at its outcome; a lead converted when
 * outcome is not SMK_ATTR_NEVER (the caller passes SMK_ATTR_NEVER for a
 * lead that reached the outcome after the as-of time, and no touches
 * after the as-of time).  Only campaigns and times are read.
 *
 * First-order chain: START -> campaigns -> CONVERSION for converting
 * paths, -> NULL for the others; transition probabilities from the
 * counts.  Consecutive touches of one campaign are collapsed into one
 * state visit (no self-loops): that changes neither P(conversion) nor any
 * removal effect, since a self-loop only scales a state's other
 * transitions back to the same proportions.  A lead without a touch
 * that counts has no path and is left out.  P(conversion) comes from the
 * absorbing chain's linear system (Gaussian elimination with partial
 * pivoting over the campaign states).  The removal effect of c is
 * 1 - P(conversion with c removed) / P(conversion), c removed meaning
 * every transition into c goes to NULL; value is shared in proportion to
 * the removal effects, cent-exact as smk_attr_cents shares an amount
 * (equal remainders to the lower campaign).
 */
struct smk_attr_markov {
	size_t n;            /* campaigns in the chain */
	int64_t *campaign;   /* ascending */
	double *removal;     /* removal effect, 0..1 */
	int64_t *cents;      /* value's share; they sum to value when shared */
	double p_conv;       /* P(conversion) */
	size_t paths;        /* leads with a path */
	size_t converted;    /* of which converted */
};
/*
 * Fills *m (the storage is the caller's to free with
 * smk_attr_markov_free, whatever the return).  Returns 1 when value was
 * shared; 0 when nothing was attributed, because no path converted
 * (P(conversion) 0, every removal effect 0, every cent 0: the caller
 * reports value as unattributed); -1 when touches are not in time order,
 * a lead has more than SMK_ATTR_MAX_TOUCHES, or value is INT64_MIN.
 */
int smk_attr_markov(const struct smk_attr_lead *leads, size_t nleads,
    int64_t value, struct smk_attr_markov *m);
void smk_attr_markov_free(struct smk_attr_markov *m);   /* zeroes m */

/*
 * The same chain built a lead at a time, for a cohort too large to hold:
 * the chain keeps its transition counts only (memory as the square of
 * the number of campaigns, whatever the number of leads), and the
 * result is smk_attr_markov's for the leads added, in any order.
 */
struct smk_attr_chain;
struct smk_attr_chain *smk_attr_chain_new(void);  /* free with _free */
/* Adds l's path (l is only read); -1, nothing added, when its touches
 * are not in time order or more than SMK_ATTR_MAX_TOUCHES. */
int smk_attr_chain_add(struct smk_attr_chain *c, const struct smk_attr_lead *l);
/* smk_attr_markov's result and returns for the leads added. */
int smk_attr_chain_solve(const struct smk_attr_chain *c, int64_t value,
    struct smk_attr_markov *m);
void smk_attr_chain_free(struct smk_attr_chain *c);  /* NULL harmless */

#endif
