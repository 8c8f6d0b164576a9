/* common.c — glue shared by the tools in cmd/: messages, exit, stdout checks. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

const char *cmd_prog = "smk";

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
}

void
cmd_warnx(const char *fmt, ...)
{
	va_list ap;
	char *msg, line[4096];
	int n;

	/* one line, as the library's diagnostics (smk_err_text): the
	 * values it quotes come from the command line */
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = smk_xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	smk_err_text(line, sizeof(line), msg);
	free(msg);
	fprintf(stderr, "%s: %s\n", cmd_prog, line);
}

void
cmd_diag(const struct smk_err *e)
{
	char buf[1280];

	smk_err_format(e, buf, sizeof(buf));
	fprintf(stderr, "%s: %s\n", cmd_prog, buf);
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
	int bad = fflush(stdout) != 0 || ferror(stdout);

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
	if (key == NULL)
		return fflush(stdout) != 0 || ferror(stdout) ? -1 : 0;
	return puts(key) < 0 ? -1 : 0;
}

const char *
cmd_actor(const char *by)
{
	const char *user = getenv("USER");

	if (by != NULL && *by != '\0')
		return by;
	return user != NULL && *user != '\0' ? user : "unknown";
}

static void
out_begin(void *ctx, size_t ncols, const char *const *names,
    const int *types)
{
	struct cmd_out *co = ctx;

	co->o = smk_out_open(stdout, co->format, co->bom, ncols, names,
	    types);
}

static void
out_row(void *ctx, const char *const *cells)
{
	struct cmd_out *co = ctx;

	smk_out_row(co->o, cells);
}

void
cmd_out_init(struct cmd_out *co, int format, int bom)
{
	co->o = NULL;
	co->format = format >= 0 ? format : smk_format_default(1);
	co->bom = bom;
	co->l.begin = out_begin;
	co->l.row = out_row;
	co->l.ctx = co;
}

int
cmd_out_close(struct cmd_out *co)
{
	int r = co->o != NULL ? smk_out_close(co->o) : 0;

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
