#!/usr/bin/env bash
# Eight lead-import runs started at once on one database all succeed (they
# wait for each other) and lose no row.  OVERLAP_ROWS=625000 runs it with
# five million rows in all.
. "$(dirname "$0")/../lib.sh"

rows=${OVERLAP_ROWS:-3000}
for i in 1 2 3 4 5 6 7 8; do
	# distinct people per file, plus one person every file shares
	"$ROOT/scripts/gen-leads" -n "$rows" -s "$i" -d 0 -p "f$i." >"f$i.csv"
	printf 'shared@example.com,Sam,Shared,,,,,,,,2026-01-0%s 10:00:00,,\r\n' "$i" >>"f$i.csv"
done
want=$((8 * rows + 1))

pids=
for i in 1 2 3 4 5 6 7 8; do
	lead-import -q "f$i.csv" >"out$i" 2>"err$i" &
	pids="$pids $!"
done
fails=0
for p in $pids; do wait "$p" || fails=$((fails + 1)); done
expect_eq "$fails" 0 "all eight importers succeed"
expect_eq "$(cat err1 err2 err3 err4 err5 err6 err7 err8)" "" "no importer complains (no 'database is locked')"
expect_eq "$(q "select count(*) from leads")" "$want" "every distinct lead landed"
expect_eq "$(q "select count(*) from batches where finished_at is not null")" 8 "eight batches"
expect_eq "$(q "select count(*) from touches t join leads l on l.id = t.lead_id where l.key = 'shared@example.com'")" 8 "the shared lead has a touch from each run"
expect_eq "$(q "select sum(rows_read) from batches")" $((8 * rows + 8)) "every row read"
expect_eq "$(q "pragma integrity_check")" ok "integrity ok"

# the race at a new file's creation, many times over: eight tools start on
# a file that does not exist yet (one makes it, in a file of its own, and
# the others use it)
for i in 1 2 3 4 5 6 7 8; do printf 'email\nu%s@example.com\n' "$i" >"t$i.csv"; done
bad=0
for n in $(seq 1 50); do
	rm -f new.db new.db-wal new.db-shm
	for i in 1 2 3 4 5 6 7 8; do lead-import -q -d new.db "t$i.csv" 2>"e$i" & done
	wait
	[ -z "$(cat e1 e2 e3 e4 e5 e6 e7 e8)" ] &&
	    [ "$(DB=new.db q "select count(*) from leads; pragma journal_mode")" = "8
wal" ] || { bad=$((bad + 1)); cat e1 e2 e3 e4 e5 e6 e7 e8 | sed 's/^/# /'; }
done
expect_eq "$bad" 0 "50 times eight importers on a new file: all land, in WAL mode"

# the same race with half the runs failing (a missing file): whichever
# created the file removes it only while no other run has it open, so
# the four that succeed always land, in a file that is there afterwards
bad=0
for n in $(seq 1 20); do
	rm -f new.db new.db-wal new.db-shm
	pids=
	for i in 1 2 3 4 5 6 7 8; do
		if [ $((i % 2)) = 0 ]; then f=missing$i.csv; else f=t$i.csv; fi
		lead-import -q -d new.db "$f" 2>"e$i" &
		pids="$pids $!"
	done
	st=
	for p in $pids; do wait "$p"; st="$st $?"; done
	[ "$st" = " 0 3 0 3 0 3 0 3" ] &&
	    [ -z "$(cat e1 e3 e5 e7)" ] &&
	    [ "$(DB=new.db q "select key from leads order by key; pragma integrity_check")" = "u1@example.com
u3@example.com
u5@example.com
u7@example.com
ok" ] || { bad=$((bad + 1)); echo "# exits:$st"; cat e1 e2 e3 e4 e5 e6 e7 e8 | sed 's/^/# /'; }
done
expect_eq "$bad" 0 "20 times eight importers on a new file, four failing: the other four land"

# all of them failing: nothing is left behind
bad=0
for n in $(seq 1 10); do
	for i in 1 2 3 4 5 6 7 8; do lead-import -q -d gone.db "missing$i.csv" 2>/dev/null & done
	wait
	[ -z "$(ls gone.db* 2>/dev/null)" ] || { bad=$((bad + 1)); ls gone.db* | sed 's/^/# /'; rm -f gone.db*; }
done
expect_eq "$bad" 0 "10 times eight failing importers on a new file: no file left"

finish
