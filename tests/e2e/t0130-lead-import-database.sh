#!/usr/bin/env bash
# The database file: path resolution, versions, read-only and bad files.
. "$(dirname "$0")/../lib.sh"

printf 'email\na@example.com\n' >a.csv

# -d wins over $SMK_DB
run lead-import -q -d other.db a.csv
expect_status 0 "-d names the database"
expect_eq "$(DB=other.db q "select count(*) from leads")" 1 "-d database written"
[ -e smk.db ] && not_ok "\$SMK_DB not created when -d is given" || ok "\$SMK_DB not created when -d is given"

# ./smk.db when neither is set
mkdir sub && (cd sub && unset SMK_DB && lead-import -q ../a.csv) && ok "default ./smk.db import" || not_ok "default ./smk.db import"
[ -f sub/smk.db ] && ok "./smk.db created" || not_ok "./smk.db created"

expect_eq "$(DB=other.db q "pragma user_version")" 4 "schema version recorded"

# a version 1 file (libsmk/schema.sql alone): a report reads it as it is
# (migrations 2 and 4 change indexes only, 3 adds columns no report
# reads) and leaves it at version 1; a writer migrates it forward, its
# leads kept
sqlite3 v1.db <"$ROOT/libsmk/schema.sql"
sqlite3 v1.db "pragma user_version = 1; insert into leads (key, email, owner, created_at, updated_at, seen_at, stage_at, stage) values ('old@example.com', 'old@example.com', 'ann', 1, 1, 1, 1, 'mql')"
run handoff -d v1.db queue --format tsv
expect_status 0 "a report reads a version 1 file"
expect_out_has "old@example.com" "a report lists its leads"
sqlite3 v1.db "insert into touches (lead_id, campaign, channel, at, fp) values (1, 'fair', 'event', 1, 1)"
run campaign-report -d v1.db --period 1970 --format tsv
expect_status 0 "campaign-report reads a version 1 file"
expect_eq "$(cut -f1,3,8,9 out)" "campaign	channel	touches	leads
fair	event	1	1
(total)		1	1" "with the indexes it has"
expect_eq "$(DB=v1.db q "pragma user_version")" 1 "a report does not migrate"
run lead-import -q -d v1.db a.csv
expect_status 0 "version 1 file imported into"
expect_eq "$(DB=v1.db q "pragma user_version; select count(*) from leads; select sql from sqlite_master where name in ('leads_email', 'leads_owner', 'leads_created', 'touches_lead', 'touches_campaign', 'stage_events_lead') order by name; select name from pragma_table_info('routing'); pragma integrity_check")" "4
2
CREATE INDEX leads_created ON leads(created_at)
CREATE INDEX leads_email ON leads(email) WHERE email <> key
CREATE INDEX leads_owner ON leads(owner) WHERE owner IS NOT NULL
CREATE INDEX stage_events_lead ON stage_events(lead_id, at, from_stage, to_stage)
CREATE INDEX touches_campaign ON touches(campaign, at, channel)
CREATE INDEX touches_lead ON touches(lead_id, at, id, campaign)
pool
rep
assigned
weight
credit
ok" "version 1 migrated to 4: leads kept, partial indexes, the round robin's columns, the report's indexes"

# leads keyed by an external id fill the partial email index: a large
# first import drops and rebuilds it with the other bulk indexes (bulk.c),
# and it comes back partial and whole
awk 'BEGIN { print "id,email"; for (i = 1; i <= 6000; i++) printf "crm-%d,p%d@example.com\n", i, i }' >keyed.csv
run lead-import -q -d keyed.db --key id keyed.csv
expect_status 0 "a keyed import of 6000 leads"
expect_eq "$(DB=keyed.db q "select sql from sqlite_master where name = 'leads_email'; select count(*) from leads indexed by leads_email where email <> key and email = 'p4321@example.com'; pragma integrity_check")" "CREATE INDEX leads_email ON leads(email) WHERE email <> key
1
ok" "the email index rebuilt partial, with the keyed leads"

# a database from a newer smk is refused, untouched
cp other.db newer.db
sqlite3 newer.db "pragma user_version = 99"
sum=$(sha256sum newer.db)
run lead-import -d newer.db a.csv
expect_status 3 "newer database exits 3"
expect_err "lead-import: newer.db: database schema version 99 is newer than this smk supports (4); use a newer smk
lead-import: nothing imported" "newer database named"
expect_eq "$(sha256sum newer.db)" "$sum" "newer database untouched"

# not a database at all
printf 'hello, I am a text file\n' >text.db
run lead-import -d text.db a.csv
expect_status 3 "not a database exits 3"
expect_err_has "text.db: not an smk database" "says it is not a database"

# a read-only database: clear message, exit 3, nothing changed
cp other.db ro.db
printf 'email\nb@example.com\n' >b.csv
chmod 444 ro.db
if [ "$(id -u)" = 0 ]; then
	# root writes through file modes, so this case runs as nobody. The
	# checkout may sit where nobody cannot enter (/root is 0700 on
	# Debian), so it runs in a world-searchable temporary directory with
	# a copy of the binary.
	if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
		rodir=$(mktemp -d "${TMPDIR:-/tmp}/smk-ro.XXXXXX")
		cp "$ROOT/$BUILD/bin/lead-import" b.csv "$rodir/"
		cp other.db "$rodir/ro.db"
		chmod 444 "$rodir/ro.db" && chmod 555 "$rodir"
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    env SMK_NOW="$SMK_NOW" \
		    "$rodir/lead-import" -d "$rodir/ro.db" "$rodir/b.csv" >out 2>err
		status=$?
		expect_status 3 "read-only database exits 3"
		expect_err_has "$rodir/ro.db" "message names the database"
		expect_err_has "nothing imported" "says nothing was imported"
		expect_err_has "cannot write the database (a read-only file or directory)" "says why"
		expect_eq "$(DB=$rodir/ro.db q "select count(*) from leads")" 1 "read-only database unchanged"
		# a report only reads: it works where it cannot write
		cp "$ROOT/$BUILD/bin/handoff" "$rodir/" 2>/dev/null || {
			chmod 755 "$rodir"; cp "$ROOT/$BUILD/bin/handoff" "$rodir/"; chmod 555 "$rodir"; }
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    env SMK_NOW="$SMK_NOW" \
		    "$rodir/handoff" -d "$rodir/ro.db" history --format tsv a@example.com >out 2>err
		status=$?
		expect_status 0 "a report on a read-only database in a read-only directory"
		expect_eq "$(cut -f2 out | tail -n +2)" "touch" "it reads the lead's history"
		chmod 755 "$rodir" && rm -rf "$rodir"
	else
		ok "read-only database # SKIP no unprivileged user"
	fi
else
	run lead-import -d ro.db b.csv
	expect_status 3 "read-only database exits 3"
	expect_err_has "ro.db" "message names the database"
	expect_eq "$(DB=ro.db q "select count(*) from leads")" 1 "read-only database unchanged"
fi

# a database on a read-only file system: said so, for writers; a report
# still reads it
mkdir rofs-src rofs
cp other.db rofs-src/wal.db
cp other.db rofs-src/delete.db
sqlite3 rofs-src/delete.db "pragma journal_mode = delete" >/dev/null
if mount --bind -o ro rofs-src rofs 2>/dev/null; then
	trap 'umount "$SCRATCH/rofs"' EXIT
	for f in wal delete; do
		run lead-import -d rofs/$f.db b.csv
		expect_status 3 "read-only file system, $f journal: exits 3"
		expect_err "lead-import: rofs/$f.db: cannot write the database (a read-only file system)
lead-import: nothing imported" "read-only file system, $f journal: says so"
	done
	run handoff -d rofs/wal.db accept a@example.com
	expect_status 3 "handoff: read-only file system exits 3"
	expect_err "handoff: rofs/wal.db: cannot write the database (a read-only file system)" "handoff says so"
	run handoff -d rofs/wal.db config sla_hours 8
	expect_status 3 "handoff config: read-only file system exits 3"
	expect_err "handoff: rofs/wal.db: cannot write the database (a read-only file system)" "handoff config says so"
	run lead-import -d rofs/new.db b.csv
	expect_status 3 "no new file on a read-only file system"
	expect_err "lead-import: rofs/new.db: cannot create database: Read-only file system
lead-import: nothing imported" "says why"
	run handoff -d rofs/wal.db queue --format tsv
	expect_status 0 "a report reads a database on a read-only file system"
	expect_eq "$(DB=rofs-src/wal.db q "select count(*) from leads")" 1 "nothing written"
else
	ok "read-only file system # SKIP cannot mount (not root?)"
fi

# a failed first run leaves nothing behind: no file, no -wal, no -shm
files() { ls -a | grep "^$1" | tr '\n' ' ' | sed 's/ $//'; }
run lead-import -d first.db missing.csv
expect_status 3 "a first run on a missing file exits 3"
expect_err "lead-import: missing.csv: cannot open: No such file or directory
lead-import: nothing imported" "says why"
expect_eq "$(files first.db)" "" "and leaves no database behind"
printf 'Name\nAnn\n' >nokey.csv
run lead-import -d first.db nokey.csv
expect_status 2 "a first run on a file without a key column exits 2"
expect_eq "$(files first.db)" "" "and leaves no database behind"
run lead-import -n -d first.db a.csv
expect_status 0 "a dry first run"
expect_err "lead-import: (dry run) a.csv: 1 row, 1 new, 0 updated, 0 unchanged, 0 rejected, 0 became MQL, 1 touch" "counts as a real run would"
expect_eq "$(files first.db)" "" "and leaves no database behind"
run handoff -d first.db apply missing.csv
expect_status 3 "a first handoff apply on a missing file exits 3"
expect_err "handoff: missing.csv: cannot open: No such file or directory
handoff: nothing applied" "says why"
expect_eq "$(files first.db)" "" "and leaves no database behind"
# a run that committed keeps the file: a refused move is in the audit trail
run handoff -d first.db accept nobody@example.com
expect_status 1 "a first handoff accept of an unknown lead"
expect_eq "$(files first.db) $(DB=first.db q "select tool, command, rejected from batches")" "first.db handoff|accept|1" "keeps the file with its batch"
# a file this run did not create stays, empty or not
run handoff -d kept.db config sla_hours 24
expect_status 0 "a database made by a setting"
run lead-import -d kept.db missing.csv
expect_status 3 "a later failed run"
expect_eq "$(files kept.db)" "kept.db" "leaves the file it did not create"

# a failed first run while another run has the file open: the file and
# the other run's leads stay, whichever gets the file first
mkfifo slow.fifo
lead-import -q -d held.db slow.fifo missing.csv 2>errA &
a=$!
for i in $(seq 1 $((100 * SLOWDOWN))); do [ -e held.db ] && break; sleep 0.05; done
lead-import -q -d held.db b.csv 2>errB &
b=$!
for i in $(seq 1 $((100 * SLOWDOWN))); do ls -l /proc/$b/fd 2>/dev/null | grep -q 'held\.db$' && break; sleep 0.05; done
sleep 0.2
printf 'email\nslow@example.com\n' >slow.fifo
wait $a; sa=$?
wait $b; sb=$?
expect_eq "$sa $sb" "3 0" "the first run fails, the other lands"
expect_eq "$(cat errA errB)" "lead-import: missing.csv: cannot open: No such file or directory
lead-import: nothing imported" "only the failed run complains"
expect_eq "$(DB=held.db q "select key from leads; pragma integrity_check")" "b@example.com
ok" "the file holds the other run's lead"

# two failed first runs, the second slower than the first waits for it
# (db.c, DISCARD_WAIT_MS; a loaded machine, or valgrind): the first
# leaves the file to it, and it removes the file when it fails
mkfifo a.fifo b.fifo
lead-import -q -d late.db a.fifo missing.csv 2>errA &
a=$!
for i in $(seq 1 $((100 * SLOWDOWN))); do [ -e late.db ] && break; sleep 0.05; done
lead-import -q -d late.db b.fifo missing.csv 2>errB &
b=$!
# its first read has opened the -shm, under a shared lock on the file
for i in $(seq 1 $((100 * SLOWDOWN))); do ls -l /proc/$b/fd 2>/dev/null | grep -q 'late\.db-shm$' && break; sleep 0.05; done
printf 'email\na@example.com\n' >a.fifo
wait $a; sa=$?
expect_eq "$sa $(files late.db)" "3 late.db late.db-shm late.db-wal" "the first run fails while the other has the file open: it stays"
printf 'email\nb@example.com\n' >b.fifo
wait $b; sb=$?
expect_eq "$sb $(files late.db)" "3 " "the other run fails later: it removes the file"
expect_eq "$(cat errA errB)" "lead-import: missing.csv: cannot open: No such file or directory
lead-import: nothing imported
lead-import: missing.csv: cannot open: No such file or directory
lead-import: nothing imported" "each says why"

# the directory for the database does not exist
run lead-import -d no/such/dir/x.db a.csv
expect_status 3 "missing directory exits 3"
expect_err_has "no/such/dir/x.db: cannot create database: No such file or directory" "says why"

finish
