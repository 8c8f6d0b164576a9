#!/usr/bin/env bash
# After random sequences of moves, legal and illegal, every lead's current
# stage equals what its events say, and the events form an unbroken chain.
. "$(dirname "$0")/../lib.sh"

RANDOM=4711
printf 'email,created_at\n' >l.csv
for i in $(seq 1 12); do printf 'r%02d@x.example,2026-01-01\n' "$i"; done >>l.csv
lead-import -q l.csv

cmds=(mql accept "reject --reason no-need" "reject --disqualify --reason not-a-fit"
      recycle "qualify --amount 100" "won --amount 250.50" "lost --reason competitor"
      "recycle --reason bad-timing")
t=$(date -u -d 2026-02-01 +%s)
bad=0 moved=0 refused=0
for step in $(seq 1 300); do
	lead=$(printf 'r%02d@x.example' $((RANDOM % 12 + 1)))
	c=${cmds[$((RANDOM % ${#cmds[@]}))]}
	t=$((t + RANDOM % 7200 + 60))
	# shellcheck disable=SC2086
	handoff $c --at "@$t" "$lead" >/dev/null 2>>refusals
	st=$?
	case $st in
	0) moved=$((moved + 1)) ;;
	1) refused=$((refused + 1)) ;;
	*) bad=$((bad + 1)); echo "# step $step: handoff $c $lead exited $st" ;;
	esac
done
expect_eq "$bad" 0 "every move either lands or is refused (exit 0 or 1)"
[ "$moved" -gt 50 ] && [ "$refused" -gt 50 ] && ok "a real mix: $moved landed, $refused refused" || not_ok "a real mix: $moved landed, $refused refused"
expect_eq "$(grep -vc -e 'cannot move to' -e 'needs a' refusals)" 0 "every refusal says why"
expect_eq "$(grep -c . refusals)" "$refused" "one message per refused move"
expect_eq "$(q "select count(*) from leads l where stage != coalesce((select to_stage from stage_events e where e.lead_id = l.id order by e.id desc limit 1), 'lead')")" 0 "current stage equals the last event"
expect_eq "$(q "select count(*) from leads l where stage_at != coalesce((select at from stage_events e where e.lead_id = l.id order by e.id desc limit 1), created_at)")" 0 "stage time equals the last event's"
expect_eq "$(q "select count(*) from stage_events e where from_stage != coalesce((select p.to_stage from stage_events p where p.lead_id = e.lead_id and p.id < e.id order by p.id desc limit 1), 'lead')")" 0 "each event starts where the one before ended"
expect_eq "$(q "select count(*) from stage_events e join stage_events p on p.lead_id = e.lead_id and p.id < e.id where p.at > e.at")" 0 "events of a lead are in time order"
expect_eq "$(q "select count(*) from stage_events where from_stage in ('mql','sal') and to_stage in ('recycled','disqualified') and reason is null")" 0 "every Sales rejection has a reason"
expect_eq "$(q "select count(*) from stage_events where from_stage = 'won'")" 0 "nothing leaves won"
# handoff writes with SQLite's foreign key checks off (db.c, smk_db_begin)
expect_eq "$(q "pragma foreign_key_check")" "" "every event refers to a lead and a batch"

finish
