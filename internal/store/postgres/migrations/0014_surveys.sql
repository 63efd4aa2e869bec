-- Survey rounds and their frozen audiences (issue 11).

CREATE TABLE survey_schedules (
	id TEXT COLLATE "C" PRIMARY KEY,
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	name TEXT COLLATE "C" NOT NULL,
	start_us BIGINT NOT NULL,
	-- the start's offset from UTC in seconds: months are counted in the
	-- zone the schedule was given in.
	start_offset INTEGER NOT NULL,
	length_us BIGINT NOT NULL,
	every_weeks INTEGER NOT NULL,
	every_months INTEGER NOT NULL
);

CREATE INDEX survey_schedules_company ON survey_schedules (company_id);

-- frozen_us is when the audience was stored, NULL until the round opens;
-- audience_size is its size then (a count of 100,000 rows takes ~10 ms).
CREATE TABLE survey_rounds (
	id TEXT COLLATE "C" PRIMARY KEY,
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	name TEXT COLLATE "C" NOT NULL,
	opens_us BIGINT NOT NULL,
	closes_us BIGINT NOT NULL,
	schedule_id TEXT COLLATE "C" REFERENCES survey_schedules (id),
	cancelled BOOLEAN NOT NULL DEFAULT FALSE,
	frozen_us BIGINT,
	audience_size INTEGER,
	UNIQUE (schedule_id, opens_us)
);

CREATE INDEX survey_rounds_company ON survey_rounds (company_id, opens_us);
CREATE INDEX survey_rounds_unfrozen ON survey_rounds (opens_us) WHERE frozen_us IS NULL;

-- A frozen audience: the employees active when the round opened, by id.
-- No foreign key to employees: deleting an employee later must not
-- rewrite a past round (the id identifies no one once the employee is
-- gone). keeps it to the two ids.
CREATE TABLE survey_audience (
	round_id TEXT COLLATE "C" NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
	employee_id TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (round_id, employee_id)
);

-- The status at an instant: the employee's last change at or before it.
CREATE INDEX status_changes_at ON status_changes (employee_id, at_us, id);
