-- The acts of the approval workflow, in order, each bound to the artifact (and validation report) it saw. The
-- workflow state is replayed from them, so an act bound to bytes that are no longer current stops counting.
create table approval_act (
    sequence        bigserial   primary key,
    id              uuid        not null unique,
    model           text        not null,
    version         int         not null,
    act             text        not null check (act in ('submit', 'validate', 'reject', 'approve', 'withdraw')),
    actor           text        not null,
    artifact_sha256 char(64)    not null,
    report_sha256   char(64),
    reason          text,
    event_type      text        not null,
    acted_at        timestamptz not null
);
create index approval_act_version on approval_act (model, version, sequence);
create index approval_act_actor on approval_act (actor);

create trigger approval_act_append_only before update or delete on approval_act
    for each row execute function refuse_audit_change();

-- Findings raised by validators; their status moves (open -> resolved or accepted), every move audited.
create table finding (
    id          uuid        primary key,
    model       text        not null,
    version     int         not null,
    severity    text        not null check (severity in ('low', 'medium', 'high', 'critical')),
    status      text        not null check (status in ('open', 'resolved', 'accepted')),
    text        text        not null,
    owner       text        not null,
    due_on      date,
    raised_by   text        not null,
    raised_at   timestamptz not null,
    act_id      uuid references approval_act (id),
    resolution  text,
    updated_by  text,
    updated_at  timestamptz
);
create index finding_version on finding (model, version, raised_at);
create index finding_open on finding (status) where status = 'open';
