-- schema-4.sql — migration from version 3 to 4: indexes for the reports of
-- campaign-report (metrics.c), which read a period of a large database.
-- A lead's touches in time order with their campaigns: its source (the
-- first touch), the touch that made it an MQL, the influenced pipeline
-- and the attribution paths come from the index alone, a few entries
-- side by side, instead of a row each at the far places of the table
-- where the imports of the touches' days wrote them.  id is there so that
-- the order "at, id" (which of two touches at one time is the later) is
-- the index's own.
CREATE INDEX touches_lead ON touches(lead_id, at, id, campaign);
-- A period's touches per campaign and channel from the index alone, a
-- range of it per campaign and channel (metrics.c walks from one to the
-- next): the channel comes before the time so that the counts need no
-- sort.
DROP INDEX touches_campaign;
CREATE INDEX touches_campaign ON touches(campaign, channel, at);
-- The leads created in a period (new leads, the Markov cohort) without
-- reading every lead.
CREATE INDEX leads_created ON leads(created_at);
