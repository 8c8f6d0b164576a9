#!/usr/bin/env bash
# Scoring rules and --mql-at: leads crossing the threshold become MQL with a
# stage event, and their keys go to stdout (for handoff).
. "$(dirname "$0")/../lib.sh"

cat >rules.txt <<'R'
# points  field  op  value
20 title ~ director|vp|chief|head of
10 country = DE
-15 email ~ @gmail.com|@yahoo.com
5 touches >= 2
10 touches:event >= 1
15 "Employees" >= 500
5 company exists
R
printf '%s\n' \
  'Email,Job Title,Country,utm_medium,utm_campaign,Create Date,Employees' \
  'vp@big.example,VP Sales,Germany,event,fair,2026-01-10,1200' \
  'dev@small.example,Developer,France,email,news,2026-01-11,12' \
  'fan@gmail.com,Head of IT,Germany,event,fair,2026-01-12,' \
  'dev@small.example,Developer,France,event,fair,2026-01-13,12' >a.csv

run lead-import --rules rules.txt --mql-at 30 a.csv
expect_status 0 "scored import exits 0"
expect_out "vp@big.example" "the key of the lead that became MQL, on stdout"
expect_err "lead-import: a.csv: 4 rows, 3 new, 1 updated, 0 unchanged, 0 rejected, 1 became MQL, 4 touches" "summary counts the MQL"
expect_eq "$(q "select key, score, stage from leads order by id")" \
"vp@big.example|55|mql
dev@small.example|15|lead
fan@gmail.com|25|lead" "scores follow the rules"
expect_eq "$(q "select l.key, e.from_stage, e.to_stage, e.actor from stage_events e join leads l on l.id = e.lead_id")" \
  "vp@big.example|lead|mql|tester" "one stage event with the actor"

# a second file brings dev another event touch: crosses 30? 15+10=25: no.
printf 'Email,Job Title,utm_medium,utm_campaign,Create Date\nfan@gmail.com,Head of IT,event,summit,2026-02-01\n' >b.csv
run lead-import --rules rules.txt --mql-at 30 b.csv
expect_status 0 "second file exits 0"
expect_out "fan@gmail.com" "a new touch pushes fan over the threshold"
expect_eq "$(q "select score, stage from leads where key='fan@gmail.com'")" "30|mql" "fan is MQL at 30"

# re-import: nobody becomes MQL twice, nothing on stdout
run lead-import --rules rules.txt --mql-at 30 a.csv b.csv
expect_status 0 "re-import exits 0"
expect_out "" "no MQL twice"
expect_eq "$(q "select count(*) from stage_events")" 2 "no new events"

# bad rules: file and line named, exit 2, nothing imported
printf '10 title ~ vp\nten title ~ vp\n' >bad-rules.txt
run lead-import --rules bad-rules.txt a.csv
expect_status 2 "bad rules file is a usage error"
expect_err "lead-import: bad-rules.txt:2: expected POINTS (a whole number) first" "names file and line"
printf '10 colour = red\n' >bad-rules.txt
run lead-import --rules bad-rules.txt a.csv
expect_status 2 "unknown field in rules"
expect_err_has "bad-rules.txt:1: unknown field 'colour'" "names the unknown field"
run lead-import --mql-at 10 a.csv
expect_status 2 "--mql-at without rules"
expect_err_has "--mql-at needs --rules" "says what is missing"
run lead-import --rules rules.txt --mql-at ten a.csv
expect_status 2 "--mql-at not a number"
expect_err_has "--mql-at: 'ten' is not a number" "says it is not a number"

# --stage mql: a historical MQL list, with its time column
printf 'Email,Create Date\nold@example.com,2025-06-01 09:30:00\nvp@big.example,2025-06-02\n' >mqls.csv
run lead-import --stage mql mqls.csv
expect_status 0 "--stage mql exits 0"
expect_out "old@example.com" "only the lead that moved is printed (vp was MQL already)"
expect_eq "$(q "select e.to_stage, datetime(e.at, 'unixepoch') from stage_events e join leads l on l.id = e.lead_id where l.key = 'old@example.com'")" \
  "mql|2025-06-01 09:30:00" "the MQL event has the row's time"
run lead-import --stage mql mqls.csv
expect_out "" "--stage re-import moves nobody"
# a row older than the lead's last stage change leaves it alone: its
# events stay in time order (handoff refuses such a move too)
printf 'Email,Create Date\nold@example.com,2025-05-01 08:00:00\n' >sal-old.csv
run lead-import --stage sal sal-old.csv
expect_status 0 "--stage sal from an older row exits 0"
expect_eq "$(q "select group_concat(e.to_stage || '@' || datetime(e.at, 'unixepoch'), ' ') from stage_events e join leads l on l.id = e.lead_id where l.key = 'old@example.com'")" \
  "mql@2025-06-01 09:30:00" "an older row does not move the lead"
printf 'Email,Create Date\nold@example.com,2025-07-01 08:00:00\n' >sal-new.csv
run lead-import --stage sal sal-new.csv
expect_status 0 "--stage sal from a newer row exits 0"
expect_eq "$(q "select group_concat(e.to_stage || '@' || datetime(e.at, 'unixepoch'), ' ') from (select e.* from stage_events e join leads l on l.id = e.lead_id where l.key = 'old@example.com' order by e.id) e")" \
  "mql@2025-06-01 09:30:00 sal@2025-07-01 08:00:00" "a newer one does, at its time"
run lead-import --stage won mqls.csv
expect_status 2 "--stage won is refused"
expect_err_has "--stage: expected lead, mql or sal, got 'won'" "says which stages"

finish
