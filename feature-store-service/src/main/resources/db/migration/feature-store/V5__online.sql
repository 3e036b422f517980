-- The online store's PostgreSQL backend: the latest row per entity key per feature view version. A row is
-- replaced only by one with a greater (event_time, created), the offline point-in-time join's tie-break.
-- Rows are updated in place, so pages keep room for HOT updates.
create table online_row (
    view           text        not null,
    version        integer     not null,
    entity_key     text        not null,
    event_time     timestamptz not null,
    created        timestamptz not null,
    feature_values text        not null,
    primary key (view, version, entity_key)
) with (fillfactor = 80);

-- How far each view version has been materialised into the PostgreSQL backend (the Redis backend keeps its
-- own watermarks beside its rows, so that losing the rows loses the watermark too).
create table online_watermark (
    view           text        not null,
    version        integer     not null,
    created_before timestamptz not null,
    event_time_end timestamptz not null,
    updated_at     timestamptz not null default clock_timestamp(),
    primary key (view, version)
);

-- Every materialisation run that completed, whatever the backend: what was read and written, and the watermark
-- it left, so operations can tell when a view was last brought up to date and how.
create table materialization_run (
    id             uuid        primary key,
    view           text        not null,
    version        integer     not null,
    mode           text        not null check (mode in ('RANGE', 'INCREMENTAL')),
    backend        text        not null,
    range_start    timestamptz,
    range_end      timestamptz not null,
    created_from   timestamptz,
    watermark      timestamptz,
    rows_read      bigint      not null,
    rows_applied   bigint      not null,
    started_at     timestamptz not null,
    finished_at    timestamptz not null,
    created_by     text        not null
);
create index materialization_run_view on materialization_run (view, version, finished_at desc);
