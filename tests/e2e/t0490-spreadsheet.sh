#!/usr/bin/env bash
# smk's CSV in a real spreadsheet: LibreOffice Calc opens campaign-report's
# and handoff's CSV (with and without a BOM) and lead-import's reject file;
# every number is a number, every neutralized cell is text, no formula runs,
# UTF-8 is read right; a reject file saved again from Calc and imported
# gives the values as the original file wrote them.  Skipped where
# LibreOffice is not installed (it is too large to be a dependency).
. "$(dirname "$0")/../lib.sh"

# SOFFICE= (empty) runs the test as if it were not installed
SOFFICE=${SOFFICE-$(command -v soffice || command -v libreoffice || true)}
if [ -z "$SOFFICE" ]; then
	ok "LibreOffice Calc opens smk's CSV # SKIP soffice not installed"
	finish
fi

# Calc's CSV filter as a user sets it in the import dialog: comma, '"',
# UTF-8 (76), from line 1; formulas are evaluated (the filter's default),
# so a cell that Calc would run, runs.  A profile of its own, so that a
# running LibreOffice or another test is not disturbed.
CSV_FILTER='Text - txt - csv (StarCalc):44,34,76,1'
calc() { # calc FORMAT FILE...: converts into lo/
	timeout 120 "$SOFFICE" -env:UserInstallation="file://$SCRATCH/lo-profile" \
	    --headless --infilter="$CSV_FILTER" --convert-to "$@" --outdir lo \
	    >>lo.log 2>&1
}

# One line per cell of a flat ODS file's first sheet:
#   row TAB column TAB value-type TAB formula or - TAB value
# the value of a float is its office:value, of a date its date, else the
# text shown; a cell holding a link counts as a formula.
cat >cells.awk <<'EOF'
function unxml(s) {
	gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
	gsub(/&apos;/, "'", s); gsub(/&amp;/, "\\&", s)
	return s
}
function attr(s, name) {
	if (match(s, " " name "=\"[^\"]*\"") == 0) return ""
	return unxml(substr(s, RSTART + length(name) + 3, RLENGTH - length(name) - 4))
}
function flush(    i) {
	for (i = 0; incell && i < rep; i++)
		printf "%d\t%d\t%s\t%s\t%s\n", row, ++col, type, formula, \
		    type == "float" ? num : type == "date" ? day : text
	incell = 0
}
/<\/table:table>/ { flush(); done = 1 }
done { next }
/<table:table-row/ { flush(); row++; col = 0 }
/<table:table-cell/ || /<table:covered-table-cell/ {
	flush()
	rep = attr($0, "table:number-columns-repeated")
	rep = rep == "" ? 1 : rep + 0
	type = attr($0, "office:value-type")
	if (type == "") { col += rep; next }
	incell = 1; text = ""; nl = ""
	num = attr($0, "office:value"); day = attr($0, "office:date-value")
	formula = attr($0, "table:formula"); if (formula == "") formula = "-"
}
incell && /<text:a/ { formula = "link" }
incell && /<text:p>/ {
	t = $0; sub(/^.*<text:p>/, "", t); sub(/<\/text:p>.*$/, "", t)
	gsub(/<text:s\/>/, " ", t); gsub(/<[^>]*>/, "", t)
	text = text nl unxml(t); nl = "\\n"
}
/<\/table:table-row>/ { flush() }
EOF

# sheet FODS TSV NUMCOLS: compares Calc's sheet with smk's TSV of the same
# listing (TSV has no quoting and neutralizes as CSV does).  A column named
# in NUMCOLS (" spend budget ... ") must be a float equal to the TSV's
# number wherever it is not empty; any other cell text equal to the TSV's,
# or an ISO date or date and time that Calc took for that date; no cell a
# formula.  Prints what differs.
sheet() {
	awk -f cells.awk "$1" >"$1.cells"
	awk -F'\t' -v num="$3" '
	function isodate(s, d) { # "2026-11-06 09:30" and 2026-11-06T09:30:00
		if (s !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]( [0-9][0-9]:[0-9][0-9](:[0-9][0-9])?)?$/)
			return 0
		sub(/ /, "T", s); sub(/T00:00(:00)?$/, "", s); sub(/:00$/, "", d)
		sub(/T00:00$/, "", d)
		return s == d || s ":00" == d
	}
	FNR == NR { t[$1, $2] = $3; f[$1, $2] = $4; v[$1, $2] = $5
		n[$1]++; next }
	FNR == 1 { sub(/^\357\273\277/, "") }
	{	for (c = 1; c <= NF; c++) {
			if (FNR == 1) h[c] = $c
			k = FNR SUBSEP c; isnum = index(num, " " h[c] " ") > 0
			if (f[k] != "" && f[k] != "-")
				print "row " FNR " " h[c] ": a formula, " f[k]
			else if ($c == "" && t[k] != "")
				print "row " FNR " " h[c] ": empty, Calc has " t[k]
			else if ($c == "")
				continue
			else if (FNR > 1 && isnum && (t[k] != "float" || v[k] + 0 != $c + 0))
				print "row " FNR " " h[c] ": " $c " is " t[k] " " v[k]
			else if ((FNR == 1 || !isnum) && t[k] == "date" && isodate($c, v[k]))
				continue
			else if ((FNR == 1 || !isnum) && (t[k] != "string" || v[k] != $c))
				print "row " FNR " " h[c] ": \"" $c "\" is " t[k] " \"" v[k] "\""
		}
		if (n[FNR] > NF) print "row " FNR ": Calc has more cells"
	}
	END { for (r in n) if (r + 0 > FNR) print "row " r ": not in the TSV" }
	' "$1.cells" "$2"
}

# --- a database made with the tools
printf '%s\r\n' \
  'Email,First Name,Company,utm_campaign,Create Date' \
  'ann@a.example,Ann,Acme,"=HYPERLINK(""http://x.example"",""click"")",2026-11-02' \
  'bob@a.example,Bob,Bcme,@SUM(1+1),2026-11-03 10:00' \
  'cy@a.example,Cy,Ccme,-Dash,2026-11-04' \
  'dee@a.example,Dee,Dcme,+Plus,2026-11-05' \
  'eve@a.example,Ève,Ünïcödé GmbH,Frühling 2026 – Köln,2026-11-05' >leads.csv
run lead-import leads.csv
expect_status 0 "five leads, one campaign each"
run handoff mql --at 2026-11-06 ann@a.example bob@a.example cy@a.example dee@a.example eve@a.example
expect_status 0 "five MQLs"
run handoff accept --at 2026-11-07 ann@a.example bob@a.example cy@a.example dee@a.example
expect_status 0 "four accepted"
run handoff qualify --amount 1000.50 --at 2026-11-08 ann@a.example bob@a.example
expect_status 0 "two opportunities"
run handoff won --amount 1234.56 --at 2026-11-10 ann@a.example
expect_status 0 "one won"
run handoff won --amount 99.99 --at 2026-11-10 bob@a.example
expect_status 0 "another won"
run handoff assign --to @rep --at 2026-11-20 eve@a.example
expect_status 0 "one MQL waiting for a rep named like a formula"
printf '%s\n' 'Day,Campaign,Cost' \
  '2026-11-02,"=HYPERLINK(""http://x.example"",""click"")",1500.25' \
  '2026-11-03,@SUM(1+1),0.10' '2026-11-03,-Dash,5000' \
  '2026-11-04,+Plus,12.34' '2026-11-05,Frühling 2026 – Köln,7' >spend.csv
run campaign-report spend spend.csv
expect_status 0 "spend loaded"
run campaign-report set --budget 20000.5 --start 2026-11-01 --end 2026-11-30 \
  --name "=1+1" --owner "@ann" --kind promo --channel "+paid" -- -Dash
expect_status 0 "metadata that looks like formulas"

# the listings, as CSV for Calc and as TSV to compare with
campaign-report --period 2026-11 --format csv >report.csv
campaign-report --period 2026-11 --format csv --bom >report-bom.csv
campaign-report --period 2026-11 --format tsv >report.tsv
campaign-report --period 2026-11 --compare-models --format csv >models.csv
campaign-report --period 2026-11 --compare-models --format tsv >models.tsv
campaign-report campaigns --format csv >campaigns.csv
campaign-report campaigns --format tsv >campaigns.tsv
handoff queue --format csv >queue.csv
handoff queue --format tsv >queue.tsv
expect_eq "$(grep -c "'=HYPERLINK" report.csv) $(grep -c "'-" report.csv) $(grep -c -- '-0\.177' report.csv)" \
  "1 1 1" "the report has a neutralized link, a neutralized -, a negative ROI"
expect_eq "$(head -c 3 report-bom.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "--bom writes one"

# a reject file with text that looks like formulas or numbers, every row
# refused for its date or its email
printf '%s\r\n' \
  'Email,First Name,Last Name,Company,Phone,utm_campaign,Create Date,Zip,Deal Size,Note' \
  "fay@a.example,=cmd|' /C calc'!A0,Dée,@Home Realty,+4930123456,\"=HYPERLINK(\"\"http://y.example\"\")\",31-12-2025,01234,-12.50,1e5" \
  "gus@a.example,-Dash Co,'quoted,+Plus,-1+2,@spring,not a date,007,1500.50,Ünïcödé – ok" \
  'hal-at-a.example,Hal,=1+1,Hcme,12345678901234567890,-Dash,2026-11-05,0.10,-7,TRUE' >bad.csv
run lead-import -r rejects.csv bad.csv
expect_status 1 "three rows refused"

# --- Calc opens them
printf '%s\r\n' 'a,b' '=1+1,"=HYPERLINK(""http://x.example"",""click"")"' >control.csv
calc fods control.csv report.csv report-bom.csv models.csv campaigns.csv queue.csv rejects.csv
for f in control report report-bom models campaigns queue rejects; do
	[ -s lo/$f.fods ] || { not_ok "Calc converted $f.csv"; sed 's/^/#   /' lo.log; finish; }
done
ok "Calc opened every file"
expect_eq "$(awk -f cells.awk lo/control.fods | cut -f 3,4 | tail -n 2)" \
  "float	of:=1+1
string	of:=HYPERLINK(\"http://x.example\";\"click\")" \
  "control: Calc runs an unneutralized cell as a formula"

rnum=" spend budget touches leads mql sal sql won pipeline influenced revenue cpl cost_per_mql cost_per_sql cac roi acceptance_rate "
expect_eq "$(sheet lo/report.fods report.tsv "$rnum")" "" \
  "report: Calc's sheet is the TSV, every number a float, text as text"
expect_eq "$(sheet lo/report-bom.fods report.tsv "$rnum")" "" \
  "report with a BOM: the same, the BOM not in the first cell"
expect_eq "$(sheet lo/models.fods models.tsv " $(head -n 1 models.tsv | cut -f 2- | tr '\t' ' ') ")" "" \
  "models: every revenue and pipeline a float"
expect_eq "$(sheet lo/campaigns.fods campaigns.tsv " budget touches spend ")" "" \
  "campaigns: budget, touches, spend floats; dates dates"
expect_eq "$(sheet lo/queue.fods queue.tsv " score hours_left ")" "" \
  "queue: score and a negative hours_left floats"
expect_eq "$(cat lo/*.fods | grep -c -e 'table:formula' -e '<text:a')" "2" \
  "no formula or link anywhere but the control's two"

# what a user sees, cell by cell
expect_eq "$(awk -F'\t' '$2 == 1 && $1 > 1' lo/report-bom.fods.cells | cut -f 3,5)" \
"string	'+Plus
string	'-Dash
string	'=HYPERLINK(\"http://x.example\",\"click\")
string	'@SUM(1+1)
string	Frühling 2026 – Köln
string	(total)" "campaign names: text, the ' shown, UTF-8 read right"
expect_eq "$(awk -F'\t' '$1 == 3' lo/report.fods.cells | cut -f 3,5 | head -n 7 | tr '\t\n' '||')" \
  "string|'-Dash|string|'=1+1|string|'+paid|string|'@ann|string|promo|float|5000|float|20000.5|" \
  "metadata: text with the ', spend and budget numbers"
expect_eq "$(awk -F'\t' '$1 == 4 && $2 == 21' lo/report.fods.cells | cut -f 3,5)" \
  "float	-0.177" "a negative ROI is a negative number"

# the reject file: reject_line a number, the file's cells text as written
# with one ' where a spreadsheet would otherwise run or rewrite them
awk -f cells.awk lo/rejects.fods >lo/rejects.fods.cells
expect_eq "$(awk -F'\t' '$1 > 1 && $2 == 2' lo/rejects.fods.cells | cut -f 3,5 | tr '\t\n' '||')" \
  "float|2|float|3|float|4|" "reject_line: numbers"
expect_eq "$(awk -F'\t' '$1 > 1 && $2 >= 6' lo/rejects.fods.cells | cut -f 3,5 | tr '\t\n' '||')" \
"string|fay@a.example|string|'=cmd|' /C calc'!A0|string|Dée|string|'@Home Realty|string|'+4930123456|\
string|'=HYPERLINK(\"http://y.example\")|string|'31-12-2025|string|'01234|string|'-12.50|string|'1e5|\
string|gus@a.example|string|'-Dash Co|string|''quoted|string|'+Plus|string|'-1+2|string|'@spring|\
string|not a date|string|'007|string|'1500.50|string|Ünïcödé – ok|\
string|hal-at-a.example|string|Hal|string|'=1+1|string|Hcme|string|'12345678901234567890|string|'-Dash|\
string|'2026-11-05|string|'0.10|string|'-7|string|'TRUE|" \
  "reject file: every cell of the file as text, nothing rewritten"

# --- the round trip: the user saves the sheet as CSV again (UTF-8),
# fixes the rows and imports that file
mkdir -p saved
timeout 120 "$SOFFICE" -env:UserInstallation="file://$SCRATCH/lo-profile" \
  --headless --infilter="$CSV_FILTER" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir saved \
  rejects.csv >>lo.log 2>&1
[ -s saved/rejects.csv ] && ok "Calc saved the reject file as CSV" ||
	{ not_ok "Calc saved the reject file as CSV"; sed 's/^/#   /' lo.log; }
sed -e 's/31-12-2025/2025-12-31/' -e 's/,"\{0,1\}not a date"\{0,1\},/,2026-11-03,/' \
  -e 's/hal-at-a\.example/hal@a.example/' saved/rejects.csv >fixed.csv
run lead-import -r rejects2.csv fixed.csv
expect_status 0 "the fixed rows import"
expect_err "lead-import: fixed.csv: 3 rows, 3 new, 0 updated, 0 unchanged, 0 rejected, 0 became MQL, 3 touches" "all three land"

# the same rows fixed in the original file, imported without a spreadsheet
sed -e 's/31-12-2025/2025-12-31/' -e 's/not a date/2026-11-03/' \
  -e 's/hal-at-a\.example/hal@a.example/' bad.csv >direct.csv
SMK_DB=$SCRATCH/direct.db run lead-import direct.csv
expect_status 0 "the original rows, fixed, import"
lq="select l.key, l.first_name, l.last_name, l.company, l.phone, l.created_at,
  t.campaign, l.extra from leads l join touches t on t.lead_id = l.id
  where l.key in ('fay@a.example', 'gus@a.example', 'hal@a.example') order by l.key"
want=$(DB=$SCRATCH/direct.db q "$lq")
expect_eq "$(printf '%s\n' "$want" | grep -c '@a\.example|')" 3 "three leads, each with its touch"
expect_eq "$(q "$lq")" "$want" "after the spreadsheet, the values the original file wrote"
expect_eq "$(q "select phone || ' ' || json_extract(extra, '$.Zip') || ' ' || json_extract(extra, '$.\"Deal Size\"') || ' ' || json_extract(extra, '$.Note') from leads where key = 'fay@a.example'")" \
  "+4930123456 01234 -12.50 1e5" "a phone's +, a zip's 0, an amount's 0 and an exponent kept"

finish
