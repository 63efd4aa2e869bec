-- live_employees counts a company's employees that SCIM sees (all but
-- those whose delete the guard holds), kept by triggers so that no write
-- can forget it: an unfiltered list (Okta's import, every page of it)
-- takes its total from here instead of counting the company. Employee
-- writes lock the company row first, so the trigger's update waits for
-- nothing new.
ALTER TABLE companies ADD COLUMN live_employees BIGINT NOT NULL DEFAULT 0;
UPDATE companies c SET live_employees = (SELECT COUNT(*) FROM employees e WHERE e.company_id = c.id AND e.held_deleted_us IS NULL);

-- One line: the migration runner splits statements at line ends with ";".
CREATE FUNCTION count_live_employees() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' AND OLD.held_deleted_us IS NULL THEN UPDATE companies SET live_employees = live_employees - 1 WHERE id = OLD.company_id; END IF; IF TG_OP <> 'DELETE' AND NEW.held_deleted_us IS NULL THEN UPDATE companies SET live_employees = live_employees + 1 WHERE id = NEW.company_id; END IF; RETURN NULL; END $$;

CREATE TRIGGER employees_live AFTER INSERT OR DELETE OR UPDATE OF held_deleted_us ON employees
	FOR EACH ROW EXECUTE FUNCTION count_live_employees();
