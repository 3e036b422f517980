-- Policy gates as data: per risk tier, whether each gate applies and its bound. Tier 1 is the highest risk.
create table policy_gate (
    risk_tier  int              not null check (risk_tier between 1 and 3),
    gate       text             not null,
    enabled    boolean          not null,
    threshold  double precision,
    updated_at timestamptz      not null default now(),
    updated_by text             not null default 'migration',
    primary key (risk_tier, gate)
);

insert into policy_gate (risk_tier, gate, enabled, threshold) values
    (1, 'gini-out-of-time', true, 0.40), (1, 'psi-dev-vs-oot', true, 0.10), (1, 'calibration', true, null),
    (1, 'disparate-impact', true, 0.80), (1, 'explanations', true, null), (1, 'report', true, null),
    (2, 'gini-out-of-time', true, 0.30), (2, 'psi-dev-vs-oot', true, 0.25), (2, 'calibration', true, null),
    (2, 'disparate-impact', true, 0.80), (2, 'explanations', true, null), (2, 'report', true, null),
    (3, 'gini-out-of-time', true, 0.20), (3, 'psi-dev-vs-oot', true, 0.25), (3, 'calibration', false, null),
    (3, 'disparate-impact', true, 0.80), (3, 'explanations', false, null), (3, 'report', true, null);

-- Each evaluation of a version's gates, with the evidence row its inputs came from; history, never rewritten.
create table gate_evaluation (
    id              uuid        primary key,
    model           text        not null,
    version         int         not null,
    artifact_sha256 char(64)    not null,
    risk_tier       int         not null,
    evidence_id     uuid,
    evaluated_at    timestamptz not null,
    evaluated_by    text        not null
);
create index gate_evaluation_version on gate_evaluation (model, version, evaluated_at);

create table gate_result (
    evaluation_id uuid             not null references gate_evaluation (id),
    position      int              not null,
    gate          text             not null,
    attribute     text,
    passed        boolean          not null,
    value         double precision,
    threshold     double precision,
    comparison    text             not null,
    message       text             not null,
    primary key (evaluation_id, position)
);

-- An approver's decision to let a version through a failing gate: scoped to the version's artifact, until expiry.
create table policy_exception (
    id              uuid        primary key,
    model           text        not null,
    version         int         not null,
    artifact_sha256 char(64)    not null,
    gate            text        not null,
    reason          text        not null,
    expires_on      date        not null,
    granted_by      text        not null,
    granted_at      timestamptz not null
);
create index policy_exception_version on policy_exception (model, version);

create trigger gate_evaluation_append_only before update or delete on gate_evaluation
    for each row execute function refuse_audit_change();
create trigger gate_result_append_only before update or delete on gate_result
    for each row execute function refuse_audit_change();
create trigger policy_exception_append_only before update or delete on policy_exception
    for each row execute function refuse_audit_change();
