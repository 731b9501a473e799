-- Schema 1: the customer book. Append-only: never edit a migration that has shipped.
PRAGMA application_id = 1128418097;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    email             TEXT,
    birthday_calendar TEXT CHECK (birthday_calendar IN ('solar', 'lunar')),
    birthday_day      INTEGER,
    birthday_month    INTEGER,
    birthday_year     INTEGER,
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
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX customers_email ON customers (email) WHERE email IS NOT NULL;

CREATE TABLE customer_phones (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    e164        TEXT NOT NULL,
    display     TEXT NOT NULL
) STRICT;
CREATE INDEX customer_phones_e164 ON customer_phones (e164);
CREATE INDEX customer_phones_customer ON customer_phones (customer_id, position);

CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    tag         TEXT NOT NULL,
    PRIMARY KEY (customer_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE purchases (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    amount_vnd  INTEGER NOT NULL CHECK (amount_vnd >= 0),
    items       TEXT,
    staff_id    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
) STRICT;
-- Covers the list's last purchase, count and total without touching the table.
CREATE INDEX purchases_customer_date ON purchases (customer_id, date, amount_vnd);
CREATE INDEX purchases_staff ON purchases (staff_id) WHERE staff_id IS NOT NULL;

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX notes_customer ON notes (customer_id, created_at);
CREATE INDEX notes_staff ON notes (staff_id) WHERE staff_id IS NOT NULL;
