-- The activity log (directory.LogEntry): one company-scoped record of
-- every SCIM write and refused write, Entra's Test Connection probes,
-- roster's own changes (references resolved or cleared) and the
-- administrators' actions. Conventions as in 0001_init.sql: times are unix
-- microseconds, absent strings are NULL.
--
-- Not foreign-keyed to employees nor connections: entries outlive the
-- employees they name (employee_id and user_name are kept as they were),
-- and a refusal may name no employee. changes and not_applied are JSON
-- arrays of {"attribute","old","new"} and {"attribute","reason"}: one
-- INSERT per entry, inside the write's own transaction.
CREATE TABLE activity_log (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	company_id TEXT NOT NULL,
	at_us INTEGER NOT NULL,
	connection_id TEXT,
	admin_id TEXT,
	client TEXT,
	request_id TEXT,
	operation TEXT NOT NULL,
	bulk INTEGER NOT NULL DEFAULT 0,
	employee_id TEXT,
	user_name TEXT,
	status INTEGER NOT NULL,
	scim_type TEXT,
	detail TEXT,
	cause TEXT,
	changes TEXT,
	not_applied TEXT
);

-- The company's log newest first, and by employee and by connection; the
-- failure view reads refusals only. Pruning deletes the oldest of all
-- companies in id order (the rowid), which needs no index on at_us.
CREATE INDEX activity_log_company ON activity_log (company_id, at_us, id);
CREATE INDEX activity_log_employee ON activity_log (company_id, employee_id, at_us) WHERE employee_id IS NOT NULL;
CREATE INDEX activity_log_connection ON activity_log (company_id, connection_id, at_us) WHERE connection_id IS NOT NULL;
CREATE INDEX activity_log_failed ON activity_log (company_id, at_us) WHERE status >= 400;

-- The per-employee activity kept so far (references resolved or cleared)
-- becomes log entries too, as roster's own (client "system") or the
-- connection whose write caused them.
INSERT INTO activity_log (company_id, at_us, connection_id, client, operation, employee_id, user_name, status, detail)
SELECT a.company_id, a.at_us, a.connection_id, CASE WHEN a.connection_id IS NULL THEN 'system' ELSE NULL END,
	replace(a.kind, '_', ' '), a.employee_id, e.user_name, 200, a.detail
FROM activity a LEFT JOIN employees e ON e.id = a.employee_id
ORDER BY a.id;
