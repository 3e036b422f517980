-- Managed by platform-commons in every service's own schema, with its own history table
-- (steward_commons_history) so that it never collides with the service's migrations.

-- Transactional outbox: an event is inserted in the transaction of the change that causes it and
-- published by the relay afterwards, in position order.
create table steward_outbox (
    position     bigserial   primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    event_key    text        not null,
    payload      text        not null,
    created_at   timestamptz not null default clock_timestamp(),
    published_at timestamptz
);
create index steward_outbox_unpublished on steward_outbox (position) where published_at is null;

-- Idempotent consumption: one row per (consumer, event) applied, written in the same transaction
-- as the effect of the event.
create table steward_processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null default clock_timestamp(),
    primary key (consumer, event_id)
);
