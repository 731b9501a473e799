-- Schema 8: the history of each service request — who changed it, when, from what to what.
-- Requests recorded before this version get their receipt (and resolution) from their times.

CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('received', 'respond', 'transfer', 'resolve', 'reopen', 'status')),
    from_value  TEXT,
    to_value    TEXT
) STRICT;
CREATE INDEX request_events_request ON request_events (request_id, id);
CREATE INDEX request_events_customer ON request_events (customer_id);

INSERT INTO request_events (request_id, customer_id, at, actor, action, from_value, to_value)
SELECT id, customer_id, received_at, 'CareBook', 'received', NULL, 'open' FROM service_requests;
INSERT INTO request_events (request_id, customer_id, at, actor, action, from_value, to_value)
SELECT id, customer_id, resolved_at, 'CareBook', 'resolve', 'open', 'resolved' FROM service_requests
WHERE status = 'resolved' AND resolved_at IS NOT NULL;
