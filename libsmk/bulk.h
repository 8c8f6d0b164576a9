/* bulk.h — lead-import's bulk path (bulk.c); private to import.c. */
#ifndef SMK_BULK_H
#define SMK_BULK_H

#include "smk_int.h"

struct smk_bulk;
/* Sizes the page cache for a long write and notes how many leads the
 * database holds; call inside the run's transaction.  email: the leads are
 * keyed by something other than their email, so the partial email index
 * takes one entry per lead.  *out is set even on error: smk_bulk_free(3)
 * it. */
int smk_bulk_begin(struct smk_bulk **out, struct smk_db *db, int email,
    struct smk_err *err);
/* The highest lead id when the run began (0: the table was empty). */
int64_t smk_bulk_start_leads(const struct smk_bulk *b);
/* Once this run has inserted more leads than the database held when it
 * began, drops the non-unique indexes of leads and touches (once).  No
 * statement may be active. */
int smk_bulk_check(struct smk_bulk *b, int64_t inserted,
    struct smk_err *err);
/* Rebuilds what smk_bulk_check dropped; call before the commit. */
int smk_bulk_finish(struct smk_bulk *b, struct smk_err *err);
void smk_bulk_free(struct smk_bulk *b);

#endif
