/* common.h — glue shared by the tools in cmd/: messages, exit, stdout checks. */
#ifndef SMK_CMD_COMMON_H
#define SMK_CMD_COMMON_H

#include "smk.h"

/* The tool's name: argv[0] without its directory, set by cmd_init(). */
extern const char *cmd_prog;

/* Sets cmd_prog, and argv[0] to it (for getopt_long's messages). */
void cmd_init(char **argv);
/* "prog: message" on stderr. */
void cmd_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: file:line: field: message" on stderr. */
void cmd_diag(const struct smk_err *e);
/* Prints "prog version" to stdout and exits 0. */
void cmd_version(void) __attribute__((noreturn));
/*
 * Flushes and checks stdout, so that a full disk or a closed pipe is not a
 * silent success; returns status, or SMK_EXIT_FAILURE when writing failed.
 */
int cmd_finish(int status);
/* The word for n things: one when n is 1, else many ("1 row", "2 rows"). */
const char *cmd_plural(long n, const char *one, const char *many);
/* Writes a key and a newline to stdout; key NULL flushes.  -1 when
 * stdout cannot be written (the callback of the key-printing tools). */
int cmd_print_key(void *ctx, const char *key);
/* Who acts: by when given, else $USER, else "unknown". */
const char *cmd_actor(const char *by);
/* Exits with a usage error when s, the value of opt, is text to store that
 * is not UTF-8 (every CSV file is checked so, smk(7)). */
void cmd_text(const char *opt, const char *s);
/* Parses a non-negative number in [min, max]; -1 with a message if not. */
int cmd_number(const char *opt, const char *s, long min, long max, long *out);

/* A listing printed to stdout in a format (smk_out). */
struct cmd_out {
	struct smk_listing l;    /* hand this to the library */
	struct smk_out *o;
	int format, bom;
};
/* format < 0: the default for stdout (a table on a terminal). */
void cmd_out_init(struct cmd_out *co, int format, int bom);
/* Finishes the output; -1 when writing failed. */
int cmd_out_close(struct cmd_out *co);
/* Finishes the output of a listing that returned n (-1: failed, err
 * says why), closes db (NULL is harmless); returns the exit status. */
int cmd_out_finish(struct cmd_out *co, struct smk_db *db, long n,
    struct smk_err *err);

struct option;
/*
 * The subcommand of a tool whose main command has none (campaign-report,
 * joint-kpi): the first word after -d/--db, when it is one of names
 * (names[0] is the main command's, the list ends with NULL).  Takes the
 * word out of argv; returns its index, 0 for the main command.
 */
int cmd_subcommand(int *argc, char **argv, const char *const *names);
/* "--name" of a long option, "-x" of a short one, for messages. */
const char *cmd_option_name(const struct option *longopts, int c);

#endif
