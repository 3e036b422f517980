-- Training sets: immutable point-in-time snapshots. Each one's rows live in its own table, training_set_<id>,
-- created by the service; this table records what each snapshot is and where it came from.
create function training_set_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'training set snapshots are immutable: % on % is refused', tg_op, tg_table_name;
end
$$;

create table training_set (
    id                      uuid        primary key,
    name                    text,
    feature_service         text        not null,
    feature_service_version integer     not null,
    exclude_created_after   boolean     not null,
    snapshot_table          text        not null unique,
    row_count               bigint      not null,
    entity_rows_sha256      char(64)    not null,
    content_sha256          char(64)    not null,
    columns                 jsonb       not null,
    lineage                 jsonb       not null,
    created_at              timestamptz not null default clock_timestamp(),
    created_by              text        not null
);

create index training_set_by_service on training_set (feature_service, created_at desc);

create trigger training_set_immutable before update or delete or truncate on training_set
    for each statement execute function training_set_immutable();
