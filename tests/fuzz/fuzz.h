/* fuzz.h — what the fuzz targets (tests/fuzz/fuzz_*.c) share. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smk.h"

/* libFuzzer's entry points (the targets define them). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Pins what the library reads from the environment, so that a crash
 * replays the same way: the clock ($SMK_NOW) and the zone (Europe/Berlin,
 * which has DST, unless $FUZZ_TZ names another).  Every target calls it
 * from LLVMFuzzerInitialize.
 */
void fuzz_init(void);

/* A scratch directory of this process, made at the first call under
 * $FUZZ_TMP, /dev/shm, $TMPDIR or /tmp and removed at exit. */
const char *fuzz_dir(void);

/* Writes the bytes to the file name in fuzz_dir() and returns its path
 * (static storage, the same for the same name). */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);

/* The bytes as a NUL-terminated string (up to the first NUL); caller
 * frees. */
char *fuzz_str(const uint8_t *data, size_t size);

/*
 * A database of this process in fuzz_dir(), opened once with mode
 * (enum smk_db_mode) and seeded with leads in every stage, campaigns,
 * spend and targets (fuzz.c), so that the importers merge into known
 * leads, move them and refuse moves.  currency: the database's currency,
 * or NULL for none.  Runs against it are dry runs: every execution sees
 * the same database.
 */
struct smk_db *fuzz_db(int mode, const char *currency);
/* Aborts unless db (from fuzz_db) holds the rows it held once seeded:
 * a dry run must leave nothing behind. */
void fuzz_db_unchanged(struct smk_db *db);

/* A stream for reject files: in memory, opened and closed per run. */
struct fuzz_sink {
	FILE *f;
	char *buf;
	size_t len;
};
void fuzz_sink_open(struct fuzz_sink *s);
void fuzz_sink_close(struct fuzz_sink *s);

/* A diagnostic callback that checks the diagnostic and drops it. */
void fuzz_diag(void *ctx, const struct smk_err *e);

/* Aborts with a message when cond is false: a broken invariant is a
 * crash the fuzzer keeps. */
#define FUZZ_ASSERT(cond, what) \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, (what)))
void fuzz_fail(const char *file, int line, const char *what)
    __attribute__((noreturn));

/* The CSV options an option byte's low three bits choose: bits 0-1 the
 * delimiter (sniffed, ',', ';', TAB), bit 2 Latin-1. */
struct smk_csv_opts fuzz_csv_opts(uint8_t opt);

#endif
