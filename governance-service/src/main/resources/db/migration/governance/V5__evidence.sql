-- Evidence computed for a version's artifact: the inputs of the policy gates (gate_inputs) and everything the
-- validation report shows (body), both JSON. A new computation adds a row; the latest row for
-- (model, version, artifact_sha256) is the one that counts. report_sha256 is the latest PDF rendered from it.
create table evidence (
    id              uuid primary key,
    model           text        not null,
    version         int         not null,
    artifact_sha256 char(64)    not null,
    report_sha256   char(64),
    gate_inputs     text        not null,
    body            text        not null,
    created_at      timestamptz not null,
    created_by      text        not null
);

create index evidence_latest on evidence (model, version, artifact_sha256, created_at desc);
