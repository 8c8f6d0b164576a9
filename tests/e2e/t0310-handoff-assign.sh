#!/usr/bin/env bash
# handoff assign: --to, and a weighted round robin that stays fair across
# separate runs (cron), fed by lead-import's MQL keys through a pipe.
. "$(dirname "$0")/../lib.sh"

printf '# the inbound team\nann\nbob 2\ncy\n' >reps.txt
printf '10 title ~ vp\n' >rules.txt

batch() { # batch N START: N leads that become MQL
	printf 'Email,Job Title\n' >"b$2.csv"
	for i in $(seq "$2" $(($2 + $1 - 1))); do printf 'p%03d@x.example,VP\n' "$i"; done >>"b$2.csv"
}
for run in 1 2 3; do
	batch 8 $((run * 100))
	lead-import -q --rules rules.txt --mql-at 10 "b$((run * 100)).csv" |
	    handoff assign --round-robin reps.txt >"assigned$run"
	st="${PIPESTATUS[*]}"
	expect_eq "$st" "0 0" "run $run: lead-import | handoff assign, both exit 0"
	expect_eq "$(wc -l <"assigned$run")" 8 "run $run: the eight new MQLs assigned and printed"
done
expect_eq "$(q "select owner, count(*) from leads group by owner order by owner")" \
"ann|6
bob|12
cy|6" "24 leads over three runs: shares follow the weights 1:2:1"
expect_eq "$(q "select rep, assigned from routing where pool = 'reps.txt' order by rep")" \
"ann|6
bob|12
cy|6" "the rotation state is kept in the database"
expect_eq "$(q "select count(*) from owner_events")" 24 "one owner event per assignment"
handoff assign --round-robin reps.txt <assigned1 >again
expect_eq "$(cat again)" "$(cat assigned1)" "re-running on the same keys prints them"
expect_eq "$(q "select rep, assigned from routing where pool = 'reps.txt' order by rep" | tr '\n' ' ')" \
  "ann|6 bob|12 cy|6 " "but reassigns nobody and the rotation stays"

# a rep who joins starts level with the others, not with all new leads
printf 'ann\nbob 2\ncy\ndee\n' >reps.txt
batch 5 400
lead-import -q --rules rules.txt --mql-at 10 b400.csv | handoff assign --round-robin reps.txt >/dev/null
expect_eq "$(q "select owner from leads where key like 'p4%' order by key" | sort | uniq -c | awk '{print $2 "=" $1}' | sort | tr '\n' ' ')" \
  "ann=1 bob=2 cy=1 dee=1 " "a new rep gets a fair share, not all five"

# a long pipe of writers: keys are printed after each commit, so the next
# handoff never waits on a lock held by a writer stuck on a full pipe
# (a stall is a timeout: PIPE_TIMEOUT seconds, by default 120 times
# SLOWDOWN: the pipe takes about a second, some thirty under valgrind)
printf 'email\n' >many.csv
for i in $(seq 1 5000); do printf 'long-pipe-lead-%05d@x.example\n' "$i"; done >>many.csv
timeout "${PIPE_TIMEOUT:-$((120 * SLOWDOWN))}" bash -c 'set -o pipefail; lead-import -q --stage mql many.csv | handoff assign --to kim | handoff accept | handoff qualify --amount 10 >piped'
expect_eq "$?" 0 "lead-import | handoff assign | handoff accept | handoff qualify: no stall, every stage exits 0"
expect_eq "$(wc -l <piped)" 5000 "all 5000 keys came through (over 64 KiB of keys)"
expect_eq "$(q "select count(*) from leads where owner = 'kim' and stage = 'sql'")" 5000 "every lead assigned, accepted, qualified"

run handoff assign --to zed --at 2026-11-23T11:00:00Z p100@x.example
expect_status 0 "assign --to"
expect_eq "$(q "select owner from leads where key = 'p100@x.example'")" zed "owner set"
run handoff assign --to zed p100@x.example
expect_status 0 "the same owner again is harmless"
expect_eq "$(q "select count(*) from owner_events e join leads l on l.id = e.lead_id where l.key = 'p100@x.example'")" 2 "no second owner event for the same owner"

run handoff assign p100@x.example
expect_status 2 "assign needs --to or --round-robin"
run handoff assign --to a --round-robin reps.txt p100@x.example
expect_status 2 "not both"
printf 'ann 0\n' >bad-reps.txt
run handoff assign --round-robin bad-reps.txt p100@x.example
expect_status 2 "a bad weight"
expect_err_has "bad-reps.txt:1: weight must be 1 to 1000" "names file and line"
: >empty-reps.txt
run handoff assign --round-robin empty-reps.txt p100@x.example
expect_status 2 "no reps"
expect_err_has "empty-reps.txt: no reps listed" "says so"

# handoff writes with SQLite's foreign key checks off (db.c, smk_db_begin)
expect_eq "$(q "pragma foreign_key_check")" "" "every owner change refers to a lead and a batch"

finish
