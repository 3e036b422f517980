-- Every batch offered to the store, accepted or refused, with its original bytes: nothing is lost, and a refused
-- batch can be downloaded, fixed and replayed. The content is a large object so that files of hundreds of
-- megabytes stream in and out without being held in memory.
create table ingest_batch (
    id             uuid        primary key,
    view           text        not null,
    version        integer     not null check (version >= 1),
    format         text        not null check (format in ('csv', 'jsonl', 'parquet')),
    source         text        not null,
    status         text        not null check (status in ('ACCEPTED', 'QUARANTINED', 'REPLAYED')),
    rows           bigint      not null,
    violations     bigint      not null,
    report         jsonb       not null,
    min_event_time timestamptz,
    max_event_time timestamptz,
    content        oid         not null,
    content_bytes  bigint      not null,
    content_sha256 char(64)    not null,
    created_at     timestamptz not null default clock_timestamp(),
    created_by     text        not null,
    replay_of      uuid        references ingest_batch (id),
    replayed_by    uuid        references ingest_batch (id),
    check ((status = 'REPLAYED') = (replayed_by is not null))
);
create index ingest_batch_status on ingest_batch (status, created_at desc);
create index ingest_batch_view on ingest_batch (view, version, created_at desc);

-- How far each stream source's consumer group has applied each partition, committed with the rows themselves:
-- a redelivered message (a crash before the Kafka commit, a rebalance, a reset offset) is recognised and skipped.
create table ingest_stream_position (
    consumer_group text    not null,
    topic          text    not null,
    partition      integer not null,
    next_offset    bigint  not null,
    primary key (consumer_group, topic, partition)
);
