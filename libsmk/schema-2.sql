-- schema-2.sql — migration from version 1 to 2: two indexes of leads become
-- partial, so that a lead whose entry nobody looks up costs none.
-- An import never sets an owner: leads_owner kept an entry for every
-- lead it wrote (a tenth of an insert's instructions, callgrind), and
-- any query with "owner = ?" can use the partial index.
-- A lead keyed by its email (the usual case) is found by the key; the
-- email index is only for leads keyed by an external id (--key), which
-- db.c looks up by email after the key (see ST_LEAD_BY_EMAIL).
DROP INDEX leads_owner;
CREATE INDEX leads_owner ON leads(owner) WHERE owner IS NOT NULL;
DROP INDEX leads_email;
CREATE INDEX leads_email ON leads(email) WHERE email <> key;
