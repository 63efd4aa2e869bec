-- roster's initial schema (PostgreSQL), the port of sqlite/0001_init.sql.
-- Conventions (see package sqlstore): times are unix microseconds, absent
-- strings are NULL, *_fold columns hold sqlstore.Fold of the column before
-- them for case-insensitive matching. Text is COLLATE "C": comparisons,
-- sorting and LIKE go by bytes, as in SQLite and filter.Match, whatever
-- the database's default collation.

CREATE TABLE companies (
	id TEXT COLLATE "C" PRIMARY KEY,
	name TEXT COLLATE "C" NOT NULL,
	created_us BIGINT NOT NULL,
	provisioning_disabled BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE connections (
	id TEXT COLLATE "C" PRIMARY KEY,
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	label TEXT COLLATE "C" NOT NULL,
	token_hash BYTEA NOT NULL UNIQUE,
	created_us BIGINT NOT NULL,
	last_used_us BIGINT,
	revoked_us BIGINT,
	request_count BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX connections_company ON connections (company_id, created_us);

-- seq is the creation order: the default sort and every sort's tie-breaker.
-- An identity never hands out a value twice, so an Okta import paging
-- through the default order never sees a new employee in an old slot.
CREATE TABLE employees (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id TEXT COLLATE "C" NOT NULL UNIQUE,
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	user_name TEXT COLLATE "C" NOT NULL,
	user_name_fold TEXT COLLATE "C" NOT NULL,
	external_id TEXT COLLATE "C",
	given_name TEXT COLLATE "C",
	given_name_fold TEXT COLLATE "C",
	family_name TEXT COLLATE "C",
	family_name_fold TEXT COLLATE "C",
	formatted_name TEXT COLLATE "C",
	formatted_name_fold TEXT COLLATE "C",
	display_name TEXT COLLATE "C",
	display_name_fold TEXT COLLATE "C",
	title TEXT COLLATE "C",
	title_fold TEXT COLLATE "C",
	locale TEXT COLLATE "C",
	locale_fold TEXT COLLATE "C",
	timezone TEXT COLLATE "C",
	timezone_fold TEXT COLLATE "C",
	active BOOLEAN NOT NULL,
	status_changed_us BIGINT NOT NULL,
	employee_number TEXT COLLATE "C",
	employee_number_fold TEXT COLLATE "C",
	department TEXT COLLATE "C",
	department_fold TEXT COLLATE "C",
	-- As sent by the client: it may name no employee (yet), so no foreign key.
	manager_id TEXT COLLATE "C",
	created_us BIGINT NOT NULL,
	modified_us BIGINT NOT NULL,
	version BIGINT NOT NULL,
	-- No foreign key: connections are revoked, never deleted, but an
	-- employee must not block that should it ever change.
	source_connection_id TEXT COLLATE "C"
);

-- userName is unique per company, case-insensitively, enforced here so that
-- concurrent creates cannot both succeed. Also serves "userName eq".
CREATE UNIQUE INDEX employees_user_name ON employees (company_id, user_name_fold);
CREATE INDEX employees_external_id ON employees (company_id, external_id);
CREATE INDEX employees_company_seq ON employees (company_id, seq);
CREATE UNIQUE INDEX employees_company_id ON employees (company_id, id);
CREATE INDEX employees_manager ON employees (company_id, manager_id);

CREATE TABLE employee_emails (
	employee_id TEXT COLLATE "C" NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	company_id TEXT COLLATE "C" NOT NULL,
	position INTEGER NOT NULL,
	value TEXT COLLATE "C" NOT NULL,
	value_fold TEXT COLLATE "C" NOT NULL,
	type TEXT COLLATE "C",
	type_fold TEXT COLLATE "C",
	is_primary BOOLEAN NOT NULL,
	PRIMARY KEY (employee_id, position)
);

-- Serves "emails.value eq" and emails[type eq "work" and value eq …].
CREATE INDEX employee_emails_value ON employee_emails (company_id, value_fold);

-- Deleting an employee deletes its history too: nothing that identifies a
-- deleted person is kept.
CREATE TABLE status_changes (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	company_id TEXT COLLATE "C" NOT NULL,
	employee_id TEXT COLLATE "C" NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	active BOOLEAN NOT NULL,
	at_us BIGINT NOT NULL,
	connection_id TEXT COLLATE "C",
	admin_id TEXT COLLATE "C"
);

CREATE INDEX status_changes_employee ON status_changes (employee_id, id);
