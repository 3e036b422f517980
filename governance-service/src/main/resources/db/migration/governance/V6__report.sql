-- Validation reports, content-addressed: the same inputs render the same bytes and are stored once. Each rendering
-- names the evidence it shows and the hash of everything it was rendered from (evidence id and the workflow's
-- facts), so a report is re-rendered exactly when one of them changed.
create table report (
    sha256          char(64)    primary key,
    model           text        not null,
    version         int         not null,
    artifact_sha256 char(64)    not null,
    format          text        not null check (format in ('html', 'pdf')),
    content         bytea       not null,
    created_at      timestamptz not null,
    created_by      text        not null,
    evidence_id     uuid        not null references evidence (id),
    inputs_sha256   char(64)    not null
);

create index report_rendering on report (evidence_id, inputs_sha256, format);
create index report_latest on report (model, version, artifact_sha256, format, created_at desc);
