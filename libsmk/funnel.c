/* funnel.c — the stage machine: which moves are legal, and making one. */
#include <string.h>

#include "smk_int.h"

/*
 * Ranks of the forward stages; the side exits recycled and disqualified
 * are not on the ladder.
 */
static int
rank(int st)
{
	switch (st) {
	case SMK_ST_LEAD: return 0;
	case SMK_ST_MQL: return 1;
	case SMK_ST_SAL: return 2;
	case SMK_ST_SQL: return 3;
	case SMK_ST_WON: case SMK_ST_LOST: return 4;
	default: return -1;
	}
}

int
smk_funnel_legal(int from, int to)
{
	if (from == to)
		return 0;
	switch (from) {
	case SMK_ST_WON:
	case SMK_ST_LOST:
		/* closed; a lost deal may go back to nurture */
		return from == SMK_ST_LOST && to == SMK_ST_RECYCLED;
	case SMK_ST_RECYCLED:
		/* back into the funnel: as a new MQL (or straight further,
		 * when a CRM export says so), or out as not a fit */
		return to == SMK_ST_DISQUALIFIED ||
		    (rank(to) >= 1 && to != SMK_ST_RECYCLED);
	case SMK_ST_DISQUALIFIED:
		/* terminal unless recycled */
		return to == SMK_ST_RECYCLED;
	default:
		if (to == SMK_ST_RECYCLED || to == SMK_ST_DISQUALIFIED)
			return 1;
		return rank(to) > rank(from);
	}
}

int
smk_funnel_move(struct smk_db *db, struct smk_lead *l, int to, int64_t at,
    const char *actor, const char *reason, const char *note, int64_t amount,
    int64_t batch_id, struct smk_err *err)
{
	if (smk_funnel_record(db, l, to, at, actor, reason, note, amount,
	    batch_id, err) < 0 ||
	    smk_db_lead_set_stage(db, l->id, to, at, err) < 0)
		return -1;
	return 0;
}

int
smk_funnel_record(struct smk_db *db, struct smk_lead *l, int to, int64_t at,
    const char *actor, const char *reason, const char *note, int64_t amount,
    int64_t batch_id, struct smk_err *err)
{
	struct smk_event ev;

	if (!smk_funnel_legal(l->stage, to))
		return smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "lead %s is %s: cannot move to %s", l->key,
		    smk_stage_name(l->stage), smk_stage_name(to));
	memset(&ev, 0, sizeof(ev));
	ev.lead_id = l->id;
	ev.from = l->stage;
	ev.to = to;
	ev.at = at;
	ev.actor = actor;
	ev.reason = reason;
	ev.note = note;
	ev.amount = amount;
	if (smk_db_event_add(db, &ev, batch_id, err) < 0)
		return -1;
	l->stage = to;
	l->stage_at = at;
	return 0;
}
