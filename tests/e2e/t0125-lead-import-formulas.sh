#!/usr/bin/env bash
# Text that looks like a spreadsheet formula is data: stored exactly as
# imported, neutralized in every CSV and TSV smk writes, and a reject file
# fixed in a spreadsheet imports the values as they were written.
. "$(dirname "$0")/../lib.sh"

printf '%s\r\n' \
  'Email,First Name,Company Name,Phone Number,utm_campaign,Create Date' \
  '+ann@acme.example,@ann,@Home Realty,+1-555-0100,=SUM(1+1),2026-11-02' \
  'bob@acme.example,-bob,-Dash Co,+1 (555) 0101,+Plus GmbH,2026-11-02' \
  "cy@acme.example,'quoted,\"=HYPERLINK(\"\"http://x.example\"\")\",+49 30 1234,@spring,not a date" \
  'dee@acme.example,Dee,-12.50,,-, 2026-11-02' >names.csv

run lead-import -r rejects.csv names.csv
expect_status 1 "the row with a bad date is rejected, no other"
expect_err "lead-import: names.csv:4: Create Date: not a date or time
lead-import: names.csv: 4 rows, 3 new, 0 updated, 0 unchanged, 1 rejected, 0 became MQL, 3 touches" "only the bad date is named"
expect_eq "$(q "select key, first_name, company, phone from leads order by id")" \
"+ann@acme.example|@ann|@Home Realty|+15550100
bob@acme.example|-bob|-Dash Co|+15550101
dee@acme.example|Dee|-12.50|" "names stored verbatim (phone normalized as any phone)"
expect_eq "$(q "select coalesce(campaign, '(none)') from touches order by id")" "=SUM(1+1)
+Plus GmbH
(none)" "campaigns stored verbatim; '-' is a blank"

# the reject file: reject columns, then the row in the file's columns; a
# cell that starts like a formula, or with ', gets a leading '
expect_file rejects.csv "$(printf '%s\r\n' \
  'reject_file,reject_line,reject_field,reject_reason,reject_record,Email,First Name,Company Name,Phone Number,utm_campaign,Create Date' \
  "names.csv,4,Create Date,not a date or time,,cy@acme.example,''quoted,\"'=HYPERLINK(\"\"http://x.example\"\")\",'+49 30 1234,'@spring,not a date")" \
  "reject file neutralized and reversible"

# a user fixes the date in a spreadsheet and imports the reject file again
sed 's/,not a date\r$/,2026-11-03\r/' rejects.csv >fixed.csv
run lead-import -r rejects2.csv fixed.csv
expect_status 0 "the fixed reject file imports"
expect_err "lead-import: fixed.csv: 1 row, 1 new, 0 updated, 0 unchanged, 0 rejected, 0 became MQL, 1 touch" "one row"
expect_eq "$(q "select first_name, company, phone, extra from leads where key = 'cy@acme.example'")" \
  "'quoted|=HYPERLINK(\"http://x.example\")|+49301234|" "values as originally written; the reject columns are not kept"
expect_eq "$(q "select t.campaign from touches t join leads l on l.id = t.lead_id where l.key = 'cy@acme.example'")" \
  "@spring" "campaign as written"
expect_eq "$(tr -d '\r' <rejects2.csv)" \
  "reject_file,reject_line,reject_field,reject_reason,reject_record,Email,First Name,Company Name,Phone Number,utm_campaign,Create Date" \
  "a reject file of a reject file has the original columns"

# refused again: the row keeps its escaping, the record kept
sed 's/cy@acme.example/cy-at-acme/' rejects.csv >still-bad.csv
run lead-import -r rejects3.csv still-bad.csv
expect_status 1 "still bad"
expect_eq "$(sed -n 2p rejects3.csv | tr -d '\r')" \
  "still-bad.csv,2,Email,missing @,,cy-at-acme,''quoted,\"'=HYPERLINK(\"\"http://x.example\"\")\",'+49 30 1234,'@spring,not a date" \
  "written back the same way"

# one reject file for files with other columns: a header row per section,
# read back section by section
printf 'Email,Company,Create Date\nok1@x.example,A,2026-11-01\nbad1@x.example,=B,someday\n' >one.csv
printf 'E-mail Address;Organisation;Job Title\nbad2-x.example;@C;CTO\n' >two.csv
run lead-import -r sections.csv one.csv two.csv
expect_status 1 "two rejects"
expect_eq "$(tr -d '\r' <sections.csv)" "reject_file,reject_line,reject_field,reject_reason,reject_record,Email,Company,Create Date
one.csv,3,Create Date,not a date or time,,bad1@x.example,'=B,someday
reject_file,reject_line,reject_field,reject_reason,reject_record,E-mail Address,Organisation,Job Title
two.csv,2,E-mail Address,missing @,,bad2-x.example,'@C,CTO" "a header row for each file's columns"
sed -e 's/,someday/,2026-11-02/' -e 's/bad2-x/bad2@x/' sections.csv >sections-fixed.csv
run lead-import sections-fixed.csv
expect_status 0 "both sections import"
expect_eq "$(q "select key, company, coalesce(title, '') from leads where key like 'bad%' order by key")" "bad1@x.example|=B|
bad2@x.example|@C|CTO" "each section mapped by its own header"

# every CSV and TSV listing neutralizes text and leaves numbers alone
run handoff mql --at 2026-11-20 +ann@acme.example
expect_status 0 "mql"
run handoff assign --to @bob --at 2026-11-20 +ann@acme.example
expect_status 0 "assign to a rep named like a formula"
run handoff note --at 2026-11-20 -- +ann@acme.example "-call back"
expect_status 0 "a note that starts with -"
run handoff queue --format csv
expect_status 0 "queue csv"
expect_eq "$(tr -d '\r' <out)" "key,owner,campaign,score,mql_at,due_at,hours_left,sla
'+ann@acme.example,'@bob,'=SUM(1+1),0,2026-11-20 00:00,2026-11-21 00:00,-60.0,breached" "queue: text neutralized, a negative number stays a number"
run handoff queue --format tsv
expect_out "key	owner	campaign	score	mql_at	due_at	hours_left	sla
'+ann@acme.example	'@bob	'=SUM(1+1)	0	2026-11-20 00:00	2026-11-21 00:00	-60.0	breached" "queue tsv the same"
run handoff history --format csv +ann@acme.example
expect_status 0 "history csv"
expect_out_has "'=SUM(1+1)" "history: campaign neutralized"
expect_out_has "'-call back" "history: note neutralized"
run handoff feedback --notes --format csv --period 2026-11
expect_status 0 "feedback csv"
expect_out_has "'+ann@acme.example,'=SUM(1+1),'@bob" "feedback notes: key, campaign, owner neutralized"
run handoff queue --format json
expect_out_has '"owner":"@bob","campaign":"=SUM(1+1)"' "json keeps values as they are"

finish
