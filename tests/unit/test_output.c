/* test_output.c — exact bytes of every output format, quoting and display width. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smk.h"
#include "unit.h"

static const char *const names3[] = { "campaign", "leads", "note" };
static const int types3[] = { SMK_COL_TEXT, SMK_COL_NUM, SMK_COL_TEXT };

/* Runs rows (nrows x ncols cells) through a format; caller frees. */
static char *
render(int format, int bom, size_t ncols, const char *const *names,
    const int *types, const char *const *rows, size_t nrows, int *rc)
{
	char *s = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&s, &len);
	struct smk_out *o;

	if (f == NULL) {
		perror("open_memstream");
		exit(1);
	}
	o = smk_out_open(f, format, bom, ncols, names, types);
	for (i = 0; i < nrows; i++)
		smk_out_row(o, rows + i * ncols);
	*rc = smk_out_close(o);
	fclose(f);
	return s;
}

#define RENDER(fmt, bom, rows, n) \
	render((fmt), (bom), 3, names3, types3, (rows), (n), &rc)

static void
check_render(char *got, const char *want, const char *desc)
{
	CHECK_STR(got, want, desc);
	free(got);
}

static void
test_quote(void)
{
	struct smk_buf b = { 0 };

#define CSVQ(in, delim, neut, want, desc) do { \
	smk_buf_reset(&b); \
	smk_buf_add(&b, "", 0); \
	smk_csv_quote(&b, (in), (delim), (neut)); \
	CHECK_STR(b.s, (want), desc); \
} while (0)
	CSVQ("plain", ',', 1, "plain", "csv: plain text unquoted");
	CSVQ("", ',', 1, "", "csv: empty stays empty");
	CSVQ(NULL, ',', 1, "", "csv: NULL is an empty cell");
	CSVQ("a,b", ',', 1, "\"a,b\"", "csv: delimiter quoted");
	CSVQ("a;b", ',', 1, "a;b", "csv: other delimiter not quoted");
	CSVQ("a;b", ';', 1, "\"a;b\"", "csv: ';' quoted under ';'");
	CSVQ("say \"hi\"", ',', 1, "\"say \"\"hi\"\"\"", "csv: quotes doubled");
	CSVQ("a\nb", ',', 1, "\"a\nb\"", "csv: LF quoted");
	CSVQ("a\rb", ',', 1, "\"a\rb\"", "csv: CR quoted");
	CSVQ(" lead", ',', 1, "\" lead\"", "csv: leading space quoted");
	CSVQ("lead ", ',', 1, "\"lead \"", "csv: trailing space quoted");
	CSVQ("a b", ',', 1, "a b", "csv: inner space not quoted");
	CSVQ("=1+1", ',', 1, "'=1+1", "csv: = neutralized");
	CSVQ("+49 30 1234", ',', 1, "'+49 30 1234",
	    "csv: + neutralized (a text column)");
	CSVQ("-12", ',', 1, "'-12", "csv: -12 in text neutralized");
	CSVQ("@SUM(A1)", ',', 1, "'@SUM(A1)", "csv: @ neutralized");
	CSVQ("\tx", ',', 1, "'\tx", "csv: TAB neutralized, not quoted");
	CSVQ("\rx", ',', 1, "\"'\rx\"", "csv: CR neutralized and quoted");
	CSVQ("=HYPERLINK(\"http://x\",\"a,b\")", ',', 1,
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\"",
	    "csv: neutralized then quoted");
	CSVQ("-12.50", ',', 0, "-12.50", "csv: no neutralize keeps -12.50");
	CSVQ("=x", ',', 0, "=x", "csv: neutralize off");
	CSVQ("a\tb", '\t', 0, "\"a\tb\"", "csv: tab delimiter quoted");
	CSVQ("x=1", ',', 1, "x=1", "csv: = inside is harmless");
	/* reversible: what reject files write, read back by taking one '
	 * off every cell that starts with one */
	/* a cell a spreadsheet would read as a number, date, time or truth
	 * value is text too: saved again, it would come back rewritten */
	CSVQ("-12.50", ',', SMK_CSV_REVERSIBLE, "'-12.50",
	    "reversible: -12.50 is not saved back as -12.5");
	CSVQ("+4930123456", ',', SMK_CSV_REVERSIBLE, "'+4930123456",
	    "reversible: a phone keeps its +");
	CSVQ("01234", ',', SMK_CSV_REVERSIBLE, "'01234",
	    "reversible: a zip keeps its 0");
	CSVQ("1e5", ',', SMK_CSV_REVERSIBLE, "'1e5",
	    "reversible: an exponent is not written out");
	CSVQ(".5", ',', SMK_CSV_REVERSIBLE, "'.5", "reversible: .5");
	CSVQ("12", ',', SMK_CSV_REVERSIBLE, "'12",
	    "reversible: a plain number too (one rule, any spreadsheet)");
	CSVQ("2026-11-02", ',', SMK_CSV_REVERSIBLE, "'2026-11-02",
	    "reversible: a date");
	CSVQ("3/4", ',', SMK_CSV_REVERSIBLE, "'3/4",
	    "reversible: a fraction that would be a date");
	CSVQ("12:30:00", ',', SMK_CSV_REVERSIBLE, "'12:30:00",
	    "reversible: a time");
	CSVQ(" 12", ',', SMK_CSV_REVERSIBLE, "' 12",
	    "reversible: a leading blank, no quotes needed");
	CSVQ("true", ',', SMK_CSV_REVERSIBLE, "'true",
	    "reversible: a truth value");
	CSVQ("FALSE", ',', SMK_CSV_REVERSIBLE, "'FALSE",
	    "reversible: in any case");
	CSVQ("1,5", ',', SMK_CSV_REVERSIBLE, "\"'1,5\"",
	    "reversible: text, then quoted");
	CSVQ("Truest", ',', SMK_CSV_REVERSIBLE, "Truest",
	    "reversible: a word is a word");
	CSVQ("Suite 12", ',', SMK_CSV_REVERSIBLE, "Suite 12",
	    "reversible: digits inside text are text");
	CSVQ("+49 30 1234", ',', SMK_CSV_REVERSIBLE, "'+49 30 1234",
	    "reversible: a phone is text");
	CSVQ("-1+cmd|x", ',', SMK_CSV_REVERSIBLE, "'-1+cmd|x",
	    "reversible: a formula after a sign is not a number");
	CSVQ("'quoted", ',', SMK_CSV_REVERSIBLE, "''quoted",
	    "reversible: a leading ' gets another");
	CSVQ("'=x", ',', SMK_CSV_REVERSIBLE, "''=x",
	    "reversible: '= keeps both");
	CSVQ("@a,b", ',', SMK_CSV_REVERSIBLE, "\"'@a,b\"",
	    "reversible: neutralized then quoted");
	CSVQ("plain", ',', SMK_CSV_REVERSIBLE, "plain",
	    "reversible: plain text as it is");
	CSVQ("'x", ',', SMK_CSV_NEUTRALIZE, "'x",
	    "neutralize: a leading ' alone is no formula");
	CSVQ("Müller, José", ',', 1, "\"Müller, José\"", "csv: UTF-8 kept");
#undef CSVQ

#define JSONQ(in, want, desc) do { \
	smk_buf_reset(&b); \
	smk_buf_add(&b, "", 0); \
	smk_json_quote(&b, (in)); \
	CHECK_STR(b.s, (want), desc); \
} while (0)
	JSONQ("abc", "\"abc\"", "json: plain");
	JSONQ("", "\"\"", "json: empty");
	JSONQ(NULL, "null", "json: NULL is null");
	JSONQ("a\"b\\c", "\"a\\\"b\\\\c\"", "json: quote and backslash");
	JSONQ("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"", "json: short escapes");
	JSONQ("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"",
	    "json: other controls as \\u00XX, DEL kept");
	JSONQ("/", "\"/\"", "json: slash not escaped");
	JSONQ("Grüße 東京 😀", "\"Grüße 東京 😀\"", "json: UTF-8 as is");
	JSONQ("a\xff" "b", "\"a\\ufffdb\"", "json: invalid byte -> U+FFFD");
	JSONQ("\xc0\xaf", "\"\\ufffd\\ufffd\"", "json: overlong refused");
	JSONQ("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"",
	    "json: surrogate refused");
	JSONQ("\xe6\x9d", "\"\\ufffd\\ufffd\"", "json: truncated sequence");
#undef JSONQ
	smk_buf_free(&b);
}

static void
test_width(void)
{
	CHECK_INT(smk_utf8_width(""), 0, "width: empty");
	CHECK_INT(smk_utf8_width(NULL), 0, "width: NULL");
	CHECK_INT(smk_utf8_width("abc"), 3, "width: ASCII");
	CHECK_INT(smk_utf8_width("Grüße"), 5, "width: Latin-1 letters");
	CHECK_INT(smk_utf8_width("e\xcc\x81"), 1,
	    "width: e + combining acute");
	CHECK_INT(smk_utf8_width("東京"), 4, "width: CJK is wide");
	CHECK_INT(smk_utf8_width("ｶ"), 1, "width: halfwidth katakana");
	CHECK_INT(smk_utf8_width("ＡＢ"), 4, "width: fullwidth Latin");
	CHECK_INT(smk_utf8_width("한국"), 4, "width: Hangul syllables");
	CHECK_INT(smk_utf8_width("😀"), 2, "width: emoji");
	CHECK_INT(smk_utf8_width("a\xe2\x80\x8b" "b"), 2,
	    "width: zero-width space");
	CHECK_INT(smk_utf8_width("\xef\xbb\xbfx"), 1, "width: BOM is zero");
	CHECK_INT(smk_utf8_width("a\xff"), 2, "width: stray byte counts 1");
	CHECK_INT(smk_utf8_width("Ωμέγα"), 5, "width: Greek");
	CHECK_INT(smk_utf8_width("ไทย"), 3, "width: Thai");
	CHECK_INT(smk_utf8_width("น้ำ"), 2, "width: Thai with marks");
}

static void
test_parse(void)
{
	CHECK_INT(smk_format_parse("table"), SMK_FMT_TABLE, "parse table");
	CHECK_INT(smk_format_parse("csv"), SMK_FMT_CSV, "parse csv");
	CHECK_INT(smk_format_parse("tsv"), SMK_FMT_TSV, "parse tsv");
	CHECK_INT(smk_format_parse("json"), SMK_FMT_JSON, "parse json");
	CHECK_INT(smk_format_parse("jsonl"), SMK_FMT_JSONL, "parse jsonl");
	CHECK_INT(smk_format_parse("md"), SMK_FMT_MD, "parse md");
	CHECK_INT(smk_format_parse("xml"), -1, "parse unknown");
	CHECK_INT(smk_format_parse(""), -1, "parse empty");
	CHECK_INT(smk_format_parse(NULL), -1, "parse NULL");
	CHECK_INT(smk_format_parse("CSV"), -1, "parse is case-sensitive");
}

static void
test_default(void)
{
	FILE *f = tmpfile();

	CHECK(f != NULL, "tmpfile");
	if (f == NULL)
		return;
	CHECK_INT(smk_format_default(fileno(f)), SMK_FMT_TSV,
	    "default: a file gets tsv");
	CHECK_INT(smk_format_default(-1), SMK_FMT_TSV,
	    "default: a bad fd gets tsv");
	fclose(f);
}

static const char *const rows3[] = {
	"Spring Webinar", "12", "ok",
	"=cmd|' /C calc'!A0", "-3", NULL,
	"Messe, Köln", "1234", "said \"yes\"\nthen no",
	"-12", "-12.50", " pad ",
	"\tTab", "=1", "@x"
};

static void
test_csv(void)
{
	int rc;

	check_render(RENDER(SMK_FMT_CSV, 0, rows3, 5),
	    "campaign,leads,note\r\n"
	    "Spring Webinar,12,ok\r\n"
	    "'=cmd|' /C calc'!A0,-3,\r\n"
	    "\"Messe, Köln\",1234,\"said \"\"yes\"\"\nthen no\"\r\n"
	    "'-12,-12.50,\" pad \"\r\n"
	    "'\tTab,'=1,'@x\r\n",
	    "csv: rows, quoting, neutralization, NUM exempt only if numeric");
	CHECK_INT(rc, 0, "csv: close ok");
	check_render(RENDER(SMK_FMT_CSV, 1, rows3, 1),
	    "\xEF\xBB\xBF" "campaign,leads,note\r\nSpring Webinar,12,ok\r\n",
	    "csv: BOM first");
	check_render(RENDER(SMK_FMT_CSV, 0, rows3, 0),
	    "campaign,leads,note\r\n", "csv: no rows, header only");
}

static void
test_tsv(void)
{
	int rc;

	check_render(RENDER(SMK_FMT_TSV, 0, rows3, 5),
	    "campaign\tleads\tnote\n"
	    "Spring Webinar\t12\tok\n"
	    "'=cmd|' /C calc'!A0\t-3\t\n"
	    "Messe, Köln\t1234\tsaid \"yes\" then no\n"
	    "'-12\t-12.50\t pad \n"
	    "' Tab\t'=1\t'@x\n",
	    "tsv: rows, TAB/CR/LF to space, neutralization");
	CHECK_INT(rc, 0, "tsv: close ok");
	check_render(RENDER(SMK_FMT_TSV, 1, rows3, 0),
	    "\xEF\xBB\xBF" "campaign\tleads\tnote\n", "tsv: BOM first");
	{
		static const char *const r[] = { "a\r\nb", "1", "c\td" };

		check_render(RENDER(SMK_FMT_TSV, 0, r, 1),
		    "campaign\tleads\tnote\na  b\t1\tc d\n",
		    "tsv: every TAB, CR and LF is one space");
	}
}

static void
test_json(void)
{
	int rc;
	static const char *const r[] = {
		"Spring \"Webinar\"", "12", "ok",
		"x", "-1.5e3", NULL,
		"y", "1,234", "",
		"z", "012", "é",
		"w", "", "\x01",
		"v", NULL, "NaN"
	};

	check_render(RENDER(SMK_FMT_JSON, 0, r, 6),
	    "[\n"
	    "{\"campaign\":\"Spring \\\"Webinar\\\"\",\"leads\":12,\"note\":\"ok\"},\n"
	    "{\"campaign\":\"x\",\"leads\":-1.5e3,\"note\":null},\n"
	    "{\"campaign\":\"y\",\"leads\":\"1,234\",\"note\":\"\"},\n"
	    "{\"campaign\":\"z\",\"leads\":\"012\",\"note\":\"é\"},\n"
	    "{\"campaign\":\"w\",\"leads\":\"\",\"note\":\"\\u0001\"},\n"
	    "{\"campaign\":\"v\",\"leads\":null,\"note\":\"NaN\"}\n"
	    "]\n",
	    "json: array of objects, numbers bare only when JSON numbers");
	CHECK_INT(rc, 0, "json: close ok");
	check_render(RENDER(SMK_FMT_JSON, 0, r, 0), "[]\n", "json: empty is []");
	check_render(RENDER(SMK_FMT_JSON, 1, r, 1),
	    "[\n{\"campaign\":\"Spring \\\"Webinar\\\"\",\"leads\":12,"
	    "\"note\":\"ok\"}\n]\n", "json: one row, no BOM even if asked");
	check_render(RENDER(SMK_FMT_JSONL, 1, r, 2),
	    "{\"campaign\":\"Spring \\\"Webinar\\\"\",\"leads\":12,\"note\":\"ok\"}\n"
	    "{\"campaign\":\"x\",\"leads\":-1.5e3,\"note\":null}\n",
	    "jsonl: one object per line, no BOM");
	check_render(RENDER(SMK_FMT_JSONL, 0, r, 0), "", "jsonl: empty is empty");
}

static void
test_md(void)
{
	int rc;
	static const char *const r[] = {
		"a|b", "12", "line1\nline2\r\nline3",
		NULL, "-3", "=x"
	};

	check_render(RENDER(SMK_FMT_MD, 1, r, 2),
	    "| campaign | leads | note |\n"
	    "| --- | ---: | --- |\n"
	    "| a\\|b | 12 | line1<br>line2<br>line3 |\n"
	    "|  | -3 | =x |\n",
	    "md: header, alignment row, escapes, no BOM");
	CHECK_INT(rc, 0, "md: close ok");
	check_render(RENDER(SMK_FMT_MD, 0, r, 0),
	    "| campaign | leads | note |\n| --- | ---: | --- |\n",
	    "md: no rows");
}

static void
test_table(void)
{
	int rc;
	static const char *const r[] = {
		"東京 Expo", "7", "wide",
		"Café", "1234", NULL,
		"x", NULL, "e\xcc\x81t\xc3\xa9",
		"a\tb\nc\x1b[31m", "5", "ctl"
	};
	static const char *const names[] = { "name", "n" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_NUM };
	static const char *const r2[] = { "longer name", "1", "b", "100" };

	check_render(RENDER(SMK_FMT_TABLE, 1, r, 4),
	    "campaign    leads  note\n"
	    "----------  -----  ----\n"
	    "東京 Expo       7  wide\n"
	    "Café         1234\n"
	    "x                  e\xcc\x81t\xc3\xa9\n"
	    "a b c [31m      5  ctl\n",
	    "table: aligned by display width, numbers right, no BOM");
	CHECK_INT(rc, 0, "table: close ok");
	check_render(render(SMK_FMT_TABLE, 0, 2, names, types, r2, 2, &rc),
	    "name           n\n"
	    "-----------  ---\n"
	    "longer name    1\n"
	    "b            100\n",
	    "table: numeric last column right-aligned");
	check_render(RENDER(SMK_FMT_TABLE, 0, r, 0),
	    "campaign  leads  note\n--------  -----  ----\n",
	    "table: no rows, header and rule");
	check_render(render(SMK_FMT_TABLE, 0, 2, names, NULL, r2, 1, &rc),
	    "name         n\n"
	    "-----------  -\n"
	    "longer name  1\n",
	    "table: types NULL means all text");
}

/* Runs rows through a table with column 1 styled STATUS and 2 SIGN,
 * colour on or off; caller frees. */
static char *
render_color(int format, int color, const char *const *rows, size_t nrows)
{
	static const char *const names[] = { "kpi", "status", "roi" };
	static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT, SMK_COL_NUM };
	char *s = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&s, &len);
	struct smk_out *o;

	if (f == NULL) {
		perror("open_memstream");
		exit(1);
	}
	o = smk_out_open(f, format, 0, 3, names, types);
	smk_out_style(o, 1, SMK_STYLE_STATUS);
	smk_out_style(o, 2, SMK_STYLE_SIGN);
	smk_out_style(o, 3, SMK_STYLE_SIGN);     /* no such column: ignored */
	smk_out_color(o, color);
	for (i = 0; i < nrows; i++)
		smk_out_row(o, rows + i * 3);
	smk_out_close(o);
	fclose(f);
	return s;
}

/* s without its SGR escapes (ESC [ digits m); caller frees. */
static char *
strip_sgr(const char *s)
{
	char *out = malloc(strlen(s) + 1), *d = out;

	while (*s != '\0') {
		if (s[0] == '\033' && s[1] == '[') {
			s += 2;
			while (*s >= '0' && *s <= '9')
				s++;
			if (*s == 'm')
				s++;
			continue;
		}
		*d++ = *s++;
	}
	*d = '\0';
	return out;
}

static void
test_color(void)
{
	static const char *const r[] = {
		"mqls", "on-track", "1.5",
		"東京 pipeline", "off-track", "-0.25",
		"cac", "at-risk", "-0.000",
		"sla", "immature", NULL,
		"ok", "ok", "0",
		"x", "breached", "12",
		"y", "late", "",
		"z", "open", "-3",
		"on-track", "On-Track", "-",
		"w", NULL, "7"
	};
	const char *plain =
	    "kpi            status        roi\n"
	    "-------------  ---------  ------\n"
	    "mqls           on-track      1.5\n"
	    "東京 pipeline  off-track   -0.25\n"
	    "cac            at-risk    -0.000\n"
	    "sla            immature\n"
	    "ok             ok              0\n"
	    "x              breached       12\n"
	    "y              late\n"
	    "z              open           -3\n"
	    "on-track       On-Track        -\n"
	    "w                              7\n";
	char *got, *bare;
	int fmt, rc;

	check_render(render_color(SMK_FMT_TABLE, 0, r, 10), plain,
	    "colour off: the table as without styles");
	got = render_color(SMK_FMT_TABLE, 1, r, 10);
	CHECK_STR(got,
	    "kpi            status        roi\n"
	    "-------------  ---------  ------\n"
	    "mqls           \033[32mon-track\033[0m      1.5\n"
	    "東京 pipeline  \033[31moff-track\033[0m   \033[31m-0.25\033[0m\n"
	    "cac            \033[33mat-risk\033[0m    -0.000\n"
	    "sla            \033[2mimmature\033[0m\n"
	    "ok             \033[32mok\033[0m              0\n"
	    "x              \033[31mbreached\033[0m       12\n"
	    "y              \033[33mlate\033[0m\n"
	    "z              \033[31mopen\033[0m           \033[31m-3\033[0m\n"
	    "on-track       On-Track        -\n"
	    "w                              7\n",
	    "colour on: statuses and losses wrapped, header and others not");
	bare = strip_sgr(got);
	CHECK_STR(bare, plain, "colour on: without its escapes the same "
	    "table, so the escapes take no width");
	free(bare);
	free(got);
	/* every other format ignores styles and colour */
	for (fmt = SMK_FMT_CSV; fmt <= SMK_FMT_MD; fmt++) {
		static const char *const names[] = { "kpi", "status", "roi" };
		static const int types[] = { SMK_COL_TEXT, SMK_COL_TEXT,
		    SMK_COL_NUM };

		got = render_color(fmt, 1, r, 10);
		check_render(render(fmt, 0, 3, names, types, r, 10, &rc), got,
		    "colour on: other formats byte for byte the same");
		CHECK(strchr(got, '\033') == NULL, "colour on: no escape in "
		    "format %d", fmt);
		free(got);
	}
}

/* A FILE that cannot be written: the error must show at close. */
static void
test_write_error(void)
{
	FILE *f = fopen("/dev/full", "w");
	FILE *ro;
	struct smk_out *o;
	static const char *const r[] = { "a", "1", "b" };
	int fmt;

	if (f == NULL) {
		CHECK(1, "# skip: no /dev/full");
	} else {
		setvbuf(f, NULL, _IOFBF, 1 << 16);
		o = smk_out_open(f, SMK_FMT_CSV, 0, 3, names3, types3);
		smk_out_row(o, r);
		CHECK_INT(smk_out_close(o), -1, "close: full disk is -1");
		fclose(f);
	}
	/* Every format reports it, even those that write only at close. */
	for (fmt = SMK_FMT_TABLE; fmt <= SMK_FMT_MD; fmt++) {
		ro = fopen("/dev/null", "r");
		if (ro == NULL)
			break;
		o = smk_out_open(ro, fmt, 0, 3, names3, types3);
		smk_out_row(o, r);
		CHECK_INT(smk_out_close(o), -1, "close: read-only FILE is -1");
		fclose(ro);
	}
	CHECK_INT(smk_out_close(NULL), 0, "close: NULL harmless");
}

/* What a command line's values are checked with before they are stored. */
static void
test_utf8_valid(void)
{
	unsigned bad = 0;

	CHECK(smk_utf8_valid("", NULL) && smk_utf8_valid("plain", NULL) &&
	    smk_utf8_valid("J\xc3\xa9r\xc3\xb4me \xf0\x9f\x98\x80", NULL),
	    "ASCII and UTF-8 are valid");
	CHECK(!smk_utf8_valid("Caf\xe9", &bad) && bad == 0xe9,
	    "Latin-1: the first bad byte named");
	CHECK(!smk_utf8_valid("\xc0\xaf", &bad) && bad == 0xc0,
	    "an overlong form is not UTF-8");
	CHECK(!smk_utf8_valid("\xed\xa0\x80", &bad) && bad == 0xed,
	    "nor is a surrogate");
	CHECK(!smk_utf8_valid("ab\xe2\x82", &bad) && bad == 0xe2,
	    "nor a sequence cut at the end");
}

int
main(void)
{
	test_utf8_valid();
	test_quote();
	test_width();
	test_parse();
	test_default();
	test_csv();
	test_tsv();
	test_json();
	test_md();
	test_table();
	test_color();
	test_write_error();
	return unit_done();
}
