#!/usr/bin/env bash
# joint-kpi: every KPI of a fixture for two periods against figures
# worked out by hand, targets with their pro rata and status, the joint
# attainment score, --fail-on for cron, an as-of rebuild around a late
# accept and a recycle.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/fixtures/three-campaigns.sh"
run campaign-report spend spend.csv
expect_status 0 "spend loaded"

# October (as of 2026-11-23 12:00).  MQLs: a1 a2 a3 b1 c1 a4 c2 = 7;
# accepted a1 a3 (mql>won) b1 c1 (mql>sql): 4/7; reached sql a1 a3 c1:
# 3/7; of the 3 moves reaching sql, 2 won; closed 2 won, 1 lost.  MQL
# windows: answered within 24 h a1 a2 b1 c1 a4, a3 after 14 days, c2 past
# its deadline unanswered: 5/7; answers 24 h x5 and 336 h: p50 24, p90
# 336.  Cycles a1 10-06>10-20, a3 10-11>10-25: 14 days.  Pipeline
# 1000+500+800, all marketing-sourced; revenue 1200+500.  No opportunity
# open at the month's end: forecast 0, its share empty.  September had no
# MQL: no lead velocity.  Spend 690.50 over 9 new leads and 2 deals.
run joint-kpi --period 2026-10 --format tsv
expect_status 0 "the October scoreboard"
expect_out "kpi	team	better	actual	target	attainment	previous	change	status
mqls	marketing	higher	7			0	7	
acceptance_rate	marketing	higher	0.571					
mql_to_sql	both	higher	0.429					
sql_to_won	sales	higher	0.667					
win_rate	sales	higher	0.667					
sla_compliance	sales	higher	0.714					
response_p50_hours	sales	lower	24.0					
response_p90_hours	sales	lower	336.0					
cycle_p50_days	sales	lower	14.0					
cycle_p90_days	sales	lower	14.0					
pipeline	both	higher	2300.00			0.00	2300.00	
revenue	sales	higher	1700.00			0.00	1700.00	
sourced_pipeline_share	marketing	higher	1.000					
sourced_forecast_share	marketing	higher						
weighted_forecast	both	higher	0.00					
lead_velocity	marketing	higher						
spend	marketing	lower	690.50			0.00	690.50	
cpl	marketing	lower	76.72					
cac	both	lower	345.25					
roi	both	higher	1.462					
joint_attainment	both	higher						" "every KPI of October"

# November, not over (as of the 23rd noon).  MQLs a5 b4 and s1 (lead>sql
# reaches mql): 3; accepted a5, s1 (by its own move): 2/3; sql a5 s1:
# 2/3; both won: 1; closed 2 won.  Windows a5 b4 answered in 24 h.
# Cycles a5 11-04>11-10 6 days, s1 11-02>11-12 10 days: p50 6, p90 10.
# Pipeline 2000+300, 2000 marketing-sourced: 0.870.  Velocity
# (3-7)/7.  Spend 300, 3 new leads, 2 won; ROI (2300-300)/300.  The usual
# time mql>sal is a day, mql>sql 2, sql>won 4: the month is still young,
# its cohort rates immature.
run joint-kpi --period 2026-11 --format tsv
expect_status 0 "the November scoreboard"
expect_out "kpi	team	better	actual	target	attainment	previous	change	status
mqls	marketing	higher	3			7	-4	
acceptance_rate	marketing	higher	0.667			0.571	0.095	immature
mql_to_sql	both	higher	0.667			0.429	0.238	immature
sql_to_won	sales	higher	1.000			0.667	0.333	immature
win_rate	sales	higher	1.000			0.667	0.333	
sla_compliance	sales	higher	1.000			0.714	0.286	
response_p50_hours	sales	lower	24.0			24.0	0.0	
response_p90_hours	sales	lower	24.0			336.0	-312.0	
cycle_p50_days	sales	lower	6.0			14.0	-8.0	
cycle_p90_days	sales	lower	10.0			14.0	-4.0	
pipeline	both	higher	2300.00			2300.00	0.00	
revenue	sales	higher	2300.00			1700.00	600.00	
sourced_pipeline_share	marketing	higher	0.870			1.000	-0.130	
sourced_forecast_share	marketing	higher						
weighted_forecast	both	higher	0.00			0.00	0.00	
lead_velocity	marketing	higher	-0.571					
spend	marketing	lower	300.00			690.50	-390.50	
cpl	marketing	lower	100.00			76.72	23.28	
cac	both	lower	150.00			345.25	-195.25	
roi	both	higher	6.667			1.462	5.205	
joint_attainment	both	higher						" "every KPI of November, the young cohorts immature"

# Targets.  mqls for Q4 pro rata to October: 30 x 31/92 = 10.1, 7 of it
# 0.692, off track; acceptance 60%, 0.571/0.6 = 0.952, at risk (counts
# twice); revenue for October itself, 1700/2000 = 0.85; cpl (lower is
# better) 50/76.72 = 0.652.  Joint: (0.692 + 2 x 0.952 + 0.85 + 0.652)/5.
run joint-kpi target mqls 2026-Q4 30
expect_status 0 "a quarter's target"
run joint-kpi target --weight 2 acceptance_rate 2026-Q4 60%
expect_status 0 "a rate in percent, weighted"
run joint-kpi target revenue 2026-10 2000
expect_status 0 "a month's target"
run joint-kpi target cpl 2026-Q4 50
expect_status 0 "a lower-is-better target"
run joint-kpi --period 2026-10 --format tsv
targeted() { awk -F'\t' -v OFS='\t' '$5 != "" || NR == 1 || $1 == "joint_attainment" { print $1, $4, $5, $6, $9 }' out; }
expect_eq "$(targeted)" "kpi	actual	target	attainment	status
mqls	7	10.1	0.692	off-track
acceptance_rate	0.571	0.600	0.952	at-risk
revenue	1700.00	2000.00	0.850	off-track
cpl	76.72	50.00	0.652	off-track
joint_attainment	0.820			off-track" "targets, pro rata, attainment and the joint score"
run joint-kpi --period 2026-10 --at-risk 0.6 --format tsv
expect_eq "$(grep '^mqls\|^joint' out | cut -f1,9)" "mqls	at-risk
joint_attainment	at-risk" "--at-risk moves the threshold"
run joint-kpi --period 2026-10 --fail-on off-track --format tsv
expect_status 1 "--fail-on off-track: a KPI is off track"
run joint-kpi --period 2026-10 --fail-on off-track --at-risk 0.5 --format tsv
expect_status 0 "none off track with a lower threshold"
run joint-kpi --period 2026-10 --fail-on at-risk --at-risk 0.5 --format tsv
expect_status 1 "--fail-on at-risk: some are at risk"

# November is not over: the quarter's 30 MQLs pro rata to November (30 x
# 30/92 = 9.8) and to the part of it gone by (22.5 of 30 days): 7.34; 3
# of it 0.409.  The acceptance target meets an immature rate: no status of its
# own, and out of the joint score.
run joint-kpi --period 2026-11 --format tsv
expect_eq "$(targeted)" "kpi	actual	target	attainment	status
mqls	3	9.8	0.409	off-track
acceptance_rate	0.667	0.600	1.111	immature
cpl	100.00	50.00	0.500	off-track
joint_attainment	0.454			off-track" "on pace in a month not over; immature rates left out of the score"

# a sheet of targets with a bad row
printf '%s\n' 'kpi,period,target,weight' 'win_rate,2026-Q4,0.5,' 'pipeline,2026-Q4,"10,000.00",3' 'velocity,2026-Q4,1,' 'roi,someday,1,' >targets.csv
run joint-kpi target --from targets.csv -r bad-targets.csv
expect_status 1 "two rows refused"
expect_err "joint-kpi: targets.csv:4: kpi: 'velocity': no such KPI (joint-kpi -h lists them)
joint-kpi: targets.csv:5: period: 'someday': not a period
joint-kpi: targets.csv: 4 rows, 2 set, 2 rejected" "named by file, line and column"
run joint-kpi targets --format tsv
expect_eq "$(cut -f1-4 out)" "kpi	period	value	weight
acceptance_rate	2026-Q4	0.600	2
cpl	2026-Q4	50.00	1
mqls	2026-Q4	30	1
pipeline	2026-Q4	10000.00	3
revenue	2026-10	2000.00	1
win_rate	2026-Q4	0.500	1" "the targets, with their weights"
# a row refused for its weight sets nothing, its target neither
printf '%s\n' 'kpi,period,value,weight' 'win_rate,2026-Q4,0.9,heavy' >weights.csv
run joint-kpi target --from weights.csv
expect_err "joint-kpi: weights.csv:2: weight: 'heavy': not a weight from 0 to 1000
joint-kpi: weights.csv: 1 row, 0 set, 1 rejected" "a bad weight refuses the row"
expect_eq "$(q "select value from targets where kpi = 'win_rate' and period = '2026-Q4'")" 0.5 "and its target is not set"
run joint-kpi target nope 2026-Q4 1
expect_status 2 "an unknown KPI"
run joint-kpi target win_rate 2026-Q4 60%%
expect_status 2 "a bad rate"

# As of a moment: d1 becomes an MQL on 10-28 and is accepted late, on
# 11-02; d2 is accepted on 10-30 and recycled on 11-03.  As of 10-31
# October's MQLs are 9 and 5 accepted (d2, not yet d1); as of 11-23, 6:
# d1's late accept counts for its cohort, d2's later recycle does not
# undo its acceptance.
printf '%s\n' 'Email,Campaign,Created' 'd1@x.example,A,2026-10-27' 'd2@x.example,B,2026-10-27' >late.csv
run lead-import late.csv
expect_status 0 "two more leads"
printf '%s\n' 'Email,Stage,Time,Reason' 'd1@x.example,mql,2026-10-28,' 'd2@x.example,mql,2026-10-29,' 'd2@x.example,sal,2026-10-30,' 'd1@x.example,sal,2026-11-02,' 'd2@x.example,recycled,2026-11-03,bad-timing' >late-moves.csv
run handoff apply late-moves.csv
expect_status 0 "their moves"
run joint-kpi --period 2026-10 --as-of 2026-10-31T23:00:00 --format tsv
expect_eq "$(grep '^mqls\|^acceptance' out | cut -f1,4)" "mqls	9
acceptance_rate	0.556" "as of the month's end: d1 not accepted yet"
run joint-kpi --period 2026-10 --format tsv
expect_eq "$(grep '^mqls\|^acceptance' out | cut -f1,4)" "mqls	9
acceptance_rate	0.667" "later: the late accept counts, the recycle does not undo an accept"

# the cron script: silent while all is well, the scoreboard when not
KPI_PERIOD=2026-11 run "$ROOT/scripts/kpi-alert"
expect_status 1 "kpi-alert: November is off track"
expect_out_has "| mqls | marketing | higher | 3 | 9.8 | 0.409 |" "prints the scoreboard to mail"
run joint-kpi target cpl 2026-Q4 200
run joint-kpi target mqls 2026-Q4 3
KPI_PERIOD=2026-11 run "$ROOT/scripts/kpi-alert"
expect_status 0 "kpi-alert: all on track or at risk"
expect_out "" "prints nothing"
expect_err "" "not even on stderr"
KPI_PERIOD=2026-11 KPI_FAIL_ON=at-risk run "$ROOT/scripts/kpi-alert"
expect_status 1 "pipeline is at risk: 2300 of 10000 x 30/92 x 22.5/30 = 2445.65"
expect_out_has "| pipeline | both | higher | 2,300.00 | 3,260.87 | 0.940 |" "named, in the table format"
KPI_PERIOD=nope run "$ROOT/scripts/kpi-alert"
expect_status 2 "a bad period: joint-kpi's own message and status"
expect_out_has "joint-kpi: --period: 'nope'" "the message"

finish
