-- The regulatory trail: every audit event of every service, once, in one hash chain.
-- hash = sha256(prev_hash || canonical(event)); event holds the exact canonical bytes that were hashed.
create table audit_chain (
    sequence    bigint      primary key,
    event_id    text        not null unique,
    event_time  timestamptz not null,
    source      text        not null,
    subject     text        not null,
    actor       text        not null,
    action      text        not null,
    event       text        not null,
    prev_hash   char(64)    not null,
    hash        char(64)    not null unique,
    recorded_at timestamptz not null default clock_timestamp()
);
create index audit_chain_subject on audit_chain (subject, sequence);
create index audit_chain_actor on audit_chain (actor, sequence);
create index audit_chain_action on audit_chain (action, sequence);
create index audit_chain_time on audit_chain (event_time);

-- Signed statements "the chain had this head at this sequence": they let an auditor holding only the public
-- key detect truncation, and pin the past against a rewrite of the whole chain.
create table audit_checkpoint (
    sequence   bigint      primary key,
    head_hash  char(64)    not null,
    signed_at  timestamptz not null,
    key_id     text        not null,
    signature  text        not null,
    created_by text        not null
);

create function refuse_audit_change() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail is append-only: % on % is refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_chain_append_only before update or delete on audit_chain
    for each row execute function refuse_audit_change();
create trigger audit_chain_no_truncate before truncate on audit_chain
    for each statement execute function refuse_audit_change();
create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
    for each row execute function refuse_audit_change();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function refuse_audit_change();
