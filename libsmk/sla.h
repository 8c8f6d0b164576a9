/* sla.h — the follow-up SLA clock (private to libsmk; see handoff.c). */
#ifndef SMK_SLA_H
#define SMK_SLA_H

#include <stdint.h>

/*
 * An SLA clock.  Times are UTC seconds; the business window and weekdays
 * are read in the local zone (TZ) on local calendar days, so a window of
 * 09:00-17:00 stays 09:00-17:00 on the wall clock across DST changes.
 *
 * Business time on a business day D is the span from D's day_start to D's
 * day_end, each converted from wall clock with mktime(3), tm_isdst = -1.
 * A window that contains a DST change is that much shorter or longer (a
 * 00:00-24:00 window is 23 or 25 hours on those days).  A boundary that
 * falls inside the skipped or repeated hour resolves as mktime(3) does.
 *
 * A business clock whose weekday set is empty or whose window is invalid
 * (not 0 <= day_start < day_end <= 86400) runs as a calendar clock; the
 * parsers below never produce either.
 */
struct smk_sla {
	int64_t seconds;     /* the SLA length, e.g. 24 * 3600; < 0 reads as 0 */
	int business;        /* 0: calendar clock; 1: business hours */
	int day_start;       /* seconds after local midnight, e.g. 9 * 3600 */
	int day_end;         /* e.g. 17 * 3600; day_start < day_end <= 86400 */
	unsigned weekdays;   /* bit 0 = Monday ... bit 6 = Sunday */
};

/* Sets of smk_sla.weekdays. */
#define SMK_SLA_MON_FRI 0x1fu
#define SMK_SLA_ALLDAYS 0x7fu

/* A calendar clock of `seconds`, with business hours preset to 09:00-17:00
 * mon-fri so that setting business = 1 is enough to switch. */
void smk_sla_init(struct smk_sla *s, int64_t seconds);

/*
 * Parses "09:00-17:00" (H:MM or HH:MM; the end may be 24:00 for a window
 * up to midnight) into day_start/day_end, and a weekday list such as
 * "mon-fri", "mon,wed,fri", "sat-sun", "mon-sun" (three-letter names, any
 * case; a range may wrap, "fri-mon" is fri,sat,sun,mon) into weekdays.
 * Neither touches s->business.  Return 0, or -1 with *why set to a static
 * message and s unchanged.  An empty weekday list is refused.
 */
int smk_sla_parse_hours(struct smk_sla *s, const char *spec, const char **why);
int smk_sla_parse_weekdays(struct smk_sla *s, const char *spec,
    const char **why);

/*
 * The moment the SLA runs out for a clock started at `start` (UTC
 * seconds): the first t with smk_sla_elapsed(s, start, t) >= s->seconds.
 * Calendar: start + seconds.  Business: counts only business time; a start
 * outside business hours begins counting at the next business moment, and
 * a clock that runs out exactly at a window's end gives that end (Monday
 * 17:00, not Tuesday 09:00).  A business SLA longer than about a century
 * of business time, or a sum past the int64 range, gives INT64_MAX.
 */
int64_t smk_sla_deadline(const struct smk_sla *s, int64_t start);

/* Business (or calendar) seconds elapsed between a and b (0 if b <= a). */
int64_t smk_sla_elapsed(const struct smk_sla *s, int64_t a, int64_t b);

#endif
