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
	printf("1..%d\n", unit_n);
	return unit_done();
}
