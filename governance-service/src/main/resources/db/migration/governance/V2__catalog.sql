-- Governance's own copy of what the registry says about models and versions, projected from steward.registry
-- events (and filled from the registry's REST API when an event has not arrived yet). JSON members are kept as
-- the registry wrote them.
create table catalog_model (
    name                 text        primary key,
    use_case             text        not null,
    risk_tier            int         not null check (risk_tier between 1 and 3),
    owner                text        not null,
    protected_attributes text        not null default '[]',
    reason_codes         text        not null default '{}',
    decision_policy      text,
    champion_version     int,
    updated_at           timestamptz not null
);

-- No foreign key to catalog_model: model and version events have different subjects, so they may arrive in
-- either order.
create table catalog_version (
    model             text        not null,
    version           int         not null check (version > 0),
    status            text        not null,
    format            text,
    artifact_sha256   char(64)    not null,
    registered_by     text        not null,
    metrics           text        not null default '{}',
    lineage           text        not null default '{}',
    registered_at     timestamptz not null,
    status_changed_at timestamptz,
    validated_at      timestamptz,
    primary key (model, version)
);
create index catalog_version_author on catalog_version (registered_by);
