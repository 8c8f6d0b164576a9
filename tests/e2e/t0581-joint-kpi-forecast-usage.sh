#!/usr/bin/env bash
# joint-kpi usage, forecast: -h matches the man page SYNOPSIS; bad usage
# of forecast exits 2 and writes nothing; it never creates a database.
. "$(dirname "$0")/../lib.sh"

squeeze() { sed 's/.\x08//g' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }
synopsis() {
	mandoc -T ascii "$ROOT/man/$1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | squeeze
}

run joint-kpi -h
expect_status 0 "-h exits 0"
expect_eq "$(sed 's/^usage: //' out | squeeze)" "$(synopsis joint-kpi.1)" "-h matches the SYNOPSIS of joint-kpi.1"
expect_out_has "joint-kpi [-d db] forecast [-q] [--as-of time] [--bom] [--format format]" "-h shows forecast"
run joint-kpi forecast -h
expect_status 0 "-h after forecast"
run joint-kpi forecast --as-of 2026-11-23
expect_status 3 "a forecast on a missing database"
expect_err_has "joint-kpi: " "says so"
[ -e smk.db ] && not_ok "a forecast creates no database" || ok "a forecast creates no database"
run joint-kpi forecast --period 2026-Q4
expect_status 2 "--period does not apply to forecast"
expect_err_has "joint-kpi: forecast: option '--period' does not apply" "names the option"
run joint-kpi forecast --fail-on off-track
expect_status 2 "--fail-on does not apply to forecast"
run joint-kpi forecast 2026-Q4
expect_status 2 "an argument"
expect_err_has "joint-kpi: unexpected argument '2026-Q4'" "names it"
run joint-kpi forecast --as-of yesterday-ish
expect_status 2 "a bad --as-of"
expect_err_has "joint-kpi: --as-of: 'yesterday-ish'" "names the time"
run joint-kpi forecast --format xml
expect_status 2 "a bad --format"
[ -e smk.db ] && not_ok "usage errors create no database" || ok "usage errors create no database"
[ -s out ] && not_ok "usage errors print nothing on stdout" || ok "usage errors print nothing on stdout"

finish
