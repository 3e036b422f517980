-- The service's running instances: each beats here every third of its lease, and is alive until its row expires.
-- Background work records the instance that runs it; work whose instance has expired (or has no row) was abandoned,
-- and any instance may fail it. Each row carries its own instance's lease, so instances configured with different
-- leases still judge each other right.
create table steward_service_instance (
    id         text        primary key,
    started_at timestamptz not null,
    beat_at    timestamptz not null,
    expires_at timestamptz not null
);
