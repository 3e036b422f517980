-- Reproductions of a version requested over REST: the recorded pipeline rerun on the recorded snapshot inside the
-- registry, as the requester. A row is queued, runs, and ends succeeded (with a verdict) or failed (with the reason it
-- could not run). The differences and notes are the training pipeline's Reproduction, as it reported them.
create table version_reproduction (
    id                         uuid        primary key,
    model                      text        not null,
    version                    integer     not null,
    status                     text        not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    rebuild_from_sources       boolean     not null,
    requested_by               text        not null,
    requested_at               timestamptz not null,
    started_at                 timestamptz,
    finished_at                timestamptz,
    verdict                    text        check (verdict in ('IDENTICAL', 'DIFFERS')),
    recorded_artifact_sha256   text        not null check (recorded_artifact_sha256 ~ '^[0-9a-f]{64}$'),
    reproduced_artifact_sha256 text        check (reproduced_artifact_sha256 ~ '^[0-9a-f]{64}$'),
    differences                jsonb       not null default '[]',
    notes                      jsonb       not null default '[]',
    steps                      jsonb       not null default '[]',
    failure                    text,
    foreign key (model, version) references model_version (model, version),
    -- a verdict exactly when it succeeded, a reason exactly when it failed
    check ((status = 'SUCCEEDED') = (verdict is not null and reproduced_artifact_sha256 is not null)),
    check ((status = 'FAILED') = (failure is not null)),
    check ((status in ('SUCCEEDED', 'FAILED')) = (finished_at is not null))
);

-- One reproduction of a version at a time, whatever the application does.
create unique index version_reproduction_one_active on version_reproduction (model, version)
    where status in ('QUEUED', 'RUNNING');
create index version_reproduction_of_version on version_reproduction (model, version, requested_at desc);
