/* rules.c — the lead scoring rule language of lead-import --rules. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smk_int.h"

/*
 * One rule a line:   POINTS FIELD OP [VALUE]
 *   POINTS  a whole number, may be negative
 *   FIELD   a canonical field (email, title, country, ...), an unmapped
 *           column's header in double quotes, "touches" (all touches of
 *           the lead) or "touches:CHANNEL" (touches in that channel)
 *   OP      = != (equal, ignoring case), ~ !~ (contains, ignoring case;
 *           VALUE may list alternatives a|b|c), < <= > >= (numbers),
 *           exists, empty (no VALUE)
 * '#' starts a comment line.  A lead's score is the sum of the points of
 * every rule it matches, recomputed from scratch at each import, so the
 * same data always gives the same score.
 */

enum op { OP_EQ, OP_NE, OP_HAS, OP_HASNT, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_EXISTS, OP_EMPTY };
enum kind { K_FIELD, K_EXTRA, K_TOUCHES };

struct rule {
	long points;
	int kind;
	int field;         /* K_FIELD: enum smk_field */
	char *name;        /* K_EXTRA: header; K_TOUCHES: channel or NULL */
	int op;
	char *value;
	double num;
};

struct smk_rules {
	struct rule *r;
	size_t n;
};

static const struct {
	const char *s;
	int op;
} ops[] = {
	{ "=", OP_EQ }, { "!=", OP_NE }, { "~", OP_HAS }, { "!~", OP_HASNT },
	{ "<", OP_LT }, { "<=", OP_LE }, { ">", OP_GT }, { ">=", OP_GE },
	{ "exists", OP_EXISTS }, { "empty", OP_EMPTY },
};

void
smk_rules_free(struct smk_rules *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++) {
		free(rs->r[i].name);
		free(rs->r[i].value);
	}
	free(rs->r);
	free(rs);
}

static char *
skip(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Cuts the next token (a "quoted string" or a run of non-blanks). */
static char *
token(char **pp, int *quoted)
{
	char *p = skip(*pp), *start;

	*quoted = 0;
	if (*p == '"') {
		start = ++p;
		while (*p != '\0' && *p != '"')
			p++;
		if (*p != '"')
			return NULL;
		*p++ = '\0';
		*quoted = 1;
	} else {
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	*pp = p;
	return start;
}

static int
parse_line(struct rule *r, char *line, const char **why, struct smk_buf *msg)
{
	char *p = line, *tok, *end, *v;
	int quoted;
	size_t i;

	memset(r, 0, sizeof(*r));
	if ((tok = token(&p, &quoted)) == NULL) {
		*why = "unterminated quote";
		return -1;
	}
	errno = 0;
	r->points = strtol(tok, &end, 10);
	if (*tok == '\0' || *end != '\0' || errno == ERANGE) {
		*why = "expected POINTS (a whole number) first";
		return -1;
	}
	if ((tok = token(&p, &quoted)) == NULL || *tok == '\0') {
		*why = tok ? "expected a FIELD after the points" :
		    "unterminated quote";
		return -1;
	}
	if (quoted) {
		r->kind = K_EXTRA;
		r->name = smk_xstrdup(tok);
	} else if (strcmp(tok, "touches") == 0) {
		r->kind = K_TOUCHES;
	} else if (strncmp(tok, "touches:", 8) == 0 && tok[8] != '\0') {
		r->kind = K_TOUCHES;
		r->name = smk_xstrdup(tok + 8);
	} else if ((r->field = smk_field_lookup_name(tok)) >= 0) {
		r->kind = K_FIELD;
	} else {
		smk_buf_printf(msg, "unknown field '%s' (use a canonical "
		    "name, \"Header\" in quotes, touches or touches:CHANNEL)",
		    tok);
		*why = msg->s;
		return -1;
	}
	tok = token(&p, &quoted);
	r->op = -1;
	for (i = 0; tok != NULL && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(tok, ops[i].s) == 0)
			r->op = ops[i].op;
	if (r->op < 0) {
		*why = "expected an operator: = != ~ !~ < <= > >= exists empty";
		return -1;
	}
	v = skip(p);
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (r->op == OP_EXISTS || r->op == OP_EMPTY) {
		if (*v != '\0') {
			*why = "exists and empty take no value";
			return -1;
		}
		return 0;
	}
	if (*v == '\0') {
		*why = "expected a VALUE after the operator";
		return -1;
	}
	r->value = smk_xstrdup(v);
	if (r->op >= OP_LT && r->op <= OP_GE) {
		errno = 0;
		r->num = strtod(v, &end);
		if (*end != '\0' || errno == ERANGE) {
			*why = "<, <=, > and >= compare numbers";
			return -1;
		}
	}
	if (r->kind == K_TOUCHES && !(r->op >= OP_LT && r->op <= OP_GE) &&
	    r->op != OP_EQ && r->op != OP_NE) {
		*why = "touches compare as numbers";
		return -1;
	}
	if (r->kind == K_TOUCHES && (r->op == OP_EQ || r->op == OP_NE)) {
		r->num = strtod(v, &end);
		if (*end != '\0') {
			*why = "touches compare as numbers";
			return -1;
		}
	}
	return 0;
}

int
smk_rules_load(struct smk_rules **out, const char *path, struct smk_err *err)
{
	struct smk_rules *rs;
	struct smk_buf msg = {0};
	FILE *f;
	char *line = NULL, *p;
	size_t cap = 0, len;
	ssize_t n;
	long lineno = 0;
	const char *why;
	int r = -1;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return smk_err_set(err, SMK_EXIT_USAGE, path, 0, NULL,
		    "cannot open rules: %s", strerror(errno));
	rs = smk_xcalloc(1, sizeof(*rs));
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		len = (size_t)n;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		p = skip(line);
		if (*p == '\0' || *p == '#')
			continue;
		rs->r = smk_xrealloc(rs->r, (rs->n + 1) * sizeof(*rs->r));
		smk_buf_reset(&msg);
		if (parse_line(&rs->r[rs->n], p, &why, &msg) < 0) {
			free(rs->r[rs->n].name);
			free(rs->r[rs->n].value);
			smk_err_set(err, SMK_EXIT_USAGE, path, lineno, NULL,
			    "%s", why);
			goto done;
		}
		rs->n++;
	}
	if (ferror(f)) {
		smk_err_set(err, SMK_EXIT_USAGE, path, 0, NULL,
		    "cannot read rules: %s", strerror(errno));
		goto done;
	}
	*out = rs;
	rs = NULL;
	r = 0;
done:
	free(line);
	smk_buf_free(&msg);
	fclose(f);
	smk_rules_free(rs);
	return r;
}

/* Case-insensitive substring search (ASCII case folding). */
static int
contains(const char *hay, const char *needle, size_t nlen)
{
	size_t i, hlen = strlen(hay);

	if (nlen == 0)
		return 1;
	for (i = 0; i + nlen <= hlen; i++)
		if (strncasecmp(hay + i, needle, nlen) == 0)
			return 1;
	return 0;
}

static int
contains_any(const char *hay, const char *alts)
{
	const char *p = alts, *bar;

	for (;;) {
		bar = strchr(p, '|');
		if (contains(hay, p, bar ? (size_t)(bar - p) : strlen(p)))
			return 1;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

static int
numcmp(int op, double a, double b)
{
	switch (op) {
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	default: return a >= b;
	}
}

static int
match(const struct rule *r, const struct smk_score_input *in)
{
	const char *v = NULL;
	char *end;
	double d;

	if (r->kind == K_TOUCHES)
		return numcmp(r->op, (double)in->touches(in->ctx, r->name),
		    r->num);
	if (r->kind == K_FIELD)
		v = in->lead->f[r->field];
	else
		v = in->extra(in->ctx, r->name);
	if (v == NULL)
		v = "";
	switch (r->op) {
	case OP_EXISTS: return *v != '\0';
	case OP_EMPTY: return *v == '\0';
	case OP_EQ: return strcasecmp(v, r->value) == 0;
	case OP_NE: return strcasecmp(v, r->value) != 0;
	case OP_HAS: return contains_any(v, r->value);
	case OP_HASNT: return !contains_any(v, r->value);
	default:
		d = strtod(v, &end);
		if (*v == '\0' || *end != '\0')
			return 0;
		return numcmp(r->op, d, r->num);
	}
}

long
smk_rules_score(const struct smk_rules *rs, const struct smk_score_input *in)
{
	long score = 0;
	size_t i;

	for (i = 0; rs != NULL && i < rs->n; i++)
		if (match(&rs->r[i], in))
			score += rs->r[i].points;
	return score;
}
