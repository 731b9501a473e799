-- Schema 7: care plans, message templates and the keys of generated care
-- tasks (see carebook-care's plans.rs). Plans and templates are seeded by the
-- application on the first run of generation (their `active_since` is the
-- shop's today, which the store does not know).

CREATE TABLE care_plans (
    id           INTEGER PRIMARY KEY,
    -- The key of a shipped default plan; NULL for the owner's own.
    key          TEXT UNIQUE,
    name         TEXT NOT NULL,
    -- carebook_care::Trigger as JSON ({"type": "first_purchase"} …).
    trigger      TEXT NOT NULL CHECK (json_valid(trigger)),
    active       INTEGER NOT NULL CHECK (active IN (0, 1)),
    active_since TEXT NOT NULL,
    -- carebook_care::PlanStep list as JSON; step ids are part of task keys.
    steps        TEXT NOT NULL CHECK (json_valid(steps)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE message_templates (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    text_vi    TEXT NOT NULL,
    text_en    TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Every key generation ever inserted, kept when the task is deleted, so that
-- a deleted or edited task never comes back. Gone with the customer.
CREATE TABLE care_task_keys (
    key         TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX care_task_keys_customer ON care_task_keys (customer_id);

-- Where a generated task came from; NULL for tasks typed by a person.
ALTER TABLE care_tasks ADD COLUMN task_key TEXT;
ALTER TABLE care_tasks ADD COLUMN plan_id INTEGER REFERENCES care_plans (id) ON DELETE SET NULL;
ALTER TABLE care_tasks ADD COLUMN template_key TEXT;
-- carebook_care::Reason as JSON: why the task exists.
ALTER TABLE care_tasks ADD COLUMN reason TEXT;
-- The due date before the task was first moved to another day.
ALTER TABLE care_tasks ADD COLUMN first_due_date TEXT;
CREATE UNIQUE INDEX care_tasks_key ON care_tasks (task_key) WHERE task_key IS NOT NULL;
CREATE INDEX care_tasks_date ON care_tasks (due_date);
-- The today list in its order (by assignee, due date) without sorting the backlog.
CREATE INDEX care_tasks_planned ON care_tasks (assignee_id, due_date, id) WHERE status = 'planned';
CREATE INDEX care_tasks_plan ON care_tasks (plan_id) WHERE plan_id IS NOT NULL;

-- Birthdays of the days being viewed, found without reading every customer.
CREATE INDEX customers_birthday ON customers (birthday_calendar, birthday_month, birthday_day, birthday_leap)
    WHERE birthday_calendar IS NOT NULL AND archived_at IS NULL;
