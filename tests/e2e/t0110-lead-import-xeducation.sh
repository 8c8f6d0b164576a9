#!/usr/bin/env bash
# A real lead export: X Education, 9240 leads x 37 columns, CRLF, no email
# column (key: Prospect ID), "Select" as a blank, 338 rows with quoted commas.
. "$(dirname "$0")/../lib.sh"

x=$DATA/leads/xeducation-leads.csv
xt=$DATA/leads/xeducation-leads-trailing-comma.csv

run lead-import --key "Prospect ID" -r rejects.csv "$x"
expect_status 0 "lands with no rejects"
expect_out "" "no MQL without rules"
expect_err "lead-import: $x: 9240 rows, 9240 new, 0 updated, 0 unchanged, 0 rejected, 0 became MQL, 9240 touches" "summary"
expect_eq "$(q "select count(*) from leads")" 9240 "9240 leads"
expect_eq "$(grep -c . rejects.csv)" 1 "reject file holds only its header"
expect_eq "$(q "select source, country, extra from leads where key = '2a272436-5132-4136-86fa-dcc88c88f482'")" \
  'Organic Search|IN|{"Lead Number":"660728","Lead Origin":"API","Do Not Email":"No","Do Not Call":"No","Converted":"0","TotalVisits":"5","Total Time Spent on Website":"674","Page Views Per Visit":"2.5","Last Activity":"Email Opened","What is your current occupation":"Unemployed","What matters most to you in choosing a course":"Better Career Prospects","Search":"No","Magazine":"No","Newspaper Article":"No","X Education Forums":"No","Newspaper":"No","Digital Advertisement":"No","Through Recommendations":"No","Receive More Updates About Our Courses":"No","Tags":"Ringing","Update me on Supply Chain Content":"No","Get updates on DM Content":"No","Asymmetrique Activity Index":"02.Medium","Asymmetrique Profile Index":"02.Medium","Asymmetrique Activity Score":"15","Asymmetrique Profile Score":"15","I agree to pay the amount through cheque":"No","A free copy of Mastering The Interview":"No","Last Notable Activity":"Email Opened"}' \
  "the unmapped columns are kept, Select blanks are not"
expect_eq "$(q "select count(distinct json_each.key) from leads, json_each(leads.extra)")" 34 "34 unmapped columns kept across the file"
expect_eq "$(q "select count(*) from leads where extra like '%Select%'")" 0 "no 'Select' placeholder stored"
expect_eq "$(q "select count(*) from leads where json_extract(extra, '\$.Converted') = '1'")" \
  "$(tr -d '\r' <"$x" | awk -F, 'NR>1 && $7=="1"' | wc -l)" "Converted column kept row for row"

snap=$(q "select key, source, country, extra from leads order by key" | sha256sum)
run lead-import --key "Prospect ID" "$x"
expect_status 0 "re-import exits 0"
expect_err "lead-import: $x: 9240 rows, 0 new, 0 updated, 9240 unchanged, 0 rejected, 0 became MQL, 0 touches" "re-import adds nothing"

run lead-import --key "Prospect ID" "$xt"
expect_status 0 "trailing-comma variant exits 0"
expect_err "lead-import: $xt: 9240 rows, 0 new, 0 updated, 9240 unchanged, 0 rejected, 0 became MQL, 0 touches" "trailing-comma variant is the same leads"
expect_eq "$(q "select key, source, country, extra from leads order by key" | sha256sum)" "$snap" "content unchanged"

# the variant alone into a fresh database gives the same content
run lead-import -q -d t.db --key "Prospect ID" "$xt"
expect_status 0 "trailing-comma variant into a fresh database"
expect_eq "$(DB=t.db q "select key, source, country, extra from leads order by key" | sha256sum)" "$snap" "same leads from either file"

finish
