-- Company-defined attributes with typed values, employee references
-- (manager and employee-typed attributes) that may wait for their target,
-- and the activity log (issue 4). The port of sqlite/0002_attributes.sql;
-- same conventions as 0001.

-- The manager as sent (manager_value, with its fold for finding pending
-- references that a newly written employee matches) and the employee it
-- resolves to (manager_id, NULL while pending). The old manager_id held the
-- value as sent; employees_manager now indexes manager_value, which serves
-- "manager.value eq".
ALTER TABLE employees RENAME COLUMN manager_id TO manager_value;
ALTER TABLE employees ADD COLUMN manager_value_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN manager_id TEXT COLLATE "C";

-- Old values were employee ids: resolve those naming an employee of the
-- same company. The others stay pending; lower() equals Fold on ASCII,
-- which ids are, so only non-ASCII values (never resolvable by id) keep a
-- NULL fold until the employee is next written.
UPDATE employees SET manager_value_fold = lower(manager_value)
	WHERE manager_value IS NOT NULL AND manager_value ~ '^[ -~]*$';
UPDATE employees SET manager_id = manager_value
	WHERE manager_value IS NOT NULL AND manager_value <> id AND EXISTS (
		SELECT 1 FROM employees m WHERE m.company_id = employees.company_id AND m.id = employees.manager_value);

-- Clearing references to a deleted employee.
CREATE INDEX employees_manager_target ON employees (company_id, manager_id) WHERE manager_id IS NOT NULL;
-- Finding the pending managers that a written employee now matches.
CREATE INDEX employees_manager_pending ON employees (company_id, manager_value_fold)
	WHERE manager_id IS NULL AND manager_value_fold IS NOT NULL;

-- seq is the creation order, in which Attributes lists them.
CREATE TABLE attribute_defs (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id TEXT COLLATE "C" NOT NULL UNIQUE,
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	name TEXT COLLATE "C" NOT NULL,
	type TEXT COLLATE "C" NOT NULL,
	-- JSON array of the allowed options; NULL allows any text.
	options TEXT COLLATE "C",
	created_us BIGINT NOT NULL
);

CREATE INDEX attribute_defs_company ON attribute_defs (company_id, seq);

-- Every name of an attribute: position 0 is its name, then its aliases in
-- order. The unique index makes names and aliases unique per company,
-- case-insensitively and across each other, also under concurrent writes.
CREATE TABLE attribute_names (
	attribute_id TEXT COLLATE "C" NOT NULL REFERENCES attribute_defs (id) ON DELETE CASCADE,
	company_id TEXT COLLATE "C" NOT NULL,
	position INTEGER NOT NULL,
	name TEXT COLLATE "C" NOT NULL,
	name_fold TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (attribute_id, position)
);

CREATE UNIQUE INDEX attribute_names_fold ON attribute_names (company_id, name_fold);

-- One row per employee and attribute holding a value; the column of the
-- attribute's type is set (text: option, number, date: YYYY-MM-DD, ref:
-- employee). Typed columns make range filters on dates and numbers exact.
CREATE TABLE employee_attribute_values (
	employee_id TEXT COLLATE "C" NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	attribute_id TEXT COLLATE "C" NOT NULL REFERENCES attribute_defs (id) ON DELETE CASCADE,
	company_id TEXT COLLATE "C" NOT NULL,
	text_value TEXT COLLATE "C",
	text_fold TEXT COLLATE "C",
	number_value BIGINT,
	date_value TEXT COLLATE "C",
	-- The reference as sent, and the employee it resolves to (NULL while
	-- pending).
	ref_value TEXT COLLATE "C",
	ref_fold TEXT COLLATE "C",
	ref_target_id TEXT COLLATE "C",
	PRIMARY KEY (employee_id, attribute_id)
);

-- Filters: e.id IN (SELECT employee_id … WHERE company_id = ? AND
-- attribute_id = ? AND <typed comparison>).
CREATE INDEX employee_attribute_values_text ON employee_attribute_values (company_id, attribute_id, text_fold);
CREATE INDEX employee_attribute_values_number ON employee_attribute_values (company_id, attribute_id, number_value);
CREATE INDEX employee_attribute_values_date ON employee_attribute_values (company_id, attribute_id, date_value);
CREATE INDEX employee_attribute_values_ref ON employee_attribute_values (company_id, attribute_id, ref_fold);
-- Counting and deleting an attribute's values.
CREATE INDEX employee_attribute_values_attribute ON employee_attribute_values (attribute_id);
-- References to a deleted employee, and pending references a written
-- employee now matches.
CREATE INDEX employee_attribute_values_target ON employee_attribute_values (company_id, ref_target_id)
	WHERE ref_target_id IS NOT NULL;
CREATE INDEX employee_attribute_values_pending ON employee_attribute_values (company_id, ref_fold)
	WHERE ref_target_id IS NULL AND ref_fold IS NOT NULL;

-- An employee's change log besides status changes (references resolved or
-- cleared). Deleted with the employee, like the status history.
CREATE TABLE activity (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	company_id TEXT COLLATE "C" NOT NULL,
	employee_id TEXT COLLATE "C" NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	at_us BIGINT NOT NULL,
	kind TEXT COLLATE "C" NOT NULL,
	detail TEXT COLLATE "C" NOT NULL,
	connection_id TEXT COLLATE "C"
);

CREATE INDEX activity_employee ON activity (employee_id, id);
