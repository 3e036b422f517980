-- The instance that runs each reproduction (steward_service_instance.id). A reproduction whose instance is gone is
-- failed by the others; those from before this column have none, and count as abandoned.
alter table version_reproduction add column runner text;
