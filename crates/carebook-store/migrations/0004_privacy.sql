-- Schema 4: consent history and the audit log (personal data, Decree 13/2023).

-- Every change of a customer's consent to receive offers, with its date.
CREATE TABLE consent_events (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    consent     TEXT NOT NULL CHECK (consent IN ('unknown', 'given', 'withdrawn')),
    -- The date the customer gave or withdrew consent (what they said).
    date        TEXT,
    -- When the shop recorded it (the customer row's `updated_at`).
    recorded_at TEXT NOT NULL,
    -- Who recorded it; NULL for changes made without a person (demo data,
    -- rows written before this history existed).
    actor       TEXT
) STRICT;
CREATE INDEX consent_events_customer ON consent_events (customer_id, recorded_at);

INSERT INTO consent_events (customer_id, consent, date, recorded_at, actor)
SELECT id, consent, consent_date, updated_at, NULL FROM customers WHERE consent <> 'unknown';

-- Whatever writes a customer (the form, an import, an undo), a change of
-- consent lands in the history in the same transaction. The API then stamps
-- the actor on the rows it caused (see src/audit.rs).
CREATE TRIGGER customers_consent_inserted AFTER INSERT ON customers
WHEN NEW.consent <> 'unknown'
BEGIN
    INSERT INTO consent_events (customer_id, consent, date, recorded_at, actor)
    VALUES (NEW.id, NEW.consent, NEW.consent_date, NEW.updated_at, NULL);
END;

CREATE TRIGGER customers_consent_updated AFTER UPDATE OF consent, consent_date ON customers
WHEN NEW.consent IS NOT OLD.consent OR NEW.consent_date IS NOT OLD.consent_date
BEGIN
    INSERT INTO consent_events (customer_id, consent, date, recorded_at, actor)
    VALUES (NEW.id, NEW.consent, NEW.consent_date, NEW.updated_at, NULL);
END;

-- Who changed what, when. `customer_id` names the customer an entry is about
-- (their profile, purchase, note…): erasing that customer redacts those
-- entries to "#id" and keeps only who did what and when.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    customer_id INTEGER,
    -- The subject's label at the time: a customer's or staff member's name,
    -- the shop's name, a file path.
    summary     TEXT NOT NULL,
    -- JSON object {"field": [before, after], ...}; NULL when there is nothing to show.
    changes     TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_customer ON audit_log (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor, at);
