#!/usr/bin/env bash
# handoff: every stage move, its rules and messages, and the audit trail.
. "$(dirname "$0")/../lib.sh"

printf 'email,first_name,utm_campaign,created_at\na@x.example,A,fair,2026-11-01\nb@x.example,B,web,2026-11-02\nc@x.example,C,web,2026-11-03\n' >l.csv
lead-import -q l.csv

run handoff mql --at 2026-11-20T09:00:00Z a@x.example B@X.example
expect_status 0 "mql exits 0"
expect_out "a@x.example
b@x.example" "prints the keys it moved (emails found as typed)"
expect_eq "$(q "select key, stage, datetime(stage_at, 'unixepoch') from leads order by id")" \
"a@x.example|mql|2026-11-20 09:00:00
b@x.example|mql|2026-11-20 09:00:00
c@x.example|lead|2026-11-03 00:00:00" "stages and times"

run handoff accept --at 2026-11-20T10:00:00Z a@x.example
expect_status 0 "accept exits 0"
run handoff accept --at 2026-11-20T10:00:00Z a@x.example
expect_status 0 "accepting again changes nothing"
expect_out "a@x.example" "and still prints the key"
expect_eq "$(q "select count(*) from stage_events where to_stage = 'sal'")" 1 "no second event"

run handoff qualify --amount 12,5 a@x.example
expect_status 2 "an amount with a decimal comma is refused"
expect_err "handoff: --amount: '12,5': comma as decimal mark is ambiguous" "says why"
run handoff qualify --amount -3 a@x.example
expect_status 2 "a negative amount is refused"
expect_err_has "negative amount" "says why"
run handoff qualify a@x.example
expect_status 2 "qualify without --amount"
expect_err_has "qualify needs --amount AMOUNT" "says what is missing"
run handoff qualify --amount 1,200.50 --at 2026-11-21T10:00:00Z a@x.example
expect_status 0 "qualify with an amount"
run handoff won --amount 1200.50 --at 2026-11-22T10:00:00Z a@x.example
expect_status 0 "won"
expect_eq "$(q "select to_stage, amount from stage_events where amount is not null order by id")" \
"sql|120050
won|120050" "amounts stored in cents"

run handoff accept a@x.example
expect_status 1 "an illegal move is a finding"
expect_err "handoff: lead a@x.example is won: cannot move to sal" "names lead, stage and move"

run handoff reject b@x.example
expect_status 2 "reject needs a reason"
expect_err_has "reject needs --reason CODE" "says so"
run handoff reject --reason nope b@x.example
expect_status 2 "an unknown reason code"
expect_err_has "unknown reason code 'nope'" "names the code"
run handoff reject --reason other b@x.example
expect_status 1 "other needs a note"
expect_err "handoff: lead b@x.example: reason 'other' needs a note" "says so"
run handoff reject --reason no-budget --note "next year" --at 2026-11-20T12:00:00Z b@x.example
expect_status 0 "reject with a reason"
expect_eq "$(q "select from_stage, to_stage, reason, note, actor from stage_events where reason is not null")" \
  "mql|recycled|no-budget|next year|tester" "the rejection is recorded with reason, note and actor"
run handoff mql --at 2026-11-21T08:00:00Z b@x.example
expect_status 0 "a recycled lead can be MQL again"

run handoff accept --at 2026-11-20T11:00:00Z b@x.example
expect_status 1 "a move dated before the last change"
expect_err_has "the move is dated before its last stage change" "says so"
run handoff mql --at 2026-11-02T23:59:59Z c@x.example
expect_status 1 "a move dated before the lead was created, while it is at lead"
expect_err "handoff: lead c@x.example: the move is dated before the lead was created (2026-11-03T00:00:00Z)" "says so, with the creation time"
run handoff accept --at 2030-01-01 b@x.example
expect_status 2 "a time in the future"
expect_err "handoff: --at: the time is in the future" "says so"
run handoff accept --at 'next tuesday' b@x.example
expect_status 2 "a time that is not one"
expect_err_has "--at: 'next tuesday'" "names the bad time"

# several keys: the good ones move, the bad ones are named, exit 1
run handoff accept --by rep1 --at 2026-11-22T09:00:00Z a@x.example nobody@x.example b@x.example
expect_status 1 "some keys refused"
expect_out "b@x.example" "the others still move"
expect_err "handoff: lead a@x.example is won: cannot move to sal
handoff: no such lead: nobody@x.example" "each refusal named"

# keys from standard input, one per line
printf 'c@x.example\n\n' >keys
run_in keys handoff mql --at 2026-11-22T09:00:00Z
expect_status 0 "keys from stdin"
expect_out "c@x.example" "stdin key moved"
run handoff lost c@x.example
expect_status 2 "lost needs a reason"
run handoff lost --reason competitor --at 2026-11-22T10:00:00Z c@x.example
expect_status 0 "lost with a reason"
run handoff recycle --at 2026-11-22T11:00:00Z c@x.example
expect_status 0 "a lost lead can be recycled without a reason"

# add: by hand, sales-sourced
run handoff add --sales-sourced --company Acme --at 2026-11-22T12:00:00Z ' New@Y.example '
expect_status 0 "add"
expect_out "new@y.example" "add prints the normalized key"
expect_eq "$(q "select key, company, channel, sales_sourced, stage from leads where key = 'new@y.example'")" \
  "new@y.example|Acme|sales|1|lead" "a sales-sourced lead"
run handoff add new@y.example
expect_status 0 "adding an existing lead is harmless"
run handoff add 'bad@@y'
expect_status 1 "a bad email"
expect_err_has "more than one @" "says why"

run handoff note --at 2026-11-22T13:00:00Z b@x.example "budget in Q1"
expect_status 0 "note"
expect_eq "$(q "select note, actor from notes")" "budget in Q1|tester" "note stored"
# the same note again (a cron job run twice) is there already; another
# time, another actor or other words are another note
run handoff note --at 2026-11-22T13:00:00Z b@x.example "budget in Q1"
expect_status 0 "the same note again"
expect_out "b@x.example" "its key printed, as for a move already done"
expect_eq "$(q "select count(*) from notes")" "1" "written once"
run handoff note --at 2026-11-22T13:00:00Z c@x.example "budget in Q1"
expect_status 0 "another lead"
run handoff note --at 2026-11-22T13:00:00Z --by rep1 c@x.example "budget in Q1"
expect_status 0 "another actor"
run handoff note --at 2026-11-22T13:05:00Z c@x.example "budget in Q1"
expect_status 0 "another time"
run handoff note --at 2026-11-22T13:00:00Z c@x.example "budget in Q2"
expect_status 0 "other words"
expect_eq "$(q "select count(*) from notes where lead_id = (select id from leads where key = 'c@x.example')")" "4" "each one a note"
expect_eq "$(q "select count(*) from batches where command = 'note'")" "6" "every run in the audit trail"

run handoff history --format csv b@x.example
expect_status 0 "history"
expect_eq "$(tr -d '\r' <out)" "time,event,from,to,owner,campaign,amount,reason,note,actor
2026-11-02 00:00,touch,,,,web,,,,tester
2026-11-20 09:00,stage,lead,mql,,,,,,tester
2026-11-20 12:00,stage,mql,recycled,,,,no-budget,next year,tester
2026-11-21 08:00,stage,recycled,mql,,,,,,tester
2026-11-22 09:00,stage,mql,sal,,,,,,rep1
2026-11-22 13:00,note,,,,,,,budget in Q1,tester" "the audit trail of one lead, in time order"
run handoff history --as-of 2026-11-20T12:00:00Z --format tsv b@x.example
expect_eq "$(wc -l <out)" 4 "history --as-of stops at that time"
run handoff history nobody@x.example
expect_status 1 "history of an unknown lead"
expect_err "handoff: no such lead: nobody@x.example" "names it"

# the invariant: every lead's stage is its last event's
expect_eq "$(q "select count(*) from leads l where stage != coalesce((select to_stage from stage_events e where e.lead_id = l.id order by e.id desc limit 1), 'lead')")" 0 "current stage equals the events"

# an email that two leads share (keyed by external ids) names neither
printf 'Lead ID,Email,created_at\nL-1,z@x.example,2026-11-01\nL-2,z@x.example,2026-11-01\n' >ext.csv
lead-import -q --key "Lead ID" ext.csv
run handoff mql --at 2026-11-22T09:00:00Z z@x.example
expect_status 1 "an ambiguous email is refused"
expect_err "handoff: z@x.example is the email of more than one lead; name it by its key or id" "says why"
run handoff mql --at 2026-11-22T09:00:00Z L-2
expect_status 0 "the external id names the lead"

run handoff frobnicate
expect_status 2 "unknown subcommand"
expect_err_has "unknown subcommand 'frobnicate'" "names it"
run handoff queue --amount 5
expect_status 2 "an option that does not apply"
expect_err_has "queue: option '--amount' does not apply" "says so"

finish
