#!/usr/bin/env bash
# joint-kpi usage: -h matches the man page SYNOPSIS, --version, bad usage
# exits 2, a report on a missing database exits 3 and creates none.
. "$(dirname "$0")/../lib.sh"

squeeze() { sed 's/.\x08//g' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }
synopsis() {
	mandoc -T ascii "$ROOT/man/$1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | squeeze
}

run joint-kpi -h
expect_status 0 "-h exits 0"
expect_eq "$(sed 's/^usage: //' out | squeeze)" "$(synopsis joint-kpi.1)" "-h matches the SYNOPSIS of joint-kpi.1"
run joint-kpi funnel -h
expect_status 0 "-h after a subcommand"
expect_eq "$(cat out)" "$(joint-kpi -h)" "the same usage"
run joint-kpi --version
expect_status 0 "--version"
expect_out "joint-kpi (smk) $(sed -n 's/^#define SMK_VERSION "\(.*\)"/\1/p' "$ROOT/libsmk/smk.h")" "--version names tool and version"

run joint-kpi funnel --cap 2
expect_status 2 "an option of the scoreboard given to funnel"
expect_err "joint-kpi: funnel: option '--cap' does not apply
$(joint-kpi -h)" "names the subcommand and the option, then the usage"
run joint-kpi funnel 2026-11
expect_status 2 "funnel takes no argument"
expect_err_has "joint-kpi: unexpected argument '2026-11'" "says so"
run joint-kpi funnel --period 2026-13
expect_status 2 "a bad period"
expect_err "joint-kpi: --period: '2026-13': invalid month" "names it and what is wrong"
run joint-kpi funnel --as-of yesterday-ish
expect_status 2 "a bad as-of time"
expect_err "joint-kpi: --as-of: 'yesterday-ish': not a date or time" "names it"
run joint-kpi funnel --format xml
expect_status 2 "a bad format"
expect_err_has "joint-kpi: --format: expected table, csv, tsv, json, jsonl or md, got 'xml'" "names the formats"
[ -e smk.db ] && not_ok "usage errors create no database" || ok "usage errors create no database"

run joint-kpi funnel
expect_status 3 "funnel on a missing database"
expect_err "joint-kpi: $SMK_DB: no such database (import leads first, or use -d FILE)" "says so"
[ -e smk.db ] && not_ok "a report creates no database" || ok "a report creates no database"

finish
