#!/usr/bin/env bash
# handoff sla and queue: calendar and business hours across a weekend, in a
# real time zone; exit 1 only when there is a breach (for cron).
. "$(dirname "$0")/../lib.sh"
export TZ=Europe/Berlin          # SMK_NOW is Monday 2026-11-23 13:00 here

printf 'email,created_at\nl1@x.example,2026-11-01\nl2@x.example,2026-11-01\nl3@x.example,2026-11-01\nl4@x.example,2026-11-01\n' >l.csv
lead-import -q l.csv
handoff mql --at "2026-11-16 14:00" l4@x.example >/dev/null       # Monday
handoff accept --at "2026-11-18 14:00" l4@x.example >/dev/null    # Wednesday
handoff mql --at "2026-11-20 14:00" l2@x.example >/dev/null       # Friday
handoff accept --at "2026-11-23 10:00" l2@x.example >/dev/null    # Monday
handoff mql --at "2026-11-20 16:00" l1@x.example >/dev/null       # Friday, open
handoff mql --at "2026-11-21 10:00" l3@x.example >/dev/null       # Saturday, open
handoff assign --to ann --at "2026-11-21 10:00" l1@x.example >/dev/null

# the calendar clock: 24 hours by default
run handoff sla --format csv
expect_status 1 "breaches make exit 1"
expect_eq "$(tr -d '\r' <out)" "key,owner,campaign,mql_at,due_at,responded_at,hours_late,state
l1@x.example,ann,,2026-11-20 16:00,2026-11-21 16:00,,45.0,open
l3@x.example,,,2026-11-21 10:00,2026-11-22 10:00,,27.0,open
l4@x.example,,,2026-11-16 14:00,2026-11-17 14:00,2026-11-18 14:00,24.0,late
l2@x.example,,,2026-11-20 14:00,2026-11-21 14:00,2026-11-23 10:00,44.0,late" "open and late breaches, calendar hours"
expect_err "" "nothing on stderr"

run handoff sla --owner ann --format tsv
expect_status 1 "one owner's breaches"
expect_eq "$(cut -f1 out | tail -n +2)" "l1@x.example" "--owner filters"

# business hours: 8 hours of 09:00-17:00, Monday to Friday
run handoff sla --hours 8 --business-hours 09:00-17:00 --weekdays mon-fri --format csv
expect_status 1 "one business-hours breach"
expect_eq "$(tr -d '\r' <out)" "key,owner,campaign,mql_at,due_at,responded_at,hours_late,state
l4@x.example,,,2026-11-16 14:00,2026-11-17 14:00,2026-11-18 14:00,8.0,late" "the weekend does not count; Friday's MQLs are due Monday"

run handoff queue --format csv
expect_status 0 "queue exits 0"
expect_eq "$(tr -d '\r' <out)" "key,owner,campaign,score,mql_at,due_at,hours_left,sla
l1@x.example,ann,,0,2026-11-20 16:00,2026-11-21 16:00,-45.0,breached
l3@x.example,,,0,2026-11-21 10:00,2026-11-22 10:00,-27.0,breached" "the queue with the calendar clock"

# the settings the other tools read
run handoff config sla_hours 8
expect_status 0 "config sets sla_hours"
run handoff config sla_business_hours 09:00-17:00
expect_status 0 "config sets business hours"
run handoff config sla_business_hours 9-5
expect_status 2 "a bad business-hours setting"
expect_err_has "sla_business_hours: '9-5'" "names setting and value"
run handoff config
expect_out "sla_hours	8
sla_business_hours	09:00-17:00
sla_weekdays	" "config lists the settings"
run handoff queue --format csv
expect_eq "$(tr -d '\r' <out)" "key,owner,campaign,score,mql_at,due_at,hours_left,sla
l1@x.example,ann,,0,2026-11-20 16:00,2026-11-23 16:00,3.0,ok
l3@x.example,,,0,2026-11-21 10:00,2026-11-23 17:00,4.0,ok" "the queue with the business clock from the settings"
run handoff queue --breached --format csv
expect_eq "$(tr -d '\r' <out)" "key,owner,campaign,score,mql_at,due_at,hours_left,sla" "no breach in business hours"
run handoff sla --period 2026-11-19..2026-11-23 --format csv
expect_status 0 "no breach in that period: exit 0"
run handoff queue --owner ann --format tsv
expect_eq "$(tail -n +2 out | cut -f1,2)" "l1@x.example	ann" "queue --owner"

# the queue as it was on Saturday noon, from the events
run handoff queue --as-of "2026-11-21 12:00" --format tsv
expect_eq "$(tail -n +2 out | cut -f1)" "l2@x.example
l1@x.example
l3@x.example" "queue --as-of: l2 was still waiting then"

run handoff sla --hours abc
expect_status 2 "bad --hours"
expect_err "handoff: sla_hours: 'abc': not a number of hours" "says so"
run handoff sla --hours 0
expect_status 2 "zero SLA hours"
expect_err "handoff: sla_hours: '0': must be more than 0 and at most a year" "says why"
run handoff sla --business-hours 17:00-09:00
expect_status 2 "business hours that end before they start"

# reports never create a database
run handoff -d nothing.db queue
expect_status 3 "a missing database"
expect_err_has "nothing.db: no such database" "says so"
[ -e nothing.db ] && not_ok "queue created no database" || ok "queue created no database"

finish
