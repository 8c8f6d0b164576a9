#!/usr/bin/env bash
# Every tool at once on one database, round after round, as overlapping
# cron jobs would run them: two importers, handoff apply of a CRM export,
# a round robin, a spend load and a target change write while
# campaign-report, joint-kpi and handoff queue read.  No writer fails or
# waits in vain ("database is locked"), the end state is a serial run's
# (no row lost or doubled), and every report shows a state that held at
# some commit, never half a batch or two moments mixed.
#   ROUNDS= rounds (6)   CONC_LEADS= leads before (3000)
#   CONC_ROWS= rows an import file (1500)
. "$(dirname "$0")/../lib.sh"

rounds=${ROUNDS:-6}
nbase=${CONC_LEADS:-3000}
nrows=${CONC_ROWS:-1500}
period=2024-01-01..2026-11-23
echo "# $rounds rounds, $nbase leads before, $nrows rows an import file"

# --- the inputs of every round
"$ROOT/scripts/gen-leads" -n "$nbase" -s 21 -d 0 -p base. >base.csv
# stage changes for about half the leads, dealt out to the rounds lead
# by lead (a lead's changes stay in order, in one round)
"$ROOT/scripts/gen-stage-changes" -n $((nbase * 3 / 2)) -s 22 base.csv >changes.csv
awk -F, -v R="$rounds" 'NR == 1 { for (r = 1; r <= R; r++) print > ("c" r ".csv"); next }
	!($1 in rd) { rd[$1] = n++ % R + 1 }
	{ print > ("c" rd[$1] ".csv") }' changes.csv
# the round robin takes leads no change touches
printf 'ann\nbob\ncy\ndee\n' >reps.txt
awk -F, 'NR > 1 { print $1 }' changes.csv | sort -u >changed.txt
awk -F, 'NR > 1 { k = tolower($1); gsub(/ /, "", k); print k }' base.csv | sort -u |
    comm -23 - changed.txt | awk -v R="$rounds" '{ print > ("k" (NR % R + 1) ".txt") }'
for r in $(seq 1 "$rounds"); do
	# distinct people per file, and one person both files bring
	for f in a b; do
		seed=$((r * 2))
		[ "$f" = a ] || seed=$((seed + 1))
		"$ROOT/scripts/gen-leads" -n "$nrows" -s "$seed" -d 0 -p "$f$r." | tr -d '\r' >"$f$r.csv"
		printf 'shared%s@example.com,Sam,Shared,,,,,,2026-q1-01,email,2026-01-0%s 10:00:00,lead,\n' \
		    "$r" "$((r % 9 + 1))" >>"$f$r.csv"
	done
	# new campaign-days every round: the total spend only grows
	awk -v r="$r" 'BEGIN { srand(r); print "date,campaign,amount,currency"
	for (c = 1; c <= 20; c++) for (d = 0; d < 25; d++)
		printf "%s,r%d-c%d,%d.%02d,EUR\n", strftime("%Y-%m-%d", 1767225600 + d * 86400, 1),
		    r, c, 1 + int(rand() * 900), int(rand() * 100) }' >"s$r.csv"
	[ -s "c$r.csv" ] && [ -s "k$r.txt" ] || not_ok "round $r has inputs"
done

lead-import -q base.csv
mv smk.db before.db

# --- one round's jobs; $1 the round, $2 where its outputs go
writers=(a b apply assign spend target)
job() {
	case $1 in
	a) exec lead-import -q "a$2.csv" ;;
	b) exec lead-import -q "b$2.csv" ;;
	apply) exec handoff apply "c$2.csv" ;;
	assign) exec handoff assign --round-robin reps.txt <"k$2.txt" ;;
	spend) exec campaign-report spend "s$2.csv" ;;
	target) exec joint-kpi target spend 2026 "${2}000" ;;
	esac
}
readers=(cr jk hq)
reader() {
	case $1 in
	cr) exec campaign-report --period "$period" --format tsv ;;
	jk) exec joint-kpi --period "$period" --format tsv ;;
	hq) exec handoff queue --format tsv ;;
	esac
}
# What a report shows, in groups that one writer each changes within a
# round: the group must show the state before that writer's commit or
# after it, all of a piece.
#   cr: the total spend (spend); mql..revenue (apply); touches minus new
#       leads, which each import raises alike (always the same)
#   jk: the KPIs of the funnel (apply); spend's actual (spend) and target
#       (target); cpl, cac, roi and the joint score mix those, left out
#   hq: the queue (apply; the round robin's leads are not in it)
sigs() { # sigs READER FILE
	case $1 in
	cr) awk -F'\t' '$1 == "(total)" { print "spend", $6; print "apply", $10, $11, $12, $13, $14, $16
		print "same", $8 - $9 }' "$2" ;;
	jk) awk -F'\t' '$1 == "spend" { print "spend", $4; print "target", $5 }' "$2"
	    echo "apply $(awk -F'\t' '$1 == "mqls" || $1 == "revenue" { printf "%s %s, ", $1, $4 }' "$2")$(
		awk -F'\t' '$1 !~ /^(kpi|spend|cpl|cac|roi|joint_attainment)$/' "$2" | cksum)" ;;
	hq) echo "apply $(cksum <"$2")" ;;
	esac
}

# --- the serial run: each job alone, in order; what every report shows
# after each round
cp before.db smk.db
for rd in "${readers[@]}"; do (reader "$rd") >out 2>/dev/null; sigs "$rd" out >"sig.0.$rd"; done
for r in $(seq 1 "$rounds"); do
	for w in "${writers[@]}"; do
		(job "$w" "$r") >"ser.$r.$w.out" 2>"ser.$r.$w.err"
		echo $? >"ser.$r.$w.st"
	done
	for rd in "${readers[@]}"; do (reader "$rd") >out 2>/dev/null; sigs "$rd" out >"sig.$r.$rd"; done
done
mv smk.db serial.db
rm -f smk.db-wal smk.db-shm

# --- the same rounds with every job at once
cp before.db smk.db
wfail=0 rfail=0 reads=0 mixed=0
for r in $(seq 1 "$rounds"); do
	rm -f stop
	rpids=
	for rd in "${readers[@]}"; do
		(
			i=0
			# at least once, then until the writers are done
			while [ "$i" -eq 0 ] || [ ! -e stop ]; do
				i=$((i + 1))
				(reader "$rd") >"rd.$rd.$i.out" 2>"rd.$rd.$i.err"
				echo $? >"rd.$rd.$i.st"
			done
		) &
		rpids="$rpids $!"
	done
	wpids=
	for w in "${writers[@]}"; do
		(job "$w" "$r") >"con.$w.out" 2>"con.$w.err" &
		wpids="$wpids $!"
	done
	set -- "${writers[@]}"
	for p in $wpids; do
		wait "$p"
		st=$?
		# the same exit, output and messages as alone
		if [ "$st" != "$(cat "ser.$r.$1.st")" ] ||
		    ! cmp -s "con.$1.err" "ser.$r.$1.err" ||
		    ! cmp -s "con.$1.out" "ser.$r.$1.out"; then
			wfail=$((wfail + 1))
			echo "# round $r: $1 exits $st (alone $(cat "ser.$r.$1.st"))"
			diff "ser.$r.$1.err" "con.$1.err" | head -n 5 | sed 's/^/#   /'
		fi
		shift
	done
	touch stop
	for p in $rpids; do wait "$p"; done
	for f in rd.*.st; do
		rd=${f#rd.}
		rd=${rd%%.*}
		base=${f%.st}
		reads=$((reads + 1))
		if [ "$(cat "$f")" != 0 ] || [ -s "$base.err" ]; then
			rfail=$((rfail + 1))
			echo "# round $r: $rd exits $(cat "$f")"
			show "$base.err"
			continue
		fi
		sigs "$rd" "$base.out" >sig
		while read -r group val; do
			grep -qxF "$group $val" "sig.$((r - 1)).$rd" ||
			    grep -qxF "$group $val" "sig.$r.$rd" && continue
			mixed=$((mixed + 1))
			echo "# round $r: $rd shows $group '$val'"
			echo "#   before: '$(grep "^$group " "sig.$((r - 1)).$rd")'"
			echo "#   after:  '$(grep "^$group " "sig.$r.$rd")'"
		done <sig
	done
	rm -f rd.*
done
echo "# $rounds rounds: $reads reports read while ${#writers[@]} writers wrote"
expect_eq "$wfail" 0 "$rounds rounds: every writer exits, prints and says what it does alone (no 'database is locked')"
expect_eq "$rfail" 0 "$reads reports read during the writes, none failed"
expect_eq "$mixed" 0 "every report shows the state before or after each commit, never half a batch"

# the end state: a serial run's, by content (ids and batch numbers
# follow the order the jobs ran in; times are fixed by SMK_NOW)
content() {
	DB=$1 q "select 'lead', key, email, first_name, last_name, company, title,
	    phone, country, source, campaign, channel, created_at, updated_at,
	    seen_at, score, stage, stage_at, owner, sales_sourced, extra
	  from leads order by key;
	  select 'touch', l.key, t.campaign, t.channel, t.source, t.at, t.fp
	  from touches t join leads l on l.id = t.lead_id order by 2, 6, 7;
	  select 'event', l.key, e.from_stage, e.to_stage, e.at, e.actor,
	    e.reason, e.note, e.amount, e.recorded_at
	  from stage_events e join leads l on l.id = e.lead_id order by 2, e.id;
	  select 'owner', l.key, o.owner, o.at, o.actor
	  from owner_events o join leads l on l.id = o.lead_id order by 2, o.id;
	  select 'note', l.key, n.at, n.actor, n.note
	  from notes n join leads l on l.id = n.lead_id order by 2, n.id;
	  select 'routing', * from routing order by pool, rep;
	  select 'spend', campaign, day, channel, amount from spend order by 2, 3, 4;
	  select 'campaign', * from campaigns order by key;
	  select 'target', * from targets order by kpi, period;
	  select 'setting', * from settings order by name;
	  select 'batch', tool, command, file, sha256, actor, started_at,
	    finished_at, rows_read, rejected, mql from batches order by 2, 3, 4;
	  select 'batches', count(*), sum(new_leads), sum(updated) + sum(unchanged),
	    sum(touches) from batches"
}
content serial.db >serial.txt
content smk.db >concurrent.txt
if cmp -s serial.txt concurrent.txt; then
	ok "the end state is the serial run's ($(grep -c '^lead|' serial.txt) leads, $(grep -c '^event|' serial.txt) stage events, $(grep -c '^spend|' serial.txt) spend rows)"
else
	not_ok "the end state is the serial run's"
	diff serial.txt concurrent.txt | head -n 10 | sed 's/^/#   /'
fi
expect_eq "$(q "pragma integrity_check; pragma foreign_key_check")" ok "integrity ok, no dangling reference"
expect_eq "$(q "select count(*) from leads where key like 'shared%'; select count(*) from touches t join leads l on l.id = t.lead_id where l.key like 'shared%'")" "$rounds
$rounds" "the lead both importers bring is there once a round, with one touch"

finish
