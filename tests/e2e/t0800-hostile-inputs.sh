#!/usr/bin/env bash
# The catalogue of hostile inputs (tests/hostile/catalogue.tsv, whose head
# says how to read it): every case runs the real binaries on a copy of one
# seeded database and checks the exit status, standard error, standard
# output, what the database holds afterwards (a content hash where nothing
# may land), that no table was dropped, and the peak memory and time of
# the run.  Big inputs are made here at run time, never committed.  One
# "ok" line per case, then how many were tried and how they came out.
#
# HOSTILE_ONLY=REGEX runs the cases whose name matches; HOSTILE_SHOW=1
# prints each case as it ran (status, stderr, stdout, what the database
# shows: same, audit or landed), to write a new row.
. "$(dirname "$0")/../lib.sh"

CAT=$ROOT/tests/hostile/catalogue.tsv
EDGE=$DATA/csv-edge

# A sanitized build is slower and its memory is the sanitizer's: the same
# inputs (the limits they probe are the same), the memory bounds times 6
# and the time bounds times 10, and no ulimit -v (ASan reserves terabytes
# of address space for its shadow).
SAN=0
case $BUILD in *san*) SAN=1 ;; esac
# Under valgrind (scripts/valgrind-run) the time bounds are times
# SLOWDOWN, and the peak memory is valgrind's too: some 60 MB of its own,
# and what the tool uses grows up to about 2.75 times (red zones, and the
# shadow of the tool's memory: 3 MB ran in 65 MB, 20 in 117, 80 in 179),
# so the memory bounds are times 3, plus 64 MB.
VG=${SMK_VALGRIND:-0}
TIME=
[ -x /usr/bin/time ] && TIME=/usr/bin/time

for t in perl sqlite3; do
	if ! command -v $t >/dev/null; then
		echo "ok 1 - # SKIP $t is not installed"
		exit 0
	fi
done

# ------------------------------------------------------------ helpers

# \n, \r, \t and \\ in a catalogue cell, into the variable u (no
# process: a run does a thousand of these); any other \ stays, for the
# glob of a ~ cell (where \[ is a plain bracket)
unescape() {
	local s=$1 c
	u=
	while [[ $s == *\\* ]]; do
		u+=${s%%\\*}
		s=${s#*\\}
		c=${s:0:1}
		case $c in
		n) u+=$'\n' ;;
		r) u+=$'\r' ;;
		t) u+=$'\t' ;;
		\\) u+=\\ ;;
		*) u+="\\$c" ;;
		esac
		s=${s:1}
	done
	u+=$s
}

# The whole of a file into the variable got (no process either).
slurp() {
	got=
	IFS= read -r -d '' got <"$1" || true
}

# What a database holds, from one sqlite3 process: st_all a digest of
# every table, st_data of every table but the audit trail of batches,
# st_tables the tables' names.
DATA_QUERY=
db_state() {
	{
		IFS= read -r st_all
		IFS= read -r st_data
		IFS= read -r st_tables
	} < <(sqlite3 -batch "$1" .sha3sum \
	    "select hex(sha3_query('${DATA_QUERY:-select 1}'));" \
	    "select group_concat(name, ' ') from (select name from sqlite_master where type = 'table' order by name);" 2>&1)
}

# Whether a CSV or TSV listing is safe to open in a spreadsheet: every cell
# that starts like a formula (= + - @ tab CR) is a plain number; prints how
# many cells were neutralized and how many negative numbers stayed numbers.
# Fails when a cell is unsafe, or, for a listing with text columns (safe;
# plain: only smk's own words and numbers), when no cell needed
# neutralizing: the listing did not carry the payloads, so proved nothing.
safe_sheet() { # safe_sheet safe|plain csv|tsv FILE
	perl -e '
	my ($kind, $fmt, $file) = @ARGV;
	open my $fh, "<", $file or die "$file: $!";
	local $/; my $t = <$fh>; $t =~ s/^\xef\xbb\xbf//;
	my (@rows, @row, $cell, $inq);
	if ($fmt eq "tsv") {
		@rows = map { [split /\t/, $_, -1] } split /\n/, $t;
	} else {
		$cell = "";
		for (my $i = 0; $i < length $t; $i++) {
			my $c = substr $t, $i, 1;
			if ($inq) {
				if ($c ne "\"") { $cell .= $c }
				elsif (substr($t, $i + 1, 1) eq "\"") { $cell .= "\""; $i++ }
				else { $inq = 0 }
			} elsif ($c eq "\"") { $inq = 1 }
			elsif ($c eq ",") { push @row, $cell; $cell = "" }
			elsif ($c eq "\r" && substr($t, $i + 1, 1) eq "\n") { }
			elsif ($c eq "\n") { push @row, $cell; push @rows, [@row]; @row = (); $cell = "" }
			else { $cell .= $c }
		}
	}
	shift @rows;
	my ($bad, $neut, $neg) = (0, 0, 0);
	for my $r (@rows) {
		for my $c (@$r) {
			if ($c =~ /^[=+\-\@\t\r]/) {
				if ($c =~ /^-[0-9]+(\.[0-9]+)?$/) { $neg++ }
				else { $bad++; print "unsafe cell: $c\n" }
			} elsif ($c =~ /^\x27[=+\-\@\t\r]/) { $neut++ }
		}
	}
	print "$neut neutralized, $neg negative numbers\n";
	exit($bad || ($kind eq "safe" && !$neut) ? 1 : 0);
	' "$1" "$2" "$3"
}

# ------------------------------------------------------------ inputs

# Each generator makes its files in its own directory under in/, once;
# a case gets hard links to them.  Sizes are those of the limits they
# probe (smk(7), LIMITS): a record may have 16 MiB and 16384 fields.
MIB=1048576
rep() { # rep N CHAR: N times CHAR
	head -c "$1" /dev/zero | tr '\0' "$2"
}
# deterministic bytes of every value (a linear congruential generator)
junk() { # junk N SEED
	perl -e 'my ($n, $x) = @ARGV; my $s = "";
		for (1 .. $n) { $x = ($x * 1103515245 + 12345) % 2147483648; $s .= chr(($x >> 16) & 255) }
		print $s' "$1" "$2"
}

gen_big_field() {
	# a 10 MB field in each reader's text column
	{ printf 'Email,Company\nbig@x.example,'; rep 10000000 a; printf '\nok@x.example,Acme\n'; } >leads.csv
	{ printf 'Key,Stage,Time,Note\ndee@acme.example,sal,2026-11-20T10:00:00Z,'; rep 10000000 n; printf '\n'; } >changes.csv
	{ printf 'Date,Campaign,Amount\n2026-11-20,'; rep 10000000 c; printf ',12.50\n2026-11-21,spring,1.00\n'; } >spend.csv
	{ printf 'kpi,period,value\n'; rep 10000000 k; printf ',2026-Q4,5\nmqls,2026-Q4,7\n'; } >targets.csv
}
gen_big_quoted() {
	# a quoted 10 MB field of ten 1 MB lines
	{
		printf 'Email,Notes\nq@x.example,"'
		for i in 1 2 3 4 5 6 7 8 9 10; do rep 1000000 q; printf '\n'; done
		printf '"\nafter@x.example,x\n'
	} >quoted.csv
}
gen_long_line() {
	# a line longer than a record may be, between two good rows; and
	# the same as the last line, without a line end
	{ printf 'Email,Company\na@x.example,A\nlong@x.example,'; rep $((17 * MIB)) l; printf '\nb@x.example,B\n'; } >leads.csv
	{ printf 'Key,Stage,Time\n'; rep $((17 * MIB)) l; printf '\ndee@acme.example,sal,2026-11-20T10:00:00Z\n'; } >changes.csv
	{ printf 'Date,Campaign,Amount\n2026-11-20,'; rep $((17 * MIB)) l; printf ',1\n2026-11-21,spring,2.00\n'; } >spend.csv
	{ printf 'kpi,period,value\nmqls,2026-Q4,7\n'; rep $((17 * MIB)) l; } >targets.csv
	{ printf 'Email\n'; rep $((17 * MIB)) l; } >last.csv
	# a line of nothing but a delimiter's worth of empty fields
	{ printf 'Email\n'; rep $((17 * MIB)) ,; printf '\n'; } >commas.csv
}
gen_never_closed() {
	# a quote opened and never closed, then 17 rows of 1 MB: the quoted
	# field runs past 16 MiB, its first line is rejected, the rows land
	{
		printf 'Email,Notes\nopen@x.example,"never closed\n'
		for i in $(seq 1 17); do printf 'r%s@x.example,' "$i"; rep 1000000 r; printf '\n'; done
	} >leads.csv
}
gen_columns() {
	# a header of a million columns; a row of a million fields; exactly
	# the 16384 columns a record may have
	perl -e 'print join(",", "Email", map { "c$_" } 1 .. 999999), "\n", join(",", "m\@x.example", ("v") x 999999), "\n"' >million.csv
	perl -e 'print join(",", "Key", "Stage", "Time", map { "c$_" } 4 .. 1000000), "\n"' >million-changes.csv
	perl -e 'print join(",", "Date", "Campaign", "Amount", map { "c$_" } 4 .. 1000000), "\n"' >million-spend.csv
	perl -e 'print join(",", "kpi", "period", "value", map { "c$_" } 4 .. 1000000), "\n"' >million-targets.csv
	perl -e 'print "Email,Company\n", join(",", "m\@x.example", ("v") x 999999), "\nok\@x.example,Acme\n"' >million-row.csv
	perl -e 'print join(",", "Email", map { "c$_" } 2 .. 16384), "\n", join(",", "w\@x.example", map { "v$_" } 2 .. 16384), "\n"' >wide.csv
	perl -e 'print join(",", "Email", map { "c$_" } 2 .. 16385), "\n"' >too-wide.csv
}
gen_junk() {
	# binary junk: the whole file, and rows of it under a good header
	junk 262144 1 >junk.bin
	{ printf 'Email,Company\n'; junk 65536 2; } >junk-rows.csv
	{ printf 'Key,Stage,Time\n'; junk 65536 3; } >junk-changes.csv
}
gen_utf8() {
	# bytes that are not UTF-8, in a header and in fields
	printf 'Email,Compan\xffy\nu@x.example,Acme\n' >bad-header.csv
	printf 'Email,Company\nl@x.example,Caf\xe9\no@x.example,\xc0\xaf overlong\ns@x.example,\xed\xa0\x80 surrogate\nt@x.example,cut \xe2\x82\nok@x.example,Caf\xc3\xa9\n' >leads.csv
	printf 'Key,Stage,Time,Note\ndee@acme.example,sal,2026-11-20T10:00:00Z,caf\xe9\n' >changes.csv
	printf 'Date,Campaign,Amount\n2026-11-20,caf\xe9,1.00\n' >spend.csv
	printf 'kpi,period,value\nmql\xe9,2026-Q4,5\n' >targets.csv
	printf 'alex\nal\xe9x\n' >reps.txt
}
gen_sqli() {
	# SQL in every field of every reader
	local x="x'); DROP TABLE leads;--"
	{
		printf 'Email,First Name,Last Name,Company,Job Title,Phone,Country,Source,Campaign,Channel,Create Date,%s\n' "$x"
		printf "q');DROP/**/TABLE/**/touches;--@x.example,%s,%s,%s,%s,%s,%s,%s,%s,%s,2026-11-20,%s\n" "$x" "$x" "$x" "$x" "$x" "$x" "$x" "$x" "$x" "$x"
		printf "d@x.example,,,,,,,,,,%s,\n" "$x"
	} >leads.csv
	{
		printf 'Key,Stage,Time,Owner,Amount,Reason,Note\n'
		printf "%s,sql,2026-11-20T10:00:00Z,%s,100,,%s\n" "$x" "$x" "$x"
		printf "dee@acme.example,%s,2026-11-20T10:00:00Z,,,,\n" "$x"
		printf "dee@acme.example,lost,%s,,,,\n" "$x"
		printf "dee@acme.example,lost,2026-11-20T10:00:00Z,,,%s,\n" "$x"
		printf "dee@acme.example,sql,2026-11-20T10:00:00Z,,%s,,\n" "$x"
	} >changes.csv
	{
		printf 'Date,Campaign,Amount,Currency,Channel\n'
		printf "2026-11-20,%s,1.00,,%s\n" "$x" "$x"
		printf "%s,spring,1.00,,\n" "$x"
		printf "2026-11-20,spring,%s,,\n" "$x"
		printf "2026-11-20,spring,1.00,%s,\n" "$x"
	} >spend.csv
	{
		printf 'kpi,period,value,weight\n'
		printf "%s,2026-Q4,5,\n" "$x"
		printf "mqls,%s,5,\n" "$x"
		printf "mqls,2026-Q4,%s,\n" "$x"
		printf "mqls,2026-Q4,5,%s\n" "$x"
	} >targets.csv
	{
		printf 'key,name,channel,owner,budget,kind,start\n'
		printf "%s,%s,%s,%s,,,\n" "$x" "$x" "$x" "$x"
		printf "spring,,,,%s,,\n" "$x"
		printf "spring,,,,,%s,\n" "$x"
		printf "spring,,,,,,%s\n" "$x"
	} >campaigns.csv
	printf '%s\n' "$x" >reps.txt
	printf '%s\n' "$x" 'dee@acme.example' >keys.txt
}
gen_paths() {
	# names with spaces and leading dashes
	printf 'Email,Company\nsp@x.example,Space\n' >' a b.csv'
	printf 'Email,Company\ndash@x.example,Dash\n' >-x.csv
	printf 'Email,Company\nrej@x.example,Rej\n' >-rejects.csv
	printf 'Key,Stage,Time\ndee@acme.example,sal,2026-11-20T10:00:00Z\n' >' changes.csv'
	printf 'Date,Campaign,Amount\n2026-11-20,spring,3.00\n' >'-spend.csv'
	printf 'kpi,period,value\nmqls,2026-Q4,9\n' >' targets.csv'
	printf 'ann\nbob\n' >'-reps.txt'
}
gen_empty() {
	: >empty.csv
	printf 'Email,Company\n' >header-only.csv
	printf 'Key,Stage,Time\r\n' >header-only-changes.csv
	printf 'Date,Campaign,Amount\n' >header-only-spend.csv
	printf 'kpi,period,value\n' >header-only-targets.csv
	printf 'key,name\n' >header-only-set.csv
	printf '\n\n\r\n' >blank-lines.csv
	printf '\xef\xbb\xbf' >bom-only.csv
}

# ------------------------------------------------------------ the seed

# One database with a lead, an event, an owner, a note, a campaign, spend
# and a target in every text column that can hold text: formulas (=, +,
# -, @, a tab), SQL, names starting with a dash.  Every case works on a
# copy of it.
seed() {
	local a='+ann@acme.example' b='-1+1@acme.example' d=dee@acme.example
	local e='=e@acme.example'
	local c="o'neil');drop/**/table/**/leads;--@acme.example"
	local x="x'); DROP TABLE leads;--" h='=HYPERLINK("http://evil.example","spring")'
	printf '%s\r\n' \
	    'Email,First Name,Last Name,Company,Job Title,Phone,Country,Source,Campaign,Channel,Create Date,Favourite Colour' \
	    "$a,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",@SUM(1+1),-1+1,+cmd|' /C calc'!A0,+49 30 1234,=DE,@source,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"spring\"\")\",+cmd|' /C calc'!A0,2026-11-02,=1+1" \
	    "$b,-bob,=cmd,@Home Realty,-CEO,+1 555 0101,Germany,+src,@SUM(1+1),-paid,2026-11-02,@x" \
	    "$c,$x,\"Robert'); DROP TABLE leads;--\",$x,$x,$x,$x,$x,x'); DROP TABLE campaigns;--,x'); DROP TABLE touches;--,2026-11-02,$x" \
	    "$d,Dee,Doe,Acme,CTO,,DE,web,spring,email,2026-11-02,blue" \
	    "$e,@e,,,,,,,-1+1,@chan,2026-11-02," >seed-leads.csv
	printf '%s\n' 'Date,Campaign,Amount,Channel' \
	    '2026-11-02,"=HYPERLINK(""http://evil.example"",""spring"")",1500.00,+cmd' \
	    '2026-11-03,@SUM(1+1),250.50,-paid' '2026-11-03,,99.99,@social' \
	    "2026-11-04,x'); DROP TABLE spend;--,10.00,x'); DROP TABLE spend;--" >seed-spend.csv
	lead-import -q seed-leads.csv &&
	handoff mql --at 2026-11-03T09:00:00Z --by '=cmd' -- "$a" "$b" "$c" "$d" "$e" &&
	handoff assign --to @bob --at 2026-11-03T10:00:00Z -- "$a" "$c" &&
	handoff assign --to "$x" --at 2026-11-03T10:00:00Z -- "$b" &&
	handoff accept --at 2026-11-04T09:00:00Z --note -1+1 -- "$a" "$c" &&
	handoff qualify --amount 12000 --at 2026-11-05T09:00:00Z \
	    --note '=HYPERLINK("http://evil.example","q")' -- "$a" &&
	handoff won --amount 15000 --at 2026-11-10T09:00:00Z -- "$a" &&
	handoff qualify --amount 5000 --at 2026-11-05T09:00:00Z -- "$c" &&
	handoff lost --reason other --note "x'); DROP TABLE stage_events;--" \
	    --at 2026-11-12T09:00:00Z -- "$c" &&
	handoff reject --reason other --note $'\t@SUM(1+1)' \
	    --at 2026-11-06T09:00:00Z -- "$d" &&
	handoff reject --reason no-budget --disqualify --at 2026-11-06T10:00:00Z -- "$e" &&
	handoff note --at 2026-11-07T09:00:00Z --by +actor -- "$b" '-1+1 call back' &&
	handoff note --at 2026-11-07T09:00:00Z -- "$c" "x'); DROP TABLE notes;--" &&
	campaign-report set --name @name --channel +chan --owner -owner \
	    --kind promo --budget 20000 --start 2026-11-01 --end 2026-11-30 -- "$h" &&
	campaign-report set --name "x'); DROP TABLE campaigns;--" \
	    --owner "x'); DROP TABLE campaigns;--" "x'); DROP TABLE campaigns;--" &&
	campaign-report spend seed-spend.csv &&
	joint-kpi target mqls 2026-Q4 10 &&
	joint-kpi target --weight 2 acceptance_rate 2026-Q4 60% &&
	USER='=HYPERLINK("http://evil.example","t")' joint-kpi target revenue 2026-Q4 50000 &&
	sqlite3 -batch "$SMK_DB" 'pragma wal_checkpoint(truncate)' >/dev/null
}

# ------------------------------------------------------------ a case

declare -A made
ncase=0 nfail=0
declare -A by_status by_category
peak_rss=0 peak_name=

run_case() { # the catalogue's columns
	local name=$1 inputs=$2 cmd=$3 want_status=$4 want_err=$5 want_out=$6 dbspec=$7 limits=$8
	local dir=$SCRATCH/c/$name spec g f why='' rss='' secs t0 t1
	local lim_rss=64 lim_secs=5 kind checks check want

	mkdir -p "$dir"
	cp "$SCRATCH/seed.db" "$dir/smk.db"
	for spec in $inputs; do
		case $spec in
		-) ;;
		d:*)
			ln -s "$EDGE/${spec#d:}" "$dir/$(basename "${spec#d:}")" ;;
		g:*)
			g=${spec#g:}
			if [ -z "${made[$g]:-}" ]; then
				mkdir -p "$SCRATCH/in/$g"
				(cd "$SCRATCH/in/$g" && "gen_${g//-/_}")
				made[$g]=1
			fi
			cp -al "$SCRATCH/in/$g/." "$dir/" ;;
		esac
	done
	if [ "$limits" != - ]; then
		lim_rss=${limits%/*}
		lim_secs=${limits#*/}
	fi
	if [ "$SAN" = 1 ]; then
		lim_rss=$((lim_rss * 6))
		lim_secs=$((lim_secs * 10))
	fi
	if [ "$VG" = 1 ]; then
		lim_rss=$((lim_rss * 3 + 64))
	fi
	lim_secs=$((lim_secs * SLOWDOWN))

	t0=${EPOCHREALTIME/./}
	(
		cd "$dir" || exit 99
		export SMK_DB=smk.db
		[ "$SAN" = 0 ] && ulimit -v $((1024 * 1024))
		if [ -n "$TIME" ]; then
			exec $TIME -q -f %M -o .rss bash -c "$cmd"
		else
			exec bash -c "$cmd"
		fi
	) </dev/null >"$dir/.out" 2>"$dir/.err"
	status=$?
	t1=${EPOCHREALTIME/./}
	secs=$(( (t1 - t0) / 1000 ))
	if [ -s "$dir/.rss" ]; then
		slurp "$dir/.rss"
		got=${got%$'\n'}
		rss=$(( ${got##*$'\n'} / 1024 ))
	fi

	if [ -n "${HOSTILE_SHOW:-}" ]; then
		# the row as it ran: status, stderr, stdout in catalogue form
		printf '# %s\t%s' "$name" "$status"
		perl -e 'for (@ARGV) { open my $f, "<", $_; local $/; my $t = <$f> // "";
			$t =~ s/\n\z//; $t = "-" if $t eq ""; $t =~ s/\\/\\\\/g;
			$t =~ s/\n/\\n/g; $t =~ s/\r/\\r/g; $t =~ s/\t/\\t/g;
			print "\t", substr($t, 0, 3000) }
			print "\t"' "$dir/.err" "$dir/.out"
		db_state "$dir/smk.db"
		if [ "$st_all" = "$seed_sum" ]; then
			printf same
		elif [ "$st_data" = "$seed_data" ]; then
			printf audit
		else
			printf landed
		fi
		printf '\t%s/%s\n' "${rss:-?}" "$secs"
	fi

	# exit status, and never a death by a signal
	if [ "$status" -gt 128 ]; then
		why="$why; killed by signal $((status - 128))"
	elif [ "$status" != "$want_status" ]; then
		why="$why; exit $status, want $want_status"
	fi
	# standard error and output: exact, a glob after ~, or a check
	for f in err out; do
		if [ $f = err ]; then want=$want_err; else want=$want_out; fi
		case $want in
		-)
			slurp "$dir/.$f"
			[ -z "$got" ] || why="$why; std$f not empty: ${got:0:300}" ;;
		'~'*)
			slurp "$dir/.$f"
			unescape "${want#\~}"
			# shellcheck disable=SC2053
			[[ ${got%$'\n'} == $u ]] ||
			    why="$why; std$f does not match: ${got:0:300}" ;;
		@safe-csv|@safe-tsv|@plain-csv|@plain-tsv)
			g=${want#@}
			got=$(safe_sheet "${g%-*}" "${g#*-}" "$dir/.$f") ||
			    why="$why; $got"
			why_note=$got ;;
		@has:*)
			slurp "$dir/.$f"
			unescape "${want#@has:}"
			[[ $got == *"$u"* ]] ||
			    why="$why; std$f lacks ${want#@has:}: ${got:0:300}" ;;
		@lines:*)
			got=$(perl -ne 'BEGIN { $re = shift } print unless /$re/' \
			    "${want#@lines:}" "$dir/.$f")
			[ -z "$got" ] || why="$why; std$f lines unlike ${want#@lines:}: $(printf '%s' "$got" | head -c 300)" ;;
		*)
			slurp "$dir/.$f"
			unescape "$want"
			[ "$got" = "$u"$'\n' ] ||
			    why="$why; std$f is '${got:0:600}'" ;;
		esac
	done
	# the database: nothing dropped, and what may have changed
	db_state "$dir/smk.db"
	[ "$st_tables" = "$seed_tables" ] ||
	    why="$why; tables are now: $st_tables"
	kind=${dbspec%% :: *}
	case $kind in
	same)
		[ "$st_all" = "$seed_sum" ] ||
		    why="$why; the database changed" ;;
	audit)
		[ "$st_data" = "$seed_data" ] ||
		    why="$why; data changed (only a batch may land)" ;;
	landed)
		[ "$st_data" != "$seed_data" ] ||
		    why="$why; nothing landed" ;;
	*)
		why="$why; unknown database expectation '$kind'" ;;
	esac
	checks=${dbspec#"$kind"}
	while [ -n "$checks" ]; do
		checks=${checks# :: }
		check=${checks%% :: *}
		checks=${checks#"$check"}
		case $check in
		sql:*)
			unescape "${check#* => }"
			f=${check#sql:}
			got=$(sqlite3 -batch "$dir/smk.db" "${f%% => *}" 2>&1)
			[ "$got" = "$u" ] ||
			    why="$why; ${f%% => *} gave '$got'" ;;
		file:*)
			f=${check#file:}
			f=${f%% => *}
			unescape "${check#* => }"
			got=$(tr -d '\r' <"$dir/$f" 2>&1)
			[ "$got" = "$u" ] || why="$why; $f is '$got'" ;;
		absent:*)
			[ ! -e "$dir/${check#absent:}" ] ||
			    why="$why; ${check#absent:} exists" ;;
		exists:*)
			[ -e "$dir/${check#exists:}" ] ||
			    why="$why; ${check#exists:} does not exist" ;;
		*)
			why="$why; unknown check '$check'" ;;
		esac
	done
	# bounded memory and time
	if [ -n "$rss" ] && [ "$rss" -gt "$lim_rss" ]; then
		why="$why; peak memory $rss MB, more than $lim_rss MB"
	fi
	if [ "$secs" -gt $((lim_secs * 1000)) ]; then
		why="$why; took $secs ms, more than $lim_secs s"
	fi
	if [ -n "$rss" ] && [ "$rss" -gt "$peak_rss" ]; then
		peak_rss=$rss
		peak_name=$name
	fi

	ncase=$((ncase + 1))
	by_status[$status]=$(( ${by_status[$status]:-0} + 1 ))
	by_category[${name%%.*}]=$(( ${by_category[${name%%.*}]:-0} + 1 ))
	local note="exit $status, ${rss:-?} MB, $secs ms${why_note:+, $why_note}"
	why_note=
	if [ -z "$why" ]; then
		ok "hostile $name: $note"
	else
		not_ok "hostile $name: ${why#; }"
		nfail=$((nfail + 1))
	fi
	# a case that passed needs its copies no more (big inputs are links)
	[ -z "$why" ] && rm -rf "$dir"
	return 0
}

# ------------------------------------------------------------ run

mkdir -p "$SCRATCH/c" "$SCRATCH/in"
export SMK_DB=$SCRATCH/seed.db
if ! (cd "$SCRATCH" && seed) >"$SCRATCH/seed.log" 2>&1; then
	not_ok "the seed database"
	show "$SCRATCH/seed.log"
	finish
fi
db_state "$SCRATCH/seed.db"
for t in $st_tables; do
	[ "$t" = batches ] || DATA_QUERY+="select * from $t; "
done
db_state "$SCRATCH/seed.db"
seed_sum=$st_all seed_data=$st_data seed_tables=$st_tables
case $seed_tables in
*leads*) ;;
*) not_ok "the seed database has no tables: $seed_tables"; finish ;;
esac
why_note=

while IFS=$'\t' read -r name inputs cmd st err out db limits; do
	case $name in '' | '#'*) continue ;; esac
	if [ -n "${HOSTILE_ONLY:-}" ] && ! [[ $name =~ $HOSTILE_ONLY ]]; then
		continue
	fi
	run_case "$name" "$inputs" "$cmd" "$st" "$err" "$out" "$db" "${limits:--}"
done <"$CAT"

summary="$ncase hostile inputs tried:"
for s in $(printf '%s\n' "${!by_status[@]}" | sort -n); do
	case $s in
	0) w="accepted" ;; 1) w="findings" ;; 2) w="usage errors" ;;
	3) w="failures" ;; *) w="other" ;;
	esac
	summary="$summary ${by_status[$s]} exit $s ($w),"
done
echo "# ${summary%,}; $nfail not as catalogued"
cats=
for c in $(printf '%s\n' "${!by_category[@]}" | sort); do
	cats="$cats $c ${by_category[$c]},"
done
echo "# by category:${cats%,}"
[ -n "$peak_name" ] && echo "# peak memory $peak_rss MB ($peak_name)"
finish
