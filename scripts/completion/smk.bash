# smk.bash — bash completion for lead-import, handoff, campaign-report and
# joint-kpi: subcommands, their options, and the values the options take.
#
# `make install` puts a copy under each command's name in
# $(PREFIX)/share/bash-completion/completions, where bash-completion finds
# it the first time the command is completed; any copy registers all four.
# Without bash-completion, source it from ~/.bashrc.  It needs bash alone:
# none of bash-completion's helpers are used.
#
# The option lists follow each tool's -h and man page;
# tests/e2e/t0700-completion.sh fails when they drift from what the tools
# accept, and when a value list drifts from the library's.

_smk_formats='table csv tsv json jsonl md'
_smk_reasons='no-budget no-authority no-need bad-timing bad-data competitor
duplicate existing-customer not-a-fit other'
_smk_stages='lead mql sal sql won lost recycled disqualified'
_smk_models='first last linear u w full decay markov'
_smk_kpis='mqls acceptance_rate mql_to_sql sql_to_won win_rate
sla_compliance response_p50_hours response_p90_hours cycle_p50_days
cycle_p90_days pipeline revenue sourced_pipeline_share
sourced_forecast_share weighted_forecast lead_velocity spend cpl cac roi'
_smk_columns='campaign name channel owner kind spend budget touches leads
mql sal sql won pipeline influenced revenue cpl cost_per_mql cost_per_sql
cac roi acceptance_rate top_reason'
_smk_settings='sla_hours sla_business_hours sla_weekdays'

# The subcommands of a tool.
_smk_subcommands() {
	case $1 in
	handoff) echo 'queue add mql accept recycle assign reject qualify won
	    lost note forget apply sla history feedback config' ;;
	campaign-report) echo 'set campaigns spend' ;;
	joint-kpi) echo 'target targets forecast funnel brief' ;;
	esac
}

# The options of a tool's subcommand; "" is the command without one
# (campaign-report's report, joint-kpi's scoreboard, handoff before its
# subcommand).  -d, --db, -h and --help go everywhere, --version before a
# subcommand.
_smk_options() {
	case $1/$2 in
	lead-import/) echo '-n --dry-run -q --quiet -k --key -m --map
	    -r --rejects --campaign --date-format --delimiter --encoding
	    --mql-at --null --rules --source --stage' ;;
	handoff/) ;;
	handoff/queue) echo '--as-of --breached --format --bom --owner' ;;
	handoff/add) echo '--sales-sourced --at --by --campaign --company
	    --country --first-name --last-name --source' ;;
	handoff/mql | handoff/accept | handoff/recycle)
		echo '--at --by --note --reason' ;;
	handoff/assign) echo '--to --round-robin --pool --at --by' ;;
	handoff/reject) echo '--reason --disqualify --note --at --by' ;;
	handoff/qualify | handoff/won) echo '--amount --at --by --note' ;;
	handoff/lost) echo '--reason --at --by --note' ;;
	handoff/note) echo '--at --by' ;;
	handoff/forget) echo '--by' ;;
	handoff/apply) echo '-n --dry-run --add-missing -m --map -r --rejects
	    --reason --note --stage --stage-map' ;;
	handoff/sla) echo '--as-of --business-hours --format --bom --hours
	    --owner --period --weekdays' ;;
	handoff/history) echo '--as-of --format --bom' ;;
	handoff/feedback) echo '--as-of --format --bom --notes --reasons
	    --period' ;;
	handoff/config) ;;
	campaign-report/) echo '--as-of --bom --by --channel --compare-models
	    --format --half-life --model --owner --period --sort' ;;
	campaign-report/set) echo '--budget --channel --end --from --kind
	    --name --owner --start -n --dry-run -r --rejects' ;;
	campaign-report/campaigns) echo '--bom --format' ;;
	campaign-report/spend) echo '-n --dry-run -m --map -r --rejects
	    --currency --date --decimal-comma --delimiter' ;;
	joint-kpi/) echo '--as-of --at-risk --bom --cap --fail-on --format
	    --period' ;;
	joint-kpi/target) echo '--from --weight -n --dry-run -r --rejects' ;;
	joint-kpi/targets) echo '--bom --format' ;;
	joint-kpi/forecast) echo '--as-of --bom --format' ;;
	joint-kpi/funnel) echo '--as-of --bom --format --period' ;;
	joint-kpi/brief) echo '-o --as-of --format --from --period --subject
	    --to' ;;
	esac
	# -q and --progress (cmd/common.h): where there is a summary, a
	# progress line or a busy line to show
	case $1/$2 in
	handoff/ | handoff/note | handoff/config) ;;
	handoff/forget | campaign-report/set | joint-kpi/target)
		echo '-q --quiet' ;;
	lead-import/) echo '--progress' ;;
	*) echo '-q --quiet --progress' ;;
	esac
	echo '-d --db -h --help'
	if [ -z "$2" ]; then
		echo '--version'
	fi
}

# Whether an option of the tool takes an argument (in the next word when
# not given as --option=value).
_smk_takes_arg() {
	case $2 in
	-d | --db | -m | --map | -r | --rejects | --as-of | --format | \
	    --owner | --period | --from | --campaign | --source | --stage)
		return 0 ;;
	esac
	case $1 in
	lead-import) case $2 in
		-k | --key | --date-format | --delimiter | --encoding | \
		    --mql-at | --null | --rules) return 0 ;;
		esac ;;
	handoff) case $2 in
		--amount | --at | --business-hours | --by | --company | \
		    --country | --first-name | --hours | --last-name | \
		    --note | --pool | --reason | --round-robin | \
		    --stage-map | --to | --weekdays) return 0 ;;
		esac ;;
	campaign-report) case $2 in
		--budget | --by | --channel | --currency | --date | \
		    --delimiter | --end | --half-life | --kind | --model | \
		    --name | --sort | --start) return 0 ;;
		esac ;;
	joint-kpi) case $2 in
		-o | --at-risk | --cap | --fail-on | --subject | --to | \
		    --weight) return 0 ;;
		esac ;;
	esac
	return 1
}

# Periods to suggest: the relative names, then this year, quarter and
# month as they are written.
_smk_periods() {
	local y m
	printf -v y '%(%Y)T' -1
	printf -v m '%(%m)T' -1
	echo "this-week last-week this-month last-month this-quarter"
	echo "last-quarter today yesterday last-7d last-30d"
	echo "$y $y-Q$(( (10#$m + 2) / 3 )) $y-$m"
}

# COMPREPLY: the words of the list $1 that start with $2.
_smk_words() {
	local IFS=$' \t\n'
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

_smk_files() {
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

# COMPREPLY: the values of option $3 of tool $1, subcommand $2, that start
# with $4.  Options with free text (names, amounts, times) get none.
_smk_values() {
	local tool=$1 sub=$2 opt=$3 cur=$4 d
	case $opt in
	-d | --db | -r | --rejects | -o | --rules | --round-robin)
		_smk_files "$cur" ;;
	--from)
		# brief's is an address
		[ "$sub" != brief ] && _smk_files "$cur" ;;
	--format)
		if [ "$sub" = brief ]; then
			_smk_words 'md html email' "$cur"
		else
			_smk_words "$_smk_formats" "$cur"
		fi ;;
	--period) _smk_words "$(_smk_periods)" "$cur" ;;
	--reason) _smk_words "$_smk_reasons" "$cur" ;;
	--stage)
		if [ "$tool" = lead-import ]; then
			_smk_words 'lead mql sal' "$cur"
		else
			_smk_words "$_smk_stages" "$cur"
		fi ;;
	--stage-map)
		# VALUE=STAGE: the stage after the last '='
		[[ $cur == *=* ]] && _smk_words "$_smk_stages" "${cur##*=}" ;;
	-m | --map)
		# FIELD=HEADER: the field, then the header as in the file
		[[ $cur == *=* ]] && return
		case $tool/$sub in
		lead-import/) d='email first_name last_name company title
		    phone country source campaign channel created_at' ;;
		handoff/apply) d='key stage time owner amount reason note close
		    won_time lost_time' ;;
		campaign-report/spend) d='date campaign amount currency
		    channel' ;;
		esac
		_smk_words "$d" "$cur"
		COMPREPLY=("${COMPREPLY[@]/%/=}")
		compopt -o nospace 2>/dev/null ;;
	--model) _smk_words "$_smk_models" "$cur" ;;
	--by) [ "$tool" = campaign-report ] &&
		_smk_words 'campaign channel owner kind' "$cur" ;;
	--sort) _smk_words "$_smk_columns" "$cur" ;;
	--kind) _smk_words 'promo brand' "$cur" ;;
	--fail-on) _smk_words 'at-risk off-track' "$cur" ;;
	--encoding) _smk_words 'utf8 latin1' "$cur" ;;
	--delimiter)
		# written as the shell needs them
		for d in tab ',' '\;' '\|'; do
			[[ $d == "$cur"* ]] && COMPREPLY+=("$d")
		done ;;
	esac
	return 0
}

# The completion function of the four tools.
_smk_complete() {
	local tool=${1##*/} cur prev w=() i j=-1 x glue=0 brk
	local line=${COMP_LINE-} pos=0 blank
	local sub='' subs first=1 npos=0 dashdash=0 from=0
	COMPREPLY=()

	# The words up to the cursor, joined again where bash split them at
	# '=' or ':' (COMP_WORDBREAKS): "--format=csv" is one word here, and
	# "--format= csv" two.
	for ((i = 0; i <= COMP_CWORD; i++)); do
		x=${COMP_WORDS[i]-}
		blank=0
		while [[ ${line:pos:1} == [[:space:]] ]]; do
			pos=$((pos + 1))
			blank=1
		done
		pos=$((pos + ${#x}))
		brk=0
		[[ -n $x && -z ${x//[=:]/} ]] && brk=1
		if ((j >= 0 && !blank && (brk || glue))); then
			w[j]+=$x
		else
			w[++j]=$x
		fi
		glue=$brk
	done
	cur=${w[j]-}
	prev=''
	((j > 0)) && prev=${w[j - 1]}

	# The subcommand, and how many arguments came before the cursor.
	subs=$(_smk_subcommands "$tool")
	for ((i = 1; i < j; i++)); do
		x=${w[i]}
		if ((!dashdash)); then
			case $x in
			--)
				dashdash=1
				first=0
				continue ;;
			--from | --from=*)
				from=1 ;;
			esac
			case $x in
			-d | --db) ((i++)); continue ;;
			-d* | --db=*) continue ;;
			--*=*) first=0; continue ;;
			-?*)
				first=0
				_smk_takes_arg "$tool" "$x" && ((i++))
				continue ;;
			esac
		fi
		# handoff: the first word; the others: the first word after
		# -d, when it is a subcommand (cmd_subcommand in cmd/common.c)
		if [ -z "$sub" ] && [ -n "$subs" ] &&
		    { [ "$tool" = handoff ] ||
		    { ((first)) && [[ " $subs " == *[[:space:]]"$x"[[:space:]]* ]]; }; }
		then
			sub=$x
		else
			npos=$((npos + 1))
		fi
		first=0
	done

	# --option=value
	if ((!dashdash)) && [[ $cur == --*=* ]]; then
		_smk_values "$tool" "$sub" "${cur%%=*}" "${cur#*=}"
		return 0
	fi
	# the value of the option before
	if ((!dashdash)) && [[ $prev == -* && $prev != *=* ]] &&
	    _smk_takes_arg "$tool" "$prev"; then
		_smk_values "$tool" "$sub" "$prev" "$cur"
		return 0
	fi
	if ((!dashdash)) && [[ $cur == -* ]]; then
		_smk_words "$(_smk_options "$tool" "$sub")" "$cur"
		return 0
	fi

	# the subcommand
	if [ -n "$subs" ] && [ -z "$sub" ] &&
	    { [ "$tool" = handoff ] || ((first)); }; then
		_smk_words "$subs" "$cur"
		return 0
	fi
	# the arguments
	case $tool/$sub in
	lead-import/ | campaign-report/spend)
		_smk_files "$cur" ;;
	handoff/apply)
		((npos == 0)) && _smk_files "$cur" ;;
	handoff/config)
		((npos == 0)) && _smk_words "$_smk_settings" "$cur" ;;
	joint-kpi/target)
		# KPI PERIOD VALUE, or --from FILE and none
		if ((!from && npos == 0)); then
			_smk_words "$_smk_kpis" "$cur"
		elif ((!from && npos == 1)); then
			_smk_words "$(_smk_periods)" "$cur"
		fi ;;
	esac
	return 0
}

complete -F _smk_complete lead-import handoff campaign-report joint-kpi
