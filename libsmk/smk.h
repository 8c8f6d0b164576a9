/* smk.h — the public API of libsmk: the one header the tools in cmd/ include. */
#ifndef SMK_H
#define SMK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SMK_VERSION "0.1.0"

/*
 * Conventions
 * - Functions return 0 on success and -1 on failure, unless said otherwise;
 *   on failure they fill the struct smk_err passed to them.
 * - The library never prints and never exits, except that the allocators
 *   below abort on out-of-memory.
 * - "caller frees" means free(3); other ownership is spelled out.
 */

/* ---------------------------------------------------------------- errors */

/* Exit statuses, the same for every tool (DESIGN.md). */
enum smk_exit {
	SMK_EXIT_OK = 0,       /* success */
	SMK_EXIT_FINDINGS = 1, /* finished, with findings (rejected rows, ...) */
	SMK_EXIT_USAGE = 2,    /* usage error, nothing done */
	SMK_EXIT_FAILURE = 3   /* input unreadable, database or I/O error */
};

/*
 * A diagnostic: where (file, line, field) and what.  status is the exit
 * status it maps to; a row-level problem is SMK_EXIT_FINDINGS, a failure
 * SMK_EXIT_FAILURE.  Empty file/field and line 0 mean "not known".
 */
struct smk_err {
	int status;
	long line;
	char file[256];
	char field[128];
	char msg[768];
};

void smk_err_clear(struct smk_err *e);
/* Sets every member; file and field may be NULL.  Returns -1 for chaining. */
int smk_err_set(struct smk_err *e, int status, const char *file, long line,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/*
 * Formats e as "file:line: field: msg" (parts that are not known left out)
 * into buf; the tools put "prog: " in front.
 */
void smk_err_format(const struct smk_err *e, char *buf, size_t size);
/* The worse (higher) of two exit statuses. */
int smk_exit_worst(int a, int b);

/* ---------------------------------------------------------------- memory */

/* Allocators that never return NULL: they abort(3) on out-of-memory. */
void *smk_xmalloc(size_t n);
void *smk_xcalloc(size_t n, size_t size);
void *smk_xrealloc(void *p, size_t n);
char *smk_xstrdup(const char *s);
char *smk_xstrndup(const char *s, size_t n);

/* A growable byte buffer, always NUL-terminated once anything is added. */
struct smk_buf {
	char *s;
	size_t len;
	size_t cap;
};
void smk_buf_reset(struct smk_buf *b);  /* len = 0, keeps the storage */
void smk_buf_free(struct smk_buf *b);   /* frees the storage, zeroes b */
void smk_buf_add(struct smk_buf *b, const char *s, size_t n);
void smk_buf_adds(struct smk_buf *b, const char *s);
void smk_buf_addc(struct smk_buf *b, int c);
void smk_buf_printf(struct smk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the string to the caller (caller frees) and zeroes b. */
char *smk_buf_detach(struct smk_buf *b);

/* ------------------------------------------------------------- CSV input */

enum smk_encoding {
	SMK_ENC_UTF8 = 0,   /* default: invalid UTF-8 rejects the row */
	SMK_ENC_LATIN1 = 1  /* every byte is ISO 8859-1, converted to UTF-8;
	                     * 0x80-0x9f are read as Windows-1252 (euro
	                     * sign, curly quotes), as Excel writes them */
};

struct smk_csv_opts {
	int delimiter;      /* ',' ';' '\t' or 0 to sniff from the first line */
	int encoding;       /* enum smk_encoding */
};

/*
 * One record.  fields[i] is NUL-terminated UTF-8 (converted, BOM stripped);
 * raw is the record's bytes exactly as read from the file (UTF-16 as its
 * UTF-8 conversion, no BOM), line end(s) included.  line is the line
 * where the record started (1-based, counting CRLF, LF and lone CR as one
 * line end each).  Owned by the reader: valid until the next
 * smk_csv_next() or smk_csv_close().
 */
struct smk_record {
	size_t nfields;
	char **fields;
	size_t *lens;
	long line;
	const char *raw;
	size_t rawlen;
};

struct smk_csv;

/*
 * Opens path for reading ("-" is standard input; display name "-" then
 * shown as "<stdin>").  Detects and strips a UTF-8 BOM, converts UTF-16
 * LE/BE with BOM to UTF-8.  Returns -1 with err (status SMK_EXIT_FAILURE)
 * when the file cannot be opened.
 */
int smk_csv_open(struct smk_csv **out, const char *path,
    const struct smk_csv_opts *opts, struct smk_err *err);
/*
 * Reads the next record.  Returns 1 with *rec set, 0 at end of input, -1
 * for a bad record: err says what and where (status SMK_EXIT_FINDINGS) and
 * *rec still points at the record with its raw bytes, so a caller can write
 * it to a reject file; reading may go on.  Returns -2 on a read error
 * (err status SMK_EXIT_FAILURE); reading may not go on.
 * Bad records: unbalanced or stray quotes, invalid UTF-8 (under
 * SMK_ENC_UTF8), NUL bytes.  err->field is "field N" (1-based) when one
 * field is to blame.  A quoted field that breaks after its first line (a
 * stray quote further on, or no closing quote at all) rejects that first
 * line only; the lines after it are read again.  Blank lines are skipped.
 * A byte-order mark decides the encoding over opts->encoding.
 */
int smk_csv_next(struct smk_csv *c, struct smk_record **rec,
    struct smk_err *err);
/* The delimiter in use (after sniffing: known once the first record is read). */
int smk_csv_delimiter(const struct smk_csv *c);
/* The name used in diagnostics. */
const char *smk_csv_name(const struct smk_csv *c);
/*
 * SHA-256 of every byte read so far, as 64 lowercase hex digits into hex
 * (65 bytes).  After end of input: the file's digest.
 */
void smk_csv_sha256(const struct smk_csv *c, char hex[65]);
/* Bytes read so far (for progress). */
uint64_t smk_csv_bytes(const struct smk_csv *c);
void smk_csv_close(struct smk_csv *c); /* NULL is harmless */

/* --------------------------------------------------------- normalization */
/* Pure functions: no I/O, no global state. */

/* Trims ASCII and UTF-8 white space at both ends and collapses inner runs
 * into one space.  out is reset first. */
void smk_norm_space(const char *in, struct smk_buf *out);
/*
 * Trims and lower-cases an email address and checks its shape (one @, a
 * non-empty local part, a domain with a dot, no spaces).  Returns 0, or -1
 * with *why set to a static explanation; out holds the trimmed,
 * lower-cased text either way.
 */
int smk_norm_email(const char *in, struct smk_buf *out, const char **why);
/* Keeps a leading '+' and the digits; "ext"/"x" extensions kept as "x123". */
void smk_norm_phone(const char *in, struct smk_buf *out);
/*
 * ISO 3166-1 alpha-2 code for a country name, common spelling or code
 * ("Germany", "Deutschland", "USA", "United States", "Brasil", "de",
 * "DEU"), or NULL when not recognized.  Case, accents, punctuation and a
 * leading "the" do not matter.  Static storage.
 */
const char *smk_norm_country(const char *in);
/*
 * True when s is a placeholder blank after trimming: empty, "Select", "NA",
 * "N/A", "NULL", "-", "none", "." (case-insensitive), or one of the extra
 * strings in the NULL-terminated list extra (may be NULL).
 */
int smk_norm_is_null(const char *s, const char *const *extra);
/* Case-insensitive ASCII comparison helpers. */
int smk_strcaseeq(const char *a, const char *b);

/* -------------------------------------------------------- time, periods */
/* Times are int64 seconds since the epoch, UTC. */

/*
 * Parses a time in the common export forms: ISO 8601 date, date-time with
 * optional fraction and zone (Z, +hh:mm, +hhmm), "YYYY-MM-DD HH:MM[:SS]",
 * "M/D/YYYY [h:mm[:ss] [AM|PM]]", "YYYY.MM.DD", "DD.MM.YYYY", "YYYY/MM/DD",
 * unix seconds "@1700000000"; a zone may also be "UTC" or "GMT", a 12-hour
 * clock may follow any date form, a fraction of a second is dropped.
 * Without a zone the time is read in the local zone (TZ).  A date alone
 * means its local midnight.  fmt, when not NULL, is a strptime(3) format
 * used instead of the guesses ("%z" in it reads a zone).
 * Returns 0, or -1 with *why set to a static explanation.  A day-first
 * date the guesses do not read ("31-12-2026", "31/12/2026 14:30") is
 * explained with the --date-format that reads it.
 */
int smk_time_parse(const char *s, const char *fmt, int64_t *out,
    const char **why);
/* How far in the future a time given for something that happened may
 * lie (clock skew between machines); later is refused. */
#define SMK_FUTURE_SKEW (5 * 60)

/* "2026-11-23T16:30:00Z" (21 bytes with NUL). */
void smk_time_format_utc(int64_t t, char buf[32]);
/* Local time "2026-11-23 17:30" for reports. */
void smk_time_format_local(int64_t t, char buf[32]);
/* The current time, or $SMK_NOW (any form smk_time_parse reads) when set:
 * tests pin the clock with it. */
int64_t smk_time_now(void);

/*
 * A period [from, to) in UTC seconds, computed in the local zone:
 * "2026", "2026-Q4", "2026-11", "2026-W47", "2026-11-23",
 * "2026-11-01..2026-11-30" (both days included), "today", "yesterday",
 * "this-week", "last-week", "this-month", "last-month", "this-quarter",
 * "last-quarter", "last-7d", "last-30d" (relative ones against now).
 * Weeks are ISO weeks, Monday first.  "A..B" takes any two periods and
 * runs from the start of A to the end of B.  "last-Nd" is any N days of
 * 24 hours ending at now: [now - N*86400, now).
 */
struct smk_period {
	int64_t from;
	int64_t to;
};
int smk_period_parse(const char *s, int64_t now, struct smk_period *out,
    const char **why);

/* ------------------------------------------------------------------ money */

/*
 * Parses an amount into integer minor units (cents): "1234", "1234.5",
 * "1234.56", "1,234.56", "$1,234.56", "-12.30" when allow_negative.
 * A comma as a decimal mark ("12,5") is refused as ambiguous.  More than
 * two decimals is refused, unless the extra ones are zeros ("12.5000").
 * The symbols $, € and £ may lead or trail; "(12.30)" is negative.
 * Returns 0, or -1 with *why (and *cents untouched).
 */
int smk_money_parse(const char *s, int allow_negative, int64_t *cents,
    const char **why);
/* "1234.56", "-0.05": plain, machine-readable (no grouping). */
void smk_money_format(int64_t cents, char buf[32]);

/* ----------------------------------------------------------------- output */

enum smk_format {
	SMK_FMT_TABLE, SMK_FMT_CSV, SMK_FMT_TSV, SMK_FMT_JSON, SMK_FMT_JSONL,
	SMK_FMT_MD
};
/* Column types: numbers are right-aligned, unquoted in JSON and exempt
 * from formula neutralization in CSV and TSV (a NUM cell that does not
 * look like a number is neutralized like text). */
enum smk_coltype { SMK_COL_TEXT, SMK_COL_NUM };

/* Parses "table", "csv", ...; returns -1 when unknown. */
int smk_format_parse(const char *s);
/* The default: table when fd is a terminal, tsv otherwise. */
int smk_format_default(int fd);

struct smk_out;
/*
 * Starts output of ncols columns to f.  names and types are copied; types
 * may be NULL (all text).  bom writes a UTF-8 byte-order mark first (csv
 * and tsv only).  The table format holds rows until smk_out_close() to
 * align them; the others stream.  f stays the caller's: never closed.
 */
struct smk_out *smk_out_open(FILE *f, int format, int bom, size_t ncols,
    const char *const *names, const int *types);
/* One row of ncols cells; a NULL cell is empty (null in JSON). */
void smk_out_row(struct smk_out *o, const char *const *cells);
/* Finishes output, flushes f and frees o; returns 0, or -1 if any write
 * to f failed (ferror). */
int smk_out_close(struct smk_out *o);

/* Appends s as a JSON string literal with quotes (NULL: null); invalid
 * UTF-8 bytes become \ufffd. */
void smk_json_quote(struct smk_buf *b, const char *s);
/* Appends s as a CSV cell for delimiter delim: quoted when needed; when
 * neutralize, text starting with = + - @ TAB CR gets a leading '.  NULL
 * is an empty cell. */
void smk_csv_quote(struct smk_buf *b, const char *s, int delim,
    int neutralize);
/* Display width of UTF-8 text in terminal columns. */
size_t smk_utf8_width(const char *s);

/* --------------------------------------------------------------- database */

struct smk_db;

enum smk_db_mode {
	SMK_DB_READ = 0,  /* the file must exist; nothing is created */
	SMK_DB_WRITE = 1, /* created with mode 0600 when missing; migrated */
	/*
	 * SMK_DB_WRITE whose write transactions run without SQLite's
	 * foreign key checks, for the bulk writers that only write ids
	 * their own transaction has read or inserted (lead-import's
	 * import, handoff apply): see smk_db_begin() in db.c.
	 */
	SMK_DB_BULK = 2
};

/* -d/--db, else $SMK_DB, else "smk.db".  Static or opt storage. */
const char *smk_db_path(const char *opt);
/*
 * Opens (and for SMK_DB_WRITE and SMK_DB_BULK creates and migrates) the
 * database: WAL, busy timeout, foreign keys on.  A database from a newer
 * smk is refused.
 */
int smk_db_open(struct smk_db **out, const char *path, int mode,
    struct smk_err *err);
/*
 * Closes db (NULL is harmless).  A file that smk_db_open() created, when
 * nothing was committed to it (smk_db_commit), is removed again with its
 * -wal and -shm, unless another run has it open or wrote to it.
 */
void smk_db_close(struct smk_db *db);
/* One write transaction (BEGIN IMMEDIATE): the whole command lands or
 * not.  Foreign keys are checked in it, but under SMK_DB_BULK. */
int smk_db_begin(struct smk_db *db, struct smk_err *err);
int smk_db_commit(struct smk_db *db, struct smk_err *err);
void smk_db_rollback(struct smk_db *db);
/* The schema version this library writes. */
int smk_db_schema_version(void);
/* Settings (key/value, shared by the tools).  *val: caller frees; NULL
 * when unset. */
int smk_db_setting_get(struct smk_db *db, const char *name, char **val,
    struct smk_err *err);
int smk_db_setting_set(struct smk_db *db, const char *name, const char *val,
    struct smk_err *err);

/* ----------------------------------------------------------------- import */

/* Canonical lead fields, in the order of DESIGN.md. */
enum smk_field {
	SMK_F_EMAIL, SMK_F_FIRST_NAME, SMK_F_LAST_NAME, SMK_F_COMPANY,
	SMK_F_TITLE, SMK_F_PHONE, SMK_F_COUNTRY, SMK_F_SOURCE, SMK_F_CAMPAIGN,
	SMK_F_CHANNEL, SMK_F_CREATED_AT,
	SMK_F_COUNT
};
/* "email", "first_name", ...; NULL past the end. */
const char *smk_field_name(int f);
/* The field a header spelling maps to, or -1. */
int smk_field_lookup_header(const char *header);
/* The field a canonical name names ("first_name"), or -1. */
int smk_field_lookup_name(const char *name);

/* Funnel stages, in rank order. */
enum smk_stage {
	SMK_ST_LEAD, SMK_ST_MQL, SMK_ST_SAL, SMK_ST_SQL, SMK_ST_WON,
	SMK_ST_LOST, SMK_ST_RECYCLED, SMK_ST_DISQUALIFIED,
	SMK_ST_COUNT
};
const char *smk_stage_name(int st);
int smk_stage_lookup(const char *name); /* -1 when unknown */

struct smk_rules;
/* Parses a scoring rules file (see lead-import(1)); caller frees with
 * smk_rules_free().  Errors name the file and line. */
int smk_rules_load(struct smk_rules **out, const char *path,
    struct smk_err *err);
void smk_rules_free(struct smk_rules *r);

/* Per-file counts of one import. */
struct smk_import_counts {
	long rows, new_leads, updated, unchanged, rejected, mql, touches;
};

struct smk_import_opts {
	const char *map[SMK_F_COUNT]; /* header to use per field, or NULL */
	const char *key_column;  /* --key: external id column, or NULL */
	const char *campaign;    /* --campaign default, or NULL */
	const char *source;      /* --source default, or NULL */
	const char *date_format; /* --date-format, or NULL */
	const char *const *nulls;/* --null extras, NULL-terminated, or NULL */
	const struct smk_rules *rules; /* or NULL */
	long mql_at;             /* threshold; < 0: none */
	int stage;               /* --stage: enum smk_stage, or -1 */
	int dry_run;
	const char *actor;       /* who ran it, for events and batches */
	struct smk_csv_opts csv;
	FILE *rejects;           /* reject file, or NULL */
	/* Called for every row diagnostic (never NULL). */
	void (*diag)(void *ctx, const struct smk_err *e);
	/*
	 * Called with the key of each lead that became MQL (may be NULL),
	 * then once with key NULL to flush; returns -1 when the keys cannot
	 * be written.  It runs after the commit, so the next tool in a pipe
	 * finds the leads (a write failure then is exit 3 with the import
	 * committed).
	 */
	int (*mql)(void *ctx, const char *key);
	/* Called now and then with progress (may be NULL). */
	void (*progress)(void *ctx, const char *file, long rows,
	    uint64_t bytes);
	/* Called after each file with its counts (may be NULL). */
	void (*summary)(void *ctx, const char *file,
	    const struct smk_import_counts *n);
	void *ctx;
};

/*
 * Imports the files (NULL-terminated; "-" is standard input) in one
 * transaction.  Returns the exit status: SMK_EXIT_OK, SMK_EXIT_FINDINGS
 * when rows were rejected, SMK_EXIT_FAILURE with err filled when nothing
 * could be written (then nothing was).
 */
int smk_import_run(struct smk_db *db, const char *const *files,
    const struct smk_import_opts *opts, struct smk_err *err);

/* ---------------------------------------------------------------- handoff */

/* The Sales rejection reasons of DESIGN.md, NULL-terminated; "other"
 * needs a note. */
extern const char *const smk_reason_codes[];
int smk_reason_valid(const char *code);

/* One handoff command: one transaction, one batch in the audit trail. */
struct smk_handoff;
int smk_handoff_begin(struct smk_handoff **out, struct smk_db *db,
    const char *command, const char *file, const char *actor,
    struct smk_err *err);
/*
 * Commits (commit non-zero) or rolls back, records the batch, frees h.
 * After a commit, key (may be NULL) is called with the key of each lead
 * kept with smk_handoff_keep(), once each, then with NULL to flush; it
 * returns -1 when it cannot write.  Returns 0, or -1 with err when the
 * commit failed (nothing written) or the keys could not be written (the
 * changes were committed).
 */
int smk_handoff_end(struct smk_handoff *h, int commit,
    int (*key)(void *ctx, const char *key), void *ctx, struct smk_err *err);
/* Keys given to h come from another system (apply): an all-digit key is
 * never taken for an internal lead id. */
void smk_handoff_external_keys(struct smk_handoff *h);
/* Keeps the lead the last call on h found, for the keys printed by
 * smk_handoff_end(). */
int smk_handoff_keep(struct smk_handoff *h, struct smk_err *err);

/* What smk_handoff_* return for one lead. */
enum {
	SMK_HO_FATAL = -1,   /* database failure: err filled, stop */
	SMK_HO_DONE = 0,     /* done */
	SMK_HO_REFUSED = 1,  /* refused (unknown lead, illegal move, ...):
	                      * err filled, status SMK_EXIT_FINDINGS */
	SMK_HO_ALREADY = 2   /* the same event is recorded already */
};

struct smk_move {
	int to;              /* enum smk_stage */
	int64_t at;          /* when it happened */
	const char *reason;  /* a reason code, or NULL */
	const char *note;    /* or NULL */
	int64_t amount;      /* cents, or -1 */
};
/*
 * Moves the lead named by ref (numeric id, key or email).  A Sales
 * rejection (mql or sal to recycled or disqualified) and a lost deal need
 * a valid reason code; "other" needs a note; sql and won need an amount.
 * A move dated before the lead's last stage change is refused.  A lead
 * in that stage already, or the same event recorded already, gives
 * SMK_HO_ALREADY.  On SMK_HO_DONE and SMK_HO_ALREADY *key is the lead's
 * key (valid until the next call on h).
 */
int smk_handoff_move(struct smk_handoff *h, const char *ref,
    const struct smk_move *m, const char **key, struct smk_err *err);
/* Sets the lead's owner (an owner event in the audit trail). */
int smk_handoff_assign(struct smk_handoff *h, const char *ref,
    const char *owner, int64_t at, const char **key, struct smk_err *err);
/* Adds a Sales note for Marketing. */
int smk_handoff_note(struct smk_handoff *h, const char *ref,
    const char *text, int64_t at, const char **key, struct smk_err *err);

/* A lead created by hand (handoff add). */
struct smk_new_lead {
	const char *ref;     /* an email (the key) or an external id */
	const char *f[SMK_F_COUNT]; /* optional canonical fields */
	int sales_sourced;
	int64_t at;
};
int smk_handoff_add(struct smk_handoff *h, const struct smk_new_lead *nl,
    const char **key, struct smk_err *err);

/*
 * Round-robin routing over the reps of a file ("rep [weight]" a line, '#'
 * comments).  The counts live in the database per pool, so runs from cron
 * share fairly: each lead goes to the rep with the lowest count/weight
 * after the assignment; a rep new to the pool starts level with the
 * others.  A lead that has an owner keeps it (SMK_HO_ALREADY).  *owner is
 * the rep chosen (valid until the next call).
 */
struct smk_rr;
int smk_rr_load(struct smk_rr **out, const char *path, struct smk_err *err);
void smk_rr_free(struct smk_rr *rr);
int smk_handoff_assign_rr(struct smk_handoff *h, struct smk_rr *rr,
    const char *pool, const char *ref, int64_t at, const char **key,
    const char **owner, struct smk_err *err);

/* Counts of what one handoff command did. */
struct smk_handoff_counts {
	long done, refused, already;
};
void smk_handoff_counts(const struct smk_handoff *h,
    struct smk_handoff_counts *n);

/* Bulk stage changes from a CRM export (handoff apply). */
enum smk_apply_field {
	SMK_AF_KEY, SMK_AF_STAGE, SMK_AF_TIME, SMK_AF_OWNER, SMK_AF_AMOUNT,
	SMK_AF_REASON, SMK_AF_NOTE,
	SMK_AF_COUNT
};
/* "key", "stage", ... to the field, or -1. */
int smk_apply_field_lookup(const char *name);
/* A stage as CRMs spell it ("Marketing Qualified Lead", "Closed Won",
 * "salesqualifiedlead", "mql") to enum smk_stage, or -1. */
int smk_apply_stage_lookup(const char *value);

struct smk_apply_counts {
	long rows, moved, already, rejected;
};
struct smk_apply_opts {
	const char *map[SMK_AF_COUNT]; /* --map header per field, or NULL */
	const char *actor;
	int dry_run;
	FILE *rejects;                 /* or NULL */
	struct smk_csv_opts csv;
	void (*diag)(void *ctx, const struct smk_err *e);
	/* each key moved, then NULL to flush; -1: cannot write */
	int (*key)(void *ctx, const char *key);
	void (*summary)(void *ctx, const char *file,
	    const struct smk_apply_counts *n);
	void *ctx;
};
/*
 * Applies the stage changes of path ("-": standard input) in one
 * transaction.  Rows naming unknown leads, illegal moves, bad times,
 * amounts or reasons go to the reject file; the rest land.  A row whose
 * event is recorded already, or whose lead is in that stage already,
 * changes nothing, so applying a file twice is harmless.  Returns the exit
 * status (see smk_import_run).
 */
int smk_apply_run(struct smk_db *db, const char *path,
    const struct smk_apply_opts *o, struct smk_err *err);

/* Checks a handoff setting's value (sla_hours, sla_business_hours,
 * sla_weekdays); -1 with err (SMK_EXIT_USAGE) when it is not valid. */
int smk_config_check(const char *name, const char *value,
    struct smk_err *err);

/* Writes one reject line (file,line,field,reason,record; the record
 * exactly as read, line end stripped) to f. */
void smk_reject_write(FILE *f, const struct smk_err *e,
    const struct smk_record *rec);

/* ------------------------------------------------------------ listings */

/* What a listing hands its caller: the columns once, then each row. */
struct smk_listing {
	void (*begin)(void *ctx, size_t ncols, const char *const *names,
	    const int *types);
	void (*row)(void *ctx, const char *const *cells);
	void *ctx;
};

enum smk_feedback_view {
	SMK_FB_CAMPAIGNS, /* acceptance and rejections per campaign */
	SMK_FB_REASONS,   /* rejections per campaign and reason */
	SMK_FB_NOTES      /* Sales notes */
};

struct smk_list_opts {
	const char *owner;        /* queue, sla: only this owner, or NULL */
	int breached;             /* queue: only SLA breaches */
	struct smk_period period; /* sla, feedback */
	int64_t as_of;            /* the report's "now" */
	int as_of_given;          /* a past as_of: replay the events */
	const char *ref;          /* history: the lead */
	int view;                 /* feedback: enum smk_feedback_view */
	/* SLA overrides (NULL: the database settings sla_hours,
	 * sla_business_hours, sla_weekdays) */
	const char *sla_hours, *business_hours, *weekdays;
};

/* Each returns the number of rows listed (for sla: the breaches), or -1
 * with err (status SMK_EXIT_USAGE for a bad SLA setting,
 * SMK_EXIT_FINDINGS for an unknown lead, SMK_EXIT_FAILURE otherwise). */
long smk_list_queue(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err);
long smk_list_sla(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err);
long smk_list_history(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err);
long smk_list_feedback(struct smk_db *db, const struct smk_list_opts *o,
    const struct smk_listing *out, struct smk_err *err);

#endif /* SMK_H */
