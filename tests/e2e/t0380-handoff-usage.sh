#!/usr/bin/env bash
# handoff usage: -h matches the man page SYNOPSIS, --version, bad usage exits 2.
. "$(dirname "$0")/../lib.sh"

squeeze() { sed 's/.\x08//g' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }
synopsis() {
	mandoc -T ascii "$ROOT/man/$1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | squeeze
}

run handoff -h
expect_status 0 "-h exits 0"
expect_eq "$(sed 's/^usage: //' out | squeeze)" "$(synopsis handoff.1)" "-h matches the SYNOPSIS of handoff.1"
run handoff queue -h
expect_status 0 "-h after a subcommand"
run handoff --version
expect_status 0 "--version"
expect_out "handoff (smk) $(sed -n 's/^#define SMK_VERSION "\(.*\)"/\1/p' "$ROOT/libsmk/smk.h")" "--version names tool and version"
run handoff
expect_status 2 "no subcommand"
expect_err_has "a subcommand is needed" "says so"
run handoff accept --bogus x
expect_status 2 "a bad option"
expect_err "handoff: accept: unknown option, or one that needs an argument: '--bogus'
usage: handoff [-d db] mql | accept | recycle [-q] [--at time] [--by name]
               [--note text] [--progress] [--reason code] [key ...]
(handoff -h shows every subcommand)" "the usage of that subcommand, on stderr"
# getopt's messages name the tool, not the path it was run by
run "$ROOT/$BUILD/bin/handoff" --bogus queue
expect_status 2 "a bad option before the subcommand, the tool run by its full path"
expect_err "handoff: unrecognized option '--bogus'
$(handoff -h)" "the message starts with the tool's name only, then the usage"
run "$ROOT/$BUILD/bin/handoff" -x
expect_status 2 "a bad short option"
expect_err "handoff: invalid option -- 'x'
$(handoff -h)" "names the option, after the tool's name only"
run "$ROOT/$BUILD/bin/handoff" accept --bogus x
expect_status 2 "a bad subcommand option, by the full path"
expect_err "handoff: accept: unknown option, or one that needs an argument: '--bogus'
usage: handoff [-d db] mql | accept | recycle [-q] [--at time] [--by name]
               [--note text] [--progress] [--reason code] [key ...]
(handoff -h shows every subcommand)" "the subcommand's message names the tool only too"
[ -e smk.db ] && not_ok "usage errors create no database" || ok "usage errors create no database"

# options may follow the keys
printf 'email,created_at\na@x.example,2026-11-01\n' >l.csv
lead-import -q l.csv
run handoff mql a@x.example --at 2026-11-20T09:00:00Z --by ann
expect_status 0 "options after the key"
expect_eq "$(q "select actor, datetime(at, 'unixepoch') from stage_events")" "ann|2026-11-20 09:00:00" "they apply"
run handoff history A@X.example --format tsv
expect_status 0 "history finds an email as typed"

# an empty pipe is not an error and writes nothing
run_in /dev/null handoff accept
expect_status 0 "no keys on stdin"
expect_eq "$(q "select count(*) from batches where tool = 'handoff'")" 1 "no batch for an empty run"

finish
