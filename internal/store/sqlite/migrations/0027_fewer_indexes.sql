-- An index that every create wrote into at a random place, and no query
-- needs: an employee's status changes are read, and deleted with the
-- employee, through status_changes_at, which leads with employee_id too.
-- (employees_company_id looks as redundant beside the id's own unique
-- index, but SQLite, without it, reads a filter's employees by company —
-- e.company_id = ? AND e.id IN (…) — through a company-wide index:
-- TestQueryPlans.)
DROP INDEX status_changes_employee;
