-- Held deletes and deletion tombstones (issue 11, directory/guard.go).

-- held_deleted_us is set (to when) once the mass-deactivation guard
-- holds the employee's delete: its row, data and history are kept for
-- survey audiences, but SCIM and the directory no longer see it. While
-- held, its user_name_fold is "HELD:" and its id, which no fold of a
-- userName is (a fold has no upper-case letter), so that its userName
-- is free without changing the unique index that "userName eq" seeks;
-- the fold it had is kept in its hold (guard_holds.user_name_fold).
ALTER TABLE employees ADD COLUMN held_deleted_us INTEGER;

-- A deletion applied: when, by whom, by which request. The employee's
-- row and history are gone; this keeps only the (random) id, so that a
-- round's why can say "deleted at …" without keeping who the person was.
-- The guard counts a connection's deletions here (held ones are not).
CREATE TABLE employee_deletions (
	employee_id TEXT PRIMARY KEY,
	company_id TEXT NOT NULL,
	at_us INTEGER NOT NULL,
	connection_id TEXT,
	admin_id TEXT,
	request_id TEXT
);
CREATE INDEX employee_deletions_connection ON employee_deletions (company_id, connection_id, at_us);

-- Deletions before this migration, from their log entries.
INSERT OR IGNORE INTO employee_deletions (employee_id, company_id, at_us, connection_id, admin_id, request_id)
SELECT employee_id, company_id, at_us, connection_id, admin_id, request_id FROM activity_log
WHERE operation = 'delete' AND status < 400 AND employee_id IS NOT NULL ORDER BY id;

-- A hold now outlives its employee once released (a released delete
-- removes the employee): the connection's count starts again at its
-- last release, which must not go with the rows. Unreleased holds of an
-- employee deleted otherwise are removed by the delete itself.
CREATE TABLE guard_holds_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	company_id TEXT NOT NULL,
	connection_id TEXT NOT NULL,
	employee_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	at_us INTEGER NOT NULL,
	request_id TEXT,
	released_us INTEGER,
	-- a held delete's: the userName fold the employee had (see above).
	user_name_fold TEXT
);
INSERT INTO guard_holds_new (id, company_id, connection_id, employee_id, kind, at_us, request_id, released_us)
SELECT id, company_id, connection_id, employee_id, kind, at_us, request_id, released_us FROM guard_holds;
DROP TABLE guard_holds;
ALTER TABLE guard_holds_new RENAME TO guard_holds;
CREATE INDEX guard_holds_company ON guard_holds (company_id, connection_id);
CREATE INDEX guard_holds_employee ON guard_holds (employee_id);
