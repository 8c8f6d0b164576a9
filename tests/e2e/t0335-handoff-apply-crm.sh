#!/usr/bin/env bash
# handoff apply takes CRM exports as they come: stage values as CRMs
# write them, --stage-map for a company's own, --stage for a file without
# stages, close dates for won and lost, --reason and --note for rows
# without a reason, --add-missing for deals Marketing never saw; and a
# pipeline export of deals lands with no script in between.
. "$(dirname "$0")/../lib.sh"

leads() { # leads N: leads k1@x.example .. kN@x.example, created 2026-11-01
	local i
	{ echo email,created_at; for i in $(seq 1 "$1"); do echo "k$i@x.example,2026-11-01"; done; } >leads.csv
	lead-import -q leads.csv
}

# ------------------------------------------- stage values as CRMs write them
leads 28
cat >values.csv <<'CSV'
Email,Lifecycle Stage,Last Modified Date,Amount
k1@x.example,marketingqualifiedlead,2026-11-10 09:00,
k2@x.example,Marketing Qualified Lead,2026-11-10 09:00,
k3@x.example,salesqualifiedlead,2026-11-10 09:00,100
k4@x.example,Sales Qualified Lead,2026-11-10 09:00,100
k5@x.example,opportunity,2026-11-10 09:00,100
k6@x.example,Opportunity,2026-11-10 09:00,100
k7@x.example,customer,2026-11-10 09:00,100
k8@x.example,Customer,2026-11-10 09:00,100
k9@x.example,closedwon,2026-11-10 09:00,100
k10@x.example,Closed Won,2026-11-10 09:00,100
k11@x.example,closedlost,2026-11-10 09:00,
k12@x.example,Closed Lost,2026-11-10 09:00,
k13@x.example,Open - Not Contacted,2026-11-10 09:00,
k14@x.example,Working - Contacted,2026-11-10 09:00,
k15@x.example,Closed - Converted,2026-11-10 09:00,100
k16@x.example,Closed - Not Converted,2026-11-10 09:00,
k17@x.example,open,2026-11-10 09:00,100
k18@x.example,won,2026-11-10 09:00,100
k19@x.example,lost,2026-11-10 09:00,
k20@x.example,MQL,2026-11-10 09:00,
k21@x.example,SAL,2026-11-10 09:00,
k22@x.example,SQL,2026-11-10 09:00,100
k23@x.example,Recycled,2026-11-10 09:00,
k24@x.example,Disqualified,2026-11-10 09:00,
k25@x.example,subscriber,2026-11-10 09:00,
k26@x.example,Lead,2026-11-10 09:00,
k27@x.example,evangelist,2026-11-10 09:00,100
k28@x.example,CLOSED_WON,2026-11-10 09:00,100
CSV
run handoff apply --reason no-need values.csv
expect_status 0 "HubSpot, Salesforce, Pipedrive and Marketo values need no option"
expect_out "$(for i in $(seq 1 24) 27 28; do echo "k$i@x.example"; done)" "every lead moved is printed"
expect_err "handoff: values.csv: 28 rows, 26 moved, 2 already done, 0 rejected" "two rows are at lead already"
expect_eq "$(q "select key, stage from leads order by id" | tr '\n' ' ')" \
"k1@x.example|mql k2@x.example|mql k3@x.example|sql k4@x.example|sql k5@x.example|sql k6@x.example|sql k7@x.example|won k8@x.example|won k9@x.example|won k10@x.example|won k11@x.example|lost k12@x.example|lost k13@x.example|mql k14@x.example|sal k15@x.example|sql k16@x.example|disqualified k17@x.example|sql k18@x.example|won k19@x.example|lost k20@x.example|mql k21@x.example|sal k22@x.example|sql k23@x.example|recycled k24@x.example|disqualified k25@x.example|lead k26@x.example|lead k27@x.example|won k28@x.example|won " \
  "each value reads as its stage"

# --------------------------------------------------------------- --stage-map
rm -f smk.db*
leads 5
cat >own.csv <<'CSV'
Email,Deal Stage,Date,Amount
k1@x.example,Prospecting,2026-11-10,
k2@x.example,Engaging,2026-11-10,
k3@x.example,Needs Analysis,2026-11-10,
k4@x.example,engaging,2026-11-11,
k5@x.example,Open,2026-11-11,
CSV
run handoff apply own.csv
expect_status 1 "a company's own stages are not guessed"
expect_out "" "nothing moved"
expect_err "handoff: own.csv:2: Deal Stage: 'Prospecting': unknown stage; map it with --stage-map VALUE=STAGE
handoff: own.csv:3: Deal Stage: 'Engaging': unknown stage; map it with --stage-map VALUE=STAGE
handoff: own.csv:4: Deal Stage: 'Needs Analysis': unknown stage; map it with --stage-map VALUE=STAGE
handoff: own.csv:5: Deal Stage: 'engaging': unknown stage; map it with --stage-map VALUE=STAGE
handoff: own.csv:6: lead k5@x.example: sql needs an amount
handoff: own.csv: 5 rows, 0 moved, 0 already done, 5 rejected" "each value is named, with the hint; Pipedrive's open is sql"
run handoff apply --stage-map Engaging=mql --stage-map 'Needs Analysis=sql' \
    --stage-map Prospecting=lead --stage-map engaging=sal --stage-map open=mql own.csv
expect_status 1 "--stage-map maps them"
expect_out "k2@x.example
k4@x.example
k5@x.example" "the leads moved"
expect_err "handoff: own.csv:4: lead k3@x.example: sql needs an amount
handoff: own.csv: 5 rows, 3 moved, 1 already done, 1 rejected" "the mapped stage follows the usual rules"
expect_eq "$(q "select key, stage from leads order by id" | tr '\n' ' ')" \
  "k1@x.example|lead k2@x.example|sal k3@x.example|lead k4@x.example|sal k5@x.example|mql " \
  "compared folded, the last of two for a value counts, and before the built-in values"
run handoff apply --stage-map Engaging own.csv
expect_status 2 "--stage-map without a stage"
expect_err "handoff: --stage-map: expected value=stage, got 'Engaging'
usage: handoff [-d db] apply [-nq] [--add-missing] [-m field=header]
               [-r rejects] [--progress] [--reason code] [--note text]
               [--stage stage] [--stage-map value=stage] [file]
(handoff -h shows every subcommand)" "is a usage error"
run handoff apply --stage-map Engaging=accepted own.csv
expect_status 2 "--stage-map to a value that is not a stage name"
expect_err_has "handoff: --stage-map: unknown stage 'accepted' (stages: lead, mql, sal, sql, won, lost, recycled, disqualified)" "names the stages"

# -------------------------------------------------------------------- --stage
rm -f smk.db*
leads 3
printf 'Email,Close Date,Amount\nk1@x.example,2026-11-20,1200\nk2@x.example,2026-11-21,800\n' >closed.csv
run handoff apply closed.csv
expect_status 2 "a file without a stage column"
expect_err "handoff: closed.csv:1: no stage column; name it with --map stage=HEADER
handoff: nothing applied" "says so"
run handoff apply --stage won closed.csv
expect_status 0 "--stage for a file without a stage column (and with its close dates only)"
expect_out "k1@x.example
k2@x.example" "the leads won"
expect_err "handoff: closed.csv: 2 rows, 2 moved, 0 already done, 0 rejected" "summary"
expect_eq "$(q "select l.key, e.to_stage, datetime(e.at, 'unixepoch'), e.amount from stage_events e join leads l on l.id = e.lead_id order by e.id" | tr '\n' ' ')" \
  "k1@x.example|won|2026-11-20 00:00:00|120000 k2@x.example|won|2026-11-21 00:00:00|80000 " "won at the close dates"
printf 'Email,Status,Date\nk3@x.example,,2026-11-20\n' >blank.csv
run handoff apply blank.csv
expect_status 1 "a blank stage without --stage"
expect_err "handoff: blank.csv:2: Status: no stage
handoff: blank.csv: 1 row, 0 moved, 0 already done, 1 rejected" "is no stage"
run handoff apply --stage 'Marketing Qualified Lead' blank.csv
expect_status 0 "--stage for a blank cell, as a CRM writes it"
expect_eq "$(q "select stage from leads where key = 'k3@x.example'")" mql "moved"
run handoff apply --stage banana closed.csv
expect_status 2 "an unknown --stage"
expect_err_has "handoff: --stage: unknown stage 'banana' (stages: lead, mql, sal, sql, won, lost, recycled, disqualified)" "names the stages"

# --------------------------------------------------- close dates and times
rm -f smk.db*
leads 6
cat >deals.csv <<'CSV'
Email,Deal Stage,Close Date,Last Modified Date,Amount,Closed Lost Reason
k1@x.example,closedwon,2026-11-05,2026-11-20 10:00,500,
k2@x.example,closedlost,2026-11-06,2026-11-20 10:00,,competitor
k3@x.example,opportunity,2027-06-30,2026-11-20 10:00,900,
k4@x.example,closedwon,,2026-11-21 10:00,700,
k5@x.example,opportunity,2026-12-31,,900,
k6@x.example,lead,,,,
CSV
run handoff apply -r rejects.csv deals.csv
expect_status 1 "a deal export"
expect_out "k1@x.example
k2@x.example
k3@x.example
k4@x.example" "the leads moved"
expect_err "handoff: deals.csv:6: lead k5@x.example: no time for the move to sql
handoff: deals.csv: 6 rows, 4 moved, 1 already done, 1 rejected" "an open deal's close date is no time"
expect_eq "$(q "select l.key, e.to_stage, datetime(e.at, 'unixepoch') from stage_events e join leads l on l.id = e.lead_id order by e.id" | tr '\n' ' ')" \
  "k1@x.example|won|2026-11-05 00:00:00 k2@x.example|lost|2026-11-06 00:00:00 k3@x.example|sql|2026-11-20 10:00:00 k4@x.example|won|2026-11-21 10:00:00 " \
  "won and lost at the close date, the open deal at its modified date (its close date is a forecast), no close date: the modified date"
expect_eq "$(sed -n 2p rejects.csv | tr -d '\r')" "deals.csv,6,,lead k5@x.example: no time for the move to sql,,k5@x.example,opportunity,'2026-12-31,,'900," "the reject file has it"
# Pipedrive: the won time dates a won deal, the lost time a lost one
rm -f smk.db*
leads 3
cat >pipedrive.csv <<'CSV'
Deal - Title,Person - Email,Deal - Status,Deal - Value,Deal - Won time,Deal - Lost time,Deal - Update time,Deal - Lost reason
Big one,k1@x.example,won,"1,500",2026-11-10 12:00:00,,2026-11-22 08:00:00,
Small one,k2@x.example,lost,0,,2026-11-11 12:00:00,2026-11-22 08:00:00,Bad timing
Next one,k3@x.example,open,300,,,2026-11-22 08:00:00,
CSV
run handoff apply -m key='Person - Email' pipedrive.csv
expect_status 0 "a Pipedrive deal export"
expect_err "handoff: pipedrive.csv: 3 rows, 3 moved, 0 already done, 0 rejected" "lands"
expect_eq "$(q "select l.key, e.to_stage, datetime(e.at, 'unixepoch'), e.amount, e.reason from stage_events e join leads l on l.id = e.lead_id order by e.id" | tr '\n' ' ')" \
  "k1@x.example|won|2026-11-10 12:00:00|150000| k2@x.example|lost|2026-11-11 12:00:00|0|bad-timing k3@x.example|sql|2026-11-22 08:00:00|30000| " \
  "won time, lost time, update time"

# ---------------------------------------------------- --reason and --note
rm -f smk.db*
leads 4
cat >reasons.csv <<'CSV'
Email,Lead Status,Date,Reason,Note
k1@x.example,MQL,2026-11-10,,
k1@x.example,Closed - Not Converted,2026-11-11,,
k2@x.example,Closed Lost,2026-11-11,,
k3@x.example,Closed Lost,2026-11-11,Competitor,
k4@x.example,Closed Lost,2026-11-11,,lost to the incumbent
k4@x.example,Recycled,2026-11-12,,
CSV
run handoff apply reasons.csv
expect_status 1 "most CRM exports carry no loss reason"
expect_err "handoff: reasons.csv:3: lead k1@x.example: a rejection by Sales needs a reason code
handoff: reasons.csv:4: lead k2@x.example: lost needs a reason code
handoff: reasons.csv:6: lead k4@x.example: lost needs a reason code
handoff: reasons.csv: 6 rows, 3 moved, 0 already done, 3 rejected" "without --reason the rows are refused"
expect_eq "$(q "select count(*) from stage_events")" 3 "the others land"
rm -f smk.db*
leads 4
run handoff apply --reason other --note 'no reason in the export' reasons.csv
expect_status 0 "--reason and --note for the rows that need one"
expect_err "handoff: reasons.csv: 6 rows, 6 moved, 0 already done, 0 rejected" "everything lands"
expect_eq "$(q "select l.key, e.to_stage, coalesce(e.reason, '-'), coalesce(e.note, '-') from stage_events e join leads l on l.id = e.lead_id order by e.id" | tr '\n' ' ')" \
  "k1@x.example|mql|-|- k1@x.example|disqualified|other|no reason in the export k2@x.example|lost|other|no reason in the export k3@x.example|lost|competitor|- k4@x.example|lost|other|lost to the incumbent k4@x.example|recycled|-|- " \
  "a rejection and a lost deal take them; the row's own reason or note wins; moves that need none get none"
run handoff apply --note 'x' reasons.csv
expect_status 2 "--note without --reason"
expect_err_has "handoff: apply: --note goes with --reason" "is a usage error"
run handoff apply --reason other reasons.csv
expect_status 2 "--reason other without --note"
expect_err_has "handoff: apply: --reason other needs --note" "is a usage error"
run handoff apply --reason too-pricey reasons.csv
expect_status 2 "an unknown --reason"
expect_err_has "--reason: unknown reason code 'too-pricey'" "is a usage error"

# ------------------------------------------------------------- --add-missing
rm -f smk.db*
leads 1
cat >new.csv <<'CSV'
Deal ID,Email,Deal Stage,Engage Date,Close Date,Amount,Owner
D1,k1@x.example,closedwon,2026-10-01,2026-11-10,100,ann
D2,New@Y.example,closedwon,2026-10-02,2026-11-10,2500,bob
D3,carl@y.example,closedwon,2026-10-03,2026-11-10,,bob
D4,dee@y.example,sql,2026-10-04,2027-01-31,400,
D5,dee@y.example,closedlost,2026-10-04,2026-11-12,,
D6,eve@y.example,lead,,,,cy
D7,bad@@y.example,sql,2026-10-04,,400,
CSV
run handoff apply new.csv
expect_status 1 "without --add-missing a key the database does not know"
expect_err_has "handoff: new.csv:3: no such lead: New@Y.example" "is a reject"
rm -f smk.db*
leads 1
run handoff apply --add-missing -r rejects.csv --reason no-budget new.csv
expect_status 1 "--add-missing"
expect_out "k1@x.example
new@y.example
dee@y.example
eve@y.example" "the leads created or moved, once each"
expect_err "handoff: new.csv:4: lead carl@y.example: won needs an amount
handoff: new.csv:8: bad@@y.example: more than one @
handoff: new.csv: 7 rows, 3 leads added, 4 moved, 1 already done, 2 rejected" "the summary counts the leads added"
expect_eq "$(q "select key, coalesce(email, '-'), stage, datetime(created_at, 'unixepoch'), sales_sourced, coalesce(channel, '-'), coalesce(owner, '-') from leads order by id" | tr '\n' ' ')" \
  "k1@x.example|k1@x.example|won|2026-11-01 00:00:00|0|-|ann new@y.example|new@y.example|won|2026-10-02 00:00:00|1|sales|bob dee@y.example|dee@y.example|lost|2026-10-04 00:00:00|1|sales|- eve@y.example|eve@y.example|lead|2026-11-23 12:00:00|1|sales|cy " \
  "created by Sales at the row's earliest time (the run's for a row without one); a refused row creates none; a known lead is moved"
expect_eq "$(q "select count(*) from touches t join leads l on l.id = t.lead_id where l.sales_sourced = 1")" 0 "no touch"
expect_eq "$(q "select l.key, e.from_stage, e.to_stage, datetime(e.at, 'unixepoch'), e.reason from stage_events e join leads l on l.id = e.lead_id order by e.id" | tr '\n' ' ')" \
  "k1@x.example|lead|won|2026-11-10 00:00:00| new@y.example|lead|won|2026-11-10 00:00:00| dee@y.example|lead|sql|2026-10-04 00:00:00| dee@y.example|sql|lost|2026-11-12 00:00:00|no-budget " \
  "then moved as the rows say"
expect_eq "$(q "select new_leads from batches where command = 'apply'")" 3 "the batch counts the new leads"
run handoff apply --add-missing -r rejects.csv --reason no-budget new.csv
expect_status 1 "applying again"
expect_out "" "creates and moves nothing"
expect_err_has "new.csv: 7 rows, 0 leads added, 0 moved, 5 already done, 2 rejected" "all done already"

# -------------------------- a real CRM's pipeline export, with no script
# SALES_PIPELINE names a copy of the public "CRM sales opportunities"
# sales_pipeline.csv; without one, a generated file of its shape
rm -f smk.db*
pipe=${SALES_PIPELINE:-}
if [ -z "$pipe" ]; then
	pipe=sales_pipeline.csv
	"$ROOT/scripts/gen-sales-pipeline" >"$pipe"
fi
expect_eq "$(head -n 1 "$pipe" | tr -d '\r')" "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value" "the export's header"
expect_eq "$(awk -F, 'NR > 1 { n[$5]++ } END { for (s in n) print s, n[s] }' "$pipe" | sort | tr '\n' ' ')" \
  "Engaging 1589 Lost 2473 Prospecting 500 Won 4238 " "its stages, and no reason column"
name=$pipe
run handoff apply --stage-map Engaging=sal --stage-map Prospecting=lead \
    --reason other --note 'no loss reason in the export' --add-missing -r rejects.csv "$pipe"
expect_status 0 "the pipeline export lands"
expect_eq "$(wc -l <out)" 8800 "every deal's key is printed"
expect_err "handoff: $name: 8800 rows, 8800 leads added, 8300 moved, 500 already done, 0 rejected" "every row lands"
expect_eq "$(grep -c . rejects.csv)" 1 "no reject"
file_rate=$(awk -F, 'NR > 1 && $5 == "Won" { w++ } NR > 1 && $5 == "Lost" { l++ } END { printf "%.6f", w / (w + l) }' "$pipe")
db_rate=$(q "select printf('%.6f', 1.0 * sum(to_stage = 'won') / sum(to_stage in ('won', 'lost'))) from stage_events")
expect_eq "$db_rate" "$file_rate" "the win rate from the database equals the file's ($file_rate)"
expect_eq "$(q "select stage, count(*) from leads group by stage order by stage" | tr '\n' ' ')" \
  "lead|500 lost|2473 sal|1589 won|4238 " "every deal in its stage"
expect_eq "$(q "select count(*) from leads where sales_sourced = 1 and channel = 'sales'")" 8800 "every deal sales-sourced"
won_file=$(awk -F, 'NR > 1 && $5 == "Won" { s += $8 } END { printf "%.0f", s * 100 }' "$pipe")
expect_eq "$(q "select sum(amount) from stage_events where to_stage = 'won'")" "$won_file" "revenue to the cent"
expect_eq "$(q "select count(*) from stage_events e join leads l on l.id = e.lead_id where e.at < l.created_at")" 0 "no move before its lead"
expect_eq "$(q "select count(*) from stage_events where to_stage = 'lost' and (reason != 'other' or note != 'no loss reason in the export')")" 0 "every lost deal has the reason and note given"
expect_eq "$(q "select count(*) from owner_events")" 8800 "each deal's agent is its owner"
run handoff apply --stage-map Engaging=sal --stage-map Prospecting=lead \
    --reason other --note 'no loss reason in the export' --add-missing "$pipe"
expect_status 0 "applying it again"
expect_err "handoff: $name: 8800 rows, 0 leads added, 0 moved, 8800 already done, 0 rejected" "changes nothing"

expect_eq "$(q "select count(*) from leads l where stage != coalesce((select to_stage from stage_events e where e.lead_id = l.id order by e.id desc limit 1), 'lead')")" 0 "current stage equals the events"
expect_eq "$(q "pragma foreign_key_check")" "" "every id apply wrote refers to a row"

finish
