/* time.c — times as exports write them, the clock, and local-zone periods. */
/* strptime(3) is an X/Open interface, not declared by POSIX alone. */
#define _XOPEN_SOURCE 700

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smk.h"

#define DAY 86400

/* The parts of a time as read, before any zone is applied. */
struct fields {
	int year, mon, day;     /* mon 1..12 */
	int hour, min, sec;
	int has_zone;
	long off;               /* seconds east of UTC, when has_zone */
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/*
 * Reads min..max digits at *pp into *v and advances.  Returns the number
 * of digits read, or -1 when there are fewer than min.
 */
static int
digits(const char **pp, int min, int max, int *v)
{
	const char *p = *pp;
	int n = 0, x = 0;

	while (n < max && is_digit((unsigned char)*p)) {
		x = x * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n < min)
		return -1;
	*v = x;
	*pp = p;
	return n;
}

/* Case-insensitive match of the word w at *pp; advances on success. */
static int
word(const char **pp, const char *w)
{
	size_t i;

	for (i = 0; w[i] != '\0'; i++)
		if (lower((unsigned char)(*pp)[i]) != w[i])
			return 0;
	*pp += i;
	return 1;
}

static void
skip_spaces(const char **pp)
{
	while (is_space((unsigned char)**pp))
		(*pp)++;
}

/* "Z", "UTC", "GMT", "+hh:mm", "+hhmm", "+hh" (or "-"). */
static int
parse_zone(const char **pp, struct fields *f, const char **why)
{
	const char *p = *pp;
	int sign, hh, mm = 0;

	if (*p == 'Z' || *p == 'z') {
		f->has_zone = 1;
		f->off = 0;
		*pp = p + 1;
		return 0;
	}
	if (word(&p, "utc") || word(&p, "gmt")) {
		f->has_zone = 1;
		f->off = 0;
		*pp = p;
		return 0;
	}
	if (*p != '+' && *p != '-') {
		*why = "not a date or time";
		return -1;
	}
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&p, 2, 2, &hh) < 0) {
		*why = "not a date or time";
		return -1;
	}
	if (*p == ':') {
		p++;
		if (digits(&p, 2, 2, &mm) < 0) {
			*why = "not a date or time";
			return -1;
		}
	} else if (is_digit((unsigned char)*p)) {
		if (digits(&p, 2, 2, &mm) < 0) {
			*why = "not a date or time";
			return -1;
		}
	}
	/* Real offsets stay within ±14 hours; ±18 is what ISO 8601 allows. */
	if (hh > 18 || mm > 59) {
		*why = "invalid zone offset";
		return -1;
	}
	f->has_zone = 1;
	f->off = sign * (hh * 3600L + mm * 60L);
	*pp = p;
	return 0;
}

/*
 * The clock part: "H:MM[:SS[.frac]] [AM|PM] [zone]".  A fraction is read
 * and dropped: times are kept to the second.
 */
static int
parse_clock(const char **pp, struct fields *f, const char **why)
{
	const char *p = *pp;
	int ampm = 0;  /* 0 none, 1 AM, 2 PM */
	int dummy;

	if (digits(&p, 1, 2, &f->hour) < 0 || *p++ != ':' ||
	    digits(&p, 2, 2, &f->min) < 0)
		goto bad;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, 2, &f->sec) < 0)
			goto bad;
		if ((*p == '.' || *p == ',') && is_digit((unsigned char)p[1])) {
			p++;
			while (digits(&p, 1, 9, &dummy) > 0)
				;
		}
	}
	skip_spaces(&p);
	if (word(&p, "am") || word(&p, "a.m."))
		ampm = 1;
	else if (word(&p, "pm") || word(&p, "p.m."))
		ampm = 2;
	skip_spaces(&p);
	if (*p != '\0' && parse_zone(&p, f, why) < 0)
		return -1;
	if (*p != '\0')
		goto bad;
	if (ampm != 0) {
		if (f->hour < 1 || f->hour > 12) {
			*why = "invalid time";
			return -1;
		}
		f->hour %= 12;
		if (ampm == 2)
			f->hour += 12;
	}
	*pp = p;
	return 0;
bad:
	*why = "not a date or time";
	return -1;
}

/*
 * What is said of a day-first date the guesses do not read: "31-12-2026"
 * (dashes are never guessed) and "31/12/2026" (slashes are month-first),
 * by the separator and the clock after the date.  A whole column of them
 * is a day-first export: the hint is the --date-format that reads it.
 */
#define DAY_FIRST(why, d) {						\
	why " (day-first? use --date-format " d ")",			\
	why " (day-first? use --date-format '" d " %H:%M')",		\
	why " (day-first? use --date-format '" d " %H:%M:%S')",		\
	why " (day-first? use --date-format " d "T%H:%M)",		\
	why " (day-first? use --date-format " d "T%H:%M:%S)",		\
	why " (day-first? use --date-format " d " and the time's format)" \
}
enum { DF_DATE, DF_HM, DF_HMS, DF_T_HM, DF_T_HMS, DF_OTHER, DF_COUNT };
static const char *const day_first_dash[DF_COUNT] =
    DAY_FIRST("not a date or time", "%d-%m-%Y");
static const char *const day_first_slash[DF_COUNT] =
    DAY_FIRST("invalid date", "%d/%m/%Y");

/*
 * The explanation for s when it is a valid day-first date D-M-YYYY or
 * D/M/YYYY (sep), alone or followed by a valid clock; else NULL.
 */
static const char *
day_first(const char *s, int sep)
{
	const char *const *hint = sep == '-' ? day_first_dash :
	    day_first_slash;
	const char *p = s, *clock;
	struct fields f;
	const char *why;
	int day, mon, year, hm, v;

	if (digits(&p, 1, 2, &day) < 0 || *p++ != sep ||
	    digits(&p, 1, 2, &mon) < 0 || *p++ != sep ||
	    digits(&p, 4, 4, &year) < 0 || is_digit((unsigned char)*p))
		return NULL;
	if (mon < 1 || mon > 12 || day < 1 ||
	    day > days_in_month(year, mon) || year < 1)
		return NULL;
	if (*p == '\0')
		return hint[DF_DATE];
	/* strptime(3) matches a 'T' in the format as it is: not a 't' */
	if (*p == 'T' || *p == 't')
		hm = *p++ == 'T' ? DF_T_HM : DF_OTHER;
	else if (is_space((unsigned char)*p)) {
		skip_spaces(&p);
		hm = DF_HM;
	} else
		return NULL;
	/* a plain 24-hour clock: the exact format; any other clock that
	 * the guesses read: the date's part of it */
	clock = p;
	memset(&f, 0, sizeof(f));
	if (parse_clock(&p, &f, &why) < 0 || f.hour > 23 || f.min > 59 ||
	    f.sec > 59)
		return NULL;
	p = clock;
	if (hm != DF_OTHER && digits(&p, 1, 2, &v) > 0 && *p++ == ':' &&
	    digits(&p, 2, 2, &v) == 2) {
		if (*p == '\0')
			return hint[hm];
		if (*p++ == ':' && digits(&p, 2, 2, &v) == 2 && *p == '\0')
			return hint[hm + 1];
	}
	return hint[DF_OTHER];
}

/* The built-in forms; see smk.h. */
static int
parse_guess(const char *s, struct fields *f, const char **why)
{
	const char *p = s;
	int a, b, c, n;
	char sep;

	n = 0;
	while (is_digit((unsigned char)p[n]))
		n++;
	sep = p[n];
	if (n == 4 && (sep == '-' || sep == '/' || sep == '.')) {
		/* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD */
		digits(&p, 4, 4, &f->year);
		p++;
		if (digits(&p, 1, 2, &f->mon) < 0 || *p++ != sep ||
		    digits(&p, 1, 2, &f->day) < 0)
			goto bad;
	} else if ((n == 1 || n == 2) && (sep == '/' || sep == '.')) {
		/* M/D/YYYY as in US exports, DD.MM.YYYY as in European ones */
		digits(&p, 1, 2, &a);
		p++;
		if (digits(&p, 1, 2, &b) < 0 || *p++ != sep ||
		    digits(&p, 4, 4, &c) < 0)
			goto bad;
		f->year = c;
		f->mon = sep == '/' ? a : b;
		f->day = sep == '/' ? b : a;
	} else if ((n == 1 || n == 2) && sep == '-' &&
	    (*why = day_first(s, '-')) != NULL) {
		return -1;
	} else {
		goto bad;
	}
	if (f->mon < 1 || f->mon > 12 || f->day < 1 ||
	    f->day > days_in_month(f->year, f->mon) || f->year < 1) {
		if (sep != '/' || (*why = day_first(s, '/')) == NULL)
			*why = "invalid date";
		return -1;
	}
	if (*p == '\0')
		return 0;
	if (*p == 'T' || *p == 't')
		p++;
	else if (is_space((unsigned char)*p))
		skip_spaces(&p);
	else
		goto bad;
	if (parse_clock(&p, f, why) < 0)
		return -1;
	if (f->hour > 23 || f->min > 59 || f->sec > 59) {
		*why = "invalid time";
		return -1;
	}
	return 0;
bad:
	*why = "not a date or time";
	return -1;
}

/* "@1700000000": seconds since the epoch, possibly negative. */
static int
parse_epoch(const char *p, int64_t *out, const char **why)
{
	int neg = 0, n = 0;
	int64_t v = 0;

	p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	/* 15 digits reach far past year 9999 and cannot overflow. */
	for (; is_digit((unsigned char)*p) && n < 16; p++, n++)
		v = v * 10 + (*p - '0');
	if (n == 0 || *p != '\0') {
		*why = n >= 16 ? "time out of range" : "not a date or time";
		return -1;
	}
	*out = neg ? -v : v;
	return 0;
}

/* Local calendar time to UTC seconds; mktime(3) chooses DST itself. */
static int
local_to_utc(struct tm *tm, int64_t *out)
{
	time_t t;

	tm->tm_isdst = -1;
	/* mktime may legitimately return -1; an untouched tm_wday tells
	 * failure apart. */
	tm->tm_wday = -1;
	t = mktime(tm);
	if (tm->tm_wday == -1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

/* Broken-down time to UTC: at offset off seconds east when the zone is
 * known, else in the local zone. */
static int
tm_to_utc(struct tm *tm, int has_zone, long off, int64_t *out,
    const char **why)
{
	time_t t;

	if (has_zone) {
		tm->tm_wday = -1;
		t = timegm(tm);
		if (tm->tm_wday == -1) {
			*why = "time out of range";
			return -1;
		}
		*out = (int64_t)t - off;
		return 0;
	}
	if (local_to_utc(tm, out) < 0) {
		*why = "time out of range";
		return -1;
	}
	return 0;
}

static int
fields_to_utc(const struct fields *f, int64_t *out, const char **why)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = f->year - 1900;
	tm.tm_mon = f->mon - 1;
	tm.tm_mday = f->day;
	tm.tm_hour = f->hour;
	tm.tm_min = f->min;
	tm.tm_sec = f->sec;
	return tm_to_utc(&tm, f->has_zone, f->off, out, why);
}

int
smk_time_format_check(const char *fmt, const char **why)
{
	const char *p;
	int year = 0, month = 0;

	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == 'E' || *p == 'O')
			p++;
		if (*p == '\0')
			break;
		if (strchr("YyCGg", *p) != NULL)
			year = 1;
		else if (strchr("mbBh", *p) != NULL)
			month = 1;
		else if (strchr("FDcxs", *p) != NULL)
			year = month = 1;
	}
	if (!year || !month) {
		/* strptime(3) would leave them as they were: 1970, January */
		*why = !year ? "no year in it (%Y or %y): every date would be "
		    "in 1970" : "no month in it (%m or %b): every date would be "
		    "in January";
		return -1;
	}
	return 0;
}

/* A caller's strptime(3) format; "%z" in it makes the zone explicit. */
static int
parse_with_format(const char *s, const char *fmt, int64_t *out,
    const char **why)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;  /* a format without a day means the first */
	tm.tm_year = 70;
	end = strptime(s, fmt, &tm);
	if (end == NULL) {
		*why = "does not match the date format";
		return -1;
	}
	while (is_space((unsigned char)*end))
		end++;
	if (*end != '\0') {
		*why = "does not match the date format";
		return -1;
	}
	/* strptime(3) takes "%d" up to 31 whatever the month. */
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > days_in_month(tm.tm_year + 1900, tm.tm_mon + 1)) {
		*why = "invalid date";
		return -1;
	}
	if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59) {
		*why = "invalid time";
		return -1;
	}
	return tm_to_utc(&tm, strstr(fmt, "%z") != NULL, tm.tm_gmtoff, out,
	    why);
}

/* Copies s without its surrounding white space into buf; -1 with *why
 * (empty, or too long to be one) when that is not possible. */
static int
trim_into(const char *s, char *buf, size_t size, const char *empty,
    const char *bad, const char **why)
{
	const char *b, *e;

	if (s == NULL) {
		*why = bad;
		return -1;
	}
	for (b = s; is_space((unsigned char)*b); b++)
		;
	for (e = b + strlen(b); e > b && is_space((unsigned char)e[-1]); e--)
		;
	if (b == e) {
		*why = empty;
		return -1;
	}
	if ((size_t)(e - b) >= size) {
		*why = bad;
		return -1;
	}
	memcpy(buf, b, (size_t)(e - b));
	buf[e - b] = '\0';
	return 0;
}

int
smk_time_parse(const char *s, const char *fmt, int64_t *out,
    const char **why)
{
	char buf[128];
	struct fields f;

	if (trim_into(s, buf, sizeof(buf), "empty time", "not a date or time",
	    why) < 0)
		return -1;
	if (fmt != NULL)
		return parse_with_format(buf, fmt, out, why);
	if (buf[0] == '@')
		return parse_epoch(buf, out, why);
	memset(&f, 0, sizeof(f));
	if (parse_guess(buf, &f, why) < 0)
		return -1;
	return fields_to_utc(&f, out, why);
}

void
smk_time_format_utc(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	/* Outside years 0..9999 the form would not be ISO 8601. */
	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900) {
		snprintf(buf, 32, "@%lld", (long long)t);
		return;
	}
	/* The casts and % tell the compiler the fields fit in 32 bytes. */
	snprintf(buf, 32, "%04u-%02d-%02dT%02d:%02d:%02dZ",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned char)(tm.tm_mon + 1), (unsigned char)tm.tm_mday,
	    (unsigned char)tm.tm_hour, (unsigned char)tm.tm_min,
	    (unsigned char)tm.tm_sec);
}

void
smk_time_format_local(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900) {
		snprintf(buf, 32, "@%lld", (long long)t);
		return;
	}
	snprintf(buf, 32, "%04u-%02d-%02d %02d:%02d",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned char)(tm.tm_mon + 1), (unsigned char)tm.tm_mday,
	    (unsigned char)tm.tm_hour, (unsigned char)tm.tm_min);
}

int64_t
smk_time_now(void)
{
	const char *pin = getenv("SMK_NOW");
	const char *why;
	int64_t t;

	/* An unreadable $SMK_NOW is ignored rather than fatal: the library
	 * cannot report it here, and a real clock is the safe fallback. */
	if (pin != NULL && *pin != '\0' && smk_time_parse(pin, NULL, &t,
	    &why) == 0)
		return t;
	return (int64_t)time(NULL);
}

/* ---------------------------------------------------------------- periods */

/*
 * Local midnight starting the calendar day y-m-d.  m and d may be out of
 * range (day 0, month 13): mktime(3) carries them over, which is how the
 * period code steps through the calendar.  Days are never 86400 seconds
 * apart by assumption: around a DST change they are 23 or 25 hours.
 */
static int
local_midnight(int y, int m, int d, int64_t *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return local_to_utc(&tm, out);
}

/* The period of the given kind from local midnight y1-m1-d1 to local
 * midnight y2-m2-d2 (out of range parts carried over). */
static int
span(int kind, int y1, int m1, int d1, int y2, int m2, int d2,
    struct smk_period *out, const char **why)
{
	if (local_midnight(y1, m1, d1, &out->from) < 0 ||
	    local_midnight(y2, m2, d2, &out->to) < 0) {
		*why = "period out of range";
		return -1;
	}
	out->kind = kind;
	return 0;
}

/* Days since 1970-01-01 of a calendar date; m and d may be out of range. */
static int64_t
day_number(int y, int m, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	/* Midnight UTC: an exact multiple of a day, so the division is exact
	 * before 1970 too. */
	return (int64_t)timegm(&tm) / DAY;
}

/* The ISO weekday of a day number, Monday 0 .. Sunday 6. */
static int
weekday_of(int64_t days)
{
	/* 1970-01-01 was a Thursday (3). */
	return (int)(((days % 7) + 7 + 3) % 7);
}

/* The ISO weekday of a calendar date. */
static int
weekday(int y, int m, int d)
{
	return weekday_of(day_number(y, m, d));
}

/* 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or on a
 * Wednesday in a leap year. */
static int
iso_weeks(int y)
{
	int wd = weekday(y, 1, 1);

	return wd == 3 || (wd == 2 && is_leap(y)) ? 53 : 52;
}

static int
keyword(const char *s, const char *w)
{
	const char *p = s;

	return word(&p, w) && *p == '\0';
}

static int
period_relative(const char *s, int64_t now, struct smk_period *out,
    const char **why)
{
	time_t tt = (time_t)now;
	struct tm tm;
	int y, m, d, wd, q;
	const char *p;
	int ndays;

	if (localtime_r(&tt, &tm) == NULL) {
		*why = "period out of range";
		return -1;
	}
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	d = tm.tm_mday;
	wd = (tm.tm_wday + 6) % 7;  /* Monday 0 */
	q = (m - 1) / 3 * 3 + 1;    /* first month of the quarter */
	if (keyword(s, "today"))
		return span(SMK_PERIOD_DAY, y, m, d, y, m, d + 1, out, why);
	if (keyword(s, "yesterday"))
		return span(SMK_PERIOD_DAY, y, m, d - 1, y, m, d, out, why);
	if (keyword(s, "this-week"))
		return span(SMK_PERIOD_WEEK, y, m, d - wd, y, m, d - wd + 7,
		    out, why);
	if (keyword(s, "last-week"))
		return span(SMK_PERIOD_WEEK, y, m, d - wd - 7, y, m, d - wd,
		    out, why);
	if (keyword(s, "this-month"))
		return span(SMK_PERIOD_MONTH, y, m, 1, y, m + 1, 1, out, why);
	if (keyword(s, "last-month"))
		return span(SMK_PERIOD_MONTH, y, m - 1, 1, y, m, 1, out, why);
	if (keyword(s, "this-quarter"))
		return span(SMK_PERIOD_QUARTER, y, q, 1, y, q + 3, 1, out, why);
	if (keyword(s, "last-quarter"))
		return span(SMK_PERIOD_QUARTER, y, q - 3, 1, y, q, 1, out,
		    why);
	/*
	 * "last-Nd" is a rolling window of N times 24 hours ending now, not
	 * calendar days: "what happened in the last week" at any moment.
	 */
	p = s;
	if (word(&p, "last-") && digits(&p, 1, 4, &ndays) > 0 &&
	    lower((unsigned char)*p) == 'd' && p[1] == '\0') {
		if (ndays < 1) {
			*why = "invalid day count";
			return -1;
		}
		out->from = now - (int64_t)ndays * DAY;
		out->to = now;
		out->kind = SMK_PERIOD_SPAN;
		return 0;
	}
	*why = "not a period";
	return -1;
}

/* One period without "..": absolute or relative. */
static int
period_one(const char *s, int64_t now, struct smk_period *out,
    const char **why)
{
	const char *p = s;
	int y, m, d, w;

	if (!is_digit((unsigned char)*s))
		return period_relative(s, now, out, why);
	if (digits(&p, 4, 4, &y) < 0 || is_digit((unsigned char)*p) ||
	    y < 1) {
		*why = "not a period";
		return -1;
	}
	if (*p == '\0')
		return span(SMK_PERIOD_YEAR, y, 1, 1, y + 1, 1, 1, out, why);
	if (*p++ != '-')
		goto bad;
	if (*p == 'Q' || *p == 'q') {
		p++;
		if (digits(&p, 1, 1, &m) < 0 || *p != '\0')
			goto bad;
		if (m < 1 || m > 4) {
			*why = "invalid quarter";
			return -1;
		}
		m = (m - 1) * 3 + 1;
		return span(SMK_PERIOD_QUARTER, y, m, 1, y, m + 3, 1, out, why);
	}
	if (*p == 'W' || *p == 'w') {
		p++;
		if (digits(&p, 2, 2, &w) < 0 || *p != '\0')
			goto bad;
		if (w < 1 || w > iso_weeks(y)) {
			*why = "invalid week";
			return -1;
		}
		/* Week 1 is the week with January 4th (the first Thursday). */
		d = 4 - weekday(y, 1, 4) + 7 * (w - 1);
		return span(SMK_PERIOD_WEEK, y, 1, d, y, 1, d + 7, out, why);
	}
	if (digits(&p, 2, 2, &m) < 0)
		goto bad;
	if (*p == '\0') {
		if (m < 1 || m > 12) {
			*why = "invalid month";
			return -1;
		}
		return span(SMK_PERIOD_MONTH, y, m, 1, y, m + 1, 1, out, why);
	}
	if (*p++ != '-' || digits(&p, 2, 2, &d) < 0 || *p != '\0')
		goto bad;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
		*why = "invalid date";
		return -1;
	}
	return span(SMK_PERIOD_DAY, y, m, d, y, m, d + 1, out, why);
bad:
	*why = "not a period";
	return -1;
}

int
smk_period_parse(const char *s, int64_t now, struct smk_period *out,
    const char **why)
{
	char buf[64];
	char *dots;
	struct smk_period a, z;

	if (trim_into(s, buf, sizeof(buf), "empty period", "not a period",
	    why) < 0)
		return -1;
	dots = strstr(buf, "..");
	if (dots == NULL)
		return period_one(buf, now, out, why);
	/* "A..B" runs from the start of A to the end of B, both included. */
	*dots = '\0';
	if (buf[0] == '\0' || dots[2] == '\0' || strstr(dots + 2, "..")) {
		*why = "not a period";
		return -1;
	}
	if (period_one(buf, now, &a, why) < 0 ||
	    period_one(dots + 2, now, &z, why) < 0)
		return -1;
	if (z.to <= a.from) {
		*why = "period ends before it starts";
		return -1;
	}
	out->from = a.from;
	out->to = z.to;
	/* a range of whole days; with an end inside a day ("last-7d..",
	 * "..today" is whole) it is a span, named by the days it touches */
	out->kind = a.kind == SMK_PERIOD_SPAN || z.kind == SMK_PERIOD_SPAN ?
	    SMK_PERIOD_SPAN : SMK_PERIOD_RANGE;
	return 0;
}

/* ------------------------------------------ previous periods, names, weeks */

/* A local calendar day. */
struct day {
	int y, m, d;
};

/*
 * The local day holding t; -1 when it is outside the years 1 to 10000
 * (a period of year 9999 ends on 10000-01-01; names and ISO weeks are
 * given for years 1 to 9999 only).
 */
static int
day_of(int64_t t, struct day *dy)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL ||
	    tm.tm_year < 1 - 1900 || tm.tm_year > 10000 - 1900)
		return -1;
	dy->y = tm.tm_year + 1900;
	dy->m = tm.tm_mon + 1;
	dy->d = tm.tm_mday;
	return 0;
}

/* Whether t is where its local day dy starts. */
static int
starts_day(int64_t t, const struct day *dy)
{
	int64_t m;

	return local_midnight(dy->y, dy->m, dy->d, &m) == 0 && m == t;
}

/* The ISO year and week of a calendar date: those of its week's
 * Thursday, since week 1 is the week with the year's first Thursday. */
static void
iso_week(int y, int m, int d, int *iy, int *iw)
{
	int64_t days = day_number(y, m, d);
	time_t thu = (time_t)((days - weekday_of(days) + 3) * DAY);
	struct tm tm;

	gmtime_r(&thu, &tm);
	*iy = tm.tm_year + 1900;
	*iw = tm.tm_yday / 7 + 1;
}

/* What a range is made of, for its name and the period before it. */
enum shape { SHAPE_SECONDS, SHAPE_DAYS, SHAPE_MONTHS };

/*
 * The shape of [from, to), with *a the first day and *z the day holding
 * to (for whole days: the day after the last one).  p is non-empty and in
 * range.
 */
static int
shape_of(const struct smk_period *p, struct day *a, struct day *z)
{
	if (day_of(p->from, a) < 0 || day_of(p->to, z) < 0 ||
	    !starts_day(p->from, a) || !starts_day(p->to, z))
		return SHAPE_SECONDS;
	return a->d == 1 && z->d == 1 ? SHAPE_MONTHS : SHAPE_DAYS;
}

/* Checks that p is non-empty and within the years 1 to 9999 (its last
 * second, so that "9999" itself is). */
static int
check_range(const struct smk_period *p, const char **why)
{
	struct day a, z;

	if (p->to <= p->from) {
		*why = "empty period";
		return -1;
	}
	if (day_of(p->from, &a) < 0 || day_of(p->to - 1, &z) < 0 ||
	    a.y > 9999 || z.y > 9999) {
		*why = "period out of range";
		return -1;
	}
	return 0;
}

int
smk_period_prev(const struct smk_period *p, struct smk_period *out,
    const char **why)
{
	struct smk_period r;
	struct day a, z, first;
	int64_t n;
	int rc;

	if (check_range(p, why) < 0)
		return -1;
	day_of(p->from, &a);
	switch (p->kind) {
	case SMK_PERIOD_DAY:
		rc = span(p->kind, a.y, a.m, a.d - 1, a.y, a.m, a.d, &r, why);
		break;
	case SMK_PERIOD_WEEK:
		rc = span(p->kind, a.y, a.m, a.d - 7, a.y, a.m, a.d, &r, why);
		break;
	case SMK_PERIOD_MONTH:
		rc = span(p->kind, a.y, a.m - 1, 1, a.y, a.m, 1, &r, why);
		break;
	case SMK_PERIOD_QUARTER:
		rc = span(p->kind, a.y, a.m - 3, 1, a.y, a.m, 1, &r, why);
		break;
	case SMK_PERIOD_YEAR:
		rc = span(p->kind, a.y - 1, 1, 1, a.y, 1, 1, &r, why);
		break;
	case SMK_PERIOD_RANGE:
		switch (shape_of(p, &a, &z)) {
		case SHAPE_MONTHS:
			n = (z.y - a.y) * 12 + (z.m - a.m);
			rc = span(p->kind, a.y, a.m - (int)n, 1, a.y, a.m, 1,
			    &r, why);
			break;
		case SHAPE_DAYS:
			n = day_number(z.y, z.m, z.d) -
			    day_number(a.y, a.m, a.d);
			rc = span(p->kind, a.y, a.m, a.d - (int)n, a.y, a.m,
			    a.d, &r, why);
			break;
		default:
			goto seconds;
		}
		break;
	default:
	seconds:
		/* Both ends lie within years 1 to 9999: no overflow. */
		r.from = p->from - (p->to - p->from);
		r.to = p->from;
		r.kind = p->kind;
		rc = 0;
		break;
	}
	if (rc < 0)
		return -1;
	if (day_of(r.from, &first) < 0) {
		*why = "period out of range";
		return -1;
	}
	*out = r;
	return 0;
}

/*
 * "2026-11-23" (or "2026-11" without the day) into b[14].  The year is 1
 * to 9999 (check_range); the casts and % tell the compiler so.
 */
static void
format_day(char b[14], const struct day *dy, int with_day)
{
	if (with_day)
		snprintf(b, 14, "%04u-%02d-%02d", (unsigned)dy->y % 10000u,
		    (unsigned char)dy->m, (unsigned char)dy->d);
	else
		snprintf(b, 14, "%04u-%02d", (unsigned)dy->y % 10000u,
		    (unsigned char)dy->m);
}

int
smk_period_name(const struct smk_period *p, char buf[32], const char **why)
{
	struct day a, z, last;
	char one[14], two[14];
	int iy, iw;

	if (check_range(p, why) < 0)
		return -1;
	day_of(p->from, &a);
	switch (p->kind) {
	case SMK_PERIOD_DAY:
		format_day(one, &a, 1);
		snprintf(buf, 32, "%s", one);
		return 0;
	case SMK_PERIOD_WEEK:
		iso_week(a.y, a.m, a.d, &iy, &iw);
		snprintf(buf, 32, "%04d-W%02d", iy, iw);
		return 0;
	case SMK_PERIOD_MONTH:
		format_day(one, &a, 0);
		snprintf(buf, 32, "%s", one);
		return 0;
	case SMK_PERIOD_QUARTER:
		snprintf(buf, 32, "%04d-Q%d", a.y, (a.m - 1) / 3 + 1);
		return 0;
	case SMK_PERIOD_YEAR:
		snprintf(buf, 32, "%04d", a.y);
		return 0;
	case SMK_PERIOD_RANGE:
		if (shape_of(p, &a, &z) == SHAPE_MONTHS) {
			/* The month before z's is the last one. */
			last.y = z.m == 1 ? z.y - 1 : z.y;
			last.m = z.m == 1 ? 12 : z.m - 1;
			format_day(one, &a, 0);
			format_day(two, &last, 0);
			goto pair;
		}
		break;
	default:
		break;
	}
	/* The days included: those of the first and the last second. */
	day_of(p->to - 1, &last);
	format_day(one, &a, 1);
	format_day(two, &last, 1);
pair:
	if (strcmp(one, two) == 0)
		snprintf(buf, 32, "%s", one);
	else
		snprintf(buf, 32, "%s..%s", one, two);
	return 0;
}

int
smk_period_weeks(const struct smk_period *p,
    struct smk_period_week **weeks, size_t *n, const char **why)
{
	struct smk_period_week *w = NULL, *x;
	size_t len = 0, cap = 0;
	struct day a, pa, pz;
	int64_t start, end;
	int mon, k;

	*weeks = NULL;
	*n = 0;
	if (p->to <= p->from)
		return 0;
	if (check_range(p, why) < 0)
		return -1;
	day_of(p->from, &a);
	/* The Monday of the first week; mktime(3) carries the days over. */
	mon = a.d - weekday(a.y, a.m, a.d);
	for (k = 0;; k++) {
		if (local_midnight(a.y, a.m, mon + 7 * k, &start) < 0 ||
		    local_midnight(a.y, a.m, mon + 7 * (k + 1), &end) < 0) {
			free(w);
			*why = "period out of range";
			return -1;
		}
		if (start >= p->to)
			break;
		if (len == cap) {
			cap = cap ? 2 * cap : 8;
			w = smk_xrealloc(w, cap * sizeof(*w));
		}
		x = &w[len++];
		memset(x, 0, sizeof(*x));
		iso_week(a.y, a.m, mon + 7 * k, &x->year, &x->week);
		snprintf(x->name, sizeof(x->name), "%04d-W%02d", x->year,
		    x->week);
		x->part.from = start > p->from ? start : p->from;
		x->part.to = end < p->to ? end : p->to;
		if (x->part.from == start && x->part.to == end)
			x->part.kind = SMK_PERIOD_WEEK;
		else if (shape_of(&x->part, &pa, &pz) != SHAPE_SECONDS)
			x->part.kind = SMK_PERIOD_RANGE;
		else
			x->part.kind = SMK_PERIOD_SPAN;
	}
	*weeks = w;
	*n = len;
	return 0;
}

void
smk_period_week_name(int64_t t, char buf[32])
{
	struct day dy;
	int iy, iw;

	if (day_of(t, &dy) < 0 || dy.y > 9999) {
		snprintf(buf, 32, "@%lld", (long long)t);
		return;
	}
	iso_week(dy.y, dy.m, dy.d, &iy, &iw);
	snprintf(buf, 32, "%04d-W%02d", iy, iw);
}
