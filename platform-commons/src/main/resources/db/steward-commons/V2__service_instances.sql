-- The service's running instances: each beats here every third of its lease. Background work records the instance
-- that runs it; work whose instance has not beaten within the lease was abandoned, and any instance may fail it.
create table steward_service_instance (
    id         text        primary key,
    started_at timestamptz not null,
    beat_at    timestamptz not null
);
