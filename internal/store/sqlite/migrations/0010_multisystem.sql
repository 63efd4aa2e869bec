-- Several systems on one company: externalId per connection, provenance
-- per attribute, and owners of attributes (see directory.ExternalID,
-- directory.Provenance, directory.Owner). Conventions as in 0001_init.sql.

-- externalId is the client's own identifier (RFC 7643 §3.1): one per
-- connection and employee. connection_id '' is an unattributed value (an
-- administrator's, or one migrated for an employee no connection created).
CREATE TABLE employee_external_ids (
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	company_id TEXT NOT NULL,
	connection_id TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (employee_id, connection_id)
);
-- "externalId eq" of a connection.
CREATE INDEX employee_external_ids_lookup ON employee_external_ids (company_id, connection_id, value);
-- References by externalId match any connection's value.
CREATE INDEX employee_external_ids_value ON employee_external_ids (company_id, value);

-- Existing values go to the connection that created the employee: the
-- only writer known from before provenance.
INSERT INTO employee_external_ids (employee_id, company_id, connection_id, value)
SELECT id, company_id, COALESCE(source_connection_id, ''), external_id FROM employees
WHERE external_id IS NOT NULL AND external_id <> '';

DROP INDEX employees_external_id;
ALTER TABLE employees DROP COLUMN external_id;

-- Who last set each attribute (named as directory.Diff names them). Both
-- ids NULL: unattributed.
CREATE TABLE employee_provenance (
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	attribute TEXT NOT NULL,
	connection_id TEXT,
	admin_id TEXT,
	at_us INTEGER NOT NULL,
	PRIMARY KEY (employee_id, attribute)
) WITHOUT ROWID;

-- Existing attributes were last set, as far as anyone knows, by the
-- connection that created the employee (unattributed when none), at the
-- employee's last modification; active by its latest status change.
INSERT INTO employee_provenance (employee_id, attribute, connection_id, admin_id, at_us)
SELECT id, a.attribute, source_connection_id, NULL, modified_us FROM employees
JOIN (SELECT 'userName' AS attribute UNION ALL SELECT 'name.givenName' UNION ALL SELECT 'name.familyName'
	UNION ALL SELECT 'name.formatted' UNION ALL SELECT 'displayName' UNION ALL SELECT 'title'
	UNION ALL SELECT 'locale' UNION ALL SELECT 'timezone' UNION ALL SELECT 'employeeNumber'
	UNION ALL SELECT 'department' UNION ALL SELECT 'manager') a
ON CASE a.attribute
	WHEN 'userName' THEN user_name WHEN 'name.givenName' THEN given_name
	WHEN 'name.familyName' THEN family_name WHEN 'name.formatted' THEN formatted_name
	WHEN 'displayName' THEN display_name WHEN 'title' THEN title WHEN 'locale' THEN locale
	WHEN 'timezone' THEN timezone WHEN 'employeeNumber' THEN employee_number
	WHEN 'department' THEN department WHEN 'manager' THEN manager_value END <> '';

INSERT INTO employee_provenance (employee_id, attribute, connection_id, admin_id, at_us)
SELECT e.id, 'emails', e.source_connection_id, NULL, e.modified_us FROM employees e
WHERE EXISTS (SELECT 1 FROM employee_emails m WHERE m.employee_id = e.id);

INSERT INTO employee_provenance (employee_id, attribute, connection_id, admin_id, at_us)
SELECT e.id, 'attribute:' || v.attribute_id, e.source_connection_id, NULL, e.modified_us
FROM employee_attribute_values v JOIN employees e ON e.id = v.employee_id;

INSERT INTO employee_provenance (employee_id, attribute, connection_id, admin_id, at_us)
SELECT s.employee_id, 'active', s.connection_id, s.admin_id, s.at_us FROM status_changes s
WHERE s.id = (SELECT MAX(l.id) FROM status_changes l WHERE l.employee_id = s.employee_id);

-- The last writer of any attribute, for the console's "Source" without
-- a join.
ALTER TABLE employees ADD COLUMN last_connection_id TEXT;
ALTER TABLE employees ADD COLUMN last_admin_id TEXT;
UPDATE employees SET last_connection_id = source_connection_id;

-- The connection authoritative for an attribute of the company's
-- employees (directory.Owner).
CREATE TABLE attribute_owners (
	company_id TEXT NOT NULL REFERENCES companies (id),
	attribute TEXT NOT NULL,
	connection_id TEXT NOT NULL REFERENCES connections (id),
	PRIMARY KEY (company_id, attribute)
);
