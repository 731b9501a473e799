-- Schema 3: imports that can be undone.
CREATE TABLE import_batches (
    id                 INTEGER PRIMARY KEY,
    source_name        TEXT NOT NULL,
    format             TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    rows_total         INTEGER NOT NULL,
    customers_created  INTEGER NOT NULL,
    customers_merged   INTEGER NOT NULL,
    purchases_created  INTEGER NOT NULL,
    undone_at          TEXT
) STRICT;

-- What undoing a batch must revert: customers it created are deleted, customers
-- it merged into get their state from before the import back (`before_json`).
-- A customer deleted (or erased) since then has nothing left to revert: the
-- row goes with them, and so does the copy of their data in `before_json`.
CREATE TABLE import_changes (
    batch_id    INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    action      TEXT NOT NULL CHECK (action IN ('created', 'merged')),
    before_json TEXT,
    PRIMARY KEY (batch_id, customer_id)
) STRICT;
CREATE INDEX import_changes_customer ON import_changes (customer_id);

ALTER TABLE purchases ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
ALTER TABLE notes ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
CREATE INDEX purchases_import ON purchases (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX notes_import ON notes (import_batch_id) WHERE import_batch_id IS NOT NULL;
