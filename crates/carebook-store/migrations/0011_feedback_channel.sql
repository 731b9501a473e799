-- Schema 11: the channel an answer came through when it is not about a
-- request (a check-in call answered on the phone, the shop's kiosk), and an
-- index for the monthly report's new customers (a month's sign-ups were a
-- scan of the whole book).
ALTER TABLE feedback ADD COLUMN channel TEXT
    CHECK (channel IN ('in_store', 'phone', 'zalo', 'facebook', 'email', 'web', 'other'));
CREATE INDEX customers_created ON customers (created_at) WHERE archived_at IS NULL;
