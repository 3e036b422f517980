-- Long-running work (training sets, materialisation) runs as jobs whose progress callers can poll.
create table job (
    id          uuid        primary key,
    kind        text        not null,
    state       text        not null check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    done        bigint      not null default 0,
    total       bigint,
    message     text,
    result      text,
    error       text,
    created_at  timestamptz not null default clock_timestamp(),
    created_by  text        not null,
    started_at  timestamptz,
    finished_at timestamptz
);
