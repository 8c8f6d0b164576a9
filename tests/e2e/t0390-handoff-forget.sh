#!/usr/bin/env bash
# handoff forget: a person erased everywhere for a data-protection
# request, from the tables and from the bytes of the database and its
# -wal file; the erasure recorded without them; the reports still adding
# up.  And the modes of the files the tools write: the database and its
# -wal and -shm, every reject file, the brief of -o.
. "$(dirname "$0")/../lib.sh"

mode() { stat -c %a "$1"; }
# waits until the reader below has printed N lines
held() { for i in $(seq 50); do [ "$(wc -l <held)" -ge "$1" ] && break; sleep 0.1; done; }
# the number of lines of the file's printable strings that match the
# extended regular expression RE, in any case
in_bytes() { if [ -e "$2" ]; then strings "$2" | grep -ciE -- "$1"; else echo 0; fi; }

umask 022
run handoff config sla_hours 24
expect_status 0 "a database made under umask 022"
expect_eq "$(mode smk.db)" 600 "the database is 0600"

# A reader holds the database open from the start, as a report in another
# terminal would: the -wal file then outlives every run and keeps every
# page written, the person's too, until a checkpoint empties it.
mkfifo hold
sqlite3 -batch smk.db <hold >held 2>&1 &
holder=$!
exec 9>hold
echo 'select count(*) from settings;' >&9
held 1

# The fixture, then more of a1 (Zebediah Quarrington): a name, a phone and
# a kept column, an owner, notes, and a second lead of the same person
# keyed by a CRM's id.  Other leads mention the address: a Sales note, the
# note of a stage move, a kept column; and addresses that only contain it.
. "$ROOT/tests/fixtures/three-campaigns.sh"
run campaign-report spend spend.csv
expect_status 0 "spend loaded"
cat >details.csv <<'CSV'
Email,Campaign,Channel,Created,First Name,Last Name,Phone,Hobby,Referred By
a1@x.example,A,paid,2026-10-01,Zebediah,Quarrington,+44 20 7946 0321,kitesurfing,
b3@x.example,B,email,2026-10-18,,,,,A1@x.example
CSV
run lead-import details.csv
expect_status 0 "a1's details and b3's referral, no new touch"
printf 'Lead ID,Email,Campaign,Channel,Created\nCRM-9,a1@x.example,B,email,2026-11-20\n' >crm.csv
run lead-import --key 'Lead ID' crm.csv
expect_status 0 "the same person from a CRM, keyed by its id"
run handoff assign --to ann a1@x.example
expect_status 0 "a1 has an owner"
run handoff note a1@x.example "Zebediah prefers calls after 5"
expect_status 0 "a note on a1"
run handoff note CRM-9 "asked for the enterprise plan"
expect_status 0 "a note on the CRM lead"
run handoff note b1@x.example "met at a trade fair, like A1@X.example."
expect_status 0 "a note on b1 that names a1"
run handoff note b2@x.example "ja1@x.example and a1@x.example.org are others"
expect_status 0 "a note on b2 with addresses that only contain a1's"
run handoff reject --reason other --note "same as a1@x.example" --at 2026-10-22 c2@x.example
expect_status 0 "a rejection whose note names a1"
a1=$(q "select id from leads where key = 'a1@x.example'")
crm=$(q "select id from leads where key = 'CRM-9'")
ids="$a1, $crm"

expect_eq "$(mode smk.db) $(mode smk.db-wal) $(mode smk.db-shm)" "600 600 600" "the -wal and -shm files are 0600 too"
expect_eq "$(q "select count(*) from touches where lead_id in ($ids)")|$(q "select count(*) from stage_events where lead_id in ($ids)")|$(q "select count(*) from owner_events where lead_id in ($ids)")|$(q "select count(*) from notes where lead_id in ($ids)")" "3|4|1|2" "before: a1's rows in every table"
[ "$(in_bytes 'a1@x\.example' smk.db-wal)" -gt 0 ] && ok "before: the -wal file holds the address" || not_ok "before: the -wal file holds the address"

# the reports before, to compare
run campaign-report --period 2026-10 --format tsv
expect_eq "$(grep '^(total)' out | cut -f6,9,16)" "690.50	9	1700.00" "before: October's spend, leads and revenue"

# --------------------------------------------------------------- forget
run handoff forget --by dpo a1@x.example
expect_status 0 "forget"
expect_out "a1@x.example
CRM-9" "the keys of both leads of the address, in the order they were made"
expect_err "handoff: erased 2 leads: 3 touches, 4 stage events, 1 owner event, 2 notes, 3 mentions in other leads' records" "what it erased, table by table"

expect_eq "$(q "select count(*) from leads where id in ($ids) or key in ('a1@x.example', 'CRM-9') or email = 'a1@x.example'")" 0 "no lead of the person"
for t in touches stage_events owner_events notes; do
	expect_eq "$(q "select count(*) from $t where lead_id in ($ids)")" 0 "none of their $t"
done
expect_eq "$(q "pragma foreign_key_check")" "" "no row points at a lead that is gone"
expect_eq "$(q "select note from notes order by id")" "met at a trade fair, like (erased).
ja1@x.example and a1@x.example.org are others" "other leads' notes: the address taken out in any case, other addresses left"
expect_eq "$(q "select note from stage_events where lead_id = (select id from leads where key = 'c2@x.example') and to_stage = 'recycled'")" "same as (erased)" "the note of another lead's move"
expect_eq "$(q "select extra from leads where key = 'b3@x.example'")" '{"Referred By":"(erased)"}' "another lead's kept column"
# every table, as text, and every byte of the files: a1's address (not
# as part of the longer ones of b2's note), key, name, phone, kept column
# and notes
address='(^|[^a-z0-9._+-])a1@x\.example([^a-z0-9._-]|\.([^a-z0-9]|$)|$)'
for s in "$address" crm-9 zebediah quarrington 442079460321 kitesurfing "prefers calls" "enterprise plan"; do
	expect_eq "$(sqlite3 -batch smk.db .dump | grep -ciE -- "$s")" 0 "no table holds '$s'"
	expect_eq "$(in_bytes "$s" smk.db) $(in_bytes "$s" smk.db-wal)" "0 0" "nor do the bytes of the database and its -wal: '$s'"
done
expect_eq "$(in_bytes "ja1@x\.example and a1@x\.example\.org" smk.db)" 1 "the pattern is no stricter than the redaction: b2's note is there"
expect_eq "$(mode smk.db-wal) $(stat -c %s smk.db-wal)" "600 0" "the -wal file emptied, still 0600"

# the erasure is recorded, not whom
expect_eq "$(q "select tool, command, file, sha256, actor, rows_read, new_leads, updated, unchanged, rejected, mql, touches from batches where command = 'forget'")" "handoff|forget|||dpo|1|0|2|0|0|0|0" "a batch: when, by whom, how many leads; no key, no file"
run handoff history --format tsv a1@x.example
expect_status 1 "the history of a forgotten lead"
expect_err "handoff: no such lead: a1@x.example" "there is none"

# -q: the keys on stdout as ever, no summary; a diagnostic still shows
# (on a copy: the rest of this file counts c1)
sqlite3 smk.db ".backup q.db"
run handoff -d q.db forget -q --by dpo c1@x.example nobody@x.example
expect_status 1 "forget -q with a key that names no lead"
expect_out "c1@x.example" "the key erased, on stdout"
expect_err "handoff: no such lead: nobody@x.example" "no summary, the diagnostic kept"

# ------------------------------------------------ the reports add up
# Every column the totals row sums, for each period and model: the
# erased person is in no row and in no total.
adds_up() {
	awk -F'\t' '
	NR == 1 { next }
	$1 == "(total)" { for (i in sum) if (sprintf("%.2f", sum[i]) != sprintf("%.2f", $i)) bad = bad " " i; next }
	{ for (i = 6; i <= 16; i++) if (i != 7 && i != 15) sum[i] += $i }
	END { print bad == "" ? "adds up" : "column" bad " does not add up" }' out
}
for p in 2026-10 2026-11 2026-10-01..2026-11-30; do
	for m in first linear markov; do
		run campaign-report --period $p --model $m --format tsv
		expect_status 0 "campaign-report --period $p --model $m"
		expect_eq "$(adds_up)" "adds up" "its totals are the sums of its rows ($p, $m)"
	done
done
# a1 (A>B, won 1200 in October) is gone; a3's 500 stays; spend stays
run campaign-report --period 2026-10 --format tsv
expect_eq "$(grep '^(total)' out | cut -f6,9,14,16)" "690.50	8	1300.00	500.00" "October without a1: spend kept, one lead, its pipeline and revenue less"
run joint-kpi --period 2026-10 --format tsv
expect_status 0 "joint-kpi runs"
expect_eq "$(awk -F'\t' '$1 == "pipeline" || $1 == "revenue" || $1 == "spend" { print $1, $4 }' out)" "pipeline 1300.00
revenue 500.00
spend 690.50" "its pipeline, revenue and spend are campaign-report's"
run joint-kpi funnel --period 2026-10 --format tsv
expect_status 0 "joint-kpi funnel runs"
run joint-kpi brief --period 2026-10
expect_status 0 "joint-kpi brief runs"
expect_eq "$(grep -ciF a1@x.example out)" 0 "the brief names no forgotten lead"

# --------------------------------------------------- keys, refusals
run handoff forget nobody@x.example b4@x.example B4@X.EXAMPLE
expect_status 1 "an unknown key"
expect_out "b4@x.example" "the others are erased, once each"
expect_err "handoff: no such lead: nobody@x.example
handoff: erased 1 lead: 1 touch, 2 stage events, 0 owner events, 0 notes, 0 mentions in other leads' records" "named, then the summary"
b2=$(q "select id from leads where key = 'b2@x.example'")
printf '%s\n' "$b2" "" >keys
run_in keys handoff forget
expect_status 0 "a lead id from standard input"
expect_out "b2@x.example" "its key printed"
run_in /dev/null handoff forget
expect_status 0 "no keys: nothing to do"
expect_eq "$(q "select count(*) from batches where command = 'forget'")" 3 "and no batch"
run handoff forget --at 2026-11-01 b1@x.example
expect_status 2 "forget takes no --at"
expect_err_has "forget: option '--at' does not apply" "says so"

# A reader in the middle of a read: the -wal file cannot be emptied.
echo 'begin; select count(*) from leads;' >&9
held 2
SMK_BUSY_TIMEOUT=200 run handoff forget b1@x.example
expect_status 1 "a reader keeps the -wal file: exit 1"
expect_err_has "smk.db-wal: another process is reading the database: the file still holds erased data; empty it later with sqlite3 $SMK_DB 'PRAGMA wal_checkpoint(TRUNCATE)'" "says so and how to empty it"
expect_eq "$(q "select count(*) from leads where key = 'b1@x.example'")" 0 "the erasure landed all the same"
echo 'commit;' >&9
exec 9>&-
wait $holder

# ---------------------------------------------------------- file modes
# Reject files hold rows of people: 0600 whatever the umask; a reject
# file that exists keeps the mode it has.
printf 'email,first_name\nnot-an-address,Al\n' >bad-leads.csv
printf 'key,stage,time\nzz@x.example,sal,2026-11-01\n' >bad-moves.csv
printf 'date,campaign,amount\n2026-11-01,A,lots\n' >bad-spend.csv
printf 'campaign,budget\nA,lots\n' >bad-sheet.csv
printf 'kpi,period,value\nvelocity,2026-Q4,1\n' >bad-targets.csv
for u in 022 077 000; do
	rm -f r-*.csv
	(
		umask $u
		lead-import -r r-leads.csv bad-leads.csv
		handoff apply -r r-moves.csv bad-moves.csv
		campaign-report spend -r r-spend.csv bad-spend.csv
		campaign-report set --from bad-sheet.csv -r r-sheet.csv
		joint-kpi target --from bad-targets.csv -r r-targets.csv
	) >/dev/null 2>&1
	expect_eq "$(for f in leads moves spend sheet targets; do printf '%s ' "$f:$(mode r-$f.csv)"; done)" "leads:600 moves:600 spend:600 sheet:600 targets:600 " "every reject file is 0600 under umask $u"
done
chmod 640 r-leads.csv
(umask 022; lead-import -r r-leads.csv bad-leads.csv) >/dev/null 2>&1
expect_eq "$(mode r-leads.csv) $(grep -c not-an-address r-leads.csv)" "640 1" "a reject file that exists is written over and keeps its mode"

# The brief is for sharing: a new file gets the umask's mode; one that
# exists keeps its own, so a brief made private stays private.
(umask 022; joint-kpi brief --period 2026-10 -o brief.md)
expect_eq "$(mode brief.md)" 644 "a new brief under umask 022: 0644"
rm brief.md
(umask 077; joint-kpi brief --period 2026-10 -o brief.md)
expect_eq "$(mode brief.md)" 600 "a new brief under umask 077: 0600"
(umask 022; joint-kpi brief --period 2026-10 -o brief.md)
expect_eq "$(mode brief.md)" 600 "written again under umask 022, it stays 0600"
chmod 640 brief.md
(umask 022; joint-kpi brief --period 2026-10 --format html -o brief.md)
expect_eq "$(mode brief.md) $(grep -c '<html' brief.md)" "640 1" "and 0640 stays 0640"

# a database made under umask 000 is 0600 all the same
(umask 000; handoff -d open.db config sla_hours 24)
expect_eq "$(mode open.db)" 600 "a database made under umask 000: 0600"

finish
