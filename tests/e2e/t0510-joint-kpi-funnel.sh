#!/usr/bin/env bash
# joint-kpi funnel: every cell of a small fixture for three periods, and the
# November funnel rebuilt as of two moments around a late accept and a
# recycle, against figures worked out by hand (the derivations are in the
# comments); the shared numbers against the scoreboard and handoff feedback.
. "$(dirname "$0")/../lib.sh"

# Seventeen leads; times UTC, a date alone is its midnight; SLA 24 hours.
#   September: s1 created 09-01, mql 09-02, sal 09-03, sql 09-05 (700),
#     then recycled 09-10 from sql without a reason (dropped); s2 created
#     09-02, mql 09-03, lost 09-20 no-need with 250 on the move (a skip:
#     it reaches sal and sql); o10 created 09-20, mql 10-01, sal 10-02.
#   October: o1 created 10-01, mql 10-04, sal 10-05, sql 10-08 (1000),
#     won 10-20 (1200); o2 10-02, mql 10-03, recycled 10-06 no-budget,
#     mql again 11-19 12:00 (never answered); o3 10-03, mql 10-05,
#     disqualified 10-06 not-a-fit; o4 10-05, mql 10-09, sal 10-12, sql
#     10-14 (800), lost 10-25 competitor (with 0, as CRMs write it); o5 10-07, never moved; o6
#     10-08, disqualified from lead 10-09; o7 10-10, mql 10-15, never
#     answered; o8 10-12, mql 10-14, sal 10-16, sql 10-20 (500), lost
#     11-12 no-budget; o9 10-15, mql 10-21, won 10-28 (2000, a skip).
#   November: n1 created 11-02, mql 11-03 09:00, sal 11-03 15:00, sql
#     11-05 (3000), won 11-18 (3000); n2 11-05, mql 11-10 09:00 (due
#     11-11 09:00), accepted late 11-13 09:00 by handoff accept; n3 11-01,
#     mql 11-04, sal 11-05, recycled bad-timing 11-14 by handoff recycle;
#     n4 11-06, never moved; n5 11-07, mql 11-09, recycled 11-10
#     bad-timing.
cat >leads.csv <<'CSV'
Email,Campaign,Channel,Created
s1@x.example,A,paid,2026-09-01
s2@x.example,B,email,2026-09-02
o10@x.example,B,email,2026-09-20
o1@x.example,A,paid,2026-10-01
o2@x.example,A,paid,2026-10-02
o3@x.example,B,email,2026-10-03
o4@x.example,B,email,2026-10-05
o5@x.example,A,paid,2026-10-07
o6@x.example,B,email,2026-10-08
o7@x.example,A,paid,2026-10-10
o8@x.example,B,email,2026-10-12
o9@x.example,A,paid,2026-10-15
n1@x.example,A,paid,2026-11-02
n2@x.example,B,email,2026-11-05
n3@x.example,A,paid,2026-11-01
n4@x.example,B,email,2026-11-06
n5@x.example,A,paid,2026-11-07
CSV
cat >moves.csv <<'CSV'
Email,Stage,Time,Amount,Reason
s1@x.example,mql,2026-09-02,,
s1@x.example,sal,2026-09-03,,
s1@x.example,sql,2026-09-05,700,
s1@x.example,recycled,2026-09-10,,
s2@x.example,mql,2026-09-03,,
s2@x.example,lost,2026-09-20,250,no-need
o10@x.example,mql,2026-10-01,,
o10@x.example,sal,2026-10-02,,
o1@x.example,mql,2026-10-04,,
o1@x.example,sal,2026-10-05,,
o1@x.example,sql,2026-10-08,1000,
o1@x.example,won,2026-10-20,1200,
o2@x.example,mql,2026-10-03,,
o2@x.example,recycled,2026-10-06,,no-budget
o2@x.example,mql,2026-11-19 12:00,,
o3@x.example,mql,2026-10-05,,
o3@x.example,disqualified,2026-10-06,,not-a-fit
o4@x.example,mql,2026-10-09,,
o4@x.example,sal,2026-10-12,,
o4@x.example,sql,2026-10-14,800,
o4@x.example,lost,2026-10-25,0,competitor
o6@x.example,disqualified,2026-10-09,,
o7@x.example,mql,2026-10-15,,
o8@x.example,mql,2026-10-14,,
o8@x.example,sal,2026-10-16,,
o8@x.example,sql,2026-10-20,500,
o8@x.example,lost,2026-11-12,,no-budget
o9@x.example,mql,2026-10-21,,
o9@x.example,won,2026-10-28,2000,
n1@x.example,mql,2026-11-03 09:00,,
n1@x.example,sal,2026-11-03 15:00,,
n1@x.example,sql,2026-11-05,3000,
n1@x.example,won,2026-11-18,3000,
n2@x.example,mql,2026-11-10 09:00,,
n3@x.example,mql,2026-11-04,,
n3@x.example,sal,2026-11-05,,
n5@x.example,mql,2026-11-09,,
n5@x.example,recycled,2026-11-10,,bad-timing
CSV
run lead-import -q leads.csv
expect_status 0 "leads imported"
run handoff apply moves.csv
expect_status 0 "moves applied"
run handoff accept --at 2026-11-13T09:00:00Z n2@x.example
expect_status 0 "the late accept"
run handoff recycle --reason bad-timing --at 2026-11-14 n3@x.example
expect_status 0 "the recycle of an accepted lead"

header="section	name	team	count	in_stage	value	cohort_rate	period_rate	median_days	maturity"

# October, as of now (2026-11-23 12:00).
# count: lead o1..o9 = 9 (o10 came in September); mql o10 o1 o2 o3 o4 o7
#   o8 o9 = 8; sal o10 o1 o4 o8 o9 (its move to won reached sal) = 5; sql
#   o1 o4 o8 o9 = 4, pipeline 1000+800+500+2000 = 4300; won o1 o9 = 2,
#   revenue 1200+2000 = 3200.
# in_stage (last move by now dated in October, into the stage): lead o5;
#   mql o7 (o2 sits at mql too, but since a November move); sal o10; sql
#   none (o8 was lost 11-12); won o1 o9.
# cohort_rate: mql: of o1..o9, all but o5 and o6 reached mql: 7/9;
#   sal: of the 8 moves to mql, o10 o1 o4 o8 o9 reached sal: 5/8; sql: of
#   the 5 reaching sal, o1 o4 o8 o9 (the move to won itself): 4/5; won:
#   of the 4 reaching sql, o1 o9: 2/4.  period_rate: 8/9, 5/8, 4/5, 2/4.
# median_days, moves out of the stage dated in October: lead o10 11, o1 3,
#   o2 1, o3 2, o4 4, o6 1, o7 5, o8 2, o9 6: the 5th of 9 is 3; mql o10
#   1, o1 1, o2 3, o3 1, o4 3, o8 2, o9 7: the 4th of 7 is 2; sal o1 3, o4
#   2, o8 4: 3 (o9 skipped it); sql o1 12, o4 11: 11.
# maturity: October ended 22.5 days before now, longer than every usual
#   time (the longest, sql to won, is the median of o1 12, o9 0, n1 13
#   days: 12): final.
# Leaks: never-qualified o5 o6; Sales' rejections dated in October: o3
#   disqualified not-a-fit, o2 recycled no-budget; unanswered: o7 (due
#   10-16); lost: o4 competitor, 800 (its sql amount: the lost move's 0
#   is no amount); o8's loss is November's.
run joint-kpi funnel --period 2026-10 --format tsv
expect_status 0 "the October funnel"
expect_out "$header
stage	lead	marketing	9	1				3.0	
stage	mql	marketing	8	1		0.778	0.889	2.0	final
stage	sal	marketing	5	1		0.625	0.625	3.0	final
stage	sql	both	4	0	4300.00	0.800	0.800	11.0	final
stage	won	sales	2	2	3200.00	0.500	0.500		final
before-handoff	never-qualified	marketing	2						
at-handoff	rejected:not-a-fit	marketing	1						
at-handoff	recycled:no-budget	marketing	1						
at-handoff	unanswered	sales	1						
after-handoff	lost:competitor	sales	1		800.00				" "every cell of October"

# The numbers the funnel shares with the scoreboard are the scoreboard's.
run joint-kpi --period 2026-10 --format tsv
expect_eq "$(cut -f1,4 out | grep -E '^(mqls|acceptance_rate|sql_to_won|pipeline|revenue)	')" "mqls	8
acceptance_rate	0.625
sql_to_won	0.500
pipeline	4300.00
revenue	3200.00" "mqls, acceptance_rate, sql_to_won, pipeline and revenue as the funnel has them"
run handoff feedback --reasons --period 2026-10 --format tsv
expect_eq "$(cut -f2-4 out)" "reason	outcome	count
no-budget	recycled	1
not-a-fit	disqualified	1" "the rejections as handoff feedback counts them"

# November, as of now.
# count: lead n1..n5 = 5; mql n1 n3 n5 n2 and o2 again (11-19 12:00) = 5;
#   sal n1 n3 n2 = 3; sql n1 = 1 (3000); won n1 = 1 (3000).
# in_stage: lead n4; mql o2; sal n2 (n3 was recycled); sql none; won n1.
# cohort_rate: mql: n1 n2 n3 n5 of the five: 4/5; sal: of the 5 moves to
#   mql, n1 n3 n2: 3/5; sql: of n1 n3 n2, n1: 1/3; won: 1/1.
#   period_rate: 5/5, 3/5, 1/3, 1/1.
# median_days: lead n3 3, n1 1.375, n5 2, n2 5.375: the 2nd of 4 is 2;
#   mql n1 0.25, n3 1, n5 1, n2 3: 1; sal n1 1.375 (11-03 15:00 to 11-05),
#   n3 9: 1.4; sql o8 23 (sql 10-20, lost 11-12), n1 13: 13.
# maturity: the month is not over: immature.
# Leaks: never-qualified n4; recycled bad-timing n5 (from mql) and n3
#   (from sal); unanswered o2 (due 11-20 12:00); lost o8 no-budget, 500.
run joint-kpi funnel --period 2026-11 --format tsv
expect_status 0 "the November funnel"
expect_out "$header
stage	lead	marketing	5	1				2.0	
stage	mql	marketing	5	1		0.800	1.000	1.0	immature
stage	sal	marketing	3	1		0.600	0.600	1.4	immature
stage	sql	both	1	0	3000.00	0.333	0.333	13.0	immature
stage	won	sales	1	1	3000.00	1.000	1.000		immature
before-handoff	never-qualified	marketing	1						
at-handoff	recycled:bad-timing	marketing	2						
at-handoff	unanswered	sales	1						
after-handoff	lost:no-budget	sales	1		500.00				" "every cell of November"

# As of 2026-11-12 12:00: before n2's late accept (its deadline 11-11
# 09:00 has passed) and before n3's recycle; o8's loss (11-12 00:00) is
# seen, n1's win and o2's return are not.
# count: lead 5; mql n1 n3 n5 n2 = 4; sal n1 n3 = 2 (n2 not accepted
#   then); sql n1 = 1 (3000); won 0.
# in_stage: lead n4; mql n2; sal n3 (at its stage then); sql n1; won 0.
# cohort_rate: 4/5; sal n1 n3 of 4: 2/4; sql n1 of n1 n3: 1/2; won 0/1.
# median_days: lead as above, 2; mql n1 0.25, n3 1, n5 1: 1; sal n1
#   1.375: 1.4; sql o8 23.
# maturity: immature, won too: the usual time from sql to won is o1's 12
#   days (o9's move to won reached sql in the same move, which says
#   nothing of the time between them, and is left out).
# Leaks: never-qualified n4; recycled bad-timing n5 only; unanswered n2;
#   lost o8 no-budget, 500.
run joint-kpi funnel --period 2026-11 --as-of 2026-11-12T12:00:00Z --format tsv
expect_status 0 "November as of 11-12 12:00"
expect_out "$header
stage	lead	marketing	5	1				2.0	
stage	mql	marketing	4	1		0.800	0.800	1.0	immature
stage	sal	marketing	2	1		0.500	0.500	1.4	immature
stage	sql	both	1	1	3000.00	0.500	0.500	23.0	immature
stage	won	sales	0	0	0.00	0.000	0.000		immature
before-handoff	never-qualified	marketing	1						
at-handoff	recycled:bad-timing	marketing	1						
at-handoff	unanswered	sales	1						
after-handoff	lost:no-budget	sales	1		500.00				" "as of 11-12: the late accept is not an accept yet, the recycled lead is still at sal"
run joint-kpi --period 2026-11 --as-of 2026-11-12T12:00:00Z --format tsv
expect_eq "$(cut -f1,4,9 out | grep -E '^(mqls|acceptance_rate|sql_to_won)	')" "mqls	4	
acceptance_rate	0.500	immature
sql_to_won	0.000	immature" "the scoreboard as of then agrees, immaturity included"

# As of 2026-11-20 00:00: after the late accept, the recycle, n1's win
# and o2's return to mql (11-19 12:00, due 11-20 12:00: not late yet).
# count: lead 5; mql 5; sal n1 n3 n2 = 3; sql 1; won 1.
# in_stage: lead n4; mql o2; sal n2; sql none; won n1.
# cohort_rate: 4/5, 3/5, 1/3, 1/1; period_rate 5/5, 3/5, 1/3, 1/1.
# median_days: 2, 1 (n2's 3 days join), 1.4 (n3's 9 days join), 13.
# Leaks: recycled bad-timing n5 n3; unanswered none: n2 was answered
#   (late, which is no leak) and o2's window is still open.
run joint-kpi funnel --period 2026-11 --as-of 2026-11-20T00:00:00Z --format tsv
expect_status 0 "November as of 11-20"
expect_out "$header
stage	lead	marketing	5	1				2.0	
stage	mql	marketing	5	1		0.800	1.000	1.0	immature
stage	sal	marketing	3	1		0.600	0.600	1.4	immature
stage	sql	both	1	0	3000.00	0.333	0.333	13.0	immature
stage	won	sales	1	1	3000.00	1.000	1.000		immature
before-handoff	never-qualified	marketing	1						
at-handoff	recycled:bad-timing	marketing	2						
at-handoff	unanswered	sales	0						
after-handoff	lost:no-budget	sales	1		500.00				" "as of 11-20: the late accept counts, the recycle leaks, o2 still has time"

# September: s2's move from mql to lost reaches sal and sql with its 250;
# s1's opportunity leaves the pipeline without a close.
# count: lead s1 s2 o10 = 3; mql s1 s2 = 2; sal 2; sql 2 (700+250); won 0.
# in_stage: none: every lead of September has moved on since.
# cohort_rate: mql 3/3 (o10 reached it on 10-01); sal 2/2; sql 2/2; won
#   0/2.  period_rate 2/3, 2/2, 2/2, 0/2.
# median_days: lead s1 1, s2 1; mql s1 1, s2 17: 1; sal s1 2; sql s1 5.
# Leaks: none never qualified; no Sales rejection (a move out of sql is
#   none); nothing unanswered (s2's answer was the move to lost, late);
#   lost no-need 250, its own amount; dropped without a reason, 700.
run joint-kpi funnel --period 2026-09 --format tsv
expect_status 0 "the September funnel"
expect_out "$header
stage	lead	marketing	3	0				1.0	
stage	mql	marketing	2	0		1.000	0.667	1.0	final
stage	sal	marketing	2	0		1.000	1.000	2.0	final
stage	sql	both	2	0	950.00	1.000	1.000	5.0	final
stage	won	sales	0	0	0.00	0.000	0.000		final
before-handoff	never-qualified	marketing	0						
at-handoff	unanswered	sales	0						
after-handoff	lost:no-need	sales	1		250.00				
after-handoff	dropped	sales	1		700.00				" "every cell of September: skips, a loss with its amount, a dropped opportunity"

# The SLA clock is the one handoff config sets: with 200 hours o2's
# window (11-19 12:00) runs to 11-27 20:00, and o7's (10-15) had run out.
run handoff config sla_hours 200
expect_status 0 "a longer SLA"
run joint-kpi funnel --period 2026-11 --format tsv
expect_eq "$(grep unanswered out | cut -f4)" "0" "November: o2 still has time"
run joint-kpi funnel --period 2026-10 --format tsv
expect_eq "$(grep unanswered out | cut -f4)" "1" "October: o7 is still unanswered"
run handoff config sla_hours 24
expect_status 0 "the SLA back"

# formats: a table groups money; csv with --bom for Excel
run joint-kpi funnel --period 2026-10 --format table
expect_eq "$(grep '^stage  *sql' out | tr -s ' ')" "stage sql both 4 0 4,300.00 0.800 0.800 11.0 final" "a table groups money"
run joint-kpi funnel --period 2026-10 --format csv --bom
expect_eq "$(head -c 3 out | od -An -tx1 | tr -d ' ')" "efbbbf" "--bom starts the csv with a byte-order mark"
expect_eq "$(sed -n 2p out | tr -d '\r')" "stage,lead,marketing,9,1,,,,3.0," "csv keeps plain numbers"
run joint-kpi funnel --period 2026-10 --format json
expect_eq "$(sed -n 5p out)" '{"section":"stage","name":"sql","team":"both","count":4,"in_stage":0,"value":4300.00,"cohort_rate":0.800,"period_rate":0.800,"median_days":11.0,"maturity":"final"},' "json: numbers are numbers, empty cells null"

finish
