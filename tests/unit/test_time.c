/* test_time.c — unit tests of times, the pinned clock and periods, by zone. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smk.h"
#include "unit.h"

#define HOUR 3600
#define DAY 86400

/* UTC seconds of a calendar time, independent of TZ. */
static int64_t
U(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

/* Switches the local zone; 0 when its tzdata is missing. */
static int
use_zone(const char *tz)
{
	char path[256];

	if (strchr(tz, '/') != NULL) {
		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
		if (access(path, R_OK) != 0)
			return 0;
	}
	setenv("TZ", tz, 1);
	tzset();
	return 1;
}

static void
skip(const char *what)
{
	printf("ok %d - %s # SKIP no tzdata\n", ++unit_n, what);
}

static void
parse_ok(const char *s, const char *fmt, int64_t want)
{
	const char *why = NULL;
	int64_t got = 0;
	int rc = smk_time_parse(s, fmt, &got, &why);
	char desc[200];

	snprintf(desc, sizeof(desc), "time \"%s\"%s%s (TZ %s)%s%s", s,
	    fmt ? " fmt " : "", fmt ? fmt : "", getenv("TZ"),
	    rc ? ": " : "", rc ? why : "");
	CHECK_INT(rc == 0 ? got : -999999, want, desc);
}

static void
parse_bad(const char *s, const char *fmt, const char *want_why)
{
	const char *why = NULL;
	int64_t got = 0;
	char desc[200];

	snprintf(desc, sizeof(desc), "time \"%s\"%s%s refused", s,
	    fmt ? " fmt " : "", fmt ? fmt : "");
	CHECK(smk_time_parse(s, fmt, &got, &why) == -1, "%s", desc);
	CHECK_STR(why, want_why, "  with the reason");
}

static void
period_ok(const char *s, int64_t now, int64_t from, int64_t to)
{
	struct smk_period p = { 0, 0, 0 };
	const char *why = NULL;
	int rc = smk_period_parse(s, now, &p, &why);
	char desc[200];

	snprintf(desc, sizeof(desc), "period \"%s\" from (TZ %s)%s%s", s,
	    getenv("TZ"), rc ? ": " : "", rc ? why : "");
	CHECK_INT(rc == 0 ? p.from : -999999, from, desc);
	snprintf(desc, sizeof(desc), "period \"%s\" to", s);
	CHECK_INT(rc == 0 ? p.to : -999999, to, desc);
}

static void
period_bad(const char *s, const char *want_why)
{
	struct smk_period p;
	const char *why = NULL;

	CHECK(smk_period_parse(s, 0, &p, &why) == -1, "period \"%s\" refused",
	    s);
	CHECK_STR(why, want_why, "  with the reason");
}

static void
period_len(const char *s, int64_t seconds)
{
	struct smk_period p = { 0, 0, 0 };
	const char *why = NULL;
	char desc[200];

	snprintf(desc, sizeof(desc), "period \"%s\" lasts %lld h (TZ %s)", s,
	    (long long)seconds / HOUR, getenv("TZ"));
	CHECK_INT(smk_period_parse(s, 0, &p, &why) == 0 ? p.to - p.from : -1,
	    seconds, desc);
}

static void
fmt_utc(int64_t t, const char *want)
{
	char buf[32];

	smk_time_format_utc(t, buf);
	CHECK_STR(buf, want, "format_utc");
}

static void
fmt_local(int64_t t, const char *want)
{
	char buf[32];

	smk_time_format_local(t, buf);
	CHECK_STR(buf, want, "format_local");
}

static void
test_parse_utc(void)
{
	int64_t t = U(2026, 11, 23, 16, 30, 0);

	use_zone("UTC0");
	/* ISO 8601 */
	parse_ok("2026-11-23", NULL, U(2026, 11, 23, 0, 0, 0));
	parse_ok("2026-11-23T16:30:00Z", NULL, t);
	parse_ok("2026-11-23t16:30:00z", NULL, t);
	parse_ok("2026-11-23T16:30Z", NULL, t);
	parse_ok("2026-11-23T16:30:00.123Z", NULL, t);
	parse_ok("2026-11-23T16:30:00,999999Z", NULL, t);
	parse_ok("2026-11-23T16:30:00.123456789012Z", NULL, t);
	parse_ok("2026-11-23T16:30:00", NULL, t);
	parse_ok("2026-11-23T16:30:00+00:00", NULL, t);
	parse_ok("2026-11-23T16:30:00+05:30", NULL, t - 5 * HOUR - 30 * 60);
	parse_ok("2026-11-23T16:30:00-0800", NULL, t + 8 * HOUR);
	parse_ok("2026-11-23T16:30:00.5-08:00", NULL, t + 8 * HOUR);
	parse_ok("2026-11-23T16:30+01", NULL, t - HOUR);
	parse_ok("2026-11-23 16:30:00 -08:00", NULL, t + 8 * HOUR);
	parse_ok("2026-11-23 16:30:00 UTC", NULL, t);
	parse_ok("2026-11-23 16:30", NULL, t);
	parse_ok("2026-11-23 16:30:05", NULL, t + 5);
	parse_ok("2026-11-23  6:30", NULL, t - 10 * HOUR);
	parse_ok("  2026-11-23 16:30  ", NULL, t);
	parse_ok("2026-1-2", NULL, U(2026, 1, 2, 0, 0, 0));
	parse_ok("2024-02-29", NULL, U(2024, 2, 29, 0, 0, 0));
	parse_ok("2000-02-29", NULL, U(2000, 2, 29, 0, 0, 0));
	parse_ok("2026-12-31 23:59:59", NULL, U(2026, 12, 31, 23, 59, 59));
	parse_ok("1969-07-20 20:17:40", NULL, U(1969, 7, 20, 20, 17, 40));
	/* Other separators */
	parse_ok("2026/11/23", NULL, U(2026, 11, 23, 0, 0, 0));
	parse_ok("2026/11/23 16:30", NULL, t);
	parse_ok("2026.11.23", NULL, U(2026, 11, 23, 0, 0, 0));
	parse_ok("23.11.2026", NULL, U(2026, 11, 23, 0, 0, 0));
	parse_ok("3.1.2026", NULL, U(2026, 1, 3, 0, 0, 0));
	parse_ok("23.11.2026 16:30", NULL, t);
	/* US exports: M/D/YYYY, 12-hour clock */
	parse_ok("11/23/2026", NULL, U(2026, 11, 23, 0, 0, 0));
	parse_ok("1/2/2026", NULL, U(2026, 1, 2, 0, 0, 0));
	parse_ok("11/23/2026 4:30 PM", NULL, t);
	parse_ok("11/23/2026 4:30PM", NULL, t);
	parse_ok("11/23/2026 4:30 pm", NULL, t);
	parse_ok("11/23/2026 4:30:09 p.m.", NULL, t + 9);
	parse_ok("11/23/2026 4:30 AM", NULL, t - 12 * HOUR);
	parse_ok("11/23/2026 12:15 AM", NULL, U(2026, 11, 23, 0, 15, 0));
	parse_ok("11/23/2026 12:15 PM", NULL, U(2026, 11, 23, 12, 15, 0));
	parse_ok("11/23/2026 11:59:59 PM", NULL, U(2026, 11, 23, 23, 59, 59));
	parse_ok("11/23/2026 16:30", NULL, t);
	parse_ok("11/23/2026 16:30:00 +0100", NULL, t - HOUR);
	/* Unix seconds */
	parse_ok("@1700000000", NULL, 1700000000);
	parse_ok("@0", NULL, 0);
	parse_ok("@-1", NULL, -1);
	/* strptime formats */
	parse_ok("23/11/2026", "%d/%m/%Y", U(2026, 11, 23, 0, 0, 0));
	parse_ok("202611231630", "%Y%m%d%H%M", t);
	parse_ok("23-Nov-2026 16:30", "%d-%b-%Y %H:%M", t);
	parse_ok("2026-11-23 16:30 +0100", "%Y-%m-%d %H:%M %z", t - HOUR);
	parse_ok(" 23/11/2026 ", "%d/%m/%Y", U(2026, 11, 23, 0, 0, 0));

	parse_bad("", NULL, "empty time");
	parse_bad("   ", NULL, "empty time");
	parse_bad("abc", NULL, "not a date or time");
	parse_bad("yesterday", NULL, "not a date or time");
	parse_bad("2026", NULL, "not a date or time");
	parse_bad("2026-11", NULL, "not a date or time");
	parse_bad("20261123", NULL, "not a date or time");
	parse_bad("11/23/26", NULL, "not a date or time");
	parse_bad("2026-11/23", NULL, "not a date or time");
	parse_bad("2026-11-23 16", NULL, "not a date or time");
	parse_bad("2026-11-23 16:3", NULL, "not a date or time");
	parse_bad("2026-11-23X16:30", NULL, "not a date or time");
	parse_bad("2026-11-23T16:30:00 EST", NULL, "not a date or time");
	parse_bad("2026-11-23T16:30:00Zjunk", NULL, "not a date or time");
	parse_bad("2026-11-23T16:30:00+5", NULL, "not a date or time");
	parse_bad("2026-02-30", NULL, "invalid date");
	parse_bad("2025-02-29", NULL, "invalid date");
	parse_bad("1900-02-29", NULL, "invalid date");
	parse_bad("2026-13-01", NULL, "invalid date");
	parse_bad("2026-00-10", NULL, "invalid date");
	parse_bad("2026-04-31", NULL, "invalid date");
	parse_bad("0000-01-01", NULL, "invalid date");
	parse_bad("31.02.2026", NULL, "invalid date");
	parse_bad("13/23/2026", NULL, "invalid date");
	parse_bad("2026-11-23 24:00", NULL, "invalid time");
	parse_bad("2026-11-23 25:00", NULL, "invalid time");
	parse_bad("2026-11-23 23:60", NULL, "invalid time");
	parse_bad("2026-11-23 23:59:60", NULL, "invalid time");
	parse_bad("11/23/2026 13:00 PM", NULL, "invalid time");
	parse_bad("11/23/2026 0:30 AM", NULL, "invalid time");
	parse_bad("2026-11-23T16:30:00+19:00", NULL, "invalid zone offset");
	parse_bad("2026-11-23T16:30:00+05:60", NULL, "invalid zone offset");
	parse_bad("@", NULL, "not a date or time");
	parse_bad("@12x", NULL, "not a date or time");
	parse_bad("@99999999999999999999", NULL, "time out of range");
	parse_bad("2026-11-23", "%d/%m/%Y", "does not match the date format");
	parse_bad("23/11/2026 junk", "%d/%m/%Y",
	    "does not match the date format");
	parse_bad("31/02/2026", "%d/%m/%Y", "invalid date");
}

/* A day-first date the guesses do not read: the reason names the
 * --date-format, which then reads it (quotes for the shell dropped). */
static void
day_first(const char *s, const char *want_why, const char *fmt,
    int64_t want)
{
	parse_bad(s, NULL, want_why);
	if (fmt != NULL)
		parse_ok(s, fmt, want);
}

static void
test_day_first(void)
{
	use_zone("UTC");
	day_first("31-12-2018",
	    "not a date or time (day-first? use --date-format %d-%m-%Y)",
	    "%d-%m-%Y", U(2018, 12, 31, 0, 0, 0));
	day_first("23-11-2026",
	    "not a date or time (day-first? use --date-format %d-%m-%Y)",
	    "%d-%m-%Y", U(2026, 11, 23, 0, 0, 0));
	/* dashes are never guessed: a day up to the 12th is hinted too */
	day_first("5-6-2018",
	    "not a date or time (day-first? use --date-format %d-%m-%Y)",
	    "%d-%m-%Y", U(2018, 6, 5, 0, 0, 0));
	day_first("29-02-2024",
	    "not a date or time (day-first? use --date-format %d-%m-%Y)",
	    "%d-%m-%Y", U(2024, 2, 29, 0, 0, 0));
	/* slashes are read month-first: a day past the 12th is hinted */
	day_first("31/12/2018",
	    "invalid date (day-first? use --date-format %d/%m/%Y)",
	    "%d/%m/%Y", U(2018, 12, 31, 0, 0, 0));
	day_first(" 13/1/2018 ",
	    "invalid date (day-first? use --date-format %d/%m/%Y)",
	    "%d/%m/%Y", U(2018, 1, 13, 0, 0, 0));
	/* with a 24-hour clock: the whole format, quoted for the shell */
	day_first("31/12/2018 14:30",
	    "invalid date (day-first? use --date-format '%d/%m/%Y %H:%M')",
	    "%d/%m/%Y %H:%M", U(2018, 12, 31, 14, 30, 0));
	day_first("31/12/2018   9:05",
	    "invalid date (day-first? use --date-format '%d/%m/%Y %H:%M')",
	    "%d/%m/%Y %H:%M", U(2018, 12, 31, 9, 5, 0));
	day_first("31-12-2018 09:05:07",
	    "not a date or time (day-first? use --date-format "
	    "'%d-%m-%Y %H:%M:%S')",
	    "%d-%m-%Y %H:%M:%S", U(2018, 12, 31, 9, 5, 7));
	day_first("31-12-2018T14:30",
	    "not a date or time (day-first? use --date-format "
	    "%d-%m-%YT%H:%M)",
	    "%d-%m-%YT%H:%M", U(2018, 12, 31, 14, 30, 0));
	day_first("31/12/2018T14:30:15",
	    "invalid date (day-first? use --date-format %d/%m/%YT%H:%M:%S)",
	    "%d/%m/%YT%H:%M:%S", U(2018, 12, 31, 14, 30, 15));
	/* another clock the guesses read: the date's part */
	day_first("31/12/2018 2:30 PM",
	    "invalid date (day-first? use --date-format %d/%m/%Y and the "
	    "time's format)",
	    "%d/%m/%Y %I:%M %p", U(2018, 12, 31, 14, 30, 0));
	day_first("31-12-2018 14:30:00Z",
	    "not a date or time (day-first? use --date-format %d-%m-%Y and "
	    "the time's format)", NULL, 0);
	day_first("31-12-2018 14:30:00.250",
	    "not a date or time (day-first? use --date-format %d-%m-%Y and "
	    "the time's format)", NULL, 0);
	day_first("31-12-2018t14:30",
	    "not a date or time (day-first? use --date-format %d-%m-%Y and "
	    "the time's format)", NULL, 0);
	/* not a day-first date either: no hint */
	parse_bad("31-02-2018", NULL, "not a date or time");
	parse_bad("12-31-2018", NULL, "not a date or time");
	parse_bad("00-12-2018", NULL, "not a date or time");
	parse_bad("31-12-18", NULL, "not a date or time");
	parse_bad("31-12-20181", NULL, "not a date or time");
	parse_bad("31-12-2018 junk", NULL, "not a date or time");
	parse_bad("31-12-2018 25:00", NULL, "not a date or time");
	parse_bad("31-12-2018 14:30 EST", NULL, "not a date or time");
	parse_bad("31-12/2018", NULL, "not a date or time");
	parse_bad("31/02/2018", NULL, "invalid date");
	parse_bad("31/13/2018", NULL, "invalid date");
	parse_bad("31/12/2018 24:00", NULL, "invalid date");
	parse_bad("2018/31/12", NULL, "invalid date");
	/* a --date-format given: its own reason, no hint */
	parse_bad("31-12-2018", "%Y-%m-%d", "does not match the date format");
}

static void
test_format(void)
{
	use_zone("UTC0");
	fmt_utc(U(2026, 11, 23, 16, 30, 0), "2026-11-23T16:30:00Z");
	fmt_utc(0, "1970-01-01T00:00:00Z");
	fmt_utc(-1, "1969-12-31T23:59:59Z");
	fmt_local(U(2026, 11, 23, 16, 30, 59), "2026-11-23 16:30");
	{
		/* Round trip through the parser. */
		char buf[32];
		int64_t t = 0;
		const char *why;

		smk_time_format_utc(1700000000, buf);
		CHECK(smk_time_parse(buf, NULL, &t, &why) == 0 &&
		    t == 1700000000, "format_utc parses back");
	}
	if (use_zone("Europe/Berlin")) {
		fmt_utc(U(2026, 7, 1, 10, 0, 0), "2026-07-01T10:00:00Z");
		fmt_local(U(2026, 7, 1, 10, 0, 0), "2026-07-01 12:00");
		fmt_local(U(2026, 1, 1, 10, 0, 0), "2026-01-01 11:00");
	} else {
		skip("format_local in Europe/Berlin");
	}
}

/* A --date-format must read a year and a month: strptime(3) leaves what
 * a format does not read as it was (1970, January). */
static void
test_format_check(void)
{
	static const char *const good[] = {
		"%d/%m/%Y %H:%M", "%Y-%m", "%d.%m.%y", "%F", "%D", "%s",
		"%b %d, %Y", "%Ey-%Om", NULL
	};
	static const char *const bad[] = {
		"", "x'); DROP TABLE leads;--", "%d/%m", "%Y", "%H:%M", "%%Y %%m",
		"%", NULL
	};
	const char *why;
	int i;

	for (i = 0; good[i] != NULL; i++)
		CHECK(smk_time_format_check(good[i], &why) == 0,
		    "format '%s' reads a year and a month", good[i]);
	for (i = 0; bad[i] != NULL; i++)
		CHECK(smk_time_format_check(bad[i], &why) < 0 && why != NULL,
		    "format '%s' is refused", bad[i]);
	CHECK(smk_time_format_check("%d/%m", &why) < 0 &&
	    strcmp(why, "no year in it (%Y or %y): every date would be in "
	    "1970") == 0, "and says why");
}

static void
test_now(void)
{
	int64_t before, got, after;

	use_zone("UTC0");
	setenv("SMK_NOW", "2026-11-23T16:30:00Z", 1);
	CHECK_INT(smk_time_now(), U(2026, 11, 23, 16, 30, 0),
	    "SMK_NOW pins the clock");
	setenv("SMK_NOW", "@1700000000", 1);
	CHECK_INT(smk_time_now(), 1700000000, "SMK_NOW in unix seconds");
	setenv("SMK_NOW", "2026-11-23 10:00", 1);
	CHECK_INT(smk_time_now(), U(2026, 11, 23, 10, 0, 0),
	    "SMK_NOW without zone is local");
	setenv("SMK_NOW", "garbage", 1);
	before = (int64_t)time(NULL);
	got = smk_time_now();
	after = (int64_t)time(NULL);
	CHECK(got >= before && got <= after, "bad SMK_NOW: the real clock");
	unsetenv("SMK_NOW");
	before = (int64_t)time(NULL);
	got = smk_time_now();
	after = (int64_t)time(NULL);
	CHECK(got >= before && got <= after, "no SMK_NOW: the real clock");
}

static void
test_zones(void)
{
	if (use_zone("Europe/Berlin")) {
		parse_ok("2026-01-15 12:00", NULL, U(2026, 1, 15, 11, 0, 0));
		parse_ok("2026-07-01 12:00", NULL, U(2026, 7, 1, 10, 0, 0));
		parse_ok("2026-07-01", NULL, U(2026, 6, 30, 22, 0, 0));
		parse_ok("2026-07-01T12:00:00Z", NULL, U(2026, 7, 1, 12, 0, 0));
		parse_ok("2026-07-01T12:00:00-04:00", NULL,
		    U(2026, 7, 1, 16, 0, 0));
		/* Either side of the spring change at 02:00 on 29 March. */
		parse_ok("2026-03-29 01:59", NULL, U(2026, 3, 29, 0, 59, 0));
		parse_ok("2026-03-29 03:00", NULL, U(2026, 3, 29, 1, 0, 0));
		parse_ok("29.03.2026 12:00", NULL, U(2026, 3, 29, 10, 0, 0));
		parse_ok("23/11/2026", "%d/%m/%Y", U(2026, 11, 22, 23, 0, 0));
	} else {
		skip("parsing in Europe/Berlin");
	}
	if (use_zone("America/New_York")) {
		parse_ok("2026-11-23 16:30", NULL, U(2026, 11, 23, 21, 30, 0));
		parse_ok("11/23/2026 4:30 PM", NULL,
		    U(2026, 11, 23, 21, 30, 0));
		parse_ok("2026-07-04", NULL, U(2026, 7, 4, 4, 0, 0));
		parse_ok("2026-07-04T00:00:00Z", NULL, U(2026, 7, 4, 0, 0, 0));
		parse_ok("2026-03-08 03:00", NULL, U(2026, 3, 8, 7, 0, 0));
		parse_ok("2026-03-08 01:59", NULL, U(2026, 3, 8, 6, 59, 0));
	} else {
		skip("parsing in America/New_York");
	}
	if (use_zone("Asia/Kolkata")) {
		parse_ok("2026-11-23 16:30", NULL, U(2026, 11, 23, 11, 0, 0));
	} else {
		skip("parsing in Asia/Kolkata");
	}
}

static void
test_periods_utc(void)
{
	int64_t now = U(2026, 11, 25, 15, 0, 0);  /* a Wednesday */

	use_zone("UTC0");
	period_ok("2026", now, U(2026, 1, 1, 0, 0, 0), U(2027, 1, 1, 0, 0, 0));
	period_ok(" 2026 ", now, U(2026, 1, 1, 0, 0, 0),
	    U(2027, 1, 1, 0, 0, 0));
	period_ok("2026-Q1", now, U(2026, 1, 1, 0, 0, 0),
	    U(2026, 4, 1, 0, 0, 0));
	period_ok("2026-Q4", now, U(2026, 10, 1, 0, 0, 0),
	    U(2027, 1, 1, 0, 0, 0));
	period_ok("2026-q2", now, U(2026, 4, 1, 0, 0, 0),
	    U(2026, 7, 1, 0, 0, 0));
	period_ok("2026-11", now, U(2026, 11, 1, 0, 0, 0),
	    U(2026, 12, 1, 0, 0, 0));
	period_ok("2026-12", now, U(2026, 12, 1, 0, 0, 0),
	    U(2027, 1, 1, 0, 0, 0));
	period_ok("2024-02", now, U(2024, 2, 1, 0, 0, 0),
	    U(2024, 3, 1, 0, 0, 0));
	period_ok("2026-11-23", now, U(2026, 11, 23, 0, 0, 0),
	    U(2026, 11, 24, 0, 0, 0));
	period_ok("2026-12-31", now, U(2026, 12, 31, 0, 0, 0),
	    U(2027, 1, 1, 0, 0, 0));
	period_ok("2026-11-01..2026-11-30", now, U(2026, 11, 1, 0, 0, 0),
	    U(2026, 12, 1, 0, 0, 0));
	period_ok("2026-11-23..2026-11-23", now, U(2026, 11, 23, 0, 0, 0),
	    U(2026, 11, 24, 0, 0, 0));
	period_ok("2026-01..2026-03", now, U(2026, 1, 1, 0, 0, 0),
	    U(2026, 4, 1, 0, 0, 0));
	period_ok("2026-11-01..today", now, U(2026, 11, 1, 0, 0, 0),
	    U(2026, 11, 26, 0, 0, 0));

	/* ISO weeks */
	period_ok("2026-W47", now, U(2026, 11, 16, 0, 0, 0),
	    U(2026, 11, 23, 0, 0, 0));
	period_ok("2026-w48", now, U(2026, 11, 23, 0, 0, 0),
	    U(2026, 11, 30, 0, 0, 0));
	period_ok("2026-W01", now, U(2025, 12, 29, 0, 0, 0),
	    U(2026, 1, 5, 0, 0, 0));
	period_ok("2026-W53", now, U(2026, 12, 28, 0, 0, 0),
	    U(2027, 1, 4, 0, 0, 0));
	period_ok("2020-W53", now, U(2020, 12, 28, 0, 0, 0),
	    U(2021, 1, 4, 0, 0, 0));
	period_ok("2021-W01", now, U(2021, 1, 4, 0, 0, 0),
	    U(2021, 1, 11, 0, 0, 0));
	period_ok("2024-W01", now, U(2024, 1, 1, 0, 0, 0),
	    U(2024, 1, 8, 0, 0, 0));
	period_ok("2027-W01", now, U(2027, 1, 4, 0, 0, 0),
	    U(2027, 1, 11, 0, 0, 0));
	period_ok("1992-W53", now, U(1992, 12, 28, 0, 0, 0),
	    U(1993, 1, 4, 0, 0, 0));
	period_ok("2015-W53", now, U(2015, 12, 28, 0, 0, 0),
	    U(2016, 1, 4, 0, 0, 0));
	period_ok("2026-W10..2026-W11", now, U(2026, 3, 2, 0, 0, 0),
	    U(2026, 3, 16, 0, 0, 0));
	period_bad("2021-W53", "invalid week");
	period_bad("2027-W53", "invalid week");
	period_bad("2026-W54", "invalid week");
	period_bad("2026-W00", "invalid week");
	period_bad("2026-W1", "not a period");
	period_bad("2026-W100", "not a period");

	/* Relative, against a Wednesday */
	period_ok("today", now, U(2026, 11, 25, 0, 0, 0),
	    U(2026, 11, 26, 0, 0, 0));
	period_ok("TODAY", now, U(2026, 11, 25, 0, 0, 0),
	    U(2026, 11, 26, 0, 0, 0));
	period_ok("yesterday", now, U(2026, 11, 24, 0, 0, 0),
	    U(2026, 11, 25, 0, 0, 0));
	period_ok("this-week", now, U(2026, 11, 23, 0, 0, 0),
	    U(2026, 11, 30, 0, 0, 0));
	period_ok("last-week", now, U(2026, 11, 16, 0, 0, 0),
	    U(2026, 11, 23, 0, 0, 0));
	period_ok("this-month", now, U(2026, 11, 1, 0, 0, 0),
	    U(2026, 12, 1, 0, 0, 0));
	period_ok("last-month", now, U(2026, 10, 1, 0, 0, 0),
	    U(2026, 11, 1, 0, 0, 0));
	period_ok("this-quarter", now, U(2026, 10, 1, 0, 0, 0),
	    U(2027, 1, 1, 0, 0, 0));
	period_ok("last-quarter", now, U(2026, 7, 1, 0, 0, 0),
	    U(2026, 10, 1, 0, 0, 0));
	period_ok("last-7d", now, now - 7 * DAY, now);
	period_ok("last-30d", now, now - 30 * DAY, now);
	period_ok("last-90d", now, now - 90 * DAY, now);

	/* Relative across year starts; a Sunday and a Monday */
	now = U(2026, 1, 4, 23, 59, 59);  /* Sunday */
	period_ok("this-week", now, U(2025, 12, 29, 0, 0, 0),
	    U(2026, 1, 5, 0, 0, 0));
	period_ok("last-week", now, U(2025, 12, 22, 0, 0, 0),
	    U(2025, 12, 29, 0, 0, 0));
	period_ok("last-month", now, U(2025, 12, 1, 0, 0, 0),
	    U(2026, 1, 1, 0, 0, 0));
	period_ok("last-quarter", now, U(2025, 10, 1, 0, 0, 0),
	    U(2026, 1, 1, 0, 0, 0));
	now = U(2026, 1, 1, 0, 0, 0);  /* a Thursday */
	period_ok("yesterday", now, U(2025, 12, 31, 0, 0, 0),
	    U(2026, 1, 1, 0, 0, 0));
	now = U(2026, 1, 5, 0, 0, 0);  /* Monday midnight */
	period_ok("this-week", now, U(2026, 1, 5, 0, 0, 0),
	    U(2026, 1, 12, 0, 0, 0));
	now = U(2026, 3, 31, 12, 0, 0);
	period_ok("last-month", now, U(2026, 2, 1, 0, 0, 0),
	    U(2026, 3, 1, 0, 0, 0));
	period_ok("this-quarter", now, U(2026, 1, 1, 0, 0, 0),
	    U(2026, 4, 1, 0, 0, 0));

	period_bad("", "empty period");
	period_bad("   ", "empty period");
	period_bad("garbage", "not a period");
	period_bad("next-week", "not a period");
	period_bad("today-ish", "not a period");
	period_bad("26", "not a period");
	period_bad("20266", "not a period");
	period_bad("2026-", "not a period");
	period_bad("2026-Q", "not a period");
	period_bad("2026-Q0", "invalid quarter");
	period_bad("2026-Q5", "invalid quarter");
	period_bad("2026-Q12", "not a period");
	period_bad("2026-13", "invalid month");
	period_bad("2026-00", "invalid month");
	period_bad("2026-1", "not a period");
	period_bad("2026-02-30", "invalid date");
	period_bad("2026-11-31", "invalid date");
	period_bad("2026-11-1", "not a period");
	period_bad("2026-11-23x", "not a period");
	period_bad("0000", "not a period");
	period_bad("last-0d", "invalid day count");
	period_bad("last-7", "not a period");
	period_bad("last-d", "not a period");
	period_bad("2026-11-30..2026-11-01", "period ends before it starts");
	period_bad("2026-11-01..", "not a period");
	period_bad("..2026-11-01", "not a period");
	period_bad("2026..2027..2028", "not a period");
	period_bad("2026-11-01..2026-11-31", "invalid date");
}

static void
test_periods_berlin(void)
{
	int64_t now;

	if (!use_zone("Europe/Berlin")) {
		skip("periods in Europe/Berlin");
		return;
	}
	/* Summer time starts 2026-03-29 02:00, ends 2026-10-25 03:00. */
	period_len("2026-03-29", 23 * HOUR);
	period_len("2026-10-25", 25 * HOUR);
	period_len("2026-03-28", 24 * HOUR);
	period_len("2026-W13", 7 * 24 * HOUR - HOUR);
	period_len("2026-W43", 7 * 24 * HOUR + HOUR);
	period_len("2026-03", 31 * 24 * HOUR - HOUR);
	period_len("2026", 365 * 24 * HOUR);
	period_ok("2026-03-29", 0, U(2026, 3, 28, 23, 0, 0),
	    U(2026, 3, 29, 22, 0, 0));
	period_ok("2026-W13", 0, U(2026, 3, 22, 23, 0, 0),
	    U(2026, 3, 29, 22, 0, 0));
	period_ok("2026-W01", 0, U(2025, 12, 28, 23, 0, 0),
	    U(2026, 1, 4, 23, 0, 0));
	period_ok("2026-07", 0, U(2026, 6, 30, 22, 0, 0),
	    U(2026, 7, 31, 22, 0, 0));
	period_ok("2026-Q2", 0, U(2026, 3, 31, 22, 0, 0),
	    U(2026, 6, 30, 22, 0, 0));
	period_ok("2026-03-27..2026-03-29", 0, U(2026, 3, 26, 23, 0, 0),
	    U(2026, 3, 29, 22, 0, 0));

	/* Noon on the short day: "today" is 23 hours; local dates decide. */
	now = U(2026, 3, 29, 10, 0, 0);
	period_ok("today", now, U(2026, 3, 28, 23, 0, 0),
	    U(2026, 3, 29, 22, 0, 0));
	period_ok("yesterday", now, U(2026, 3, 27, 23, 0, 0),
	    U(2026, 3, 28, 23, 0, 0));
	period_ok("this-week", now, U(2026, 3, 22, 23, 0, 0),
	    U(2026, 3, 29, 22, 0, 0));
	period_ok("last-7d", now, now - 7 * DAY, now);
	/* 23:30 UTC on 31 Dec is already New Year in Berlin. */
	now = U(2026, 12, 31, 23, 30, 0);
	period_ok("today", now, U(2026, 12, 31, 23, 0, 0),
	    U(2027, 1, 1, 23, 0, 0));
	period_ok("this-month", now, U(2026, 12, 31, 23, 0, 0),
	    U(2027, 1, 31, 23, 0, 0));
	period_ok("last-month", now, U(2026, 11, 30, 23, 0, 0),
	    U(2026, 12, 31, 23, 0, 0));
	period_ok("last-quarter", now, U(2026, 9, 30, 22, 0, 0),
	    U(2026, 12, 31, 23, 0, 0));
}

static void
test_periods_new_york(void)
{
	int64_t now;

	if (!use_zone("America/New_York")) {
		skip("periods in America/New_York");
		return;
	}
	/* DST starts 2026-03-08, ends 2026-11-01. */
	period_len("2026-03-08", 23 * HOUR);
	period_len("2026-11-01", 25 * HOUR);
	period_len("2026-11", 30 * 24 * HOUR + HOUR);
	period_ok("2026-11-23", 0, U(2026, 11, 23, 5, 0, 0),
	    U(2026, 11, 24, 5, 0, 0));
	period_ok("2026-11", 0, U(2026, 11, 1, 4, 0, 0),
	    U(2026, 12, 1, 5, 0, 0));
	period_ok("2026-11-01..2026-11-30", 0, U(2026, 11, 1, 4, 0, 0),
	    U(2026, 12, 1, 5, 0, 0));

	/* 01:00 UTC Tuesday 24 Nov is still Monday 23 Nov in New York. */
	now = U(2026, 11, 24, 1, 0, 0);
	period_ok("today", now, U(2026, 11, 23, 5, 0, 0),
	    U(2026, 11, 24, 5, 0, 0));
	period_ok("yesterday", now, U(2026, 11, 22, 5, 0, 0),
	    U(2026, 11, 23, 5, 0, 0));
	period_ok("this-week", now, U(2026, 11, 23, 5, 0, 0),
	    U(2026, 11, 30, 5, 0, 0));
	period_ok("last-week", now, U(2026, 11, 16, 5, 0, 0),
	    U(2026, 11, 23, 5, 0, 0));
	period_ok("this-month", now, U(2026, 11, 1, 4, 0, 0),
	    U(2026, 12, 1, 5, 0, 0));
	period_ok("last-month", now, U(2026, 10, 1, 4, 0, 0),
	    U(2026, 11, 1, 4, 0, 0));
	period_ok("this-quarter", now, U(2026, 10, 1, 4, 0, 0),
	    U(2027, 1, 1, 5, 0, 0));
	period_ok("last-quarter", now, U(2026, 7, 1, 4, 0, 0),
	    U(2026, 10, 1, 4, 0, 0));
	period_ok("last-7d", now, now - 7 * DAY, now);
	period_ok("last-30d", now, now - 30 * DAY, now);
	/* The week holding the fall change lasts 169 hours. */
	now = U(2026, 10, 28, 12, 0, 0);
	period_ok("this-week", now, U(2026, 10, 26, 4, 0, 0),
	    U(2026, 11, 2, 5, 0, 0));
	period_ok("last-week", now, U(2026, 10, 19, 4, 0, 0),
	    U(2026, 10, 26, 4, 0, 0));
}

static void
kind_ok(const char *s, int64_t now, int want)
{
	struct smk_period p = { 0, 0, -1 };
	const char *why = NULL;
	char desc[200];

	snprintf(desc, sizeof(desc), "period \"%s\" keeps its kind", s);
	CHECK_INT(smk_period_parse(s, now, &p, &why) == 0 ? p.kind : -2,
	    want, desc);
}

static void
name_ok(const char *s, int64_t now, const char *want)
{
	struct smk_period p = { 0, 0, 0 };
	const char *why = NULL;
	char buf[32] = "(unset)", desc[200];

	snprintf(desc, sizeof(desc), "period \"%s\" is named \"%s\" (TZ %s)",
	    s, want, getenv("TZ"));
	if (smk_period_parse(s, now, &p, &why) < 0 ||
	    smk_period_name(&p, buf, &why) < 0)
		snprintf(buf, sizeof(buf), "error: %s", why);
	CHECK_STR(buf, want, desc);
}

static void
name_bad(int64_t from, int64_t to, const char *want_why)
{
	struct smk_period p = { from, to, SMK_PERIOD_SPAN };
	const char *why = NULL;
	char buf[32];

	CHECK(smk_period_name(&p, buf, &why) == -1,
	    "period [%lld, %lld) has no name", (long long)from,
	    (long long)to);
	CHECK_STR(why, want_why, "  with the reason");
}

/*
 * The period before s (parsed against now): its name, its bounds and its
 * kind, which is s's.
 */
static void
prev_ok(const char *s, int64_t now, const char *want, int64_t from,
    int64_t to)
{
	struct smk_period p = { 0, 0, 0 }, q = { 0, 0, -1 };
	const char *why = NULL;
	char buf[32] = "(unset)", desc[200];
	int rc;

	rc = smk_period_parse(s, now, &p, &why);
	if (rc == 0)
		rc = smk_period_prev(&p, &q, &why);
	if (rc == 0)
		rc = smk_period_name(&q, buf, &why);
	if (rc < 0)
		snprintf(buf, sizeof(buf), "error: %s", why);
	snprintf(desc, sizeof(desc), "before \"%s\" comes \"%s\" (TZ %s)", s,
	    want, getenv("TZ"));
	CHECK_STR(buf, want, desc);
	CHECK_INT(rc == 0 ? q.from : -999999, from, "  from");
	CHECK_INT(rc == 0 ? q.to : -999999, to, "  to");
	CHECK_INT(q.kind, p.kind, "  the same kind");
}

static void
prev_bad(const char *s, const char *want_why)
{
	struct smk_period p = { 0, 0, 0 }, q = { 1, 2, 3 };
	const char *why = NULL;

	CHECK(smk_period_parse(s, 0, &p, &why) == 0 &&
	    smk_period_prev(&p, &q, &why) == -1 && q.from == 1 && q.to == 2,
	    "no period before \"%s\", output untouched", s);
	CHECK_STR(why, want_why, "  with the reason");
}

static void
week_name_ok(int64_t t, const char *want)
{
	char buf[32], desc[200];

	smk_period_week_name(t, buf);
	snprintf(desc, sizeof(desc), "time %lld is in week %s (TZ %s)",
	    (long long)t, want, getenv("TZ"));
	CHECK_STR(buf, want, desc);
}

/* One expected weekly bucket. */
struct wk {
	const char *name;
	int64_t from, to;
	int kind;
};

static void
weeks_ok(const char *s, int64_t now, const struct wk *want, size_t nwant)
{
	struct smk_period p = { 0, 0, 0 };
	struct smk_period_week *w = NULL;
	const char *why = NULL;
	char desc[200];
	size_t n = 0, i;
	int rc, y, wk;

	rc = smk_period_parse(s, now, &p, &why);
	if (rc == 0)
		rc = smk_period_weeks(&p, &w, &n, &why);
	snprintf(desc, sizeof(desc),
	    "period \"%s\" covers %zu weeks (TZ %s)%s%s", s, nwant,
	    getenv("TZ"), rc ? ": " : "", rc ? why : "");
	CHECK_INT(rc == 0 ? (long long)n : -1, nwant, desc);
	for (i = 0; rc == 0 && i < n && i < nwant; i++) {
		snprintf(desc, sizeof(desc), "  week %zu is %s", i + 1,
		    want[i].name);
		CHECK_STR(w[i].name, want[i].name, desc);
		y = wk = 0;
		sscanf(want[i].name, "%d-W%d", &y, &wk);
		CHECK(w[i].year == y && w[i].week == wk,
		    "  its year %d and week %d", y, wk);
		CHECK_INT(w[i].part.from, want[i].from, "  from");
		CHECK_INT(w[i].part.to, want[i].to, "  to");
		CHECK_INT(w[i].part.kind, want[i].kind, "  kind");
	}
	free(w);
}

#define NW(a) (sizeof(a) / sizeof((a)[0]))

static void
test_period_kinds(void)
{
	int64_t now = U(2026, 11, 29, 15, 0, 0);

	use_zone("UTC0");
	kind_ok("2026", now, SMK_PERIOD_YEAR);
	kind_ok("2026-Q4", now, SMK_PERIOD_QUARTER);
	kind_ok("2026-11", now, SMK_PERIOD_MONTH);
	kind_ok("2026-W47", now, SMK_PERIOD_WEEK);
	kind_ok("2026-11-23", now, SMK_PERIOD_DAY);
	kind_ok("2026-11-01..2026-11-30", now, SMK_PERIOD_RANGE);
	kind_ok("2026-10..2026-12", now, SMK_PERIOD_RANGE);
	kind_ok("today", now, SMK_PERIOD_DAY);
	kind_ok("yesterday", now, SMK_PERIOD_DAY);
	kind_ok("this-week", now, SMK_PERIOD_WEEK);
	kind_ok("last-week", now, SMK_PERIOD_WEEK);
	kind_ok("this-month", now, SMK_PERIOD_MONTH);
	kind_ok("last-month", now, SMK_PERIOD_MONTH);
	kind_ok("this-quarter", now, SMK_PERIOD_QUARTER);
	kind_ok("last-quarter", now, SMK_PERIOD_QUARTER);
	kind_ok("last-7d", now, SMK_PERIOD_SPAN);
	kind_ok("2026-11-01..today", now, SMK_PERIOD_RANGE);
	/* a range that starts or ends inside a day is a span: its name by
	 * days would parse back to other times (found by fuzz_period) */
	kind_ok("last-7d..2229", now, SMK_PERIOD_SPAN);
	kind_ok("2026..last-7d", now, SMK_PERIOD_SPAN);
}

static void
test_period_names(void)
{
	/* A Sunday afternoon */
	int64_t now = U(2026, 11, 29, 15, 0, 0);

	use_zone("UTC0");
	name_ok("2026", now, "2026");
	name_ok("2026-Q4", now, "2026-Q4");
	name_ok("2026-q2", now, "2026-Q2");
	name_ok("2026-11", now, "2026-11");
	name_ok("2026-W47", now, "2026-W47");
	name_ok("2026-w01", now, "2026-W01");
	name_ok("2026-W53", now, "2026-W53");
	name_ok("2020-W53", now, "2020-W53");
	name_ok("2024-W01", now, "2024-W01");
	name_ok("2027-W01", now, "2027-W01");
	name_ok("2026-11-23", now, "2026-11-23");
	name_ok(" 2026-12-31 ", now, "2026-12-31");
	name_ok("0001", now, "0001");
	name_ok("9999", now, "9999");
	name_ok("9999-12-31", now, "9999-12-31");
	/* Ranges: whole months by their months, others by their days */
	name_ok("2026-11-01..2026-11-15", now, "2026-11-01..2026-11-15");
	name_ok("2026-11-16..2026-11-30", now, "2026-11-16..2026-11-30");
	name_ok("2026-10..2026-12", now, "2026-10..2026-12");
	name_ok("2026-10-01..2026-12-31", now, "2026-10..2026-12");
	name_ok("2026-Q1..2026-Q2", now, "2026-01..2026-06");
	name_ok("2025-12..2026-01", now, "2025-12..2026-01");
	name_ok("2026..2027", now, "2026-01..2027-12");
	name_ok("2026-11-01..2026-11-30", now, "2026-11");
	name_ok("2026-11..2026-11", now, "2026-11");
	name_ok("2026-11-23..2026-11-23", now, "2026-11-23");
	name_ok("2026-W47..2026-W48", now, "2026-11-16..2026-11-29");
	name_ok("2026-12-31..2027-01-01", now, "2026-12-31..2027-01-01");
	/* Relative: named by what they resolve to */
	name_ok("this-month", now, "2026-11");
	name_ok("last-month", now, "2026-10");
	name_ok("this-week", now, "2026-W48");
	name_ok("last-week", now, "2026-W47");
	name_ok("today", now, "2026-11-29");
	name_ok("yesterday", now, "2026-11-28");
	name_ok("this-quarter", now, "2026-Q4");
	name_ok("last-quarter", now, "2026-Q3");
	name_ok("2026-11-01..today", now, "2026-11-01..2026-11-29");
	/* Spans: the days they touch */
	name_ok("last-7d", now, "2026-11-22..2026-11-29");
	name_ok("last-1d", now, "2026-11-28..2026-11-29");
	name_ok("last-7d", U(2026, 11, 29, 0, 0, 0),
	    "2026-11-22..2026-11-28");
	name_ok("last-1d", U(2026, 11, 29, 0, 0, 0), "2026-11-28");
	now = U(2027, 1, 2, 12, 0, 0);  /* a Saturday */
	name_ok("this-week", now, "2026-W53");
	name_ok("last-week", now, "2026-W52");
	name_ok("this-month", now, "2027-01");
	name_ok("last-month", now, "2026-12");
	name_ok("last-quarter", now, "2026-Q4");
	{
		/* Built by hand: a zeroed kind is a span */
		struct smk_period p;
		char buf[32];
		const char *why;

		memset(&p, 0, sizeof(p));
		p.from = U(2026, 11, 1, 0, 0, 0);
		p.to = U(2026, 11, 2, 0, 0, 0);
		CHECK(smk_period_name(&p, buf, &why) == 0 &&
		    strcmp(buf, "2026-11-01") == 0,
		    "a zeroed period's kind is a span, named by its days");
	}
	name_bad(U(2026, 11, 1, 0, 0, 0), U(2026, 11, 1, 0, 0, 0),
	    "empty period");
	name_bad(U(2026, 11, 2, 0, 0, 0), U(2026, 11, 1, 0, 0, 0),
	    "empty period");
	name_bad(U(0, 12, 31, 0, 0, 0), U(1, 1, 2, 0, 0, 0),
	    "period out of range");
	name_bad(U(9999, 12, 31, 0, 0, 0), U(10000, 1, 1, 0, 0, 1),
	    "period out of range");

	if (use_zone("Europe/Berlin")) {
		/* 23:30 UTC on 29 Nov is Monday 30 Nov in Berlin. */
		now = U(2026, 11, 29, 23, 30, 0);
		name_ok("this-month", now, "2026-11");
		name_ok("today", now, "2026-11-30");
		name_ok("this-week", now, "2026-W49");
		now = U(2026, 11, 30, 23, 30, 0);
		name_ok("this-month", now, "2026-12");
		name_ok("last-month", now, "2026-11");
		name_ok("2026-W13", now, "2026-W13");
		name_ok("2026-03-29", now, "2026-03-29");
		name_ok("2026-03-01..2026-03-31", now, "2026-03");
		name_ok("2026-10-25..2026-10-31", now,
		    "2026-10-25..2026-10-31");
	} else {
		skip("period names in Europe/Berlin");
	}
	if (use_zone("America/New_York")) {
		/* 03:00 UTC on 1 Dec is still 30 Nov in New York. */
		now = U(2026, 12, 1, 3, 0, 0);
		name_ok("this-month", now, "2026-11");
		name_ok("today", now, "2026-11-30");
		name_ok("this-week", now, "2026-W49");
		name_ok("this-quarter", now, "2026-Q4");
		name_ok("2026-11-01", now, "2026-11-01");
		name_ok("2026-W44", now, "2026-W44");
	} else {
		skip("period names in America/New_York");
	}
}

static void
test_period_prev_utc(void)
{
	int64_t now = U(2026, 11, 29, 15, 0, 0);  /* a Sunday */

	use_zone("UTC0");
	/* Months: the calendar month before, whatever its length */
	prev_ok("2026-11", now, "2026-10", U(2026, 10, 1, 0, 0, 0),
	    U(2026, 11, 1, 0, 0, 0));
	prev_ok("2026-03", now, "2026-02", U(2026, 2, 1, 0, 0, 0),
	    U(2026, 3, 1, 0, 0, 0));
	prev_ok("2024-03", now, "2024-02", U(2024, 2, 1, 0, 0, 0),
	    U(2024, 3, 1, 0, 0, 0));
	prev_ok("2026-08", now, "2026-07", U(2026, 7, 1, 0, 0, 0),
	    U(2026, 8, 1, 0, 0, 0));
	prev_ok("2026-01", now, "2025-12", U(2025, 12, 1, 0, 0, 0),
	    U(2026, 1, 1, 0, 0, 0));
	/* Quarters, years */
	prev_ok("2026-Q4", now, "2026-Q3", U(2026, 7, 1, 0, 0, 0),
	    U(2026, 10, 1, 0, 0, 0));
	prev_ok("2026-Q1", now, "2025-Q4", U(2025, 10, 1, 0, 0, 0),
	    U(2026, 1, 1, 0, 0, 0));
	prev_ok("2026", now, "2025", U(2025, 1, 1, 0, 0, 0),
	    U(2026, 1, 1, 0, 0, 0));
	prev_ok("2025", now, "2024", U(2024, 1, 1, 0, 0, 0),
	    U(2025, 1, 1, 0, 0, 0));
	/* ISO weeks, across year ends and 53-week years */
	prev_ok("2026-W47", now, "2026-W46", U(2026, 11, 9, 0, 0, 0),
	    U(2026, 11, 16, 0, 0, 0));
	prev_ok("2027-W01", now, "2026-W53", U(2026, 12, 28, 0, 0, 0),
	    U(2027, 1, 4, 0, 0, 0));
	prev_ok("2026-W53", now, "2026-W52", U(2026, 12, 21, 0, 0, 0),
	    U(2026, 12, 28, 0, 0, 0));
	prev_ok("2026-W01", now, "2025-W52", U(2025, 12, 22, 0, 0, 0),
	    U(2025, 12, 29, 0, 0, 0));
	prev_ok("2021-W01", now, "2020-W53", U(2020, 12, 28, 0, 0, 0),
	    U(2021, 1, 4, 0, 0, 0));
	prev_ok("2016-W01", now, "2015-W53", U(2015, 12, 28, 0, 0, 0),
	    U(2016, 1, 4, 0, 0, 0));
	prev_ok("2025-W01", now, "2024-W52", U(2024, 12, 23, 0, 0, 0),
	    U(2024, 12, 30, 0, 0, 0));
	/* Days */
	prev_ok("2026-11-23", now, "2026-11-22", U(2026, 11, 22, 0, 0, 0),
	    U(2026, 11, 23, 0, 0, 0));
	prev_ok("2026-01-01", now, "2025-12-31", U(2025, 12, 31, 0, 0, 0),
	    U(2026, 1, 1, 0, 0, 0));
	prev_ok("2024-03-01", now, "2024-02-29", U(2024, 2, 29, 0, 0, 0),
	    U(2024, 3, 1, 0, 0, 0));
	prev_ok("2026-03-01", now, "2026-02-28", U(2026, 2, 28, 0, 0, 0),
	    U(2026, 3, 1, 0, 0, 0));
	/* Ranges of whole months: as many months before */
	prev_ok("2026-10..2026-12", now, "2026-07..2026-09",
	    U(2026, 7, 1, 0, 0, 0), U(2026, 10, 1, 0, 0, 0));
	prev_ok("2026-10-01..2026-12-31", now, "2026-07..2026-09",
	    U(2026, 7, 1, 0, 0, 0), U(2026, 10, 1, 0, 0, 0));
	prev_ok("2026-01..2026-02", now, "2025-11..2025-12",
	    U(2025, 11, 1, 0, 0, 0), U(2026, 1, 1, 0, 0, 0));
	prev_ok("2026-11-01..2026-11-30", now, "2026-10",
	    U(2026, 10, 1, 0, 0, 0), U(2026, 11, 1, 0, 0, 0));
	prev_ok("2026-03-01..2026-03-31", now, "2026-02",
	    U(2026, 2, 1, 0, 0, 0), U(2026, 3, 1, 0, 0, 0));
	prev_ok("2026-Q1..2026-Q2", now, "2025-07..2025-12",
	    U(2025, 7, 1, 0, 0, 0), U(2026, 1, 1, 0, 0, 0));
	prev_ok("2026..2027", now, "2024-01..2025-12",
	    U(2024, 1, 1, 0, 0, 0), U(2026, 1, 1, 0, 0, 0));
	/* Other ranges of days: as many days before */
	prev_ok("2026-11-01..2026-11-15", now, "2026-10-17..2026-10-31",
	    U(2026, 10, 17, 0, 0, 0), U(2026, 11, 1, 0, 0, 0));
	prev_ok("2026-11-16..2026-11-30", now, "2026-11-01..2026-11-15",
	    U(2026, 11, 1, 0, 0, 0), U(2026, 11, 16, 0, 0, 0));
	prev_ok("2026-03-01..2026-03-10", now, "2026-02-19..2026-02-28",
	    U(2026, 2, 19, 0, 0, 0), U(2026, 3, 1, 0, 0, 0));
	prev_ok("2024-03-01..2024-03-10", now, "2024-02-20..2024-02-29",
	    U(2024, 2, 20, 0, 0, 0), U(2024, 3, 1, 0, 0, 0));
	prev_ok("2026-01-01..2026-01-10", now, "2025-12-22..2025-12-31",
	    U(2025, 12, 22, 0, 0, 0), U(2026, 1, 1, 0, 0, 0));
	prev_ok("2026-W47..2026-W48", now, "2026-11-02..2026-11-15",
	    U(2026, 11, 2, 0, 0, 0), U(2026, 11, 16, 0, 0, 0));
	prev_ok("2026-11-23..2026-11-23", now, "2026-11-22",
	    U(2026, 11, 22, 0, 0, 0), U(2026, 11, 23, 0, 0, 0));
	/* Relative: resolved against now, then stepped back by their kind */
	prev_ok("this-month", now, "2026-10", U(2026, 10, 1, 0, 0, 0),
	    U(2026, 11, 1, 0, 0, 0));
	prev_ok("last-month", now, "2026-09", U(2026, 9, 1, 0, 0, 0),
	    U(2026, 10, 1, 0, 0, 0));
	prev_ok("this-week", now, "2026-W47", U(2026, 11, 16, 0, 0, 0),
	    U(2026, 11, 23, 0, 0, 0));
	prev_ok("last-week", now, "2026-W46", U(2026, 11, 9, 0, 0, 0),
	    U(2026, 11, 16, 0, 0, 0));
	prev_ok("today", now, "2026-11-28", U(2026, 11, 28, 0, 0, 0),
	    U(2026, 11, 29, 0, 0, 0));
	prev_ok("yesterday", now, "2026-11-27", U(2026, 11, 27, 0, 0, 0),
	    U(2026, 11, 28, 0, 0, 0));
	prev_ok("this-quarter", now, "2026-Q3", U(2026, 7, 1, 0, 0, 0),
	    U(2026, 10, 1, 0, 0, 0));
	prev_ok("last-quarter", now, "2026-Q2", U(2026, 4, 1, 0, 0, 0),
	    U(2026, 7, 1, 0, 0, 0));
	prev_ok("2026-11-01..today", now, "2026-10-03..2026-10-31",
	    U(2026, 10, 3, 0, 0, 0), U(2026, 11, 1, 0, 0, 0));
	/* last-Nd: the same number of 24-hour days just before */
	prev_ok("last-7d", now, "2026-11-15..2026-11-22", now - 14 * DAY,
	    now - 7 * DAY);
	prev_ok("last-30d", now, "2026-09-30..2026-10-30", now - 60 * DAY,
	    now - 30 * DAY);
	/* The last day of a month: the month before is February */
	now = U(2026, 3, 31, 12, 0, 0);
	prev_ok("this-month", now, "2026-02", U(2026, 2, 1, 0, 0, 0),
	    U(2026, 3, 1, 0, 0, 0));
	prev_ok("last-month", now, "2026-01", U(2026, 1, 1, 0, 0, 0),
	    U(2026, 2, 1, 0, 0, 0));
	/* New Year's Day: this-week is 2026-W53 */
	now = U(2027, 1, 1, 9, 0, 0);
	prev_ok("this-week", now, "2026-W52", U(2026, 12, 21, 0, 0, 0),
	    U(2026, 12, 28, 0, 0, 0));
	prev_ok("today", now, "2026-12-31", U(2026, 12, 31, 0, 0, 0),
	    U(2027, 1, 1, 0, 0, 0));
	prev_ok("this-quarter", now, "2026-Q4", U(2026, 10, 1, 0, 0, 0),
	    U(2027, 1, 1, 0, 0, 0));
	{
		/* In place, twice */
		struct smk_period p;
		const char *why;
		char buf[32] = "";

		CHECK(smk_period_parse("2026-Q1", 0, &p, &why) == 0 &&
		    smk_period_prev(&p, &p, &why) == 0 &&
		    smk_period_prev(&p, &p, &why) == 0 &&
		    smk_period_name(&p, buf, &why) == 0 &&
		    strcmp(buf, "2025-Q3") == 0 &&
		    p.from == U(2025, 7, 1, 0, 0, 0) &&
		    p.to == U(2025, 10, 1, 0, 0, 0),
		    "prev in place: 2026-Q1, 2025-Q4, 2025-Q3");
	}
	prev_ok("0001-02", now, "0001-01", U(1, 1, 1, 0, 0, 0),
	    U(1, 2, 1, 0, 0, 0));
	prev_bad("0001", "period out of range");
	prev_bad("0001-Q1", "period out of range");
	prev_bad("0001-01-01", "period out of range");
	prev_bad("0001-01..0001-02", "period out of range");
	{
		struct smk_period p = { 5, 5, SMK_PERIOD_SPAN }, q;
		const char *why = NULL;

		CHECK(smk_period_prev(&p, &q, &why) == -1,
		    "no period before an empty one");
		CHECK_STR(why, "empty period", "  with the reason");
	}
}

static void
test_period_prev_zones(void)
{
	int64_t now;

	if (use_zone("Europe/Berlin")) {
		/* Summer time starts 2026-03-29, ends 2026-10-25. */
		prev_ok("2026-W14", 0, "2026-W13", U(2026, 3, 22, 23, 0, 0),
		    U(2026, 3, 29, 22, 0, 0));
		prev_ok("2026-W44", 0, "2026-W43", U(2026, 10, 18, 22, 0, 0),
		    U(2026, 10, 25, 23, 0, 0));
		prev_ok("2026-04", 0, "2026-03", U(2026, 2, 28, 23, 0, 0),
		    U(2026, 3, 31, 22, 0, 0));
		prev_ok("2026-11", 0, "2026-10", U(2026, 9, 30, 22, 0, 0),
		    U(2026, 10, 31, 23, 0, 0));
		prev_ok("2026-03-30", 0, "2026-03-29",
		    U(2026, 3, 28, 23, 0, 0), U(2026, 3, 29, 22, 0, 0));
		prev_ok("2026-10-26", 0, "2026-10-25",
		    U(2026, 10, 24, 22, 0, 0), U(2026, 10, 25, 23, 0, 0));
		prev_ok("2026-Q2", 0, "2026-Q1", U(2025, 12, 31, 23, 0, 0),
		    U(2026, 3, 31, 22, 0, 0));
		prev_ok("2027-W01", 0, "2026-W53", U(2026, 12, 27, 23, 0, 0),
		    U(2027, 1, 3, 23, 0, 0));
		prev_ok("2026-03-30..2026-04-05", 0, "2026-03-23..2026-03-29",
		    U(2026, 3, 22, 23, 0, 0), U(2026, 3, 29, 22, 0, 0));
		prev_ok("2026-11-01..2026-11-30", 0, "2026-10",
		    U(2026, 9, 30, 22, 0, 0), U(2026, 10, 31, 23, 0, 0));
		/* Tuesday after the spring change */
		now = U(2026, 3, 31, 10, 0, 0);
		prev_ok("this-week", now, "2026-W13",
		    U(2026, 3, 22, 23, 0, 0), U(2026, 3, 29, 22, 0, 0));
		prev_ok("yesterday", now, "2026-03-29",
		    U(2026, 3, 28, 23, 0, 0), U(2026, 3, 29, 22, 0, 0));
		prev_ok("last-7d", now, "2026-03-17..2026-03-24",
		    now - 14 * DAY, now - 7 * DAY);
		/* 23:30 UTC on 31 Dec is New Year in Berlin */
		now = U(2026, 12, 31, 23, 30, 0);
		prev_ok("this-month", now, "2026-12",
		    U(2026, 11, 30, 23, 0, 0), U(2026, 12, 31, 23, 0, 0));
		prev_ok("today", now, "2026-12-31",
		    U(2026, 12, 30, 23, 0, 0), U(2026, 12, 31, 23, 0, 0));
	} else {
		skip("previous periods in Europe/Berlin");
	}
	if (use_zone("America/New_York")) {
		/* DST starts 2026-03-08, ends 2026-11-01. */
		prev_ok("2026-W45", 0, "2026-W44", U(2026, 10, 26, 4, 0, 0),
		    U(2026, 11, 2, 5, 0, 0));
		prev_ok("2026-12", 0, "2026-11", U(2026, 11, 1, 4, 0, 0),
		    U(2026, 12, 1, 5, 0, 0));
		prev_ok("2026-03-09", 0, "2026-03-08", U(2026, 3, 8, 5, 0, 0),
		    U(2026, 3, 9, 4, 0, 0));
		prev_ok("2026-11-02", 0, "2026-11-01", U(2026, 11, 1, 4, 0, 0),
		    U(2026, 11, 2, 5, 0, 0));
		prev_ok("2026-Q2", 0, "2026-Q1", U(2026, 1, 1, 5, 0, 0),
		    U(2026, 4, 1, 4, 0, 0));
		prev_ok("2026-11-02..2026-11-08", 0, "2026-10-26..2026-11-01",
		    U(2026, 10, 26, 4, 0, 0), U(2026, 11, 2, 5, 0, 0));
		/* 01:00 UTC Tuesday 24 Nov is Monday 23 Nov in New York. */
		now = U(2026, 11, 24, 1, 0, 0);
		prev_ok("this-week", now, "2026-W47",
		    U(2026, 11, 16, 5, 0, 0), U(2026, 11, 23, 5, 0, 0));
		prev_ok("today", now, "2026-11-22", U(2026, 11, 22, 5, 0, 0),
		    U(2026, 11, 23, 5, 0, 0));
		prev_ok("this-month", now, "2026-10", U(2026, 10, 1, 4, 0, 0),
		    U(2026, 11, 1, 4, 0, 0));
		prev_ok("last-7d", now, "2026-11-09..2026-11-16",
		    now - 14 * DAY, now - 7 * DAY);
	} else {
		skip("previous periods in America/New_York");
	}
}

static void
test_period_weeks(void)
{
	static const struct wk nov[] = {
		{ "2026-W44", 0, 0, SMK_PERIOD_RANGE },
		{ "2026-W45", 0, 0, SMK_PERIOD_WEEK },
		{ "2026-W46", 0, 0, SMK_PERIOD_WEEK },
		{ "2026-W47", 0, 0, SMK_PERIOD_WEEK },
		{ "2026-W48", 0, 0, SMK_PERIOD_WEEK },
		{ "2026-W49", 0, 0, SMK_PERIOD_RANGE },
	};
	struct wk w[6];
	int64_t now = U(2026, 11, 25, 15, 0, 0);  /* a Wednesday */
	size_t i;

	use_zone("UTC0");
	/* November 2026 starts on a Sunday and ends on a Monday. */
	memcpy(w, nov, sizeof(nov));
	for (i = 0; i < 6; i++) {
		w[i].from = U(2026, 10, 26 + 7 * (int)i, 0, 0, 0);
		w[i].to = U(2026, 11, 2 + 7 * (int)i, 0, 0, 0);
	}
	w[0].from = U(2026, 11, 1, 0, 0, 0);
	w[5].to = U(2026, 12, 1, 0, 0, 0);
	weeks_ok("2026-11", now, w, 6);
	{
		const struct wk one[] = {
			{ "2026-W47", U(2026, 11, 16, 0, 0, 0),
			    U(2026, 11, 23, 0, 0, 0), SMK_PERIOD_WEEK },
		};
		weeks_ok("2026-W47", now, one, NW(one));
	}
	{
		/* The 53rd week, then week 1 of the next ISO year */
		const struct wk y[] = {
			{ "2026-W53", U(2026, 12, 28, 0, 0, 0),
			    U(2027, 1, 4, 0, 0, 0), SMK_PERIOD_WEEK },
			{ "2027-W01", U(2027, 1, 4, 0, 0, 0),
			    U(2027, 1, 11, 0, 0, 0), SMK_PERIOD_WEEK },
		};
		weeks_ok("2026-12-28..2027-01-10", now, y, NW(y));
	}
	{
		const struct wk y[] = {
			{ "2020-W53", U(2020, 12, 30, 0, 0, 0),
			    U(2021, 1, 4, 0, 0, 0), SMK_PERIOD_RANGE },
			{ "2021-W01", U(2021, 1, 4, 0, 0, 0),
			    U(2021, 1, 6, 0, 0, 0), SMK_PERIOD_RANGE },
		};
		weeks_ok("2020-12-30..2021-01-05", now, y, NW(y));
	}
	{
		/* 30 Dec 2024 is in ISO year 2025 */
		const struct wk y[] = {
			{ "2025-W01", U(2024, 12, 30, 0, 0, 0),
			    U(2025, 1, 2, 0, 0, 0), SMK_PERIOD_RANGE },
		};
		weeks_ok("2024-12-30..2025-01-01", now, y, NW(y));
	}
	{
		/* A rolling window: parts of days */
		const struct wk y[] = {
			{ "2026-W47", now - 7 * DAY, U(2026, 11, 23, 0, 0, 0),
			    SMK_PERIOD_SPAN },
			{ "2026-W48", U(2026, 11, 23, 0, 0, 0), now,
			    SMK_PERIOD_SPAN },
		};
		weeks_ok("last-7d", now, y, NW(y));
	}
	{
		/* The calendar year 2027 starts in 2026-W53 */
		struct smk_period p;
		struct smk_period_week *wk = NULL;
		const char *why;
		size_t n = 0;

		CHECK(smk_period_parse("2027", 0, &p, &why) == 0 &&
		    smk_period_weeks(&p, &wk, &n, &why) == 0 && n == 53 &&
		    strcmp(wk[0].name, "2026-W53") == 0 &&
		    wk[0].part.from == U(2027, 1, 1, 0, 0, 0) &&
		    wk[0].part.to == U(2027, 1, 4, 0, 0, 0) &&
		    strcmp(wk[1].name, "2027-W01") == 0 &&
		    strcmp(wk[52].name, "2027-W52") == 0 &&
		    wk[52].part.to == U(2028, 1, 1, 0, 0, 0),
		    "2027: 53 buckets, 2026-W53 (clipped) to 2027-W52");
		free(wk);
		wk = NULL;
		CHECK(smk_period_parse("2026", 0, &p, &why) == 0 &&
		    smk_period_weeks(&p, &wk, &n, &why) == 0 && n == 53 &&
		    strcmp(wk[0].name, "2026-W01") == 0 &&
		    wk[0].part.from == U(2026, 1, 1, 0, 0, 0) &&
		    strcmp(wk[52].name, "2026-W53") == 0 &&
		    wk[52].part.kind == SMK_PERIOD_RANGE &&
		    wk[52].part.to == U(2027, 1, 1, 0, 0, 0),
		    "2026: 53 buckets, 2026-W01 to 2026-W53 (clipped)");
		free(wk);
	}
	{
		struct smk_period p = { 7, 7, SMK_PERIOD_SPAN };
		struct smk_period_week *wk = (struct smk_period_week *)&p;
		const char *why = NULL;
		size_t n = 9;

		CHECK(smk_period_weeks(&p, &wk, &n, &why) == 0 && n == 0 &&
		    wk == NULL, "an empty period has no weeks");
		p.from = U(0, 6, 1, 0, 0, 0);
		p.to = U(1, 2, 1, 0, 0, 0);
		CHECK(smk_period_weeks(&p, &wk, &n, &why) == -1 && n == 0 &&
		    wk == NULL, "weeks before year 1 refused");
		CHECK_STR(why, "period out of range", "  with the reason");
	}

	week_name_ok(U(2026, 11, 23, 0, 0, 0), "2026-W48");
	week_name_ok(U(2026, 11, 22, 23, 59, 59), "2026-W47");
	week_name_ok(U(2026, 12, 31, 12, 0, 0), "2026-W53");
	week_name_ok(U(2027, 1, 3, 23, 59, 59), "2026-W53");
	week_name_ok(U(2027, 1, 4, 0, 0, 0), "2027-W01");
	week_name_ok(U(2024, 12, 30, 0, 0, 0), "2025-W01");
	week_name_ok(U(2021, 1, 3, 12, 0, 0), "2020-W53");
	week_name_ok(U(2008, 12, 29, 0, 0, 0), "2009-W01");
	week_name_ok(U(2010, 1, 3, 0, 0, 0), "2009-W53");
	week_name_ok(U(1, 1, 1, 0, 0, 0), "0001-W01");
	week_name_ok(U(0, 12, 31, 0, 0, 0), "@-62135683200");

	if (use_zone("Europe/Berlin")) {
		/* March 2026: 2026-W13 holds the spring change (167 h). */
		const struct wk mar[] = {
			{ "2026-W09", U(2026, 2, 28, 23, 0, 0),
			    U(2026, 3, 1, 23, 0, 0), SMK_PERIOD_RANGE },
			{ "2026-W10", U(2026, 3, 1, 23, 0, 0),
			    U(2026, 3, 8, 23, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W11", U(2026, 3, 8, 23, 0, 0),
			    U(2026, 3, 15, 23, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W12", U(2026, 3, 15, 23, 0, 0),
			    U(2026, 3, 22, 23, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W13", U(2026, 3, 22, 23, 0, 0),
			    U(2026, 3, 29, 22, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W14", U(2026, 3, 29, 22, 0, 0),
			    U(2026, 3, 31, 22, 0, 0), SMK_PERIOD_RANGE },
		};
		weeks_ok("2026-03", 0, mar, NW(mar));
		week_name_ok(U(2026, 11, 29, 23, 30, 0), "2026-W49");
		week_name_ok(U(2026, 3, 29, 21, 59, 59), "2026-W13");
		week_name_ok(U(2026, 3, 29, 22, 0, 0), "2026-W14");
		week_name_ok(U(2026, 12, 31, 23, 30, 0), "2026-W53");
	} else {
		skip("weeks in Europe/Berlin");
	}
	if (use_zone("America/New_York")) {
		/* November 2026: its first day is 25 hours. */
		const struct wk nv[] = {
			{ "2026-W44", U(2026, 11, 1, 4, 0, 0),
			    U(2026, 11, 2, 5, 0, 0), SMK_PERIOD_RANGE },
			{ "2026-W45", U(2026, 11, 2, 5, 0, 0),
			    U(2026, 11, 9, 5, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W46", U(2026, 11, 9, 5, 0, 0),
			    U(2026, 11, 16, 5, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W47", U(2026, 11, 16, 5, 0, 0),
			    U(2026, 11, 23, 5, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W48", U(2026, 11, 23, 5, 0, 0),
			    U(2026, 11, 30, 5, 0, 0), SMK_PERIOD_WEEK },
			{ "2026-W49", U(2026, 11, 30, 5, 0, 0),
			    U(2026, 12, 1, 5, 0, 0), SMK_PERIOD_RANGE },
		};
		const struct wk w44[] = {
			{ "2026-W44", U(2026, 10, 26, 4, 0, 0),
			    U(2026, 11, 2, 5, 0, 0), SMK_PERIOD_WEEK },
		};
		weeks_ok("2026-11", 0, nv, NW(nv));
		weeks_ok("2026-W44", 0, w44, NW(w44));
		week_name_ok(U(2026, 11, 30, 3, 0, 0), "2026-W48");
		week_name_ok(U(2026, 11, 30, 5, 0, 0), "2026-W49");
	} else {
		skip("weeks in America/New_York");
	}
}

int
main(void)
{
	test_parse_utc();
	test_day_first();
	test_format();
	test_format_check();
	test_now();
	test_zones();
	test_periods_utc();
	test_periods_berlin();
	test_periods_new_york();
	test_period_kinds();
	test_period_names();
	test_period_prev_utc();
	test_period_prev_zones();
	test_period_weeks();
	printf("1..%d\n", unit_n);
	return unit_done();
}
