-- PostgreSQL checks a foreign key row by row: each row inserted into a
-- table that has one runs a query for its parent row and locks it (KEY
-- SHARE; in a Bulk request's savepoints, a lock of the subtransaction's
-- own each time). An employee's create inserted four such rows — the
-- employee (its company's key), its email, its status change, its
-- external id (the employee's key) — and in a Bulk of creates the checks
-- were 15 % of PostgreSQL's CPU (perf), for checks that cannot fail: the
-- store writes an employee only after reading its company under the
-- company's lock (sqlstore's company_lock.go; companies are never
-- deleted), and an employee's details only in a transaction that wrote
-- or read the employee, after it, under the same lock — the lock its
-- deletion takes too. What the keys did besides, deleting an employee's
-- details with it (ON DELETE CASCADE), the statement trigger below does,
-- once per DELETE. (SQLite keeps its keys: its checks are index probes
-- without locks, and dropping them measured no faster.)
ALTER TABLE employees DROP CONSTRAINT IF EXISTS employees_company_id_fkey;
ALTER TABLE employee_emails DROP CONSTRAINT IF EXISTS employee_emails_employee_id_fkey;
ALTER TABLE status_changes DROP CONSTRAINT IF EXISTS status_changes_employee_id_fkey;
ALTER TABLE employee_external_ids DROP CONSTRAINT IF EXISTS employee_external_ids_employee_id_fkey;
ALTER TABLE employee_provenance DROP CONSTRAINT IF EXISTS employee_provenance_employee_id_fkey;
ALTER TABLE employee_values DROP CONSTRAINT IF EXISTS employee_values_employee_id_fkey;
ALTER TABLE employee_attribute_values DROP CONSTRAINT IF EXISTS employee_attribute_values_employee_id_fkey;

-- Each table is reached through an index that leads with employee_id.
-- One line: the migration runner splits statements at line ends with ";".
CREATE FUNCTION delete_employee_details() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM employee_emails WHERE employee_id IN (SELECT id FROM gone); DELETE FROM status_changes WHERE employee_id IN (SELECT id FROM gone); DELETE FROM employee_external_ids WHERE employee_id IN (SELECT id FROM gone); DELETE FROM employee_provenance WHERE employee_id IN (SELECT id FROM gone); DELETE FROM employee_values WHERE employee_id IN (SELECT id FROM gone); DELETE FROM employee_attribute_values WHERE employee_id IN (SELECT id FROM gone); RETURN NULL; END $$;
CREATE TRIGGER employees_details_follow AFTER DELETE ON employees REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION delete_employee_details();
