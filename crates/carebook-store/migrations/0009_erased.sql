-- Schema 9: customers erased from this book, remembered so that restoring an
-- older backup (which still holds them) erases them again. Only what tells
-- the customer apart from a later one given the same id is kept: the id and
-- the time the record was created, no personal data. The column is `id`,
-- not `customer_id`: erasing a customer empties every table with a
-- `customer_id` column, and this one must keep its rows.
CREATE TABLE erased_customers (
    id         INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (id, created_at)
) STRICT, WITHOUT ROWID;
