/* err.c — diagnostics: where a problem is and which exit status it means. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "smk.h"

void
smk_err_clear(struct smk_err *e)
{
	/* cleared once per row in imports: the strings' first bytes are
	 * enough, a memset of the whole struct showed in profiles */
	e->status = 0;
	e->line = 0;
	e->file[0] = e->field[0] = e->msg[0] = '\0';
}

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

int
smk_err_set(struct smk_err *e, int status, const char *file, long line,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	e->line = line;
	copy(e->file, sizeof(e->file), file);
	copy(e->field, sizeof(e->field), field);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
smk_err_format(const struct smk_err *e, char *buf, size_t size)
{
	size_t n = 0;

#define ADD(...) do { \
	int r_ = snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__); \
	if (r_ > 0) n += (size_t)r_; \
} while (0)
	if (size == 0)
		return;
	buf[0] = '\0';
	if (e->file[0] != '\0') {
		if (e->line > 0)
			ADD("%s:%ld: ", e->file, e->line);
		else
			ADD("%s: ", e->file);
	}
	if (e->field[0] != '\0')
		ADD("%s: ", e->field);
	ADD("%s", e->msg);
#undef ADD
}

int
smk_exit_worst(int a, int b)
{
	return a > b ? a : b;
}
