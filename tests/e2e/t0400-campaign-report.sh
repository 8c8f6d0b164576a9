#!/usr/bin/env bash
# campaign-report: every column of a small fixture, for two periods and
# every attribution model, against figures worked out by hand (the
# derivations are in the comments).
. "$(dirname "$0")/../lib.sh"

# The fixture (its story is at the top of the file).
. "$ROOT/tests/fixtures/three-campaigns.sh"
run campaign-report spend spend.csv
expect_status 0 "spend loaded"
expect_err "campaign-report: spend.csv: 7 rows, 7 loaded (990.50), 0 totals skipped, 0 rejected" "the summary"

# October.  Source (first touch): A a1 a2 a3 a4, B b1 b2 b3, C c1 c2.
# Reached: mql A 4, B 1 (b1), C 2; sal A a1 a3 (mql>won skips sal), B b1,
# C c1 (mql>sql); sql A a1 a3, C c1; won A a1 a3.  Sourced pipeline A
# 1000+500, C 800.  Influenced: a1's 1000 to A B, a3's 500 to A C, c1's
# 800 to C A B: A 2300, B 1800, C 1300.  Linear revenue: a1 1200 A 600 B
# 600, a3 500 A 250 C 250.  CPL A 150.50/4 = 37.625 -> 37.63; ROI A
# (850-150.50)/150.50 = 4.648.  MQLs by the campaign that made them (last
# touch before mql): A a2 (rejected), a4 (rejected): 0/2, top reason the
# first listed of a tie (no-budget); B a1 b1 c1, all accepted; C a3
# (accepted), c2 (pending): 1/2.
run campaign-report --period 2026-10 --format tsv
expect_status 0 "the October report"
expect_out "campaign	name	channel	owner	kind	spend	budget	touches	leads	mql	sal	sql	won	pipeline	influenced	revenue	cpl	cost_per_mql	cost_per_sql	cac	roi	acceptance_rate	top_reason
A		paid			150.50		6	4	4	2	2	2	1500.00	2300.00	850.00	37.63	37.63	75.25	75.25	4.648	0.000	no-budget
B		email			200.00		5	3	1	1	0	0	0.00	1800.00	600.00	66.67	200.00			2.000	1.000	
C		event			300.00		3	2	2	1	1	0	800.00	1300.00	250.00	150.00	150.00	300.00		-0.167	0.500	
(channel)		paid			40.00		0	0	0	0	0	0	0.00		0.00					-1.000		
(total)	influenced pipeline overlaps: not summed				690.50		14	9	7	4	3	2	2300.00		1700.00	76.72	98.64	230.17	345.25	1.462	0.571	no-budget" "every column of October"
# the trap: A's 150.50 over 2 days, 6 touches and 4 leads stays 150.50
expect_eq "$(grep '^A' out | cut -f6)" "150.50" "spend is never multiplied by rows"

# Every model, October.  Revenue: a1 (A 10-01, B 10-05; mql 10-06, sql
# 10-09, won 10-20: lead-creation, opportunity and closing touch B) and
# a3 (A 10-03, C 10-10; mql 10-11, won 10-25: C in every later position).
#   first A 1700; last B 1200 C 500; linear and u 600/600, 250/250 (no
#   touch between: u's 20% to the two in proportion); w a1 A 1/3 B 2/3,
#   a3 A 1/3 C 2/3: A 400+166.67; full 25%/75%: A 300+125, B 900, C 375;
#   decay (half-life 7) a1 A 2^(-19/7) : B 2^(-15/7) = 1 : 2^(4/7), A
#   482.70, a3 A 2^(-22/7) : C 2^(-15/7) = 1 : 2, A 166.67;
#   markov: cohort a1 a2 a3 b1 b2 c1 a4 b3 c2, converting a1 (A>B) and a3
#   (A>C): START A 4 B 3 C 2; A>B 2, A>C 1, A>NULL 3; B>CONV 1, B>NULL 3,
#   B>A 1; C>CONV 1, C>A 1, C>NULL 1.  P = 2/9; without A 19/135, B
#   16/153, C 13/126: removal effects 11/30, 9/17, 15/28, so 1700 shared
#   2618 : 3780 : 3825 (of 10223): 435.35, 628.58, 636.07.
# Pipeline (credited on reaching sql): a1 1000 (A, B), a3 500 (A, C), c1
#   800 (C 10-07, A 10-08, B 10-12; mql 10-13, sql 10-14: B in every later
#   position).  linear c1 800/3 each, the two cents left to the earlier
#   touches (C, A); u c1 C 320 B 320 A 160; w c1 C 240 B 480 A 80; full
#   c1 C 180 B 540 A 80; decay a1 at sql 8 and 4 days, c1 7, 6, 2 days;
#   markov converting a1 a3 c1: P = 1/3, removal effects 17/45, 35/51,
#   8/21: 2300 shared 2023 : 3675 : 2040 (of 7738).
run campaign-report --period 2026-10 --compare-models --format tsv
expect_status 0 "October, every model"
expect_out "campaign	revenue_first	revenue_last	revenue_linear	revenue_u	revenue_w	revenue_full	revenue_decay	revenue_markov	pipeline_first	pipeline_last	pipeline_linear	pipeline_u	pipeline_w	pipeline_full	pipeline_decay	pipeline_markov
A	1700.00	0.00	850.00	850.00	566.67	425.00	649.37	435.35	1500.00	0.00	1016.67	910.00	580.00	455.00	804.79	601.30
B	0.00	1200.00	600.00	600.00	800.00	900.00	717.30	628.58	0.00	1800.00	766.66	820.00	1146.67	1290.00	948.25	1092.34
C	0.00	500.00	250.00	250.00	333.33	375.00	333.33	636.07	800.00	500.00	516.67	570.00	573.33	555.00	546.96	606.36
(channel)	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00
(total)	1700.00	1700.00	1700.00	1700.00	1700.00	1700.00	1700.00	1700.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00" "every model credits exactly the total, as worked out"
for m in first last linear u w full decay markov; do
	run campaign-report --period 2026-10 --model $m --format tsv
	expect_eq "$(grep '^(total)' out | cut -f16)" "1700.00" "--model $m: revenue adds up to the won amounts"
done
run campaign-report --period 2026-10 --model w --format tsv
expect_eq "$(cut -f1,16,21 out | sed 1d)" "A	566.67	2.765
B	800.00	3.000
C	333.33	0.111
(channel)	0.00	-1.000
(total)	1700.00	1.462" "--model w: revenue and ROI follow the model"

# November (as of 2026-11-23).  a5 (A 11-02, C 11-03; mql 11-04 made by
# C) won 2000; b4 B rejected bad-timing; s1 has no touch: its lead, stages,
# pipeline and revenue go to (none), and its move past mql at once counts
# as an accepted MQL.  A's spend 200, B's 100, C's none.
run campaign-report --period 2026-11 --format tsv
expect_status 0 "the November report"
expect_out "campaign	name	channel	owner	kind	spend	budget	touches	leads	mql	sal	sql	won	pipeline	influenced	revenue	cpl	cost_per_mql	cost_per_sql	cac	roi	acceptance_rate	top_reason
A		paid			200.00		1	1	1	1	1	1	2000.00	2000.00	1000.00	200.00	200.00	200.00	200.00	4.000		
B		email			100.00		1	1	1	0	0	0	0.00	0.00	0.00	100.00	100.00			-1.000	0.000	bad-timing
C		event			0.00		1	0	0	0	0	0	0.00	2000.00	1000.00						1.000	
(none)					0.00		0	1	1	1	1	1	300.00	0.00	300.00	0.00	0.00	0.00	0.00		1.000	
(total)	influenced pipeline overlaps: not summed				300.00		3	3	3	2	2	2	2300.00		2300.00	100.00	100.00	150.00	150.00	6.667	0.667	bad-timing" "every column of November; ratios without a denominator are empty"
# a5: first A, last C; w and full give C the lead-creation, opportunity
# and closing positions; decay 8 and 7 days: A 1/(1+2^(1/7)); markov:
# cohort a5 (A>C>CONV) and b4 (B>NULL): A and C each remove every
# conversion, B none: 50/50.
run campaign-report --period 2026-11 --compare-models --format tsv
expect_out "campaign	revenue_first	revenue_last	revenue_linear	revenue_u	revenue_w	revenue_full	revenue_decay	revenue_markov	pipeline_first	pipeline_last	pipeline_linear	pipeline_u	pipeline_w	pipeline_full	pipeline_decay	pipeline_markov
A	2000.00	0.00	1000.00	1000.00	666.67	500.00	950.53	1000.00	2000.00	0.00	1000.00	1000.00	666.67	500.00	950.53	1000.00
B	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00	0.00
C	0.00	2000.00	1000.00	1000.00	1333.33	1500.00	1049.47	1000.00	0.00	2000.00	1000.00	1000.00	1333.33	1500.00	1049.47	1000.00
(none)	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00	300.00
(total)	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00	2300.00" "November, every model; the sales-sourced deal is no campaign's"

# As of 2026-10-15: a4's touch and lead (at midnight) count, a4's mql, a3's
# win and everything later do not.
run campaign-report --period 2026-10 --as-of 2026-10-15 --format tsv
expect_eq "$(cut -f1,8-16,22 out)" "campaign	touches	leads	mql	sal	sql	won	pipeline	influenced	revenue	acceptance_rate
A	5	4	3	1	1	0	1000.00	1800.00	0.00	0.000
B	4	2	1	1	0	0	0.00	1800.00	0.00	1.000
C	2	1	1	1	1	0	800.00	800.00	0.00	0.000
(channel)	0	0	0	0	0	0	0.00		0.00	
(total)	11	7	5	3	2	0	1800.00		0.00	0.600" "--as-of rebuilds the month as it stood"

# metadata, rollups, filters, sorting
run campaign-report set --name "Brand search" --channel paid-search --owner ann --kind brand --budget 5000 --start 2026-09-01 --end 2026-12-31 A
expect_status 0 "set"
run campaign-report set --kind promo --owner bob B
expect_status 0 "set another"
run campaign-report --period 2026-10 --by kind --format tsv
expect_eq "$(cut -f1-5,10,12 out)" "kind	spend	budget	touches	leads	pipeline	revenue
brand	150.50	5000.00	6	4	1500.00	850.00
promo	200.00		5	3	0.00	600.00
(none)	340.00		3	2	800.00	250.00
(total)	690.50	5000.00	14	9	2300.00	1700.00" "--by kind: promotion against brand building"
run campaign-report --period 2026-10 --by owner --sort revenue --format tsv
expect_eq "$(cut -f1,12 out)" "owner	revenue
ann	850.00
bob	600.00
(none)	250.00
(total)	1700.00" "--by owner, largest revenue first"
run campaign-report --period 2026-10 --owner ann --format tsv
expect_eq "$(cut -f1-5 out)" "campaign	name	channel	owner	kind
A	Brand search	paid-search	ann	brand
(total)	influenced pipeline overlaps: not summed			" "--owner filters"
run campaign-report --period 2026-10 --sort cpl --format tsv
expect_eq "$(cut -f1,17 out)" "campaign	cpl
C	150.00
B	66.67
A	37.63
(channel)	
(total)	76.72" "--sort cpl: empty cells last"

# touches by channel: a campaign's channel is the one most of the period's
# touches came by (a tie: the first in order, email before paid); touches
# without a channel count and name none; touches of another period count
# nothing, and a campaign with none in the period has no row
cat >chan.csv <<'CSV'
Email,Campaign,Channel,Created
x1@x.example,X,paid,2026-10-02
x2@x.example,X,paid,2026-10-03
x3@x.example,X,email,2026-10-04
x4@x.example,X,email,2026-10-05
x5@x.example,X,,2026-10-06
x6@x.example,X,,2026-10-07
x7@x.example,X,,2026-10-08
x8@x.example,X,social,2026-11-02
y1@x.example,Y,,2026-10-09
z1@x.example,Z,social,2026-11-03
CSV
run lead-import -q -d chan.db chan.csv
expect_status 0 "touches over channels"
run campaign-report -d chan.db --period 2026-10 --format tsv
expect_eq "$(cut -f1,3,8,9 out)" "campaign	channel	touches	leads
X	email	7	7
Y		1	1
(total)		8	8" "touches per channel: the commonest names the campaign's"

# table output: money grouped with the currency once one is known
printf 'date,campaign,amount,currency\n2026-09-30,Z,"1,234.50",USD\n' >usd.csv
run campaign-report spend usd.csv
expect_status 0 "a spend file naming its currency"
run campaign-report --period 2026-09 --format table
expect_out_has "1,234.50 USD" "a table groups money and names the currency"
run campaign-report --period 2026-09 --format csv
expect_eq "$(grep '^Z' out | cut -d, -f1,6 | tr -d '\r')" "Z,1234.50" "csv keeps plain numbers"
expect_eq "$(grep -cw 'inf\|nan' out)" "0" "no inf or nan"

finish
