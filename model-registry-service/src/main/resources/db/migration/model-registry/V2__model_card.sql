-- The model card: what a model is for and not for, the attributes fairness is monitored on, how its score becomes a
-- decision, how a decision is explained, and the business KPIs it answers to. Changed by PATCH, each change audited.
alter table registered_model
    add column intended_use         text,
    add column limitations          text,
    add column protected_attributes jsonb not null default '[]',
    add column decision_policy      jsonb,
    add column reason_codes         jsonb not null default '{}',
    add column kpis                 jsonb not null default '[]',
    add column updated_at           timestamptz,
    add column updated_by           text;
