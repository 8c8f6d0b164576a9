/* money.c — amounts as cents: parsed from exports, formatted for output. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "smk.h"

/*
 * How one parse reads its text.  smk_money_parse reads the plain style:
 * a point for the cents, commas grouping, and $, € or £.
 * smk_money_parse_currency reads the wide styles: every currency of the
 * table below and ISO codes, spaces and apostrophes grouping too, and the
 * decimal mark the caller says.  One parser for all three: where they
 * read alike, the same code decides.
 */
struct style {
	char dec;               /* the decimal mark */
	char group;             /* the grouping mark that goes with it */
	int wide;
	const char *group_dec;  /* why: the grouping mark used for cents */
	const char *three;      /* why: a decimal mark before three digits */
};

static const struct style plain_style = {
	'.', ',', 0, "comma as decimal mark is ambiguous",
	"a dot before three digits is ambiguous (thousands or decimals?)"
};
static const struct style point_style = {
	'.', ',', 1, "comma as decimal mark is ambiguous",
	"a dot before three digits is ambiguous (thousands or decimals?)"
};
static const struct style comma_style = {
	',', '.', 1, "point as decimal mark (decimal comma expected)",
	"a comma before three digits is ambiguous (thousands or decimals?)"
};

/*
 * Currencies as exports write them, and what they say: an ISO 4217 code,
 * or the symbol itself where several currencies share it ("$", "¥",
 * "kr"), for the caller to match against the database's currency.
 * ASCII letters match in either case.  plain: read by smk_money_parse.
 */
struct currency {
	const char *text;
	const char *code;
	int plain;
};

#define CODE(c) { c, c, 0 }
static const struct currency currencies[] = {
	{ "$", "$", 1 },
	{ "\xE2\x82\xAC", "EUR", 1 },           /* € */
	{ "\xC2\xA3", "GBP", 1 },               /* £ */
	{ "US$", "USD", 0 },
	{ "R$", "BRL", 0 },
	{ "C$", "CAD", 0 },
	{ "CA$", "CAD", 0 },
	{ "A$", "AUD", 0 },
	{ "AU$", "AUD", 0 },
	{ "NZ$", "NZD", 0 },
	{ "HK$", "HKD", 0 },
	{ "S$", "SGD", 0 },
	{ "MX$", "MXN", 0 },
	{ "\xC2\xA5", "\xC2\xA5", 0 },          /* ¥: yen or yuan */
	{ "JP\xC2\xA5", "JPY", 0 },
	{ "CN\xC2\xA5", "CNY", 0 },
	{ "\xE2\x82\xB9", "INR", 0 },           /* ₹ */
	{ "\xE2\x82\xA9", "KRW", 0 },           /* ₩ */
	{ "\xE2\x82\xBD", "RUB", 0 },           /* ₽ */
	{ "\xE2\x82\xBA", "TRY", 0 },           /* ₺ */
	{ "\xE2\x82\xAA", "ILS", 0 },           /* ₪ */
	{ "z\xC5\x82", "PLN", 0 },              /* zł */
	{ "K\xC4\x8D", "CZK", 0 },              /* Kč */
	{ "kr", "kr", 0 },                      /* Swedish, Norwegian, */
	{ "kr.", "kr", 0 },                     /* Danish, Icelandic */
	CODE("USD"), CODE("EUR"), CODE("GBP"), CODE("BRL"), CODE("CHF"),
	CODE("JPY"), CODE("CNY"), CODE("CAD"), CODE("AUD"), CODE("NZD"),
	CODE("HKD"), CODE("SGD"), CODE("MXN"), CODE("SEK"), CODE("NOK"),
	CODE("DKK"), CODE("ISK"), CODE("PLN"), CODE("CZK"), CODE("HUF"),
	CODE("RON"), CODE("BGN"), CODE("TRY"), CODE("RUB"), CODE("UAH"),
	CODE("INR"), CODE("IDR"), CODE("MYR"), CODE("KRW"), CODE("THB"),
	CODE("PHP"), CODE("VND"), CODE("TWD"), CODE("ZAR"), CODE("ARS"),
	CODE("CLP"), CODE("COP"), CODE("PEN"), CODE("ILS"), CODE("AED"),
	CODE("SAR"), CODE("EGP"), CODE("NGN"), CODE("KES"),
	{ NULL, NULL, 0 }
};
#undef CODE

/* The currencies each shared symbol stands for. */
static const struct {
	const char *symbol;
	const char *codes;
} shared[] = {
	{ "$", "USD CAD AUD NZD HKD SGD MXN ARS CLP COP TWD" },
	{ "\xC2\xA5", "JPY CNY" },
	{ "kr", "SEK NOK DKK ISK" },
	{ NULL, NULL }
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
lower(int c)
{
	return is_upper(c) ? c - 'A' + 'a' : c;
}

/*
 * Length of a white-space character at p (< e), or 0: ASCII, U+00A0 and
 * in the wide styles U+202F and U+2009 too (French exports group with
 * them).
 */
static size_t
space_len(const struct style *st, const char *p, const char *e)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p >= e)
		return 0;
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		return 1;
	if (e - p >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (st->wide && e - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0xAF || u[2] == 0x89))
		return 3;
	return 0;
}

/* The same, for the character that ends just before e (e > b). */
static size_t
space_len_before(const struct style *st, const char *b, const char *e)
{
	size_t n;

	for (n = 3; n >= 1; n--)
		if ((size_t)(e - b) >= n && space_len(st, e - n, e) == n)
			return n;
	return 0;
}

/*
 * A grouping mark of the wide styles at p, between two digits of
 * [b, e): a space of any width (kind 2) or an apostrophe, as Swiss
 * exports write "1'234.50" (kind 3).  Returns its length, or 0.
 */
static size_t
inner_mark(const struct style *st, const char *b, const char *p,
    const char *e, int *kind)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n;

	if (!st->wide || p == b || !is_digit((unsigned char)p[-1]))
		return 0;
	if (*p == '\'') {
		n = 1;
		*kind = 3;
	} else if (e - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    u[2] == 0x99) {
		n = 3;  /* U+2019, the typographic apostrophe */
		*kind = 3;
	} else if (*p != '\t' && *p != '\r' && *p != '\n' &&
	    (n = space_len(st, p, e)) > 0) {
		*kind = 2;
	} else {
		return 0;
	}
	return p + n < e && is_digit((unsigned char)p[n]) ? n : 0;
}

/* Whether the n bytes at p are the text t (ASCII letters in any case). */
static int
same_text(const char *p, const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)p[i]) != lower((unsigned char)t[i]))
			return 0;
	return 1;
}

/*
 * The longest currency of the style written at p (< e) or, when before,
 * ending at e (> b).  A currency that ends (starts) with a letter must not
 * run on into another letter: "USDA" is no dollar.  Returns its length
 * with *cur set, or 0.
 */
static size_t
currency_find(const struct style *st, const char *b, const char *p,
    const char *e, int before, const struct currency **cur)
{
	const struct currency *c;
	const char *at;
	size_t n, best = 0;

	for (c = currencies; c->text != NULL; c++) {
		if (!st->wide && !c->plain)
			continue;
		n = strlen(c->text);
		if (n <= best || (size_t)(e - (before ? b : p)) < n)
			continue;
		at = before ? e - n : p;
		if (!same_text(at, c->text, n))
			continue;
		if (!before && is_letter((unsigned char)c->text[n - 1]) &&
		    at + n < e && is_letter((unsigned char)at[n]))
			continue;
		if (before && is_letter((unsigned char)c->text[0]) &&
		    at > b && is_letter((unsigned char)at[-1]))
			continue;
		best = n;
		*cur = c;
	}
	return best;
}

/* Whether [b, e) starts or ends with a word of three capitals that is no
 * currency of the table, beside the rest: "XYZ 12", "12 XYZ". */
static int
unknown_code(const char *b, const char *e)
{
	if (e - b < 4)
		return 0;
	if (is_upper((unsigned char)b[0]) && is_upper((unsigned char)b[1]) &&
	    is_upper((unsigned char)b[2]) && !is_letter((unsigned char)b[3]))
		return 1;
	return is_upper((unsigned char)e[-1]) &&
	    is_upper((unsigned char)e[-2]) && is_upper((unsigned char)e[-3]) &&
	    !is_letter((unsigned char)e[-4]);
}

/*
 * Checks the integer part [b, e) holding grouping marks: "1,234,567"
 * groups by three, with one kind of mark.  Returns NULL when fine, or why
 * not.
 */
static const char *
check_grouping(const struct style *st, const char *b, const char *e,
    int has_dec)
{
	const char *p, *mark = memchr(b, st->group, (size_t)(e - b));
	int n = 0, first = 1, kind = 0, k = 0;
	size_t len;

	/*
	 * "12,5" or "12,50" is twelve and a half in much of Europe and can
	 * be nothing else: refuse it rather than read 1250 or 125000 (and
	 * "12.50" under a decimal comma likewise).
	 */
	if (!has_dec && mark != NULL && memchr(mark + 1, st->group,
	    (size_t)(e - mark - 1)) == NULL && (e - mark - 1 == 1 ||
	    e - mark - 1 == 2))
		return st->group_dec;
	for (p = b;;) {
		len = 0;
		if (p < e && *p == st->group) {
			len = 1;
			k = 1;
		} else if (p < e) {
			len = inner_mark(st, b, p, e, &k);
		}
		if (p == e || len > 0) {
			if (first ? n < 1 || n > 3 : n != 3)
				return "bad digit grouping";
			if (p == e)
				return NULL;
			if (kind != 0 && k != kind)
				return "bad digit grouping";
			kind = k;
			first = 0;
			n = 0;
			p += len;
		} else {
			n++;
			p++;
		}
	}
}

/* The parser of every style: see smk.h for what it reads. */
static int
parse(const struct style *st, const char *s, int allow_negative,
    int64_t *cents, const char **currency, const char **why)
{
	const char *b, *e, *p, *point;
	const struct currency *cur = NULL, *other;
	size_t n;
	int neg = 0, paren = 0, digits = 0, grouped = 0, kind;
	int64_t units = 0, frac = 0;
	int nfrac = 0;

	if (s == NULL) {
		*why = "empty amount";
		return -1;
	}
	b = s;
	e = s + strlen(s);
	while ((n = space_len(st, b, e)) > 0)
		b += n;
	while (e > b && (n = space_len_before(st, b, e)) > 0)
		e -= n;
	if (b == e) {
		*why = "empty amount";
		return -1;
	}
	/* Accounting exports write a negative amount as "(12.30)". */
	if (*b == '(' && e[-1] == ')' && e - b >= 2) {
		paren = 1;
		b++;
		e--;
	}
	/* Sign and currency in either order: "-$12.30" and "$-12.30". */
	if (b < e && (*b == '-' || *b == '+'))
		neg = *b++ == '-';
	if ((n = currency_find(st, b, b, e, 0, &cur)) > 0) {
		b += n;
		while ((n = space_len(st, b, e)) > 0)
			b += n;
		if (b < e && (*b == '-' || *b == '+')) {
			if (neg) {
				*why = "not an amount";
				return -1;
			}
			neg = *b++ == '-';
		}
		if (st->wide && currency_find(st, b, b, e, 0, &other) > 0) {
			*why = "more than one currency";
			return -1;
		}
	}
	/*
	 * A trailing currency: "12.30 €", "1.234,50 BRL".  The plain style
	 * takes one currency sign, either side; the wide ones say when there
	 * are two.
	 */
	if ((cur == NULL || st->wide) &&
	    (n = currency_find(st, b, e, e, 1, &other)) > 0) {
		if (cur != NULL) {
			*why = "more than one currency";
			return -1;
		}
		cur = other;
		e -= n;
		while (e > b && (n = space_len_before(st, b, e)) > 0)
			e -= n;
		if (st->wide && e > b &&
		    currency_find(st, b, e, e, 1, &other) > 0) {
			*why = "more than one currency";
			return -1;
		}
	}
	if (st->wide && unknown_code(b, e)) {
		*why = "unknown currency";
		return -1;
	}
	if (paren && neg) {
		*why = "not an amount";
		return -1;
	}
	neg |= paren;

	point = memchr(b, st->dec, (size_t)(e - b));
	for (p = b; p < (point ? point : e); p++) {
		if (*p == st->group) {
			grouped = 1;
			continue;
		}
		if ((n = inner_mark(st, b, p, e, &kind)) > 0) {
			grouped = 1;
			p += n - 1;
			continue;
		}
		if (!is_digit((unsigned char)*p)) {
			*why = "not an amount";
			return -1;
		}
		digits++;
		/* Keep units * 100 within int64; cents are checked below. */
		if (units > (INT64_MAX / 100 - (*p - '0')) / 10) {
			*why = "amount too large";
			return -1;
		}
		units = units * 10 + (*p - '0');
	}
	if (point != NULL) {
		/* "1.234,56" under a decimal point, "1,234.56" under a
		 * decimal comma: the other convention. */
		if (memchr(point + 1, st->group, (size_t)(e - point - 1)) !=
		    NULL) {
			*why = st->group_dec;
			return -1;
		}
		if (st->wide && memchr(point + 1, st->dec,
		    (size_t)(e - point - 1)) != NULL) {
			*why = "more than one decimal mark";
			return -1;
		}
		for (p = point + 1; p < e; p++) {
			if (!is_digit((unsigned char)*p)) {
				*why = "not an amount";
				return -1;
			}
			digits++;
			nfrac++;
			/* Zeros past the cents lose nothing ("12.5000"). */
			if (nfrac > 2) {
				if (*p != '0') {
					*why = "more than two decimals";
					return -1;
				}
				continue;
			}
			frac = frac * 10 + (*p - '0');
		}
		if (nfrac == 1)
			frac *= 10;
		/* "1.500" is 1500 in a European export and 1.50 in an
		 * American one: refused, like "12,5", unless grouping marks
		 * ("1,234.500") say which.  The same for "1,500" under a
		 * decimal comma. */
		if (nfrac == 3 && !grouped) {
			*why = st->three;
			return -1;
		}
	}
	if (digits == 0) {
		*why = "not an amount";
		return -1;
	}
	if (grouped) {
		const char *bad = check_grouping(st, b, point ? point : e,
		    point != NULL);

		if (bad != NULL) {
			*why = bad;
			return -1;
		}
	}
	if (units > (INT64_MAX - frac) / 100) {
		*why = "amount too large";
		return -1;
	}
	units = units * 100 + frac;
	if (neg && units != 0 && !allow_negative) {
		*why = "negative amount";
		return -1;
	}
	*cents = neg ? -units : units;
	if (currency != NULL)
		*currency = cur != NULL ? cur->code : NULL;
	return 0;
}

int
smk_money_parse(const char *s, int allow_negative, int64_t *cents,
    const char **why)
{
	return parse(&plain_style, s, allow_negative, cents, NULL, why);
}

int
smk_money_parse_currency(const char *s, int flags, int64_t *cents,
    const char **currency, const char **why)
{
	return parse(flags & SMK_MONEY_DECIMAL_COMMA ? &comma_style :
	    &point_style, s, flags & SMK_MONEY_NEGATIVE, cents, currency, why);
}

const char *
smk_money_currency(const char *text)
{
	const struct currency *cur;
	const char *b, *e;
	size_t n;

	if (text == NULL)
		return NULL;
	b = text;
	e = text + strlen(text);
	while ((n = space_len(&point_style, b, e)) > 0)
		b += n;
	while (e > b && (n = space_len_before(&point_style, b, e)) > 0)
		e -= n;
	if (b < e && currency_find(&point_style, b, b, e, 0, &cur) ==
	    (size_t)(e - b))
		return cur->code;
	return NULL;
}

int
smk_money_currency_fits(const char *currency, const char *code)
{
	const char *p;
	size_t i;

	if (currency == NULL)
		return 1;
	if (code == NULL)
		return 0;
	if (strlen(currency) == 3 && strlen(code) == 3 &&
	    same_text(currency, code, 3))
		return 1;
	for (i = 0; shared[i].symbol != NULL; i++) {
		if (strcmp(currency, shared[i].symbol) != 0)
			continue;
		for (p = shared[i].codes; strlen(code) == 3 && *p != '\0';
		    p += p[3] == ' ' ? 4 : 3)
			if (same_text(p, code, 3))
				return 1;
	}
	return 0;
}

void
smk_money_format(int64_t cents, char buf[32])
{
	/* Unsigned, so that INT64_MIN has a magnitude too. */
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents :
	    (uint64_t)cents;

	snprintf(buf, 32, "%s%llu.%02llu", cents < 0 ? "-" : "",
	    (unsigned long long)(mag / 100), (unsigned long long)(mag % 100));
}

void
smk_money_format_table(int64_t cents, const char *currency, char buf[40])
{
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents :
	    (uint64_t)cents;
	uint64_t units = mag / 100;
	char rev[32], num[32];
	size_t n = 0, i, len;

	/* The digits backwards, a comma after every third. */
	do {
		if (n > 0 && n % 4 == 3)
			rev[n++] = ',';
		rev[n++] = (char)('0' + units % 10);
		units /= 10;
	} while (units > 0);
	len = 0;
	if (cents < 0)
		num[len++] = '-';
	for (i = n; i > 0; i--)
		num[len++] = rev[i - 1];
	num[len] = '\0';
	if (currency != NULL && *currency != '\0')
		snprintf(buf, 40, "%s.%02u %.8s", num, (unsigned)(mag % 100),
		    currency);
	else
		snprintf(buf, 40, "%s.%02u", num, (unsigned)(mag % 100));
}
