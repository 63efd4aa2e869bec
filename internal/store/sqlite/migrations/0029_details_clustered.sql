-- An employee's emails, external ids and attribute values kept in their
-- primary key's order (WITHOUT ROWID), by employee: as rowid tables each
-- was two B-trees, the rows and the primary key's index, so a create
-- wrote both and reading an employee's details sought the index and then
-- the rows. Now one B-tree each: a create writes two or three fewer
-- pages, and a lookup's details are one seek a table (alternating runs,
-- nine pairs: a lookup's CPU lower in seven, by up to a sixth; the
-- sync's and single POSTs' rates within the noise). Rows of these tables are small
-- (an id, a company, a value), as WITHOUT ROWID wants them. The tables
-- are copied whole: on a large database the migration takes a while,
-- once (300,000 employees: 6 seconds on the CI machine).
CREATE TABLE employee_emails_clustered (
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	company_id TEXT NOT NULL,
	position INTEGER NOT NULL,
	value TEXT NOT NULL,
	value_fold TEXT NOT NULL,
	type TEXT,
	type_fold TEXT,
	is_primary INTEGER NOT NULL,
	PRIMARY KEY (employee_id, position)
) WITHOUT ROWID;
INSERT INTO employee_emails_clustered (employee_id, company_id, position, value, value_fold, type, type_fold, is_primary)
	SELECT employee_id, company_id, position, value, value_fold, type, type_fold, is_primary FROM employee_emails;
DROP TABLE employee_emails;
ALTER TABLE employee_emails_clustered RENAME TO employee_emails;
CREATE INDEX employee_emails_value ON employee_emails (company_id, value_fold);

CREATE TABLE employee_external_ids_clustered (
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	company_id TEXT NOT NULL,
	connection_id TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (employee_id, connection_id)
) WITHOUT ROWID;
INSERT INTO employee_external_ids_clustered (employee_id, company_id, connection_id, value)
	SELECT employee_id, company_id, connection_id, value FROM employee_external_ids;
DROP TABLE employee_external_ids;
ALTER TABLE employee_external_ids_clustered RENAME TO employee_external_ids;
CREATE INDEX employee_external_ids_lookup ON employee_external_ids (company_id, connection_id, value);
CREATE INDEX employee_external_ids_value ON employee_external_ids (company_id, value);

CREATE TABLE employee_attribute_values_clustered (
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	attribute_id TEXT NOT NULL REFERENCES attribute_defs (id) ON DELETE CASCADE,
	company_id TEXT NOT NULL,
	text_value TEXT,
	text_fold TEXT,
	number_value INTEGER,
	date_value TEXT,
	ref_value TEXT,
	ref_fold TEXT,
	ref_target_id TEXT,
	PRIMARY KEY (employee_id, attribute_id)
) WITHOUT ROWID;
INSERT INTO employee_attribute_values_clustered (employee_id, attribute_id, company_id, text_value, text_fold, number_value, date_value, ref_value, ref_fold, ref_target_id)
	SELECT employee_id, attribute_id, company_id, text_value, text_fold, number_value, date_value, ref_value, ref_fold, ref_target_id FROM employee_attribute_values;
DROP TABLE employee_attribute_values;
ALTER TABLE employee_attribute_values_clustered RENAME TO employee_attribute_values;
CREATE INDEX employee_attribute_values_text ON employee_attribute_values (company_id, attribute_id, text_fold);
CREATE INDEX employee_attribute_values_number ON employee_attribute_values (company_id, attribute_id, number_value);
CREATE INDEX employee_attribute_values_date ON employee_attribute_values (company_id, attribute_id, date_value);
CREATE INDEX employee_attribute_values_ref ON employee_attribute_values (company_id, attribute_id, ref_fold);
CREATE INDEX employee_attribute_values_attribute ON employee_attribute_values (attribute_id);
CREATE INDEX employee_attribute_values_target ON employee_attribute_values (company_id, ref_target_id)
	WHERE ref_target_id IS NOT NULL;
CREATE INDEX employee_attribute_values_pending ON employee_attribute_values (company_id, ref_fold)
	WHERE ref_target_id IS NULL AND ref_fold IS NOT NULL;
