#!/usr/bin/env bash
# Foreign keys: off only in the two bulk writes (lead-import's import and
# handoff apply), on for every other writer.  Triggers record the setting
# each writing command's transaction ran with.
. "$(dirname "$0")/../lib.sh"

printf 'email,created_at\na@x.example,2026-11-01\nb@x.example,2026-11-01\n' >l.csv
lead-import -q l.csv
q "create table fk_seen (what text, fk integer);
create trigger fk_batch after insert on batches begin
  insert into fk_seen select new.tool || ' ' || coalesce(new.command, ''),
    foreign_keys from pragma_foreign_keys;
end;
create trigger fk_setting after update on settings begin
  insert into fk_seen select 'config ' || new.name, foreign_keys
    from pragma_foreign_keys;
end;"

printf 'email,created_at\nc@x.example,2026-11-02\n' >c.csv
run lead-import -q c.csv
expect_status 0 "lead-import"
printf 'ann\nbob\n' >reps.txt
at=--at=2026-11-20T09:00:00Z
for cmd in "add d@x.example" "mql a@x.example b@x.example" \
    "assign --to ann a@x.example" "assign --round-robin reps.txt b@x.example" \
    "accept a@x.example" "reject --reason no-need b@x.example" \
    "recycle d@x.example" "qualify --amount 100 a@x.example" \
    "won --amount 100 a@x.example" "lost --reason competitor c@x.example"; do
	# shellcheck disable=SC2086
	run handoff $cmd $at
	expect_status 0 "handoff $cmd"
done
run handoff note $at d@x.example "call in spring"
expect_status 0 "handoff note"
printf 'Email,Lead Status,Last Modified Date\nb@x.example,MQL,2026-11-21 10:00\n' >crm.csv
run handoff apply crm.csv
expect_status 0 "handoff apply"
run handoff config sla_hours 8
expect_status 0 "handoff config"

expect_eq "$(q "select what, fk from fk_seen order by rowid")" "lead-import import|0
handoff add|1
handoff mql|1
handoff assign|1
handoff assign|1
handoff accept|1
handoff reject|1
handoff recycle|1
handoff qualify|1
handoff won|1
handoff lost|1
handoff note|1
handoff apply|0
config sla_hours|1" "checks off in the bulk writes only"
expect_eq "$(q "pragma foreign_key_check")" "" "every id written refers to a row"

finish
