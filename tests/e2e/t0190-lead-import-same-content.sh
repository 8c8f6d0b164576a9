#!/usr/bin/env bash
# The bulk path (issue 6) changes nothing users see: generated exports in
# three formats, imported on top of each other and then again, give the
# database content, summaries, rejects and MQL keys that the simple
# row-at-a-time importer gave.  The expected hashes were computed with that
# importer (commit cb729fb) from these very files; if scripts/gen-leads
# changes its output, recompute them with a build of that commit:
#   LEAD_IMPORT=/path/to/old/lead-import bash tests/e2e/t0190-...sh
# prints the hashes to paste below.
# Since then two changes were made on purpose, and the hashes recomputed
# with this importer: rows whose company looks like a formula land (they
# were rejected), and the reject file holds rows in their columns.  The
# database and log were compared with cb729fb's on these files, leaving out
# the people the "=HYPERLINK" rows name: leads, touches and events are
# otherwise the same, and so are the summaries and diagnostics but for
# those rows' counts.  Then the reject file's cells that a spreadsheet
# would read as a number, date or time got a leading ' (they came back
# rewritten when saved from one): want_output recomputed, the log
# differing from the one before only by those quotes.
. "$(dirname "$0")/../lib.sh"

want_content=9ca7258ea527d9432ce665ad4f7f139a4dce29db05306c8b1d7c2cbd5c3073cb
want_output=8563eaf2e7ea22a17a7274521f8af57315969c01da89f52b8dfbe287ed7d0e6b

LI=${LEAD_IMPORT:-lead-import}
gen=$ROOT/scripts/gen-leads
# 15% duplicates in other case and spacing, quoted commas and newlines,
# bad rows; the second and third files repeat people of the first (same
# seed, other formats) with other times; the third is older, so it only
# fills blanks.
"$gen" -n 6000 -s 3 -b 12 >a.csv
"$gen" -n 4000 -s 3 -f form -b 4 >b.csv
"$gen" -n 3000 -s 3 -f ads -b 4 >c.csv
cp "$ROOT/tests/fixtures/t0190.rules" rules.txt

: >log
step() { # step ARGS...: one import, its stdout, stderr and status into log
	"$LI" "$@" >o 2>e
	echo "status $? for $*" >>log
	cat o e >>log
}
step -r rej1.csv a.csv
step -r rej2.csv --rules rules.txt --mql-at 40 b.csv
step --campaign older --stage mql c.csv
step -r rej3.csv --rules rules.txt --mql-at 40 a.csv b.csv
cat rej1.csv rej2.csv rej3.csv >>log

content() {
	q "select * from leads order by id;
	  select * from touches order by id;
	  select id, lead_id, from_stage, to_stage, at, actor, reason, note,
	    amount, batch_id from stage_events order by id;
	  select id, tool, command, file, sha256, actor, rows_read, new_leads,
	    updated, unchanged, rejected, mql, touches from batches order by id;
	  pragma integrity_check" | sha256sum | cut -d' ' -f1
}
got_content=$(content)
got_output=$(sha256sum <log | cut -d' ' -f1)
if [ -n "${LEAD_IMPORT:-}" ]; then
	echo "# want_content=$got_content"
	echo "# want_output=$got_output"
fi
expect_eq "$got_content" "$want_content" "same leads, touches, events and batches as the simple importer"
expect_eq "$got_output" "$want_output" "same summaries, diagnostics, MQL keys and rejects"
expect_eq "$(q "select count(*) from leads")" "$(q "select count(distinct key) from leads")" "one lead per key"
# lead-import writes with SQLite's foreign key checks off (db.c, smk_db_begin)
expect_eq "$(q "pragma foreign_key_check")" "" "every lead and batch id written refers to a row"

finish
