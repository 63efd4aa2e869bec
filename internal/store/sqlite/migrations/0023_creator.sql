-- Who created an employee: the connection or administrator whose write
-- set every attribute it was created with. The provenance of those
-- attributes is this, until a later write changes them (which stores a
-- row in employee_provenance): a create no longer writes a dozen
-- provenance rows, a third of what it wrote. A token rotation hands the
-- creator over like the provenance rows. Employees created before keep
-- their rows (an explicit row wins), so they need no creator.
ALTER TABLE employees ADD COLUMN creator_connection_id TEXT;
ALTER TABLE employees ADD COLUMN creator_admin_id TEXT;
