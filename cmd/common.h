/* common.h — glue shared by the tools in cmd/: messages, progress, exit, stdout checks. */
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
/* "prog: message" on stderr unless --quiet: a summary. */
void cmd_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * -q/--quiet and --progress, the same in every tool; the option parsing
 * sets them.  --quiet silences summaries (cmd_info) and progress, never
 * diagnostics; --progress shows progress when standard error is not a
 * terminal, and with --quiet.
 */
extern int cmd_quiet;
extern int cmd_progress_forced;

/*
 * The progress line on stderr: on a terminal one line redrawn in place at
 * most five times a second, and erased before anything else is written
 * to stderr (cmd_warnx, cmd_diag, cmd_info), before keys go to stdout,
 * and at the end (cmd_finish); with --progress on anything else, a whole
 * line at most every five seconds.
 */
/* Whether progress is shown (decided at the first call, after the
 * options). */
int cmd_progress_on(void);
/* Where a long run stands: n things ("rows", "keys") of subject, and done
 * of total (total 0: not known) for the percent.  n 0 says the subject
 * starts (its rate counts from then) and draws nothing. */
void cmd_progress(const char *subject, long n, const char *things,
    uint64_t done, uint64_t total);
/* cmd_progress for the library's file readers (ctx unused). */
void cmd_progress_rows(void *ctx, const char *file, long rows,
    uint64_t bytes, uint64_t size);
/* Erases the progress line, if one is shown. */
void cmd_progress_clear(void);
/* A computation that tells no progress of its own begins (a report):
 * once it has taken a second, "working... N s" until cmd_busy_stop(). */
void cmd_busy_start(void);
void cmd_busy_stop(void);
/* Prints "prog version" to stdout and exits 0. */
void cmd_version(void) __attribute__((noreturn));
/*
 * Erases the progress line, flushes and checks stdout, so that a full
 * disk or a closed pipe is not a silent success; returns status, or
 * SMK_EXIT_FAILURE when writing failed.
 */
int cmd_finish(int status);
/* The word for n things: one when n is 1, else many ("1 row", "2 rows"). */
const char *cmd_plural(long n, const char *one, const char *many);
/* Writes a key and a newline to stdout (the progress line erased
 * first); key NULL flushes.  -1 when stdout cannot be written (the
 * callback of the key-printing tools). */
int cmd_print_key(void *ctx, const char *key);
/*
 * Opens path for writing, truncated, or created with mode 0600 (less what
 * the umask takes): for reject files, whose rows hold people's data.  A
 * file that exists keeps its mode.  NULL with errno when it cannot.
 */
FILE *cmd_fopen_private(const char *path);
/* Who acts: by when given, else $USER, else "unknown". */
const char *cmd_actor(const char *by);
/* Exits with a usage error when s, the value of opt, is text to store that
 * is not UTF-8 (every CSV file is checked so, smk(7)). */
void cmd_text(const char *opt, const char *s);
/* Parses a non-negative number in [min, max]; -1 with a message if not. */
int cmd_number(const char *opt, const char *s, long min, long max, long *out);

/*
 * A listing printed to stdout in a format (smk_out).  A table on a
 * terminal colours its statuses (columns status, sla, state) and losses
 * (roi), unless NO_COLOR is set or TERM is dumb; a table to anything
 * else, and every other format, never.
 */
struct cmd_out {
	struct smk_listing l;    /* hand this to the library */
	struct smk_out *o;
	int format, bom;
	int color;               /* styles drawn (a table on a terminal) */
	int tty;                 /* stdout is a terminal */
};
/* format < 0: the default for stdout (a table on a terminal).  Starts
 * the busy line (cmd_busy_start): the listing is a computation. */
void cmd_out_init(struct cmd_out *co, int format, int bom);
/* Stops the busy line, finishes the output; -1 when writing failed. */
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
