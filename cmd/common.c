/* common.c — glue shared by the tools in cmd/: messages, progress, exit, stdout checks. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

const char *cmd_prog = "smk";
int cmd_quiet;
int cmd_progress_forced;

/*
 * The progress line.  Everything this file writes to stderr holds mu:
 * the busy line is drawn by a thread of its own while the main thread may
 * warn, and lead-import's reader thread reports progress.
 */
enum { PR_UNDECIDED = -1, PR_OFF, PR_TTY, PR_LINES };
#define PR_TTY_EVERY 0.2        /* seconds between redraws in place */
#define PR_LINES_EVERY 5.0      /* between lines on a non-terminal */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int pr_mode = PR_UNDECIDED;
static size_t pr_shown;         /* columns of the line on the terminal */
static int pr_drawn;            /* the subject has been drawn */
static struct timespec pr_start, pr_last;
static char *pr_subject;        /* what the counts are of */

/* Seconds from a to b. */
static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Erases the line (under mu): blanks over it, the cursor back at its
 * start; blanks, not an escape, so that a dumb terminal is served too. */
static void
pr_erase(void)
{
	if (pr_shown == 0)
		return;
	fprintf(stderr, "\r%*s\r", (int)pr_shown, "");
	pr_shown = 0;
}

/*
 * Draws "prog: subject: tail" (subject NULL: "prog: tail"), under mu.  On
 * a terminal the line replaces the one shown and is cut to its width (a
 * line that wrapped could not be erased): the subject loses its start
 * first, "...ports/leads.csv".  A job in the background of its terminal
 * draws nothing there: the shell in front owns it.
 */
static void
pr_draw(const char *subject, const char *tail)
{
	struct winsize ws;
	size_t cols = 80, fixed, w, len, old = pr_shown;
	unsigned long cp;
	const char *s = subject;
	char line[512];
	pid_t fg;
	int cut = 0, n;

	if (pr_mode == PR_LINES) {
		if (subject != NULL)
			fprintf(stderr, "%s: %s: %s\n", cmd_prog, subject, tail);
		else
			fprintf(stderr, "%s: %s\n", cmd_prog, tail);
		return;
	}
	fg = tcgetpgrp(STDERR_FILENO);
	if (fg >= 0 && fg != getpgrp())
		return;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	fixed = smk_utf8_width(cmd_prog) + 2 + strlen(tail) +
	    (subject != NULL ? 2 : 0);
	if (s != NULL) {
		while (*s != '\0' && fixed + smk_utf8_width(s) + (cut ? 3 : 0) >=
		    cols) {
			len = smk_utf8_decode(s, &cp);
			s += len > 0 ? len : 1;
			cut = 1;
		}
		n = snprintf(line, sizeof(line), "%s: %s%s: %s", cmd_prog,
		    cut ? "..." : "", s, tail);
	} else {
		n = snprintf(line, sizeof(line), "%s: %s", cmd_prog, tail);
	}
	if (n < 0)
		return;
	w = smk_utf8_width(line);
	/* a terminal too narrow even for the counts: ASCII, cut at the end */
	if (w >= cols) {
		line[cols - 1] = '\0';
		w = cols - 1;
	}
	fprintf(stderr, "\r%s", line);
	if (w < old)
		fprintf(stderr, "%*s", (int)(old - w), "");
	pr_shown = w > old ? w : old;
	fflush(stderr);
}

/* Decides, once, whether and how progress is shown (under mu). */
static int
pr_decide(void)
{
	int tty;

	if (pr_mode == PR_UNDECIDED) {
		tty = isatty(STDERR_FILENO);
		if (cmd_progress_forced)
			pr_mode = tty ? PR_TTY : PR_LINES;
		else
			pr_mode = tty && !cmd_quiet ? PR_TTY : PR_OFF;
	}
	return pr_mode;
}

int
cmd_progress_on(void)
{
	int on;

	pthread_mutex_lock(&mu);
	on = pr_decide() != PR_OFF;
	pthread_mutex_unlock(&mu);
	return on;
}

void
cmd_progress(const char *subject, long n, const char *things, uint64_t done,
    uint64_t total)
{
	struct timespec now;
	double secs;
	char tail[128];
	int len;

	pthread_mutex_lock(&mu);
	if (pr_decide() == PR_OFF)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (n == 0 || pr_subject == NULL || strcmp(subject, pr_subject) != 0) {
		free(pr_subject);
		pr_subject = smk_xstrdup(subject);
		pr_start = now;
		pr_drawn = 0;
	}
	if (n == 0 || (pr_drawn && elapsed(&pr_last, &now) <
	    (pr_mode == PR_TTY ? PR_TTY_EVERY : PR_LINES_EVERY)))
		goto out;
	secs = elapsed(&pr_start, &now);
	len = snprintf(tail, sizeof(tail), "%ld %s, %.0f %s/s", n, things,
	    secs > 0 ? (double)n / secs : 0.0, things);
	if (total > 0 && len > 0 && (size_t)len < sizeof(tail))
		snprintf(tail + len, sizeof(tail) - (size_t)len, ", %d%%",
		    done >= total ? 100 : (int)((double)done * 100 /
		    (double)total));
	pr_draw(subject, tail);
	pr_last = now;
	pr_drawn = 1;
out:
	pthread_mutex_unlock(&mu);
}

void
cmd_progress_rows(void *ctx, const char *file, long rows, uint64_t bytes,
    uint64_t size)
{
	(void)ctx;
	cmd_progress(file, rows, "rows", bytes, size);
}

void
cmd_progress_clear(void)
{
	pthread_mutex_lock(&mu);
	pr_erase();
	pthread_mutex_unlock(&mu);
}

/*
 * The busy line: a thread that sleeps until the computation has taken a
 * second, then says so every second on a terminal (every five seconds as
 * a line elsewhere) until cmd_busy_stop().  The thread blocks every
 * signal: a ^C or a closed pipe stays the main thread's business.
 */
static pthread_t busy_th;
static pthread_cond_t busy_cv;
static int busy_running;        /* the thread runs (main thread only) */
static int busy_stop;           /* under mu */
static struct timespec busy_from;

static void *
busy_main(void *arg)
{
	struct timespec next = busy_from, now;
	char tail[64];

	(void)arg;
	next.tv_sec += 1;
	pthread_mutex_lock(&mu);
	while (!busy_stop) {
		pthread_cond_timedwait(&busy_cv, &mu, &next);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (busy_stop || elapsed(&now, &next) > 0)
			continue;
		snprintf(tail, sizeof(tail), "working... %ld s",
		    (long)elapsed(&busy_from, &now));
		pr_draw(NULL, tail);
		next.tv_sec += pr_mode == PR_TTY ? 1 : (time_t)PR_LINES_EVERY;
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

void
cmd_busy_start(void)
{
	pthread_condattr_t ca;
	sigset_t all, old;

	if (busy_running || !cmd_progress_on())
		return;
	clock_gettime(CLOCK_MONOTONIC, &busy_from);
	busy_stop = 0;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&busy_cv, &ca);
	pthread_condattr_destroy(&ca);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	/* no thread, no busy line: the report itself goes on */
	busy_running = pthread_create(&busy_th, NULL, busy_main, NULL) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!busy_running)
		pthread_cond_destroy(&busy_cv);
}

void
cmd_busy_stop(void)
{
	if (!busy_running)
		return;
	pthread_mutex_lock(&mu);
	busy_stop = 1;
	pthread_cond_signal(&busy_cv);
	pthread_mutex_unlock(&mu);
	pthread_join(busy_th, NULL);
	pthread_cond_destroy(&busy_cv);
	busy_running = 0;
	cmd_progress_clear();
}

void
cmd_init(char **argv)
{
	char *slash;

	if (argv[0] == NULL)
		return;
	slash = strrchr(argv[0], '/');
	/* getopt_long(3) starts its own messages with argv[0]: the tool's
	 * name then, not the path it was run by */
	if (slash != NULL)
		argv[0] = slash + 1;
	cmd_prog = argv[0];
	/*
	 * With TZ unset, glibc's mktime() stats /etc/localtime on every call
	 * (a third of the time of a CRM import went there); naming the same
	 * file in TZ lets it read the zone once.  Nothing else changes.
	 */
	if (getenv("TZ") == NULL)
		setenv("TZ", ":/etc/localtime", 0);
	/*
	 * A file that outgrows the size limit (ulimit -f, a cron job's
	 * limits) would kill the tool with SIGXFSZ, without a word, and a
	 * core file where one is allowed.  Ignored, the write fails with
	 * EFBIG instead: the tool says which file, rolls back and exits 3,
	 * as on a full disk (tests/e2e/t0620).
	 */
	signal(SIGXFSZ, SIG_IGN);
}

/* "prog: message" on stderr, the progress line erased first. */
static void
vmessage(const char *fmt, va_list ap)
{
	char *msg, line[4096];
	va_list aq;
	int n;

	/* one line, as the library's diagnostics (smk_err_text): the
	 * values it quotes come from the command line */
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	msg = smk_xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	smk_err_text(line, sizeof(line), msg);
	free(msg);
	pthread_mutex_lock(&mu);
	pr_erase();
	fprintf(stderr, "%s: %s\n", cmd_prog, line);
	pthread_mutex_unlock(&mu);
}

void
cmd_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

void
cmd_info(const char *fmt, ...)
{
	va_list ap;

	if (cmd_quiet) {
		cmd_progress_clear();
		return;
	}
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

void
cmd_diag(const struct smk_err *e)
{
	char buf[1280];

	smk_err_format(e, buf, sizeof(buf));
	cmd_warnx("%s", buf);
}

void
cmd_version(void)
{
	printf("%s (smk) %s\n", cmd_prog, SMK_VERSION);
	exit(cmd_finish(SMK_EXIT_OK));
}

int
cmd_finish(int status)
{
	int bad;

	cmd_busy_stop();
	pthread_mutex_lock(&mu);
	pr_erase();
	free(pr_subject);
	pr_subject = NULL;
	pthread_mutex_unlock(&mu);
	bad = fflush(stdout) != 0 || ferror(stdout);
	if (fclose(stdout) != 0)
		bad = 1;
	if (bad) {
		cmd_warnx("error writing standard output: %s", strerror(errno));
		return SMK_EXIT_FAILURE;
	}
	return status;
}

void
cmd_text(const char *opt, const char *s)
{
	unsigned bad;

	if (s == NULL || smk_utf8_valid(s, &bad))
		return;
	cmd_warnx("%s: invalid UTF-8 (byte 0x%02x)", opt, bad);
	exit(SMK_EXIT_USAGE);
}

int
cmd_number(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno == ERANGE || v < min ||
	    v > max) {
		cmd_warnx("%s: '%s' is not a number from %ld to %ld", opt, s,
		    min, max);
		return -1;
	}
	*out = v;
	return 0;
}

const char *
cmd_plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int
cmd_print_key(void *ctx, const char *key)
{
	(void)ctx;
	/* a terminal may be both stdout and stderr; keys are printed by
	 * the thread that drew the line, or after it was joined */
	if (pr_shown > 0)
		cmd_progress_clear();
	if (key == NULL)
		return fflush(stdout) != 0 || ferror(stdout) ? -1 : 0;
	return puts(key) < 0 ? -1 : 0;
}

FILE *
cmd_fopen_private(const char *path)
{
	FILE *f;
	int fd, e;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) < 0)
		return NULL;
	if ((f = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

const char *
cmd_actor(const char *by)
{
	const char *user = getenv("USER");

	if (by != NULL && *by != '\0')
		return by;
	return user != NULL && *user != '\0' ? user : "unknown";
}

/*
 * The columns a table colours, by the names the man pages give them:
 * joint-kpi's status, handoff queue's sla and handoff sla's state, and
 * campaign-report's roi.
 */
static const struct {
	const char *name;
	int style;
} styled[] = {
	{ "status", SMK_STYLE_STATUS }, { "sla", SMK_STYLE_STATUS },
	{ "state", SMK_STYLE_STATUS }, { "roi", SMK_STYLE_SIGN }
};

/* Colour on a terminal that draws it, unless NO_COLOR says no
 * (https://no-color.org: set to anything but the empty string). */
static int
want_color(void)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	return (no == NULL || *no == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
}

static void
out_begin(void *ctx, size_t ncols, const char *const *names,
    const int *types)
{
	struct cmd_out *co = ctx;
	size_t i, k;

	co->o = smk_out_open(stdout, co->format, co->bom, ncols, names,
	    types);
	if (!co->color)
		return;
	for (i = 0; i < ncols; i++)
		for (k = 0; k < sizeof(styled) / sizeof(styled[0]); k++)
			if (names[i] != NULL &&
			    strcmp(names[i], styled[k].name) == 0)
				smk_out_style(co->o, i, styled[k].style);
	smk_out_color(co->o, 1);
}

static void
out_row(void *ctx, const char *const *cells)
{
	struct cmd_out *co = ctx;

	/* rows streamed to the terminal the busy line is on: it goes (a
	 * table is written at the close) */
	if (co->tty && co->format != SMK_FMT_TABLE)
		cmd_busy_stop();
	smk_out_row(co->o, cells);
}

void
cmd_out_init(struct cmd_out *co, int format, int bom)
{
	co->o = NULL;
	co->format = format >= 0 ? format : smk_format_default(1);
	co->bom = bom;
	co->tty = isatty(STDOUT_FILENO);
	co->color = co->format == SMK_FMT_TABLE && co->tty && want_color();
	co->l.begin = out_begin;
	co->l.row = out_row;
	co->l.ctx = co;
	cmd_busy_start();
}

int
cmd_out_close(struct cmd_out *co)
{
	int r;

	cmd_busy_stop();
	r = co->o != NULL ? smk_out_close(co->o) : 0;
	co->o = NULL;
	return r;
}

int
cmd_out_finish(struct cmd_out *co, struct smk_db *db, long n,
    struct smk_err *err)
{
	if (cmd_out_close(co) < 0 && n >= 0) {
		smk_err_clear(err);   /* cmd_finish() says why */
		n = -1;
	}
	smk_db_close(db);
	if (n < 0) {
		if (err->msg[0] != '\0')
			cmd_diag(err);
		return err->status ? err->status : SMK_EXIT_FAILURE;
	}
	return SMK_EXIT_OK;
}

int
cmd_subcommand(int *argc, char **argv, const char *const *names)
{
	int i, k, c;

	/* the first word after -d/--db and its argument */
	for (k = 1; k < *argc; k++) {
		if (strcmp(argv[k], "-d") == 0 || strcmp(argv[k], "--db") == 0)
			k++;
		else if (strncmp(argv[k], "-d", 2) != 0 &&
		    strncmp(argv[k], "--db=", 5) != 0)
			break;
	}
	if (k >= *argc)
		return 0;
	for (i = 1; names[i] != NULL; i++)
		if (strcmp(argv[k], names[i]) == 0) {
			/* taken out, so that getopt sees only options */
			for (c = k; c + 1 < *argc; c++)
				argv[c] = argv[c + 1];
			argv[--*argc] = NULL;
			return i;
		}
	return 0;
}

const char *
cmd_option_name(const struct option *longopts, int c)
{
	static char buf[48];
	size_t i;

	for (i = 0; longopts[i].name != NULL; i++)
		if (longopts[i].val == c && (c >= 256 || c == 'd')) {
			snprintf(buf, sizeof(buf), "--%s", longopts[i].name);
			return buf;
		}
	snprintf(buf, sizeof(buf), "-%c", c);
	return buf;
}
