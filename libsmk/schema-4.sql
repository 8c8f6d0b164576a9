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
-- A period's touches per campaign with their channels from the index
-- alone, a range of it per campaign (metrics.c walks from one campaign
-- to the next): the channel is added after the time, so that a report
-- on a file not migrated yet reads the same ranges of the old index.
DROP INDEX touches_campaign;
CREATE INDEX touches_campaign ON touches(campaign, at, channel);
-- The leads created in a period (new leads, the Markov cohort) without
-- reading every lead.
CREATE INDEX leads_created ON leads(created_at);
-- A lead's moves with their stages from the index alone: Sales' first
-- answer to an MQL, when a lead of the cohort reached sql and won, the
-- stage times of an attribution path.  One entry a move, a little wider
-- (handoff apply: 0.8% more instructions).
DROP INDEX stage_events_lead;
CREATE INDEX stage_events_lead ON stage_events(lead_id, at, from_stage, to_stage);
