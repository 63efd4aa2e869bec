-- Survey rounds and their frozen audiences (issue 11).

CREATE TABLE survey_schedules (
	id TEXT PRIMARY KEY,
	company_id TEXT NOT NULL REFERENCES companies (id),
	name TEXT NOT NULL,
	start_us INTEGER NOT NULL,
	-- the start's offset from UTC in seconds: months are counted in the
	-- zone the schedule was given in.
	start_offset INTEGER NOT NULL,
	length_us INTEGER NOT NULL,
	every_weeks INTEGER NOT NULL,
	every_months INTEGER NOT NULL
);

CREATE INDEX survey_schedules_company ON survey_schedules (company_id);

-- frozen_us is when the audience was stored, NULL until the round opens;
-- audience_size is its size then (a count of 100,000 rows takes ~10 ms).
CREATE TABLE survey_rounds (
	id TEXT PRIMARY KEY,
	company_id TEXT NOT NULL REFERENCES companies (id),
	name TEXT NOT NULL,
	opens_us INTEGER NOT NULL,
	closes_us INTEGER NOT NULL,
	schedule_id TEXT REFERENCES survey_schedules (id),
	cancelled INTEGER NOT NULL DEFAULT 0,
	frozen_us INTEGER,
	audience_size INTEGER,
	UNIQUE (schedule_id, opens_us)
);

CREATE INDEX survey_rounds_company ON survey_rounds (company_id, opens_us);
CREATE INDEX survey_rounds_unfrozen ON survey_rounds (opens_us) WHERE frozen_us IS NULL;

-- A frozen audience: the employees active when the round opened, by id.
-- No foreign key to employees: deleting an employee later must not
-- rewrite a past round (the id identifies no one once the employee is
-- gone). WITHOUT ROWID keeps it to the two ids.
CREATE TABLE survey_audience (
	round_id TEXT NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
	employee_id TEXT NOT NULL,
	PRIMARY KEY (round_id, employee_id)
) WITHOUT ROWID;

-- The status at an instant: the employee's last change at or before it.
CREATE INDEX status_changes_at ON status_changes (employee_id, at_us, id);
