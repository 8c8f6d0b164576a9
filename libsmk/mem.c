/* mem.c — allocators that cannot return NULL, and a growable buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smk.h"

static void
oom(size_t n)
{
	fprintf(stderr, "smk: out of memory (%zu bytes)\n", n);
	abort();
}

void *
smk_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
smk_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
smk_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *
smk_xstrdup(const char *s)
{
	return smk_xstrndup(s, strlen(s));
}

char *
smk_xstrndup(const char *s, size_t n)
{
	char *p = smk_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
grow(struct smk_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = smk_xrealloc(b->s, b->cap);
}

void
smk_buf_reset(struct smk_buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
smk_buf_free(struct smk_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

void
smk_buf_add(struct smk_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
smk_buf_adds(struct smk_buf *b, const char *s)
{
	smk_buf_add(b, s, strlen(s));
}

void
smk_buf_addc(struct smk_buf *b, int c)
{
	grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void
smk_buf_printf(struct smk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
smk_buf_detach(struct smk_buf *b)
{
	char *s = b->s;

	if (s == NULL)
		s = smk_xstrdup("");
	memset(b, 0, sizeof(*b));
	return s;
}
