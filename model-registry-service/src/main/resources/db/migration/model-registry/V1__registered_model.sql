create table registered_model (
    name        text        primary key,
    use_case    text        not null check (use_case in ('credit', 'fraud', 'aml', 'propensity', 'other')),
    risk_tier   smallint    not null check (risk_tier between 1 and 3),
    owner       text        not null,
    description text,
    created_at  timestamptz not null,
    created_by  text        not null
);
