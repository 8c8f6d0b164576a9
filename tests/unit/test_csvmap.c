/* test_csvmap.c — the one header mapping: trimmed headers, --map, ranks and second choices, reject files read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smk_int.h"
#include "unit.h"

/* A record of n cells from a NULL-terminated list (the cells are copied:
 * the mapping may change them in place). */
static struct smk_record *
record(const char *const *cells)
{
	struct smk_record *r = calloc(1, sizeof(*r));
	size_t n = 0, i;

	while (cells[n] != NULL)
		n++;
	r->nfields = n;
	r->fields = calloc(n + 1, sizeof(*r->fields));
	r->lens = calloc(n + 1, sizeof(*r->lens));
	for (i = 0; i < n; i++) {
		r->fields[i] = strdup(cells[i]);
		r->lens[i] = strlen(cells[i]);
	}
	r->line = 1;
	return r;
}

static void
record_free(struct smk_record *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	free(r->fields);
	free(r->lens);
	free(r);
}

#define REC(...) record((const char *const[]){ __VA_ARGS__, NULL })

static void
test_trim_and_map(void)
{
	struct smk_colmap m = { 0 };
	struct smk_err e;
	struct smk_record *h = REC(" Email ", "Company  Name", "", "Org", "Org");
	const char *map[SMK_F_COUNT] = { 0 };

	CHECK(smk_colmap_build(&m, &smk_lead_fields, h, NULL, "f.csv", &e) == 0,
	    "builds");
	CHECK_STR(m.header[0], "Email", "header trimmed");
	CHECK_STR(m.header[1], "Company Name", "inner blanks collapsed");
	CHECK_STR(m.header[2], "column 3", "a blank header is named");
	CHECK(m.fieldcol[SMK_F_EMAIL] == 0 && m.fieldcol[SMK_F_COMPANY] == 1,
	    "spellings map");
	CHECK(smk_colmap_find(&m, "org ") == 3, "find: trimmed, any case, the "
	    "first of duplicates");
	map[SMK_F_COMPANY] = "ORG";
	CHECK(smk_colmap_build(&m, &smk_lead_fields, h, map, "f.csv", &e) == 0,
	    "builds with --map");
	CHECK(m.fieldcol[SMK_F_COMPANY] == 3 && m.colfield[1] == -1 &&
	    m.colfield[4] == -1, "--map takes the first Org; Company Name and "
	    "the second Org stay unmapped");
	map[SMK_F_COMPANY] = "Nope";
	CHECK(smk_colmap_build(&m, &smk_lead_fields, h, map, "f.csv", &e) < 0 &&
	    e.status == SMK_EXIT_USAGE, "--map of a missing header: usage");
	CHECK_STR(e.msg, "--map company=Nope: no such column", "its message");
	CHECK(e.line == 1 && strcmp(e.file, "f.csv") == 0, "names file, line");
	smk_colmap_free(&m);
	record_free(h);
}

static void
test_ranks(void)
{
	struct smk_colmap m = { 0 };
	struct smk_err e;
	struct smk_record *h = REC("Original Source Drill-Down 2", "Email",
	    "First Touch Converting Campaign", "Campaign", "Campaign"),
	    *row;

	CHECK(smk_colmap_build(&m, &smk_lead_fields, h, NULL, "f", &e) == 0,
	    "builds");
	CHECK(m.fieldcol[SMK_F_CAMPAIGN] == 3, "the rank 0 spelling wins "
	    "wherever it stands");
	CHECK(m.next[3] == 2 && m.next[2] == 0 && m.next[0] == -1,
	    "second choices by rank: first touch, then the drill-down");
	CHECK(m.colfield[4] == -1 && m.second[4] == -1,
	    "a duplicate of equal rank is only kept");
	row = REC("dd2", "a@x", "", "", "x");
	CHECK(smk_colmap_pick(&m, row, SMK_F_CAMPAIGN, NULL) == 0,
	    "blank choices fall through to the drill-down");
	record_free(row);
	row = REC("dd2", "a@x", "ftc", "N/A", "x");
	CHECK(smk_colmap_pick(&m, row, SMK_F_CAMPAIGN, NULL) == 2,
	    "a placeholder blank falls through to the first touch");
	record_free(row);
	row = REC("", "a@x", "", "", "x");
	CHECK(smk_colmap_pick(&m, row, SMK_F_CAMPAIGN, NULL) == 3,
	    "all blank: the field's own column");
	CHECK(smk_colmap_pick(&m, row, SMK_F_TITLE, NULL) == -1,
	    "no column: -1");
	record_free(row);
	smk_colmap_free(&m);
	record_free(h);
}

static void
test_reject_file(void)
{
	struct smk_colmap m = { 0 };
	struct smk_err e;
	struct smk_record *h = REC("reject_file", "reject_line", "reject_field",
	    "reject_reason", "reject_record", "Email", "'=Odd"),
	    *row = REC("a.csv", "3", "Email", "bad", "", "''x", "'@Home"),
	    *sec = REC("reject_file", "reject_line", "reject_field",
	    "reject_reason", "reject_record", "Key"),
	    *plain = REC("Email", "Company");

	CHECK(smk_colmap_build(&m, &smk_lead_fields, h, NULL, "r", &e) == 0,
	    "builds");
	CHECK(m.rejects && m.first == SMK_REJ_NCOLS, "a reject file");
	CHECK(m.colfield[0] == SMK_COL_OWN && m.colfield[4] == SMK_COL_OWN,
	    "its own columns are neither fields nor kept");
	CHECK_STR(m.header[6], "=Odd", "header cells unescaped");
	CHECK(smk_colmap_find(&m, "reject_reason") == -1,
	    "find never names a reject column");
	smk_colmap_unescape(&m, row);
	CHECK_STR(row->fields[5], "'x", "one ' taken off");
	CHECK_STR(row->fields[6], "@Home", "the value as written");
	CHECK(row->lens[6] == 5, "length kept in step");
	CHECK_STR(row->fields[3], "bad", "reject columns untouched");
	CHECK(smk_colmap_section(&m, sec), "a repeated header is a section");
	CHECK(!smk_colmap_section(&m, plain), "a data row is not");
	CHECK(smk_colmap_build(&m, &smk_lead_fields, plain, NULL, "p", &e) == 0 &&
	    !m.rejects && !smk_colmap_section(&m, sec),
	    "in other files nothing is special");
	smk_colmap_free(&m);
	record_free(h);
	record_free(row);
	record_free(sec);
	record_free(plain);
}

/* The reader says "field N"; every reader's diagnostic says the header. */
static void
test_name_field(void)
{
	struct smk_colmap m = { 0 };
	struct smk_err e;
	struct smk_record *h = REC("Key", " Deal  Stage ", "Time");

	CHECK(smk_colmap_build(&m, &smk_lead_fields, h, NULL, "f.csv", &e) == 0,
	    "builds");
	smk_err_set(&e, SMK_EXIT_FINDINGS, "f.csv", 2, "field 2", "stray quote");
	smk_colmap_name_field(&m, &e);
	CHECK_STR(e.field, "Deal Stage", "field 2 is named by its header");
	smk_err_set(&e, SMK_EXIT_FINDINGS, "f.csv", 2, "field 4", "stray quote");
	smk_colmap_name_field(&m, &e);
	CHECK_STR(e.field, "field 4", "a field past the header keeps its number");
	smk_err_set(&e, SMK_EXIT_FINDINGS, "f.csv", 2, "field 2x", "x");
	smk_colmap_name_field(&m, &e);
	CHECK_STR(e.field, "field 2x", "only \"field N\" is renamed");
	smk_colmap_free(&m);
	smk_err_set(&e, SMK_EXIT_FINDINGS, "f.csv", 1, "field 1", "x");
	smk_colmap_name_field(&m, &e);
	CHECK_STR(e.field, "field 1", "no header yet: the number stays");
	record_free(h);
}

/* A row with fewer fields than the header, or more that hold a value. */
static void
test_ragged(void)
{
	struct smk_colmap m = { 0 };
	struct smk_err e;
	struct smk_record *h = REC("kpi", "period", "value");
	struct smk_record *ok = REC("mqls", "2026-Q4", "5");
	struct smk_record *trailing = REC("mqls", "2026-Q4", "5", "", "");
	struct smk_record *more = REC("mqls", "2026-Q4", "5", "4");
	struct smk_record *fewer = REC("mqls", "2026-Q4");

	CHECK(smk_colmap_build(&m, &smk_lead_fields, h, NULL, "t.csv", &e) ==
	    0, "builds");
	CHECK(smk_colmap_ragged(&m, ok) == NULL, "as many fields: not ragged");
	CHECK(smk_colmap_ragged(&m, trailing) == NULL, "empty fields past the "
	    "header (trailing commas): not ragged");
	CHECK_STR(smk_colmap_ragged(&m, more), "ragged row: more fields than "
	    "the header", "a value past the header: ragged");
	CHECK_STR(smk_colmap_ragged(&m, fewer), "ragged row: fewer fields than "
	    "the header", "fewer fields: ragged");
	smk_colmap_free(&m);
	record_free(h);
	record_free(ok);
	record_free(trailing);
	record_free(more);
	record_free(fewer);
}

int
main(void)
{
	test_trim_and_map();
	test_ranks();
	test_reject_file();
	test_name_field();
	test_ragged();
	return unit_done();
}
