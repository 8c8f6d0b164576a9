/* fuzz_rr.c — fuzz target: round-robin files of handoff assign --round-robin (smk_rr_load). */
#include "fuzz.h"

/* The input is a file of reps, "name [weight]" a line. */

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
	struct smk_rr *rr = NULL;
	struct smk_err err;

	smk_err_clear(&err);
	if (smk_rr_load(&rr, fuzz_file("in.reps", data, size), &err) < 0) {
		FUZZ_ASSERT(rr == NULL, "a refused file handed out");
		FUZZ_ASSERT(err.status == SMK_EXIT_USAGE && err.msg[0] != '\0',
		    "a file refused without a usage error");
		fuzz_diag(NULL, &err);
		return 0;
	}
	FUZZ_ASSERT(rr != NULL, "a file loaded without a handle");
	smk_rr_free(rr);
	return 0;
}
