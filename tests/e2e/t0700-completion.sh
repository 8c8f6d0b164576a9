#!/usr/bin/env bash
# Bash completion (scripts/completion/smk.bash), loaded in plain bash and
# run as bash would run it: it offers every subcommand and option each
# tool's -h lists; for each subcommand exactly the options the tool takes
# there, and the ones with an argument are those of the tool's getopt
# tables; value lists the tool accepts, and the library's whole lists
# where it has one.  `make install DESTDIR=...` puts a copy under each
# tool's name beside the man pages, `make uninstall` removes exactly that.
. "$(dirname "$0")/../lib.sh"

COMPLETION=$ROOT/scripts/completion/smk.bash
TOOLS="lead-import handoff campaign-report joint-kpi"
# a database for the tools that check a value only when they run
run handoff add seed@example.com
expect_status 0 "a database to run the tools on"

# shellcheck source=/dev/null
if . "$COMPLETION"; then
	ok "loads in bash without bash-completion"
else
	not_ok "loads in bash without bash-completion"
	finish
fi
for t in $TOOLS; do
	if complete -p "$t" 2>/dev/null | grep -q -- ' -F '; then
		ok "registers a completion function for $t"
	else
		not_ok "registers a completion function for $t"
		finish
	fi
done

# comp WORD...: what completing the last word offers, one per line, the
# function called as bash calls it (COMP_WORDS, COMP_CWORD, COMP_LINE)
comp() {
	local fn
	fn=$(complete -p "$1" | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}
# comp_line LINE: the same for a command line split as bash splits it
# ("--format=c" is three words: --format, =, c)
comp_line() {
	local fn line=$1
	fn=$(complete -p "${line%% *}" | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
	# shellcheck disable=SC2046
	set -- $(printf '%s\n' "$line" | sed 's/\([=:]\{1,\}\)/ \1 /g')
	COMP_WORDS=("$@")
	case $line in *' ') COMP_WORDS+=("") ;; esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" ""
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}
# the words of a list, sorted, on one line
words() { tr -s ' \t\n' '\n' | sed '/^$/d' | sort -u | tr '\n' ' '; }
# list_has LIST WORD
list_has() { printf '%s\n' "$1" | grep -qxF -- "$2"; }

# blocks TOOL: one line per subcommand of each usage block of TOOL -h,
# "SUBCOMMAND<TAB>block" ("" for the tool without one)
blocks() {
	"$1" -h | sed 's/^usage: //; s/^ *//' | awk -v tool="$1" '
	    index($0, tool " ") == 1 { if (b != "") print b; b = $0; next }
	    { b = b " " $0 }
	    END { if (b != "") print b }' |
	while IFS= read -r b; do
		rest=${b#"$1" }
		rest=${rest#"[-d db] "}
		names=""
		for x in $rest; do
			case $x in \[* | -*) break ;; '|') ;; *) names="$names $x" ;; esac
		done
		[ -n "$names" ] || names='""'
		for n in $names; do printf '%s\t%s\n' "$n" "$rest"; done
	done | sed 's/^""//'
}
# opts_in TEXT: the options a usage text names, -x and --long, one a line
opts_in() {
	printf '%s\n' "$1" | grep -oE -- '--[a-z][a-z-]*' || true
	printf '%s\n' "$1" | grep -oE -- '(^|[[ ])-[a-zA-Z]+' |
	    sed 's/^[[ ]*-//' | fold -w1 | sed 's/^/-/' || true
}
# offered TOOL SUB: the options completed for "TOOL SUB -"
offered() {
	if [ -n "$2" ]; then comp "$1" "$2" -; else comp "$1" -; fi
}

# 1. Everything -h lists is offered where it lists it.
for t in $TOOLS; do
	blocks "$t" >blocks.txt
	subs=$(cut -f1 blocks.txt | sed '/^$/d' | words)
	if [ -n "$subs" ]; then
		expect_eq "$(comp "$t" "" | words)" "$subs" "$t: the subcommands offered are those of -h"
	fi
	missing=""
	while IFS=$'\t' read -r sub text; do
		o=$(offered "$t" "$sub")
		for x in $(opts_in "$text"); do
			list_has "$o" "$x" || missing="$missing ${sub:-($t)}:$x"
		done
	done <blocks.txt
	expect_eq "$missing" "" "$t: every option of -h is offered with its subcommand"
done

# 2. The options offered for each subcommand are the ones the tool takes
# there: each option of the tool's table (cmd/TOOL.c), given to the
# subcommand before -h, is refused as not applying, or taken.
# tables TOOL: "name no|required|optional" for each long option
table() {
	sed -n 's/^[[:space:]]*{ "\([a-z][a-z-]*\)", \([a-z]*\)_argument,.*/\1 \2/p' \
	    "$ROOT/cmd/$1.c"
}
# shorts TOOL: the short options of the getopt_long strings, "x:" with an
# argument
shorts() {
	sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' "$ROOT/cmd/$1.c" |
	    tr -d '+' | sed 's/^://; s/\([a-zA-Z]\)/ \1/g' | tr ' ' '\n' |
	    sed '/^$/d' | sort -u
}
for t in $TOOLS; do
	table "$t" >table.txt
	shorts "$t" >shorts.txt
	if [ -s table.txt ] && [ -s shorts.txt ]; then
		ok "$t: reads the option table of cmd/$t.c"
	else
		not_ok "$t: reads the option table of cmd/$t.c"
		continue
	fi
	bad=""
	while read -r name arg; do
		if [ "$arg" = no ]; then
			_smk_takes_arg "$t" "--$name" && bad="$bad --$name"
		else
			_smk_takes_arg "$t" "--$name" || bad="$bad --$name"
		fi
	done <table.txt
	while read -r s; do
		case $s in
		?:) _smk_takes_arg "$t" "-${s%:}" || bad="$bad -${s%:}" ;;
		*) _smk_takes_arg "$t" "-$s" && bad="$bad -$s" ;;
		esac
	done <shorts.txt
	expect_eq "$bad" "" "$t: the options whose next word is their argument are those of the table"

	# "." the tool without a subcommand; handoff reads nothing there but
	# -d, -h and --version, and refuses the others as usage errors
	ctxs=$(blocks "$t" | cut -f1 | sed 's/^$/./' | sort -u)
	[ "$t" = handoff ] && ctxs=$(printf '%s\n' "$ctxs" | sed '/^\.$/d')
	for ctx in $ctxs; do
		sub=${ctx#.}
		takes=""
		for x in $(sed 's/ .*//; s/^/--/' table.txt) \
		    $(sed 's/:$//; s/^/-/' shorts.txt); do
			case $x in --db | --help | --version | -d | -h) continue ;; esac
			# (a sanitized build's leak check at each exit would
			# take most of this test's time, for no finding here)
			# shellcheck disable=SC2086
			ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 "$t" $sub "$x" x -h \
			    >/dev/null 2>probe
			grep -q 'does not apply' probe || takes="$takes $x"
		done
		got=$(offered "$t" "$sub" | grep -vxE -- '--db|--help|--version|-d|-h' | words)
		want=$(printf '%s\n' "$takes" | words)
		expect_eq "$got" "$want" "$t ${sub:-(no subcommand)}: offers the options it takes there"
		o=$(offered "$t" "$sub")
		if list_has "$o" --db && list_has "$o" --help; then
			ok "$t ${sub:-(no subcommand)}: offers --db and --help"
		else
			not_ok "$t ${sub:-(no subcommand)}: offers --db and --help"
		fi
	done
	if list_has "$(offered "$t" "")" --version &&
	    list_has "$(offered "$t" "")" --db; then
		ok "$t: offers --version and --db without a subcommand"
	else
		not_ok "$t: offers --version and --db without a subcommand"
	fi
done

# 3. Values: the tool accepts each one offered, and the lists the library
# keeps are offered whole.
# src_list FILE START: the quoted words from the line matching START to
# the next "};" or "^}" of a libsmk source
src_list() {
	sed -n "/$2/,/^}/p" "$ROOT/libsmk/$1" | sed '/};/q' |
	    grep -o '"[a-z0-9_-]*"' | tr -d '"' | words
}
accepts() { # accepts DESC CMD...: CMD exits 0 (or 1, a finding)
	"${@:2}" >/dev/null 2>probe
	case $? in 0 | 1) ;; *) bad="$bad $1" ;; esac
}

got=$(comp handoff queue --format "" | words)
expect_eq "$got" "$(src_list output.c '^smk_format_parse')" "--format: the listing formats of output.c"
bad=""
for v in $got; do accepts "$v" handoff queue --format "$v" -h; done
for v in $got; do accepts "$v" campaign-report --format "$v"; done
expect_eq "$bad" "" "--format: each taken by handoff and campaign-report"

got=$(comp joint-kpi brief --format "" | words)
expect_eq "$got" "$(src_list brief.c '^smk_brief_format_parse')" "brief --format: the forms of brief.c"
bad=""
for v in $got; do
	if [ "$v" = email ]; then
		accepts "$v" joint-kpi brief --format "$v" --to a@example.com -o brief.out
	else
		accepts "$v" joint-kpi brief --format "$v" -o brief.out
	fi
done
expect_eq "$bad" "" "brief --format: each taken"

for s in mql accept recycle reject lost apply; do
	got=$(comp handoff "$s" --reason "" | words)
	expect_eq "$got" "$(src_list handoff.c 'smk_reason_codes\[\] =')" "$s --reason: the reason codes of handoff.c"
done
bad=""
for v in $got; do accepts "$v" handoff reject --reason "$v" -h; done
expect_eq "$bad" "" "--reason: each taken"

stages=$(src_list fields.c 'stage_names\[SMK_ST_COUNT\] =')
got=$(comp handoff apply --stage "" | words)
expect_eq "$got" "$stages" "apply --stage: the stages of fields.c"
expect_eq "$(comp_line 'handoff apply --stage-map Engaging=' | words)" "$stages" "apply --stage-map VALUE=: the stages"
expect_eq "$(comp_line 'handoff apply --stage-map=Won=wo' | words)" "won " "apply --stage-map=VALUE=wo: won"
bad=""
for v in $got; do
	accepts "$v" handoff apply --stage "$v" -h
	accepts "$v" handoff apply --stage-map "x=$v" -h
done
expect_eq "$bad" "" "apply --stage and --stage-map: each stage taken"
want=""
for v in $stages; do
	lead-import --stage "$v" -h >/dev/null 2>&1 && want="$want $v"
done
expect_eq "$(comp lead-import --stage "" | words)" "$(printf '%s\n' "$want" | words)" "lead-import --stage: the stages it takes"

got=$(comp campaign-report --model "" | words)
expect_eq "$got" "$(src_list attrib.c 'model_names\[SMK_ATTR_COUNT\] =')" "--model: the models of attrib.c"
bad=""
for v in $got; do accepts "$v" campaign-report --model "$v"; done
expect_eq "$bad" "" "--model: each taken"

got=$(comp campaign-report --sort "" | words)
expect_eq "$got" "$(campaign-report --format tsv | head -n 1 | tr '\t' '\n' | words)" "--sort: the report's columns"
bad=""
for v in $got; do accepts "$v" campaign-report --sort "$v"; done
expect_eq "$bad" "" "--sort: each taken"

want=""
for k in $(joint-kpi --format tsv | sed 1d | cut -f1); do
	joint-kpi target -n "$k" 2026-Q4 1 >/dev/null 2>&1 && want="$want $k"
done
expect_eq "$(comp joint-kpi target "" | words)" "$(printf '%s\n' "$want" | words)" "target KPI: the scoreboard's KPIs that take a target"

expect_eq "$(comp handoff config "" | words)" "$(handoff config | cut -f1 | words)" "config NAME: the settings"

bad=""
for v in $(comp campaign-report --by ""); do accepts "$v" campaign-report --by "$v"; done
for v in $(comp joint-kpi --fail-on ""); do accepts "$v" joint-kpi --fail-on "$v"; done
for v in $(comp campaign-report set --kind ""); do accepts "$v" campaign-report set -n --kind "$v" c1; done
for v in $(comp lead-import --encoding ""); do accepts "$v" lead-import --encoding "$v" -h; done
for v in $(comp lead-import --delimiter ""); do
	accepts "$v" lead-import --delimiter "${v#\\}" -h
	accepts "$v" campaign-report spend --delimiter "${v#\\}" -h
done
for v in $(comp handoff sla --period ""); do accepts "$v" handoff feedback --period "$v"; done
for v in $(comp lead-import -m ""); do accepts "$v" lead-import -m "${v}x" -h; done
for v in $(comp handoff apply --map ""); do accepts "$v" handoff apply -m "${v}x" -h; done
for v in $(comp campaign-report spend -m ""); do accepts "$v" campaign-report spend -m "${v}x" -h; done
expect_eq "$bad" "" "--by, --fail-on, --kind, --encoding, --delimiter, --period and --map: each value taken"
for o in "campaign-report --by" "joint-kpi --fail-on" "campaign-report set --kind" \
    "lead-import --encoding" "handoff sla --period" "joint-kpi target mqls"; do
	# shellcheck disable=SC2086
	if [ -n "$(comp $o "")" ]; then
		ok "$o: offers values"
	else
		not_ok "$o: offers values"
	fi
done

# 4. Where the words go.
touch export.csv rules.txt
expect_eq "$(comp_line 'handoff queue --format=j' | words)" "json jsonl " "--format=j: the formats after '='"
expect_eq "$(comp_line 'handoff queue --format= ' | words)" "" "--format= and a blank: a new word, none"
expect_eq "$(comp lead-import exp)" "export.csv" "lead-import: files"
expect_eq "$(comp lead-import --rules ru)" "rules.txt" "--rules: a file"
expect_eq "$(comp handoff -d x.db que | words)" "queue " "handoff: the subcommand after -d db"
expect_eq "$(comp campaign-report --period last-month s | words)" "" "campaign-report: a subcommand only as the first word"
expect_eq "$(comp joint-kpi -d x.db t | words)" "target targets " "joint-kpi: the subcommand after -d db"
expect_eq "$(comp joint-kpi target mqls 2026-Q4 "")" "" "target KPI PERIOD: no value offered"
expect_eq "$(comp joint-kpi target --from ex)" "export.csv" "target --from: a file"
expect_eq "$(comp joint-kpi brief --from "")" "" "brief --from: an address, no file"
expect_eq "$(comp campaign-report spend -n exp)" "export.csv" "spend: files"
expect_eq "$(comp handoff apply --stage-map ex)" "" "apply --stage-map VALUE: the value is the export's"
expect_eq "$(comp handoff reject -- -)" "" "after --: no option"

# 5. make install and uninstall, as the Makefile does them with DESTDIR
# and PREFIX; the binaries are those tested (-o: not rebuilt).
nobuild=()
for t in $TOOLS; do nobuild+=(-o "$BUILD/bin/$t"); done
mk() { MAKEFLAGS='' make -s -C "$ROOT" BUILD="$BUILD" "${nobuild[@]}" "$@" >make.out 2>&1; }
for prefix in /usr/local /opt/smk; do
	dest=$SCRATCH/dest$(echo "$prefix" | tr / _)
	comps=$dest$prefix/share/bash-completion/completions
	mk install DESTDIR="$dest" PREFIX="$prefix"
	status=$?
	expect_status 0 "make install PREFIX=$prefix DESTDIR=..."
	want=""
	for t in $TOOLS; do
		want="$want bin/$t share/man/man1/$t.1 share/bash-completion/completions/$t"
	done
	want="$want share/man/man7/smk.7"
	got=$(cd "$dest$prefix" 2>/dev/null && find . ! -type d | sed 's|^\./||' | words)
	expect_eq "$got" "$(printf '%s\n' "$want" | words)" "$prefix: the tools, their man pages and a completion per tool"
	same=1
	for t in $TOOLS; do cmp -s "$COMPLETION" "$comps/$t" || same=0; done
	if [ "$same" = 1 ]; then
		ok "$prefix: each completion is scripts/completion/smk.bash"
	else
		not_ok "$prefix: each completion is scripts/completion/smk.bash"
	fi
	# what bash-completion does on handoff's first <Tab>: source
	# completions/handoff, then ask for handoff's completion
	if bash --norc --noprofile -c '. "$1/handoff" && complete -p lead-import handoff campaign-report joint-kpi' _ "$comps" >/dev/null 2>&1; then
		ok "$prefix: any one copy completes the four tools"
	else
		not_ok "$prefix: any one copy completes the four tools"
	fi
	touch "$comps/other-tool"
	mk uninstall DESTDIR="$dest" PREFIX="$prefix"
	status=$?
	expect_status 0 "make uninstall PREFIX=$prefix DESTDIR=..."
	got=$(cd "$dest" && find . ! -type d | sed 's|^\./||' | words)
	expect_eq "$got" "${prefix#/}/share/bash-completion/completions/other-tool " "$prefix: uninstall leaves no file of its own, and the others"
done

finish
