-- Schema 10: loyalty points as a ledger (see carebook-care's loyalty.rs).
-- Every change of a customer's points is an entry; the balance is their sum.
-- `customers.loyalty_points` stays as that sum, kept by the triggers below
-- whoever writes an entry, so that lists, exports and searches read it as
-- before; nothing else writes the column.

CREATE TABLE loyalty_ledger (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    -- The day the points changed (a purchase's own day for what it earned).
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('opening', 'earn', 'adjust', 'redeem', 'reverse')),
    -- Signed: positive adds to the balance.
    points          INTEGER NOT NULL,
    reason          TEXT,
    -- The purchase an earn or a reversal belongs to. No reference: what a
    -- purchase earned stays in the ledger, next to its reversal, once the
    -- purchase is deleted.
    purchase_id     INTEGER,
    -- The import that wrote the entry: undoing it deletes the entry.
    import_batch_id INTEGER REFERENCES import_batches (id),
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX loyalty_ledger_customer ON loyalty_ledger (customer_id, at, id);
CREATE INDEX loyalty_ledger_purchase ON loyalty_ledger (purchase_id) WHERE purchase_id IS NOT NULL;
CREATE INDEX loyalty_ledger_import ON loyalty_ledger (import_batch_id) WHERE import_batch_id IS NOT NULL;

-- The points of every customer so far become their opening balance, dated
-- the day the customer was last written (when the points were last set).
INSERT INTO loyalty_ledger (customer_id, at, kind, points, created_at)
SELECT id, date(updated_at), 'opening', loyalty_points, updated_at FROM customers WHERE loyalty_points <> 0;

CREATE TRIGGER loyalty_ledger_inserted AFTER INSERT ON loyalty_ledger
BEGIN
    UPDATE customers SET loyalty_points = loyalty_points + NEW.points WHERE id = NEW.customer_id;
END;

CREATE TRIGGER loyalty_ledger_deleted AFTER DELETE ON loyalty_ledger
BEGIN
    UPDATE customers SET loyalty_points = loyalty_points - OLD.points WHERE id = OLD.customer_id;
END;
