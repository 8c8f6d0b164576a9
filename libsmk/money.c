/* money.c — amounts as cents: parsed from exports, plainly formatted. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "smk.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Length of a white-space character at p (ASCII or U+00A0), or 0. */
static size_t
space_len(const char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	return 0;
}

/* The same, for the character that ends just before e (e > b). */
static size_t
space_len_before(const char *b, const char *e)
{
	if (e - b >= 2 && (unsigned char)e[-2] == 0xC2 &&
	    (unsigned char)e[-1] == 0xA0)
		return 2;
	return space_len(e - 1) == 1 ? 1 : 0;
}

/* The currency symbols taken: dollar, euro, pound. */
static const char *const symbols[] = { "$", "\xE2\x82\xAC", "\xC2\xA3", NULL };

static size_t
symbol_at(const char *p, const char *e)
{
	size_t i, n;

	for (i = 0; symbols[i] != NULL; i++) {
		n = strlen(symbols[i]);
		if ((size_t)(e - p) >= n && memcmp(p, symbols[i], n) == 0)
			return n;
	}
	return 0;
}

static size_t
symbol_before(const char *b, const char *e)
{
	size_t i, n;

	for (i = 0; symbols[i] != NULL; i++) {
		n = strlen(symbols[i]);
		if ((size_t)(e - b) >= n && memcmp(e - n, symbols[i], n) == 0)
			return n;
	}
	return 0;
}

/*
 * Checks the integer part [b, e) holding commas: "1,234,567" groups by
 * three.  Returns NULL when fine, or why not.
 */
static const char *
check_grouping(const char *b, const char *e, int has_point)
{
	const char *p, *comma = memchr(b, ',', (size_t)(e - b));
	int n = 0, first = 1;

	/*
	 * "12,5" or "12,50" is twelve and a half in much of Europe and can
	 * be nothing else: refuse it rather than read 1250 or 125000.
	 */
	if (!has_point && memchr(comma + 1, ',', (size_t)(e - comma - 1)) ==
	    NULL && (e - comma - 1 == 1 || e - comma - 1 == 2))
		return "comma as decimal mark is ambiguous";
	for (p = b; p <= e; p++) {
		if (p == e || *p == ',') {
			if (first ? n < 1 || n > 3 : n != 3)
				return "bad digit grouping";
			first = 0;
			n = 0;
		} else {
			n++;
		}
	}
	return NULL;
}

int
smk_money_parse(const char *s, int allow_negative, int64_t *cents,
    const char **why)
{
	const char *b, *e, *p, *point;
	size_t n;
	int neg = 0, paren = 0, sym = 0, digits = 0;
	int64_t units = 0, frac = 0;
	int nfrac = 0;

	if (s == NULL) {
		*why = "empty amount";
		return -1;
	}
	b = s;
	e = s + strlen(s);
	while ((n = space_len(b)) > 0)
		b += n;
	while (e > b && (n = space_len_before(b, e)) > 0)
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
	/* Sign and symbol in either order: "-$12.30" and "$-12.30". */
	if (b < e && (*b == '-' || *b == '+'))
		neg = *b++ == '-';
	if ((n = symbol_at(b, e)) > 0) {
		sym = 1;
		b += n;
		while (b < e && (n = space_len(b)) > 0)
			b += n;
		if (b < e && (*b == '-' || *b == '+')) {
			if (neg) {
				*why = "not an amount";
				return -1;
			}
			neg = *b++ == '-';
		}
	}
	/* A trailing symbol: "12.30 €". */
	if (!sym && (n = symbol_before(b, e)) > 0) {
		e -= n;
		while (e > b && (n = space_len_before(b, e)) > 0)
			e -= n;
	}
	if (paren && neg) {
		*why = "not an amount";
		return -1;
	}
	neg |= paren;

	point = memchr(b, '.', (size_t)(e - b));
	for (p = b; p < (point ? point : e); p++) {
		if (*p == ',')
			continue;
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
		/* "1.234,56": dots grouping, a comma for the cents. */
		if (memchr(point + 1, ',', (size_t)(e - point - 1)) != NULL) {
			*why = "comma as decimal mark is ambiguous";
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
		 * American one: refused, like "12,5", unless grouping commas
		 * ("1,234.500") say which. */
		if (nfrac == 3 && memchr(b, ',', (size_t)(point - b)) == NULL) {
			*why = "a dot before three digits is ambiguous "
			    "(thousands or decimals?)";
			return -1;
		}
	}
	if (digits == 0) {
		*why = "not an amount";
		return -1;
	}
	if (memchr(b, ',', (size_t)((point ? point : e) - b)) != NULL) {
		const char *bad = check_grouping(b, point ? point : e,
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
