/* json.c — the flat JSON objects that keep unmapped columns, and a small hash. */
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"

void
smk_obj_clear(struct smk_obj *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->k[i]);
		free(o->v[i]);
	}
	free(o->k);
	free(o->v);
	free(o->idx);
	memset(o, 0, sizeof(*o));
}

/*
 * Up to this many keys an object is searched in order (the usual lead has
 * a handful of unmapped columns); beyond, through the index, because a
 * search per key made a row of n columns cost n^2 (a million columns took
 * hours).
 */
#define OBJ_LINEAR 16

static size_t
slot_of(const struct smk_obj *o, const char *k)
{
	return (size_t)smk_hash64(SMK_HASH64_INIT, k, strlen(k)) &
	    (o->icap - 1);
}

/* The index of key k, or o->n when it is not there. */
static size_t
find(const struct smk_obj *o, const char *k)
{
	size_t i, s;

	if (o->idx == NULL) {
		for (i = 0; i < o->n; i++)
			if (strcmp(o->k[i], k) == 0)
				return i;
		return o->n;
	}
	for (s = slot_of(o, k); o->idx[s] != 0; s = (s + 1) & (o->icap - 1))
		if (strcmp(o->k[o->idx[s] - 1], k) == 0)
			return o->idx[s] - 1;
	return o->n;
}

/* Enters key i into the index (the first of equal keys stays found). */
static void
index_add(struct smk_obj *o, size_t i)
{
	size_t s;

	for (s = slot_of(o, o->k[i]); o->idx[s] != 0;
	    s = (s + 1) & (o->icap - 1))
		if (strcmp(o->k[o->idx[s] - 1], o->k[i]) == 0)
			return;
	o->idx[s] = i + 1;
}

/* (Re)builds the index with room for at least twice the keys. */
static void
index_build(struct smk_obj *o)
{
	size_t i;

	free(o->idx);
	o->icap = 64;
	while (o->icap < 2 * o->n + 2)
		o->icap *= 2;
	o->idx = smk_xcalloc(o->icap, sizeof(*o->idx));
	for (i = 0; i < o->n; i++)
		index_add(o, i);
}

static void
push(struct smk_obj *o, char *k, char *v)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->k = smk_xrealloc(o->k, o->cap * sizeof(*o->k));
		o->v = smk_xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	o->k[o->n] = k;
	o->v[o->n] = v;
	o->n++;
	if (o->idx == NULL ? o->n > OBJ_LINEAR : 2 * o->n + 2 > o->icap)
		index_build(o);
	else if (o->idx != NULL)
		index_add(o, o->n - 1);
}

static void
put_utf8(struct smk_buf *b, unsigned long c)
{
	if (c < 0x80) {
		smk_buf_addc(b, (int)c);
	} else if (c < 0x800) {
		smk_buf_addc(b, (int)(0xc0 | (c >> 6)));
		smk_buf_addc(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		smk_buf_addc(b, (int)(0xe0 | (c >> 12)));
		smk_buf_addc(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		smk_buf_addc(b, (int)(0x80 | (c & 0x3f)));
	} else {
		smk_buf_addc(b, (int)(0xf0 | (c >> 18)));
		smk_buf_addc(b, (int)(0x80 | ((c >> 12) & 0x3f)));
		smk_buf_addc(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		smk_buf_addc(b, (int)(0x80 | (c & 0x3f)));
	}
}

static const char *
ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int
hex4(const char *p, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Reads a string literal at *pp into b; NULL on a syntax error. */
static const char *
string(const char *p, struct smk_buf *b)
{
	unsigned long c, lo;

	smk_buf_reset(b);
	smk_buf_add(b, "", 0);
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if (*p == '\0')
			return NULL;
		if (*p != '\\') {
			smk_buf_addc(b, *p++);
			continue;
		}
		p++;
		switch (*p) {
		case '"': case '\\': case '/': smk_buf_addc(b, *p); break;
		case 'b': smk_buf_addc(b, '\b'); break;
		case 'f': smk_buf_addc(b, '\f'); break;
		case 'n': smk_buf_addc(b, '\n'); break;
		case 'r': smk_buf_addc(b, '\r'); break;
		case 't': smk_buf_addc(b, '\t'); break;
		case 'u':
			if (hex4(p + 1, &c) < 0)
				return NULL;
			p += 4;
			if (c >= 0xd800 && c < 0xdc00 && p[1] == '\\' &&
			    p[2] == 'u' && hex4(p + 3, &lo) == 0 &&
			    lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			put_utf8(b, c);
			break;
		default:
			return NULL;
		}
		p++;
	}
	return p + 1;
}

int
smk_obj_parse(struct smk_obj *o, const char *json)
{
	struct smk_buf k = {0}, v = {0};
	const char *p = ws(json);
	int r = -1;

	smk_obj_clear(o);
	if (*p++ != '{')
		goto done;
	p = ws(p);
	if (*p == '}') {
		r = 0;
		goto done;
	}
	for (;;) {
		if ((p = string(ws(p), &k)) == NULL)
			goto done;
		p = ws(p);
		if (*p++ != ':')
			goto done;
		if ((p = string(ws(p), &v)) == NULL)
			goto done;
		push(o, smk_buf_detach(&k), smk_buf_detach(&v));
		p = ws(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			goto done;
	}
	r = 0;
done:
	smk_buf_free(&k);
	smk_buf_free(&v);
	if (r < 0)
		smk_obj_clear(o);
	return r;
}

const char *
smk_obj_get(const struct smk_obj *o, const char *k)
{
	size_t i = find(o, k);

	return i < o->n ? o->v[i] : NULL;
}

int
smk_obj_set(struct smk_obj *o, const char *k, const char *v)
{
	size_t i = find(o, k);

	if (i < o->n) {
		if (strcmp(o->v[i], v) == 0)
			return 0;
		free(o->v[i]);
		o->v[i] = smk_xstrdup(v);
		return 1;
	}
	push(o, smk_xstrdup(k), smk_xstrdup(v));
	return 1;
}

void
smk_obj_json(const struct smk_obj *o, struct smk_buf *b)
{
	size_t i;

	smk_buf_addc(b, '{');
	for (i = 0; i < o->n; i++) {
		if (i > 0)
			smk_buf_addc(b, ',');
		smk_json_quote(b, o->k[i]);
		smk_buf_addc(b, ':');
		smk_json_quote(b, o->v[i]);
	}
	smk_buf_addc(b, '}');
}

uint64_t
smk_hash64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}
