#!/usr/bin/env bash
# joint-kpi brief: the Markdown of a small fixture, every number worked out
# by hand (the derivations are in the comments); the HTML page (structure,
# escaping, nothing external, tidy, a render in headless Chromium); the
# mail (parsed as MIME, its HTML part checked as the page is); usage.
. "$(dirname "$0")/../lib.sh"

# Two weeks, as of Monday 2026-11-23 12:00 (UTC): 2026-W46 (11-09..11-15)
# and the brief's 2026-W47 (11-16..11-22).  W46: p1 spring (mql 11-10
# 09:00, sal 13:00, sql 11-11 1000, won 11-13 1000), p2 fair (mql 11-10
# 10:00, recycled 20:00 no-budget), p3 spring (mql 11-11 09:00, sal 15:00,
# sql 11-13 09:00 500).  W47: n1 spring (mql 11-16 09:00, sal 11:00, sql
# 11-17 2000, won 11-20 2000), n2 spring (mql 11-17 09:00, disqualified
# 11-19 09:00 not-a-fit), n3 fair (mql 11-17 10:00, recycled 16:00
# no-budget), n4 fair (mql 11-18 10:00, no answer), n5 =HYPERLINK (mql
# 11-19 09:00, sal 12:00), and p3 lost 11-21 to a competitor.  A campaign
# named like a script, one keyed like a spreadsheet formula, a note with
# markup in it: data, shown as written, never run.
cat >touches.csv <<'CSV'
Email,Campaign,Channel,Created
p1@x.example,spring,paid,2026-11-09 08:00
p2@x.example,fair,event,2026-11-09 09:00
p3@x.example,spring,paid,2026-11-10 08:00
n1@x.example,spring,paid,2026-11-16 08:00
n2@x.example,spring,paid,2026-11-16 09:00
n3@x.example,fair,event,2026-11-17 08:00
n4@x.example,fair,event,2026-11-18 08:00
n5@x.example,"=HYPERLINK(""evil"")",email,2026-11-18 09:00
CSV
cat >moves.csv <<'CSV'
Email,Stage,Time,Amount,Reason,Owner
p1@x.example,mql,2026-11-10 09:00,,,ann
p1@x.example,sal,2026-11-10 13:00,,,ann
p1@x.example,sql,2026-11-11 09:00,1000,,ann
p1@x.example,won,2026-11-13 09:00,1000,,ann
p2@x.example,mql,2026-11-10 10:00,,,bob
p2@x.example,recycled,2026-11-10 20:00,,no-budget,bob
p3@x.example,mql,2026-11-11 09:00,,,ann
p3@x.example,sal,2026-11-11 15:00,,,ann
p3@x.example,sql,2026-11-13 09:00,500,,ann
n1@x.example,mql,2026-11-16 09:00,,,ann
n1@x.example,sal,2026-11-16 11:00,,,ann
n1@x.example,sql,2026-11-17 09:00,2000,,ann
n1@x.example,won,2026-11-20 09:00,2000,,ann
n2@x.example,mql,2026-11-17 09:00,,,bob
n2@x.example,disqualified,2026-11-19 09:00,,not-a-fit,bob
n3@x.example,mql,2026-11-17 10:00,,,bob
n3@x.example,recycled,2026-11-17 16:00,,no-budget,bob
n4@x.example,mql,2026-11-18 10:00,,,bob
n5@x.example,mql,2026-11-19 09:00,,,ann
n5@x.example,sal,2026-11-19 12:00,,,ann
p3@x.example,lost,2026-11-21 09:00,,competitor,ann
CSV
cat >spend.csv <<'CSV'
date,campaign,channel,amount,currency
2026-11-09,spring,paid,80,EUR
2026-11-16,spring,paid,100,EUR
2026-11-17,fair,event,300,EUR
2026-11-18,"=HYPERLINK(""evil"")",email,25,EUR
CSV
run lead-import touches.csv
expect_status 0 "leads imported"
run handoff apply moves.csv
expect_status 0 "moves applied"
run campaign-report spend spend.csv
expect_status 0 "spend loaded"
run campaign-report set --name '<script>alert("x")</script>' spring
expect_status 0 "a campaign named like a script"
run campaign-report set --name 'Fair & Expo' fair
expect_status 0 "a name with an ampersand"
run handoff note --at "2026-11-18 12:00" --by ann n1@x.example 'Budget approved; wants <b>onboarding</b> | fast'
expect_status 0 "a note with markup"
run handoff note --at "2026-11-19 08:00" --by bob n3@x.example 'No budget before Q2, call again in March'
expect_status 0 "another note"
for t in "mqls 10" "acceptance_rate 60%" "sla_compliance 0.9" "revenue 1500" "win_rate 0.5"; do
	run joint-kpi target ${t% *} 2026-W47 ${t#* }
	expect_status 0 "target ${t% *}"
done
run joint-kpi target mqls 2026-W46 4
expect_status 0 "a target of the week before"

# ------------------------------------------------------------ Markdown
#
# Scoreboard (W47 against W46).  mqls 5 (3), target 10: 0.5, off track.
# acceptance_rate: of the 5 MQLs, n1 and n5 reached sal: 0.400 (W46 p1 p3
# of 3), target 0.6: 0.667, off track.  mql_to_sql 1/5 (W46 2/3) and
# sql_to_won 1/1 (W46 p1 of p1 p3) are immature: the period ended 12 hours
# before the as-of time, and the usual mql to sql is 24 hours (p1 24, p3
# 48, n1 24), sql to won 48 (p1 48, n1 72); acceptance's is 3 hours (p1 4,
# p3 6, n1 2, n5 3), so it is final.  win_rate: n1 won, p3 lost: 0.5 (W46
# 1/1), on target.  sla_compliance: answered within 24 hours n1 (2 h), n3
# (6 h), n5 (3 h); n2 after 48 h; n4 unanswered past its deadline: 3/5
# (W46 3/3).  Response hours 2, 3, 6, 48: p50 3 (nearest rank), p90 48
# (W46 4, 6, 10: 6 and 10).  Cycle n1 4 days (W46 p1 3).  Pipeline 2000
# (1500); revenue 2000 (1000) against 1500: attainment 1.333, counted as
# the cap 1.2.  Weighted forecast at the end of W47: no open opportunity
# (p3 lost, n1 won): 0, its share none; at the end of W46 p3's 500 at p1's
# 1/1.  Lead velocity (5 - 3) / 3.  Spend 100 + 300 + 25 = 425 (80); cpl
# 425 / 5 new leads (80 / 3); cac 425 / 1 won; roi (2000 - 425) / 425.
# Joint attainment (0.5 + 0.667 + 1 + 0.667 + 1.2) / 5 = 0.807; in W46,
# with only the mqls target (3 of 4), 0.750.
#
# What changed: MQLs 3 -> 5; reaching sal p1 p3 -> n1 n5; sql p1 p3 (1500)
# -> n1 (2000: p3's move to lost reaches no stage); won p1 1000 -> n1 2000;
# lost none -> p3 with its 500 of pipeline.  Stuck at the end of W46: p3
# in sql since 11-13 09:00, longer than the 2 days sql to won took p1;
# at the end of W47 (11-22 23:59:59): n4 in mql 4.6 days (usual 3 hours:
# 0.1 days), n5 in sal 3.5 days (usual sal to sql 22 hours of p1 20, n1
# 22, p3 42: 0.9 days).
#
# Funnel: new leads 5 (3), then the stages as above; the cohorts: mql to
# sal 2/5, sal to sql n1 of n1 n5 (immature: usual 22 hours), sql to won
# 1/1, mql to sql 1/5.  Leaks: Sales' first answers to the 5 MQLs: n2 n3
# turned down, n4 unanswered; n5 not qualified; p3 lost.
#
# SLA: n4 open, due 11-19 10:00, 98 hours late at 11-23 12:00; n2 due
# 11-18 09:00, answered 24 hours late.  Reasons: no-budget (n3, fair) and
# not-a-fit (n2, spring) once each: the tie goes by name.  Campaigns
# (linear): spring spent 100 and has n1's 2000: ROI 19; fair 300 and
# =HYPERLINK 25 brought nothing: -1.  Of 3 campaigns with ROI, the best
# one and the worst two (ties by key); the same by SQLs (spring 1, the
# others 0).
cat >want.md <<'MD'
# Joint meeting brief: 2026-W47

Sales and Marketing, 2026-W47 (2026-11-16 to 2026-11-22), against 2026-W46; the numbers as the events stood at 2026-11-23 12:00.

Every number comes from the smk database, as joint-kpi, campaign-report and handoff show it; the open questions at the end follow from the sections before them.

## Scoreboard

| KPI | team | actual | target | status | previous | change |
| --- | --- | ---: | ---: | --- | ---: | ---: |
| mqls | marketing | 5 | 10 | off-track | 3 | +2 |
| acceptance_rate | marketing | 0.400 | 0.600 | off-track | 0.667 | -0.267 |
| mql_to_sql | both | 0.200 |  | immature | 0.667 | -0.467 |
| sql_to_won | sales | 1.000 |  | immature | 0.500 | +0.500 |
| win_rate | sales | 0.500 | 0.500 | on-track | 1.000 | -0.500 |
| sla_compliance | sales | 0.600 | 0.900 | off-track | 1.000 | -0.400 |
| response_p50_hours | sales | 3.0 |  |  | 6.0 | -3.0 |
| response_p90_hours | sales | 48.0 |  |  | 10.0 | +38.0 |
| cycle_p50_days | sales | 4.0 |  |  | 3.0 | +1.0 |
| cycle_p90_days | sales | 4.0 |  |  | 3.0 | +1.0 |
| pipeline | both | 2,000.00 EUR |  |  | 1,500.00 EUR | +500.00 EUR |
| revenue | sales | 2,000.00 EUR | 1,500.00 EUR | on-track | 1,000.00 EUR | +1,000.00 EUR |
| sourced_pipeline_share | marketing | 1.000 |  |  | 1.000 | 0.000 |
| sourced_forecast_share | marketing |  |  |  | 1.000 |  |
| weighted_forecast | both | 0.00 EUR |  |  | 500.00 EUR | -500.00 EUR |
| lead_velocity | marketing | 0.667 |  |  |  |  |
| spend | marketing | 425.00 EUR |  |  | 80.00 EUR | +345.00 EUR |
| cpl | marketing | 85.00 EUR |  |  | 26.67 EUR | +58.33 EUR |
| cac | both | 425.00 EUR |  |  | 80.00 EUR | +345.00 EUR |
| roi | both | 3.706 |  |  | 11.500 | -7.794 |

Joint attainment score: 0.807 (off-track), over the KPIs with a target.

## What changed

| measure | 2026-W46 | 2026-W47 | change |
| --- | ---: | ---: | ---: |
| MQLs | 3 | 5 | +2 |
| accepted by Sales (reached sal) | 2 | 2 | 0 |
| new opportunities (reached sql) | 2 | 1 | -1 |
| new pipeline | 1,500.00 EUR | 2,000.00 EUR | +500.00 EUR |
| deals won | 1 | 1 | 0 |
| revenue won | 1,000.00 EUR | 2,000.00 EUR | +1,000.00 EUR |
| deals lost | 0 | 1 | +1 |
| pipeline lost | 0.00 EUR | 500.00 EUR | +500.00 EUR |
| stuck past the usual time in their stage | 1 | 2 | +1 |

Counts and amounts of the moves dated in each period; stuck: the leads in mql, sal or sql at the end of the period (or now) for longer than the median time to the next stage over the last 365 days.

2 leads are past the usual time in their stage at 2026-11-22 23:59, the oldest first:

| lead | stage | owner | since | days in stage | usual days | amount |
| --- | --- | --- | --- | ---: | ---: | ---: |
| n4@x.example | mql | bob | 2026-11-18 10:00 | 4.6 | 0.1 |  |
| n5@x.example | sal | ann | 2026-11-19 12:00 | 3.5 | 0.9 |  |

## Funnel and leaks

Leads reaching each stage in 2026-W47, against 2026-W46:

| stage | 2026-W46 | 2026-W47 |
| --- | ---: | ---: |
| new leads | 3 | 5 |
| mql | 3 | 5 |
| sal | 2 | 2 |
| sql | 2 | 1 |
| won | 1 | 1 |

Of the leads that reached a stage in 2026-W47, those that went on by the as-of time:

| step | cohort | went on | rate |  |
| --- | ---: | ---: | ---: | --- |
| mql to sal (accepted) | 5 | 2 | 0.400 |  |
| sal to sql (qualified) | 2 | 1 | 0.500 | immature |
| sql to won | 1 | 1 | 1.000 | immature |
| mql to sql | 5 | 1 | 0.200 | immature |

| where leads leak | leads | team |
| --- | ---: | --- |
| MQLs turned down by Sales | 2 | marketing |
| MQLs without an answer from Sales | 1 | sales |
| accepted, not (yet) qualified | 1 | sales |
| opportunities not (yet) won | 0 | sales |
| deals lost in the period | 1 | sales |

MQLs turned down and unanswered: Sales' first answer to the MQLs of the period; rejections are Marketing's to act on (their reasons below), answers are Sales'.

## Trends

Each KPI over the last 8 periods, 2026-W40 to 2026-W47, and the target of 2026-W47.

| KPI | 2026-W40 | 2026-W41 | 2026-W42 | 2026-W43 | 2026-W44 | 2026-W45 | 2026-W46 | 2026-W47 | target |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| mqls | 0 | 0 | 0 | 0 | 0 | 0 | 3 | 5 | 10 |
| acceptance_rate |  |  |  |  |  |  | 0.667 | 0.400 | 0.600 |
| mql_to_sql |  |  |  |  |  |  | 0.667 | 0.200 |  |
| sql_to_won |  |  |  |  |  |  | 0.500 | 1.000 |  |
| win_rate |  |  |  |  |  |  | 1.000 | 0.500 | 0.500 |
| sla_compliance |  |  |  |  |  |  | 1.000 | 0.600 | 0.900 |
| response_p50_hours |  |  |  |  |  |  | 6.0 | 3.0 |  |
| response_p90_hours |  |  |  |  |  |  | 10.0 | 48.0 |  |
| cycle_p50_days |  |  |  |  |  |  | 3.0 | 4.0 |  |
| cycle_p90_days |  |  |  |  |  |  | 3.0 | 4.0 |  |
| pipeline | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 1,500.00 EUR | 2,000.00 EUR |  |
| revenue | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 1,000.00 EUR | 2,000.00 EUR | 1,500.00 EUR |
| sourced_pipeline_share |  |  |  |  |  |  | 1.000 | 1.000 |  |
| sourced_forecast_share |  |  |  |  |  |  | 1.000 |  |  |
| weighted_forecast |  |  |  |  |  |  | 500.00 EUR | 0.00 EUR |  |
| lead_velocity |  |  |  |  |  |  |  | 0.667 |  |
| spend | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR | 80.00 EUR | 425.00 EUR |  |
| cpl |  |  |  |  |  |  | 26.67 EUR | 85.00 EUR |  |
| cac |  |  |  |  |  |  | 80.00 EUR | 425.00 EUR |  |
| roi |  |  |  |  |  |  | 11.500 | 3.706 |  |
| joint_attainment |  |  |  |  |  |  | 0.750 | 0.807 | 1.000 |

## SLA breaches

2 MQLs past the SLA: 1 still waiting for an answer, 1 of 2026-W47 answered late. By owner: bob 2.

| lead | owner | campaign | mql at | due at | hours late | state |
| --- | --- | --- | --- | --- | ---: | --- |
| n4@x.example | bob | fair | 2026-11-18 10:00 | 2026-11-19 10:00 | 98.0 | open |
| n2@x.example | bob | spring | 2026-11-17 09:00 | 2026-11-18 09:00 | 24.0 | late |

## Rejection and loss reasons

Why Sales turned MQLs down in 2026-W47, the commonest first (handoff feedback --reasons has them per campaign):

| reason | turned down | recycled | disqualified | most from |
| --- | ---: | ---: | ---: | --- |
| no-budget | 1 | 1 | 0 | fair |
| not-a-fit | 1 | 0 | 1 | spring |

Why deals were lost in 2026-W47:

| reason | deals lost | pipeline lost |
| --- | ---: | ---: |
| competitor | 1 | 500.00 EUR |

## Campaign results

All campaigns of 2026-W47 spent 425.00 EUR and brought 2,000.00 EUR of revenue, ROI 3.706 (campaign-report --period 2026-W47; revenue credited by linear attribution).

| listed for | campaign | name | spend | sql | pipeline | revenue | roi |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |
| best ROI | spring | \<script\>alert("x")\</script\> | 100.00 EUR | 1 | 2,000.00 EUR | 2,000.00 EUR | 19.000 |
| worst ROI | fair | Fair & Expo | 300.00 EUR | 0 | 0.00 EUR | 0.00 EUR | -1.000 |
| worst ROI | =HYPERLINK("evil") |  | 25.00 EUR | 0 | 0.00 EUR | 0.00 EUR | -1.000 |
| most SQLs | spring | \<script\>alert("x")\</script\> | 100.00 EUR | 1 | 2,000.00 EUR | 2,000.00 EUR | 19.000 |
| fewest SQLs | fair | Fair & Expo | 300.00 EUR | 0 | 0.00 EUR | 0.00 EUR | -1.000 |
| fewest SQLs | =HYPERLINK("evil") |  | 25.00 EUR | 0 | 0.00 EUR | 0.00 EUR | -1.000 |

## Sales notes

- 2026-11-18 12:00, ann on n1@x.example (spring): Budget approved; wants \<b\>onboarding\</b\> \| fast
- 2026-11-19 08:00, bob on n3@x.example (fair): No budget before Q2, call again in March

## Open questions

1. **Marketing**: mqls is off-track: 5 against a target of 10. What will change it?
2. **Marketing**: acceptance_rate is off-track: 0.400 against a target of 0.600. What will change it?
3. **Sales**: sla_compliance is off-track: 0.600 against a target of 0.900. What will change it?
4. **Sales**: 1 lead has been in mql longer than the usual 0.1 days: move it on, or recycle it?
5. **Sales**: 1 lead has been in sal longer than the usual 0.9 days: move it on, or recycle it?
6. **Sales**: 2 MQLs waited past the SLA, most of them bob's (2): what keeps Sales from answering in time?
7. **Marketing**: Sales turned down 1 MQL as no-budget, most from fair: should the targeting or the scoring change there?
8. **Sales**: 1 deal (500.00 EUR) lost to competitor: what would have changed the outcome?
9. **Marketing**: fair spent 300.00 EUR and brought 0.00 EUR of revenue (ROI -1.000): keep, fix or stop it?

MD
run joint-kpi brief --format md
expect_status 0 "the Markdown brief"
if diff -u want.md out >md.diff; then
	ok "the Markdown brief, every section, as worked out above"
else
	not_ok "the Markdown brief, every section, as worked out above"
	sed 's/^/#   /' md.diff | head -n 60
fi
run joint-kpi brief
expect_eq "$(cat out)" "$(cat want.md)" "Markdown and last-week by default"
run joint-kpi brief -o brief.md --period 2026-W47
expect_status 0 "-o writes a file"
expect_eq "$(cat out)" "" "and nothing to stdout"
expect_eq "$(cat brief.md)" "$(cat want.md)" "the same brief"
expect_eq "$(ls brief.md* | wc -l | tr -d ' ')" "1" "no temporary file left beside it"

# As it stood on 11-18 at noon: n1 n2 n3 n4 were MQLs; n1 accepted, n3
# turned down, n2 and n4 unanswered; n2 in mql for 1.1 days against the
# usual 4 hours (p1 4, p3 6, n1 2), and 3 hours past its SLA deadline
# (11-18 09:00); n4 not yet past its own.
run joint-kpi brief --period 2026-W47 --as-of "2026-11-18 12:00"
expect_status 0 "--as-of"
expect_eq "$(grep -e '^| MQLs ' -e '^| n2@x' out)" "| MQLs | 3 | 4 | +1 |
| n2@x.example | mql | bob | 2026-11-17 09:00 | 1.1 | 0.2 |  |
| MQLs turned down by Sales | 1 | marketing |
| MQLs without an answer from Sales | 2 | sales |
| n2@x.example | bob | spring | 2026-11-17 09:00 | 2026-11-18 09:00 | 3.0 | open |" "--as-of: the week as it stood"

# ---------------------------------------------------------------- HTML
run joint-kpi brief --format html -o brief.html
expect_status 0 "the HTML brief"
h=brief.html
expect_eq "$(head -c 15 $h)" "<!DOCTYPE html>" "an HTML5 document"
expect_eq "$(tail -n 1 $h)" "</html>" "complete"
expect_eq "$(grep -o '<section id="[a-z]*">' $h | tr '\n' ' ')" '<section id="scoreboard"> <section id="changes"> <section id="funnel"> <section id="trends"> <section id="sla"> <section id="reasons"> <section id="campaigns"> <section id="notes"> <section id="questions"> ' "every section, in order"
expect_eq "$(grep -ci '<script' $h)" "0" "no script element"
expect_eq "$(grep -Eci '(src|href|action|srcset|xmlns)=|url\(|@import|<(link|img|iframe|object|embed|base|form)|https?:' $h)" "0" "nothing fetched: no URL, link, image or import"
expect_eq "$(grep -Eci ' on[a-z]+=' $h)" "0" "no event handler"
expect_eq "$(grep -c "default-src 'none'" $h)" "1" "a Content-Security-Policy forbids scripts and fetches"
expect_eq "$(grep -o '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' $h | head -n 1)" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' "a campaign named like a script is text"
expect_eq "$(grep -c 'Fair &amp; Expo' $h)" "2" "an ampersand is escaped"
expect_eq "$(grep -c 'wants &lt;b&gt;onboarding&lt;/b&gt; | fast' $h)" "1" "a note's markup is text"
expect_eq "$(grep -c '=HYPERLINK(&quot;evil&quot;)' $h)" "2" "a formula-like key is text"
expect_eq "$(grep -c '<svg ' $h)" "22" "SVG charts: the funnel and the 21 trends"
expect_eq "$(grep -c '<td><span class="st st-off-track">off-track</span></td>' $h)" "3" "statuses as badges"

# The validators and the browser are the project's check dependencies
# (scripts/deps); a machine without them skips these, it installs nothing.
skip() { tn=$((tn + 1)); echo "ok $tn - $1 # SKIP $2"; }

# tidy: no error, and no warning either
tidy_check() { # tidy_check FILE DESC
	if ! command -v tidy >/dev/null 2>&1; then
		skip "$2: tidy" "tidy is not installed"
		skip "$2: tidy, no warning" "tidy is not installed"
		return
	fi
	tidy -q -e "$1" >tidy.out 2>&1
	st=$?
	if [ "$st" -lt 2 ]; then ok "$2: tidy finds no error"; else
		not_ok "$2: tidy finds errors"; show tidy.out; fi
	if [ "$st" -eq 0 ]; then ok "$2: tidy, no warning"; else
		not_ok "$2: tidy warns"; show tidy.out; fi
}

# png.pl FILE: "WIDTH HEIGHT COLOURS NONWHITE_PERMILLE BLUE" of an 8-bit
# RGB(A) PNG: its distinct colours, its share of pixels that are not
# white, and its pixels of the charts' blue (#2f6feb).  Perl's core
# modules only.
cat >png.pl <<'PERL'
use strict; use warnings; use Compress::Zlib;
my $f = shift; open(my $fh, '<:raw', $f) or die "$f: $!\n";
local $/; my $d = <$fh>;
substr($d, 0, 8) eq "\x89PNG\r\n\x1a\n" or die "$f: not a PNG\n";
my ($w, $h, $depth, $type, $idat, $p) = (0, 0, 0, 0, '', 8);
while ($p + 8 <= length $d) {
	my ($len, $t) = unpack('N A4', substr($d, $p, 8));
	my $body = substr($d, $p + 8, $len);
	($w, $h, $depth, $type) = unpack('N N C C', $body) if $t eq 'IHDR';
	$idat .= $body if $t eq 'IDAT';
	$p += 12 + $len;
}
$depth == 8 && ($type == 2 || $type == 6) or die "$f: colour type $type, depth $depth\n";
my $bpp = $type == 6 ? 4 : 3;
my $raw = uncompress($idat) // die "$f: bad image data\n";
my $stride = $w * $bpp;
my @prev = (0) x $stride;
my %col;
my ($nonwhite, $blue) = (0, 0);
for my $y (0 .. $h - 1) {
	my $off = $y * ($stride + 1);
	my $ft = ord substr($raw, $off, 1);
	my @c = unpack('C*', substr($raw, $off + 1, $stride));
	for my $i (0 .. $stride - 1) {
		my $a = $i >= $bpp ? $c[$i - $bpp] : 0;
		my $b = $prev[$i];
		my $cc = $i >= $bpp ? $prev[$i - $bpp] : 0;
		if ($ft == 1) { $c[$i] = ($c[$i] + $a) & 255 }
		elsif ($ft == 2) { $c[$i] = ($c[$i] + $b) & 255 }
		elsif ($ft == 3) { $c[$i] = ($c[$i] + int(($a + $b) / 2)) & 255 }
		elsif ($ft == 4) {
			my $q = $a + $b - $cc;
			my ($pa, $pb, $pc) = (abs($q - $a), abs($q - $b), abs($q - $cc));
			$c[$i] = ($c[$i] + (($pa <= $pb && $pa <= $pc) ? $a :
			    $pb <= $pc ? $b : $cc)) & 255;
		}
	}
	for (my $i = 0; $i < $stride; $i += $bpp) {
		my ($r, $g, $b) = @c[$i .. $i + 2];
		$col{"$r,$g,$b"} = 1;
		$nonwhite++ if $r < 245 || $g < 245 || $b < 245;
		$blue++ if abs($r - 47) < 24 && abs($g - 111) < 24 &&
		    abs($b - 235) < 24;
	}
	@prev = @c;
}
printf "%d %d %d %d %d\n", $w, $h, scalar keys %col,
    int(1000 * $nonwhite / ($w * $h)), $blue;
PERL

chromium_bin=$(command -v chromium || command -v chromium-browser || true)
# shot FILE.html FILE.png WIDTH HEIGHT: headless, offline, a fresh profile
shot() {
	rm -rf profile
	timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$PWD/profile" --window-size="$3,$4" \
	    --screenshot="$PWD/$2" "file://$PWD/$1" >chromium.log 2>&1
}
# render FILE DESC: the page drawn, not blank, its charts in their blue
render_check() {
	if [ -z "$chromium_bin" ]; then
		skip "$2: rendered by Chromium" "chromium is not installed"
		skip "$2: the render is not blank" "chromium is not installed"
		return
	fi
	rm -f "$1.png"
	shot "$1" "$1.png" 1000 2400
	if [ -s "$1.png" ] && stats=$(perl png.pl "$1.png"); then
		ok "$2: rendered by Chromium ($stats)"
	else
		not_ok "$2: rendered by Chromium"; show chromium.log
		skip "$2: the render is not blank" "no render"
		return
	fi
	set -- $stats "$2"
	# 1000 x 2400 as asked; text and tables cover more than 3% of it,
	# with hundreds of colours (anti-aliased text, the status colours);
	# the funnel's bars alone are thousands of blue pixels
	if [ "$1 $2" = "1000 2400" ] && [ "$3" -gt 100 ] && [ "$4" -gt 30 ] &&
	    [ "$5" -gt 5000 ]; then
		ok "$6: the render is not blank"
	else
		not_ok "$6: the render is not blank: $*"
	fi
}

tidy_check brief.html "the HTML brief"
render_check brief.html "the HTML brief"
# the check above can fail: a blank page is told apart
if [ -n "$chromium_bin" ]; then
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>x</title></head><body></body></html>\n' >blank.html
	shot blank.html blank.png 200 200
	expect_eq "$(perl png.pl blank.png 2>&1)" "200 200 1 0 0" "a blank page renders as blank"
else
	skip "a blank page renders as blank" "chromium is not installed"
fi

# ---------------------------------------------------------------- mail
subject='Brief der Woche – Sales & Marketing, KW 47 (ein Betreff, der länger ist als eine Zeile)'
run joint-kpi brief --format email --to 'sales@x.example, marketing@x.example' --from 'smk <smk@x.example>' --subject "$subject"
expect_status 0 "the mail"
cp out brief.eml
expect_eq "$(sed -n '/^$/q;p' brief.eml | grep -v '^ ' | cut -d: -f1 | tr '\n' ' ')" "Date From To Subject Message-ID Auto-Submitted MIME-Version Content-Type " "the header fields"
expect_eq "$(grep '^Date:' brief.eml)" "Date: Mon, 23 Nov 2026 12:00:00 +0000" "Date in RFC 5322 form"
expect_eq "$(grep -c '^Message-ID: <brief\.2026-W47\.[0-9]*\.[0-9]*\.[0-9a-f]\{16\}@x\.example>$' brief.eml)" "1" "a Message-ID in the sender's domain"
expect_eq "$(awk 'length > 76' brief.eml | wc -l | tr -d ' ')" "0" "no line longer than 76 characters"
expect_eq "$(grep -c -e '^\.' -e '^From ' brief.eml)" "0" "no line a transport would take for an end or a new message"
expect_eq "$(LC_ALL=C grep -c '[^ -~]' brief.eml)" "0" "7-bit: nothing but printable ASCII"

# The message parsed as MIME (tests/lib.sh: Python's email package, else
# Perl's core modules).
mime_check brief.eml 'sales@x.example, marketing@x.example' "$subject" smk@x.example
if [ "$(cat mime.out)" = parsed ]; then ok "parsed as MIME: header, subject, two alternative parts"; else
	not_ok "parsed as MIME"; show mime.out; fi
# the text part: the Markdown without its escapes
sed -e 's/\\\([][<>|`\\]\)/\1/g' -e 's/\*\*//g' want.md >want.txt
if diff -u want.txt mail.txt >txt.diff; then ok "the text part is the brief as plain text"; else
	not_ok "the text part is the brief as plain text"; show txt.diff; fi
expect_eq "$(grep -c 'wants <b>onboarding</b> | fast' mail.txt)" "1" "a note as written in the text part"
m=mail.html
expect_eq "$(grep -ci '<script' $m)" "0" "the mail's HTML: no script"
expect_eq "$(grep -Eci '<(svg|img|link|style)|(src|href|xmlns)=|url\(|https?:' $m)" "0" "the mail's HTML: no SVG, image, style sheet or URL"
expect_eq "$(grep -c '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' $m)" "2" "the mail's HTML: names escaped"
# off track: in W47 mqls, acceptance_rate, sla_compliance and the joint
# score, in W46 mqls and the joint score
expect_eq "$(grep -o 'border-top:[0-9]*px solid #fff;background-color:#cf222e' $m | wc -l | tr -d ' ')" "6" "trends as cells: bars coloured by status"
expect_eq "$(grep -c 'Budget approved' $m)" "1" "the notes are there"
tidy_check $m "the mail's HTML"
render_check $m "the mail's HTML"

run joint-kpi brief --format email --to team@x.example
expect_status 0 "a mail with the defaults"
expect_eq "$(grep -e '^From:' -e '^Subject:' out | sed 's/@.*//')" "From: tester
Subject: Joint meeting brief: 2026-W47" "From the user, a subject naming the period"

# ---------------------------------------------------------------- usage
run joint-kpi -h
expect_status 0 "-h"
squeeze() { tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }
if command -v mandoc >/dev/null 2>&1; then
	expect_eq "$(sed 's/^usage: //' out | squeeze)" "$(mandoc -T ascii "$ROOT/man/joint-kpi.1" | sed 's/.\x08//g' | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | squeeze)" "-h matches the SYNOPSIS of joint-kpi.1"
else
	skip "-h matches the SYNOPSIS" "mandoc is not installed"
fi
run joint-kpi brief --format pdf
expect_status 2 "an unknown form"
expect_err "joint-kpi: --format: expected md, html or email, got 'pdf'" "named"
run joint-kpi brief --to a@x.example
expect_status 2 "--to without a mail"
expect_err "joint-kpi: brief: --to, --from and --subject go with --format email" "said so"
run joint-kpi brief --format email
expect_status 2 "a mail without --to"
expect_err "joint-kpi: brief: --format email needs --to" "said so"
run joint-kpi brief --format email --to "$(printf 'a@x.example\nBcc: all@y.example')"
expect_status 2 "a header cannot be smuggled in"
expect_err_has "an address must be printable ASCII on one line" "said so"
run joint-kpi brief --bom
expect_status 2 "a scoreboard option"
expect_err_has "joint-kpi: brief: option '--bom' does not apply" "named"
run joint-kpi brief -o nowhere/brief.html --format html
expect_status 3 "-o into a missing directory"
[ -e nowhere ] && not_ok "writes nothing" || ok "writes nothing"
run joint-kpi -d missing.db brief
expect_status 3 "a brief of a missing database"
[ -e missing.db ] && not_ok "creates no database" || ok "creates no database"

finish
