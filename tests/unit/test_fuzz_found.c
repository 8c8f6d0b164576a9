/* test_fuzz_found.c — unit tests for what the fuzz targets (tests/fuzz) found, each with the input that found it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smk.h"
#include "unit.h"

/* fuzz_rules: a line starting with a quote it never closes went to
 * strtol(NULL). */
static void
test_rules_open_quote(void)
{
	static const char *const bad[] = {
		"\"Emp0\n\"oy00\n", "\"", "  \"unclosed title ~ vp\n",
		"10 title ~ vp\n\"x\n",
	};
	struct smk_rules *r;
	struct smk_err err;
	char path[] = "/tmp/test_fuzz_found.XXXXXX";
	size_t i;
	FILE *f;
	int fd;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL) {
			CHECK(0, "mkstemp: %s", strerror(errno));
			return;
		}
		fputs(bad[i], f);
		fclose(f);
		smk_err_clear(&err);
		r = (struct smk_rules *)&err;
		CHECK(smk_rules_load(&r, path, &err) == -1 && r == NULL,
		    "rules %zu with an unclosed quote are refused", i + 1);
		CHECK(err.status == SMK_EXIT_USAGE &&
		    err.line == (i == 3 ? 2 : 1),
		    "rules %zu: a usage error naming the line", i + 1);
		CHECK_STR(err.msg, "unterminated quote", "rules: the message");
		unlink(path);
		strcpy(path, "/tmp/test_fuzz_found.XXXXXX");
	}
}

/* fuzz_period: smk.h promised 22 bytes for a name that takes 23, and
 * that every name but a span's parses back to the same seconds, which a
 * range that starts inside a day does not. */
static void
test_period_names(void)
{
	struct smk_period p, back;
	const char *why = NULL;
	char name[32];
	int64_t now;

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	CHECK(smk_time_parse("2026-03-29T01:30:00Z", NULL, &now, &why) == 0,
	    "the DST morning reads");
	CHECK(smk_period_parse("last-7d..last-7d", now, &p, &why) == 0 &&
	    smk_period_name(&p, name, &why) == 0,
	    "last-7d..last-7d has a name");
	CHECK_STR(name, "2026-03-22..2026-03-29", "its name is its days");
	CHECK_INT(strlen(name) + 1, 23, "a name of 23 bytes with its NUL");
	CHECK(smk_period_parse(name, now, &back, &why) == 0 &&
	    back.from < p.from && back.to > p.to,
	    "the name parses back to the whole days that hold the range");

	CHECK(smk_time_parse("0001-01-03T00:00:00Z", NULL, &now, &why) == 0,
	    "year 1 reads");
	CHECK(smk_period_parse("last-2d..8025", now, &p, &why) == 0 &&
	    smk_period_name(&p, name, &why) == 0, "last-2d..8025 has a name");
	CHECK_STR(name, "0001-01-01..8025-12-31", "named by its days");
	CHECK(smk_period_parse(name, now, &back, &why) == 0 &&
	    smk_period_name(&back, name, &why) == 0,
	    "and those days have a name");
	CHECK_STR(name, "0001-01..8025-12", "the months, as whole months are");
}

int
main(void)
{
	test_rules_open_quote();
	test_period_names();
	printf("1..%d\n", unit_n);
	return unit_done();
}
