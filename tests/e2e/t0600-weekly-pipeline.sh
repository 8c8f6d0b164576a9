#!/usr/bin/env bash
# scripts/weekly-report over a small generated company (scripts/gen-company,
# six weeks, then a seventh with problems put in): the week's outputs agree
# with each other and with the tools (spend, leads, MQLs, pipeline,
# revenue; the brief's scoreboard; the mail as MIME), every lead of the
# exports lands once, a week run again changes nothing, and the exit
# status: 0 and silent when all is well, 1 with a readable report for a
# rejected row, an SLA breach or a KPI off track, 2 and 3 as documented.
. "$(dirname "$0")/../lib.sh"

export TZ='EST5EDT,M3.2.0,M11.1.0'     # the company is in New York
export SMK_OUT=$SCRATCH/reports
export SMK_RULES=$ROOT/scripts/demo.rules SMK_REPS=$ROOT/scripts/demo.reps
export SMK_MQL_AT=50 SMK_MAIL_TO=team@x.example
unset SMK_SLA_HOURS
# sendmail as a stand-in: its options and the message it was given
cat >sendmail <<'SH'
#!/bin/sh
echo "$*" >"$(dirname "$0")/sendmail.args"
cat >"$(dirname "$0")/sendmail.msg"
SH
chmod +x sendmail
export SMK_SENDMAIL="$SCRATCH/sendmail -t"
job=$ROOT/scripts/weekly-report

# No broken rows (-b 0), every MQL answered in time (-l 0).
run "$ROOT/scripts/gen-company" -n 500 -w 7 -b 0 -l 0 co
expect_status 0 "the company generated"
expect_eq "$(cut -f1 co/weeks | tr '\n' ' ')" "2025-W48 2025-W49 2025-W50 2025-W51 2025-W52 2026-W01 2026-W02 " "seven weeks, a folder each"
expect_eq "$(cd co/2025-W49 && ls crm-stage-changes.csv leads-event-attendees.csv leads-hubspot-forms.csv leads-linkedin-leadgen.csv spend-finance.csv spend-google-ads.csv spend-linkedin-ads.csv spend-meta-ads.csv 2>&1 | wc -l | tr -d ' ')" "8" "the week of the event: the exports of every kind of source"
[ -e co/2025-W50/leads-webinar-registrants.csv ] && ok "a webinar in 2025-W50" || not_ok "a webinar in 2025-W50"
expect_eq "$(ls co/*/notes-sales.csv | wc -l | awk '{ print ($1 > 2) }')" "1" "Sales notes in most weeks"
rm -rf co2
"$ROOT/scripts/gen-company" -n 500 -w 7 -b 0 -l 0 co2 >/dev/null
if diff -r co co2 >/dev/null; then ok "the same options, the same files"; else not_ok "the same options, the same files"; fi
rm -rf co2
at_of() { awk -F'\t' -v w="$1" '$1 == w { print $2 }' co/weeks; }
SMK_NOW=$(at_of 2025-W48) run campaign-report set --from co/campaigns.csv
expect_status 0 "campaigns set"

# ------------------------------------------------- helpers
# The campaign report as a spreadsheet reads it: by sqlite3, byte-order
# mark, quoted commas and all.
col() { # col FILE NAME [WHERE]: NAME of the totals row (or summed WHERE)
	rm -f c.db
	sqlite3 c.db ".import --csv '$1' r" \
	    "SELECT ${3:+total(}\"$2\"${3:+)} FROM r WHERE ${3:-campaign = '(total)'}"
}
kpi() { # kpi WEEK NAME: the actual of a KPI, as of the week's run
	SMK_NOW=$(at_of "$1") joint-kpi --period "$1" --format tsv |
	    awk -F'\t' -v n="$2" '$1 == n { print $4 }'
}
cents() { awk '{ printf "%.2f\n", $1 }'; }
spend_files() { # spend_files WEEK: the amounts of its exports, read by sqlite3
	rm -f s.db
	sqlite3 s.db "CREATE TABLE f (Date, Campaign, Channel, Amount)" \
	    ".import --csv --skip 2 co/$1/spend-google-ads.csv g" \
	    ".import --csv co/$1/spend-meta-ads.csv m" \
	    ".import --csv --skip 1 co/$1/spend-linkedin-ads.csv l"
	[ -e co/$1/spend-finance.csv ] && sqlite3 s.db "DROP TABLE f" ".import --csv co/$1/spend-finance.csv f"
	sqlite3 s.db "SELECT printf('%.2f', (SELECT sum(replace(Cost, ',', '')) FROM g WHERE Day NOT LIKE 'Total%') + (SELECT sum(\"Amount spent (USD)\") FROM m) + (SELECT sum(\"Total Spent\") FROM l) + coalesce((SELECT sum(replace(Amount, ',', '')) FROM f), 0))"
}
# The week's own CSV against joint-kpi and against the spend files,
# right after the run, as the numbers stood then.
agree() { # agree WEEK
	local csv=reports/$1/campaigns.csv
	expect_eq "$(col $csv spend)" "$(kpi $1 spend | cents)" "$1: spend, report = KPI"
	expect_eq "$(col $csv spend)" "$(spend_files $1)" "$1: spend, report = the platforms' and finance's exports"
	expect_eq "$(col $csv mql)" "$(kpi $1 mqls)" "$1: MQLs, report = KPI"
	# the campaigns' MQLs are the keys lead-import printed at the run
	# before (the row "(none)" holds the outbound team's deals, which
	# reached mql when apply created them further on)
	expect_eq "$(col $csv mql "campaign NOT LIKE '(%'" | cents | sed 's/\.00$//')" "$(grep -c . reports/$(prev $1)/new-mqls.txt)" "$1: the campaigns' MQLs = the keys lead-import printed at the run before"
	expect_eq "$(col $csv pipeline)" "$(kpi $1 pipeline | cents)" "$1: pipeline, report = KPI"
	expect_eq "$(col $csv revenue)" "$(kpi $1 revenue | cents)" "$1: revenue, report = KPI"
	expect_eq "$(col $csv cpl)" "$(kpi $1 cpl | cents)" "$1: cost per lead, report = KPI"
	pipeline=$(awk -v a="$pipeline" -v b="$(col $csv pipeline)" 'BEGIN { print a + b }')
	revenue=$(awk -v a="$revenue" -v b="$(col $csv revenue)" 'BEGIN { print a + b }')
}
prev() { awk -F'\t' -v w="$1" '$1 == w { print p } { p = $1 }' co/weeks; }

# ------------------------------------------------- six quiet weeks
pipeline=0 revenue=0
for w in 2025-W48 2025-W49 2025-W50 2025-W51 2025-W52 2026-W01; do
	SMK_NOW=$(at_of $w) run "$job" co/$w
	expect_status 0 "$w: all is well"
	if [ -s out ] || [ -s err ]; then not_ok "$w: nothing printed"; show out; show err; else ok "$w: nothing printed"; fi
	[ $w = 2025-W48 ] || agree $w
done
# not a comparison of zeros: the weeks have opportunities and wins
expect_eq "$(awk -v p="$pipeline" -v r="$revenue" 'BEGIN { print (p > 0 && r > 0) }')" "1" "pipeline and revenue in the weeks compared"
r=reports/2026-W01
expect_eq "$(cd $r && ls | tr '\n' ' ')" "brief.eml brief.html brief.md campaigns.csv kpis.txt new-mqls.txt run.log sla.csv " "the outputs of a week"
expect_eq "$(head -c 3 $r/campaigns.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "the campaign report starts with a byte-order mark"
expect_eq "$(cat sendmail.args)" "-t" "the mail piped to sendmail -t"
if cmp -s sendmail.msg $r/brief.eml; then ok "the mail sent is brief.eml"; else not_ok "the mail sent is brief.eml"; fi
expect_eq "$(q "select count(*) from leads where stage <> 'lead' and sales_sourced = 0 and owner is null")" "0" "every MQL has an owner"
expect_eq "$(q "select count(*) from (select lead_id from owner_events group by lead_id having count(*) > 1)")" "0" "and keeps it: the CRM's owners are the round robin's"

# ----------------------------------------- the brief against joint-kpi
# Every scoreboard row of the brief (actual, target, status, previous,
# change) is joint-kpi's for the week, as of the run; nothing ran since.
w=2026-W01
SMK_NOW=$(at_of $w) joint-kpi --period $w --format md |
    awk -F' *\\| *' 'NR > 2 && $2 != "joint_attainment" { print $2 "|" $5 "|" $6 "|" $10 "|" $8 "|" $9 }' >want.rows
# (the brief signs every change, joint-kpi a negative one)
awk -F' *\\| *' '/^## Scoreboard/ { s = 1; next } /^## / { s = 0 } s && /^\| [a-z_0-9]+ \|/ { sub(/^\+/, "", $8); print $2 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 }' $r/brief.md >got.rows
expect_eq "$(wc -l <got.rows | tr -d ' ')" "20" "the brief's scoreboard: twenty KPIs"
if diff -u want.rows got.rows >rows.diff; then ok "the brief's scoreboard is joint-kpi's"; else not_ok "the brief's scoreboard is joint-kpi's"; show rows.diff; fi
mqls=$(kpi $w mqls)
expect_eq "$(awk -F' *\\| *' '$2 == "MQLs" { print $4 }' $r/brief.md)" "$mqls" "What changed: the week's MQLs"
expect_eq "$(awk -F' *\\| *' '$2 == "new pipeline" { gsub(/[, USD]/, "", $4); print $4 }' $r/brief.md)" "$(col $r/campaigns.csv pipeline)" "What changed: new pipeline, as in the campaign report"
expect_eq "$(awk -F' *\\| *' '$2 == "revenue won" { gsub(/[, USD]/, "", $4); print $4 }' $r/brief.md)" "$(col $r/campaigns.csv revenue)" "What changed: revenue won, as in the campaign report"
expect_eq "$(grep -c "<tr><td>mqls</td><td>marketing</td><td class=\"num\">$mqls</td>" $r/brief.html)" "1" "the page's scoreboard too"

# the mail parsed as MIME (tests/lib.sh)
mime_check $r/brief.eml team@x.example 'Joint meeting brief: 2026-W01'
if [ "$(cat mime.out)" = parsed ]; then ok "the mail parses as MIME"; else not_ok "the mail parses as MIME"; show mime.out; fi
expect_eq "$(grep -c "^| mqls | marketing | $mqls |" mail.txt)" "1" "its text part has the brief's scoreboard"

# ------------------------------------------ every lead landed once
# The keys of the exports, read by sqlite3 (not by smk's reader):
# trimmed and lower-cased; a key is a lead unless every row of it was
# rejected (the reject files); the CRM's keys smk had not seen are the
# sales-sourced leads apply added.  Every row that landed is a touch.
keys() { # keys WEEK...: of the weeks run
	local f sep col w
	rm -f k.db
	sqlite3 k.db "CREATE TABLE k (key); CREATE TABLE r (key); CREATE TABLE c (key)"
	for f in $(for w in "$@"; do ls co/$w/leads-*.csv; done); do
		case $f in
		*event*) sep=';' col=Email ;;
		*linkedin*) sep=, col='Email Address' ;;
		*) sep=, col=Email ;;
		esac
		sqlite3 k.db ".mode csv" ".separator '$sep'" ".import '$f' t" \
		    "INSERT INTO k SELECT lower(trim(\"$col\")) FROM t; DROP TABLE t"
	done
	for f in $(for w in "$@"; do ls reports/$w/lead-rejects.csv 2>/dev/null; done); do
		sqlite3 k.db ".import --csv '$f' t" \
		    "INSERT INTO r SELECT lower(trim(coalesce(\"Email\", \"Email Address\"))) FROM t; DROP TABLE t"
	done
	for f in $(for w in "$@"; do ls co/$w/crm-*.csv; done); do
		sqlite3 k.db ".import --csv '$f' t" "INSERT INTO c SELECT lower(Email) FROM t; DROP TABLE t"
	done
	sqlite3 k.db "SELECT count(*) FROM (SELECT key, count(*) n FROM k GROUP BY key) a WHERE n > (SELECT count(*) FROM r WHERE r.key = a.key);
	    SELECT count(DISTINCT key) FROM c WHERE key NOT IN (SELECT key FROM k);
	    SELECT (SELECT count(*) FROM k) - (SELECT count(*) FROM r)"
}
leads_check() { # leads_check DESC WEEK...
	local want got d=$1
	shift
	want=$(keys "$@" | tr '\n' ' ')
	got=$(q "select count(*) from leads where sales_sourced = 0; select count(*) from leads where sales_sourced = 1; select count(*) from touches" | tr '\n' ' ')
	expect_eq "$got" "$want" "$d"
}
leads_check "leads: the distinct keys of the exports; sales-sourced: the CRM's others; a touch a row" $(sed '$d' co/weeks | cut -f1)

# ------------------------------------------------- run again: nothing
dump() {
	for t in $(q "select name from sqlite_master where type = 'table' and name <> 'batches' order by name"); do
		echo "== $t"
		q "select * from $t order by rowid"
	done | sed '/^== spend$/,/^== /s/|[0-9]*$//'
}
dump >before.txt
batches=$(q "select count(*) from batches")
cp reports/2026-W01/brief.md brief1.md
SMK_NOW="2026-01-05 09:30" run "$job" co/2026-W01
expect_status 0 "the week run again, later that morning"
expect_out "" "silent"
dump >after.txt
if diff before.txt after.txt >dump.diff; then ok "no table changed but the audit trail (batches, spend's batch column)"; else not_ok "no table changed"; show dump.diff; fi
expect_eq "$(($(q "select count(*) from batches") > batches))" "1" "the run is in the audit trail"
SMK_NOW=$(at_of 2026-W01) run "$job" co/2026-W01
if diff brief1.md reports/2026-W01/brief.md >brief.diff; then ok "run again at the same time: the same brief"; else not_ok "run again at the same time: the same brief"; show brief.diff; fi

# ---------------------------------------- the seventh week: problems
w=2026-W02 at=$(at_of 2026-W02)
SMK_NOW=$at run "$job" -v co/$w
expect_status 0 "$w as it came: all is well"
expect_eq "$(head -n 1 out)" "weekly-report: $w: all is well" "-v says so"
expect_out_has "the brief: $SCRATCH/reports/$w/brief.html" "-v names the brief"

# The reports run side by side; each is published whole, whichever ends
# last: here the Markdown brief ends after the others.
mkdir -p slow
printf '#!/bin/sh\ncase " $* " in *" --format md "*) sleep 1 ;; esac\nexec "%s" "$@"\n' "$(command -v joint-kpi)" >slow/joint-kpi
chmod +x slow/joint-kpi
PATH=$SCRATCH/slow:$PATH SMK_NOW=$at run "$job" co/$w
expect_status 0 "a slow brief"
SMK_NOW=$at joint-kpi brief --period $w >want.md
if cmp -s want.md reports/$w/brief.md; then ok "is in place whole when the job ends"; else not_ok "is in place whole when the job ends"; fi
expect_eq "$(ls -A reports/$w | grep -c '^\.')" "0" "no file left half made"

# a lead export with a typo in an address
cp co/$w/leads-hubspot-forms.csv hs.csv
printf '2026-01-06 10:00,maria.lopez@harbor-logistics,Maria,Lopez,Harbor Logistics,CTO,,United States,Demo request,Paid Search,search-brand,cpc\r\n' >>co/$w/leads-hubspot-forms.csv
SMK_NOW=$at run "$job" co/$w
expect_status 1 "a rejected lead row: exit 1"
expect_out "weekly-report: $w needs a look (1 finding):

Lead exports: 1 row rejected, in $SCRATCH/reports/$w/lead-rejects.csv; fixed there, that file imports with lead-import as it is:
  lead-import: leads-hubspot-forms.csv:$(wc -l <co/$w/leads-hubspot-forms.csv): Email: domain has no dot

$w: 0 new leads, 0 became MQL (0 assigned), 0 CRM changes (0 new sales-sourced leads), $(col reports/$w/campaigns.csv spend) spend loaded, $(($(wc -l <co/$w/notes-sales.csv) - 1)) Sales notes read
the brief: $SCRATCH/reports/$w/brief.html (and brief.md, brief.eml, mailed to team@x.example)
the campaign report: $SCRATCH/reports/$w/campaigns.csv" "says what, where, and how to go on"
expect_err "" "nothing on stderr"
expect_eq "$(tr -d '\r' <reports/$w/lead-rejects.csv | sed -n 2p | cut -d, -f1-4)" "leads-hubspot-forms.csv,$(wc -l <co/$w/leads-hubspot-forms.csv),Email,domain has no dot" "the reject file"
leads_check "the rejected row's lead is not one" $(cut -f1 co/weeks)
cp hs.csv co/$w/leads-hubspot-forms.csv
SMK_NOW=$at run "$job" co/$w
expect_status 0 "the export fixed: all is well again"
[ -e reports/$w/lead-rejects.csv ] && not_ok "no reject file left" || ok "no reject file left"

# a CRM row that sends a deal won before the week back
won=$(q "select key from leads where stage = 'won' and stage_at < strftime('%s', '2026-01-05 05:00') order by id limit 1")
cp co/$w/crm-stage-changes.csv crm.csv
printf '%s,Working - Contacted,1/6/2026 9:00 AM,,,,\r\n' "$won" >>co/$w/crm-stage-changes.csv
SMK_NOW=$at run "$job" co/$w
expect_status 1 "a rejected CRM row: exit 1"
expect_out_has "CRM changes of crm-stage-changes.csv: 1 row rejected, in $SCRATCH/reports/$w/crm-stage-changes-rejects.csv; fixed there, that file applies with handoff apply as it is:
  handoff: crm-stage-changes.csv:$(wc -l <co/$w/crm-stage-changes.csv): lead $won is won: cannot move to sal" "names the row and why"
cp crm.csv co/$w/crm-stage-changes.csv

# an SLA of one hour: the week's answers came later than that
SMK_SLA_HOURS=1 SMK_NOW=$at run "$job" co/$w
expect_status 1 "SLA breaches: exit 1"
expect_out_has "SLA breaches: " "reported"
expect_eq "$(q "select value from settings where name = 'sla_hours'")" "1" "the SLA kept in the database, for the KPIs too"
n=$(($(tr -d '\r' <reports/$w/sla.csv | wc -l) - 1))
expect_eq "$(grep -c "^SLA breaches: $n MQLs not answered in time" out)" "1" "as many as sla.csv lists"
expect_eq "$(grep -c '  key  *owner  *campaign  *mql_at' out)" "1" "listed as a table"
SMK_SLA_HOURS=24 SMK_NOW=$at run "$job" co/$w
expect_status 0 "the SLA back at 24 hours: all is well"

# a target the quarter is far from
run joint-kpi target mqls 2026-Q1 100000
SMK_NOW=$at run "$job" co/$w
expect_status 1 "a KPI off track: exit 1"
expect_out_has "KPIs off track in 2026-Q1 so far ($SCRATCH/reports/$w/kpis.txt):" "the quarter the week starts in"
expect_eq "$(grep -c '^  mqls .* off-track$' out)" "1" "names the KPI"
run joint-kpi target mqls 2026-Q1 1
SMK_NOW=$at run "$job" co/$w
expect_status 0 "on track again"

# ------------------------------------------------ failures and usage
printf '10 title\n' >bad.rules
SMK_RULES=$SCRATCH/bad.rules SMK_NOW=$at run "$job" co/$w
expect_status 3 "a step that fails: exit 3"
expect_err_has "weekly-report: $w: lead-import failed (exit 2); the steps after it were not done:" "says which step"
expect_err_has "bad.rules:1:" "with the tool's message"
expect_out "" "and no report"
mkdir -p co/last-week
SMK_NOW=$at run "$job" co/last-week
expect_status 2 "a folder not named after its week"
expect_err "weekly-report: $SCRATCH/co/last-week: the folder must be named after its ISO week, as 2026-W47" "says so"
run "$job" co/2030-W01
expect_status 2 "a missing folder"
run "$job"
expect_status 2 "no folder"
expect_err "usage: weekly-report [-v] WEEKDIR" "usage"
run "$job" -h
expect_status 0 "-h"
expect_out "usage: weekly-report [-v] WEEKDIR" "usage on stdout"

finish
