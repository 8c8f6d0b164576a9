#!/usr/bin/env bash
# Inputs the fuzz targets (tests/fuzz) found to crash a tool or break a
# promise, run through the real binaries: each must now get a plain
# message and its exit status.
. "$(dirname "$0")/../lib.sh"

printf 'email\nann@acme.example\n' >a.csv

# fuzz_rules: a rule line that starts with an unterminated quote
# dereferenced NULL (rules.c)
printf '"Emp0\n"oy00\n' >quote.rules
run lead-import --rules quote.rules a.csv
expect_status 2 "a rules line opening a quote it never closes is a usage error"
expect_err "lead-import: quote.rules:1: unterminated quote" "names file and line"
expect_eq "$(ls smk.db 2>/dev/null)" "" "nothing imported (no database made)"

finish
