-- live_employees counts a company's employees that SCIM sees (all but
-- those whose delete the guard holds), kept by triggers so that no write
-- can forget it: an unfiltered list (Okta's import, every page of it)
-- takes its total from here instead of counting the company.
ALTER TABLE companies ADD COLUMN live_employees INTEGER NOT NULL DEFAULT 0;
UPDATE companies SET live_employees = (SELECT COUNT(*) FROM employees e WHERE e.company_id = companies.id AND e.held_deleted_us IS NULL);

CREATE TRIGGER employees_live_insert AFTER INSERT ON employees WHEN new.held_deleted_us IS NULL BEGIN UPDATE companies SET live_employees = live_employees + 1 WHERE id = new.company_id; END;
CREATE TRIGGER employees_live_delete AFTER DELETE ON employees WHEN old.held_deleted_us IS NULL BEGIN UPDATE companies SET live_employees = live_employees - 1 WHERE id = old.company_id; END;
CREATE TRIGGER employees_live_hold AFTER UPDATE OF held_deleted_us ON employees WHEN (old.held_deleted_us IS NULL) <> (new.held_deleted_us IS NULL) BEGIN UPDATE companies SET live_employees = live_employees + (CASE WHEN new.held_deleted_us IS NULL THEN 1 ELSE -1 END) WHERE id = new.company_id; END;
