/* fuzz_period.c — fuzz target: periods (smk_period_parse) and what reports do with them: prev, name, weeks. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/*
 * The input: one option byte choosing "now" (low three bits), then the
 * text of a --period.  A period that parses is stepped back, named and
 * split into ISO weeks, and checked against what smk.h promises: the
 * previous period ends where it starts, a name other than a span's or a
 * range's parses back to the same seconds (a range's to whole days that
 * hold it), the weeks cover the period in order without gaps.
 */

static const char *const nows[8] = {
	"2026-11-23T12:00:00Z",      /* the tests' clock */
	"2026-03-29T01:30:00Z",      /* Berlin's DST starts */
	"2026-10-25T00:30:00Z",      /* Berlin's DST ends */
	"2026-12-31T23:30:00Z",      /* a year's end (and 2026-W53) */
	"2027-01-01T00:00:00Z",
	"0001-01-03T00:00:00Z",      /* the first years */
	"9999-12-31T12:00:00Z",      /* the last */
	"2024-02-29T10:00:00Z",      /* a leap day */
};

static void
check_prev(const struct smk_period *p)
{
	struct smk_period q;
	const char *why = NULL;

	if (smk_period_prev(p, &q, &why) < 0) {
		FUZZ_ASSERT(why != NULL && *why != '\0',
		    "smk_period_prev refused without a reason");
		return;
	}
	FUZZ_ASSERT(q.to == p->from, "the previous period does not end where "
	    "the period starts");
	FUZZ_ASSERT(q.from < q.to, "an empty previous period");
	FUZZ_ASSERT(q.kind == p->kind || p->kind == SMK_PERIOD_RANGE ||
	    p->kind == SMK_PERIOD_SPAN, "the previous period of another kind");
}

static void
check_name(const struct smk_period *p, int64_t now)
{
	struct smk_period back, p2;
	const char *why = NULL;
	char name[32], again[32];

	if (smk_period_name(p, name, &why) < 0) {
		FUZZ_ASSERT(why != NULL && *why != '\0',
		    "smk_period_name refused without a reason");
		return;
	}
	FUZZ_ASSERT(strlen(name) <= 22, "a period's name longer than smk.h "
	    "says");
	if (p->kind == SMK_PERIOD_SPAN)
		return;
	FUZZ_ASSERT(smk_period_parse(name, now, &back, &why) == 0,
	    "a period's name does not parse back");
	if (p->kind != SMK_PERIOD_RANGE) {
		FUZZ_ASSERT(back.from == p->from && back.to == p->to,
		    "a period's name parses back to other times");
		return;
	}
	/* a range that starts or ends inside a day is named by its whole
	 * days: the name's period holds it, and that one's name (the
	 * months, when the days are whole months) parses back exactly */
	FUZZ_ASSERT(back.from <= p->from && back.to >= p->to,
	    "a range's name parses back to less than the range");
	FUZZ_ASSERT(smk_period_name(&back, again, &why) == 0 &&
	    smk_period_parse(again, now, &p2, &why) == 0 &&
	    p2.from == back.from && p2.to == back.to,
	    "the whole days of a range do not parse back from their name");
}

static void
check_weeks(const struct smk_period *p)
{
	struct smk_period_week *w = NULL;
	const char *why = NULL;
	size_t n = 0, i;

	if (smk_period_weeks(p, &w, &n, &why) < 0) {
		FUZZ_ASSERT(why != NULL && *why != '\0',
		    "smk_period_weeks refused without a reason");
		free(w);
		return;
	}
	FUZZ_ASSERT(n == 0 || w != NULL, "weeks without their array");
	if (p->from < p->to)
		FUZZ_ASSERT(n > 0 && w[0].part.from == p->from &&
		    w[n - 1].part.to == p->to, "weeks that do not cover the "
		    "period");
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(w[i].part.from < w[i].part.to, "an empty week");
		FUZZ_ASSERT(w[i].week >= 1 && w[i].week <= 53,
		    "a week number out of range");
		FUZZ_ASSERT(i == 0 || w[i].part.from == w[i - 1].part.to,
		    "weeks with a gap");
		FUZZ_ASSERT(memchr(w[i].name, '\0', sizeof(w[i].name)) != NULL,
		    "a week's name without its NUL");
	}
	free(w);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smk_period p;
	const char *why = NULL;
	int64_t now;
	char *s;

	if (size < 1)
		return 0;
	if (smk_time_parse(nows[data[0] & 7], NULL, &now, &why) < 0)
		fuzz_fail(__FILE__, __LINE__, "a fixed now does not parse");
	s = fuzz_str(data + 1, size - 1);
	memset(&p, 0, sizeof(p));
	if (smk_period_parse(s, now, &p, &why) == 0) {
		FUZZ_ASSERT(p.from < p.to, "an empty period");
		FUZZ_ASSERT(p.kind >= SMK_PERIOD_SPAN &&
		    p.kind <= SMK_PERIOD_RANGE, "a period of no kind");
		check_prev(&p);
		check_name(&p, now);
		/* the weekly buckets of charts: a week's worth of mktime(3)
		 * calls each, so not for the thousands of years a range may
		 * span (seconds a run, time the fuzzer had better spend) */
		if (p.to - p.from <= (int64_t)50 * 366 * 86400)
			check_weeks(&p);
	} else {
		FUZZ_ASSERT(why != NULL && *why != '\0',
		    "a period refused without a reason");
	}
	free(s);
	return 0;
}
