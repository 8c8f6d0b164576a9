/* fuzz_time.c — fuzz target: times as exports write them (smk_time_parse), with and without a --date-format. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/*
 * The input: one option byte, then the text of a time.  Option 0 reads
 * it by the guesses, as every reader does without --date-format; any
 * other picks one of the formats below (the format is the operator's,
 * the text is the file's).  A time read by the guesses is written back
 * in ISO 8601 and must read back as the same second.
 */

static const char *const formats[] = {
	"%d/%m/%Y", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S%z", "%m/%d/%y",
	"%d-%b-%Y", "%Y%m%d", "%d/%m/%Y %I:%M %p", "%s", "%Y-%j",
	"%A, %d %B %Y", "%H:%M", "%z %Y-%m-%d",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t nfmt = sizeof(formats) / sizeof(formats[0]);
	const char *fmt = NULL, *why = NULL;
	char buf[32], local[32];
	int64_t t, back;
	char *s;
	int r;

	if (size < 1)
		return 0;
	if (data[0] != 0)
		fmt = formats[(data[0] - 1) % nfmt];
	s = fuzz_str(data + 1, size - 1);
	r = smk_time_parse(s, fmt, &t, &why);
	FUZZ_ASSERT(r == 0 || r == -1, "smk_time_parse: a status that is "
	    "neither");
	FUZZ_ASSERT(r == 0 || (why != NULL && *why != '\0'),
	    "a time refused without a reason");
	if (r == 0) {
		smk_time_format_utc(t, buf);
		smk_time_format_local(t, local);
		FUZZ_ASSERT(strlen(buf) < sizeof(buf) &&
		    strlen(local) < sizeof(local), "a formatted time too long");
		/* the ISO form reads back, unless out of its years */
		if (buf[0] != '@' && buf[0] != '0') {
			FUZZ_ASSERT(smk_time_parse(buf, NULL, &back,
			    &why) == 0, "a time's ISO form does not read back");
			FUZZ_ASSERT(back == t, "a time's ISO form reads back "
			    "as another second");
		}
		/* and so does the unix-seconds form */
		snprintf(buf, sizeof(buf), "@%lld", (long long)t);
		if (smk_time_parse(buf, NULL, &back, &why) == 0)
			FUZZ_ASSERT(back == t, "@seconds read back as another "
			    "second");
		smk_period_week_name(t, buf);
	}
	free(s);
	return 0;
}
