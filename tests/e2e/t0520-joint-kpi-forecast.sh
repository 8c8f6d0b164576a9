#!/usr/bin/env bash
# joint-kpi forecast: the weighted forecast by source and its back-test
# over the last four closed quarters, on a fixture of five quarters
# (2025-Q3 to 2026-Q3) built with the real tools, for two as-of moments,
# against figures worked out by hand (the derivations are in the
# comments); and the scoreboard's forecast KPIs agree with it.
. "$(dirname "$0")/../lib.sh"

# Marketing-sourced leads come in through campaigns A and B; sales-sourced
# ones are added by Sales.  Amounts in whole units; "q" qualify (to sql),
# "w" won, "l" lost.
#
#   lead  source  opportunity          outcome
#   h1    M       q 2025-07-05 1000    w 2025-08-10 1000
#   h2    M       q 2025-07-10 1000    l 2025-08-20
#   h3    S       q 2025-07-15 2000    w 2025-09-01 2000
#   h4    S       q 2025-07-20 3000    l 2025-09-10
#   d1    M       q 2025-09-05 4000    w 2025-11-10 5000 (won above its amount)
#   d2    M       q 2025-09-15 6000    w 2026-01-20 6000
#   d3    S       q 2025-09-20 2000    l 2025-12-01
#   d4    M       q 2025-11-01 8000    recycled 2026-02-10 (dropped)
#   d5    S       q 2025-12-05 1000    w 2026-02-15 1000
#   d6    M       (none)               w 2025-12-10 500 (lead straight to won)
#   d7    M       q 2026-01-15 5000    w 2026-05-05 5000
#   d8    S       q 2026-02-01 3000    w 2026-04-20 3000
#   d9    M       q 2026-03-10 2000    open
#   d10   S       q 2026-04-10 4000    w 2026-07-15 4500
#   d11   M       q 2026-05-20 10000   l 2026-09-05
#   d12   M       q 2026-06-01 3000    w 2026-06-20 3000 (opened and won in Q2)
#   d13   M       q 2026-08-10 5000    open
#   d14   S       q 2026-08-15 2500    open
#   d15   M       accepted (sal) 2026-08-06, no amount: weighs nothing
cat >leads.csv <<'CSV'
Email,Campaign,Channel,Created
h1@m.example,A,paid,2025-07-01
h2@m.example,B,email,2025-07-02
d1@m.example,A,paid,2025-08-01
d2@m.example,B,email,2025-08-15
d4@m.example,A,paid,2025-10-01
d6@m.example,B,email,2025-11-15
d7@m.example,A,paid,2026-01-02
d9@m.example,B,email,2026-02-01
d11@m.example,A,paid,2026-04-15
d12@m.example,B,email,2026-05-01
d13@m.example,A,paid,2026-07-20
d15@m.example,B,email,2026-08-01
CSV

fails=0
setup() { # a step of the fixture: any failure is reported below
	"$@" >out 2>err || { fails=$((fails + 1)); echo "# failed: $*"; show err; }
}
qualify() { setup handoff qualify --amount "$2" --at "$3" "$1"; }
won() { setup handoff won --amount "$2" --at "$3" "$1"; }
lost() { setup handoff lost --reason competitor --at "$2" "$1"; }

setup lead-import leads.csv
for s in h3:2025-07-03 h4:2025-07-04 d3:2025-09-01 d5:2025-11-20 \
    d8:2026-01-10 d10:2026-04-01 d14:2026-08-01; do
	setup handoff add --sales-sourced --at "${s#*:}" "${s%%:*}@s.example"
done
qualify h1@m.example 1000 2025-07-05; won h1@m.example 1000 2025-08-10
qualify h2@m.example 1000 2025-07-10; lost h2@m.example 2025-08-20
qualify h3@s.example 2000 2025-07-15; won h3@s.example 2000 2025-09-01
qualify h4@s.example 3000 2025-07-20; lost h4@s.example 2025-09-10
qualify d1@m.example 4000 2025-09-05; won d1@m.example 5000 2025-11-10
qualify d2@m.example 6000 2025-09-15; won d2@m.example 6000 2026-01-20
qualify d3@s.example 2000 2025-09-20; lost d3@s.example 2025-12-01
qualify d4@m.example 8000 2025-11-01
setup handoff recycle --at 2026-02-10 d4@m.example
qualify d5@s.example 1000 2025-12-05; won d5@s.example 1000 2026-02-15
won d6@m.example 500 2025-12-10
qualify d7@m.example 5000 2026-01-15; won d7@m.example 5000 2026-05-05
qualify d8@s.example 3000 2026-02-01; won d8@s.example 3000 2026-04-20
qualify d9@m.example 2000 2026-03-10
qualify d10@s.example 4000 2026-04-10; won d10@s.example 4500 2026-07-15
qualify d11@m.example 10000 2026-05-20; lost d11@m.example 2026-09-05
qualify d12@m.example 3000 2026-06-01; won d12@m.example 3000 2026-06-20
qualify d13@m.example 5000 2026-08-10
qualify d14@s.example 2500 2026-08-15
setup handoff mql --at 2026-08-05 d15@m.example
setup handoff accept --at 2026-08-06 d15@m.example
expect_eq "$fails" 0 "the fixture is built with lead-import and handoff"

# As of 2026-11-23 (00:00).
# Now: the window is (2025-11-23, 2026-11-23]: closed d3 l, d6 w (a skip
#   reaches sql), d2 w, d4 dropped, d5 w, d8 w, d7 w, d12 w, d10 w, d11 l:
#   10, 7 won (h1-h4 and d1, closed before 2025-11-23, are out): p = 0.7.
#   Open: d9 2000, d13 5000 (M), d14 2500 (S); d15 at sal has no amount.
#   M 7000 x 0.7 = 4900, all 9500 x 0.7 = 6650, S 6650 - 4900 = 1750;
#   shares 4900/6650 = 0.737, 1750/6650 = 0.263.
# Back-test, the last four quarters closed by then; each forecast as the
# events stood just before the quarter, window the 365 days before it:
#   2025-Q4: window [2024-10-01, 2025-10-01): h1 w, h2 l, h3 w, h4 l: 4,
#     2 won, p = 0.5.  Open at 10-01: d1 4000, d2 6000, d3 2000 = 12000:
#     forecast 6000.  Actual: of those, won in Q4: d1 at 5000 (its won
#     amount; d2 slipped to Q1, d3 lost).  Error 1000, relative 0.200.
#   2026-Q1: window [2025-01-01, 2026-01-01): h1-h4, d1 w, d3 l, d6 w:
#     7, 4 won.  Open at 01-01: d2 6000, d4 8000, d5 1000 = 15000:
#     15000 x 4/7 = 8571.428.. = 8571.43.  Actual: d2 6000 + d5 1000 =
#     7000 (d4 dropped).  Error 1571.43, relative 0.224.
#   2026-Q2: window [2025-04-01, 2026-04-01): the 7 above and d2 w, d4
#     dropped, d5 w: 10, 6 won, p = 0.6.  Open at 04-01: d7 5000, d8 3000,
#     d9 2000 = 10000: forecast 6000.  Actual: d7 5000 + d8 3000 = 8000
#     (d12, opened and won inside Q2, is not what the forecast weighed:
#     all won in Q2 would be 11000).  Error -2000, relative -0.250.
#   2026-Q3: window [2025-07-01, 2026-07-01): the 10 above and d7 w, d8 w,
#     d12 w: 13, 9 won.  Open at 07-01: d9 2000, d10 4000, d11 10000 =
#     16000: 16000 x 9/13 = 11076.923.. = 11076.92.  Actual: d10 at 4500
#     (d11 lost, d9 still open).  Error 6576.92, relative 1.462.
#   Mean absolute: (1000 + 1571.43 + 2000 + 6576.92) / 4 = 2787.0875 =
#     2787.09; (0.2 + 0.224490 + 0.25 + 1.461538) / 4 = 0.534.
run joint-kpi forecast --as-of 2026-11-23 --format tsv
expect_status 0 "the forecast as of 2026-11-23"
expect_out "forecast	deals	open	history_closed	history_won	probability	weighted	share	actual	error	relative_error
marketing-sourced	2	7000.00	10	7	0.700	4900.00	0.737			
sales-sourced	1	2500.00	10	7	0.700	1750.00	0.263			
total	3	9500.00	10	7	0.700	6650.00	1.000			
2025-Q4	3	12000.00	4	2	0.500	6000.00		5000.00	1000.00	0.200
2026-Q1	3	15000.00	7	4	0.571	8571.43		7000.00	1571.43	0.224
2026-Q2	3	10000.00	10	6	0.600	6000.00		8000.00	-2000.00	-0.250
2026-Q3	3	16000.00	13	9	0.692	11076.92		4500.00	6576.92	1.462
(mean absolute)									2787.09	0.534" "every cell as of 2026-11-23, as worked out"
cp out nov.tsv
run joint-kpi forecast --format tsv
expect_status 0 "the forecast now"
expect_eq "$(cat out)" "$(cat nov.tsv)" "now (2026-11-23 12:00) is the same: nothing happened since midnight"

# As of 2026-08-20 (00:00): events after it are not seen.
# Now: the window is (2025-08-20, 2026-08-20]: h2, lost at 2025-08-20
#   00:00, is exactly 365 days before and out; h1 too.  Closed: h3 w, h4 l,
#   d1 w, d3 l, d6 w, d2 w, d4 dropped, d5 w, d8 w, d7 w, d12 w, d10 w:
#   12, 9 won, p = 0.75 (d11 is lost only on 09-05).  Open: d9 2000, d11
#   10000, d13 5000 (M, 3 deals), d14 2500 (S): 19500 x 0.75 = 14625, M
#   12750, S 1875; shares 0.872, 0.128.
# Back-test 2025-Q3 to 2026-Q2: 2025-Q3 has no closed deal before it: no
#   probability, no forecast, no error; nothing was open, actual 0.  The
#   other three as above.  Mean absolute over the three with a forecast:
#   (1000 + 1571.43 + 2000) / 3 = 1523.81; (0.2 + 0.224490 + 0.25) / 3 =
#   0.225.
run joint-kpi forecast --as-of 2026-08-20 --format tsv
expect_status 0 "the forecast as of 2026-08-20"
expect_out "forecast	deals	open	history_closed	history_won	probability	weighted	share	actual	error	relative_error
marketing-sourced	3	17000.00	12	9	0.750	12750.00	0.872			
sales-sourced	1	2500.00	12	9	0.750	1875.00	0.128			
total	4	19500.00	12	9	0.750	14625.00	1.000			
2025-Q3	0	0.00	0	0				0.00		
2025-Q4	3	12000.00	4	2	0.500	6000.00		5000.00	1000.00	0.200
2026-Q1	3	15000.00	7	4	0.571	8571.43		7000.00	1571.43	0.224
2026-Q2	3	10000.00	10	6	0.600	6000.00		8000.00	-2000.00	-0.250
(mean absolute)									1523.81	0.225" "every cell as of 2026-08-20, as worked out"
cp out aug.tsv

# As of 2025-07-12: h1 and h2 are open (M 2000), nothing has closed yet:
# no probability, no forecast; no quarter before had anything.
run joint-kpi forecast --as-of 2025-07-12 --format tsv
expect_status 0 "a forecast without history"
expect_out "forecast	deals	open	history_closed	history_won	probability	weighted	share	actual	error	relative_error
marketing-sourced	2	2000.00	0	0						
sales-sourced	0	0.00	0	0						
total	2	2000.00	0	0						
2024-Q3	0	0.00	0	0				0.00		
2024-Q4	0	0.00	0	0				0.00		
2025-Q1	0	0.00	0	0				0.00		
2025-Q2	0	0.00	0	0				0.00		
(mean absolute)										" "no history: the cells of the forecast stay empty, never 0 or nan"

# The scoreboard's weighted_forecast and sourced_forecast_share are the
# same numbers: for this quarter, the forecast at the as-of time; for a
# quarter that is over, the forecast at its end, which is the back-test's
# forecast of the quarter after it (2026-Q2's end: 2026-Q3's 11076.92).
# The end of 2026-Q3 (the previous column as of 2026-11-23): window
# [2025-10-01, 2026-10-01): d1 w, d3 l, d6 w, d2 w, d4 dropped, d5 w, d8 w,
# d7 w, d12 w, d10 w, d11 l: 11, 8 won; open d9, d13, d14 = 9500:
# 9500 x 8/11 = 6909.0909.. = 6909.09.
kpi() { awk -F'\t' -v k="$1" '$1 == k { print $4 "|" $7 }' out; }
cell() { awk -F'\t' -v r="$2" -v c="$3" '$1 == r { print $c }' "$1"; }
run joint-kpi --as-of 2026-11-23 --format tsv
expect_status 0 "the scoreboard as of 2026-11-23"
expect_eq "$(kpi weighted_forecast)" "$(cell nov.tsv total 7)|6909.09" "weighted_forecast: the forecast now, and at the end of Q3"
expect_eq "$(kpi sourced_forecast_share | cut -d'|' -f1)" "$(cell nov.tsv marketing-sourced 8)" "sourced_forecast_share: the marketing-sourced share"
run joint-kpi --as-of 2026-08-20 --format tsv
expect_status 0 "the scoreboard as of 2026-08-20"
expect_eq "$(kpi weighted_forecast)" "$(cell aug.tsv total 7)|$(cell nov.tsv 2026-Q3 7)" "weighted_forecast as of 2026-08-20, and at the end of Q2"
expect_eq "$(kpi sourced_forecast_share | cut -d'|' -f1)" "$(cell aug.tsv marketing-sourced 8)" "sourced_forecast_share as of 2026-08-20"
run joint-kpi --period 2026-Q1 --as-of 2026-11-23 --format tsv
expect_eq "$(kpi weighted_forecast)" "$(cell nov.tsv 2026-Q2 7)|$(cell nov.tsv 2026-Q1 7)" "a closed quarter's: the back-test's 2026-Q2 and 2026-Q1"

# table and json
run joint-kpi forecast --as-of 2026-11-23 --format table
expect_status 0 "a table"
expect_eq "$(grep '^(mean absolute)' out | tr -s ' ')" "(mean absolute) 2,787.09 0.534" "a table groups the money"
run joint-kpi forecast --as-of 2026-08-20 --format jsonl
expect_eq "$(grep '"2025-Q3"' out)" '{"forecast":"2025-Q3","deals":0,"open":0.00,"history_closed":0,"history_won":0,"probability":null,"weighted":null,"share":null,"actual":0.00,"error":null,"relative_error":null}' "jsonl: numbers, and null where there is none"

finish
