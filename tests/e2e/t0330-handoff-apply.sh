#!/usr/bin/env bash
# handoff apply: bulk stage changes from a CRM export; bad rows to the
# reject file with reasons, the rest in one transaction; applying twice
# changes nothing.
. "$(dirname "$0")/../lib.sh"

printf 'email,created_at\na@x.example,2026-11-01\nb@x.example,2026-11-01\nc@x.example,2026-11-01\nd@x.example,2026-11-01\n' >l.csv
lead-import -q l.csv

cat >crm.csv <<'CSV'
Lead ID,Lead Status,Status Change Date,Lead Owner,Amount,Lost Reason,Notes
a@x.example,Marketing Qualified Lead,2026-11-10 09:00,ann,,,
a@x.example,Working,2026-11-10 15:00,ann,,,
a@x.example,Opportunity,2026-11-12 10:00,ann,"5,000.00",,first call went well
b@x.example,MQL,2026-11-11 09:00,bob,,,
b@x.example,Closed Lost,2026-11-13 09:00,bob,,No Budget,
c@x.example,Closed Won,2026-11-13 09:00,,1000,,
nobody@x.example,MQL,2026-11-11 09:00,,,,
b@x.example,Working,2026-11-14 09:00,,,,
a@x.example,Qualified,2026-11-12 11:00,,,,
d@x.example,Banana,2026-11-12,,,,
d@x.example,MQL,someday,,,,
d@x.example,Closed Won,2026-11-12,,-5,,
d@x.example,Closed Lost,2026-11-12,,,Too expensive,
CSV

run handoff apply -r rejects.csv crm.csv
expect_status 1 "rejected rows make exit 1"
expect_out "a@x.example
b@x.example
c@x.example" "the keys it changed"
expect_err "handoff: crm.csv:8: no such lead: nobody@x.example
handoff: crm.csv:9: lead b@x.example is lost: cannot move to sal
handoff: crm.csv:11: Lead Status: 'Banana': unknown stage; map it with --stage-map VALUE=STAGE
handoff: crm.csv:12: Status Change Date: 'someday': not a date or time
handoff: crm.csv:13: Amount: '-5': negative amount
handoff: crm.csv:14: Lost Reason: 'Too expensive': unknown reason code
handoff: crm.csv: 13 rows, 6 moved, 1 already done, 6 rejected" "each bad row named by line and field"
expect_eq "$(q "select l.key, e.from_stage, e.to_stage, datetime(e.at, 'unixepoch'), e.amount, e.reason, e.note from stage_events e join leads l on l.id = e.lead_id order by e.id")" \
"a@x.example|lead|mql|2026-11-10 09:00:00|||
a@x.example|mql|sal|2026-11-10 15:00:00|||
a@x.example|sal|sql|2026-11-12 10:00:00|500000||first call went well
b@x.example|lead|mql|2026-11-11 09:00:00|||
b@x.example|mql|lost|2026-11-13 09:00:00||no-budget|
c@x.example|lead|won|2026-11-13 09:00:00|100000||" "events with times, amounts, reasons and notes"
expect_eq "$(q "select key, stage, owner from leads order by id")" \
"a@x.example|sql|ann
b@x.example|lost|bob
c@x.example|won|
d@x.example|lead|" "stages and owners"
expect_eq "$(grep -c . rejects.csv)" 7 "six rejects plus the header"
expect_eq "$(q "select tool, command, file, sha256 from batches where command = 'apply'")" \
  "handoff|apply|crm.csv|$(sha256sum crm.csv | cut -d' ' -f1)" "the batch names the file and its digest"
expect_eq "$(sed -n 2p rejects.csv | tr -d '\r')" "crm.csv,8,,no such lead: nobody@x.example,,nobody@x.example,MQL,'2026-11-11 09:00,,,," "the reject file holds the row in the file's columns"

snap=$(q "select * from stage_events; select * from owner_events; select * from leads")
run handoff apply crm.csv
expect_status 1 "re-applying: the same rows are rejected again"
expect_out "" "nothing changed, no key printed"
expect_err_has "crm.csv: 13 rows, 0 moved, 7 already done, 6 rejected" "everything else already done"
expect_eq "$(q "select * from stage_events; select * from owner_events; select * from leads")" "$snap" "re-applying changes nothing"

# --map for other spellings, standard input, dry run
printf 'Who;What;When\nd@x.example;mql;2026-11-20 08:00\n' >other.csv
run handoff apply other.csv
expect_status 2 "no key column known"
expect_err "handoff: other.csv:1: no key column; name it with --map key=HEADER
handoff: nothing applied" "says how to map it"
run_in other.csv handoff apply -n --map key=Who --map stage=What --map time=When
expect_status 0 "--map and standard input, dry run"
expect_out "" "a dry run prints no key"
expect_err "handoff: <stdin>: 1 row, 1 moved, 0 already done, 0 rejected" "dry-run summary"
expect_eq "$(q "select stage from leads where key = 'd@x.example'")" lead "dry run writes nothing"
run_in other.csv handoff apply --map key=Who --map stage=What --map time=When -
expect_status 0 "--map applies"
expect_eq "$(q "select stage from leads where key = 'd@x.example'")" mql "moved"

# a CRM's numeric ids are not our lead ids: an email column is the key,
# and a digits-only key is never read as an internal id; no move comes
# before the lead was created, also while it has no stage change yet
printf 'email,created_at\ne@x.example,2026-11-19 09:00\n' >e.csv
lead-import -q e.csv
printf 'Contact ID,Email,Lifecycle Stage,Last Modified Date\n1,e@x.example,marketingqualifiedlead,2026-11-19 08:59\n' >early.csv
run handoff apply early.csv
expect_status 1 "a move dated before the lead was created"
expect_err "handoff: early.csv:2: lead e@x.example: the move is dated before the lead was created (2026-11-19T09:00:00Z)
handoff: early.csv: 1 row, 0 moved, 0 already done, 1 rejected" "is refused, naming the creation time"
printf 'Contact ID,Email,Lifecycle Stage,Last Modified Date\n1,e@x.example,marketingqualifiedlead,2026-11-20 10:00\n' >hs.csv
run handoff apply hs.csv
expect_status 0 "the email column is the key"
expect_eq "$(q "select key, stage, datetime(stage_at, 'unixepoch') from leads where id in (1, 5) order by id")" \
"a@x.example|sql|2026-11-12 10:00:00
e@x.example|mql|2026-11-20 10:00:00" "e moved, lead id 1 untouched"
printf 'Contact ID,Lifecycle Stage,Last Modified Date\n1,marketingqualifiedlead,2026-11-20 11:00\n' >ids.csv
run handoff apply ids.csv
expect_status 1 "a digits-only CRM id that is no key here"
expect_err_has "no such lead: 1" "is an unknown lead, not lead id 1"
printf 'Lead ID,Lead Status,Status Change Date\ne@x.example,Closed - Converted,2026-11-21 10:00\n' >sf.csv
run handoff apply sf.csv
expect_status 1 "Salesforce's Closed - Converted is sql (and needs an amount)"
expect_err_has "lead e@x.example: sql needs an amount" "the row is refused for its lead"

printf 'Lead ID,Lead Status,"Date\n' >badhead.csv
run handoff apply badhead.csv
expect_status 2 "a header row that cannot be read"
expect_err_has "badhead.csv:1:" "names file and line"
expect_err_has "nothing applied" "says nothing was applied"
run handoff apply crm.csv >/dev/full
status=0; handoff apply sf.csv >/dev/full 2>err || status=$?
expect_eq "$status" 1 "stdout to a full device with nothing to print: the finding only"

run handoff apply missing.csv
expect_status 3 "an unreadable file"
expect_err_has "missing.csv: cannot open" "says so"

# A CRM that syncs smk's MQLs a few minutes after smk made them: the
# first time its mql row finds the lead in mql; applied again, once the
# lead has moved on, the row must still be done already, not refused as
# dated before the last change.  And a move the CRM dates a little
# before smk did is the same move.
printf 'email,created_at\ns1@x.example,2026-11-01\ns2@x.example,2026-11-01\n' >sync-leads.csv
run lead-import sync-leads.csv
run handoff mql --at "2026-11-16 06:00" s1@x.example s2@x.example
run handoff accept --at "2026-11-16 10:00" s2@x.example
run handoff reject --reason no-budget --at "2026-11-16 12:00" s2@x.example
printf 'Email,Lead Status,Status Change Date,Amount\ns1@x.example,Open - Not Contacted,2026-11-16 06:02,\ns1@x.example,Working - Contacted,2026-11-16 09:00,\ns1@x.example,Closed - Converted,2026-11-17 09:00,900\ns2@x.example,Working - Contacted,2026-11-16 09:55,\n' >sync.csv
run handoff apply sync.csv
expect_status 0 "the sync of smk's MQLs"
expect_err "handoff: sync.csv: 4 rows, 2 moved, 2 already done, 0 rejected" "mql found in mql, s2's acceptance smk's own"
run handoff apply sync.csv
expect_status 0 "the same file again"
expect_err "handoff: sync.csv: 4 rows, 0 moved, 4 already done, 0 rejected" "every row done already, none refused"
expect_eq "$(q "select count(*) from stage_events e join leads l on l.id = e.lead_id where l.key like 's_@x.example'")" "6" "no event added"
run handoff apply sync.csv
expect_err "handoff: sync.csv: 4 rows, 0 moved, 4 already done, 0 rejected" "and a third time"
printf 'Email,Lead Status,Status Change Date\ns1@x.example,Working - Contacted,2026-11-17 10:00\ns2@x.example,Closed - Not Converted,2026-11-16 11:00\n' >late.csv
run handoff apply late.csv
expect_status 1 "a move the history does not hold is still refused"
expect_err "handoff: late.csv:2: lead s1@x.example is sql: cannot move to sal
handoff: late.csv:3: lead s2@x.example: the move is dated before its last stage change (2026-11-16T12:00:00Z)
handoff: late.csv: 2 rows, 0 moved, 0 already done, 2 rejected" "each named"

expect_eq "$(q "select count(*) from leads l where stage != coalesce((select to_stage from stage_events e where e.lead_id = l.id order by e.id desc limit 1), 'lead')")" 0 "current stage equals the events"

expect_eq "$(q "pragma foreign_key_check")" "" "every id apply wrote refers to a row"

finish
