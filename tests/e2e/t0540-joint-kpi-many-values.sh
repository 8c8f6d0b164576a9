#!/usr/bin/env bash
# joint-kpi over more values than a median keeps in memory (4096): the
# medians are those of a sort, the temporary file is gone after the run,
# and a TMPDIR that is not there is a failure naming it, not a wrong number.
. "$(dirname "$0")/../lib.sh"

# 5000 leads created 10-01, each an MQL 10-02 00:00 accepted (sal) i % 97
# hours later: 5000 response times and 5000 times in mql.
awk 'BEGIN {
	print "Email,Campaign,Channel,Created"
	for (i = 1; i <= 5000; i++)
		printf "l%d@x.example,A,paid,2026-10-01\n", i
}' >leads.csv
awk 'BEGIN {
	print "Email,Stage,Time"
	for (i = 1; i <= 5000; i++) {
		h = i % 97
		printf "l%d@x.example,mql,2026-10-02 00:00\n", i
		printf "l%d@x.example,sal,2026-10-%02d %02d:00\n", i,
		    2 + int(h / 24), h % 24
	}
}' >moves.csv
# The nearest-rank quantile of the hours (days: over 24), from a sort.
nearest() { # nearest Q DIVISOR
	awk 'BEGIN { for (i = 1; i <= 5000; i++) print i % 97 }' | sort -n |
	    awk -v q="$1" -v d="$2" '{ v[NR] = $1 }
	    END { k = q * NR; if (k > int(k)) k = int(k) + 1
	        printf "%.1f\n", v[k] / d }'
}

run lead-import -q leads.csv
expect_status 0 "5000 leads"
run handoff apply moves.csv
expect_status 0 "and their moves"

mkdir tmp
run env TMPDIR="$SCRATCH/tmp" joint-kpi --period 2026-10 --format tsv
expect_status 0 "the scoreboard"
expect_eq "$(grep -E '^response_p(50|90)_hours	' out | cut -f4)" \
    "$(nearest 0.5 1; nearest 0.9 1)" "the hours' median and 90th percentile"
expect_eq "$(ls -A tmp)" "" "no temporary file left"

run env TMPDIR="$SCRATCH/tmp" joint-kpi funnel --period 2026-10 --format tsv
expect_status 0 "the funnel"
expect_eq "$(grep -E '^stage	(lead|mql)	' out | cut -f2,9)" "lead	1.0
mql	$(nearest 0.5 24)" "its median days in lead and in mql"
expect_eq "$(ls -A tmp)" "" "no temporary file left"

for cmd in "" funnel "brief --format md"; do
	# valgrind itself cannot start without its TMPDIR
	# (scripts/valgrind-run); test_dist checks the same failure there
	if [ "${SMK_VALGRIND:-0}" = 1 ]; then
		ok "${cmd:-scoreboard}: TMPDIR not there # SKIP under valgrind"
		continue
	fi
	# shellcheck disable=SC2086
	run env TMPDIR="$SCRATCH/missing" joint-kpi $cmd --period 2026-10
	expect_status 3 "${cmd:-scoreboard}: TMPDIR not there"
	expect_err "joint-kpi: $SCRATCH/missing: cannot create temporary file: No such file or directory" \
	    "${cmd:-scoreboard}: the message names it"
	expect_out "" "${cmd:-scoreboard}: and nothing is printed"
done

# An empty TMPDIR is /tmp.
run env TMPDIR= joint-kpi --period 2026-10 --format tsv
expect_status 0 "an empty TMPDIR"

finish
