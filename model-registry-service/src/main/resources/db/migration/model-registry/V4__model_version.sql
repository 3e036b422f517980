-- Versions of a registered model: the artifact's address and format, the input signature, metrics, params and the
-- lineage that makes the version reproducible. The status follows the design's lifecycle; governance-owned and
-- deployment-owned transitions arrive only as events. The artifact may live in another store (filesystem), so
-- artifact_sha256 is not a foreign key to artifact.
create table model_version (
    model             text        not null references registered_model (name),
    version           integer     not null check (version > 0),
    status            text        not null check (status in
                          ('dev', 'submitted', 'validated', 'approved', 'production', 'archived', 'rejected')),
    champion          boolean     not null default false,
    challenger        boolean     not null default false,
    format            text        not null check (format in ('onnx', 'xgboost_json', 'scorecard_json')),
    artifact_sha256   text        not null check (artifact_sha256 ~ '^[0-9a-f]{64}$'),
    artifact_size     bigint      not null check (artifact_size > 0),
    description       text,
    input_signature   jsonb       not null,
    metrics           jsonb       not null,
    params            jsonb       not null,
    lineage           jsonb       not null,
    lineage_sha256    text        not null,
    created_at        timestamptz not null,
    created_by        text        not null,
    status_changed_at timestamptz not null,
    primary key (model, version),
    -- the champion answers in production; a challenger runs beside it, so a version is never both
    check (not champion or status = 'production'),
    check (not challenger or status in ('approved', 'production')),
    check (not (champion and challenger))
);

-- At most one champion per model, whatever the application does.
create unique index model_version_one_champion on model_version (model) where champion;
create index model_version_status on model_version (status);
