#!/usr/bin/env bash
# campaign-report spend and set: ad-platform exports as they come, one
# currency per database, reloads that never double, bad rows named and
# kept; campaign metadata by hand and from a sheet.
. "$(dirname "$0")/../lib.sh"

# A Google Ads report: a title and a date range above the header, a
# totals row under it, amounts with decimal commas in reais.
printf '%s\r\n' 'Campaign performance report' '"November 1, 2026 - November 30, 2026"' \
  'Day,Campaign,Currency code,Cost' \
  '2026-11-01,Brand search,BRL,"1.234,50"' \
  '2026-11-01,Brand search,BRL,"R$ 100.000"' \
  '2026-11-02,Generic,EUR,"5,00"' \
  '2026-11-02,Generic,BRL,12,5' \
  'Total: Account,,BRL,"101.234,50"' >gads.csv
run campaign-report spend --decimal-comma -r rejects.csv gads.csv
expect_status 1 "two rows rejected"
expect_err "campaign-report: gads.csv:6: Cost: an amount in EUR; this database holds BRL
campaign-report: gads.csv:7: ragged row: more fields than the header (an unquoted decimal comma?)
campaign-report: gads.csv: 5 rows, 2 loaded (101234.50), 1 totals skipped, 2 rejected" "each named by file, line and field"
expect_eq "$(q "select campaign, day, amount from spend order by campaign, day")" \
  "Brand search|2026-11-01|10123450" "one campaign-day, its two rows added up"
expect_eq "$(q "select value from settings where name = 'currency'")" "BRL" "the first named currency is the database's"
expect_eq "$(tr -d '\r' <rejects.csv)" "reject_file,reject_line,reject_field,reject_reason,reject_record,Day,Campaign,Currency code,Cost
gads.csv,6,Cost,an amount in EUR; this database holds BRL,,'2026-11-02,Generic,EUR,\"'5,00\"
gads.csv,7,,ragged row: more fields than the header (an unquoted decimal comma?),\"2026-11-02,Generic,BRL,12,5\",'2026-11-02,Generic,BRL,'12" "the reject file"

# the same file again: nothing doubles
run campaign-report spend --decimal-comma gads.csv
expect_status 1 "the same rejects again"
expect_eq "$(q "select sum(amount) from spend")" "10123450" "loading a file again replaces its spend"

# fixed in a spreadsheet, the reject file loads
sed -e "s/,EUR,\"'5,00\"/,BRL,\"'5,00\"/" -e "s/BRL,'12\$/BRL,\"12,5\"/" -e "s/BRL,'12\r\$/BRL,\"12,5\"\r/" rejects.csv >fixed.csv
run campaign-report spend --decimal-comma fixed.csv
expect_status 0 "the fixed rows load"
expect_eq "$(q "select campaign, day, amount from spend where campaign = 'Generic'")" "Generic|2026-11-02|1750" "both Generic rows of that day, added up"

# Meta: the currency in the amount's header; a bare $ follows the database
printf '%s\n' 'Reporting starts,Campaign name,Amount spent (USD)' '2026-11-03,Retargeting,12.50' >meta.csv
run campaign-report spend meta.csv
expect_status 1 "a USD export into a BRL database"
expect_err "campaign-report: meta.csv:2: Amount spent: an amount in USD; this database holds BRL
campaign-report: meta.csv: 1 row, 0 loaded (0.00), 0 totals skipped, 1 rejected" "refused, naming both currencies"
printf '%s\n' 'date,campaign,amount' '2026-11-04,X,$7' >dollar.csv
run campaign-report spend dollar.csv
expect_status 0 "a bare dollar sign"
expect_eq "$(q "select amount from spend where campaign = 'X'")" "700" "is the database's currency"

# LinkedIn, a file of channel totals, --date, --currency
printf '%s\n' 'Start Date (in UTC),Campaign Name,Total Spent,Currency' '11/5/2026,Webinar Q4,"1,000.00",BRL' >li.csv
run campaign-report spend li.csv
expect_status 0 "LinkedIn's headers and US dates"
expect_eq "$(q "select day, amount from spend where campaign = 'Webinar Q4'")" "2026-11-05|100000" "read"
printf '%s\n' 'channel;amount' 'events;2500,50' 'print;300' >channels.csv
run campaign-report spend --decimal-comma --date 2026-11-06 --currency BRL channels.csv
expect_status 0 "a file of channel totals"
expect_eq "$(q "select campaign, day, channel, amount from spend where campaign = '' order by channel")" "|2026-11-06|events|250050
|2026-11-06|print|30000" "a channel's own spend, dated by --date"
run campaign-report spend --currency EUR channels.csv
expect_status 2 "--currency another than the database's without --decimal-comma"
printf '%s\n' 'campaign,amount' 'Y,5' >nodate.csv
run campaign-report spend nodate.csv
expect_status 2 "no date column"
expect_err "campaign-report: nodate.csv:1: no date column; name it with --map date=HEADER, or give the day of a file of totals with --date DAY
campaign-report: nothing loaded" "says how to go on"
run campaign-report spend --map date=when nodate.csv
expect_status 2 "--map of a missing column"
expect_err "campaign-report: nodate.csv:1: --map date=when: no such column
campaign-report: nothing loaded" "named"
run campaign-report spend --currency euro nodate.csv
expect_status 2 "--currency must be a code"
expect_err "campaign-report: --currency 'euro': expected an ISO 4217 code such as USD, EUR, BRL
campaign-report: nothing loaded" "says what a code is"
run campaign-report spend missing.csv
expect_status 3 "a missing file"
expect_eq "$(q "select count(*) from spend")" "6" "nothing written by failed runs"

# campaign metadata
run campaign-report set --name "Brand search" --owner ann --kind brand --budget 20000 --start 2026-10-01 --end 2026-12-31 "Brand search"
expect_status 0 "set"
run campaign-report set --kind both X
expect_status 2 "a kind that is not promo or brand"
expect_err "campaign-report: kind: 'both': expected promo or brand" "named"
run campaign-report set --start 2026-12-01 --end 2026-11-01 X
expect_status 2 "an end before the start"
printf '%s\n' 'Campaign,Name,Owner,Budget,Type,Start Date' 'Generic,Generic search,bob,"1,500",promo,2026-11-01' 'Webinar Q4,,cy,lots,brand,' '=cmd|x,@Risky,dee,,promo,' >sheet.csv
run campaign-report set --from sheet.csv -r sheet-rejects.csv
expect_status 1 "a sheet with one bad budget"
expect_err "campaign-report: sheet.csv:3: Budget: 'lots': not an amount
campaign-report: sheet.csv: 3 rows, 2 set, 1 rejected" "the bad row named by its column"
run campaign-report campaigns --format csv
expect_status 0 "campaigns"
expect_eq "$(tr -d '\r' <out)" "campaign,name,channel,owner,kind,budget,start,end,touches,spend
'=cmd|x,'@Risky,,dee,promo,,,,0,0.00
Brand search,Brand search,,ann,brand,20000.00,2026-10-01,2026-12-31,0,101234.50
Generic,Generic search,,bob,promo,1500.00,2026-11-01,,0,17.50
Webinar Q4,,,,,,,,0,1000.00
X,,,,,,,,0,7.00" "every campaign, formulas neutralized, numbers plain"

finish
