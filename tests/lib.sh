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

finish() {
	[ "$tfail" -eq 0 ]
	exit $?
}
