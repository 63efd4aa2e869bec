-- The mass-deactivation guard (issue 11, directory/guard.go).

-- A company's threshold; a company without a row has the default.
CREATE TABLE guard_policies (
	company_id TEXT PRIMARY KEY REFERENCES companies (id),
	percent INTEGER NOT NULL,
	min_count INTEGER NOT NULL,
	window_us INTEGER NOT NULL
);

-- A held change of an employee: released_us is NULL while it is held.
-- Released rows are kept: the connection's count of deactivations
-- starts again at its last release. A hold goes with its employee.
CREATE TABLE guard_holds (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	company_id TEXT NOT NULL,
	connection_id TEXT NOT NULL,
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	at_us INTEGER NOT NULL,
	request_id TEXT,
	released_us INTEGER
);

CREATE INDEX guard_holds_company ON guard_holds (company_id, connection_id);
CREATE INDEX guard_holds_employee ON guard_holds (employee_id);

-- The deactivations a connection applied in a window.
CREATE INDEX status_changes_connection ON status_changes (company_id, connection_id, at_us) WHERE connection_id IS NOT NULL;
