-- Schema 5: service requests, feedback and care tasks (see carebook-core's care.rs).
-- Times are the shop's wall clock, written like every other time in the book.

CREATE TABLE service_requests (
    id                 INTEGER PRIMARY KEY,
    customer_id        INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    channel            TEXT NOT NULL CHECK (channel IN ('in_store', 'phone', 'zalo', 'facebook', 'email', 'web', 'other')),
    kind               TEXT NOT NULL CHECK (kind IN ('question', 'order', 'complaint', 'return', 'other')),
    summary            TEXT NOT NULL,
    received_at        TEXT NOT NULL,
    first_response_at  TEXT,
    resolved_at        TEXT,
    -- Minutes in the queue or on hold.
    wait_minutes       INTEGER CHECK (wait_minutes >= 0),
    handled_by         INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    transferred_to     INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    status             TEXT NOT NULL CHECK (status IN ('open', 'waiting', 'resolved')),
    first_contact      INTEGER NOT NULL DEFAULT 0 CHECK (first_contact IN (0, 1)),
    -- 1 once a resolved request was opened again.
    reopened           INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
) STRICT;
CREATE INDEX service_requests_customer ON service_requests (customer_id, received_at);
CREATE INDEX service_requests_received ON service_requests (received_at);

CREATE TABLE care_tasks (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('thank_you', 'offer', 'event_invitation', 'birthday_greeting',
                                               'follow_up_call', 'check_in', 'survey_request', 'custom')),
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
CREATE INDEX care_tasks_customer ON care_tasks (customer_id, due_date);
CREATE INDEX care_tasks_due ON care_tasks (status, due_date);

CREATE TABLE feedback (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    csat         INTEGER CHECK (csat BETWEEN 1 AND 5),
    nps          INTEGER CHECK (nps BETWEEN 0 AND 10),
    comment      TEXT,
    request_id   INTEGER REFERENCES service_requests (id) ON DELETE SET NULL,
    care_task_id INTEGER REFERENCES care_tasks (id) ON DELETE SET NULL,
    given_at     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    CHECK (csat IS NOT NULL OR nps IS NOT NULL)
) STRICT;
CREATE INDEX feedback_customer ON feedback (customer_id, given_at);
CREATE INDEX feedback_given ON feedback (given_at);
