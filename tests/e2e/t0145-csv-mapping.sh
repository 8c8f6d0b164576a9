#!/usr/bin/env bash
# One header mapping for every CSV reader: lead-import and handoff apply
# trim headers, take the first of duplicate columns, and read back each
# other's reject files the same way.
. "$(dirname "$0")/../lib.sh"

# headers with blanks around them map in both tools
printf '%s\n' ' Email ,Company  Name , Create Date' 'ann@x.example,Acme,2026-11-01' >blanks.csv
run lead-import blanks.csv
expect_status 0 "lead-import: padded headers map"
expect_eq "$(q "select key, company from leads")" "ann@x.example|Acme" "email and company found"
printf '%s\n' 'Key ,  Stage,Time ' 'ann@x.example,MQL,2026-11-02' >moves.csv
run handoff apply moves.csv
expect_status 0 "apply: padded headers map"
expect_out "ann@x.example" "the lead moved"

# --map names a header that appears twice: the first, in both tools
printf '%s\n' 'Email,Org,Org,Created' 'bob@x.example,First Co,Second Co,2026-10-01' >dup.csv
run lead-import --map company=org dup.csv
expect_status 0 "lead-import --map with a duplicate header"
expect_eq "$(q "select company, extra from leads where key = 'bob@x.example'")" \
  'First Co|{"Org":"Second Co"}' "the first column is the field, the second is kept"
printf '%s\n' 'Who,Stage,When,When' 'bob@x.example,MQL,2026-11-03,2026-11-04' >dup-moves.csv
run handoff apply --map key=who --map time=WHEN dup-moves.csv
expect_status 0 "apply --map with a duplicate header"
expect_eq "$(q "select datetime(at, 'unixepoch') from stage_events e join leads l on l.id = e.lead_id where l.key = 'bob@x.example'")" \
  "2026-11-03 00:00:00" "the first column is the time"
run handoff apply --map key=nope dup-moves.csv
expect_status 2 "a --map header that is not there"
expect_err "handoff: dup-moves.csv:1: --map key=nope: no such column
handoff: nothing applied" "names file, line and the option"
run lead-import --map company=nope dup.csv
expect_status 2 "the same in lead-import"
expect_err "lead-import: dup.csv:1: --map company=nope: no such column
lead-import: nothing imported" "the same words"

# HubSpot's campaign columns: a plain campaign column beats HubSpot's own;
# the first-touch converting campaign beats the source drill-down; the
# last-touch converting campaign is kept with the lead
printf '%s\r\n' \
  'Email,Last Touch Converting Campaign,Original Source Drill-Down 2,First Touch Converting Campaign,Create Date' \
  'cy@x.example,Black Friday,utm-spring,Spring Webinar,2026-11-01' \
  'dee@x.example,Black Friday,utm-spring,,2026-11-01' >hubspot.csv
run lead-import hubspot.csv
expect_status 0 "HubSpot campaign columns"
expect_eq "$(q "select l.key, t.campaign, l.extra from touches t join leads l on l.id = t.lead_id where l.key in ('cy@x.example', 'dee@x.example') order by l.id")" \
  'cy@x.example|Spring Webinar|{"Last Touch Converting Campaign":"Black Friday","Original Source Drill-Down 2":"utm-spring"}
dee@x.example|utm-spring|{"Last Touch Converting Campaign":"Black Friday"}' \
  "first touch wins; the drill-down is the fallback, row by row"
printf '%s\r\n' 'Email,Original Source Drill-Down 2,utm_campaign' 'eve@x.example,utm-spring,q4-launch' >hubspot2.csv
run lead-import hubspot2.csv
expect_status 0 "utm_campaign beside the drill-down"
expect_eq "$(q "select t.campaign from touches t join leads l on l.id = t.lead_id where l.key = 'eve@x.example'")" \
  "q4-launch" "a plain campaign column beats HubSpot's second choices wherever it stands"

# handoff apply's reject file is read back by handoff apply: fixed, the
# row lands with its note exactly as written
printf '%s\n' 'Email,Stage,Time,Note' 'fay@x.example,MQL,2026-11-05,=needs a call' '-dash@x.example,MQL,2026-11-05,@ann please' >later.csv
run handoff apply -r apply-rejects.csv later.csv
expect_status 1 "unknown leads rejected"
expect_eq "$(tr -d '\r' <apply-rejects.csv)" "reject_file,reject_line,reject_field,reject_reason,reject_record,Email,Stage,Time,Note
later.csv,2,,no such lead: fay@x.example,,fay@x.example,MQL,'2026-11-05,'=needs a call
later.csv,3,,no such lead: -dash@x.example,,'-dash@x.example,MQL,'2026-11-05,'@ann please" "apply's rejects in the file's columns, neutralized"
printf '%s\n' 'Email,Created' 'fay@x.example,2026-10-01' '-dash@x.example,2026-10-01' >people.csv
run lead-import people.csv
expect_status 0 "the leads arrive"
run handoff apply apply-rejects.csv
expect_status 0 "the reject file applies"
expect_out "fay@x.example
-dash@x.example" "both moved"
expect_eq "$(q "select l.key, e.note from stage_events e join leads l on l.id = e.lead_id where l.key in ('fay@x.example', '-dash@x.example') order by e.id")" \
  "fay@x.example|=needs a call
-dash@x.example|@ann please" "notes as originally written"

finish
