-- SQLite's 0027 drops employees_company_id, which duplicates the id's
-- own unique index. PostgreSQL keeps it: where a company's statistics
-- are stale (company_statistics.go), the planner could otherwise prefer
-- walking the company's employees to the id's index.
SELECT 1;
