/* fuzz_money.c — fuzz target: amounts (smk_money_parse, smk_money_parse_currency with every flag) and currency names. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/*
 * The input is the text of an amount (up to its first NUL).  It is read
 * the four ways (negatives allowed or not, decimal point or comma), and
 * each amount read is written back as the tools write it and must read
 * back as the same cents.  The text is also read as a currency column.
 */

static void
check_back(int64_t cents)
{
	char buf[32], table[40];
	const char *why = NULL, *cur = NULL;
	int64_t back;

	smk_money_format(cents, buf);
	FUZZ_ASSERT(smk_money_parse(buf, 1, &back, &why) == 0 &&
	    back == cents, "a formatted amount does not read back");
	smk_money_format_table(cents, "EUR", table);
	FUZZ_ASSERT(strlen(table) < sizeof(table), "a table amount too long");
	FUZZ_ASSERT(smk_money_parse_currency(table, SMK_MONEY_NEGATIVE,
	    &back, &cur, &why) == 0 && back == cents && cur != NULL &&
	    strcmp(cur, "EUR") == 0,
	    "an amount as a table shows it does not read back");
}

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
	const char *why, *cur, *col;
	int64_t cents, pos;
	char *s = fuzz_str(data, size);
	int flags, neg, r;

	for (neg = 0; neg <= 1; neg++) {
		why = NULL;
		cents = 4242;
		r = smk_money_parse(s, neg, &cents, &why);
		FUZZ_ASSERT(r == 0 || (why != NULL && *why != '\0' &&
		    cents == 4242), "an amount refused without a reason, or "
		    "with its cents touched");
		if (r == 0) {
			FUZZ_ASSERT(neg || cents >= 0, "a negative amount "
			    "where none is allowed");
			check_back(cents);
			if (!neg) {
				/* allowing negatives changes nothing else */
				FUZZ_ASSERT(smk_money_parse(s, 1, &pos,
				    &why) == 0 && pos == cents,
				    "an amount read otherwise with negatives "
				    "allowed");
			}
		}
	}
	for (flags = 0; flags < 4; flags++) {
		why = NULL;
		cur = "unset";
		cents = 4242;
		r = smk_money_parse_currency(s, flags, &cents, &cur, &why);
		FUZZ_ASSERT(r == 0 || (why != NULL && *why != '\0' &&
		    cents == 4242 && strcmp(cur, "unset") == 0),
		    "a currency amount refused without a reason, or with "
		    "its results touched");
		if (r == 0) {
			FUZZ_ASSERT((flags & SMK_MONEY_NEGATIVE) || cents >= 0,
			    "a negative amount where none is allowed");
			check_back(cents);
			(void)smk_money_currency_fits(cur, "EUR");
			(void)smk_money_currency_fits(cur, "USD");
		}
	}
	if ((col = smk_money_currency(s)) != NULL) {
		FUZZ_ASSERT(smk_money_currency(col) != NULL &&
		    strcmp(smk_money_currency(col), col) == 0,
		    "a currency that does not name itself");
		(void)smk_money_currency_fits(col, "EUR");
	}
	free(s);
	return 0;
}
