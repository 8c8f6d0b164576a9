/* brief.c — joint-kpi brief: the weekly joint-meeting agenda as Markdown, an HTML page with SVG charts, or a MIME mail whose charts are table cells. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smk_int.h"

/*
 * The brief defines no number of its own: the KPIs come from kpi.c; the
 * stage counts, cohort rates, stuck leads and lost deals from metrics.c;
 * the campaign rows from report.c; the SLA breaches, rejection reasons
 * and Sales notes from the listings of lists.c.  What it adds is what a
 * joint meeting looks at, in which order, and the rules that turn the
 * numbers into questions for a team (joint-kpi(1), BRIEF).
 *
 * The document goes through a small writer (headings, paragraphs,
 * tables, lists, charts) that renders every call in up to two forms at
 * once: Markdown; an HTML page; or, for a mail, plain text and an HTML
 * part.  Each section of the brief is one function (sec_*), written once
 * for every form.  Whatever comes from the database is data, escaped for
 * the form it lands in: a campaign called "<script>" is shown, not run.
 */

#define NPER 8          /* periods in the trends */
#define LIST_MAX 10     /* rows shown of a long listing */
#define NUSUAL 10       /* usual times: 4 at the as-of time, 3 per end */
#define NOTES_MAX 20    /* Sales notes shown */
#define TOP_REASONS 5   /* rejection and loss reasons shown */
#define NOTE_MAX 300    /* bytes shown of a note */

/* ============================================================ writer */

enum sink {
	SK_MD,          /* Markdown */
	SK_TEXT,        /* the plain text part of a mail: Markdown unescaped */
	SK_HTML,        /* a page: CSS in its head, SVG charts */
	SK_MAIL         /* a mail's HTML: inline styles, charts of cells */
};
/* Table columns: text, a number (right-aligned), a KPI status. */
enum { CK_TEXT, CK_NUM, CK_STATUS };
#define MAX_COLS 12

struct doc {
	struct smk_buf *b[2];
	int sink[2];
	size_t n;
	size_t ncols;           /* the table being written */
	int kinds[MAX_COLS];
	int ordered, item;      /* the list being written */
};

#define EACH(d, i) for ((i) = 0; (i) < (d)->n; (i)++)

/* Markdown: what would start a link, raw HTML or a code span, or end a
 * table cell, is escaped (emphasis is left: it changes no more than the
 * look); line ends and other controls become spaces. */
static void
md_text(struct smk_buf *b, const char *s)
{
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f) {
			smk_buf_addc(b, ' ');
			continue;
		}
		if (strchr("\\`[]<>|", c) != NULL)
			smk_buf_addc(b, '\\');
		smk_buf_addc(b, c);
	}
}

/* Plain text: controls become spaces, so that every line stays one. */
static void
plain_text(struct smk_buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		smk_buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' :
		    *s);
}

/* HTML text and attribute values: the five characters that matter
 * escaped; controls and noncharacters, which HTML forbids, become
 * spaces; bytes that are not UTF-8 become U+FFFD. */
static void
html_text(struct smk_buf *b, const char *s)
{
	unsigned long cp;
	size_t n;

	while (*s != '\0') {
		if ((n = smk_utf8_decode(s, &cp)) == 0) {
			smk_buf_adds(b, "\xef\xbf\xbd");
			s++;
			continue;
		}
		if (cp == '&')
			smk_buf_adds(b, "&amp;");
		else if (cp == '<')
			smk_buf_adds(b, "&lt;");
		else if (cp == '>')
			smk_buf_adds(b, "&gt;");
		else if (cp == '"')
			smk_buf_adds(b, "&quot;");
		else if (cp == '\'')
			smk_buf_adds(b, "&#39;");
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
			smk_buf_addc(b, ' ');
		else
			smk_buf_add(b, s, n);
		s += n;
	}
}

/* Text as sink k shows it. */
static void
put(const struct doc *d, size_t k, const char *s)
{
	switch (d->sink[k]) {
	case SK_MD: md_text(d->b[k], s); break;
	case SK_TEXT: plain_text(d->b[k], s); break;
	default: html_text(d->b[k], s); break;
	}
}

static char *
vformat(const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	s = smk_xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	return s;
}

/* The inline styles of the mail, where a page has its style sheet. */
#define M_BODY "margin:0;padding:16px;background-color:#ffffff;" \
	"color:#1f2328;font-family:Arial,Helvetica,sans-serif;" \
	"font-size:14px;line-height:1.4"
#define M_H1 "font-size:22px;margin:0 0 6px 0"
#define M_H2 "font-size:17px;margin:24px 0 8px 0;padding-bottom:3px;" \
	"border-bottom:2px solid #d0d7de"
#define M_P "margin:0 0 10px 0"
#define M_ASIDE "margin:0 0 10px 0;color:#57606a;font-size:12px"
#define M_TABLE "border-collapse:collapse;margin:0 0 12px 0;font-size:13px"
#define M_TH "text-align:left;padding:3px 8px;border-bottom:2px solid #8c959f"
#define M_TR "border-bottom:1px solid #dddddd"
#define M_TD "padding:3px 6px"
#define M_NUM ";text-align:right;white-space:nowrap"

/* The page's style sheet: screen and print, no web fonts, no images. */
static const char page_css[] =
    "body{margin:0 auto;max-width:1000px;padding:24px;color:#1f2328;"
    "background:#fff;font:14px/1.45 system-ui,-apple-system,\"Segoe UI\","
    "Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
    "h1{font-size:24px;margin:0 0 6px}\n"
    "h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;"
    "border-bottom:2px solid #d0d7de}\n"
    "p{margin:0 0 10px}\n"
    ".aside{color:#57606a;font-size:12px}\n"
    "table{border-collapse:collapse;margin:6px 0 14px;font-size:13px}\n"
    "th,td{padding:3px 8px;border-bottom:1px solid #d8dee4;"
    "text-align:left;vertical-align:top}\n"
    "th{border-bottom:2px solid #8c959f}\n"
    "td.num,th.num{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    ".st{display:inline-block;padding:0 6px;border-radius:8px;"
    "color:#fff;font-size:12px;white-space:nowrap}\n"
    ".st-on-track{background:#1a7f37}.st-at-risk{background:#9a6700}\n"
    ".st-off-track{background:#cf222e}.st-immature{background:#6e7781}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:6px 14px}\n"
    "figure{margin:0 0 8px;break-inside:avoid}\n"
    "figcaption{font-size:12px;max-width:260px}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    "svg text{font:11px system-ui,Arial,sans-serif;fill:#1f2328}\n"
    "ol li,ul li{margin-bottom:4px}\n"
    ".team{font-weight:600}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:11px}"
    "h2{break-after:avoid}tr,figure,li{break-inside:avoid}}\n";

static void
d_begin(struct doc *d, const char *title)
{
	size_t k;

	EACH(d, k) {
		switch (d->sink[k]) {
		case SK_HTML:
			smk_buf_adds(d->b[k], "<!DOCTYPE html>\n<html lang=\"en\">"
			    "\n<head>\n<meta charset=\"utf-8\">\n"
			    /* no script, and nothing fetched from anywhere */
			    "<meta http-equiv=\"Content-Security-Policy\" "
			    "content=\"default-src 'none'; "
			    "style-src 'unsafe-inline'\">\n"
			    "<meta name=\"viewport\" content=\"width=device-width, "
			    "initial-scale=1\">\n<title>");
			put(d, k, title);
			smk_buf_adds(d->b[k], "</title>\n<style>\n");
			smk_buf_adds(d->b[k], page_css);
			smk_buf_adds(d->b[k], "</style>\n</head>\n<body>\n<main>\n"
			    "<h1>");
			put(d, k, title);
			smk_buf_adds(d->b[k], "</h1>\n");
			break;
		case SK_MAIL:
			smk_buf_adds(d->b[k], "<!DOCTYPE html>\n<html lang=\"en\">"
			    "\n<head>\n<meta charset=\"utf-8\">\n"
			    "<meta name=\"viewport\" content=\"width=device-width, "
			    "initial-scale=1\">\n<title>");
			put(d, k, title);
			smk_buf_adds(d->b[k], "</title>\n</head>\n<body style=\""
			    M_BODY "\">\n<div style=\"max-width:860px\">\n"
			    "<h1 style=\"" M_H1 "\">");
			put(d, k, title);
			smk_buf_adds(d->b[k], "</h1>\n");
			break;
		default:
			smk_buf_adds(d->b[k], "# ");
			put(d, k, title);
			smk_buf_adds(d->b[k], "\n\n");
			break;
		}
	}
}

static void
d_end(struct doc *d)
{
	size_t k;

	EACH(d, k) {
		if (d->sink[k] == SK_HTML)
			smk_buf_adds(d->b[k], "</main>\n</body>\n</html>\n");
		else if (d->sink[k] == SK_MAIL)
			smk_buf_adds(d->b[k], "</div>\n</body>\n</html>\n");
	}
}

/* A section: id names it in the page (an anchor; the same in every
 * brief). */
static void
d_section(struct doc *d, const char *id, const char *title)
{
	size_t k;

	EACH(d, k) {
		switch (d->sink[k]) {
		case SK_HTML:
			smk_buf_printf(d->b[k], "<section id=\"%s\">\n<h2>", id);
			put(d, k, title);
			smk_buf_adds(d->b[k], "</h2>\n");
			break;
		case SK_MAIL:
			smk_buf_adds(d->b[k], "<h2 style=\"" M_H2 "\">");
			put(d, k, title);
			smk_buf_adds(d->b[k], "</h2>\n");
			break;
		default:
			smk_buf_adds(d->b[k], "## ");
			put(d, k, title);
			smk_buf_adds(d->b[k], "\n\n");
			break;
		}
	}
}

static void
d_section_end(struct doc *d)
{
	size_t k;

	EACH(d, k)
		if (d->sink[k] == SK_HTML)
			smk_buf_adds(d->b[k], "</section>\n");
}

/* A paragraph; aside: a quieter one (sources, how a number is read). */
static void
d_vpara(struct doc *d, int aside, const char *fmt, va_list ap)
{
	char *s = vformat(fmt, ap);
	size_t k;

	EACH(d, k) {
		if (d->sink[k] == SK_HTML)
			smk_buf_adds(d->b[k], aside ? "<p class=\"aside\">" :
			    "<p>");
		else if (d->sink[k] == SK_MAIL)
			smk_buf_adds(d->b[k], aside ? "<p style=\"" M_ASIDE
			    "\">" : "<p style=\"" M_P "\">");
		put(d, k, s);
		if (d->sink[k] == SK_HTML || d->sink[k] == SK_MAIL)
			smk_buf_adds(d->b[k], "</p>\n");
		else
			smk_buf_adds(d->b[k], "\n\n");
	}
	free(s);
}

static void __attribute__((format(printf, 2, 3)))
d_para(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	d_vpara(d, 0, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 2, 3)))
d_aside(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	d_vpara(d, 1, fmt, ap);
	va_end(ap);
}

/* The colours of a status, for the mail (the page has classes). */
static const char *
status_colour(const char *st)
{
	if (strcmp(st, "on-track") == 0)
		return "#1a7f37";
	if (strcmp(st, "at-risk") == 0)
		return "#9a6700";
	if (strcmp(st, "off-track") == 0)
		return "#cf222e";
	return "#6e7781";
}

/* A table's head in sink k; the columns' kinds stay with d. */
static void
t_head(struct doc *d, size_t k, size_t ncols, const char *const *names,
    const int *kinds)
{
	struct smk_buf *b = d->b[k];
	size_t i;

	d->ncols = ncols < MAX_COLS ? ncols : MAX_COLS;
	for (i = 0; i < d->ncols; i++)
		d->kinds[i] = kinds[i];
	if (d->sink[k] == SK_MD || d->sink[k] == SK_TEXT) {
		smk_buf_addc(b, '|');
		for (i = 0; i < d->ncols; i++) {
			smk_buf_addc(b, ' ');
			put(d, k, names[i]);
			smk_buf_adds(b, " |");
		}
		smk_buf_adds(b, "\n|");
		for (i = 0; i < d->ncols; i++)
			smk_buf_adds(b, kinds[i] == CK_NUM ? " ---: |" :
			    " --- |");
		smk_buf_addc(b, '\n');
		return;
	}
	smk_buf_adds(b, d->sink[k] == SK_MAIL ? "<table style=\"" M_TABLE
	    "\">\n<thead><tr>" : "<table>\n<thead><tr>");
	for (i = 0; i < d->ncols; i++) {
		if (d->sink[k] == SK_MAIL)
			smk_buf_adds(b, kinds[i] == CK_NUM ? "<th style=\""
			    M_TH M_NUM "\">" : "<th style=\"" M_TH "\">");
		else
			smk_buf_adds(b, kinds[i] == CK_NUM ?
			    "<th class=\"num\">" : "<th>");
		put(d, k, names[i]);
		smk_buf_adds(b, "</th>");
	}
	smk_buf_adds(b, "</tr></thead>\n<tbody>\n");
}

/* One cell of an HTML table. */
static void
html_cell(const struct doc *d, size_t k, int kind, const char *c)
{
	struct smk_buf *b = d->b[k];

	if (d->sink[k] == SK_MAIL) {
		smk_buf_adds(b, kind == CK_NUM ? "<td style=\"" M_TD M_NUM "\">"
		    : "<td style=\"" M_TD "\">");
		if (kind == CK_STATUS && c != NULL)
			smk_buf_printf(b, "<span style=\"color:#ffffff;"
			    "background-color:%s;padding:0 5px\">",
			    status_colour(c));
	} else {
		smk_buf_adds(b, kind == CK_NUM ? "<td class=\"num\">" : "<td>");
		if (kind == CK_STATUS && c != NULL) {
			smk_buf_adds(b, "<span class=\"st st-");
			put(d, k, c);
			smk_buf_adds(b, "\">");
		}
	}
	if (c != NULL)
		put(d, k, c);
	if (kind == CK_STATUS && c != NULL)
		smk_buf_adds(b, "</span>");
	smk_buf_adds(b, "</td>");
}

/* A row of the table begun last in sink k; a NULL cell is empty. */
static void
t_row(struct doc *d, size_t k, const char *const *cells)
{
	size_t i;

	if (d->sink[k] == SK_HTML || d->sink[k] == SK_MAIL) {
		/* the mail's row lines on rows, not on every cell: a mail
		 * is read whole only under about 100 KB */
		smk_buf_adds(d->b[k], d->sink[k] == SK_MAIL ?
		    "<tr style=\"" M_TR "\">" : "<tr>");
		for (i = 0; i < d->ncols; i++)
			html_cell(d, k, d->kinds[i], cells[i]);
		smk_buf_adds(d->b[k], "</tr>\n");
		return;
	}
	smk_buf_addc(d->b[k], '|');
	for (i = 0; i < d->ncols; i++) {
		smk_buf_addc(d->b[k], ' ');
		if (cells[i] != NULL)
			put(d, k, cells[i]);
		smk_buf_adds(d->b[k], " |");
	}
	smk_buf_addc(d->b[k], '\n');
}

static void
t_end(struct doc *d, size_t k)
{
	smk_buf_adds(d->b[k], d->sink[k] == SK_HTML || d->sink[k] == SK_MAIL ?
	    "</tbody>\n</table>\n" : "\n");
}

static void
d_table(struct doc *d, size_t ncols, const char *const *names,
    const int *kinds)
{
	size_t k;

	EACH(d, k)
		t_head(d, k, ncols, names, kinds);
}

static void
d_row(struct doc *d, const char *const *cells)
{
	size_t k;

	EACH(d, k)
		t_row(d, k, cells);
}

static void
d_table_end(struct doc *d)
{
	size_t k;

	EACH(d, k)
		t_end(d, k);
}

static void
d_list(struct doc *d, int ordered)
{
	size_t k;

	d->ordered = ordered;
	d->item = 0;
	EACH(d, k)
		if (d->sink[k] == SK_HTML || d->sink[k] == SK_MAIL)
			smk_buf_adds(d->b[k], ordered ? "<ol>\n" : "<ul>\n");
}

/* A list item; label (or NULL) stands out before the text. */
static void __attribute__((format(printf, 3, 4)))
d_item(struct doc *d, const char *label, const char *fmt, ...)
{
	va_list ap;
	char *s;
	size_t k;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	d->item++;
	EACH(d, k) {
		struct smk_buf *b = d->b[k];

		switch (d->sink[k]) {
		case SK_HTML:
		case SK_MAIL:
			smk_buf_adds(b, d->sink[k] == SK_MAIL ?
			    "<li style=\"margin:0 0 4px 0\">" : "<li>");
			if (label != NULL) {
				smk_buf_adds(b, d->sink[k] == SK_MAIL ?
				    "<strong>" : "<span class=\"team\">");
				put(d, k, label);
				smk_buf_adds(b, d->sink[k] == SK_MAIL ?
				    "</strong>: " : "</span>: ");
			}
			put(d, k, s);
			smk_buf_adds(b, "</li>\n");
			break;
		default:
			if (d->ordered)
				smk_buf_printf(b, "%d. ", d->item);
			else
				smk_buf_adds(b, "- ");
			if (label != NULL) {
				smk_buf_adds(b, d->sink[k] == SK_MD ? "**" : "");
				put(d, k, label);
				smk_buf_adds(b, d->sink[k] == SK_MD ? "**: " :
				    ": ");
			}
			put(d, k, s);
			smk_buf_addc(b, '\n');
			break;
		}
	}
	free(s);
}

static void
d_list_end(struct doc *d)
{
	size_t k;

	EACH(d, k) {
		if (d->sink[k] == SK_HTML || d->sink[k] == SK_MAIL)
			smk_buf_adds(d->b[k], d->ordered ? "</ol>\n" : "</ul>\n");
		else
			smk_buf_addc(d->b[k], '\n');
	}
}

/* ============================================================ charts */

/* The charts are drawn in the HTML forms only: Markdown and text have
 * the same numbers in the tables beside them. */

/* The funnel: a bar per stage, as wide as its count. */
static void
d_funnel(struct doc *d, size_t n, const char *const *labels,
    const int64_t *v)
{
	int64_t max = 1;
	double w;
	size_t i, k;
	int pc;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	EACH(d, k) {
		struct smk_buf *b = d->b[k];

		if (d->sink[k] == SK_HTML) {
			smk_buf_printf(b, "<figure>\n<svg width=\"640\" "
			    "height=\"%zu\" viewBox=\"0 0 640 %zu\" "
			    "role=\"img\">\n<title>The funnel: ",
			    n * 34 + 4, n * 34 + 4);
			for (i = 0; i < n; i++) {
				smk_buf_adds(b, i ? ", " : "");
				put(d, k, labels[i]);
				smk_buf_printf(b, " %lld", (long long)v[i]);
			}
			smk_buf_adds(b, "</title>\n");
			for (i = 0; i < n; i++) {
				w = 440.0 * (double)v[i] / (double)max;
				if (w < 2)
					w = 2;
				smk_buf_printf(b, "<rect x=\"%.1f\" y=\"%zu\" "
				    "width=\"%.1f\" height=\"28\" rx=\"3\" "
				    "fill=\"#%s\"/>\n<text x=\"8\" y=\"%zu\">",
				    360 - w / 2, i * 34 + 2, w, i == n - 1 ?
				    "1a7f37" : "2f6feb", i * 34 + 20);
				put(d, k, labels[i]);
				smk_buf_printf(b, "</text>\n<text x=\"632\" "
				    "y=\"%zu\" text-anchor=\"end\">%lld</text>\n",
				    i * 34 + 20, (long long)v[i]);
			}
			smk_buf_adds(b, "</svg>\n</figure>\n");
		} else if (d->sink[k] == SK_MAIL) {
			smk_buf_adds(b, "<table style=\"" M_TABLE
			    ";width:100%;max-width:640px\">\n");
			for (i = 0; i < n; i++) {
				pc = (int)(100 * v[i] / max);
				smk_buf_adds(b, "<tr><td style=\"padding:2px 8px "
				    "2px 0;width:110px\">");
				put(d, k, labels[i]);
				smk_buf_printf(b, "</td><td style=\"padding:2px "
				    "0\"><table style=\"border-collapse:collapse;"
				    "width:%d%%\"><tr><td style=\"height:18px;"
				    "background-color:#%s;font-size:1px;"
				    "line-height:1px\">&nbsp;</td></tr></table>"
				    "</td><td style=\"padding:2px 0 2px 8px;"
				    "width:60px;text-align:right\">%lld</td>"
				    "</tr>\n", pc > 1 ? pc : 1, i == n - 1 ?
				    "1a7f37" : "2f6feb", (long long)v[i]);
			}
			smk_buf_adds(b, "</table>\n");
		}
	}
}

/* One KPI over the periods: the actuals, the targets they were held to,
 * each period's status. */
struct series {
	const char *name, *team;
	double v[NPER], t[NPER];
	int has_v[NPER], has_t[NPER];
	const char *status[NPER];   /* a status name, or NULL */
	char cell[NPER][48];        /* v formatted */
	char latest[48], target[48];/* formatted, "" when none */
	double unit;                /* a value in the axis's unit (cents:
	                             * 0.01) */
};

/* The range a series is drawn over: 0 and every value. */
static void
series_range(const struct series *s, double *lo, double *hi)
{
	size_t i;

	*lo = 0;
	*hi = 0;
	for (i = 0; i < NPER; i++) {
		if (s->has_v[i]) {
			*lo = fmin(*lo, s->v[i]);
			*hi = fmax(*hi, s->v[i]);
		}
		if (s->has_t[i]) {
			*lo = fmin(*lo, s->t[i]);
			*hi = fmax(*hi, s->t[i]);
		}
	}
	if (*hi - *lo <= 0)
		*hi = *lo + 1;
}

/* An axis label in a few characters: "0.046", "62.6", "1.61k", "18.3M". */
static void
axis_label(double v, char buf[16])
{
	double a = fabs(v);

	if (a < 1)
		snprintf(buf, 16, "%.2g", v);
	else if (a < 999.5)
		snprintf(buf, 16, "%.3g", v);
	else if (a < 999.5e3)
		snprintf(buf, 16, "%.3gk", v / 1e3);
	else if (a < 999.5e6)
		snprintf(buf, 16, "%.3gM", v / 1e6);
	else
		snprintf(buf, 16, "%.3gG", v / 1e9);
}

/* A small SVG line chart: the actual as a line with dots coloured by
 * status, the target dashed (a tick where it stands alone). */
static void
svg_trend(struct smk_buf *b, const struct doc *d, size_t k,
    const struct series *s)
{
	double lo, hi, x, y;
	char top[16], bottom[16];
	size_t i, pass;
	int open;

	series_range(s, &lo, &hi);
	axis_label(hi * s->unit, top);
	axis_label(lo * s->unit, bottom);
#define TX(i) (42.0 + (double)(i) * 208.0 / (double)(NPER - 1))
#define TY(v) (66.0 - ((v) - lo) / (hi - lo) * 56.0)
	smk_buf_adds(b, "<figure>\n<svg width=\"260\" height=\"76\" "
	    "viewBox=\"0 0 260 76\" role=\"img\">\n<title>");
	put(d, k, s->name);
	smk_buf_adds(b, "</title>\n");
	/* the zero line, and the range's ends */
	smk_buf_printf(b, "<line x1=\"42\" y1=\"%.1f\" x2=\"254\" y2=\"%.1f\" "
	    "stroke=\"#d0d7de\"/>\n", TY(0.0), TY(0.0));
	smk_buf_printf(b, "<text x=\"38\" y=\"14\" text-anchor=\"end\">%s"
	    "</text>\n<text x=\"38\" y=\"70\" text-anchor=\"end\">%s"
	    "</text>\n", top, bottom);
	/* the target dashed, then the actual: a line through the periods
	 * that have one */
	for (pass = 0; pass < 2; pass++) {
		open = 0;
		for (i = 0; i < NPER; i++) {
			int has = pass == 0 ? s->has_t[i] : s->has_v[i];

			if (!has) {
				if (open)
					smk_buf_adds(b, "\"/>\n");
				open = 0;
				continue;
			}
			x = TX(i);
			y = TY(pass == 0 ? s->t[i] : s->v[i]);
			if (!open)
				smk_buf_printf(b, "<polyline fill=\"none\" "
				    "stroke=\"%s\" stroke-width=\"%s\"%s "
				    "points=\"", pass == 0 ? "#8c959f" :
				    "#2f6feb", pass == 0 ? "1.5" : "2",
				    pass == 0 ? " stroke-dasharray=\"4 3\"" :
				    "");
			smk_buf_printf(b, "%s%.1f,%.1f", open ? " " : "", x, y);
			open = 1;
		}
		if (open)
			smk_buf_adds(b, "\"/>\n");
	}
	for (i = 0; i < NPER; i++)
		if (s->has_t[i])
			smk_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8c959f\" "
			    "stroke-width=\"2\"/>\n", TX(i) - 5, TY(s->t[i]),
			    TX(i) + 5, TY(s->t[i]));
	for (i = 0; i < NPER; i++)
		if (s->has_v[i])
			smk_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"3\" fill=\"%s\"/>\n", TX(i), TY(s->v[i]),
			    s->status[i] != NULL ? status_colour(s->status[i]) :
			    "#2f6feb");
#undef TX
#undef TY
	smk_buf_adds(b, "</svg>\n<figcaption>");
	put(d, k, s->name);
	smk_buf_adds(b, " (");
	put(d, k, s->team);
	smk_buf_adds(b, "): ");
	put(d, k, s->latest[0] != '\0' ? s->latest : "none");
	if (s->target[0] != '\0') {
		smk_buf_adds(b, ", target ");
		put(d, k, s->target);
	}
	smk_buf_adds(b, "</figcaption>\n</figure>\n");
}

/*
 * The same in table cells for mail: per period a cell 30 pixels tall,
 * coloured by status up to the value and white above it (a top border).
 * Mail readers keep cells' sizes, borders and colours, where they drop
 * SVG and often images; each bar's title has the period and the value.
 */
static void
mail_trend(struct smk_buf *b, const struct doc *d, size_t k,
    const struct series *s, char period[][32])
{
	double lo, hi;
	size_t i;
	int h;

	series_range(s, &lo, &hi);
	smk_buf_adds(b, "<tr style=\"" M_TR "\"><td style=\"" M_TD "\">");
	put(d, k, s->name);
	smk_buf_adds(b, "</td><td style=\"" M_TD "\"><table style=\"border-"
	    "collapse:separate;border-spacing:2px 0\"><tr>");
	for (i = 0; i < NPER; i++) {
		h = s->has_v[i] ? (int)lround((s->v[i] - lo) / (hi - lo) * 27) +
		    2 : 0;
		smk_buf_printf(b, "<td style=\"width:10px;height:%dpx;"
		    "border-top:%dpx solid #fff;background-color:%s\" "
		    "title=\"", h, 30 - h, !s->has_v[i] ? "#fff" :
		    s->status[i] != NULL ? status_colour(s->status[i]) :
		    "#2f6feb");
		put(d, k, period[i]);
		smk_buf_adds(b, ": ");
		put(d, k, s->has_v[i] ? s->cell[i] : "none");
		smk_buf_adds(b, "\"></td>");
	}
	smk_buf_adds(b, "</tr></table></td><td style=\"" M_TD M_NUM "\">");
	put(d, k, s->latest);
	smk_buf_adds(b, "</td><td style=\"" M_TD M_NUM "\">");
	put(d, k, s->target);
	smk_buf_adds(b, "</td></tr>\n");
}

#define LEGEND "green on track, amber at risk, red off track, grey " \
	"immature, blue without a target."

/* The trends: a chart per KPI in the HTML forms, and but for the mail
 * (its text part has them) a table of every value. */
static void
d_trends(struct doc *d, const struct series *s, size_t n,
    char period[][32])
{
	const char *names[NPER + 2], *cells[NPER + 2];
	int kinds[NPER + 2];
	size_t i, j, k;

	names[0] = "KPI";
	kinds[0] = CK_TEXT;
	for (j = 0; j < NPER; j++) {
		names[j + 1] = period[j];
		kinds[j + 1] = CK_NUM;
	}
	names[NPER + 1] = "target";
	kinds[NPER + 1] = CK_NUM;
	EACH(d, k) {
		struct smk_buf *b = d->b[k];

		if (d->sink[k] == SK_HTML)
			smk_buf_adds(b, "<p class=\"aside\">The target each "
			    "period was held to is dashed; a period's colour is "
			    "its status: " LEGEND "</p>\n");
		else if (d->sink[k] == SK_MAIL)
			smk_buf_adds(b, "<p style=\"" M_ASIDE "\">A period's "
			    "colour is its status: " LEGEND "</p>\n");
		if (d->sink[k] == SK_MAIL) {
			smk_buf_adds(b, "<table style=\"" M_TABLE "\">\n"
			    "<thead><tr><th style=\"" M_TH "\">KPI</th>"
			    "<th style=\"" M_TH "\">");
			put(d, k, period[0]);
			smk_buf_adds(b, " to ");
			put(d, k, period[NPER - 1]);
			smk_buf_adds(b, "</th><th style=\"" M_TH M_NUM "\">"
			    "latest</th><th style=\"" M_TH M_NUM "\">target"
			    "</th></tr></thead>\n<tbody>\n");
			for (i = 0; i < n; i++)
				mail_trend(b, d, k, &s[i], period);
			smk_buf_adds(b, "</tbody>\n</table>\n");
			continue;
		}
		if (d->sink[k] == SK_HTML) {
			smk_buf_adds(b, "<div class=\"charts\">\n");
			for (i = 0; i < n; i++)
				svg_trend(b, d, k, &s[i]);
			smk_buf_adds(b, "</div>\n");
		}
		t_head(d, k, NPER + 2, names, kinds);
		for (i = 0; i < n; i++) {
			cells[0] = s[i].name;
			for (j = 0; j < NPER; j++)
				cells[j + 1] = s[i].has_v[j] ? s[i].cell[j] :
				    NULL;
			cells[NPER + 1] = s[i].target[0] != '\0' ?
			    s[i].target : NULL;
			t_row(d, k, cells);
		}
		t_end(d, k);
	}
}

/* ============================================================ numbers */

/* What one period's stage counts, closed deals and stuck leads add up
 * to. */
struct totals {
	struct smk_mx_flow flow;  /* the period's flow (metrics.c) */
	int64_t leads, mql, sal, sql, won, pipeline, revenue;
	long cohort, accepted, rejected, pending;   /* MQLs' first answers */
	int64_t won_deals, lost_deals, lost_amount;
	long stuck[3];          /* past the usual time in mql, sal, sql */
	double usual[3];        /* that time, seconds; < 0: not known */
};

struct loss {
	char *reason;
	int64_t deals, amount;
};

struct question {
	const char *team;
	char *text;
};

struct brief {
	struct smk_db *db;
	const struct smk_brief_opts *o;
	struct smk_err *err;
	struct doc d;
	char cur[4];
	struct smk_period per[NPER];  /* oldest first; the last is the brief's */
	char name[NPER][32];
	int nkpi;
	struct smk_kpi_row *kpi;      /* NPER times nkpi rows */
	struct smk_kpi_score score[NPER];
	/* the flows of per[] and of the two periods before per[0], which
	 * the scoreboard compares the oldest with: read together */
	struct smk_period fper[NPER + 2];
	struct smk_mx_flow flow[NPER + 2];
	size_t nflow;
	struct totals now, prev;
	int64_t end_now, end_prev;    /* when each period's state is read */
	struct smk_mx_stuck_q stuck[2];  /* the stuck leads now, before */
	struct smk_mx_usual_q usual[NUSUAL];  /* every usual time asked */
	size_t nusual;
	struct loss *loss;            /* lost deals now, by reason */
	size_t nloss, caploss;
	struct question *q;
	size_t nq, capq;
};

#define NOW (NPER - 1)
#define PREV (NPER - 2)

/* The usual time from rank a to rank b over the year before at: 1 with
 * *seconds, 0 when not known (load_usuals read it). */
static int
usual_of(const struct brief *b, int64_t at, int a, int z, double *seconds)
{
	const struct smk_mx_usual_q *u = smk_mx_usual_find(b->usual,
	    b->nusual, at, SMK_MX_FORECAST_WINDOW, a, z);

	if (u == NULL || !u->known)
		return 0;
	*seconds = u->seconds;
	return 1;
}

static struct smk_kpi_row *
kpi_at(const struct brief *b, int period, int k)
{
	return &b->kpi[period * b->nkpi + k];
}

/* The team as people say it. */
static const char *
team_name(const char *team)
{
	if (strcmp(team, "marketing") == 0)
		return "Marketing";
	if (strcmp(team, "sales") == 0)
		return "Sales";
	return "Sales and Marketing";
}

/* An open question for the meeting, for team. */
static void __attribute__((format(printf, 3, 4)))
ask(struct brief *b, const char *team, const char *fmt, ...)
{
	va_list ap;

	if (b->nq == b->capq) {
		b->capq = b->capq ? b->capq * 2 : 16;
		b->q = smk_xrealloc(b->q, b->capq * sizeof(*b->q));
	}
	va_start(ap, fmt);
	b->q[b->nq].text = vformat(fmt, ap);
	va_end(ap);
	b->q[b->nq++].team = team;
}

static void
money(const struct brief *b, int64_t cents, char buf[48])
{
	smk_money_format_table(cents, b->cur, buf);
}

static void
count(int64_t n, char buf[48])
{
	snprintf(buf, 48, "%lld", (long long)n);
}

/* A change, signed: "+3", "-1", "0". */
static void
delta_count(int64_t n, char buf[48])
{
	snprintf(buf, 48, n > 0 ? "+%lld" : "%lld", (long long)n);
}

static void
delta_money(const struct brief *b, int64_t cents, char buf[48])
{
	char m[40];

	smk_money_format_table(cents, b->cur, m);
	snprintf(buf, 48, "%s%s", cents > 0 ? "+" : "", m);
}

/* num / den with three decimals, or NULL when den is 0. */
static const char *
rate(int64_t num, int64_t den, char buf[48])
{
	double r;

	if (smk_mx_ratio(num, den, &r) < 0)
		return NULL;
	snprintf(buf, 48, "%.3f", r);
	return buf;
}

/* "2026-11-23" of a local time. */
static void
day(int64_t t, char buf[32])
{
	smk_time_format_local(t, buf);
	buf[10] = '\0';
}

/* When a period's state is read: its end, or the as-of time if earlier. */
static int64_t
end_of(const struct brief *b, const struct smk_period *p)
{
	return p->to <= b->o->as_of ? p->to - 1 : b->o->as_of;
}

/* The brief's period and the NPER - 1 before it. */
static int
load_periods(struct brief *b)
{
	const char *why;
	int i;

	b->per[NOW] = b->o->period;
	for (i = NOW - 1; i >= 0; i--)
		if (smk_period_prev(&b->per[i + 1], &b->per[i], &why) < 0)
			return smk_err_set(b->err, SMK_EXIT_USAGE, NULL, 0, NULL,
			    "the trends need the %d periods before this one: "
			    "%s", NOW, why);
	for (i = 0; i < NPER; i++)
		if (smk_period_name(&b->per[i], b->name[i], &why) < 0)
			return smk_err_set(b->err, SMK_EXIT_USAGE, NULL, 0, NULL,
			    "%s", why);
	b->end_now = end_of(b, &b->per[NOW]);
	b->end_prev = end_of(b, &b->per[PREV]);
	return 0;
}

/* The flows of every period the brief and its scoreboard count, in one
 * go (metrics.c picks one pass or a query each); per[] first. */
static int
load_flows(struct brief *b)
{
	const char *why;
	size_t n = NPER;

	memcpy(b->fper, b->per, sizeof(b->per));
	/* none before the first period: kpi.c says so */
	if (smk_period_prev(&b->per[0], &b->fper[n], &why) == 0) {
		n++;
		if (smk_period_prev(&b->fper[n - 1], &b->fper[n], &why) == 0)
			n++;
	}
	b->nflow = n;
	return smk_mx_flows(b->db, n, b->fper, b->o->as_of, b->flow, b->err);
}

/*
 * Every usual time the brief asks for, in one pass over the moves
 * (metrics.c): at the as-of time for the cohort rates of the scoreboard
 * and the funnel, at the end of this period and of the one before for
 * the stuck leads.
 */
static int
load_usuals(struct brief *b)
{
	int64_t at[2] = { b->end_now, b->end_prev };
	size_t n;
	int i, j;

	/* the scoreboard's (kpi.c), then the funnel's sal to sql, then
	 * each stage to the next at the two ends (load_stuck) */
	n = smk_kpi_usual_add(b->usual, 0, b->o->as_of);
	n = smk_mx_usual_add(b->usual, n, b->o->as_of, SMK_MX_FORECAST_WINDOW,
	    2, 3);
	for (j = 0; j < 2; j++)
		for (i = 0; i < 3; i++)
			n = smk_mx_usual_add(b->usual, n, at[j],
			    SMK_MX_FORECAST_WINDOW, i + 1, i + 2);
	b->nusual = n;
	return smk_mx_usuals(b->db, n, b->usual, b->err);
}

/* Every KPI of every period of the trends (kpi.c). */
static int
load_kpis(struct brief *b)
{
	struct smk_kpi_opts ko;

	b->nkpi = smk_kpi_count();
	b->kpi = smk_xcalloc((size_t)(NPER * b->nkpi), sizeof(*b->kpi));
	memset(&ko, 0, sizeof(ko));
	ko.as_of = b->o->as_of;
	ko.money_display = 1;
	ko.usual = b->usual;
	ko.nusual = b->nusual;
	/* every period's flow, as load_flows read them */
	ko.flow_period = b->fper;
	ko.flow = b->flow;
	ko.nflow = b->nflow;
	/* the periods overlap with those before them: each read once */
	return smk_kpi_compute_periods(b->db, &ko, NPER, b->per, b->kpi,
	    b->score, b->err);
}

/*
 * The leads past the usual time in mql, sal and sql at the end of the
 * period and of the one before: in a stage longer than the median time
 * to the next stage (to won from sql) over the year's moves before
 * then, the time joint-kpi calls a cohort immature by.  A stage without
 * such history has none stuck.  The oldest LIST_MAX now are listed.
 */
static int
load_stuck(struct brief *b)
{
	struct totals *t[2] = { &b->now, &b->prev };
	int64_t at[2] = { b->end_now, b->end_prev };
	double u;
	int i, j;

	for (j = 0; j < 2; j++) {
		b->stuck[j].at = at[j];
		b->stuck[j].keep = j == 0 ? LIST_MAX : 0;
		for (i = 0; i < 3; i++) {
			t[j]->usual[i] = -1;
			b->stuck[j].has[i] = usual_of(b, at[j], i + 1, i + 2,
			    &u);
			if (!b->stuck[j].has[i])
				continue;
			t[j]->usual[i] = u;
			b->stuck[j].cutoff[i] = at[j] - (int64_t)u - 1;
		}
	}
	if (smk_mx_stuck_scan(b->db, 2, b->stuck, b->err) < 0)
		return -1;
	for (j = 0; j < 2; j++)
		for (i = 0; i < 3; i++)
			t[j]->stuck[i] = b->stuck[j].n[i];
	return 0;
}

/*
 * The deals lost in the period by reason (metrics.c's losses, as the
 * funnel counts them), into t and, with keep, b->loss: the commonest
 * first, then the larger amount, then the reason.
 */
static int
load_losses(struct brief *b, const struct smk_period *p, struct totals *t,
    int keep)
{
	struct smk_mx_losses ml;
	struct loss it;
	size_t i, j, k;

	if (smk_mx_losses(b->db, p, b->o->as_of, &ml, b->err) < 0)
		return -1;
	for (i = 0; i < SMK_MX_NREASONS; i++) {
		if (ml.lost.n[i] == 0)
			continue;
		t->lost_amount += ml.lost.value[i];
		if (!keep)
			continue;
		if (b->nloss == b->caploss) {
			b->caploss = b->caploss ? b->caploss * 2 : 8;
			b->loss = smk_xrealloc(b->loss, b->caploss *
			    sizeof(*b->loss));
		}
		b->loss[b->nloss].reason = i < SMK_MX_NREASONS - 1 ?
		    smk_xstrdup(smk_reason_codes[i]) : NULL;
		b->loss[b->nloss].deals = ml.lost.n[i];
		b->loss[b->nloss++].amount = ml.lost.value[i];
	}
	for (j = 1; j < b->nloss; j++) {
		it = b->loss[j];
		for (k = j; k > 0 && (b->loss[k - 1].deals < it.deals ||
		    (b->loss[k - 1].deals == it.deals &&
		    b->loss[k - 1].amount < it.amount)); k--)
			b->loss[k] = b->loss[k - 1];
		b->loss[k] = it;
	}
	return 0;
}

/* Period i's totals (keep: also the lists the sections show). */
static int
load_totals(struct brief *b, int i_per, struct totals *t, int keep)
{
	const struct smk_period *p = &b->per[i_per];
	struct smk_mx_set set = { 0 };
	size_t i;
	int r = -1;

	memset(t, 0, sizeof(*t));
	t->flow = b->flow[i_per];
	if (smk_mx_acceptance(b->db, p, b->o->as_of, 0, &set, b->err) < 0)
		goto done;
	t->leads = t->flow.leads;
	t->mql = t->flow.reached[1];
	t->sal = t->flow.reached[2];
	t->sql = t->flow.reached[3];
	t->won = t->flow.reached[4];
	t->pipeline = t->flow.pipeline;
	t->revenue = t->flow.revenue;
	/* the MQLs' first answers, every campaign's together */
	for (i = 0; i < set.n; i++) {
		const struct smk_mx_campaign *c = &set.c[i];

		t->cohort += c->cohort;
		t->accepted += c->accepted;
		t->rejected += c->rejected;
		t->pending += c->pending;
	}
	if (smk_mx_closed(b->db, p, b->o->as_of, &t->won_deals,
	    &t->lost_deals, b->err) < 0 ||
	    load_losses(b, p, t, keep) < 0)
		goto done;
	r = 0;
done:
	smk_mx_free(&set);
	return r;
}

/* A listing's columns and rows, kept as text. */
struct grid {
	size_t ncols, nrows, cap;
	char **names;
	char **cells;           /* row-major; NULL: empty */
};

static void
grid_begin(void *ctx, size_t ncols, const char *const *names,
    const int *types)
{
	struct grid *g = ctx;
	size_t i;

	(void)types;
	g->ncols = ncols;
	g->names = smk_xcalloc(ncols, sizeof(*g->names));
	for (i = 0; i < ncols; i++)
		g->names[i] = smk_xstrdup(names[i]);
}

static void
grid_row(void *ctx, const char *const *cells)
{
	struct grid *g = ctx;
	size_t i;

	if ((g->nrows + 1) * g->ncols > g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64 * (g->ncols ? g->ncols : 1);
		g->cells = smk_xrealloc(g->cells, g->cap * sizeof(*g->cells));
	}
	for (i = 0; i < g->ncols; i++)
		g->cells[g->nrows * g->ncols + i] = cells[i] != NULL ?
		    smk_xstrdup(cells[i]) : NULL;
	g->nrows++;
}

static void
grid_free(struct grid *g)
{
	size_t i;

	for (i = 0; i < g->ncols; i++)
		free(g->names[i]);
	for (i = 0; i < g->nrows * g->ncols; i++)
		free(g->cells[i]);
	free(g->names);
	free(g->cells);
	memset(g, 0, sizeof(*g));
}

/* Cell (row, column named col), or NULL. */
static const char *
cell(const struct grid *g, size_t row, const char *col)
{
	size_t i;

	for (i = 0; i < g->ncols; i++)
		if (strcmp(g->names[i], col) == 0)
			return g->cells[row * g->ncols + i];
	return NULL;
}

static const char *
or_none(const char *s, const char *none)
{
	return s != NULL && *s != '\0' ? s : none;
}

/* ============================================================ sections */

static void
sec_header(struct brief *b)
{
	char from[32], to[32], at[32];

	day(b->per[NOW].from, from);
	day(b->per[NOW].to - 1, to);
	smk_time_format_local(b->o->as_of, at);
	d_para(&b->d, "Sales and Marketing, %s (%s to %s), against %s; the "
	    "numbers as the events stood at %s.", b->name[NOW], from, to,
	    b->name[PREV], at);
	d_aside(&b->d, "Every number comes from the smk database, as "
	    "joint-kpi, campaign-report and handoff show it; the open "
	    "questions at the end follow from the sections before them.");
}

/* Each KPI: actual, target, status, previous period (kpi.c); the KPIs
 * off track or at risk are questions for their team. */
static void
sec_scoreboard(struct brief *b)
{
	static const char *const names[] = { "KPI", "team", "actual",
	    "target", "status", "previous", "change" };
	static const int kinds[] = { CK_TEXT, CK_TEXT, CK_NUM, CK_NUM,
	    CK_STATUS, CK_NUM, CK_NUM };
	const struct smk_kpi_score *sc = &b->score[NOW];
	char act[48], tgt[48], prev[48], chg[48], pace[48];
	const char *cells[7];
	int k;

	d_section(&b->d, "scoreboard", "Scoreboard");
	d_table(&b->d, 7, names, kinds);
	for (k = 0; k < b->nkpi; k++) {
		const struct smk_kpi_row *r = kpi_at(b, NOW, k);
		const char *st = r->immature && !r->has_target ? "immature" :
		    smk_kpi_status_name(r->status);

		smk_kpi_format(k, r->actual, 1, b->cur, act, sizeof(act));
		smk_kpi_format(k, r->target, 1, b->cur, tgt, sizeof(tgt));
		smk_kpi_format(k, r->prev, 1, b->cur, prev, sizeof(prev));
		/* a change is signed */
		chg[0] = '+';
		smk_kpi_format(k, r->actual - r->prev, 1, b->cur, chg +
		    (r->actual > r->prev), sizeof(chg) - 1);
		cells[0] = r->name;
		cells[1] = r->team;
		cells[2] = r->has_actual ? act : NULL;
		cells[3] = r->has_target ? tgt : NULL;
		cells[4] = st;
		cells[5] = r->has_prev ? prev : NULL;
		cells[6] = r->has_actual && r->has_prev ? chg : NULL;
		d_row(&b->d, cells);
		if (!r->has_attainment || (r->status != SMK_KS_OFF_TRACK &&
		    r->status != SMK_KS_AT_RISK))
			continue;
		smk_kpi_format(k, r->pace, 1, b->cur, pace, sizeof(pace));
		if (r->pace != r->target)
			ask(b, team_name(r->team), "%s is %s: %s against %s by "
			    "now (%s for the whole period). What will change "
			    "it?", r->name, st, act, pace, tgt);
		else
			ask(b, team_name(r->team), "%s is %s: %s against a "
			    "target of %s. What will change it?", r->name, st,
			    act, tgt);
	}
	d_table_end(&b->d);
	if (sc->known)
		d_para(&b->d, "Joint attainment score: %.3f (%s), over the KPIs "
		    "with a target.", sc->value, smk_kpi_status_name(sc->status));
	else
		d_para(&b->d, "No KPI has a target for %s: joint-kpi target "
		    "sets them.", b->name[NOW]);
	d_section_end(&b->d);
}

/* This period against the previous one: new pipeline, moves forward,
 * won, lost, and the leads stuck past the usual time in their stage. */
static void
sec_changes(struct brief *b)
{
	static const char *const snames[] = { "lead", "stage", "owner",
	    "since", "days in stage", "usual days", "amount" };
	static const int skinds[] = { CK_TEXT, CK_TEXT, CK_TEXT, CK_TEXT,
	    CK_NUM, CK_NUM, CK_NUM };
	static const char *const stages[3] = { "mql", "sal", "sql" };
	const struct totals *n = &b->now, *p = &b->prev;
	const char *names[4], *cells[7];
	int kinds[4] = { CK_TEXT, CK_NUM, CK_NUM, CK_NUM };
	char c1[48], c2[48], c3[48], c4[48], c5[48], at[32];
	long stuck_now = n->stuck[0] + n->stuck[1] + n->stuck[2];
	long stuck_prev = p->stuck[0] + p->stuck[1] + p->stuck[2];
	size_t i;
	int s;

	d_section(&b->d, "changes", "What changed");
	names[0] = "measure";
	names[1] = b->name[PREV];
	names[2] = b->name[NOW];
	names[3] = "change";
#define ROW_COUNT(label, a, z) do { count(a, c1); count(z, c2); \
	delta_count((z) - (a), c3); cells[0] = label; cells[1] = c1; \
	cells[2] = c2; cells[3] = c3; d_row(&b->d, cells); } while (0)
#define ROW_MONEY(label, a, z) do { money(b, a, c1); money(b, z, c2); \
	delta_money(b, (z) - (a), c3); cells[0] = label; cells[1] = c1; \
	cells[2] = c2; cells[3] = c3; d_row(&b->d, cells); } while (0)
	d_table(&b->d, 4, names, kinds);
	ROW_COUNT("MQLs", p->mql, n->mql);
	ROW_COUNT("accepted by Sales (reached sal)", p->sal, n->sal);
	ROW_COUNT("new opportunities (reached sql)", p->sql, n->sql);
	ROW_MONEY("new pipeline", p->pipeline, n->pipeline);
	ROW_COUNT("deals won", p->won_deals, n->won_deals);
	ROW_MONEY("revenue won", p->revenue, n->revenue);
	ROW_COUNT("deals lost", p->lost_deals, n->lost_deals);
	ROW_MONEY("pipeline lost", p->lost_amount, n->lost_amount);
	ROW_COUNT("stuck past the usual time in their stage", stuck_prev,
	    stuck_now);
#undef ROW_COUNT
#undef ROW_MONEY
	d_table_end(&b->d);
	d_aside(&b->d, "Counts and amounts of the moves dated in each period; "
	    "stuck: the leads in mql, sal or sql at the end of the period "
	    "(or now) for longer than the median time to the next stage "
	    "over the last 365 days.");
	/* a period that is over can be held against the one before */
	if (b->per[NOW].to <= b->o->as_of) {
		if (p->mql > 0 && n->mql * 5 < p->mql * 4)
			ask(b, "Marketing", "MQLs fell from %lld in %s to %lld: "
			    "which source dried up?", (long long)p->mql,
			    b->name[PREV], (long long)n->mql);
		if (p->pipeline > 0 && n->pipeline * 5 < p->pipeline * 4) {
			money(b, p->pipeline, c1);
			money(b, n->pipeline, c2);
			ask(b, "Sales and Marketing", "New pipeline fell from "
			    "%s to %s: fewer opportunities, or smaller ones?",
			    c1, c2);
		}
	}
	if (stuck_now == 0) {
		d_section_end(&b->d);
		return;
	}
	smk_time_format_local(b->end_now, at);
	d_para(&b->d, "%ld %s past the usual time in their stage at %s, the "
	    "oldest first:", stuck_now, stuck_now == 1 ? "lead is" :
	    "leads are", at);
	d_table(&b->d, 7, snames, skinds);
	for (i = 0; i < b->stuck[0].nlist && i < LIST_MAX; i++) {
		const struct smk_mx_stuck *it = &b->stuck[0].list[i];
		double usual = n->usual[it->stage == SMK_ST_MQL ? 0 :
		    it->stage == SMK_ST_SAL ? 1 : 2];

		smk_time_format_local(it->since, c1);
		snprintf(c2, sizeof(c2), "%.1f", (double)(b->end_now -
		    it->since) / 86400.0);
		snprintf(c3, sizeof(c3), "%.1f", usual / 86400.0);
		if (it->amount >= 0)
			money(b, it->amount, c4);
		cells[0] = it->key;
		cells[1] = smk_stage_name(it->stage);
		cells[2] = it->owner;
		cells[3] = c1;
		cells[4] = c2;
		cells[5] = c3;
		cells[6] = it->amount >= 0 ? c4 : NULL;
		d_row(&b->d, cells);
	}
	d_table_end(&b->d);
	if (stuck_now > LIST_MAX)
		d_aside(&b->d, "And %ld more.", stuck_now - LIST_MAX);
	for (s = 0; s < 3; s++) {
		if (n->stuck[s] == 0)
			continue;
		snprintf(c5, sizeof(c5), "%.1f", n->usual[s] / 86400.0);
		ask(b, "Sales", "%ld %s in %s longer than the usual %s days: "
		    "move %s on, or recycle %s?", n->stuck[s], n->stuck[s] == 1 ?
		    "lead has been" : "leads have been", stages[s], c5,
		    n->stuck[s] == 1 ? "it" : "them", n->stuck[s] == 1 ? "it" :
		    "them");
	}
	d_section_end(&b->d);
}

/* The funnel of the period: stage counts, cohort conversions (metrics.c)
 * and where leads leak, with the team that owns each leak. */
static int
sec_funnel(struct brief *b)
{
	static const int fkinds[] = { CK_TEXT, CK_NUM, CK_NUM };
	static const char *const cnames[] = { "step", "cohort", "went on",
	    "rate", "" };
	static const int ckinds[] = { CK_TEXT, CK_NUM, CK_NUM, CK_NUM,
	    CK_TEXT };
	static const char *const lnames[] = { "where leads leak", "leads",
	    "team" };
	static const int lkinds[] = { CK_TEXT, CK_NUM, CK_TEXT };
	static const struct { const char *name; int from, to; } steps[] = {
		{ "mql to sal (accepted)", 1, 2 },
		{ "sal to sql (qualified)", 2, 3 },
		{ "sql to won", 3, 4 },
		{ "mql to sql", 1, 3 },
	};
	static const char *const labels[] = { "new leads", "mql", "sal",
	    "sql", "won" };
	const struct totals *n = &b->now, *p = &b->prev;
	int64_t now_v[5] = { n->leads, n->mql, n->sal, n->sql, n->won };
	int64_t prev_v[5] = { p->leads, p->mql, p->sal, p->sql, p->won };
	int64_t coh[4], reached[4];
	int64_t end = b->per[NOW].to < b->o->as_of ? b->per[NOW].to :
	    b->o->as_of;
	double usual;
	const char *names[3], *cells[5];
	char c1[48], c2[48], c3[48];
	size_t i;

	d_section(&b->d, "funnel", "Funnel and leaks");
	d_para(&b->d, "Leads reaching each stage in %s, against %s:",
	    b->name[NOW], b->name[PREV]);
	names[0] = "stage";
	names[1] = b->name[PREV];
	names[2] = b->name[NOW];
	d_table(&b->d, 3, names, fkinds);
	for (i = 0; i < 5; i++) {
		count(prev_v[i], c1);
		count(now_v[i], c2);
		cells[0] = labels[i];
		cells[1] = c1;
		cells[2] = c2;
		d_row(&b->d, cells);
	}
	d_table_end(&b->d);
	d_funnel(&b->d, 5, labels, now_v);
	d_para(&b->d, "Of the leads that reached a stage in %s, those that "
	    "went on by the as-of time:", b->name[NOW]);
	d_table(&b->d, 5, cnames, ckinds);
	/* as joint-kpi: not final while younger than the usual time
	 * between the two stages (load_usuals) */
	for (i = 0; i < 4; i++) {
		coh[i] = n->flow.cohort[steps[i].from];
		reached[i] = n->flow.went_on[steps[i].from][steps[i].to];
		count(coh[i], c1);
		count(reached[i], c2);
		cells[0] = steps[i].name;
		cells[1] = c1;
		cells[2] = c2;
		cells[3] = rate(reached[i], coh[i], c3);
		cells[4] = usual_of(b, b->o->as_of, steps[i].from,
		    steps[i].to, &usual) && (double)(b->o->as_of - end) <
		    usual ? "immature" : NULL;
		d_row(&b->d, cells);
	}
	d_table_end(&b->d);
	d_table(&b->d, 3, lnames, lkinds);
#define LEAK(label, v, team) do { count(v, c1); cells[0] = label; \
	cells[1] = c1; cells[2] = team; d_row(&b->d, cells); } while (0)
	LEAK("MQLs turned down by Sales", (int64_t)n->rejected, "marketing");
	LEAK("MQLs without an answer from Sales", (int64_t)n->pending,
	    "sales");
	LEAK("accepted, not (yet) qualified", coh[1] - reached[1], "sales");
	LEAK("opportunities not (yet) won", coh[2] - reached[2], "sales");
	LEAK("deals lost in the period", n->lost_deals, "sales");
#undef LEAK
	d_table_end(&b->d);
	d_aside(&b->d, "MQLs turned down and unanswered: Sales' first answer "
	    "to the MQLs of the period; rejections are Marketing's to act "
	    "on (their reasons below), answers are Sales'.");
	d_section_end(&b->d);
	return 0;
}

/* The series of KPI k (k < 0: the joint attainment score). */
static void
series_of(const struct brief *b, int k, struct series *s)
{
	const struct smk_kpi_row *r;
	int i;

	memset(s, 0, sizeof(*s));
	s->unit = 1;
	if (k < 0) {
		s->name = "joint_attainment";
		s->team = "both";
		for (i = 0; i < NPER; i++) {
			s->has_v[i] = s->has_t[i] = b->score[i].known;
			s->v[i] = b->score[i].value;
			s->t[i] = 1;
			s->status[i] = b->score[i].known ?
			    smk_kpi_status_name(b->score[i].status) : NULL;
			snprintf(s->cell[i], sizeof(s->cell[i]), "%.3f",
			    s->v[i]);
		}
		if (s->has_v[NOW])
			snprintf(s->latest, sizeof(s->latest), "%s",
			    s->cell[NOW]);
		snprintf(s->target, sizeof(s->target), "1.000");
		return;
	}
	s->name = kpi_at(b, NOW, k)->name;
	s->team = kpi_at(b, NOW, k)->team;
	if (kpi_at(b, NOW, k)->money)
		s->unit = 0.01;
	for (i = 0; i < NPER; i++) {
		r = kpi_at(b, i, k);
		s->has_v[i] = r->has_actual;
		s->v[i] = r->actual;
		s->has_t[i] = r->has_target;
		s->t[i] = r->pace;
		s->status[i] = r->has_attainment ?
		    smk_kpi_status_name(r->status) : NULL;
		smk_kpi_format(k, r->actual, 1, b->cur, s->cell[i],
		    sizeof(s->cell[i]));
	}
	r = kpi_at(b, NOW, k);
	if (r->has_actual)
		snprintf(s->latest, sizeof(s->latest), "%s", s->cell[NOW]);
	if (r->has_target)
		smk_kpi_format(k, r->target, 1, b->cur, s->target,
		    sizeof(s->target));
}

/* Each KPI over the last NPER periods against its target (kpi.c). */
static void
sec_trends(struct brief *b)
{
	struct series *s = smk_xcalloc((size_t)b->nkpi + 1, sizeof(*s));
	size_t n = 0;
	int k, j;

	d_section(&b->d, "trends", "Trends");
	d_para(&b->d, "Each KPI over the last %d periods, %s to %s, and the "
	    "target of %s.", NPER, b->name[0], b->name[NOW], b->name[NOW]);
	/* the KPIs with a value in any period, then the joint score */
	for (k = 0; k < b->nkpi; k++) {
		series_of(b, k, &s[n]);
		for (j = 0; j < NPER && !s[n].has_v[j]; j++)
			;
		if (j < NPER)
			n++;
	}
	series_of(b, -1, &s[n++]);
	d_trends(&b->d, s, n, b->name);
	free(s);
	d_section_end(&b->d);
}

/*
 * The SLA breaches as sec_sla shows them: the first LIST_MAX rows kept,
 * every row counted, by state and by owner (in the order the owners
 * first appear).  On a million leads the breaches are tens of thousands,
 * mostly MQLs still waiting: kept whole they were most of the brief's
 * memory.
 */
struct sla_tally {
	struct grid g;          /* the first LIST_MAX rows */
	size_t n, open;
	size_t iowner, istate;  /* their columns */
	char **owner;           /* "(no owner)" for none */
	size_t *per, nowner, capowner;
};

static size_t
column_of(const struct grid *g, const char *col)
{
	size_t i;

	for (i = 0; i < g->ncols && strcmp(g->names[i], col) != 0; i++)
		;
	return i;
}

static void
tally_begin(void *ctx, size_t ncols, const char *const *names,
    const int *types)
{
	struct sla_tally *t = ctx;

	grid_begin(&t->g, ncols, names, types);
	t->iowner = column_of(&t->g, "owner");
	t->istate = column_of(&t->g, "state");
}

static void
tally_row(void *ctx, const char *const *cells)
{
	struct sla_tally *t = ctx;
	const char *owner = or_none(t->iowner < t->g.ncols ?
	    cells[t->iowner] : NULL, "(no owner)");
	size_t j;

	t->n++;
	if (t->istate < t->g.ncols && strcmp(or_none(cells[t->istate], ""),
	    "open") == 0)
		t->open++;
	for (j = 0; j < t->nowner && strcmp(t->owner[j], owner) != 0; j++)
		;
	if (j == t->nowner) {
		if (t->nowner == t->capowner) {
			t->capowner = t->capowner ? t->capowner * 2 : 8;
			t->owner = smk_xrealloc(t->owner, t->capowner *
			    sizeof(*t->owner));
			t->per = smk_xrealloc(t->per, t->capowner *
			    sizeof(*t->per));
		}
		t->owner[j] = smk_xstrdup(owner);
		t->per[j] = 0;
		t->nowner++;
	}
	t->per[j]++;
	if (t->g.nrows < LIST_MAX)
		grid_row(&t->g, cells);
}

static void
tally_free(struct sla_tally *t)
{
	size_t j;

	for (j = 0; j < t->nowner; j++)
		free(t->owner[j]);
	free(t->owner);
	free(t->per);
	grid_free(&t->g);
}

/* MQLs past the SLA: open ones of any age, late answers of the period
 * (handoff sla). */
static int
sec_sla(struct brief *b)
{
	static const char *const names[] = { "lead", "owner", "campaign",
	    "mql at", "due at", "hours late", "state" };
	static const char *const cols[] = { "key", "owner", "campaign",
	    "mql_at", "due_at", "hours_late", "state" };
	static const int kinds[] = { CK_TEXT, CK_TEXT, CK_TEXT, CK_TEXT,
	    CK_TEXT, CK_NUM, CK_TEXT };
	struct smk_list_opts lo;
	struct sla_tally t;
	struct smk_listing l = { tally_begin, tally_row, &t };
	struct smk_buf owners = { 0 };
	const char *cells[7];
	size_t i, j, best = 0;
	int r = -1;

	memset(&t, 0, sizeof(t));
	memset(&lo, 0, sizeof(lo));
	lo.period = b->per[NOW];
	lo.as_of = b->o->as_of;
	lo.as_of_given = b->o->as_of_given;
	d_section(&b->d, "sla", "SLA breaches");
	if (smk_list_sla(b->db, &lo, &l, b->err) < 0)
		goto done;
	if (t.n == 0) {
		d_para(&b->d, "No MQL waited past the SLA: none is open past "
		    "its deadline, none of %s was answered late.", b->name[NOW]);
		r = 0;
		goto done;
	}
	/* per owner, in the order they first appear */
	for (j = 0; j < t.nowner; j++) {
		smk_buf_printf(&owners, "%s%s %zu", owners.len ? ", " : "",
		    t.owner[j], t.per[j]);
		if (t.per[j] > t.per[best])
			best = j;
	}
	d_para(&b->d, "%zu %s past the SLA: %zu still waiting for an answer, "
	    "%zu of %s answered late. By owner: %s.", t.n,
	    t.n == 1 ? "MQL" : "MQLs", t.open, t.n - t.open, b->name[NOW],
	    owners.s);
	ask(b, "Sales", "%zu %s waited past the SLA, most of them %s's (%zu): "
	    "what keeps Sales from answering in time?", t.n,
	    t.n == 1 ? "MQL" : "MQLs", t.owner[best], t.per[best]);
	d_table(&b->d, 7, names, kinds);
	for (i = 0; i < t.g.nrows; i++) {
		for (j = 0; j < 7; j++)
			cells[j] = cell(&t.g, i, cols[j]);
		d_row(&b->d, cells);
	}
	d_table_end(&b->d);
	if (t.n > LIST_MAX)
		d_aside(&b->d, "And %zu more: handoff sla --period %s.",
		    t.n - LIST_MAX, b->name[NOW]);
	r = 0;
done:
	smk_buf_free(&owners);
	tally_free(&t);
	d_section_end(&b->d);
	return r;
}

/* A rejection reason summed over campaigns. */
struct reason {
	const char *reason, *top;
	long total, recycled, disqualified, top_n;
};

/* Why Sales turned MQLs down (handoff feedback --reasons) and why deals
 * were lost (metrics.c). */
static int
sec_reasons(struct brief *b)
{
	static const char *const rnames[] = { "reason", "turned down",
	    "recycled", "disqualified", "most from" };
	static const int rkinds[] = { CK_TEXT, CK_NUM, CK_NUM, CK_NUM,
	    CK_TEXT };
	static const char *const lnames[] = { "reason", "deals lost",
	    "pipeline lost" };
	static const int lkinds[] = { CK_TEXT, CK_NUM, CK_NUM };
	struct smk_list_opts lo;
	struct grid g = { 0 };
	struct smk_listing l = { grid_begin, grid_row, &g };
	struct reason *rs = NULL, t;
	const char *cells[5], *reason, *camp;
	char c1[48], c2[48], c3[48], c4[48];
	size_t nr = 0, i, j;
	long cnt;
	int r = -1;

	memset(&lo, 0, sizeof(lo));
	lo.period = b->per[NOW];
	lo.as_of = b->o->as_of;
	lo.view = SMK_FB_REASONS;
	d_section(&b->d, "reasons", "Rejection and loss reasons");
	if (smk_list_feedback(b->db, &lo, &l, b->err) < 0)
		goto done;
	rs = smk_xcalloc(g.nrows + 1, sizeof(*rs));
	/* rows come by campaign, the commonest reason first */
	for (i = 0; i < g.nrows; i++) {
		reason = or_none(cell(&g, i, "reason"), "(none given)");
		camp = or_none(cell(&g, i, "campaign"), "(none)");
		cnt = strtol(or_none(cell(&g, i, "count"), "0"), NULL, 10);
		for (j = 0; j < nr && strcmp(rs[j].reason, reason) != 0; j++)
			;
		if (j == nr)
			rs[nr++].reason = reason;
		rs[j].total += cnt;
		if (strcmp(or_none(cell(&g, i, "outcome"), ""),
		    "disqualified") == 0)
			rs[j].disqualified += cnt;
		else
			rs[j].recycled += cnt;
		/* a campaign's rows of one reason: one per outcome */
		if (rs[j].top != NULL && strcmp(rs[j].top, camp) == 0)
			rs[j].top_n += cnt;
		else if (cnt > rs[j].top_n) {
			rs[j].top = camp;
			rs[j].top_n = cnt;
		}
	}
	/* the commonest first; ties by reason */
	for (i = 1; i < nr; i++) {
		t = rs[i];
		for (j = i; j > 0 && (rs[j - 1].total < t.total ||
		    (rs[j - 1].total == t.total && strcmp(rs[j - 1].reason,
		    t.reason) > 0)); j--)
			rs[j] = rs[j - 1];
		rs[j] = t;
	}
	if (nr == 0) {
		d_para(&b->d, "Sales turned no MQL down in %s.", b->name[NOW]);
	} else {
		d_para(&b->d, "Why Sales turned MQLs down in %s, the commonest "
		    "first (handoff feedback --reasons has them per campaign):",
		    b->name[NOW]);
		d_table(&b->d, 5, rnames, rkinds);
		for (i = 0; i < nr && i < TOP_REASONS; i++) {
			count(rs[i].total, c1);
			count(rs[i].recycled, c2);
			count(rs[i].disqualified, c3);
			cells[0] = rs[i].reason;
			cells[1] = c1;
			cells[2] = c2;
			cells[3] = c3;
			cells[4] = rs[i].top;
			d_row(&b->d, cells);
		}
		d_table_end(&b->d);
		ask(b, "Marketing", "Sales turned down %ld %s as %s, most from "
		    "%s: should the targeting or the scoring change there?",
		    rs[0].total, rs[0].total == 1 ? "MQL" : "MQLs", rs[0].reason,
		    rs[0].top);
	}
	if (b->nloss == 0) {
		d_para(&b->d, "No deal was lost in %s.", b->name[NOW]);
	} else {
		d_para(&b->d, "Why deals were lost in %s:", b->name[NOW]);
		d_table(&b->d, 3, lnames, lkinds);
		for (i = 0; i < b->nloss && i < TOP_REASONS; i++) {
			count(b->loss[i].deals, c1);
			money(b, b->loss[i].amount, c2);
			cells[0] = or_none(b->loss[i].reason, "(none given)");
			cells[1] = c1;
			cells[2] = c2;
			d_row(&b->d, cells);
		}
		d_table_end(&b->d);
		money(b, b->loss[0].amount, c4);
		ask(b, "Sales", "%lld %s (%s) lost to %s: what would have "
		    "changed the outcome?", (long long)b->loss[0].deals,
		    b->loss[0].deals == 1 ? "deal" : "deals", c4,
		    or_none(b->loss[0].reason, "no reason given"));
	}
	r = 0;
done:
	free(rs);
	grid_free(&g);
	d_section_end(&b->d);
	return r;
}

/* A campaign row of the report, as the ranking reads it. */
struct camp {
	size_t row;
	const char *key;
	double roi, sql, spend;
};

/* Ties: the campaign that spent more first (more is at stake), then by
 * key. */
static int
tie(const struct camp *a, const struct camp *c)
{
	if (a->spend != c->spend)
		return a->spend > c->spend ? -1 : 1;
	return strcmp(a->key, c->key);
}

/* Best first: the higher ROI, or more SQLs. */
static int
by_roi(const void *x, const void *y)
{
	const struct camp *a = x, *c = y;

	return a->roi != c->roi ? (a->roi > c->roi ? -1 : 1) : tie(a, c);
}

static int
by_sql(const void *x, const void *y)
{
	const struct camp *a = x, *c = y;

	return a->sql != c->sql ? (a->sql > c->sql ? -1 : 1) : tie(a, c);
}

/* Worst first: the lower ROI, or fewer SQLs. */
static int
by_roi_worst(const void *x, const void *y)
{
	const struct camp *a = x, *c = y;

	return a->roi != c->roi ? (a->roi < c->roi ? -1 : 1) : tie(a, c);
}

static int
by_sql_worst(const void *x, const void *y)
{
	const struct camp *a = x, *c = y;

	return a->sql != c->sql ? (a->sql < c->sql ? -1 : 1) : tie(a, c);
}

/* Money of the report (plain "1234.50") as the brief shows it. */
static const char *
report_money(const struct brief *b, const char *s, char buf[48])
{
	int64_t cents;
	const char *why;

	if (s == NULL || smk_money_parse(s, 1, &cents, &why) < 0)
		return s;
	money(b, cents, buf);
	return buf;
}

/* One campaign row of the results table. */
static void
campaign_row(struct brief *b, const struct grid *g, size_t row,
    const char *why)
{
	char m[3][48];
	const char *cells[8];

	cells[0] = why;
	cells[1] = cell(g, row, "campaign");
	cells[2] = cell(g, row, "name");
	cells[3] = report_money(b, cell(g, row, "spend"), m[0]);
	cells[4] = cell(g, row, "sql");
	cells[5] = report_money(b, cell(g, row, "pipeline"), m[1]);
	cells[6] = report_money(b, cell(g, row, "revenue"), m[2]);
	cells[7] = cell(g, row, "roi");
	d_row(&b->d, cells);
}

/* The best and worst campaigns by ROI and by SQLs (campaign-report,
 * linear attribution): of n campaigns, the best n/2 (at least one) and
 * the worst of the rest, three at most on each side. */
static int
sec_campaigns(struct brief *b)
{
	static const char *const names[] = { "listed for", "campaign",
	    "name", "spend", "sql", "pipeline", "revenue", "roi" };
	static const int kinds[] = { CK_TEXT, CK_TEXT, CK_TEXT, CK_NUM,
	    CK_NUM, CK_NUM, CK_NUM, CK_NUM };
	struct smk_report_opts ro;
	struct grid g = { 0 };
	struct smk_listing l = { grid_begin, grid_row, &g };
	struct camp *c = NULL, *roi = NULL;
	char m[3][48];
	const char *key, *v, *tot_roi = NULL;
	size_t n = 0, nroi = 0, i, best, best_sql, worst, total = 0;
	int r = -1;

	memset(&ro, 0, sizeof(ro));
	ro.period = b->per[NOW];
	ro.as_of = b->o->as_of;
	ro.model = smk_report_model("linear");
	ro.by = SMK_BY_CAMPAIGN;
	ro.sort = -1;
	d_section(&b->d, "campaigns", "Campaign results");
	if (smk_report_campaigns(b->db, &ro, &l, b->err) < 0)
		goto done;
	c = smk_xcalloc(g.nrows + 1, sizeof(*c));
	roi = smk_xcalloc(g.nrows + 1, sizeof(*roi));
	for (i = 0; i < g.nrows; i++) {
		key = cell(&g, i, "campaign");
		if (key != NULL && strcmp(key, "(total)") == 0)
			total = i + 1;
		/* campaigns only: not the leads without one, nor a
		 * channel's own spend */
		if (key == NULL || key[0] == '(')
			continue;
		c[n].row = i;
		c[n].key = key;
		c[n].sql = strtod(or_none(cell(&g, i, "sql"), "0"), NULL);
		c[n].spend = strtod(or_none(cell(&g, i, "spend"), "0"), NULL);
		if ((v = cell(&g, i, "roi")) != NULL && *v != '\0') {
			c[n].roi = strtod(v, NULL);
			roi[nroi++] = c[n];
		}
		n++;
	}
	if (n == 0) {
		d_para(&b->d, "No campaign was active in %s.", b->name[NOW]);
		r = 0;
		goto done;
	}
	if (total > 0) {
		tot_roi = cell(&g, total - 1, "roi");
		d_para(&b->d, "All campaigns of %s spent %s and brought %s of "
		    "revenue, ROI %s (campaign-report --period %s; revenue "
		    "credited by linear attribution).", b->name[NOW],
		    report_money(b, cell(&g, total - 1, "spend"), m[0]),
		    report_money(b, cell(&g, total - 1, "revenue"), m[1]),
		    or_none(tot_roi, "none (no spend)"), b->name[NOW]);
	}
	/* the best, then the worst of the others */
	d_table(&b->d, 8, names, kinds);
	qsort(roi, nroi, sizeof(*roi), by_roi);
	best = nroi == 1 ? 1 : nroi < 6 ? nroi / 2 : 3;
	qsort(roi + best, nroi - best, sizeof(*roi), by_roi_worst);
	worst = nroi - best < 3 ? nroi - best : 3;
	for (i = 0; i < best + worst; i++)
		campaign_row(b, &g, roi[i].row, i < best ? "best ROI" :
		    "worst ROI");
	qsort(c, n, sizeof(*c), by_sql);
	best_sql = n == 1 ? 1 : n < 6 ? n / 2 : 3;
	qsort(c + best_sql, n - best_sql, sizeof(*c), by_sql_worst);
	worst = n - best_sql < 3 ? n - best_sql : 3;
	for (i = 0; i < best_sql + worst; i++)
		campaign_row(b, &g, c[i].row, i < best_sql ? "most SQLs" :
		    "fewest SQLs");
	d_table_end(&b->d);
	if (nroi > best && roi[best].roi < 0) {
		i = roi[best].row;
		ask(b, "Marketing", "%s spent %s and brought %s of revenue (ROI "
		    "%s): keep, fix or stop it?", cell(&g, i, "campaign"),
		    report_money(b, cell(&g, i, "spend"), m[0]),
		    report_money(b, cell(&g, i, "revenue"), m[1]),
		    cell(&g, i, "roi"));
	}
	r = 0;
done:
	free(c);
	free(roi);
	grid_free(&g);
	d_section_end(&b->d);
	return r;
}

/* s cut to at most max bytes, at a character's start, with " ..." to
 * say so, into buf (max + 5 bytes). */
static const char *
clip(const char *s, size_t max, char *buf)
{
	size_t n = strlen(s);

	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, " ...", 5);
	return buf;
}

/* What Sales wrote for Marketing in the period (handoff feedback
 * --notes), each note at most NOTE_MAX bytes (handoff history has it
 * whole). */
static int
sec_notes(struct brief *b)
{
	struct smk_list_opts lo;
	struct grid g = { 0 };
	struct smk_listing l = { grid_begin, grid_row, &g };
	char note[NOTE_MAX + 5];
	size_t i;

	memset(&lo, 0, sizeof(lo));
	lo.period = b->per[NOW];
	lo.as_of = b->o->as_of;
	lo.view = SMK_FB_NOTES;
	d_section(&b->d, "notes", "Sales notes");
	if (smk_list_feedback(b->db, &lo, &l, b->err) < 0) {
		grid_free(&g);
		return -1;
	}
	if (g.nrows == 0) {
		d_para(&b->d, "Sales wrote no note in %s.", b->name[NOW]);
	} else {
		d_list(&b->d, 0);
		for (i = 0; i < g.nrows && i < NOTES_MAX; i++)
			d_item(&b->d, NULL, "%s, %s on %s (%s): %s",
			    or_none(cell(&g, i, "time"), ""),
			    or_none(cell(&g, i, "actor"), "unknown"),
			    or_none(cell(&g, i, "key"), ""),
			    or_none(cell(&g, i, "campaign"), "(none)"),
			    clip(or_none(cell(&g, i, "note"), ""), NOTE_MAX,
			    note));
		d_list_end(&b->d);
		if (g.nrows > NOTES_MAX)
			d_aside(&b->d, "And %zu more: handoff feedback --notes "
			    "--period %s.", g.nrows - NOTES_MAX, b->name[NOW]);
	}
	grid_free(&g);
	d_section_end(&b->d);
	return 0;
}

/* The questions the sections raised, each for the team that owns it. */
static void
sec_questions(struct brief *b)
{
	size_t i;

	d_section(&b->d, "questions", "Open questions");
	if (b->nq == 0) {
		d_para(&b->d, "The numbers raise no question this time: no KPI "
		    "off target or at risk, no SLA breach, no rejection, no "
		    "lost deal, no lead stuck.");
	} else {
		d_list(&b->d, 1);
		for (i = 0; i < b->nq; i++)
			d_item(&b->d, b->q[i].team, "%s", b->q[i].text);
		d_list_end(&b->d);
	}
	d_section_end(&b->d);
}

/* The whole document into d's sinks. */
static int
write_brief(struct brief *b)
{
	char title[96];

	snprintf(title, sizeof(title), "Joint meeting brief: %s",
	    b->name[NOW]);
	d_begin(&b->d, title);
	sec_header(b);
	sec_scoreboard(b);
	sec_changes(b);
	if (sec_funnel(b) < 0)
		return -1;
	sec_trends(b);
	if (sec_sla(b) < 0 || sec_reasons(b) < 0 || sec_campaigns(b) < 0 ||
	    sec_notes(b) < 0)
		return -1;
	sec_questions(b);
	d_end(&b->d);
	return 0;
}

/* ============================================================== mail */

/* A header field value a mail can carry as it is: printable ASCII. */
static int
header_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return 1;
}

static void
base64(struct smk_buf *b, const unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/";
	unsigned long v;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		smk_buf_addc(b, a[v >> 18 & 63]);
		smk_buf_addc(b, a[v >> 12 & 63]);
		smk_buf_addc(b, a[v >> 6 & 63]);
		smk_buf_addc(b, a[v & 63]);
	}
	if (n - i == 1) {
		v = (unsigned long)p[i] << 16;
		smk_buf_addc(b, a[v >> 18 & 63]);
		smk_buf_addc(b, a[v >> 12 & 63]);
		smk_buf_adds(b, "==");
	} else if (n - i == 2) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
		smk_buf_addc(b, a[v >> 18 & 63]);
		smk_buf_addc(b, a[v >> 12 & 63]);
		smk_buf_addc(b, a[v >> 6 & 63]);
		smk_buf_addc(b, '=');
	}
}

/*
 * The Subject field: as it is when it is short printable ASCII, else
 * RFC 2047 encoded words (UTF-8, base64) of at most 39 bytes each, never
 * splitting a character, one to a folded line.  Controls become spaces.
 */
static void
subject_field(struct smk_buf *b, const char *subject)
{
	char *s = smk_xstrdup(subject);
	size_t n = strlen(s), i, len;
	int plain = 1;

	/* an encoded word and the field's name within 76 columns */

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
		if ((unsigned char)s[i] > 0x7e)
			plain = 0;
	}
	if (strstr(s, "=?") != NULL || n > 68)
		plain = 0;
	if (plain) {
		smk_buf_printf(b, "Subject: %s\n", s);
		free(s);
		return;
	}
	smk_buf_adds(b, "Subject:");
	for (i = 0; i < n; i += len) {
		len = n - i < 39 ? n - i : 39;
		/* back off to the start of a character */
		while (len > 1 && i + len < n &&
		    ((unsigned char)s[i + len] & 0xc0) == 0x80)
			len--;
		smk_buf_adds(b, i > 0 ? "\n =?UTF-8?B?" : " =?UTF-8?B?");
		base64(b, (const unsigned char *)s + i, len);
		smk_buf_adds(b, "?=");
	}
	smk_buf_addc(b, '\n');
	free(s);
}

/* An address field, folded after a comma past 72 columns. */
static void
address_field(struct smk_buf *b, const char *name, const char *v)
{
	size_t col = strlen(name) + 2;
	char prev = ' ';

	smk_buf_printf(b, "%s: ", name);
	for (; *v != '\0'; prev = *v++) {
		if (*v == ' ' && prev == ',' && col > 72) {
			smk_buf_adds(b, "\n");
			col = 0;
		}
		smk_buf_addc(b, *v);
		col++;
	}
	smk_buf_addc(b, '\n');
}

/*
 * Quoted-printable (RFC 2045) of a text with LF line ends: lines of at
 * most 76 characters with soft breaks; "=", bytes outside printable
 * ASCII, and blanks before a line end encoded; and a line's leading "."
 * or "From " too, which some mail transports would take for the end of
 * the message or a new one.
 */
static void
qp(struct smk_buf *b, const char *s, size_t n)
{
	size_t i, col = 0, w;
	unsigned char c;
	char tok[4];

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\n') {
			smk_buf_addc(b, '\n');
			col = 0;
			continue;
		}
		if ((c >= 33 && c <= 126 && c != '=' &&
		    !(col == 0 && c == '.') &&
		    !(col == 0 && c == 'F' && n - i >= 5 &&
		    memcmp(s + i, "From ", 5) == 0)) ||
		    ((c == ' ' || c == '\t') && i + 1 < n && s[i + 1] != '\n')) {
			tok[0] = (char)c;
			tok[1] = '\0';
		} else {
			snprintf(tok, sizeof(tok), "=%02X", c);
		}
		w = strlen(tok);
		/* room for the "=" of a soft break */
		if (col + w > 75) {
			smk_buf_adds(b, "=\n");
			col = 0;
			if (tok[0] == '.' || (tok[0] == 'F' && n - i >= 5 &&
			    memcmp(s + i, "From ", 5) == 0))
				snprintf(tok, sizeof(tok), "=%02X", c);
			w = strlen(tok);
		}
		smk_buf_adds(b, tok);
		col += w;
	}
	if (col > 0)
		smk_buf_addc(b, '\n');
}

/* The domain of the first address of v, for the Message-ID. */
static void
domain_of(const char *v, char *out, size_t size)
{
	const char *at = v != NULL ? strchr(v, '@') : NULL;
	size_t n = 0;

	if (at != NULL)
		for (at++; n + 1 < size && at[n] != '\0' &&
		    strchr(">, ;", at[n]) == NULL; n++)
			out[n] = at[n];
	out[n] = '\0';
	if (n == 0)
		snprintf(out, size, "localhost");
}

/*
 * A complete message for sendmail -t: the header (Date, From, To,
 * Subject, Message-ID, MIME), then multipart/alternative with the text
 * first and the HTML last, the one mail readers prefer, each UTF-8 in
 * quoted-printable.  The boundary starts with "=_", which
 * quoted-printable never writes.  Line ends are LF, as sendmail takes
 * them.
 */
static void
write_mail(const struct brief *b, const struct smk_buf *text,
    const struct smk_buf *html, struct smk_buf *out)
{
	const struct smk_brief_opts *o = b->o;
	char date[64], dom[128], subject[96];
	struct tm tm;
	time_t t = (time_t)o->date;
	uint64_t h;

	localtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	h = smk_hash64(SMK_HASH64_INIT, text->s, text->len);
	h = smk_hash64(h, html->s, html->len);
	domain_of(o->from, dom, sizeof(dom));
	smk_buf_printf(out, "Date: %s\n", date);
	if (o->from != NULL && *o->from != '\0')
		address_field(out, "From", o->from);
	address_field(out, "To", o->to);
	snprintf(subject, sizeof(subject), "Joint meeting brief: %s",
	    b->name[NOW]);
	subject_field(out, o->subject != NULL ? o->subject : subject);
	smk_buf_printf(out, "Message-ID: <brief.%s.%lld.%ld.%016llx@%s>\n",
	    b->name[NOW], (long long)o->date, (long)getpid(),
	    (unsigned long long)h, dom);
	/* a report from a machine: no vacation replies to it */
	smk_buf_adds(out, "Auto-Submitted: auto-generated\n");
	smk_buf_printf(out, "MIME-Version: 1.0\nContent-Type: "
	    "multipart/alternative;\n boundary=\"=_smk_%016llx\"\n\n"
	    "This is the brief as plain text and as HTML, in MIME.\n\n",
	    (unsigned long long)h);
	smk_buf_printf(out, "--=_smk_%016llx\nContent-Type: text/plain; "
	    "charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n",
	    (unsigned long long)h);
	qp(out, text->s, text->len);
	/* the line end before a boundary is the boundary's */
	smk_buf_printf(out, "\n--=_smk_%016llx\nContent-Type: text/html; "
	    "charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n",
	    (unsigned long long)h);
	qp(out, html->s, html->len);
	smk_buf_printf(out, "\n--=_smk_%016llx--\n", (unsigned long long)h);
}

/* ============================================================== API */

int
smk_brief_format_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "md") == 0)
		return SMK_BRIEF_MD;
	if (strcmp(s, "html") == 0)
		return SMK_BRIEF_HTML;
	if (strcmp(s, "email") == 0)
		return SMK_BRIEF_EMAIL;
	return -1;
}

static void
brief_free(struct brief *b)
{
	size_t i;

	smk_mx_stuck_free(&b->stuck[0]);
	smk_mx_stuck_free(&b->stuck[1]);
	for (i = 0; i < b->nloss; i++)
		free(b->loss[i].reason);
	for (i = 0; i < b->nq; i++)
		free(b->q[i].text);
	free(b->loss);
	free(b->q);
	free(b->kpi);
}

int
smk_brief_render(struct smk_db *db, const struct smk_brief_opts *o,
    struct smk_buf *out, struct smk_err *err)
{
	struct smk_buf text = { 0 }, html = { 0 };
	struct brief b;
	int r = -1;

	memset(&b, 0, sizeof(b));
	b.db = db;
	b.o = o;
	b.err = err;
	if (o->format == SMK_BRIEF_EMAIL) {
		if (o->to == NULL || *o->to == '\0')
			return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0, "to",
			    "a mail needs a recipient");
		if (!header_ok(o->to) || (o->from != NULL &&
		    !header_ok(o->from)))
			return smk_err_set(err, SMK_EXIT_USAGE, NULL, 0,
			    header_ok(o->to) ? "from" : "to", "'%s': an "
			    "address must be printable ASCII on one line",
			    header_ok(o->to) ? o->from : o->to);
		b.d.b[0] = &text;
		b.d.sink[0] = SK_TEXT;
		b.d.b[1] = &html;
		b.d.sink[1] = SK_MAIL;
		b.d.n = 2;
	} else {
		b.d.b[0] = out;
		b.d.sink[0] = o->format == SMK_BRIEF_HTML ? SK_HTML : SK_MD;
		b.d.n = 1;
	}
	if (smk_currency_get(db, b.cur, err) < 0 || load_periods(&b) < 0 ||
	    load_usuals(&b) < 0 ||
	    load_flows(&b) < 0 ||
	    load_totals(&b, NOW, &b.now, 1) < 0 ||
	    load_totals(&b, PREV, &b.prev, 0) < 0 ||
	    load_kpis(&b) < 0 ||
	    load_stuck(&b) < 0 ||
	    write_brief(&b) < 0)
		goto done;
	if (o->format == SMK_BRIEF_EMAIL)
		write_mail(&b, &text, &html, out);
	r = 0;
done:
	smk_buf_free(&text);
	smk_buf_free(&html);
	brief_free(&b);
	return r;
}
