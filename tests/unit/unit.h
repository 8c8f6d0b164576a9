/* unit.h — a tiny TAP-style harness for the C unit tests: one "ok" line per check. */
#ifndef UNIT_H
#define UNIT_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_n;
static int unit_failed;

static void unit_check(int ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
unit_check(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++unit_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok) {
		printf(" (%s:%d)", file, line);
		unit_failed++;
	}
	putchar('\n');
	fflush(stdout);
}

/* CHECK(condition, "description %s", args) */
#define CHECK(cond, ...) unit_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* CHECK_STR(got, want, "description"): NULL-safe string equality. */
#define CHECK_STR(got, want, desc) do { \
	const char *g_ = (got), *w_ = (want); \
	int eq_ = (g_ == NULL || w_ == NULL) ? g_ == w_ : strcmp(g_, w_) == 0; \
	unit_check(eq_, __FILE__, __LINE__, "%s", desc); \
	if (!eq_) \
		printf("#   got  \"%s\"\n#   want \"%s\"\n", g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)"); \
} while (0)

#define CHECK_INT(got, want, desc) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	unit_check(g_ == w_, __FILE__, __LINE__, "%s", desc); \
	if (g_ != w_) \
		printf("#   got  %lld\n#   want %lld\n", g_, w_); \
} while (0)

static int
unit_done(void)
{
	return unit_failed ? 1 : 0;
}

/* splitmix64 over *state: the tests' seeded generator, the same values
 * on every run and every machine.  (inline: not every test uses it) */
static inline uint64_t
unit_rand(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Makes dir (size bytes) a new directory "name.XXXXXX" in $TEST_TMP, or
 * /tmp: 0, or -1 after a "not ok" line. */
static inline int
unit_scratch(char *dir, size_t size, const char *name)
{
	const char *tmp = getenv("TEST_TMP");

	snprintf(dir, size, "%s/%s.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", name);
	if (mkdtemp(dir) == NULL) {
		printf("not ok %d - mkdtemp %s: %s\n", ++unit_n, dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

#endif
