/* sla.c — the follow-up SLA clock: deadlines and elapsed time, calendar or business hours. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "sla.h"

#define DAY 86400
#define WEEK (7 * DAY)
/*
 * Past this many weeks of business time a deadline is "never": it keeps
 * the day walk bounded (and tm_mday within int) for absurd SLA lengths.
 */
#define MAX_WEEKS (100 * 53)
/* Likewise for elapsed: a span of more days than this is counted as calendar time. */
#define MAX_SPAN_DAYS (10000L * 366)

/*
 * Local calendar days are named by their distance k from a base day (the
 * local day of the clock's start); the base keeps the broken-down date so
 * that mktime(3) can normalise "base + k days" itself, DST included.
 */
struct base {
	int year, mon, mday;    /* as in struct tm */
	int wday;               /* 0 = Monday, like the weekday bits */
	long serial;            /* a day count, only differences matter */
};

static const char bad_day[] =
    "unknown weekday (use mon, tue, wed, thu, fri, sat, sun)";
static const char *const day_names[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

void
smk_sla_init(struct smk_sla *s, int64_t seconds)
{
	memset(s, 0, sizeof(*s));
	s->seconds = seconds;
	s->day_start = 9 * 3600;
	s->day_end = 17 * 3600;
	s->weekdays = SMK_SLA_MON_FRI;
}

/* ------------------------------------------------------------ parsing */

/* Reads "H:MM" or "HH:MM" at *p into seconds after midnight, up to 24:00. */
static int
parse_clock(const char **p, int *out, const char **why)
{
	const char *s = *p;
	int h = 0, m, n = 0;

	while (isdigit((unsigned char)*s) && n < 2) {
		h = h * 10 + (*s++ - '0');
		n++;
	}
	if (n == 0 || *s != ':' || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2])) {
		*why = "expected HH:MM-HH:MM, e.g. 09:00-17:00";
		return -1;
	}
	m = (s[1] - '0') * 10 + (s[2] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0)) {
		*why = "time of day out of range (00:00 to 24:00)";
		return -1;
	}
	*out = h * 3600 + m * 60;
	*p = s + 3;
	return 0;
}

int
smk_sla_parse_hours(struct smk_sla *s, const char *spec, const char **why)
{
	const char *p = spec;
	int start, end;

	if (parse_clock(&p, &start, why) == -1)
		return -1;
	if (*p != '-') {
		*why = "expected HH:MM-HH:MM, e.g. 09:00-17:00";
		return -1;
	}
	p++;
	if (parse_clock(&p, &end, why) == -1)
		return -1;
	if (*p != '\0') {
		*why = "expected HH:MM-HH:MM, e.g. 09:00-17:00";
		return -1;
	}
	if (start >= DAY) {
		*why = "business day cannot start at 24:00";
		return -1;
	}
	if (end <= start) {
		*why = "business day must end after it starts";
		return -1;
	}
	s->day_start = start;
	s->day_end = end;
	return 0;
}

/* Reads a three-letter weekday name at *p; returns 0..6 (Monday first) or -1. */
static int
parse_day(const char **p)
{
	int i;

	for (i = 0; i < 7; i++) {
		const char *q = *p, *n = day_names[i];

		while (*n && tolower((unsigned char)*q) == *n) {
			q++;
			n++;
		}
		if (*n == '\0' && !isalpha((unsigned char)*q)) {
			*p = q;
			return i;
		}
	}
	return -1;
}

int
smk_sla_parse_weekdays(struct smk_sla *s, const char *spec, const char **why)
{
	const char *p = spec;
	unsigned set = 0;
	int a, b;

	if (*p == '\0') {
		*why = "empty weekday list";
		return -1;
	}
	for (;;) {
		if ((a = parse_day(&p)) == -1) {
			*why = bad_day;
			return -1;
		}
		b = a;
		if (*p == '-') {
			p++;
			if ((b = parse_day(&p)) == -1) {
				*why = bad_day;
				return -1;
			}
		}
		/* A range may wrap over the week's end: fri-mon. */
		for (;;) {
			set |= 1u << a;
			if (a == b)
				break;
			a = (a + 1) % 7;
		}
		if (*p == '\0')
			break;
		if (*p != ',') {
			*why = "expected weekdays like mon-fri or mon,wed,fri";
			return -1;
		}
		p++;
	}
	s->weekdays = set;
	return 0;
}

/* ------------------------------------------------------------ the clock */

/* Whether s is a business clock that can be walked; else it runs as calendar. */
static int
is_business(const struct smk_sla *s)
{
	return s->business && (s->weekdays & SMK_SLA_ALLDAYS) != 0 &&
	    s->day_start >= 0 && s->day_start < s->day_end &&
	    s->day_end <= DAY;
}

/* a + b for b >= 0, saturating at INT64_MAX instead of overflowing. */
static int64_t
add_sat(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* Floor division, so the day count is right for years before 1 too. */
static long
floor_div(long a, long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The local day of t as a base; -1 when t is beyond what localtime can say. */
static int
base_of(int64_t t, struct base *b)
{
	time_t tt = (time_t)t;
	struct tm tm;
	long y;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return -1;
	b->year = tm.tm_year;
	b->mon = tm.tm_mon;
	b->mday = tm.tm_mday;
	b->wday = (tm.tm_wday + 6) % 7;
	/* Days before 1 January of year y, plus the day of the year. */
	y = (long)tm.tm_year + 1900 - 1;
	b->serial = 365 * y + floor_div(y, 4) - floor_div(y, 100) +
	    floor_div(y, 400) + tm.tm_yday;
	return 0;
}

/* The UTC moment of wall-clock `sec` seconds after midnight on day base + k. */
static int64_t
wall(const struct base *b, long k, int sec)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = b->year;
	tm.tm_mon = b->mon;
	tm.tm_mday = b->mday + (int)k;
	/* Whole fields, not tm_sec = sec: 24:00 becomes the next midnight. */
	tm.tm_hour = sec / 3600;
	tm.tm_min = sec % 3600 / 60;
	tm.tm_sec = sec % 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int
is_workday(const struct smk_sla *s, const struct base *b, long k)
{
	return (s->weekdays >> ((b->wday + k) % 7)) & 1u;
}

/* Business seconds of a week in which the UTC offset does not change. */
static int64_t
week_seconds(const struct smk_sla *s)
{
	unsigned w = s->weekdays & SMK_SLA_ALLDAYS;
	int64_t n = 0;

	for (; w != 0; w &= w - 1)
		n++;
	return n * (s->day_end - s->day_start);
}

/*
 * Whether the week of days k .. k+6 can be counted as a whole, without a
 * window that a DST change makes shorter or longer: true when the local
 * midnights a week apart are exactly 7 * 86400 s apart.  Two changes that
 * cancel within one week would fool it (by up to their size); no zone in
 * use changes twice in a week.  c caches the last midnight computed, since
 * a run of weeks shares its ends.
 */
struct midnight {
	long k;                 /* -1: nothing cached */
	int64_t t;
};

static int
steady_week(const struct base *b, long k, struct midnight *c)
{
	int64_t m0, m7;

	m0 = c->k == k ? c->t : wall(b, k, 0);
	m7 = wall(b, k + 7, 0);
	c->k = k + 7;
	c->t = m7;
	return m7 - m0 == WEEK;
}

int64_t
smk_sla_deadline(const struct smk_sla *s, int64_t start)
{
	struct base b;
	int64_t left = s->seconds > 0 ? s->seconds : 0;
	struct midnight mid = { -1, 0 };
	int64_t week, ws, we, from;
	long k, jump_from = 1;

	if (!is_business(s) || left == 0 || base_of(start, &b) == -1)
		return add_sat(start, left);
	week = week_seconds(s);
	if (left / week > MAX_WEEKS)
		return INT64_MAX;
	for (k = 0; k <= (long)(MAX_WEEKS + 2) * 7; k++) {
		/*
		 * Skip whole weeks while the deadline lies beyond them; the day
		 * of start is never skipped, since only part of it may count.
		 */
		while (k >= jump_from && left > week) {
			if (!steady_week(&b, k, &mid)) {
				/* A DST change in this week: walk it day by day. */
				jump_from = k + 7;
				break;
			}
			left -= week;
			k += 7;
		}
		if (!is_workday(s, &b, k))
			continue;
		ws = wall(&b, k, s->day_start);
		we = wall(&b, k, s->day_end);
		from = ws > start ? ws : start;
		if (from >= we)
			continue;
		if (left <= we - from)
			return from + left;
		left -= we - from;
	}
	return INT64_MAX;
}

int64_t
smk_sla_elapsed(const struct smk_sla *s, int64_t a, int64_t b)
{
	struct base ba, bb;
	struct midnight mid = { -1, 0 };
	int64_t week, ws, we, lo, hi, sum = 0;
	long k, last, jump_from = 1;

	if (b <= a)
		return 0;
	if (!is_business(s) || base_of(a, &ba) == -1 || base_of(b, &bb) == -1 ||
	    (last = bb.serial - ba.serial) > MAX_SPAN_DAYS)
		return a < 0 && b > INT64_MAX + a ? INT64_MAX : b - a;
	week = week_seconds(s);
	for (k = 0; k <= last; k++) {
		/* Whole weeks strictly between the days of a and b count in full. */
		while (k >= jump_from && k + 7 <= last) {
			if (!steady_week(&ba, k, &mid)) {
				jump_from = k + 7;
				break;
			}
			sum += week;
			k += 7;
		}
		if (!is_workday(s, &ba, k))
			continue;
		ws = wall(&ba, k, s->day_start);
		we = wall(&ba, k, s->day_end);
		lo = ws > a ? ws : a;
		hi = we < b ? we : b;
		if (hi > lo)
			sum += hi - lo;
	}
	return sum;
}
