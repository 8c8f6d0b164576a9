-- schema.sql — the smk database, version 1: every table the four tools use.
-- Embedded into libsmk at build time (see db.c); one migration per version.
-- Written in the SQL that SQLite and PostgreSQL share, so that a PostgreSQL
-- backend can later run the same statements.  Times are integer seconds
-- since the epoch (UTC); money is integer minor units (cents).
-- Owners: lead-import writes batches, leads, touches; handoff (and
-- lead-import's scoring, through the same funnel code) writes stage_events,
-- owner_events, notes, routing; campaign-report writes campaigns, spend;
-- joint-kpi writes targets.  Any tool reads all of them.

CREATE TABLE settings (
	name        TEXT PRIMARY KEY,
	value       TEXT NOT NULL
);

-- One row per file (or command) that wrote: the audit trail's "why".
CREATE TABLE batches (
	id          INTEGER PRIMARY KEY,
	tool        TEXT NOT NULL,
	command     TEXT NOT NULL,
	file        TEXT,
	sha256      TEXT,
	actor       TEXT NOT NULL,
	started_at  INTEGER NOT NULL,
	finished_at INTEGER,
	rows_read   INTEGER NOT NULL DEFAULT 0,
	new_leads   INTEGER NOT NULL DEFAULT 0,
	updated     INTEGER NOT NULL DEFAULT 0,
	unchanged   INTEGER NOT NULL DEFAULT 0,
	rejected    INTEGER NOT NULL DEFAULT 0,
	mql         INTEGER NOT NULL DEFAULT 0,
	touches     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE leads (
	id            INTEGER PRIMARY KEY,
	-- normalized email, or the external id of --key
	key           TEXT NOT NULL UNIQUE,
	email         TEXT,
	first_name    TEXT,
	last_name     TEXT,
	company       TEXT,
	title         TEXT,
	phone         TEXT,
	country       TEXT,
	source        TEXT,
	campaign      TEXT,
	channel       TEXT,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	-- the newest row time merged in: an older row only fills blanks
	seen_at       INTEGER NOT NULL,
	score         INTEGER NOT NULL DEFAULT 0,
	-- kept equal to the last stage_events row of the lead (funnel.c).
	-- The check is spelled with OR: SQLite builds a temporary b-tree for
	-- an IN list of this length on every row it writes (a fifth of the
	-- cost of a stage change, in profiles).
	stage         TEXT NOT NULL DEFAULT 'lead' CHECK (stage = 'lead' OR
	              stage = 'mql' OR stage = 'sal' OR stage = 'sql' OR
	              stage = 'won' OR stage = 'lost' OR stage = 'recycled' OR
	              stage = 'disqualified'),
	stage_at      INTEGER NOT NULL,
	owner         TEXT,
	sales_sourced INTEGER NOT NULL DEFAULT 0,
	-- unmapped CSV columns, a JSON object {"Header": "value", ...}
	extra         TEXT,
	batch_id      INTEGER REFERENCES batches(id)
);
CREATE INDEX leads_email ON leads(email);
CREATE INDEX leads_owner ON leads(owner);
-- The queue (MQLs waiting for Sales), whole and per owner.  Partial, so a
-- stage change past mql touches them once, not on every move.
CREATE INDEX leads_queue ON leads(stage_at) WHERE stage = 'mql';
CREATE INDEX leads_owner_queue ON leads(owner, stage_at) WHERE stage = 'mql';

-- One campaign touch per imported row; fp fingerprints the touch (campaign,
-- channel, source and the row's time as written) so re-imports add none.
CREATE TABLE touches (
	id          INTEGER PRIMARY KEY,
	lead_id     INTEGER NOT NULL REFERENCES leads(id),
	campaign    TEXT,
	channel     TEXT,
	source      TEXT,
	at          INTEGER NOT NULL,
	fp          INTEGER NOT NULL,
	batch_id    INTEGER REFERENCES batches(id),
	UNIQUE (lead_id, fp)
);
CREATE INDEX touches_campaign ON touches(campaign, at);

-- Append-only: every stage move, with who, why and how much.
CREATE TABLE stage_events (
	id          INTEGER PRIMARY KEY,
	lead_id     INTEGER NOT NULL REFERENCES leads(id),
	from_stage  TEXT NOT NULL,
	to_stage    TEXT NOT NULL,
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	reason      TEXT,
	note        TEXT,
	amount      INTEGER,
	batch_id    INTEGER REFERENCES batches(id),
	recorded_at INTEGER NOT NULL
);
CREATE INDEX stage_events_lead ON stage_events(lead_id, at);
CREATE INDEX stage_events_to ON stage_events(to_stage, at);

-- Append-only: owner changes (assign, routing).
CREATE TABLE owner_events (
	id          INTEGER PRIMARY KEY,
	lead_id     INTEGER NOT NULL REFERENCES leads(id),
	owner       TEXT NOT NULL,
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	batch_id    INTEGER REFERENCES batches(id)
);
CREATE INDEX owner_events_lead ON owner_events(lead_id, at);

-- Sales insights for Marketing (handoff note).
CREATE TABLE notes (
	id          INTEGER PRIMARY KEY,
	lead_id     INTEGER NOT NULL REFERENCES leads(id),
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	note        TEXT NOT NULL,
	batch_id    INTEGER REFERENCES batches(id)
);
CREATE INDEX notes_lead ON notes(lead_id, at);

-- Round-robin state: how many leads each rep of a pool has had
-- (schema-3.sql adds the place in the rotation).
CREATE TABLE routing (
	pool        TEXT NOT NULL,
	rep         TEXT NOT NULL,
	assigned    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (pool, rep)
);

-- Campaigns are named by the key touches carry (touches.campaign).
CREATE TABLE campaigns (
	key         TEXT PRIMARY KEY,
	name        TEXT,
	channel     TEXT,
	owner       TEXT,
	kind        TEXT CHECK (kind IN ('promo', 'brand')),
	budget      INTEGER,
	starts_on   TEXT,
	ends_on     TEXT,
	updated_at  INTEGER NOT NULL
);

-- Spend per campaign per local day (YYYY-MM-DD) and channel.
CREATE TABLE spend (
	campaign    TEXT NOT NULL,
	day         TEXT NOT NULL,
	channel     TEXT NOT NULL DEFAULT '',
	amount      INTEGER NOT NULL,
	batch_id    INTEGER REFERENCES batches(id),
	PRIMARY KEY (campaign, day, channel)
);

-- Targets both teams own: a KPI's target value for a period.
CREATE TABLE targets (
	kpi         TEXT NOT NULL,
	period      TEXT NOT NULL,
	value       REAL NOT NULL,
	set_at      INTEGER NOT NULL,
	set_by      TEXT NOT NULL,
	PRIMARY KEY (kpi, period)
);

INSERT INTO settings (name, value) VALUES ('sla_hours', '24');
