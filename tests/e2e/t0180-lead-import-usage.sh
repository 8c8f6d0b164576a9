#!/usr/bin/env bash
# Usage: -h matches the man page SYNOPSIS, --version, bad options exit 2.
. "$(dirname "$0")/../lib.sh"

squeeze() { sed 's/.\x08//g' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }
synopsis() { # the SYNOPSIS section of a man page, as words
	mandoc -T ascii "$ROOT/man/$1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | squeeze
}

run lead-import -h
expect_status 0 "-h exits 0"
expect_eq "$(sed 's/^usage: //; s/^       //' out | squeeze)" "$(synopsis lead-import.1)" "-h matches the SYNOPSIS of lead-import.1"
expect_err "" "-h writes to stdout only"
run lead-import --help
expect_status 0 "--help exits 0"

run lead-import --version
expect_status 0 "--version exits 0"
expect_out "lead-import (smk) $(sed -n 's/^#define SMK_VERSION "\(.*\)"/\1/p' "$ROOT/libsmk/smk.h")" "--version names tool and version"

run lead-import --no-such-option
expect_status 2 "a bad option exits 2"
expect_err_has "usage: lead-import" "a bad option prints usage to stderr"
expect_out "" "nothing on stdout"
[ -e smk.db ] && not_ok "a bad option creates no database" || ok "a bad option creates no database"

# getopt's messages name the tool, not the path it was run by
run "$ROOT/$BUILD/bin/lead-import" --no-such-option
expect_status 2 "a bad option, the tool run by its full path"
expect_err "lead-import: unrecognized option '--no-such-option'
$(lead-import -h)" "the message starts with the tool's name only, then the usage"
run "$ROOT/$BUILD/bin/lead-import" -d
expect_status 2 "a missing option argument"
expect_err "lead-import: option requires an argument -- 'd'
$(lead-import -h)" "names the option, after the tool's name only"

run lead-import --encoding ebcdic x.csv
expect_status 2 "an unknown encoding exits 2"
expect_err_has "--encoding: expected utf8 or latin1, got 'ebcdic'" "names the bad encoding"
run lead-import --delimiter xx x.csv
expect_status 2 "a bad delimiter exits 2"

# a closed stdout is not a silent success
printf 'Email,Job Title\nvp@x.example,VP\n' >a.csv
printf '10 title ~ vp\n' >r.txt
lead-import -q --rules r.txt --mql-at 5 a.csv >/dev/full 2>err
status=$?
expect_status 3 "writing to a full device exits 3"
expect_err "lead-import: error writing standard output; the import was committed
lead-import: error writing standard output: No space left on device" "says the keys were lost, and why"
expect_eq "$(q "select l.key from stage_events e join leads l on l.id = e.lead_id where e.to_stage = 'mql'")" "vp@x.example" "the MQL is in the audit trail"

finish
