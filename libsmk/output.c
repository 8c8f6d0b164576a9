/* output.c — report rows as an aligned table, CSV, TSV, JSON, JSON Lines or Markdown. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "smk.h"

struct smk_out {
	FILE *f;
	int format;
	size_t ncols;
	char **names;
	int *types;
	struct smk_buf line;   /* the line being built, written whole */
	long nrows;
	int failed;            /* a short write was seen */
	/* table only: sanitized cells of every row, row-major; NULL = empty */
	char **cells;
	size_t ncells, capcells;
	int *styles;           /* table only: enum smk_style per column */
	int color;             /* table only: styles drawn */
};

/* ------------------------------------------------------------ UTF-8 */

/*
 * Decodes one UTF-8 sequence at s.  Returns its length (1-4) with *cp set,
 * or 0 when the bytes at s are not valid UTF-8 (overlong forms, surrogates
 * and code points past U+10FFFF included), so callers can treat that byte
 * on its own.  s[0] must not be NUL.
 */
static size_t
utf8_next(const unsigned char *s, unsigned long *cp)
{
	unsigned long c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)  /* also stops at the NUL */
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

size_t
smk_utf8_decode(const char *s, unsigned long *cp)
{
	return utf8_next((const unsigned char *)s, cp);
}

int
smk_utf8_valid(const char *s, unsigned *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t n;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((n = utf8_next(p, &c)) == 0) {
			if (bad != NULL)
				*bad = *p;
			return 0;
		}
		p += n;
	}
	return 1;
}

struct range {
	unsigned long lo, hi;
};

/*
 * Code points that take no column: combining marks (Mn, Me), Hangul
 * medial vowels and final consonants (they join the preceding syllable),
 * and format characters (zero-width space/joiners, bidi controls, BOM,
 * variation selectors, tags).  Not the whole of Unicode, but the marks
 * that names and company names in lead data actually carry.
 */
static const struct range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x061c, 0x061c },
	{ 0x064b, 0x065f }, { 0x0670, 0x0670 }, { 0x06d6, 0x06dc },
	{ 0x06df, 0x06e4 }, { 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed },
	{ 0x0711, 0x0711 }, { 0x0730, 0x074a }, { 0x07a6, 0x07b0 },
	{ 0x07eb, 0x07f3 }, { 0x0898, 0x089f }, { 0x08ca, 0x08e1 },
	{ 0x08e3, 0x0902 }, { 0x093a, 0x093a },
	{ 0x093c, 0x093c }, { 0x0941, 0x0948 }, { 0x094d, 0x094d },
	{ 0x0951, 0x0957 }, { 0x0962, 0x0963 }, { 0x0981, 0x0981 },
	{ 0x09bc, 0x09bc }, { 0x09c1, 0x09c4 }, { 0x09cd, 0x09cd },
	{ 0x09e2, 0x09e3 }, { 0x0a01, 0x0a02 }, { 0x0a3c, 0x0a3c },
	{ 0x0a41, 0x0a42 }, { 0x0a47, 0x0a48 }, { 0x0a4b, 0x0a4d },
	{ 0x0a70, 0x0a71 }, { 0x0a81, 0x0a82 }, { 0x0abc, 0x0abc },
	{ 0x0ac1, 0x0ac5 }, { 0x0ac7, 0x0ac8 }, { 0x0acd, 0x0acd },
	{ 0x0b01, 0x0b01 }, { 0x0b3c, 0x0b3c }, { 0x0b3f, 0x0b3f },
	{ 0x0b41, 0x0b44 }, { 0x0b4d, 0x0b4d }, { 0x0b82, 0x0b82 },
	{ 0x0bc0, 0x0bc0 }, { 0x0bcd, 0x0bcd }, { 0x0c3e, 0x0c40 },
	{ 0x0c46, 0x0c48 }, { 0x0c4a, 0x0c4d }, { 0x0cbc, 0x0cbc },
	{ 0x0ccc, 0x0ccd }, { 0x0d41, 0x0d44 }, { 0x0d4d, 0x0d4d },
	{ 0x0dca, 0x0dca }, { 0x0dd2, 0x0dd4 }, { 0x0dd6, 0x0dd6 },
	{ 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e },
	{ 0x0eb1, 0x0eb1 }, { 0x0eb4, 0x0ebc }, { 0x0ec8, 0x0ecd },
	{ 0x0f18, 0x0f19 }, { 0x0f35, 0x0f35 }, { 0x0f37, 0x0f37 },
	{ 0x0f39, 0x0f39 }, { 0x0f71, 0x0f7e }, { 0x0f80, 0x0f84 },
	{ 0x0f86, 0x0f87 }, { 0x0f8d, 0x0fbc }, { 0x102d, 0x1030 },
	{ 0x1032, 0x1037 }, { 0x1039, 0x103a }, { 0x1160, 0x11ff },
	{ 0x135d, 0x135f }, { 0x1712, 0x1714 }, { 0x17b4, 0x17b5 },
	{ 0x17b7, 0x17bd }, { 0x17c6, 0x17c6 }, { 0x17c9, 0x17d3 },
	{ 0x180b, 0x180f }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff },
	{ 0x200b, 0x200f }, { 0x202a, 0x202e }, { 0x2060, 0x2064 },
	{ 0x20d0, 0x20f0 }, { 0x302a, 0x302d }, { 0x3099, 0x309a },
	{ 0xa66f, 0xa672 }, { 0xa674, 0xa67d }, { 0xa69e, 0xa69f },
	{ 0xa6f0, 0xa6f1 }, { 0xa8e0, 0xa8f1 }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff }, { 0xe0001, 0xe0001 },
	{ 0xe0020, 0xe007f }, { 0xe0100, 0xe01ef }
};

/*
 * Code points a terminal draws two columns wide: East Asian Wide and
 * Fullwidth (Hangul Jamo initials, CJK, Kana, Hangul syllables, fullwidth
 * forms) and the emoji that have default emoji presentation.
 */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18aff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b }, { 0x1f240, 0x1f248 },
	{ 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 }, { 0x1f300, 0x1f320 },
	{ 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c }, { 0x1f37e, 0x1f393 },
	{ 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 }, { 0x1f3e0, 0x1f3f0 },
	{ 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e }, { 0x1f440, 0x1f440 },
	{ 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d }, { 0x1f54b, 0x1f54e },
	{ 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a }, { 0x1f595, 0x1f596 },
	{ 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f }, { 0x1f680, 0x1f6c5 },
	{ 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 }, { 0x1f6d5, 0x1f6d7 },
	{ 0x1f6eb, 0x1f6ec }, { 0x1f6f4, 0x1f6fc }, { 0x1f7e0, 0x1f7eb },
	{ 0x1f90c, 0x1f93a }, { 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff },
	{ 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd }
};

static int
in_ranges(unsigned long c, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static size_t
cp_width(unsigned long c)
{
	/* Controls draw nothing (the table format replaces them anyway). */
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	if (c < 0x300)
		return 1;
	/* Zero-width first: a few marks sit inside the wide CJK blocks. */
	if (in_ranges(c, zero_width, sizeof(zero_width) / sizeof(zero_width[0])))
		return 0;
	if (in_ranges(c, wide, sizeof(wide) / sizeof(wide[0])))
		return 2;
	return 1;
}

size_t
smk_utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t n, w = 0;

	if (s == NULL)
		return 0;
	while (*p != '\0') {
		if ((n = utf8_next(p, &c)) == 0) {
			/* A stray byte: terminals show one replacement glyph. */
			w++;
			p++;
			continue;
		}
		w += cp_width(c);
		p += n;
	}
	return w;
}

/* ---------------------------------------------------------- quoting */

void
smk_json_quote(struct smk_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t n;

	if (s == NULL) {
		smk_buf_adds(b, "null");
		return;
	}
	smk_buf_addc(b, '"');
	while (*p != '\0') {
		switch (*p) {
		case '"':  smk_buf_adds(b, "\\\""); p++; continue;
		case '\\': smk_buf_adds(b, "\\\\"); p++; continue;
		case '\n': smk_buf_adds(b, "\\n"); p++; continue;
		case '\r': smk_buf_adds(b, "\\r"); p++; continue;
		case '\t': smk_buf_adds(b, "\\t"); p++; continue;
		case '\b': smk_buf_adds(b, "\\b"); p++; continue;
		case '\f': smk_buf_adds(b, "\\f"); p++; continue;
		default:   break;
		}
		if (*p < 0x20) {
			smk_buf_printf(b, "\\u%04x", (unsigned)*p);
			p++;
		} else if ((n = utf8_next(p, &c)) == 0) {
			/* JSON text must be UTF-8: a stray byte becomes U+FFFD
			 * rather than making the whole document unreadable. */
			smk_buf_adds(b, "\\ufffd");
			p++;
		} else {
			smk_buf_add(b, (const char *)p, n);
			p += n;
		}
	}
	smk_buf_addc(b, '"');
}

/* Characters that make a spreadsheet read a cell as a formula (OWASP's
 * CSV-injection list). */
static int
formula_start(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

/*
 * Whether a spreadsheet may read s as something other than text, and so
 * save it back in its own way: a number, date, time or fraction (all of
 * which start with a digit, a sign, a point, or a blank it trims) or a
 * truth value.  LibreOffice Calc, saving as CSV, writes "+4930123456" as
 * "4930123456", "01234" as "1234", "-12.50" as "-12.5", "1e5" as
 * "1.00E+05", a 20-digit number with 15 digits, "12:30:00" as "12:30:00
 * PM", "3/4" as a date, "true" as "TRUE".
 */
static int
spreadsheet_reads(const char *s)
{
	if (s[0] != '\0' && strchr("0123456789+-. \t", s[0]) != NULL)
		return 1;
	return strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0;
}

void
smk_csv_quote(struct smk_buf *b, const char *s, int delim, int neutralize)
{
	size_t len, i;
	int pre, quote;

	if (s == NULL)
		s = "";
	len = strlen(s);
	if (neutralize == SMK_CSV_REVERSIBLE)
		pre = s[0] == '\'' || formula_start(s) || spreadsheet_reads(s);
	else
		pre = neutralize != SMK_CSV_PLAIN && formula_start(s);
	quote = strchr(s, '"') != NULL || strchr(s, '\r') != NULL ||
	    strchr(s, '\n') != NULL ||
	    (delim != '\0' && memchr(s, delim, len) != NULL);
	/* Leading or trailing blanks are quoted so that readers which trim
	 * unquoted cells keep them; a prefix ' covers a leading one. */
	if (len > 0 && !pre && (s[0] == ' ' || s[0] == '\t'))
		quote = 1;
	if (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		quote = 1;
	if (quote)
		smk_buf_addc(b, '"');
	if (pre)
		smk_buf_addc(b, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			smk_buf_addc(b, '"');
		smk_buf_addc(b, s[i]);
	}
	if (quote)
		smk_buf_addc(b, '"');
}

/* Whether p is an optional exponent ([eE][+-]?d+) and then the end: the
 * tail both number grammars below share. */
static int
ends_with_exponent(const char *p)
{
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* A JSON number (RFC 8259): -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
static int
is_json_number(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return ends_with_exponent(p);
}

/* A number as a spreadsheet would read it: an optional sign, digits with
 * at most one decimal point, an optional exponent. */
static int
looks_numeric(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	return ends_with_exponent(p);
}

/*
 * Whether a cell must be neutralized in CSV and TSV.  TEXT cells always
 * are when they start like a formula, even "-12": in a text column it is
 * text (a code, a phone extension, a name fragment), the column's type is
 * what the report promised, and guessing per cell would let a crafted
 * value such as "-1+cmd|..." through.  NUM cells are exempt so that a
 * negative amount stays a number; but a NUM cell that is not a number at
 * all (a bug upstream, or a placeholder) gets no exemption, since the
 * exemption exists only for numbers.
 */
static int
must_neutralize(int type, const char *cell)
{
	if (type == SMK_COL_NUM && looks_numeric(cell))
		return 0;
	return 1;
}

/* --------------------------------------------------------- formats */

int
smk_format_parse(const char *s)
{
	static const char *const names[] = {
		[SMK_FMT_TABLE] = "table", [SMK_FMT_CSV] = "csv",
		[SMK_FMT_TSV] = "tsv", [SMK_FMT_JSON] = "json",
		[SMK_FMT_JSONL] = "jsonl", [SMK_FMT_MD] = "md"
	};
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

int
smk_format_default(int fd)
{
	return isatty(fd) ? SMK_FMT_TABLE : SMK_FMT_TSV;
}

/* Writes the line built so far and starts a new one. */
static void
flush_line(struct smk_out *o)
{
	if (o->line.len > 0 &&
	    fwrite(o->line.s, 1, o->line.len, o->f) != o->line.len)
		o->failed = 1;
	smk_buf_reset(&o->line);
}

/*
 * TSV has no quoting, so characters that would end a cell or a record
 * cannot be kept: every TAB, CR and LF inside a cell becomes one space.
 * Formulas are neutralized as in CSV, because spreadsheets open TSV too.
 */
static void
tsv_cell(struct smk_buf *b, const char *s, int neutralize)
{
	if (neutralize && formula_start(s))
		smk_buf_addc(b, '\'');
	for (; *s != '\0'; s++)
		smk_buf_addc(b, (*s == '\t' || *s == '\r' || *s == '\n') ?
		    ' ' : *s);
}

/* GitHub-flavoured Markdown: '|' would end the cell and a line end the
 * row, so they become "\|" and "<br>" (CRLF is one line end). */
static void
md_cell(struct smk_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|') {
			smk_buf_adds(b, "\\|");
		} else if (*s == '\r' || *s == '\n') {
			if (s[0] == '\r' && s[1] == '\n')
				s++;
			smk_buf_adds(b, "<br>");
		} else {
			smk_buf_addc(b, *s);
		}
	}
}

/*
 * A table cell as it will be shown: C0 and C1 control characters (line
 * ends, tabs, ESC and CSI, which could also drive the terminal) become
 * spaces so that every row stays on one line and aligned.
 */
static char *
table_cell(const char *s)
{
	struct smk_buf b = { 0 };
	const unsigned char *p = (const unsigned char *)s;

	smk_buf_add(&b, "", 0);
	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			smk_buf_addc(&b, ' ');
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			smk_buf_addc(&b, ' ');
			p++;
		} else {
			smk_buf_addc(&b, *p);
		}
	}
	return smk_buf_detach(&b);
}

static void
table_push(struct smk_out *o, char *cell)
{
	if (o->ncells == o->capcells) {
		o->capcells = o->capcells ? o->capcells * 2 : 64;
		o->cells = smk_xrealloc(o->cells,
		    o->capcells * sizeof(*o->cells));
	}
	o->cells[o->ncells++] = cell;
}

static void
header_row(struct smk_out *o)
{
	size_t i;

	switch (o->format) {
	case SMK_FMT_CSV:
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				smk_buf_addc(&o->line, ',');
			smk_csv_quote(&o->line, o->names[i], ',', 1);
		}
		/* CRLF: RFC 4180 says so, and Excel reads it everywhere. */
		smk_buf_adds(&o->line, "\r\n");
		break;
	case SMK_FMT_TSV:
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				smk_buf_addc(&o->line, '\t');
			tsv_cell(&o->line, o->names[i], 1);
		}
		smk_buf_addc(&o->line, '\n');
		break;
	case SMK_FMT_MD:
		smk_buf_addc(&o->line, '|');
		for (i = 0; i < o->ncols; i++) {
			smk_buf_addc(&o->line, ' ');
			md_cell(&o->line, o->names[i]);
			smk_buf_adds(&o->line, " |");
		}
		smk_buf_adds(&o->line, "\n|");
		for (i = 0; i < o->ncols; i++)
			smk_buf_adds(&o->line, o->types[i] == SMK_COL_NUM ?
			    " ---: |" : " --- |");
		smk_buf_addc(&o->line, '\n');
		break;
	default:
		return;
	}
	flush_line(o);
}

struct smk_out *
smk_out_open(FILE *f, int format, int bom, size_t ncols,
    const char *const *names, const int *types)
{
	struct smk_out *o = smk_xcalloc(1, sizeof(*o));
	size_t i;

	o->f = f;
	/* An unknown format falls back to the pipe default rather than
	 * writing nothing. */
	o->format = (format >= SMK_FMT_TABLE && format <= SMK_FMT_MD) ?
	    format : SMK_FMT_TSV;
	o->ncols = ncols;
	o->names = smk_xcalloc(ncols, sizeof(*o->names));
	o->types = smk_xcalloc(ncols, sizeof(*o->types));
	o->styles = smk_xcalloc(ncols, sizeof(*o->styles));
	for (i = 0; i < ncols; i++) {
		o->names[i] = smk_xstrdup(names[i] ? names[i] : "");
		o->types[i] = (types != NULL && types[i] == SMK_COL_NUM) ?
		    SMK_COL_NUM : SMK_COL_TEXT;
	}
	/* A BOM only helps spreadsheets guess UTF-8; in JSON, Markdown or a
	 * terminal it is a stray character. */
	if (bom && (o->format == SMK_FMT_CSV || o->format == SMK_FMT_TSV)) {
		smk_buf_adds(&o->line, "\xEF\xBB\xBF");
		flush_line(o);
	}
	header_row(o);
	return o;
}

static void
json_object(struct smk_out *o, const char *const *cells)
{
	size_t i;

	smk_buf_addc(&o->line, '{');
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			smk_buf_addc(&o->line, ',');
		smk_json_quote(&o->line, o->names[i]);
		smk_buf_addc(&o->line, ':');
		if (cells[i] == NULL)
			smk_buf_adds(&o->line, "null");
		else if (o->types[i] == SMK_COL_NUM && is_json_number(cells[i]))
			smk_buf_adds(&o->line, cells[i]);
		else
			smk_json_quote(&o->line, cells[i]);
	}
	smk_buf_addc(&o->line, '}');
}

void
smk_out_row(struct smk_out *o, const char *const *cells)
{
	const char *c;
	size_t i;

	switch (o->format) {
	case SMK_FMT_TABLE:
		for (i = 0; i < o->ncols; i++)
			table_push(o, cells[i] ? table_cell(cells[i]) : NULL);
		break;
	case SMK_FMT_CSV:
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				smk_buf_addc(&o->line, ',');
			if ((c = cells[i]) != NULL)
				smk_csv_quote(&o->line, c, ',',
				    must_neutralize(o->types[i], c));
		}
		smk_buf_adds(&o->line, "\r\n");
		break;
	case SMK_FMT_TSV:
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				smk_buf_addc(&o->line, '\t');
			if ((c = cells[i]) != NULL)
				tsv_cell(&o->line, c,
				    must_neutralize(o->types[i], c));
		}
		smk_buf_addc(&o->line, '\n');
		break;
	case SMK_FMT_JSON:
		smk_buf_adds(&o->line, o->nrows == 0 ? "[\n" : ",\n");
		json_object(o, cells);
		break;
	case SMK_FMT_JSONL:
		json_object(o, cells);
		smk_buf_addc(&o->line, '\n');
		break;
	case SMK_FMT_MD:
		smk_buf_addc(&o->line, '|');
		for (i = 0; i < o->ncols; i++) {
			smk_buf_addc(&o->line, ' ');
			if (cells[i] != NULL)
				md_cell(&o->line, cells[i]);
			smk_buf_adds(&o->line, " |");
		}
		smk_buf_addc(&o->line, '\n');
		break;
	}
	o->nrows++;
	flush_line(o);
}

void
smk_out_style(struct smk_out *o, size_t col, int style)
{
	if (col < o->ncols)
		o->styles[col] = style;
}

void
smk_out_color(struct smk_out *o, int on)
{
	o->color = on && o->format == SMK_FMT_TABLE;
}

#define SGR_RED "\033[31m"
#define SGR_GREEN "\033[32m"
#define SGR_YELLOW "\033[33m"
#define SGR_DIM "\033[2m"
#define SGR_RESET "\033[0m"

/* The escape that starts a styled cell, or NULL for none. */
static const char *
cell_sgr(int style, const char *cell)
{
	static const struct {
		const char *status, *sgr;
	} statuses[] = {
		{ "on-track", SGR_GREEN }, { "ok", SGR_GREEN },
		{ "at-risk", SGR_YELLOW }, { "late", SGR_YELLOW },
		{ "off-track", SGR_RED }, { "breached", SGR_RED },
		{ "open", SGR_RED }, { "immature", SGR_DIM }
	};
	size_t i;

	if (cell == NULL || cell[0] == '\0')
		return NULL;
	switch (style) {
	case SMK_STYLE_STATUS:
		for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
			if (strcmp(cell, statuses[i].status) == 0)
				return statuses[i].sgr;
		return NULL;
	case SMK_STYLE_SIGN:
		/* "-0.000" is no loss: a digit past zero makes it one */
		return cell[0] == '-' && strpbrk(cell, "123456789") != NULL ?
		    SGR_RED : NULL;
	default:
		return NULL;
	}
}

/* One table line: numbers right-aligned, text left-aligned, two spaces
 * between columns, no trailing blanks.  The cells of a row (not of the
 * header) are coloured as their column's style says when colour is on;
 * the escapes go inside the padding, so they take no width. */
static void
table_line(struct smk_out *o, const size_t *w, char *const *cells,
    int row)
{
	const char *sgr;
	size_t i, cw, pad, last;

	/* The last column with something in it: nothing is padded past it. */
	last = 0;
	for (i = 0; i < o->ncols; i++)
		if (cells[i] != NULL && cells[i][0] != '\0')
			last = i + 1;
	for (i = 0; i < last; i++) {
		if (i > 0)
			smk_buf_adds(&o->line, "  ");
		cw = cells[i] ? smk_utf8_width(cells[i]) : 0;
		pad = w[i] > cw ? w[i] - cw : 0;
		if (o->types[i] == SMK_COL_NUM)
			while (pad-- > 0)
				smk_buf_addc(&o->line, ' ');
		sgr = row && o->color ? cell_sgr(o->styles[i], cells[i]) :
		    NULL;
		if (sgr != NULL)
			smk_buf_adds(&o->line, sgr);
		if (cells[i] != NULL)
			smk_buf_adds(&o->line, cells[i]);
		if (sgr != NULL)
			smk_buf_adds(&o->line, SGR_RESET);
		if (o->types[i] != SMK_COL_NUM && i + 1 < last)
			while (pad-- > 0)
				smk_buf_addc(&o->line, ' ');
	}
	smk_buf_addc(&o->line, '\n');
	flush_line(o);
}

static void
table_write(struct smk_out *o)
{
	size_t *w, i, j, cw;
	char **hdr;

	if (o->ncols == 0)
		return;
	w = smk_xcalloc(o->ncols, sizeof(*w));
	hdr = smk_xcalloc(o->ncols, sizeof(*hdr));
	for (i = 0; i < o->ncols; i++) {
		hdr[i] = table_cell(o->names[i]);
		w[i] = smk_utf8_width(hdr[i]);
	}
	for (j = 0; j < o->ncells; j++) {
		i = j % o->ncols;
		if (o->cells[j] != NULL &&
		    (cw = smk_utf8_width(o->cells[j])) > w[i])
			w[i] = cw;
	}
	table_line(o, w, hdr, 0);
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			smk_buf_adds(&o->line, "  ");
		for (j = 0; j < w[i]; j++)
			smk_buf_addc(&o->line, '-');
	}
	smk_buf_addc(&o->line, '\n');
	flush_line(o);
	for (j = 0; j < o->ncells; j += o->ncols)
		table_line(o, w, o->cells + j, 1);
	for (i = 0; i < o->ncols; i++)
		free(hdr[i]);
	free(hdr);
	free(w);
}

int
smk_out_close(struct smk_out *o)
{
	size_t i;
	int rc;

	if (o == NULL)
		return 0;
	switch (o->format) {
	case SMK_FMT_TABLE:
		table_write(o);
		break;
	case SMK_FMT_JSON:
		smk_buf_adds(&o->line, o->nrows == 0 ? "[]\n" : "\n]\n");
		flush_line(o);
		break;
	default:
		break;
	}
	/* fflush so that a full disk shows now, not at the caller's fclose;
	 * ferror catches failures of writes made before this close too. */
	rc = (o->failed || fflush(o->f) == EOF || ferror(o->f)) ? -1 : 0;
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	for (i = 0; i < o->ncols; i++)
		free(o->names[i]);
	free(o->names);
	free(o->types);
	free(o->styles);
	smk_buf_free(&o->line);
	free(o);
	return rc;
}
