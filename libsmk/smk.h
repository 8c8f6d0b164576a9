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
 * Writes src (NULL: empty) into dst, size bytes, as one line of text, the
 * way smk_err_set() keeps file, field and message: control characters and
 * bytes that are not UTF-8 as C escapes ("\n", "\xff"), and, when it does
 * not fit, its start and its end with "[...N bytes...]" for the middle.
 */
void smk_err_text(char *dst, size_t size, const char *src);
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
 * The limits of one record, so that memory stays bounded whatever a file
 * holds (smk(7), LIMITS): its bytes, line ends included (16 MiB, 500
 * times the most a spreadsheet cell holds), and its fields (as many
 * columns as a spreadsheet has).
 */
#define SMK_CSV_MAX_RECORD ((size_t)16 << 20)
#define SMK_CSV_MAX_FIELDS ((size_t)16384)

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
 * SMK_ENC_UTF8), NUL bytes, more than SMK_CSV_MAX_FIELDS fields, more
 * than SMK_CSV_MAX_RECORD bytes.  err->field is "field N" (1-based) when
 * one field is to blame.  A quoted field that breaks after its first line
 * (a stray quote further on, no closing quote at all, or one not closed
 * within SMK_CSV_MAX_RECORD bytes) rejects that first line only; the
 * lines after it are read again.  A line longer than SMK_CSV_MAX_RECORD
 * is skipped to its end: its record has no fields and no raw bytes.
 * Blank lines are skipped.
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
/* The bytes there are to read, for the percent of a progress line: a
 * regular file's size (from where reading starts), 0 when it is not
 * known (a pipe, a terminal). */
uint64_t smk_csv_size(const struct smk_csv *c);
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
/* Whether fmt, a strptime(3) format for smk_time_parse(), reads a year
 * and a month (a day it may leave out: the first); -1 with *why if not. */
int smk_time_format_check(const char *fmt, const char **why);
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
 * What a period is, kept with it so that reports can name it and step
 * back from it.  A relative name has the kind it resolves to: "this-month"
 * is a month, "yesterday" a day.
 */
enum smk_period_kind {
	SMK_PERIOD_SPAN = 0,   /* any [from, to): "last-Nd", or a period
	                        * built by hand (zeroed, kind is a span) */
	SMK_PERIOD_DAY,        /* "2026-11-23", "today", "yesterday" */
	SMK_PERIOD_WEEK,       /* "2026-W47", "this-week", "last-week" */
	SMK_PERIOD_MONTH,      /* "2026-11", "this-month", "last-month" */
	SMK_PERIOD_QUARTER,    /* "2026-Q4", "this-quarter", "last-quarter" */
	SMK_PERIOD_YEAR,       /* "2026" */
	SMK_PERIOD_RANGE       /* "A..B" */
};

/*
 * A period [from, to) in UTC seconds, computed in the local zone:
 * "2026", "2026-Q4", "2026-11", "2026-W47", "2026-11-23",
 * "2026-11-01..2026-11-30" (both days included), "today", "yesterday",
 * "this-week", "last-week", "this-month", "last-month", "this-quarter",
 * "last-quarter", "last-7d", "last-30d" (relative ones against now).
 * Weeks are ISO weeks, Monday first.  "A..B" takes any two periods and
 * runs from the start of A to the end of B.  "last-Nd" is any N days of
 * 24 hours ending at now: [now - N*86400, now).  smk_period_parse sets
 * kind too; the functions below trust it to describe from and to.
 */
struct smk_period {
	int64_t from;
	int64_t to;
	int kind;              /* enum smk_period_kind */
};
int smk_period_parse(const char *s, int64_t now, struct smk_period *out,
    const char **why);
/*
 * The period just before p, of the same length and kind, into *out (which
 * may be p), for "previous period" columns and lead velocity:
 * - a day, ISO week, month, quarter or year: the calendar one before it
 *   (2026-11-23 -> 2026-11-22, 2027-W01 -> 2026-W53, 2026-03 -> 2026-02:
 *   the calendar month, whatever its length, not 30 days);
 * - a range of whole months (from the 1st of a month to the end of a
 *   month, however written: "2026-10..2026-12", "2026-11-01..2026-11-30"):
 *   as many calendar months just before it (2026-07..2026-09);
 * - any other range of whole days: as many days just before it
 *   (2026-11-01..2026-11-15 -> 2026-10-17..2026-10-31);
 * - a span ("last-Nd"), or a range that starts or ends inside a day: the
 *   same number of seconds just before it (last-7d: the 7 times 24 hours
 *   before those).
 * Days are local calendar days: a week across a DST change keeps its
 * 167 or 169 hours.  Returns 0, or -1 with *why (static) when p is empty,
 * lies outside the years 1 to 9999, or the result would start before
 * year 1.
 */
int smk_period_prev(const struct smk_period *p, struct smk_period *out,
    const char **why);
/*
 * A canonical name for p into buf (at most 23 bytes with the NUL), for
 * report headers and CSV columns; the name follows the kind:
 * "2026", "2026-Q4", "2026-11", "2026-W47" (ISO year and week),
 * "2026-11-23"; a range of whole months is named by its first and last
 * month ("2026-10..2026-12"), any other range by its first and last day
 * ("2026-11-01..2026-11-15"), and either by the one month or day alone
 * when first and last are the same ("2026-11-01..2026-11-30" is
 * "2026-11").  A span is named by the local days it touches: last-7d at
 * 2026-11-25 15:00 is "2026-11-18..2026-11-25", and so is a range that
 * starts or ends inside a day ("last-7d..today"); those names parse back
 * to the whole days, every other name to the same seconds.  So
 * "this-month" run on 2026-11-29 is "2026-11".  Returns 0, or -1 with
 * *why (static) when p is empty or lies outside the years 1 to 9999.
 */
int smk_period_name(const struct smk_period *p, char buf[32],
    const char **why);

/* One ISO week of a period, as smk_period_weeks gives it. */
struct smk_period_week {
	int year;              /* ISO year: 2027-01-03 is in 2026-W53 */
	int week;              /* 1 to 53 */
	char name[12];         /* "2026-W53" */
	struct smk_period part;/* the part of the week inside the period:
	                        * kind SMK_PERIOD_WEEK when it is the whole
	                        * week, else SMK_PERIOD_RANGE (whole days) or
	                        * SMK_PERIOD_SPAN */
};
/*
 * The ISO weeks (Monday first, local zone) that p covers, in order, each
 * clipped to p: the weekly buckets of charts and lead velocity.  *weeks
 * is an array of *n (caller frees it with free(3)); an empty p gives none
 * and *weeks NULL.  Returns 0, or -1 with *why (static) when p lies
 * outside the years 1 to 9999.
 */
int smk_period_weeks(const struct smk_period *p,
    struct smk_period_week **weeks, size_t *n, const char **why);
/* The ISO week holding local time t, "2026-W47", into buf; "@t" (unix
 * seconds) when t lies outside the years 1 to 9999. */
void smk_period_week_name(int64_t t, char buf[32]);

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

/* Flags of smk_money_parse_currency. */
enum {
	SMK_MONEY_NEGATIVE = 1,      /* a negative amount is allowed */
	SMK_MONEY_DECIMAL_COMMA = 2  /* "1.234,50": a comma for the cents */
};
/*
 * Parses an amount as spend exports write it into cents, and the currency
 * the text names.  By default it reads what smk_money_parse reads, with
 * SMK_MONEY_DECIMAL_COMMA the same with comma and point swapped
 * ("1.234,50", "R$ 100.000" is 100000.00, "12,5"); in both, groups of
 * three may also be split by a space, U+00A0, U+202F or U+2009
 * ("1 234,50") or an apostrophe ("1'234.50"), one kind of mark per
 * amount, and a currency symbol or ISO 4217 code may stand before or
 * after the number, with or without a space ("R$ 1.234,50", "12 EUR",
 * "-US$5", "(1.234,50 €)").  A decimal mark before exactly three digits
 * without grouping marks ("1.500" by default, "1,500" with a decimal
 * comma) is refused as ambiguous, and so is the other convention's
 * decimal mark ("12,50" by default, "12.50" with a decimal comma).
 *
 * *currency (static storage; currency may be NULL if not wanted) is an
 * ISO code when the text tells which ("€" EUR, "£" GBP, "R$" BRL, "US$"
 * USD, "CHF" CHF, "usd" USD); the symbol itself when several currencies
 * share it: "$" (USD, CAD, AUD, MXN, ...), "¥" (JPY or CNY), "kr" (SEK,
 * NOK, DKK or ISK): the caller decides against the database's currency,
 * e.g. with smk_money_currency_fits(); NULL when the text names none.
 * Returns 0, or -1 with *why (static: "more than one currency", "unknown
 * currency", "bad digit grouping", ...) and *cents and *currency
 * untouched.  Flags not listed are ignored.
 */
int smk_money_parse_currency(const char *s, int flags, int64_t *cents,
    const char **currency, const char **why);
/*
 * The currency a currency column names ("EUR", " usd ", "€", "R$", "kr."),
 * as smk_money_parse_currency reports it, or NULL when it is not one.
 * Static storage.
 */
const char *smk_money_currency(const char *text);
/*
 * Whether an amount whose text named currency (as reported above; NULL:
 * none) may be in the currency with ISO code code (the database's): NULL
 * always may, an ISO code when it is code (either case), "$", "¥" and
 * "kr" when code is one of the currencies they stand for.
 */
int smk_money_currency_fits(const char *currency, const char *code);

/* "1234.56", "-0.05": plain, machine-readable (no grouping), for csv,
 * tsv and json. */
void smk_money_format(int64_t cents, char buf[32]);
/*
 * An amount for people (table and md output, reports): thousands grouped
 * by commas, a point before the cents, then a space and the currency's
 * ISO code: "1,234.50 BRL", "-0.05 EUR", "92,233,720,368,547,758.07 USD";
 * without the code when currency is NULL or "".  One rule for every
 * currency: the decimal points of a right-aligned column line up, and no
 * reader has to guess which "$" or whose decimal comma is meant.
 * currency is cut to 8 bytes.
 */
void smk_money_format_table(int64_t cents, const char *currency,
    char buf[40]);

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

/*
 * Colour in the table format, for a person at a terminal: a column's
 * style says which of its cells stand out.  Other formats ignore both
 * calls and stay byte for byte the same.
 */
enum smk_style {
	SMK_STYLE_NONE,
	/* the statuses of smk's reports: on-track and ok green; at-risk
	 * and late yellow; off-track, breached and open red; immature dim;
	 * any other value as it is */
	SMK_STYLE_STATUS,
	/* a number below zero red (a loss: ROI) */
	SMK_STYLE_SIGN
};
/* Sets the style of column col (call before the first row). */
void smk_out_style(struct smk_out *o, size_t col, int style);
/*
 * Turns colour on or off (off unless asked; the caller decides: a
 * terminal, NO_COLOR not set).  A styled cell is wrapped in ANSI SGR
 * escapes, which take no column: the table stays aligned.
 */
void smk_out_color(struct smk_out *o, int on);

/* Appends s as a JSON string literal with quotes (NULL: null); invalid
 * UTF-8 bytes become \ufffd. */
void smk_json_quote(struct smk_buf *b, const char *s);
/* How smk_csv_quote treats a cell that a spreadsheet would run. */
enum smk_csv_neutral {
	SMK_CSV_PLAIN = 0,      /* as it is */
	SMK_CSV_NEUTRALIZE = 1, /* text starting with = + - @ TAB CR gets a
	                         * leading ' */
	SMK_CSV_REVERSIBLE = 2  /* the same, and also a cell a spreadsheet
	                         * would read as a number, date, time or truth
	                         * value (it would save it back rewritten), and
	                         * one starting with ': a reader takes one ' off
	                         * every cell that starts with one and has the
	                         * value back (reject files, read again by the
	                         * importers) */
};
/* Appends s as a CSV cell for delimiter delim: quoted when needed,
 * neutralized as enum smk_csv_neutral says.  NULL is an empty cell. */
void smk_csv_quote(struct smk_buf *b, const char *s, int delim,
    int neutralize);
/* Display width of UTF-8 text in terminal columns. */
size_t smk_utf8_width(const char *s);
/* The length (1-4) of the UTF-8 sequence at s (s[0] not NUL), with *cp
 * its code point; 0 when the bytes at s are not valid UTF-8 (overlong,
 * a surrogate, past U+10FFFF), for the caller to treat that byte alone. */
size_t smk_utf8_decode(const char *s, unsigned long *cp);
/* Whether s is UTF-8 throughout; if not, *bad (when not NULL) is the
 * first byte that is not.  Text an smk tool stores must be: a CSV file
 * is checked row by row, a command line's values with this. */
int smk_utf8_valid(const char *s, unsigned *bad);

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

/*
 * The progress callback of the file readers (lead-import, handoff apply,
 * campaign-report spend): called with rows 0 when a file starts, then
 * every SMK_PROGRESS_ROWS rows with the rows read so far, the bytes read
 * (smk_csv_bytes) and the bytes there are (smk_csv_size, 0 when not
 * known).  A smaller file is never reported past its start: drawing
 * progress and how often is the caller's business.
 */
#define SMK_PROGRESS_ROWS 4096

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
	/* Progress (may be NULL), as SMK_PROGRESS_ROWS says. */
	void (*progress)(void *ctx, const char *file, long rows,
	    uint64_t bytes, uint64_t size);
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
	int no_time;         /* at is not known: only a move that is done
	                      * already goes (SMK_HO_ALREADY) */
	const char *reason;  /* a reason code, or NULL */
	const char *note;    /* or NULL */
	int64_t amount;      /* cents, or -1 */
	/* the reason code, and its note, of a move that needs one (a
	 * rejection by Sales, a lost deal) and has no reason: NULL, NULL
	 * for none */
	const char *default_reason, *default_note;
};
/*
 * Moves the lead named by ref (numeric id, key or email).  A Sales
 * rejection (mql or sal to recycled or disqualified) and a lost deal need
 * a valid reason code; "other" needs a note; sql and won need an amount.
 * A move dated before the lead's last stage change, or before the lead
 * was created, is refused, and so is one without a time (m->no_time)
 * unless it is done already.  A lead in that stage already, or the same
 * event recorded already, gives SMK_HO_ALREADY.  On SMK_HO_DONE and
 * SMK_HO_ALREADY *key is the lead's key (valid until the next call on
 * h).
 */
int smk_handoff_move(struct smk_handoff *h, const char *ref,
    const struct smk_move *m, const char **key, struct smk_err *err);
/* Sets the lead's owner (an owner event in the audit trail). */
int smk_handoff_assign(struct smk_handoff *h, const char *ref,
    const char *owner, int64_t at, const char **key, struct smk_err *err);
/* Adds a Sales note for Marketing; SMK_HO_ALREADY, writing nothing, when
 * the lead has the same note (text, actor and time) already. */
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
 * As smk_handoff_move, but when ref names no lead, a lead keyed ref is
 * created from *nl (nl->ref is not read), in stage lead at nl->at, and
 * then moved; *added says whether it was.  The lead is created only when
 * the move then lands or is done already (a lead created in the stage
 * asked for): a refused move creates nothing.
 */
int smk_handoff_move_add(struct smk_handoff *h, const char *ref,
    const struct smk_move *m, const struct smk_new_lead *nl, int *added,
    const char **key, struct smk_err *err);

/*
 * Round-robin routing over the reps of a file ("rep [weight]" a line, '#'
 * comments).  The counts and the place in the rotation live in the
 * database per pool, so runs from cron share out as one long run: with
 * an unchanged list every rep stays within one lead of its share N*w/W,
 * however few leads each run brings; a rep new to the pool starts level
 * (the rule and the list changes: handoff.c, "round robin").  A lead that
 * has an owner keeps it (SMK_HO_ALREADY).  *owner is the rep chosen
 * (valid until the next call).
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
	long added;     /* leads created */
};
void smk_handoff_counts(const struct smk_handoff *h,
    struct smk_handoff_counts *n);

/*
 * Erasure of people for data-protection requests (handoff forget), in one
 * transaction: each lead a reference names, with its touches, stage and
 * owner events and notes, and the address taken out of other leads'
 * notes and kept columns.  The batch records when, by whom and how many
 * leads, never which (forget.c says what stays, and why).
 */
struct smk_forget;
struct smk_forget_counts {
	long leads, touches, stage_events, owner_events, notes;
	long mentions;   /* other leads' records the address was cut from */
	long already;    /* references to a lead erased earlier in the run */
	long refused;    /* references that named no lead */
	int committed;   /* the erasure landed */
	int wal_left;    /* the -wal file could not be emptied after it */
};
int smk_forget_begin(struct smk_forget **out, struct smk_db *db,
    const char *actor, struct smk_err *err);
/*
 * Erases every lead ref names: the lead of that key, else of that id
 * (digits only); for an email address, every lead keyed by it or
 * carrying it.  SMK_HO_DONE; SMK_HO_ALREADY when ref names only leads
 * erased earlier in this run; SMK_HO_REFUSED (err says why) when it
 * names none; SMK_HO_FATAL.
 */
int smk_forget_lead(struct smk_forget *f, const char *ref,
    struct smk_err *err);
/*
 * Commits (commit non-zero) or rolls back, and frees f.  After a commit,
 * checkpoints the -wal file and truncates it, then calls key with the key
 * of each lead erased, in the order they were created, and NULL to
 * flush.  *n says what was erased.  Returns 0, or -1 with err: nothing
 * erased unless n->committed (then the checkpoint failed or the keys
 * could not be written).
 */
int smk_forget_end(struct smk_forget *f, int commit,
    int (*key)(void *ctx, const char *key), void *ctx,
    struct smk_forget_counts *n, struct smk_err *err);

/* Bulk stage changes from a CRM export (handoff apply). */
enum smk_apply_field {
	SMK_AF_KEY, SMK_AF_STAGE, SMK_AF_TIME, SMK_AF_OWNER, SMK_AF_AMOUNT,
	SMK_AF_REASON, SMK_AF_NOTE,
	SMK_AF_CLOSE,        /* a deal's close date: the time of won, lost */
	SMK_AF_WON_TIME,     /* the time of won (Pipedrive) */
	SMK_AF_LOST_TIME,    /* the time of lost (Pipedrive) */
	SMK_AF_COUNT
};
/* "key", "stage", ... to the field, or -1. */
int smk_apply_field_lookup(const char *name);
/* A stage as CRMs spell it ("Marketing Qualified Lead", "Closed Won",
 * "salesqualifiedlead", "mql") to enum smk_stage, or -1. */
int smk_apply_stage_lookup(const char *value);

struct smk_apply_counts {
	long rows, moved, already, rejected;
	long added;                    /* leads created (add_missing) */
};
/* A company's own stage value and the stage it means (--stage-map). */
struct smk_stage_map {
	const char *value;   /* compared as stage values are (folded) */
	int stage;           /* enum smk_stage */
};
struct smk_apply_opts {
	const char *map[SMK_AF_COUNT]; /* --map header per field, or NULL */
	/* stage values read before the built-in spellings; of two entries
	 * for one value the later counts */
	const struct smk_stage_map *stage_map;
	size_t nstage_map;
	int stage;           /* of rows without one (enum smk_stage), or -1 */
	const char *reason;  /* reason code of moves that need one and have
	                      * none, or NULL */
	const char *note;    /* the note that goes with reason, or NULL */
	int add_missing;     /* unknown keys become sales-sourced leads */
	const char *actor;
	int dry_run;
	FILE *rejects;                 /* or NULL */
	struct smk_csv_opts csv;
	void (*diag)(void *ctx, const struct smk_err *e);
	/* each key moved, then NULL to flush; -1: cannot write */
	int (*key)(void *ctx, const char *key);
	/* progress (may be NULL), as SMK_PROGRESS_ROWS says */
	void (*progress)(void *ctx, const char *file, long rows,
	    uint64_t bytes, uint64_t size);
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


/* ------------------------------------------------------------ campaigns */

/* Campaign metadata (campaign-report set); NULL members are left as
 * they are. */
struct smk_campaign_meta {
	const char *key;
	const char *name, *channel, *owner;
	const char *kind;        /* "promo" or "brand" */
	const char *start, *end; /* dates, any form smk_time_parse reads */
	int64_t budget;          /* cents, when has_budget */
	int has_budget;
};
/* Sets the campaign's metadata (creating it); -1 with err
 * (SMK_EXIT_USAGE) for a bad value.  Call inside a transaction. */
int smk_campaign_set(struct smk_db *db, const struct smk_campaign_meta *m,
    struct smk_err *err);
/* A small sheet read in one transaction (campaign-report set --from,
 * joint-kpi target --from). */
struct smk_sheet_opts {
	int dry_run;
	FILE *rejects;               /* or NULL */
	struct smk_csv_opts csv;
	void (*diag)(void *ctx, const struct smk_err *e);
	void (*summary)(void *ctx, const char *file, long rows, long set,
	    long rejected);
	void *ctx;
};
/* campaign-report set --from: a CSV of campaigns (key, name, channel,
 * owner, budget, kind, start, end).  Returns the exit status (see
 * smk_import_run). */
int smk_campaign_load(struct smk_db *db, const char *path,
    const struct smk_sheet_opts *o, struct smk_err *err);
/* The database's currency (ISO 4217) into code, "" when none is set. */
int smk_currency_get(struct smk_db *db, char code[4], struct smk_err *err);

/* Daily spend from ad-platform and finance exports (campaign-report
 * spend). */
enum smk_spend_field {
	SMK_SF_DATE, SMK_SF_CAMPAIGN, SMK_SF_AMOUNT, SMK_SF_CURRENCY,
	SMK_SF_CHANNEL,
	SMK_SF_COUNT
};
/* "date", "campaign", ... to the field, or -1. */
int smk_spend_field_lookup(const char *name);
struct smk_spend_counts {
	long rows, loaded, skipped, rejected;
	int64_t amount;              /* cents loaded */
};
struct smk_spend_opts {
	const char *map[SMK_SF_COUNT]; /* --map header per field, or NULL */
	const char *currency;        /* --currency: the files' currency */
	const char *date;            /* --date: the day of a file of totals */
	int decimal_comma;           /* 1.234,50 */
	int dry_run;
	const char *actor;
	FILE *rejects;               /* or NULL */
	struct smk_csv_opts csv;
	void (*diag)(void *ctx, const struct smk_err *e);
	/* progress (may be NULL), as SMK_PROGRESS_ROWS says */
	void (*progress)(void *ctx, const char *file, long rows,
	    uint64_t bytes, uint64_t size);
	void (*summary)(void *ctx, const char *file,
	    const struct smk_spend_counts *n);
	void *ctx;
};
/* Loads the files (NULL-terminated; "-" standard input) in one
 * transaction.  Returns the exit status (see smk_import_run). */
int smk_spend_run(struct smk_db *db, const char *const *files,
    const struct smk_spend_opts *o, struct smk_err *err);

/* The campaign report (campaign-report; formulas in its man page). */
struct smk_listing;
enum smk_by { SMK_BY_CAMPAIGN, SMK_BY_CHANNEL, SMK_BY_OWNER, SMK_BY_KIND };
struct smk_report_opts {
	struct smk_period period;
	int64_t as_of;
	int model;             /* smk_report_model() */
	double half_life;      /* days, for decay; <= 0: 7 */
	int by;                /* enum smk_by */
	const char *channel;   /* only this channel, or NULL */
	const char *owner;     /* only this owner, or NULL */
	int sort;              /* smk_report_sort_column(), or -1: by key */
	int compare_models;    /* revenue and pipeline under every model */
	int money_display;     /* amounts with currency and grouping */
};
/* An attribution model by name ("first", "last", "linear", "u", "w",
 * "full", "decay", "markov"), or -1. */
int smk_report_model(const char *name);
/* A report column by name ("spend", "roi", ...), or -1. */
int smk_report_sort_column(const char *name);
/* One row per campaign (or rollup), then a totals row; returns the rows
 * before the totals, or -1 with err. */
long smk_report_campaigns(struct smk_db *db, const struct smk_report_opts *o,
    const struct smk_listing *out, struct smk_err *err);

/* ------------------------------------------------------------ joint KPIs */

/* The KPIs, by number 0 .. smk_kpi_count() - 1 (joint-kpi(1) lists them). */
int smk_kpi_count(void);
int smk_kpi_lookup(const char *name);   /* -1 when unknown */
const char *smk_kpi_name(int k);        /* NULL out of range */

#define SMK_KPI_CAP 1.2        /* a KPI's attainment counts up to this */
#define SMK_KPI_AT_RISK 0.9    /* below 1, at or above this: at risk */
enum smk_kpi_status {
	SMK_KS_NONE, SMK_KS_ON_TRACK, SMK_KS_AT_RISK, SMK_KS_OFF_TRACK,
	SMK_KS_IMMATURE
};
/* "on-track", ... (NULL for none); the parse takes the first three. */
const char *smk_kpi_status_name(int st);
int smk_kpi_status_parse(const char *s);

struct smk_mx_usual_q;
struct smk_mx_flow;
struct smk_kpi_opts {
	struct smk_period period;
	int64_t as_of;
	double at_risk;        /* <= 0: SMK_KPI_AT_RISK */
	double cap;            /* <= 0: SMK_KPI_CAP */
	int money_display;     /* amounts with currency and grouping */
	/* the usual times already read (the brief's one pass over the
	 * moves), or NULL: read here when one asked is not among them */
	const struct smk_mx_usual_q *usual;
	size_t nusual;
	/* the flows already read (metrics.c's smk_mx_flows, by as_of) of
	 * nflow periods, flow[i] of flow_period[i], or none */
	const struct smk_period *flow_period;
	const struct smk_mx_flow *flow;
	size_t nflow;
};
/* One KPI of a period. */
struct smk_kpi_row {
	int kpi;
	const char *name, *team;   /* static storage */
	int lower_better, money, count;
	int has_actual, has_target, has_prev, has_attainment;
	double actual;             /* money in cents */
	double target;             /* the period's, before pro rata */
	double pace;               /* the target the actual is held to */
	double prev;               /* the previous period's actual */
	double attainment;
	int immature;
	int status;                /* enum smk_kpi_status */
};
struct smk_kpi_score {
	int known;
	double value;
	int status;
};
/* Every KPI of o->period into rows (room for smk_kpi_count()), and the
 * joint attainment score. */
int smk_kpi_compute(struct smk_db *db, const struct smk_kpi_opts *o,
    struct smk_kpi_row *rows, struct smk_kpi_score *score,
    struct smk_err *err);
/* The same for each of n periods per[i] (o->period unused), into rows
 * from i * smk_kpi_count() and score[i]: each period's numbers read
 * once, where the periods and those before them overlap. */
int smk_kpi_compute_periods(struct smk_db *db, const struct smk_kpi_opts *o,
    size_t n, const struct smk_period *per, struct smk_kpi_row *rows,
    struct smk_kpi_score *score, struct smk_err *err);
/* A KPI's value as its kind prints it ("0.612", "1234.50", "12.5"). */
void smk_kpi_format(int k, double v, int money_display, const char *cur,
    char *buf, size_t size);
/* The scoreboard: a row per KPI, then the joint attainment; *worst is
 * the worst status of a KPI with a target.  Returns the KPIs listed. */
struct smk_listing;
long smk_kpi_list(struct smk_db *db, const struct smk_kpi_opts *o,
    const struct smk_listing *out, int *worst, struct smk_err *err);
/* A KPI's value for a target as written ("0.6", "60%", "12000"). */
int smk_kpi_parse_value(int k, const char *s, double *v, const char **why);
/* Sets a target (weight: NULL leaves the KPI's weight); call inside a
 * transaction.  -1 with err (SMK_EXIT_USAGE) for a bad value. */
int smk_kpi_target_set(struct smk_db *db, const char *kpi,
    const char *period, const char *value, const char *weight,
    const char *actor, struct smk_err *err);
long smk_list_targets(struct smk_db *db, const struct smk_listing *out,
    struct smk_err *err);
/* joint-kpi target --from: a CSV of kpi, period, value, weight. */
int smk_kpi_target_load(struct smk_db *db, const char *path,
    const char *actor, const struct smk_sheet_opts *o, struct smk_err *err);

/* joint-kpi forecast (forecast.c; the method in joint-kpi(1), FORECAST). */
#define SMK_FORECAST_QUARTERS 4  /* the closed quarters back-tested */
struct smk_forecast_opts {
	int64_t as_of;         /* the events as they stood then */
	int money_display;     /* amounts with currency and grouping */
};
/*
 * The weighted forecast at o->as_of, a row each for marketing-sourced,
 * sales-sourced and total; then the back-test, a row per quarter of the
 * last SMK_FORECAST_QUARTERS that ended by o->as_of, oldest first: the
 * forecast made just before it began against what its open deals were
 * won at within it; then the mean absolute errors.  Returns the rows
 * listed, or -1 with err.
 */
long smk_forecast_list(struct smk_db *db, const struct smk_forecast_opts *o,
    const struct smk_listing *out, struct smk_err *err);

/* joint-kpi funnel: a row per stage (lead, mql, sal, sql, won), then a
 * row per leak before, at and after the hand-off; the columns and their
 * rules are in joint-kpi(1), FUNNEL. */
struct smk_funnel_opts {
	struct smk_period period;
	int64_t as_of;
	int money_display;     /* amounts with currency and grouping */
};
/* Returns the rows listed, or -1 with err. */
long smk_funnel_report(struct smk_db *db, const struct smk_funnel_opts *o,
    const struct smk_listing *out, struct smk_err *err);
/*
 * The weekly joint-meeting brief (joint-kpi brief; its sections and the
 * rules of its questions in joint-kpi(1)): the scoreboard, what changed
 * since the previous period, the funnel and its leaks, trends over the
 * last 8 periods, SLA breaches, rejection and loss reasons, campaign
 * results, Sales notes, and the open questions, each for its team.
 */
enum smk_brief_format {
	SMK_BRIEF_MD,     /* Markdown */
	SMK_BRIEF_HTML,   /* one page: inline CSS, SVG charts, no script */
	SMK_BRIEF_EMAIL   /* a MIME message for sendmail -t: text and HTML
	                   * whose charts are table cells */
};
/* "md", "html", "email" to the format, or -1. */
int smk_brief_format_parse(const char *s);
struct smk_brief_opts {
	struct smk_period period;
	int64_t as_of;
	int as_of_given;       /* a past as_of: replay the SLA's open MQLs */
	int format;            /* enum smk_brief_format */
	/* email: the header fields, printable ASCII (to required; from
	 * NULL: none, sendmail -t adds one; subject NULL: one naming the
	 * period, UTF-8 allowed) and the Date */
	const char *to, *from, *subject;
	int64_t date;
};
/* Appends the brief to out (caller frees with smk_buf_free).  -1 with
 * err: SMK_EXIT_USAGE for a header field a mail cannot carry or a
 * period too early to have 8 before it, else a database failure. */
int smk_brief_render(struct smk_db *db, const struct smk_brief_opts *o,
    struct smk_buf *out, struct smk_err *err);

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
/* Every campaign the database knows (set, touched or spent on). */
long smk_list_campaigns(struct smk_db *db, const struct smk_listing *out,
    struct smk_err *err);

#endif /* SMK_H */
