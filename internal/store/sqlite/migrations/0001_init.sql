-- roster's initial schema (SQLite). Conventions (see package sqlstore):
-- times are unix microseconds, absent strings are NULL, *_fold columns hold
-- sqlstore.Fold of the column before them for case-insensitive matching.

CREATE TABLE companies (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	created_us INTEGER NOT NULL,
	provisioning_disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE connections (
	id TEXT PRIMARY KEY,
	company_id TEXT NOT NULL REFERENCES companies (id),
	label TEXT NOT NULL,
	token_hash BLOB NOT NULL UNIQUE,
	created_us INTEGER NOT NULL,
	last_used_us INTEGER,
	revoked_us INTEGER,
	request_count INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX connections_company ON connections (company_id, created_us);

-- seq is the creation order: the default sort and every sort's tie-breaker.
-- AUTOINCREMENT keeps seq from being reused after deletes, so an Okta import
-- paging through the default order never sees a new employee in an old slot.
CREATE TABLE employees (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	company_id TEXT NOT NULL REFERENCES companies (id),
	user_name TEXT NOT NULL,
	user_name_fold TEXT NOT NULL,
	external_id TEXT,
	given_name TEXT,
	given_name_fold TEXT,
	family_name TEXT,
	family_name_fold TEXT,
	formatted_name TEXT,
	formatted_name_fold TEXT,
	display_name TEXT,
	display_name_fold TEXT,
	title TEXT,
	title_fold TEXT,
	locale TEXT,
	locale_fold TEXT,
	timezone TEXT,
	timezone_fold TEXT,
	active INTEGER NOT NULL,
	status_changed_us INTEGER NOT NULL,
	employee_number TEXT,
	employee_number_fold TEXT,
	department TEXT,
	department_fold TEXT,
	-- As sent by the client: it may name no employee (yet), so no foreign key.
	manager_id TEXT,
	created_us INTEGER NOT NULL,
	modified_us INTEGER NOT NULL,
	version INTEGER NOT NULL,
	-- No foreign key: connections are revoked, never deleted, but an
	-- employee must not block that should it ever change.
	source_connection_id TEXT
);

-- userName is unique per company, case-insensitively, enforced here so that
-- concurrent creates cannot both succeed. Also serves "userName eq".
CREATE UNIQUE INDEX employees_user_name ON employees (company_id, user_name_fold);
CREATE INDEX employees_external_id ON employees (company_id, external_id);
CREATE INDEX employees_company_seq ON employees (company_id, seq);
-- Lets "e.company_id = ? AND e.id IN (SELECT employee_id FROM employee_emails …)"
-- seek each matching email's employee instead of scanning the company.
CREATE UNIQUE INDEX employees_company_id ON employees (company_id, id);
CREATE INDEX employees_manager ON employees (company_id, manager_id);

CREATE TABLE employee_emails (
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	company_id TEXT NOT NULL,
	position INTEGER NOT NULL,
	value TEXT NOT NULL,
	value_fold TEXT NOT NULL,
	type TEXT,
	type_fold TEXT,
	is_primary INTEGER NOT NULL,
	PRIMARY KEY (employee_id, position)
);

-- Serves "emails.value eq" and emails[type eq "work" and value eq …].
CREATE INDEX employee_emails_value ON employee_emails (company_id, value_fold);

-- Deleting an employee deletes its history too: nothing that identifies a
-- deleted person is kept.
CREATE TABLE status_changes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	company_id TEXT NOT NULL,
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	active INTEGER NOT NULL,
	at_us INTEGER NOT NULL,
	connection_id TEXT,
	admin_id TEXT
);

CREATE INDEX status_changes_employee ON status_changes (employee_id, id);
