#!/usr/bin/env bash
# lead-import: bad rows are named by file, line and field, go to the reject
# file exactly as read, and the good rows land.
. "$(dirname "$0")/../lib.sh"

{
	printf 'Email,First Name,Company,Create Date\n'
	printf 'good1@example.com,Ann,Acme,2026-01-02\n'
	printf 'bad-at-example.com,Bob,Acme,2026-01-02\n'
	printf 'good2@example.com,Cy,Acme,31/31/2026\n'
	printf 'good3@example.com,Dee\n'
	printf 'good4@example.com,Ed,"=HYPERLINK(""http://evil.example"")",2026-01-02\n'
	printf 'good5@example.com,J\xe9r\xf4me,Acme,2026-01-02\n'
	printf 'good6@example.com,"Multi\nLine",Acme,2026-01-02\n'
	printf 'good7@example.com,Fay,Acme,2026-01-02,extra\n'
	printf 'good8@example.com,"Gil "x",Acme,2026-01-02\n'
	printf 'good9@example.com,Hal,-12,2026-01-02\n'
} >bad.csv

run lead-import -r rejects.csv bad.csv
expect_status 1 "rejected rows make exit 1"
expect_out "" "nothing on stdout"
expect_err "lead-import: bad.csv:3: Email: missing @
lead-import: bad.csv:4: Create Date: invalid date
lead-import: bad.csv:5: ragged row: fewer fields than the header
lead-import: bad.csv:7: First Name: invalid UTF-8 (byte 0xe9); if the file is Latin-1, use --encoding latin1
lead-import: bad.csv:10: ragged row: more fields than the header
lead-import: bad.csv:11: First Name: stray quote: a quote inside a field must be doubled (\"\") and the field quoted
lead-import: bad.csv: 10 rows, 4 new, 0 updated, 0 unchanged, 6 rejected, 0 became MQL, 4 touches" "each bad row named by file, line and field"
expect_eq "$(q "select key from leads order by id")" "good1@example.com
good4@example.com
good6@example.com
good9@example.com" "good rows land"
expect_eq "$(q "select first_name from leads where key='good6@example.com'")" "Multi Line" "embedded newline in a name collapsed"
expect_eq "$(q "select company from leads where key='good9@example.com'")" "-12" "a negative-number company is stored"
expect_eq "$(q "select company from leads where key='good4@example.com'")" '=HYPERLINK("http://evil.example")' "a formula-looking company is data, stored as written"
# the reject file: the reject columns, then the row in the file's columns
# (readable rows), or the record as read (unreadable or ragged ones)
expect_file rejects.csv "$(printf '%s\r\n' \
  'reject_file,reject_line,reject_field,reject_reason,reject_record,Email,First Name,Company,Create Date' \
  'bad.csv,3,Email,missing @,,bad-at-example.com,Bob,Acme,'\''2026-01-02' \
  'bad.csv,4,Create Date,invalid date,,good2@example.com,Cy,Acme,'\''31/31/2026' \
  'bad.csv,5,,ragged row: fewer fields than the header,"good3@example.com,Dee",good3@example.com,Dee,,' \
  "bad.csv,7,First Name,\"invalid UTF-8 (byte 0xe9); if the file is Latin-1, use --encoding latin1\",\"good5@example.com,J$(printf '\351')r$(printf '\364')me,Acme,2026-01-02\",,,," \
  'bad.csv,10,,ragged row: more fields than the header,"good7@example.com,Fay,Acme,2026-01-02,extra",good7@example.com,Fay,Acme,'\''2026-01-02' \
  'bad.csv,11,First Name,"stray quote: a quote inside a field must be doubled ("""") and the field quoted","good8@example.com,""Gil ""x"",Acme,2026-01-02",,,,')" \
  "reject file: header, each row in its columns or as read"
expect_eq "$(grep -a 'good5' rejects.csv | tr -d '\r' | od -An -c | tr -s ' ' | grep -c '351')" 1 "Latin-1 byte kept exactly in the reject file"
# a reject cell that starts like a formula is neutralized
printf 'Email,Company\n=1+1,x\n' >inj.csv
run lead-import -r inj-rejects.csv inj.csv
expect_status 1 "formula-looking email rejected"
expect_eq "$(sed -n 2p inj-rejects.csv | tr -d '\r')" "inj.csv,2,Email,missing @,,'=1+1,x" "reject file: a formula cell gets a leading quote"

# a creation time in the future is refused (clock skew of 5 minutes aside)
printf 'Email,Create Date\nfuture@example.com,2030-01-01T00:00:00Z\nsoon@example.com,2026-11-23T12:04:00Z\n' >future.csv
run lead-import future.csv
expect_status 1 "a future creation time is a finding"
expect_err "lead-import: future.csv:2: Create Date: in the future: 2030-01-01T00:00:00Z
lead-import: future.csv: 2 rows, 1 new, 0 updated, 0 unchanged, 1 rejected, 0 became MQL, 1 touch" "names the row; four minutes ahead is skew, not future"

# a day-first column: each row says the --date-format that reads it
printf 'Email,Create Date\nd1@example.com,31-12-2025\nd2@example.com,05-06-2025\n' >dash.csv
printf 'Email,Create Date\nd3@example.com,31/12/2025 14:30\nd4@example.com,05/06/2025 09:15\n' >slash.csv
run lead-import -d df.db -r df-rejects.csv dash.csv slash.csv
expect_status 1 "day-first dates are findings"
expect_err "lead-import: dash.csv:2: Create Date: not a date or time (day-first? use --date-format %d-%m-%Y)
lead-import: dash.csv:3: Create Date: not a date or time (day-first? use --date-format %d-%m-%Y)
lead-import: slash.csv:2: Create Date: invalid date (day-first? use --date-format '%d/%m/%Y %H:%M')
lead-import: dash.csv: 2 rows, 0 new, 0 updated, 0 unchanged, 2 rejected, 0 became MQL, 0 touches
lead-import: slash.csv: 2 rows, 1 new, 0 updated, 0 unchanged, 1 rejected, 0 became MQL, 1 touch" "names the --date-format, matching the separator and the clock"
expect_eq "$(sed -n 2p df-rejects.csv | tr -d '\r')" "dash.csv,2,Create Date,not a date or time (day-first? use --date-format %d-%m-%Y),,d1@example.com,'31-12-2025" "the reject file gives the hint too"
run lead-import -d df2.db --date-format %d-%m-%Y dash.csv
expect_status 0 "the hinted format reads the dashes"
run lead-import -d df2.db --date-format '%d/%m/%Y %H:%M' slash.csv
expect_status 0 "the hinted format reads the slashes and the clock"
expect_eq "$(DB=df2.db q "select key, datetime(created_at, 'unixepoch') from leads order by key")" "d1@example.com|2025-12-31 00:00:00
d2@example.com|2025-06-05 00:00:00
d3@example.com|2025-12-31 14:30:00
d4@example.com|2025-06-05 09:15:00" "every row read day-first"

# Latin-1 converted on request
printf 'Email,First Name\ngood5@example.com,J\xe9r\xf4me\n' >latin1.csv
run lead-import --encoding latin1 latin1.csv
expect_status 0 "--encoding latin1 imports"
expect_eq "$(q "select first_name from leads where key='good5@example.com'")" "Jérôme" "Latin-1 converted to UTF-8"

# an unreadable file: nothing written, exit 3
cp latin1.csv unreadable.csv
chmod 000 unreadable.csv
before=$(q "select count(*) from batches")
if [ "$(id -u)" = 0 ]; then
	# root reads anything; use a missing file instead
	run lead-import latin1.csv missing.csv
else
	run lead-import latin1.csv unreadable.csv
fi
expect_status 3 "unreadable file exits 3"
expect_err_has "cannot open" "says it cannot open"
expect_err_has "nothing imported" "says nothing was imported"
expect_eq "$(q "select count(*) from batches")" "$before" "nothing written for the readable file either"

# no key column
printf 'Name,Company\nAnn,Acme\n' >nokey.csv
run lead-import nokey.csv
expect_status 2 "no email column is a usage error"
expect_err "lead-import: nokey.csv:1: no email column; name the key with --key COLUMN or --map email=HEADER
lead-import: nothing imported" "says how to name the key"
run lead-import --key Id nokey.csv
expect_status 2 "--key naming a missing column"
expect_err_has "nokey.csv:1: --key Id: no such column" "names the missing column"
run lead-import --map email=Mail nokey.csv
expect_status 2 "--map naming a missing column"
expect_err_has "--map email=Mail: no such column" "names the missing --map column"
run lead-import --map colour=Name nokey.csv
expect_status 2 "--map with an unknown field"
expect_err_has "unknown field 'colour'" "names the unknown field"

# empty file: a finding, the other files still land
: >empty.csv
printf 'email\nlate@example.com\n' >late.csv
run lead-import empty.csv late.csv
expect_status 1 "empty file is a finding"
expect_err_has "lead-import: empty.csv: empty file: no header row" "empty file named"
expect_eq "$(q "select count(*) from leads where key='late@example.com'")" 1 "other file still lands"

finish
