#!/usr/bin/env bash
# lead-import: a small export lands whole; dedupe, updates, re-import.
. "$(dirname "$0")/../lib.sh"

printf '%s\r\n' \
  'Email,First Name,Last Name,Company Name,Country,utm_campaign,Create Date,Favourite Colour' \
  'Ann@Example.com ,Ann,Lee,"Acme, Inc.",Germany,spring-webinar,2026-03-01 10:00:00,blue' \
  'bob@example.com,Bob,  Stone ,Globex,USA,spring-webinar,2026-03-02,' \
  ' ANN@example.COM,,,,,newsletter,2026-03-05T08:00:00Z,green' >a.csv

run lead-import a.csv
expect_status 0 "import exits 0"
expect_out "" "no MQL keys without rules"
expect_err "lead-import: a.csv: 3 rows, 2 new, 1 updated, 0 unchanged, 0 rejected, 0 became MQL, 3 touches" "summary line"
expect_eq "$(q "select key, first_name, last_name, company, country, campaign from leads order by id")" \
"ann@example.com|Ann|Lee|Acme, Inc.|DE|newsletter
bob@example.com|Bob|Stone|Globex|US|spring-webinar" "leads normalized, later non-empty values update"
expect_eq "$(q "select extra from leads where key='ann@example.com'")" '{"Favourite Colour":"green"}' "unmapped column kept, updated"
expect_eq "$(q "select extra is null from leads where key='bob@example.com'")" 1 "blank unmapped value not stored"
expect_eq "$(q "select datetime(created_at,'unixepoch') from leads order by id")" \
"2026-03-01 10:00:00
2026-03-02 00:00:00" "created_at from the first touch"
expect_eq "$(q "select l.key, t.campaign, datetime(t.at,'unixepoch') from touches t join leads l on l.id=t.lead_id order by t.id")" \
"ann@example.com|spring-webinar|2026-03-01 10:00:00
bob@example.com|spring-webinar|2026-03-02 00:00:00
ann@example.com|newsletter|2026-03-05 08:00:00" "one touch per row"
expect_eq "$(q "select stage, count(*) from leads group by stage")" "lead|2" "new leads are in stage lead"
expect_eq "$(stat -c %a smk.db)" 600 "database created with mode 0600"
expect_eq "$(q "pragma journal_mode")" wal "database in WAL mode"
expect_eq "$(q "select tool, command, file, rows_read, new_leads, updated, touches, length(sha256) from batches")" \
  "lead-import|import|a.csv|3|2|1|3|64" "batch recorded with counts and sha256"
expect_eq "$(q "select sha256 from batches")" "$(sha256sum a.csv | cut -d' ' -f1)" "batch sha256 is the file's"

before=$(q "select * from leads; select * from touches")
run lead-import a.csv
expect_status 0 "re-import exits 0"
expect_err "lead-import: a.csv: 3 rows, 0 new, 0 updated, 3 unchanged, 0 rejected, 0 became MQL, 0 touches" "re-import changes nothing"
expect_eq "$(q "select * from leads; select * from touches")" "$before" "re-import leaves leads and touches as they were"

run lead-import -q a.csv
expect_status 0 "-q exits 0"
expect_err "" "-q silences the summary"

# standard input, '-' and --campaign for rows without one
printf 'email,first_name\ncy@example.com,Cy\n' >b.csv
run_in b.csv lead-import --campaign fair-2026 --source "Trade Show"
expect_status 0 "standard input"
expect_err "lead-import: <stdin>: 1 row, 1 new, 0 updated, 0 unchanged, 0 rejected, 0 became MQL, 1 touch" "stdin is named <stdin>"
expect_eq "$(q "select campaign, source from leads where key='cy@example.com'")" "fair-2026|Trade Show" "--campaign and --source fill blanks"

# --dry-run: everything but the commit
printf 'email\ndry@example.com\n' >c.csv
run lead-import -n c.csv
expect_status 0 "dry run exits 0"
expect_err "lead-import: (dry run) c.csv: 1 row, 1 new, 0 updated, 0 unchanged, 0 rejected, 0 became MQL, 1 touch" "dry run summary"
expect_eq "$(q "select count(*) from leads where key='dry@example.com'")" 0 "dry run writes nothing"

finish
