#!/usr/bin/env bash
# campaign-report usage: -h matches the man page SYNOPSIS, --version, bad
# usage exits 2 and writes nothing; reports never create a database.
. "$(dirname "$0")/../lib.sh"

squeeze() { sed 's/.\x08//g' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }
synopsis() {
	mandoc -T ascii "$ROOT/man/$1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | squeeze
}

run campaign-report -h
expect_status 0 "-h exits 0"
expect_eq "$(sed 's/^usage: //' out | squeeze)" "$(synopsis campaign-report.1)" "-h matches the SYNOPSIS of campaign-report.1"
run campaign-report spend -h
expect_status 0 "-h after a subcommand"
run campaign-report --version
expect_status 0 "--version"
expect_out "campaign-report (smk) $(sed -n 's/^#define SMK_VERSION "\(.*\)"/\1/p' "$ROOT/libsmk/smk.h")" "--version names tool and version"
run campaign-report --period 2026-10
expect_status 3 "a report on a missing database"
expect_err_has "campaign-report: " "says so"
[ -e smk.db ] && not_ok "a report creates no database" || ok "a report creates no database"
run campaign-report --model shapley
expect_status 2 "an unknown model"
expect_err "campaign-report: --model: expected first, last, linear, u, w, full, decay or markov, got 'shapley'" "lists the models"
run campaign-report --by region
expect_status 2 "an unknown rollup"
run campaign-report --sort nope
expect_status 2 "an unknown sort column"
expect_err "campaign-report: --sort: no column 'nope'" "named"
run campaign-report --period 2026-13
expect_status 2 "a bad period"
run campaign-report --half-life 0
expect_status 2 "a half-life of 0"
run campaign-report spend --model w x.csv
expect_status 2 "a report option on spend"
expect_err_has "campaign-report: spend: option '--model' does not apply" "names the option"
run campaign-report set
expect_status 2 "set without a key"
run campaign-report --bogus
expect_status 2 "an unknown option"
expect_err_has "campaign-report: unrecognized option '--bogus'" "names the tool, not its path"
[ -e smk.db ] && not_ok "usage errors create no database" || ok "usage errors create no database"
run campaign-report spend missing.csv
expect_status 3 "a missing spend file"
[ -e smk.db ] && not_ok "a failed first run leaves no database" || ok "a failed first run leaves no database"

finish
