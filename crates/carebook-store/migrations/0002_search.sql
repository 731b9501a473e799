-- Schema 2: search. Names are folded (no accents, đ → d, lower case) by the
-- application, which also fills the two full-text indexes; see src/search.rs.
ALTER TABLE customers ADD COLUMN name_fold TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_name_fold ON customers (name_fold, id) WHERE archived_at IS NULL;
CREATE INDEX customers_archived ON customers (archived_at) WHERE archived_at IS NOT NULL;

-- Words of the name (column 0) and of email, tags and notes (column 1), folded.
CREATE VIRTUAL TABLE customer_fts USING fts5 (
    name, other,
    content = '', contentless_delete = 1, detail = column,
    tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
);

-- Phone digits in the national form (0901234567) and reversed (7654321090):
-- index ranges on them serve "starts with" and "ends with" digit queries.
ALTER TABLE customer_phones ADD COLUMN national TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_phones ADD COLUMN reversed TEXT NOT NULL DEFAULT '';
CREATE INDEX customer_phones_national ON customer_phones (national);
CREATE INDEX customer_phones_reversed ON customer_phones (reversed);

-- Digits of every phone number, in the +84 and the 0 form: any 3+ digits match.
CREATE VIRTUAL TABLE phone_fts USING fts5 (
    digits,
    content = '', contentless_delete = 1,
    tokenize = 'trigram'
);
