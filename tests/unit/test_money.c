/* test_money.c — unit tests of amounts parsed into cents and formatted. */
#include <stdint.h>
#include <string.h>

#include "smk.h"
#include "unit.h"

static void
ok(const char *s, int neg, int64_t want)
{
	int64_t got = -12345;
	const char *why = NULL;
	int rc = smk_money_parse(s, neg, &got, &why);
	char desc[160];

	snprintf(desc, sizeof(desc), "money \"%s\"%s%s", s, rc ? ": " : "",
	    rc ? why : "");
	CHECK_INT(rc == 0 ? got : -12345, want, desc);
}

static void
bad(const char *s, int neg, const char *want_why)
{
	int64_t got = 77;
	const char *why = NULL;

	CHECK(smk_money_parse(s, neg, &got, &why) == -1 && got == 77,
	    "money \"%s\" refused, output untouched", s);
	CHECK_STR(why, want_why, "  with the reason");
}

static void
fmt(int64_t cents, const char *want)
{
	char buf[32];

	smk_money_format(cents, buf);
	CHECK_STR(buf, want, "money_format");
}

#define NBSP "\xC2\xA0"          /* U+00A0 no-break space */
#define NNBSP "\xE2\x80\xAF"     /* U+202F narrow no-break space */
#define THIN "\xE2\x80\x89"      /* U+2009 thin space */
#define EURO "\xE2\x82\xAC"
#define POUND "\xC2\xA3"
#define YEN "\xC2\xA5"
#define COMMA SMK_MONEY_DECIMAL_COMMA
#define NEG SMK_MONEY_NEGATIVE
#define POINT_DEC "point as decimal mark (decimal comma expected)"
#define COMMA3 \
	"a comma before three digits is ambiguous (thousands or decimals?)"

static const char *
flag_name(int flags)
{
	static const char *const names[] = {
		"", " (negative)", " (decimal comma)",
		" (decimal comma, negative)"
	};

	return names[flags & 3];
}

/* smk_money_parse_currency reads s as want cents in currency want_cur. */
static void
cur_ok(const char *s, int flags, int64_t want, const char *want_cur)
{
	int64_t got = -12345;
	const char *cur = "(unset)", *why = NULL;
	int rc = smk_money_parse_currency(s, flags, &got, &cur, &why);
	char desc[200];

	snprintf(desc, sizeof(desc), "amount \"%s\"%s%s%s", s,
	    flag_name(flags), rc ? ": " : "", rc ? why : "");
	CHECK_INT(rc == 0 ? got : -12345, want, desc);
	CHECK_STR(rc == 0 ? cur : "(refused)", want_cur, "  its currency");
}

static void
cur_bad(const char *s, int flags, const char *want_why)
{
	int64_t got = 77;
	const char *cur = "(unset)", *why = NULL;

	CHECK(smk_money_parse_currency(s, flags, &got, &cur, &why) == -1 &&
	    got == 77 && strcmp(cur, "(unset)") == 0,
	    "amount \"%s\"%s refused, output untouched", s ? s : "(null)",
	    flag_name(flags));
	CHECK_STR(why, want_why, "  with the reason");
}

static void
lookup(const char *text, const char *want)
{
	char desc[160];

	snprintf(desc, sizeof(desc), "currency column \"%s\"", text);
	CHECK_STR(smk_money_currency(text), want, desc);
}

static void
fits(const char *cur, const char *code, int want)
{
	CHECK(smk_money_currency_fits(cur, code) == want,
	    "an amount in %s %s be in %s", cur ? cur : "no currency",
	    want ? "may" : "may not", code ? code : "(null)");
}

static void
test_currency_point(void)
{
	/* What smk_money_parse reads, and its currencies */
	cur_ok("1234.5", 0, 123450, NULL);
	cur_ok("1,234.50", 0, 123450, NULL);
	cur_ok("  42  ", 0, 4200, NULL);
	cur_ok("$1,234.50", 0, 123450, "$");
	cur_ok("$ 42", 0, 4200, "$");
	cur_ok("10$", 0, 1000, "$");
	cur_ok(EURO "1,234.50", 0, 123450, "EUR");
	cur_ok("1,234.50 " EURO, 0, 123450, "EUR");
	cur_ok(POUND "10", 0, 1000, "GBP");
	cur_ok("-$12.30", NEG, -1230, "$");
	cur_ok("$-12.30", NEG, -1230, "$");
	cur_ok("($1,234.56)", NEG, -123456, "$");
	cur_ok("1,234.500", 0, 123450, NULL);
	/* Symbols that say which currency */
	cur_ok("US$ 1,234.50", 0, 123450, "USD");
	cur_ok("US$1,234.50", 0, 123450, "USD");
	cur_ok("R$ 1,234.50", 0, 123450, "BRL");
	cur_ok("C$5", 0, 500, "CAD");
	cur_ok("CA$ 5", 0, 500, "CAD");
	cur_ok("A$ 99.90", 0, 9990, "AUD");
	cur_ok("AU$99.90", 0, 9990, "AUD");
	cur_ok("NZ$ 5", 0, 500, "NZD");
	cur_ok("HK$ 5", 0, 500, "HKD");
	cur_ok("S$ 5", 0, 500, "SGD");
	cur_ok("MX$ 5", 0, 500, "MXN");
	cur_ok("JP" YEN "1,000", 0, 100000, "JPY");
	cur_ok("CN" YEN " 12", 0, 1200, "CNY");
	cur_ok("\xE2\x82\xB9" "500", 0, 50000, "INR");
	cur_ok("\xE2\x82\xA9" "5,000", 0, 500000, "KRW");
	cur_ok("\xE2\x82\xBD 5", 0, 500, "RUB");
	cur_ok("\xE2\x82\xBA" "5", 0, 500, "TRY");
	cur_ok("\xE2\x82\xAA" "5", 0, 500, "ILS");
	cur_ok("5 z\xC5\x82", 0, 500, "PLN");
	cur_ok("5 K\xC4\x8D", 0, 500, "CZK");
	/* Symbols several currencies share: the caller decides */
	cur_ok(YEN "1,234", 0, 123400, YEN);
	cur_ok("100 kr", 0, 10000, "kr");
	cur_ok("kr 100", 0, 10000, "kr");
	cur_ok("100 kr.", 0, 10000, "kr");
	cur_ok("100 Kr", 0, 10000, "kr");
	/* ISO codes before or after, any case, with or without a space */
	cur_ok("USD 12", 0, 1200, "USD");
	cur_ok("12 USD", 0, 1200, "USD");
	cur_ok("12USD", 0, 1200, "USD");
	cur_ok("USD12.50", 0, 1250, "USD");
	cur_ok("usd 12", 0, 1200, "USD");
	cur_ok("12 eur", 0, 1200, "EUR");
	cur_ok("BRL 1,234.50", 0, 123450, "BRL");
	cur_ok("CHF 99", 0, 9900, "CHF");
	cur_ok("-12 USD", NEG, -1200, "USD");
	cur_ok("USD -12", NEG, -1200, "USD");
	cur_ok("(12.30 EUR)", NEG, -1230, "EUR");
	cur_ok("(R$ 1,234.50)", NEG, -123450, "BRL");
	/* Spaces and apostrophes grouping too */
	cur_ok("1 234.50", 0, 123450, NULL);
	cur_ok("1" NBSP "234.50", 0, 123450, NULL);
	cur_ok("1" NNBSP "234" NNBSP "567.89", 0, 123456789, NULL);
	cur_ok("1" THIN "234", 0, 123400, NULL);
	cur_ok("1 234.500", 0, 123450, NULL);
	cur_ok("CHF 1'234.50", 0, 123450, "CHF");
	cur_ok("CHF 1\xE2\x80\x99" "234.50", 0, 123450, "CHF");
	cur_ok("1'234'567", 0, 123456700, NULL);
	cur_ok(NNBSP "12 USD" NNBSP, 0, 1200, "USD");

	/* Refused: the decimal comma is not the default */
	cur_bad("1.234,50", 0, "comma as decimal mark is ambiguous");
	cur_bad("1 234,50", 0, "comma as decimal mark is ambiguous");
	cur_bad("12,50 " EURO, 0, "comma as decimal mark is ambiguous");
	cur_bad("R$ 100.000", 0,
	    "a dot before three digits is ambiguous (thousands or decimals?)");
	/* malformed */
	cur_bad("1.234.5", 0, "more than one decimal mark");
	cur_bad("1.2.3", 0, "more than one decimal mark");
	cur_bad("1,23,4", 0, "bad digit grouping");
	cur_bad("12 34", 0, "bad digit grouping");
	cur_bad("1 2345", 0, "bad digit grouping");
	cur_bad("1,234 567", 0, "bad digit grouping");
	cur_bad("1'234,567", 0, "bad digit grouping");
	cur_bad("1  234", 0, "not an amount");
	cur_bad("- 12", NEG, "not an amount");
	cur_bad("--12", NEG, "not an amount");
	cur_bad("12.345", 0, "more than two decimals");
	cur_bad("-12 USD", 0, "negative amount");
	cur_bad("99999999999999999999999 EUR", NEG, "amount too large");
	/* two currencies */
	cur_bad("$12$", 0, "more than one currency");
	cur_bad("$12 " EURO, 0, "more than one currency");
	cur_bad(EURO " $12", 0, "more than one currency");
	cur_bad("USD 12 EUR", 0, "more than one currency");
	cur_bad("R$ 12 BRL", 0, "more than one currency");
	cur_bad("12 " EURO " EUR", 0, "more than one currency");
	cur_bad("EUR USD 12", 0, "more than one currency");
	/* letters */
	cur_bad("12 XYZ", 0, "unknown currency");
	cur_bad("XYZ 12", 0, "unknown currency");
	cur_bad("abc", 0, "not an amount");
	cur_bad("12a", 0, "not an amount");
	cur_bad("12 abc", 0, "not an amount");
	cur_bad("USDA 12", 0, "not an amount");
	cur_bad("12 AUSD", 0, "not an amount");
	cur_bad("1e5", 0, "not an amount");
	cur_bad("EUR", 0, "not an amount");
	cur_bad("R$", 0, "not an amount");
	cur_bad("", 0, "empty amount");
	cur_bad(" " NNBSP " ", 0, "empty amount");
	cur_bad(NULL, 0, "empty amount");
}

static void
test_currency_comma(void)
{
	cur_ok("1.234,50", COMMA, 123450, NULL);
	cur_ok("R$ 1.234,50", COMMA, 123450, "BRL");
	cur_ok("R$1.234,50", COMMA, 123450, "BRL");
	cur_ok("R$ 100.000", COMMA, 10000000, "BRL");
	cur_ok("R$ 100.000,00", COMMA, 10000000, "BRL");
	cur_ok("1 234,50", COMMA, 123450, NULL);
	cur_ok("1" NBSP "234,50", COMMA, 123450, NULL);
	cur_ok("1" NNBSP "234,50", COMMA, 123450, NULL);
	cur_ok("1" THIN "234,50", COMMA, 123450, NULL);
	cur_ok("1" NNBSP "234" NNBSP "567,89" NNBSP EURO, COMMA, 123456789,
	    "EUR");
	cur_ok("1 234,50" NBSP EURO, COMMA, 123450, "EUR");
	cur_ok("1.234,50 " EURO, COMMA, 123450, "EUR");
	cur_ok(EURO " 1.234,50", COMMA, 123450, "EUR");
	cur_ok("1.234,50 EUR", COMMA, 123450, "EUR");
	cur_ok("BRL 1.234,50", COMMA, 123450, "BRL");
	cur_ok("$1.234,50", COMMA, 123450, "$");
	cur_ok("US$ 1.234,50", COMMA, 123450, "USD");
	cur_ok("1.234,50 kr.", COMMA, 123450, "kr");
	cur_ok("kr 1.234,50", COMMA, 123450, "kr");
	cur_ok(YEN "1.234", COMMA, 123400, YEN);
	cur_ok("CHF 1'234,50", COMMA, 123450, "CHF");
	cur_ok("1.234.567,89", COMMA, 123456789, NULL);
	cur_ok("1.234", COMMA, 123400, NULL);
	cur_ok("100.000", COMMA, 10000000, NULL);
	cur_ok("1234,56", COMMA, 123456, NULL);
	cur_ok("12,5", COMMA, 1250, NULL);
	cur_ok("12,50", COMMA, 1250, NULL);
	cur_ok("0,05", COMMA, 5, NULL);
	cur_ok(",5", COMMA, 50, NULL);
	cur_ok("12,", COMMA, 1200, NULL);
	cur_ok("12,5000", COMMA, 1250, NULL);
	cur_ok("1.234,500", COMMA, 123450, NULL);
	cur_ok("42", COMMA, 4200, NULL);
	cur_ok("-1.234,50 " EURO, COMMA | NEG, -123450, "EUR");
	cur_ok("R$ -1.234,50", COMMA | NEG, -123450, "BRL");
	cur_ok("-R$ 1.234,50", COMMA | NEG, -123450, "BRL");
	cur_ok("(1.234,50)", COMMA | NEG, -123450, NULL);
	cur_ok("92.233.720.368.547.758,07", COMMA, INT64_MAX, NULL);

	/* Refused: the decimal point is not what was said */
	cur_bad("12.50", COMMA, POINT_DEC);
	cur_bad("12.5", COMMA, POINT_DEC);
	cur_bad("1,234.50", COMMA, POINT_DEC);
	cur_bad("$1,234.50", COMMA, POINT_DEC);
	cur_bad("12,500", COMMA, COMMA3);
	cur_bad("1,500 " EURO, COMMA, COMMA3);
	/* malformed */
	cur_bad("1.234.5", COMMA, "bad digit grouping");
	cur_bad("1,23,4", COMMA, "more than one decimal mark");
	cur_bad("1,2,3", COMMA, "more than one decimal mark");
	cur_bad("1.23.456", COMMA, "bad digit grouping");
	cur_bad("1 23 456", COMMA, "bad digit grouping");
	cur_bad("1.234 567,00", COMMA, "bad digit grouping");
	cur_bad("1234.567", COMMA, "bad digit grouping");
	cur_bad(".123", COMMA, "bad digit grouping");
	cur_bad("12,345", COMMA, "more than two decimals");
	cur_bad("1,2a", COMMA, "not an amount");
	cur_bad("R$ 12 " EURO, COMMA, "more than one currency");
	cur_bad("R$ 1.234,50 BRL", COMMA, "more than one currency");
	cur_bad("1.234,50 ABC", COMMA, "unknown currency");
	cur_bad("-1.234,50", COMMA, "negative amount");
	cur_bad("92.233.720.368.547.758,08", COMMA, "amount too large");
	cur_bad(",", COMMA, "not an amount");
}

static void
test_currency_helpers(void)
{
	static const char *const plain[] = {
		"1234", "1,234.56", "$1,234.56", "-12.30", "(12.30)", ".5",
		"12.", "12.5000", "1,234.500", "\xC2\xA0" "42\xC2\xA0",
		EURO " 99", "10 " EURO, "-" POUND "5", "$-12.30", "+12",
		"92233720368547758.07"
	};
	static const char *const refused[] = {
		"1 234", "USD 12", "12 EUR", "R$ 12", "1'234", "1" NNBSP "234",
		"100 kr", YEN "5"
	};
	int64_t a, b;
	const char *why, *cur;
	size_t i;
	int all;

	/* The default mode reads all that smk_money_parse reads, alike */
	for (all = 1, i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		a = 1;
		b = 2;
		if (smk_money_parse(plain[i], 1, &a, &why) != 0 ||
		    smk_money_parse_currency(plain[i], NEG, &b, &cur,
		    &why) != 0 || a != b)
			all = 0;
	}
	CHECK(all, "smk_money_parse_currency reads smk_money_parse's forms "
	    "alike");
	/* ... while smk_money_parse keeps refusing the new forms */
	for (all = 1, i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (smk_money_parse(refused[i], 1, &a, &why) != -1 ||
		    strcmp(why, "not an amount") != 0)
			all = 0;
	CHECK(all, "smk_money_parse still refuses codes, spaces and the "
	    "wider symbols");
	/* currency may be NULL */
	CHECK(smk_money_parse_currency("12 EUR", 0, &a, NULL, &why) == 0 &&
	    a == 1200, "the currency may be left unasked");

	lookup("EUR", "EUR");
	lookup(" eur ", "EUR");
	lookup(EURO, "EUR");
	lookup(POUND, "GBP");
	lookup("R$", "BRL");
	lookup("US$", "USD");
	lookup("$", "$");
	lookup(YEN, YEN);
	lookup("kr.", "kr");
	lookup(NBSP "CHF" NBSP, "CHF");
	lookup("", NULL);
	lookup("EURO", NULL);
	lookup("XYZ", NULL);
	lookup("12", NULL);
	lookup("$$", NULL);
	CHECK(smk_money_currency(NULL) == NULL, "currency column NULL");

	fits(NULL, "EUR", 1);
	fits("EUR", "EUR", 1);
	fits("EUR", "eur", 1);
	fits("EUR", "BRL", 0);
	fits("BRL", "USD", 0);
	fits("$", "USD", 1);
	fits("$", "CAD", 1);
	fits("$", "MXN", 1);
	fits("$", "EUR", 0);
	fits("$", "BRL", 0);
	fits(YEN, "JPY", 1);
	fits(YEN, "CNY", 1);
	fits(YEN, "USD", 0);
	fits("kr", "SEK", 1);
	fits("kr", "NOK", 1);
	fits("kr", "DKK", 1);
	fits("kr", "ISK", 1);
	fits("kr", "EUR", 0);
	fits("kr", "SE", 0);
	fits("USD", NULL, 0);
}

static void
fmt_table(int64_t cents, const char *cur, const char *want)
{
	char buf[40], desc[120];

	smk_money_format_table(cents, cur, buf);
	snprintf(desc, sizeof(desc), "money_format_table %lld %s",
	    (long long)cents, cur ? cur : "(null)");
	CHECK_STR(buf, want, desc);
}

static void
test_format_table(void)
{
	static const int64_t v[] = {
		0, 1, -1, 99, 100, 99999, 100000, -100000, 123456789,
		INT64_MAX, INT64_MIN + 1
	};
	char buf[40];
	int64_t back;
	const char *cur, *why;
	size_t i;
	int all = 1;

	fmt_table(0, "EUR", "0.00 EUR");
	fmt_table(5, "USD", "0.05 USD");
	fmt_table(-5, "USD", "-0.05 USD");
	fmt_table(99999, "BRL", "999.99 BRL");
	fmt_table(100000, "BRL", "1,000.00 BRL");
	fmt_table(123450, "BRL", "1,234.50 BRL");
	fmt_table(-123450, "BRL", "-1,234.50 BRL");
	fmt_table(10000000, "BRL", "100,000.00 BRL");
	fmt_table(100000000, "JPY", "1,000,000.00 JPY");
	fmt_table(123456789, "EUR", "1,234,567.89 EUR");
	fmt_table(123450, NULL, "1,234.50");
	fmt_table(123450, "", "1,234.50");
	fmt_table(-1, NULL, "-0.01");
	fmt_table(INT64_MAX, "GBP", "92,233,720,368,547,758.07 GBP");
	fmt_table(INT64_MIN, "GBP", "-92,233,720,368,547,758.08 GBP");
	fmt_table(100, "ABCDEFGHIJK", "1.00 ABCDEFGH");
	/* What a table shows reads back, currency and all */
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		smk_money_format_table(v[i], "CHF", buf);
		if (smk_money_parse_currency(buf, NEG, &back, &cur,
		    &why) != 0 || back != v[i] || strcmp(cur, "CHF") != 0)
			all = 0;
	}
	CHECK(all, "format_table then parse_currency gives the same cents");
}

int
main(void)
{
	/* The forms of the header. */
	ok("1234", 0, 123400);
	ok("1234.5", 0, 123450);
	ok("1234.56", 0, 123456);
	ok("1,234.56", 0, 123456);
	ok("$1,234.56", 0, 123456);
	ok("-12.30", 1, -1230);
	/* Grouping */
	ok("1,234,567.89", 0, 123456789);
	ok("1,234", 0, 123400);
	ok("12,345", 0, 1234500);
	ok("123,456", 0, 12345600);
	ok("1,000,000", 0, 100000000);
	/* Decimals */
	ok("0", 0, 0);
	ok("0.05", 0, 5);
	ok(".5", 0, 50);
	ok("12.", 0, 1200);
	ok("007", 0, 700);
	ok("12.50", 0, 1250);
	ok("12.5000", 0, 1250);
	/* a thousands dot in Europe, decimals elsewhere: refused */
	bad("12.000", 0, "a dot before three digits is ambiguous (thousands or decimals?)");
	bad("1.500", 0, "a dot before three digits is ambiguous (thousands or decimals?)");
	ok("1,234.500", 0, 123450);
	/* Symbols, spaces, signs */
	ok("  42  ", 0, 4200);
	ok("\xC2\xA0" "42\xC2\xA0", 0, 4200);
	ok("$42", 0, 4200);
	ok("$ 42", 0, 4200);
	ok("\xE2\x82\xAC" "1,234.50", 0, 123450);
	ok("\xE2\x82\xAC 99", 0, 9900);
	ok("\xC2\xA3" "10", 0, 1000);
	ok("10 \xE2\x82\xAC", 0, 1000);
	ok("10$", 0, 1000);
	ok("+12", 0, 1200);
	ok("-0", 0, 0);
	ok("-0.00", 0, 0);
	ok("-$12.30", 1, -1230);
	ok("$-12.30", 1, -1230);
	ok("-\xC2\xA3" "5", 1, -500);
	ok("(12.30)", 1, -1230);
	ok("($1,234.56)", 1, -123456);
	/* The limits */
	ok("92233720368547757.99", 0, INT64_C(9223372036854775799));
	ok("-92233720368547757.99", 1, -INT64_C(9223372036854775799));

	bad("", 0, "empty amount");
	bad("   ", 0, "empty amount");
	bad("abc", 0, "not an amount");
	bad("$", 0, "not an amount");
	bad(".", 0, "not an amount");
	bad("-", 1, "not an amount");
	bad("1.2.3", 0, "not an amount");
	bad("12a", 0, "not an amount");
	bad("1e5", 0, "not an amount");
	bad("12 34", 0, "not an amount");
	bad("--12", 1, "not an amount");
	bad("- 12", 1, "not an amount");
	bad("-$-12", 1, "not an amount");
	bad("$12$", 0, "not an amount");
	bad("(-12)", 1, "not an amount");
	bad("(12", 0, "not an amount");
	bad("USD 12", 0, "not an amount");
	bad("12,5", 0, "comma as decimal mark is ambiguous");
	bad("12,50", 0, "comma as decimal mark is ambiguous");
	bad("\xE2\x82\xAC" "12,50", 0, "comma as decimal mark is ambiguous");
	bad("1.234,56", 0, "comma as decimal mark is ambiguous");
	bad("1,2345", 0, "bad digit grouping");
	bad("1234,567", 0, "bad digit grouping");
	bad("1,23,456", 0, "bad digit grouping");
	bad(",123", 0, "bad digit grouping");
	bad("123,", 0, "bad digit grouping");
	bad("1,,234", 0, "bad digit grouping");
	bad("1,234,56.00", 0, "bad digit grouping");
	bad("12.345", 0, "more than two decimals");
	bad("12.001", 0, "more than two decimals");
	bad("-3", 0, "negative amount");
	bad("-0.01", 0, "negative amount");
	bad("(3)", 0, "negative amount");
	bad("$-3", 0, "negative amount");
	ok("92233720368547758.07", 0, INT64_MAX);
	bad("92233720368547758.08", 0, "amount too large");
	bad("92233720368547759", 0, "amount too large");
	bad("922337203685477580", 0, "amount too large");
	bad("99999999999999999999999", 1, "amount too large");

	fmt(0, "0.00");
	fmt(5, "0.05");
	fmt(-5, "-0.05");
	fmt(123456, "1234.56");
	fmt(-123456, "-1234.56");
	fmt(100, "1.00");
	fmt(INT64_MAX, "92233720368547758.07");
	fmt(INT64_MIN, "-92233720368547758.08");
	{
		/* Round trip */
		static const int64_t v[] = {
			0, 1, -1, 99, 100, 123456789, -42
		};
		char buf[32];
		int64_t back;
		const char *why;
		size_t i;
		int all = 1;

		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			smk_money_format(v[i], buf);
			if (smk_money_parse(buf, 1, &back, &why) != 0 ||
			    back != v[i])
				all = 0;
		}
		CHECK(all, "format then parse gives the same cents");
	}
	test_currency_point();
	test_currency_comma();
	test_currency_helpers();
	test_format_table();
	printf("1..%d\n", unit_n);
	return unit_done();
}
