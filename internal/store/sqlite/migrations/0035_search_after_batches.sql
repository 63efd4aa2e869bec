-- A Batch (a SCIM Bulk request) leaves its employees to the search index
-- after its answer. Its end notes them all as pending (Dialect's
-- CountInBatch), and the flush that every 64th note ran put them into the
-- trigram index inside the Batch's transaction: a thousand employees'
-- trigrams, 3 ms of a 50 ms request, before its answer. While a Batch's
-- note is in batch_creates the flush now waits (the condition is asked
-- first: a Batch's thousand notes do not count the pending notes each);
-- the committer flushes once no write waits (Dialect.CatchUp), or the
-- next write's 64th note does. Pending employees are candidates of every
-- search, so searches find them meanwhile.
DROP TRIGGER employees_search_flush;
CREATE TRIGGER employees_search_flush AFTER INSERT ON employees_search_pending WHEN NOT EXISTS (SELECT 1 FROM batch_creates) AND (SELECT COUNT(*) FROM employees_search_pending) >= 64 BEGIN DELETE FROM employees_trigrams WHERE rowid IN (SELECT seq FROM employees_search_pending WHERE fresh = 0); INSERT INTO employees_trigrams (rowid, search_fold) SELECT e.seq, e.search_fold FROM employees_search_pending p CROSS JOIN employees e ON e.seq = p.seq; DELETE FROM employees_search_pending; END;
