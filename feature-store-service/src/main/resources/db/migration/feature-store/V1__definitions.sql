-- Every version of every definition, kept forever: old versions stay queryable and pinned by lineage.
create table definition (
    kind         text        not null check (kind in ('entity', 'feature_view', 'transformation', 'feature_service')),
    name         text        not null,
    version      integer     not null check (version >= 1),
    body         text        not null,
    content_hash char(64)    not null,
    created_at   timestamptz not null default clock_timestamp(),
    created_by   text        not null,
    primary key (kind, name, version)
);
