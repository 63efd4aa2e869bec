-- The search index's flush (migration 0005) joined the 64 pending
-- employees with the employees table, and SQLite chose to walk every
-- employee (the employees_search index covers search_fold) and look each
-- up among the pending: every 64th write read every employee of every
-- company. Seeding one company through Bulk fell from 1,400 creates/s to
-- 230/s at 640,000 employees, the whole cost in this scan. CROSS JOIN
-- makes SQLite loop over the pending rows and seek each employee by seq.
DROP TRIGGER employees_search_flush;
CREATE TRIGGER employees_search_flush AFTER INSERT ON employees_search_pending WHEN (SELECT COUNT(*) FROM employees_search_pending) >= 64 BEGIN DELETE FROM employees_trigrams WHERE rowid IN (SELECT seq FROM employees_search_pending WHERE fresh = 0); INSERT INTO employees_trigrams (rowid, search_fold) SELECT e.seq, e.search_fold FROM employees_search_pending p CROSS JOIN employees e ON e.seq = p.seq; DELETE FROM employees_search_pending; END;
