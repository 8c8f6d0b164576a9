-- schema-3.sql — migration from version 2 to 3: the round robin keeps its
-- place in the rotation, not only the counts (handoff.c, "round robin").
-- weight: the rep's weight in the list of the pool's last assignment, 0
-- for a rep not in that list, and for every row written before version 3
-- (a pool whose weights are all 0 starts from its counts: rr_seed).
-- credit: what the rep is owed, in leads times the sum of that list's
-- weights; the credits of a pool's listed reps sum to 0.
ALTER TABLE routing ADD COLUMN weight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE routing ADD COLUMN credit INTEGER NOT NULL DEFAULT 0;
