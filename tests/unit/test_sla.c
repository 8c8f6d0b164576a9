/* test_sla.c — unit tests for the SLA clock (sla.c): parsing, business hours, DST, brute force. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sla.h"
#include "unit.h"

#define H 3600

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* The UTC moment of a local wall-clock time in the current TZ. */
static int64_t
lt(int y, int mon, int d, int h, int min)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* "2026-01-12 Mon 16:00" in the current TZ, in a static buffer. */
static const char *
show(int64_t t)
{
	static char buf[64];
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return "(out of range)";
	strftime(buf, sizeof(buf), "%Y-%m-%d %a %H:%M %Z", &tm);
	return buf;
}

/* A business clock over the given window and weekdays. */
static struct smk_sla
biz(int64_t seconds, const char *hours, const char *days)
{
	struct smk_sla s;
	const char *why = NULL;

	smk_sla_init(&s, seconds);
	s.business = 1;
	if (smk_sla_parse_hours(&s, hours, &why) == -1 ||
	    smk_sla_parse_weekdays(&s, days, &why) == -1) {
		printf("# bad test clock %s %s: %s\n", hours, days, why);
		exit(2);
	}
	return s;
}

static void
test_parse(void)
{
	struct smk_sla s;
	const char *why;
	int rc;

	smk_sla_init(&s, 0);
	CHECK_INT(smk_sla_parse_hours(&s, "09:00-17:00", &why), 0, "09:00-17:00 parses");
	CHECK_INT(s.day_start, 9 * H, "day starts 09:00");
	CHECK_INT(s.day_end, 17 * H, "day ends 17:00");
	CHECK_INT(smk_sla_parse_hours(&s, "8:30-12:45", &why), 0, "8:30-12:45 parses");
	CHECK_INT(s.day_start, 8 * H + 30 * 60, "one-digit hour");
	CHECK_INT(s.day_end, 12 * H + 45 * 60, "minutes kept");
	CHECK_INT(smk_sla_parse_hours(&s, "00:00-24:00", &why), 0, "00:00-24:00 parses");
	CHECK_INT(s.day_end, 24 * H, "24:00 is the end of the day");

	smk_sla_init(&s, 0);
	why = NULL;
	rc = smk_sla_parse_hours(&s, "9-17", &why);
	CHECK(rc == -1 && why != NULL, "9-17 refused: %s", why ? why : "(no reason)");
	why = NULL;
	rc = smk_sla_parse_hours(&s, "25:00-26:00", &why);
	CHECK(rc == -1 && why != NULL, "25:00-26:00 refused: %s", why ? why : "(no reason)");
	why = NULL;
	rc = smk_sla_parse_hours(&s, "17:00-09:00", &why);
	CHECK(rc == -1 && why != NULL, "17:00-09:00 refused: %s", why ? why : "(no reason)");
	why = NULL;
	rc = smk_sla_parse_hours(&s, "09:00-09:00", &why);
	CHECK(rc == -1 && why != NULL, "empty window refused: %s", why ? why : "(no reason)");
	CHECK(smk_sla_parse_hours(&s, "09:60-10:00", &why) == -1, "minute 60 refused");
	CHECK(smk_sla_parse_hours(&s, "24:00-24:00", &why) == -1, "start 24:00 refused");
	CHECK(smk_sla_parse_hours(&s, "24:30-24:45", &why) == -1, "24:30 refused");
	CHECK(smk_sla_parse_hours(&s, "09:00-17:00x", &why) == -1, "trailing junk refused");
	CHECK(smk_sla_parse_hours(&s, "09:0-17:00", &why) == -1, "one-digit minutes refused");
	CHECK(smk_sla_parse_hours(&s, "", &why) == -1, "empty hours refused");
	CHECK(s.day_start == 9 * H && s.day_end == 17 * H, "refusals leave the clock unchanged");

	CHECK_INT(smk_sla_parse_weekdays(&s, "mon-fri", &why), 0, "mon-fri parses");
	CHECK_INT(s.weekdays, 0x1f, "mon-fri bits");
	CHECK_INT(smk_sla_parse_weekdays(&s, "mon,wed,fri", &why), 0, "mon,wed,fri parses");
	CHECK_INT(s.weekdays, 0x15, "mon,wed,fri bits");
	CHECK_INT(smk_sla_parse_weekdays(&s, "sat-sun", &why), 0, "sat-sun parses");
	CHECK_INT(s.weekdays, 0x60, "sat-sun bits");
	CHECK_INT(smk_sla_parse_weekdays(&s, "mon-sun", &why), 0, "mon-sun parses");
	CHECK_INT(s.weekdays, 0x7f, "mon-sun bits");
	CHECK_INT(smk_sla_parse_weekdays(&s, "Fri-MON", &why), 0, "wrapping range, any case");
	CHECK_INT(s.weekdays, 0x71, "fri-mon is fri,sat,sun,mon");
	CHECK_INT(smk_sla_parse_weekdays(&s, "tue,thu-fri,sun", &why), 0, "mixed list parses");
	CHECK_INT(s.weekdays, 0x5a, "tue,thu-fri,sun bits");
	why = NULL;
	rc = smk_sla_parse_weekdays(&s, "funday", &why);
	CHECK(rc == -1 && why != NULL, "funday refused: %s", why ? why : "(no reason)");
	why = NULL;
	rc = smk_sla_parse_weekdays(&s, "", &why);
	CHECK(rc == -1 && why != NULL, "empty weekday list refused: %s", why ? why : "(no reason)");
	CHECK(smk_sla_parse_weekdays(&s, "mon,", &why) == -1, "dangling comma refused");
	CHECK(smk_sla_parse_weekdays(&s, "monday", &why) == -1, "full names refused");
	CHECK(smk_sla_parse_weekdays(&s, "mon fri", &why) == -1, "space refused");
	CHECK(smk_sla_parse_weekdays(&s, "mon-", &why) == -1, "open range refused");
	CHECK_INT(s.weekdays, 0x5a, "refusals leave the weekdays unchanged");
}

static void
test_calendar(void)
{
	struct smk_sla s;
	int64_t t;

	set_tz("Europe/Berlin");
	smk_sla_init(&s, 24 * H);
	t = lt(2026, 1, 9, 16, 0);
	CHECK_INT(smk_sla_deadline(&s, t), t + 24 * H, "calendar: start + 24 h");
	CHECK_INT(smk_sla_elapsed(&s, t, t + 100), 100, "calendar: elapsed is the difference");
	CHECK_INT(smk_sla_elapsed(&s, t, t), 0, "elapsed over nothing is 0");
	CHECK_INT(smk_sla_elapsed(&s, t, t - 5), 0, "elapsed backwards is 0");
	t = lt(2026, 3, 28, 12, 0);
	CHECK_STR(show(smk_sla_deadline(&s, t)), "2026-03-29 Sun 13:00 CEST",
	    "calendar: 24 real hours over spring forward read 13:00");
	s.seconds = -5;
	CHECK_INT(smk_sla_deadline(&s, t), t, "negative length reads as 0");
	s.seconds = INT64_MAX;
	CHECK_INT(smk_sla_deadline(&s, t), INT64_MAX, "huge length saturates");

	/* A business clock that cannot be walked runs as a calendar clock. */
	s = biz(8 * H, "09:00-17:00", "mon-fri");
	s.weekdays = 0;
	t = lt(2026, 1, 10, 10, 0);
	CHECK_INT(smk_sla_deadline(&s, t), t + 8 * H, "no weekdays: calendar deadline");
	CHECK_INT(smk_sla_elapsed(&s, t, t + 50), 50, "no weekdays: calendar elapsed");
	s = biz(8 * H, "09:00-17:00", "mon-fri");
	s.day_end = s.day_start;
	CHECK_INT(smk_sla_deadline(&s, t), t + 8 * H, "empty window: calendar deadline");
}

static void
test_business(void)
{
	struct smk_sla s;
	int64_t t, d;

	set_tz("Europe/Berlin");
	s = biz(8 * H, "09:00-17:00", "mon-fri");
	/* 2026-01-09 is a Friday. */
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 1, 9, 16, 0))),
	    "2026-01-12 Mon 16:00 CET", "Fri 16:00 + 8 h: 1 h Friday, 7 h Monday");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 1, 10, 10, 0))),
	    "2026-01-12 Mon 17:00 CET", "Sat 10:00 + 8 h: all of Monday");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 1, 12, 8, 0))),
	    "2026-01-12 Mon 17:00 CET", "Mon 08:00 + 8 h: Monday 17:00");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 1, 12, 17, 0))),
	    "2026-01-13 Tue 17:00 CET", "Mon 17:00 exactly + 8 h: Tuesday 17:00");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 1, 12, 9, 0))),
	    "2026-01-12 Mon 17:00 CET", "runs out at the window's end, not next morning");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 1, 12, 10, 30))),
	    "2026-01-13 Tue 10:30 CET", "Mon 10:30 + 8 h: Tue 10:30");
	t = lt(2026, 1, 9, 16, 0);
	CHECK_INT(smk_sla_elapsed(&s, t, lt(2026, 1, 12, 10, 0)), 2 * H,
	    "elapsed Fri 16:00 to Mon 10:00 is 2 h");
	CHECK_INT(smk_sla_elapsed(&s, lt(2026, 1, 10, 9, 0), lt(2026, 1, 11, 23, 0)), 0,
	    "elapsed over a weekend is 0");
	CHECK_INT(smk_sla_elapsed(&s, lt(2026, 1, 12, 9, 30), lt(2026, 1, 12, 9, 45)),
	    15 * 60, "elapsed inside one window");

	s.seconds = 24 * H;
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 1, 7, 12, 0))),
	    "2026-01-12 Mon 12:00 CET", "Wed 12:00 + 24 business h: Monday 12:00");

	/* 200 business hours: five whole weeks, the week shortcut's ground. */
	s.seconds = 200 * H;
	t = lt(2026, 1, 5, 9, 0);
	d = smk_sla_deadline(&s, t);
	CHECK_STR(show(d), "2026-02-06 Fri 17:00 CET", "Mon 09:00 + 200 h: five weeks on");
	CHECK_INT(smk_sla_elapsed(&s, t, d), 200 * H, "and 200 h elapsed back");
	t = lt(2026, 1, 7, 13, 15);
	d = smk_sla_deadline(&s, t);
	CHECK_STR(show(d), "2026-02-11 Wed 13:15 CET", "Wed 13:15 + 200 h: Wed 13:15 five weeks on");
	CHECK_INT(smk_sla_elapsed(&s, t, d), 200 * H, "and 200 h elapsed back");
	/* Over both DST changes of 2026: 1000 h is 25 weeks. */
	s.seconds = 1000 * H;
	t = lt(2026, 3, 2, 9, 0);
	d = smk_sla_deadline(&s, t);
	CHECK_STR(show(d), "2026-08-21 Fri 17:00 CEST", "1000 h from March: 25 weeks on");
	CHECK_INT(smk_sla_elapsed(&s, t, d), 1000 * H, "and 1000 h elapsed back");

	s = biz(0, "09:00-17:00", "mon-fri");
	t = lt(2026, 1, 10, 10, 0);
	CHECK_INT(smk_sla_deadline(&s, t), t, "a zero SLA runs out at once");
	s = biz(10 * H, "09:00-17:00", "mon-fri");
	s.seconds = INT64_MAX / 2;
	CHECK_INT(smk_sla_deadline(&s, t), INT64_MAX, "a centuries-long SLA never runs out");
}

static void
test_dst(void)
{
	struct smk_sla s;
	int64_t t, d;

	/* Europe/Berlin: 2026-03-29 (Sun) 02:00 CET -> 03:00 CEST;
	 * 2026-10-25 (Sun) 03:00 CEST -> 02:00 CET. */
	set_tz("Europe/Berlin");
	s = biz(24 * H, "00:00-24:00", "mon-sun");
	t = lt(2026, 3, 28, 12, 0);
	d = smk_sla_deadline(&s, t);
	CHECK_STR(show(d), "2026-03-29 Sun 13:00 CEST", "whole days: 24 h over the 23-h Sunday");
	CHECK_INT(d - t, 24 * H, "whole days equal real time in spring");
	t = lt(2026, 10, 24, 12, 0);
	d = smk_sla_deadline(&s, t);
	CHECK_STR(show(d), "2026-10-25 Sun 11:00 CET", "whole days: 24 h over the 25-h Sunday");
	CHECK_INT(d - t, 24 * H, "whole days equal real time in autumn");
	CHECK_INT(smk_sla_elapsed(&s, lt(2026, 3, 29, 0, 0), lt(2026, 3, 30, 0, 0)), 23 * H,
	    "the spring Sunday holds 23 h");
	CHECK_INT(smk_sla_elapsed(&s, lt(2026, 10, 25, 0, 0), lt(2026, 10, 26, 0, 0)), 25 * H,
	    "the autumn Sunday holds 25 h");
	/* The change inside a window: 00:00-06:00 is 5 h on the spring Sunday. */
	s = biz(6 * H, "00:00-06:00", "mon-sun");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 3, 29, 0, 0))),
	    "2026-03-30 Mon 01:00 CEST", "00:00-06:00 on the spring Sunday is 5 h");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 10, 25, 0, 0))),
	    "2026-10-25 Sun 05:00 CET", "00:00-06:00 on the autumn Sunday is 7 h");
	/* Office hours over the change weekend keep their wall-clock times. */
	s = biz(8 * H, "09:00-17:00", "mon-fri");
	t = lt(2026, 3, 27, 16, 0);
	d = smk_sla_deadline(&s, t);
	CHECK_STR(show(d), "2026-03-30 Mon 16:00 CEST", "Fri 16:00 CET + 8 h: Mon 16:00 CEST");
	CHECK_INT(d - t, 3 * 24 * H - H, "an hour less of real time");
	CHECK_INT(smk_sla_elapsed(&s, t, d), 8 * H, "and 8 h elapsed back");
	t = lt(2026, 10, 23, 16, 0);
	CHECK_STR(show(smk_sla_deadline(&s, t)), "2026-10-26 Mon 16:00 CET",
	    "Fri 16:00 CEST + 8 h: Mon 16:00 CET");

	/* America/New_York: 2026-03-08 (Sun) 02:00 EST -> 03:00 EDT;
	 * 2026-11-01 (Sun) 02:00 EDT -> 01:00 EST. */
	set_tz("America/New_York");
	s = biz(48 * H, "00:00-24:00", "mon-sun");
	t = lt(2026, 3, 7, 12, 0);
	d = smk_sla_deadline(&s, t);
	CHECK_STR(show(d), "2026-03-09 Mon 13:00 EDT", "New York: 48 h over spring forward");
	CHECK_INT(d - t, 48 * H, "whole days equal real time");
	CHECK_INT(smk_sla_elapsed(&s, lt(2026, 11, 1, 0, 0), lt(2026, 11, 2, 0, 0)), 25 * H,
	    "New York: the fall-back Sunday holds 25 h");
	s = biz(8 * H, "09:00-17:00", "mon-fri");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 10, 30, 16, 0))),
	    "2026-11-02 Mon 16:00 EST", "New York: Fri 16:00 EDT + 8 h: Mon 16:00 EST");
	s = biz(8 * H, "09:00-17:00", "sun");
	CHECK_STR(show(smk_sla_deadline(&s, lt(2026, 3, 7, 16, 0))),
	    "2026-03-08 Sun 17:00 EDT", "New York: a Sunday-only window on the change day");
}

/* ------------------------------------------------- brute-force cross-check */

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* Whether the minute starting at t is business time, read off the wall clock. */
static int
ref_business(const struct smk_sla *s, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int sod;

	localtime_r(&tt, &tm);
	sod = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return (s->weekdays >> ((tm.tm_wday + 6) % 7) & 1u) &&
	    sod >= s->day_start && sod < s->day_end;
}

/*
 * The slow reference: walks minute by minute from start, counting business
 * minutes, to the deadline; also counts the business seconds up to `b`.
 */
static int64_t
ref_deadline(const struct smk_sla *s, int64_t start, int64_t b, int64_t *upto_b)
{
	int64_t t = start, left = s->seconds, deadline = -1, n = 0;

	if (left == 0)
		deadline = start;
	while (deadline == -1 || t < b) {
		int on = ref_business(s, t);

		if (on && t < b)
			n += 60;
		if (on && deadline == -1 && (left -= 60) == 0)
			deadline = t + 60;
		t += 60;
	}
	*upto_b = n;
	return deadline;
}

static void
test_brute(const char *tz, int64_t around, int cases)
{
	int i, bad_deadline = 0, bad_back = 0, bad_elapsed = 0;

	set_tz(tz);
	for (i = 0; i < cases; i++) {
		struct smk_sla s;
		int64_t start, b, want, got, want_el, got_el;
		int lo, hi, min_hi;

		smk_sla_init(&s, 0);
		s.business = 1;
		/*
		 * Window edges on half hours, at midnight or from 04:00 on: an
		 * edge inside the skipped or repeated hour is where wall-clock
		 * and mktime(3) readings may part (sla.h), so the reference
		 * would not be a fair judge there.  Windows from midnight still
		 * hold the changes.
		 */
		lo = rnd(3) == 0 ? 0 : 8 + (int)rnd(40);    /* 0, 04:00 .. 23:30 */
		min_hi = lo < 8 ? 8 : lo + 1;
		hi = min_hi + (int)rnd((uint32_t)(48 - min_hi + 1));
		s.day_start = lo * 1800;
		s.day_end = hi * 1800;
		s.weekdays = 1u + rnd(0x7f);
		/* Lengths from 0 to ~40 business hours, in whole minutes. */
		s.seconds = 60 * (int64_t)rnd(40 * 60);
		/* Starts within five weeks either side of the DST change. */
		start = around + 60 * ((int64_t)rnd(70 * 24 * 60) - 35 * 24 * 60);
		b = start + 60 * (int64_t)rnd(21 * 24 * 60);
		want = ref_deadline(&s, start, b, &want_el);
		got = smk_sla_deadline(&s, start);
		got_el = smk_sla_elapsed(&s, start, b);
		if (got != want && bad_deadline++ < 3)
			printf("# %s: %02d:%02d-%02d:%02d days %#x len %lld "
			    "start %s: got %lld want %lld\n", tz,
			    s.day_start / 3600, s.day_start % 3600 / 60, s.day_end / 3600, s.day_end % 3600 / 60, s.weekdays,
			    (long long)s.seconds, show(start), (long long)got,
			    (long long)want);
		if (smk_sla_elapsed(&s, start, got) != s.seconds)
			bad_back++;
		if (got_el != want_el && bad_elapsed++ < 3)
			printf("# %s: elapsed from %s: got %lld want %lld\n", tz,
			    show(start), (long long)got_el, (long long)want_el);
	}
	CHECK_INT(bad_deadline, 0, "brute force: deadlines agree with a minute walk");
	CHECK_INT(bad_back, 0, "brute force: elapsed(start, deadline) == seconds");
	CHECK_INT(bad_elapsed, 0, "brute force: elapsed agrees with a minute walk");
}

int
main(void)
{
	test_parse();
	test_calendar();
	test_business();
	test_dst();
	set_tz("Europe/Berlin");
	test_brute("Europe/Berlin", lt(2026, 3, 29, 3, 0), 150);
	test_brute("Europe/Berlin", lt(2026, 10, 25, 2, 0), 150);
	set_tz("America/New_York");
	test_brute("America/New_York", lt(2026, 3, 8, 3, 0), 150);
	test_brute("America/New_York", lt(2026, 11, 1, 1, 0), 150);
	return unit_done();
}
