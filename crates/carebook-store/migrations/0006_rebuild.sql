-- Schema 6: tables rebuilt to widen and tighten their checks (runs with
-- foreign keys off; see src/migrations.rs). Each rebuild follows SQLite's
-- documented procedure: new table, copy, drop, rename, indexes and triggers.

-- Customers: a lunar birthday may fall in a leap month (tháng nhuận); day and
-- month are checked by range.
CREATE TABLE customers_new (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    email             TEXT,
    birthday_calendar TEXT CHECK (birthday_calendar IN ('solar', 'lunar')),
    birthday_day      INTEGER CHECK (birthday_day BETWEEN 1 AND 31),
    birthday_month    INTEGER CHECK (birthday_month BETWEEN 1 AND 12),
    birthday_year     INTEGER,
    birthday_leap     INTEGER NOT NULL DEFAULT 0 CHECK (birthday_leap IN (0, 1)),
    gender            TEXT CHECK (gender IN ('female', 'male', 'other')),
    address           TEXT,
    kind              TEXT NOT NULL DEFAULT 'external' CHECK (kind IN ('external', 'internal')),
    source            TEXT,
    notes             TEXT,
    consent           TEXT NOT NULL DEFAULT 'unknown' CHECK (consent IN ('unknown', 'given', 'withdrawn')),
    consent_date      TEXT,
    preferred_channel TEXT,
    loyalty_points    INTEGER NOT NULL DEFAULT 0,
    tier              TEXT,
    archived_at       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    name_fold         TEXT NOT NULL DEFAULT '',
    CHECK (birthday_leap = 0 OR birthday_calendar = 'lunar')
) STRICT;
INSERT INTO customers_new (id, name, email, birthday_calendar, birthday_day, birthday_month, birthday_year, gender,
    address, kind, source, notes, consent, consent_date, preferred_channel, loyalty_points, tier, archived_at,
    created_at, updated_at, name_fold)
SELECT id, name, email, birthday_calendar, birthday_day, birthday_month, birthday_year, gender,
    address, kind, source, notes, consent, consent_date, preferred_channel, loyalty_points, tier, archived_at,
    created_at, updated_at, name_fold
FROM customers;
DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;
CREATE INDEX customers_email ON customers (email) WHERE email IS NOT NULL;
CREATE INDEX customers_name_fold ON customers (name_fold, id) WHERE archived_at IS NULL;
CREATE INDEX customers_archived ON customers (archived_at) WHERE archived_at IS NOT NULL;
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

-- Purchases: an amount has an upper bound (10 billion đồng, as validation says).
CREATE TABLE purchases_new (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    date            TEXT NOT NULL,
    amount_vnd      INTEGER NOT NULL CHECK (amount_vnd BETWEEN 0 AND 10000000000),
    items           TEXT,
    staff_id        INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    import_batch_id INTEGER REFERENCES import_batches (id)
) STRICT;
INSERT INTO purchases_new (id, customer_id, date, amount_vnd, items, staff_id, created_at, import_batch_id)
SELECT id, customer_id, date, amount_vnd, items, staff_id, created_at, import_batch_id FROM purchases;
DROP TABLE purchases;
ALTER TABLE purchases_new RENAME TO purchases;
CREATE INDEX purchases_customer_date ON purchases (customer_id, date, amount_vnd);
CREATE INDEX purchases_staff ON purchases (staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX purchases_import ON purchases (import_batch_id) WHERE import_batch_id IS NOT NULL;

-- Care tasks: a new kind, greetings (Tết and other holidays).
CREATE TABLE care_tasks_new (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('thank_you', 'offer', 'event_invitation', 'birthday_greeting',
                                               'greeting', 'follow_up_call', 'check_in', 'survey_request', 'custom')),
    title        TEXT,
    due_date     TEXT NOT NULL,
    due_time     TEXT,
    assignee_id  INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    status       TEXT NOT NULL CHECK (status IN ('planned', 'done', 'skipped')),
    outcome      TEXT,
    origin       TEXT NOT NULL CHECK (origin IN ('manual', 'plan', 'recurrence')),
    completed_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK ((status = 'planned') = (completed_at IS NULL))
) STRICT;
INSERT INTO care_tasks_new (id, customer_id, kind, title, due_date, due_time, assignee_id, status, outcome, origin,
    completed_at, created_at, updated_at)
SELECT id, customer_id, kind, title, due_date, due_time, assignee_id, status, outcome, origin,
    completed_at, created_at, updated_at FROM care_tasks;
DROP TABLE care_tasks;
ALTER TABLE care_tasks_new RENAME TO care_tasks;
CREATE INDEX care_tasks_customer ON care_tasks (customer_id, due_date);
CREATE INDEX care_tasks_due ON care_tasks (status, due_date);
