#!/usr/bin/env bash
# Every writing command on a full disk (a small tmpfs, as root; a file
# size limit, ulimit -f, for anyone) and on a read-only database (file
# mode, read-only mount): a message naming the file and saying why, exit
# 3, the database as it was; and once there is room, the same command
# gives what it gives on a roomy disk.
. "$(dirname "$0")/../lib.sh"

# --- the database before: leads at every stage some command moves from
"$ROOT/scripts/gen-leads" -n 300 -s 5 -d 0 -p w. >leads.csv
lead-import -q leads.csv
mv smk.db before.db
export SMK_DB=$SCRATCH/before.db
k() { DB=before.db q "select key from leads order by id limit 1 offset $(($1 - 1))"; }
handoff mql "$(k 2)" "$(k 3)" "$(k 4)" "$(k 5)" "$(k 6)" "$(k 7)" >/dev/null &&
    handoff accept "$(k 4)" "$(k 5)" "$(k 6)" "$(k 7)" >/dev/null &&
    handoff qualify --amount 500 "$(k 4)" "$(k 6)" "$(k 7)" >/dev/null &&
    handoff lost --reason competitor "$(k 4)" >/dev/null ||
    not_ok "the database before"
export SMK_DB=$SCRATCH/smk.db
"$ROOT/scripts/gen-leads" -n 2000 -s 6 -p n. >big.csv
"$ROOT/scripts/gen-stage-changes" -n 600 -s 7 leads.csv >changes.csv
awk 'BEGIN { srand(3); print "date,campaign,amount,currency"
	for (i = 0; i < 2000; i++)
		printf "%s,c%d,%d.%02d,EUR\n", strftime("%Y-%m-%d", 1767225600 + (i % 100) * 86400, 1),
		    int(i / 100), int(rand() * 900), int(rand() * 100) }' >spend.csv
awk 'BEGIN { print "campaign,owner,budget,kind"
	for (i = 0; i < 500; i++) printf "c%d,ann,%d,promo\n", i, 1000 + i }' >camps.csv
awk 'BEGIN { print "kpi,period,target"
	for (y = 2000; y < 2030; y++) for (m = 1; m <= 12; m++) printf "mqls,%d-%02d,%d\n", y, m, y + m }' >targets.csv
printf 'ann\nbob\n' >reps.txt

# every writing command: a name, then its words (the database by -d)
cmds=$(cat <<EOF
import lead-import -q big.csv
add handoff add new@example.com
mql handoff mql $(k 1)
assign handoff assign --to ann $(k 1)
round-robin handoff assign --round-robin reps.txt $(k 1)
accept handoff accept $(k 2)
reject handoff reject --reason no-need $(k 3)
recycle handoff recycle $(k 4)
qualify handoff qualify --amount 1000 $(k 5)
won handoff won --amount 1000 $(k 6)
lost handoff lost --reason competitor $(k 7)
note handoff note $(k 1) called
config handoff config sla_hours 8
apply handoff apply changes.csv
spend campaign-report spend spend.csv
set campaign-report set --owner ann --budget 100 c7
set-from campaign-report set --from camps.csv
target joint-kpi target mqls 2026-Q4 100
target-from joint-kpi target --from targets.csv
EOF
)

content() {
	{ DB=$1 q ".sha3sum"
	  DB=$1 q "select type, name, tbl_name, sql from sqlite_master order by name"
	} | sha256sum
}
before=$(content before.db)
# argv: the command's words with "-d DB" after the tool
argv() { # argv DB WORDS...
	local db=$1 tool=$2
	shift 2
	cmd=("$tool" -d "$db" "$@")
}
# what each command gives with room: its exit status and database
while read -r name words; do
	cp before.db "want.$name.db"
	# shellcheck disable=SC2086
	argv "want.$name.db" $words
	"${cmd[@]}" >/dev/null 2>"want.$name.err"
	echo $? >"want.$name.st"
	content "want.$name.db" >"want.$name.sum"
	if [ "$(cat "want.$name.st")" -gt 1 ] || [ "$(cat "want.$name.sum")" = "$before" ]; then
		not_ok "$name writes with room"
		show "want.$name.err"
	fi
done <<EOF
$cmds
EOF
# One failed write: exit 3, a message naming the file and saying why
# (grep -E pattern), the database as it was.  $1 name, $2 file, $3 why,
# $4 what the failure was; status, out, err as run left them.
failed() {
	local name=$1 db=$2 why=$3 what=$4 check=${check_db:-$2}
	if [ "$status" -ne 3 ]; then
		echo "# $name, $what: exit $status, want 3"
		show err
		return 1
	fi
	if ! grep -qF -- "$db" err || ! grep -qE -- "$why" err; then
		echo "# $name, $what: the message does not name $db and say why ($why):"
		show err
		return 1
	fi
	if [ "$(content "$check")" != "$before" ]; then
		echo "# $name, $what: the database changed"
		return 1
	fi
	return 0
}

# --- a full disk: each command at growing room on the disk until it
# fits; every run short of room fails cleanly, the first that fits gives
# what a roomy disk gives, and so does a run with room on what the first
# and the last failure left (a -shm cut short, a -wal cut short)
full=' full|No space left|File too large'
# (under ulimit -f at least 4 KiB: the limit holds for stderr too)
rooms="16 32 40 48 64 128 256 512 1024 2048 4096"
# after_failure NAME KIND KB: a run with room on what fs/ holds
after_failure() {
	local st
	"${cmd[@]}" >/dev/null 2>&1
	st=$?
	if [ "$st" != "$(cat "want.$1.st")" ] ||
	    [ "$(content fs/smk.db)" != "$(cat "want.$1.sum")" ]; then
		echo "# $1: after the $2 failure at $3 KiB, a run with room exits $st, not as with room"
		return 1
	fi
}
disk_full() { # disk_full KIND ROOMS: KIND is tmpfs or ulimit
	local kind=$1 rooms=$2 name words bad fails kb last db=fs/smk.db
	while read -r name words; do
		# shellcheck disable=SC2086
		argv "$db" $words
		bad=0 fails=0 last=
		for kb in $rooms; do
			rm -rf fs/*
			cp before.db "$db"
			if [ "$kind" = tmpfs ]; then
				# leave kb KiB free
				dd if=/dev/zero of=fs/fill bs=4096 \
				    count=$(($(stat -f -c %a fs) - kb / 4)) 2>/dev/null
				run "${cmd[@]}"
				rm -f fs/fill
			else
				run bash -c 'ulimit -f "$1"; shift; exec "$@"' _ "$kb" "${cmd[@]}"
			fi
			[ "$status" -ne 3 ] && break
			fails=$((fails + 1))
			failed "$name" "$db" "$full" "$kind with ${kb} KiB" || bad=$((bad + 1))
			if [ "$fails" -eq 1 ]; then
				after_failure "$name" "$kind" "$kb" || bad=$((bad + 1))
			else
				# kept for after the loop: the last failure
				rm -rf failed.fs
				cp -a fs failed.fs
				last=$kb
			fi
		done
		if [ "$status" -eq 3 ]; then
			echo "# $name: fails even with $kb KiB"
			bad=$((bad + 1))
		elif [ "$status" != "$(cat "want.$name.st")" ] || [ "$(content "$db")" != "$(cat "want.$name.sum")" ]; then
			echo "# $name: with ${kb} KiB exits $status, not as with room"
			show err
			bad=$((bad + 1))
		fi
		if [ "$fails" -eq 0 ]; then
			echo "# $name: never short of room"
			bad=$((bad + 1))
		fi
		if [ -n "$last" ]; then
			rm -rf fs/*
			cp -a failed.fs/. fs/
			after_failure "$name" "$kind" "$last" || bad=$((bad + 1))
		fi
		expect_eq "$bad" 0 "$kind: $name: $fails runs short of room exit 3, say so, change nothing; with ${kb} KiB it lands"
	done <<EOF
$cmds
EOF
}

mkdir fs
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=3m tmpfs fs 2>/dev/null; then
	trap 'umount "$SCRATCH/fs" 2>/dev/null; umount "$SCRATCH/rofs" 2>/dev/null' EXIT
	disk_full tmpfs "0 $rooms"
	umount fs
else
	ok "a full tmpfs # SKIP cannot mount (not root?)"
fi
disk_full ulimit "4 $rooms"

# --- a read-only database: by its mode (as an unprivileged user: root
# writes through modes) and on a read-only mount
ro_all() { # ro_all KIND DB WHY [PREFIX...]: every command on a read-only DB
	local kind=$1 db=$2 why=$3 name words bad=0
	shift 3
	while read -r name words; do
		# shellcheck disable=SC2086
		argv "$db" $words
		run "$@" "${cmd[@]}"
		failed "$name" "$db" "$why" "$kind" || bad=$((bad + 1))
	done <<EOF
$cmds
EOF
	expect_eq "$bad" 0 "$kind: all $(echo "$cmds" | wc -l) writing commands exit 3, say so, change nothing"
}
if [ "$(id -u)" != 0 ]; then
	cp before.db ro.db
	chmod 444 ro.db
	ro_all "read-only file" ro.db "read-only file"
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	# as nobody, in a directory nobody may read, with copies of the
	# tools and inputs (the checkout may be where nobody cannot go)
	rodir=$(mktemp -d "${TMPDIR:-/tmp}/smk-ro.XXXXXX")
	mkdir "$rodir/bin"
	cp "$ROOT/$BUILD/bin/"* "$rodir/bin/"
	cp big.csv changes.csv spend.csv camps.csv targets.csv reps.txt "$rodir/"
	cp before.db "$rodir/ro.db"
	chmod 444 "$rodir/ro.db"
	chmod 755 "$rodir" "$rodir/bin"
	chmod 644 "$rodir"/*.csv "$rodir/reps.txt"
	chmod 555 "$rodir"
	cd "$rodir" || exit 3
	ro_all "read-only file" "$rodir/ro.db" "read-only file" \
	    setpriv --reuid=nobody --regid=nogroup --clear-groups env PATH="$rodir/bin:$PATH"
	cd "$SCRATCH" || exit 3
	chmod 755 "$rodir"
	rm -rf "$rodir"
else
	ok "a read-only file # SKIP no unprivileged user to be"
fi
mkdir rofs-src rofs
cp before.db rofs-src/smk.db
if [ "$(id -u)" = 0 ] && mount --bind -o ro rofs-src rofs 2>/dev/null; then
	# read through the writable name: SQLite cannot read a WAL file on
	# a read-only mount without its -shm
	check_db=rofs-src/smk.db ro_all "read-only file system" rofs/smk.db "read-only file system"
	umount rofs
else
	ok "a read-only file system # SKIP cannot mount (not root?)"
fi

finish
