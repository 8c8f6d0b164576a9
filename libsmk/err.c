/* err.c — diagnostics: where a problem is and which exit status it means. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * A diagnostic is one line of text, whatever it quotes: a value may hold
 * a line break (a --to with a Bcc: line after it, a file name), bytes
 * that are not UTF-8, or be a whole 10 MB field.  So control characters
 * and stray bytes are written as C escapes (\n, \t, \xff), and text that
 * does not fit keeps its start and its end, where messages say what went
 * wrong ("'...': no such KPI"), with what was left out counted between.
 */
void
smk_err_text(char *dst, size_t size, const char *src)
{
	struct smk_buf b = {0};
	const char *p;
	unsigned long cp;
	size_t n, head, tail, cut, room;
	char mid[48];

	if (size == 0)
		return;
	for (p = src != NULL ? src : ""; *p != '\0'; p += n) {
		unsigned char ch = (unsigned char)*p;

		n = 1;
		if (ch == '\n')
			smk_buf_adds(&b, "\\n");
		else if (ch == '\r')
			smk_buf_adds(&b, "\\r");
		else if (ch == '\t')
			smk_buf_adds(&b, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			smk_buf_printf(&b, "\\x%02x", ch);
		else if (ch < 0x80)
			smk_buf_addc(&b, ch);
		else if ((n = smk_utf8_decode(p, &cp)) == 0) {
			smk_buf_printf(&b, "\\x%02x", ch);
			n = 1;
		} else
			smk_buf_add(&b, p, n);
	}
	if (b.len < size) {
		memcpy(dst, b.len > 0 ? b.s : "", b.len);
		dst[b.len] = '\0';
		smk_buf_free(&b);
		return;
	}
	/* the middle left out, cut between characters (a UTF-8 sequence
	 * never starts with 10xxxxxx) */
	snprintf(mid, sizeof(mid), "[...%zu bytes...]", b.len);
	room = size - 1 > strlen(mid) ? size - 1 - strlen(mid) : 0;
	head = room / 2;
	while (head > 0 && ((unsigned char)b.s[head] & 0xc0) == 0x80)
		head--;
	cut = b.len - (room - head);
	while (cut < b.len && ((unsigned char)b.s[cut] & 0xc0) == 0x80)
		cut++;
	tail = b.len - cut;
	snprintf(mid, sizeof(mid), "[...%zu bytes...]", cut - head);
	if (head + strlen(mid) + tail >= size) {
		/* too small a buffer for the marker: the start, cut */
		head = size - 1;
		while (head > 0 && ((unsigned char)b.s[head] & 0xc0) == 0x80)
			head--;
		mid[0] = '\0';
		tail = 0;
	}
	memcpy(dst, b.s, head);
	memcpy(dst + head, mid, strlen(mid));
	memcpy(dst + head + strlen(mid), b.s + cut, tail);
	dst[head + strlen(mid) + tail] = '\0';
	smk_buf_free(&b);
}

int
smk_err_set(struct smk_err *e, int status, const char *file, long line,
    const char *field, const char *fmt, ...)
{
	va_list ap;
	char small[1024], *msg = small;
	int n;

	e->status = status;
	e->line = line;
	smk_err_text(e->file, sizeof(e->file), file);
	smk_err_text(e->field, sizeof(e->field), field);
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		/* whole, so that its end (what went wrong) is kept */
		msg = smk_xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	smk_err_text(e->msg, sizeof(e->msg), n >= 0 ? msg : "");
	if (msg != small)
		free(msg);
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
