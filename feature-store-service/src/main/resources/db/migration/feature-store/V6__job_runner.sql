-- The instance that runs each job (steward_service_instance.id). A job whose instance is gone is failed by the
-- others; jobs from before this column have none, and count as abandoned.
alter table job add column runner text;
