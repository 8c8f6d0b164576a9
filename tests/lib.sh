# lib.sh — sourced by tests/e2e/t*.sh: runs the real binaries in a scratch
# directory with a fresh database and compares stdout, stderr and status.
#
#   run CMD ARGS...        runs CMD; keeps $status, files out and err
#   run_in FILE CMD...     the same with FILE as standard input
#   expect_status N DESC   status must be N (a death by signal never passes)
#   expect_out TEXT DESC   stdout must be exactly TEXT (plus final newline)
#   expect_err TEXT DESC   the same for stderr
#   expect_err_has TEXT D  stderr must contain TEXT
#   expect_eq GOT WANT D   two strings must be equal
#   q SQL                  runs SQL on $SMK_DB and prints the result
#   mime_check FILE TO SUBJECT [FROM]
#                          parses a mail (below); SMK_TEST_NO_PYTHON=1
#                          takes its Perl path where python3 is there
#
# SLOWDOWN ($SMK_SLOWDOWN, 1 unless set) is how many times slower than
# usual the tools run: scripts/valgrind-run sets it, and a test scales by
# it the time it allows a tool before it counts as stuck.
set -u
TEST_NAME=$(basename "$0" .sh)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
PATH=$ROOT/$BUILD/bin:$PATH
DATA=${SMK_DATA:-$ROOT/../shared/data}
case ${TEST_TMP:-tests/tmp} in
/*) SCRATCH=$TEST_TMP/$TEST_NAME ;;                   # e.g. on a bigger disk
*) SCRATCH=$ROOT/${TEST_TMP:-tests/tmp}/$TEST_NAME ;;
esac
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
cd "$SCRATCH" || exit 3
export SMK_DB=$SCRATCH/smk.db
export TZ=UTC
export SMK_NOW=2026-11-23T12:00:00Z
export LC_ALL=C
export USER=tester
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
unset SMK_FORMAT
SLOWDOWN=${SMK_SLOWDOWN:-1}

tn=0
tfail=0
status=0

ok() { tn=$((tn + 1)); echo "ok $tn - $*"; }
not_ok() { tn=$((tn + 1)); tfail=$((tfail + 1)); echo "not ok $tn - $*"; }

run() { "$@" >out 2>err; status=$?; }
run_in() { local f=$1; shift; "$@" <"$f" >out 2>err; status=$?; }

show() { # show FILE: indent a file into the log
	sed 's/^/#   /' "$1" | head -n 20
}

expect_status() {
	if [ "$status" -eq "$1" ]; then
		ok "$2"
	else
		if [ "$status" -gt 128 ]; then
			not_ok "$2: killed by signal $((status - 128))"
		else
			not_ok "$2: exit $status, want $1"
		fi
		echo "# stderr:"; show err
	fi
}

expect_file() { # expect_file FILE TEXT DESC
	local f=$1 want=$2 desc=$3
	if [ "$(cat "$f"; echo x)" = "$(printf '%s' "$want"; [ -n "$want" ] && echo; echo x)" ]; then
		ok "$desc"
	else
		not_ok "$desc"
		echo "# want:"; printf '%s\n' "$want" | sed 's/^/#   /'
		echo "# got:"; show "$f"
	fi
}
expect_out() { expect_file out "$1" "$2"; }
expect_err() { expect_file err "$1" "$2"; }

expect_err_has() {
	if grep -qF -- "$1" err; then
		ok "$2"
	else
		not_ok "$2: stderr lacks '$1'"
		show err
	fi
}
expect_out_has() {
	if grep -qF -- "$1" out; then
		ok "$2"
	else
		not_ok "$2: stdout lacks '$1'"
		show out
	fi
}

expect_eq() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		echo "#   got  '$1'"
		echo "#   want '$2'"
	fi
}

q() {
	sqlite3 -batch "${DB:-$SMK_DB}" "$1" 2>&1 || echo "q: sqlite3 failed"
}

# mime_check FILE TO SUBJECT [FROM]: FILE parsed as a mail, by Python's
# email package where python3 is there, else by Perl's core MIME modules
# and the boundary by hand: no defect, To, Subject (and From) as given, a
# multipart/alternative of text/plain then text/html, each UTF-8 and
# quoted-printable; the two parts decoded into mail.txt and mail.html,
# and "parsed" (or what failed) into mime.out.
mime_check() {
	if command -v python3 >/dev/null 2>&1 && [ -z "${SMK_TEST_NO_PYTHON:-}" ]; then
		python3 - "$@" >mime.out 2>&1 <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(),
    policy=email.policy.default)
assert not m.defects, m.defects
assert m['To'] == sys.argv[2], m['To']
assert m['Subject'] == sys.argv[3], m['Subject']
if len(sys.argv) > 4:
    assert m['From'].addresses[0].addr_spec == sys.argv[4], m['From']
assert m.get_content_type() == 'multipart/alternative'
parts = list(m.iter_parts())
assert [p.get_content_type() for p in parts] == ['text/plain', 'text/html']
for p in parts:
    assert not p.defects, p.defects
    assert p['Content-Transfer-Encoding'] == 'quoted-printable'
    assert p.get_content_charset() == 'utf-8'
open('mail.txt', 'w').write(parts[0].get_content())
open('mail.html', 'w').write(parts[1].get_content())
print('parsed')
PY
	else
		perl - "$@" >mime.out 2>&1 <<'PL'
use strict; use warnings; use MIME::QuotedPrint; use MIME::Base64;
use Encode qw(decode);
local $/; open(my $fh, '<', $ARGV[0]) or die; my $m = <$fh>;
my ($head, $body) = split(/\n\n/, $m, 2);
$head =~ s/\n[ \t]+/ /g;
my %h = map { /^([^:]+):\s*(.*)$/ ? (lc $1, $2) : () } split /\n/, $head;
$h{to} eq $ARGV[1] or die "to: $h{to}\n";
(my $s = $h{subject}) =~ s/=\?UTF-8\?B\?([^?]*)\?=\s*/decode_base64($1)/ge;
decode('UTF-8', $s) eq decode('UTF-8', $ARGV[2]) or die "subject: $s\n";
!defined $ARGV[3] or $h{from} =~ /<\Q$ARGV[3]\E>|^\Q$ARGV[3]\E$/
    or die "from: $h{from}\n";
$h{'content-type'} =~ /^multipart\/alternative;\s*boundary="([^"]+)"$/
    or die "content-type\n";
my $b = $1;
my @p = split(/\n--\Q$b\E(?:--)?\n/, "\n$body");
shift @p; pop @p if @p > 2;
@p == 2 or die scalar(@p) . " parts\n";
my @want = ('text/plain', 'text/html');
for my $i (0, 1) {
	my ($ph, $pb) = split(/\n\n/, $p[$i], 2);
	$ph =~ /Content-Type: \Q$want[$i]\E; charset=utf-8/ or die "part $i\n";
	$ph =~ /Content-Transfer-Encoding: quoted-printable/ or die "cte\n";
	open(my $o, '>', $i ? 'mail.html' : 'mail.txt') or die;
	print $o decode_qp($pb);
}
print "parsed\n";
PL
	fi
}

finish() {
	[ "$tfail" -eq 0 ]
	exit $?
}
