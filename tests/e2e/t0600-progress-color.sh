#!/usr/bin/env bash
# Progress lines and colour, the same in every tool: nothing of either on
# a pipe or in a file unless asked (--progress); on a terminal (script(1)
# gives the tools one) the progress line is drawn in place and erased
# before anything else, tables colour their statuses and stay aligned,
# and NO_COLOR, TERM=dumb, a pipe or another format mean no escape at all.
. "$(dirname "$0")/../lib.sh"
unset NO_COLOR
export TERM=xterm

# rates, percents and the blanks that erase a line vary: masked
mask() {
	sed -E 's/[0-9]+ (rows|keys)\/s/N \1\/s/g; s/, [0-9]+%/, N%/g;
	    s/working\.\.\. [0-9]+ s/working... N s/g; s/\| +\|/|<erase>|/g'
}
has_esc() { grep -q $'\033' "$1"; }

# run_tty CMD: CMD on a terminal 100 columns wide (stdout and stderr
# both), its transcript in out with every CR shown as '|' in tty
have_script=0
command -v script >/dev/null 2>&1 && have_script=1
run_tty() {
	run script -qec "stty cols ${COLS:-100} rows 40; $*" /dev/null </dev/null
	tr '\r' '|' <out >tty
}
skip_tty() { ok "# SKIP no script(1): $1"; }
# what is left of a transcript once a progress line it erased is taken
# out: a report that takes over a second on a terminal (a slow machine,
# valgrind) shows its busy line first, and erases it before the table
unerase() { sed $'s/^.*\r *\r//' "$1"; }

"$ROOT/scripts/gen-leads" -n 5000 -s 3 -d 0 >big.csv
"$ROOT/scripts/gen-stage-changes" -n 5000 -s 3 big.csv >changes.csv
awk 'BEGIN { print "Date,Campaign,Cost"
	for (i = 0; i < 5000; i++)
		printf "2026-%02d-%02d,c%d,%d.50\n", i % 10 + 1, i % 28 + 1, i % 50, i % 90 + 1 }' >spend.csv

# ------------------------------------------------ progress, not a terminal

run lead-import big.csv
expect_status 0 "a 5000-row import"
expect_err "lead-import: big.csv: 5000 rows, 5000 new, 0 updated, 0 unchanged, 0 rejected, 0 became MQL, 5000 touches" \
    "stderr a file: the summary only, no progress line"
q "select key from leads order by id" >keys.txt
cp smk.db base.db   # the leads as imported, for apply

run lead-import -n --progress big.csv
expect_status 0 "--progress"
mask <err >e
expect_file e "lead-import: big.csv: 4096 rows, N rows/s, N%
lead-import: (dry run) big.csv: 5000 rows, 0 new, 0 updated, 5000 unchanged, 0 rejected, 0 became MQL, 0 touches" \
    "--progress on a file: a line of its own at row 4096, then the summary"
grep -q $'[\r\033]' err && not_ok "--progress on a file: no CR, no escape" ||
    ok "--progress on a file: no CR, no escape"

run lead-import -n -q --progress big.csv
mask <err >e
expect_file e "lead-import: big.csv: 4096 rows, N rows/s, N%" \
    "-q --progress: the progress line, no summary"
run lead-import -n -q big.csv
expect_status 0 "-q"
expect_err "" "-q: nothing on stderr"

run_in big.csv lead-import -n --progress
mask <err >e
expect_eq "$(head -n 1 e)" "lead-import: <stdin>: 4096 rows, N rows/s, N%" \
    "standard input from a file: its size is known, a percent"
run sh -c 'cat big.csv | lead-import -n --progress'
expect_status 0 "standard input from a pipe"
mask <err >e
expect_eq "$(head -n 1 e)" "lead-import: <stdin>: 4096 rows, N rows/s" \
    "standard input from a pipe: no size, no percent"

# the keys of a handoff subcommand: all read first, so the share is exact
run_in keys.txt handoff mql --progress
expect_status 0 "handoff mql of 5000 keys"
sed -E 's/[0-9]+ keys\/s/N keys\/s/' err >e
expect_file e "handoff: mql: 4096 keys, N keys/s, 81%" \
    "--progress: 4096 of 5000 keys, 81%"
expect_eq "$(wc -l <out | tr -d ' ')" 5000 "the keys still go to stdout"
run_in keys.txt handoff assign -q --to ann
expect_status 0 "handoff assign -q"
expect_err "" "handoff -q: nothing on stderr"

cp base.db apply.db
run handoff -d apply.db apply --progress changes.csv
mask <err >e
expect_eq "$(grep -c '^handoff: changes.csv: 4096 rows, N rows/s, N%$' e)" 1 \
    "handoff apply --progress: its progress line"
expect_eq "$(tail -n 1 e | sed 's/:.*//')" "handoff" "the summary last"
run handoff -d apply.db apply -q changes.csv
expect_eq "$(grep -c 'rows' err)" 0 "handoff apply -q: neither progress nor summary"
rm -f apply.db*

run campaign-report spend --progress -n spend.csv
expect_status 0 "campaign-report spend --progress"
mask <err | sed -E 's/\([0-9.]+\)/(AMOUNT)/' >e
expect_file e "campaign-report: spend.csv: 4096 rows, N rows/s, N%
campaign-report: (dry run) spend.csv: 5000 rows, 5000 loaded (AMOUNT), 0 totals skipped, 0 rejected" \
    "spend: the progress line, then the summary"
run campaign-report spend -q -n spend.csv
expect_err "" "spend -q: nothing on stderr"
run campaign-report set -q c1
expect_status 2 "set KEY -q: a usage error"
expect_err_has "campaign-report: set: -q goes with --from" "says so"
run joint-kpi target -q mqls 2026 1
expect_status 2 "target KPI -q: a usage error"
run handoff note -q x y
expect_status 2 "handoff note -q: a usage error"
expect_err_has "handoff: note: option '-q' does not apply" "says so"

# A listing whose output stalls (a reader busy elsewhere) is still
# working: after a second the busy line, with --progress, as a line.
run sh -c 'handoff queue --format tsv --progress | { sleep 3; cat >queue.tsv; }'
expect_status 0 "a queue read slowly"
mask <err >e
expect_eq "$(head -n 1 e)" "handoff: working... N s" \
    "--progress: the busy line once the listing has taken a second"
expect_eq "$(wc -l <queue.tsv | tr -d ' ')" 5001 "every row still comes"
run sh -c 'handoff queue --format tsv | { sleep 2; cat >/dev/null; }'
expect_err "" "no busy line without --progress when stderr is a file"

# ---------------------------------------------------------- on a terminal

if [ "$have_script" = 1 ]; then
	run_tty lead-import -n big.csv
	expect_status 0 "on a terminal"
	mask <tty >e
	expect_file e "|lead-import: big.csv: 4096 rows, N rows/s, N%|<erase>|lead-import: (dry run) big.csv: 5000 rows, 0 new, 0 updated, 5000 unchanged, 0 rejected, 0 became MQL, 0 touches|" \
	    "terminal: the line drawn in place, erased with blanks before the summary"
	has_esc tty && not_ok "terminal: the progress line holds no escape" ||
	    ok "terminal: the progress line holds no escape"

	{ cat big.csv; printf 'not-an-email,A,B,,,,,,,,2026-01-02 10:00,,\r\n'; } >bad.csv
	run_tty lead-import -n bad.csv
	expect_status 1 "a bad row after row 4096"
	mask <tty | sed -E 's/bad\.csv:[0-9]+:/bad.csv:LINE:/' >e
	expect_eq "$(sed -n 1p e)" "|lead-import: bad.csv: 4096 rows, N rows/s, N%|<erase>|lead-import: bad.csv:LINE: Email: missing @|" \
	    "terminal: the line erased before the diagnostic"

	run_tty lead-import -n -q big.csv
	expect_out "" "terminal, -q: nothing at all"
	run_tty lead-import -n -q --progress big.csv
	mask <tty >e
	expect_eq "$(cat e)" "|lead-import: big.csv: 4096 rows, N rows/s, N%|<erase>|" \
	    "terminal, -q --progress: the line, erased at the end"

	cp big.csv a-rather-long-name-for-an-export-of-leads.csv
	COLS=60 run_tty lead-import -n -q --progress a-rather-long-name-for-an-export-of-leads.csv
	line=$(tr '|' '\n' <tty | grep 'rows/s')
	case $line in
	"lead-import: ..."*"leads.csv: 4096 rows, "*) ok "narrow terminal: the name loses its start" ;;
	*) not_ok "narrow terminal: the name loses its start: '$line'" ;;
	esac
	[ "${#line}" -le 59 ] && ok "narrow terminal: the line fits in 59 columns" ||
	    not_ok "narrow terminal: ${#line} columns"

	run_tty "handoff mql < keys.txt | tail -n 1"
	mask <tty >e
	expect_eq "$(head -c 100 e)" "|handoff: mql: 4096 keys, N keys/s, N%|<erase>|$(tail -n 1 keys.txt)|" \
	    "terminal: the keys line erased before the keys"

	run_tty "handoff queue --format tsv | { sleep 3; cat >/dev/null; }"
	mask <tty >e
	case $(cat e) in
	"|handoff: working... N s|"*"|<erase>|") ok "terminal: the busy line, erased at the end" ;;
	*) not_ok "terminal: the busy line, erased at the end"; show e ;;
	esac
else
	skip_tty "progress on a terminal"
fi

# ------------------------------------------------------------------ colour

cp base.db apply.db
handoff -d apply.db apply changes.csv >/dev/null 2>&1
campaign-report -d apply.db spend spend.csv 2>/dev/null
# the campaign with the most revenue spends a little: a gain
top=$(campaign-report -d apply.db --period 2026 --sort revenue --format tsv | sed -n 2p | cut -f1)
printf 'Date,Campaign,Cost\n2026-03-01,%s,1.00\n' "$top" >gain.csv
campaign-report -d apply.db spend -q gain.csv
# on track, at risk (0.186 of 0.19) and off track (0.530 of 0.99)
joint-kpi -d apply.db target mqls 2026 1 &&
    joint-kpi -d apply.db target sla_compliance 2026 0.19 &&
    joint-kpi -d apply.db target win_rate 2026 0.99 || not_ok "targets set"
printf 'Email,Create Date\nlate@x.example,2026-11-01\nnew@x.example,2026-11-01\n' >two.csv
lead-import -q -d q.db two.csv
handoff -d q.db mql --at 2026-11-19T09:00:00Z late@x.example >/dev/null
handoff -d q.db mql new@x.example >/dev/null

if [ "$have_script" = 1 ]; then
	run_tty joint-kpi -d apply.db --period 2026
	expect_status 0 "joint-kpi on a terminal"
	for s in '32mon-track' '33mat-risk' '31moff-track' '2mimmature'; do
		grep -qF $'\033['"$s"$'\033[0m' tty && ok "joint-kpi: ${s#*m} coloured" ||
		    not_ok "joint-kpi: ${s#*m} coloured ($s)"
	done
	unerase out | sed $'s/\033\\[[0-9]*m//g' >stripped
	run_tty env NO_COLOR=1 joint-kpi -d apply.db --period 2026
	has_esc tty && not_ok "NO_COLOR=1: no escape" || ok "NO_COLOR=1: no escape"
	unerase out >plain
	cmp -s stripped plain && ok "the coloured table, escapes taken out, is the plain one: aligned" ||
	    { not_ok "the coloured table, escapes taken out, is the plain one"; diff stripped plain | head; }
	tr -d '\r' <plain >t1
	run joint-kpi -d apply.db --period 2026 --format table
	cmp -s t1 out && ok "the plain terminal table is the piped one, byte for byte" ||
	    { not_ok "the plain terminal table is the piped one"; diff t1 out | head; }

	run_tty env NO_COLOR= joint-kpi -d apply.db --period 2026
	has_esc tty && ok "NO_COLOR empty: colour still" || not_ok "NO_COLOR empty: colour still"
	run_tty env TERM=dumb joint-kpi -d apply.db --period 2026
	has_esc tty && not_ok "TERM=dumb: no escape" || ok "TERM=dumb: no escape"
	run_tty "joint-kpi -d apply.db --period 2026 --format table | cat"
	has_esc tty && not_ok "a table piped: no escape" || ok "a table piped: no escape"
	for f in csv tsv json jsonl md; do
		run_tty joint-kpi -d apply.db --period 2026 --format $f
		has_esc tty && not_ok "--format $f on a terminal: no escape" ||
		    ok "--format $f on a terminal: no escape"
	done

	run_tty handoff -d q.db queue
	grep -q $'late@x.example.*\033\\[31mbreached\033\\[0m' tty &&
	    grep -q $'new@x.example.*\033\\[32mok\033\\[0m' tty &&
	    ok "handoff queue: breached red, ok green" || { not_ok "handoff queue: breached red, ok green"; show tty; }
	run_tty handoff -d q.db sla --period 2026-11
	grep -q $'\033\\[31mopen\033\\[0m' tty && ok "handoff sla: an open breach red" ||
	    { not_ok "handoff sla: an open breach red"; show tty; }

	run_tty campaign-report -d apply.db --period 2026
	grep -q $'\033\\[31m-1.000\033\\[0m' tty && ok "campaign-report: a loss red" ||
	    { not_ok "campaign-report: a loss red"; show tty; }
	run campaign-report -d apply.db --period 2026 --format tsv
	expect_eq "$(awk -F'\t' -v c="$top" '$1 == c && $21 > 0 { print "gain" }' out)" gain \
	    "campaign-report: $top has a positive roi"
	grep "^$top " tty >line
	[ -s line ] && ! has_esc line && ok "campaign-report: a gain is not coloured" ||
	    { not_ok "campaign-report: a gain is not coloured"; show line; }
else
	skip_tty "colour"
fi

# never in a file or a pipe, whatever the format
for f in table csv tsv json jsonl md; do
	run joint-kpi -d apply.db --period 2026 --format $f
	has_esc out && not_ok "--format $f to a file: no escape" ||
	    ok "--format $f to a file: no escape"
done

finish
