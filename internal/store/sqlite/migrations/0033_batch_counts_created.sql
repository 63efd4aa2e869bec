-- A Batch (a SCIM Bulk request) counts its own creates once, at its end,
-- as PostgreSQL's does (its migration 0030): the company's live count,
-- its seq blocks' counts and the search index's pending notes.
--
-- Three triggers did it for every insert into employees. Any trigger
-- makes an insert a statement that writes more than one row, which
-- SQLite runs with a statement journal — a copy of every page it
-- changes, in 1-KiB chunks, each a malloc — and the pending note made
-- the search index flush at the next statement. Without the three (an
-- upper bound measured by dropping them), a Bulk create cost 84 µs of
-- CPU instead of 100–108. A single create now counts itself in the same
-- write (Dialect.CountCreate, sqlite.go); a Batch notes here, under the
-- company, the highest creation number before it began (its own are
-- above it) and counts them at its end (Dialect.CountInBatch), deleting
-- the note in the same transaction: rows are here only inside a Batch's
-- transaction.
DROP TRIGGER employees_search_insert;
DROP TRIGGER employees_live_insert;
DROP TRIGGER employee_blocks_insert;

CREATE TABLE batch_creates (
	company_id TEXT PRIMARY KEY,
	from_seq INTEGER NOT NULL
);

-- The Batch's own employees — deleted, held, restored or renamed before
-- its end — are left to that count: they are counted as they are then.
-- Everyone else's changes count as before.
DROP TRIGGER employees_live_delete;
CREATE TRIGGER employees_live_delete AFTER DELETE ON employees
	WHEN old.held_deleted_us IS NULL AND NOT EXISTS (SELECT 1 FROM batch_creates b WHERE b.company_id = old.company_id AND old.seq > b.from_seq)
	BEGIN UPDATE companies SET live_employees = live_employees - 1 WHERE id = old.company_id; END;
DROP TRIGGER employees_live_hold;
CREATE TRIGGER employees_live_hold AFTER UPDATE OF held_deleted_us ON employees
	WHEN (old.held_deleted_us IS NULL) <> (new.held_deleted_us IS NULL) AND NOT EXISTS (SELECT 1 FROM batch_creates b WHERE b.company_id = new.company_id AND new.seq > b.from_seq)
	BEGIN UPDATE companies SET live_employees = live_employees + (CASE WHEN new.held_deleted_us IS NULL THEN 1 ELSE -1 END) WHERE id = new.company_id; END;
DROP TRIGGER employee_blocks_delete;
CREATE TRIGGER employee_blocks_delete AFTER DELETE ON employees
	WHEN old.held_deleted_us IS NULL AND NOT EXISTS (SELECT 1 FROM batch_creates b WHERE b.company_id = old.company_id AND old.seq > b.from_seq)
	BEGIN UPDATE employee_blocks SET live = live - 1 WHERE company_id = old.company_id AND block = old.seq >> 12; END;
DROP TRIGGER employee_blocks_hold;
CREATE TRIGGER employee_blocks_hold AFTER UPDATE OF held_deleted_us ON employees
	WHEN (old.held_deleted_us IS NULL) <> (new.held_deleted_us IS NULL) AND NOT EXISTS (SELECT 1 FROM batch_creates b WHERE b.company_id = new.company_id AND new.seq > b.from_seq)
	BEGIN INSERT INTO employee_blocks (company_id, block, live) VALUES (new.company_id, new.seq >> 12, CASE WHEN new.held_deleted_us IS NULL THEN 1 ELSE -1 END) ON CONFLICT (company_id, block) DO UPDATE SET live = live + excluded.live; END;
DROP TRIGGER employees_search_update;
CREATE TRIGGER employees_search_update AFTER UPDATE OF search_fold ON employees
	WHEN old.search_fold IS NOT new.search_fold AND NOT EXISTS (SELECT 1 FROM batch_creates b WHERE b.company_id = old.company_id AND old.seq > b.from_seq)
	BEGIN INSERT INTO employees_search_pending (seq, fresh) VALUES (old.seq, 0) ON CONFLICT DO NOTHING; END;
DROP TRIGGER employees_search_delete;
CREATE TRIGGER employees_search_delete AFTER DELETE ON employees
	WHEN NOT EXISTS (SELECT 1 FROM batch_creates b WHERE b.company_id = old.company_id AND old.seq > b.from_seq)
	BEGIN INSERT INTO employees_search_pending (seq, fresh) VALUES (old.seq, 0) ON CONFLICT DO NOTHING; END;
