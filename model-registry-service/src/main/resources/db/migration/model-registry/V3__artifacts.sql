-- Content-addressed artifacts (the default PostgreSQL store). An artifact is written in chunks under a fresh content
-- id while its SHA-256 is computed, then published under that address; if the address exists, the new chunks are
-- deleted, so identical bytes are kept once. Every read re-hashes the chunks and refuses a mismatch.
create table artifact (
    sha256     text        primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    size       bigint      not null check (size >= 0),
    content_id uuid        not null unique,
    created_at timestamptz not null
);

create table artifact_chunk (
    content_id uuid    not null,
    seq        integer not null check (seq >= 0),
    data       bytea   not null,
    primary key (content_id, seq)
);
