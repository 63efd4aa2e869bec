-- The console's "deactivated only" list and filters such as "active eq
-- false" walk (company, status) in creation order instead of scanning the
-- company's employees.
CREATE INDEX employees_company_active_seq ON employees (company_id, active, seq);
