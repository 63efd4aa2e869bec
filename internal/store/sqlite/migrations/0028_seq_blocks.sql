-- A page jumped to deep in a company's list (startIndex=900001, not walked
-- to page by page) was an OFFSET: SQLite stepped over 900,000 index
-- entries to skip them, 50–90 ms. employee_blocks counts each company's
-- live employees (those SCIM sees: all but the ones whose delete the
-- guard holds) by block of 4,096 creation numbers (seq >> 12), kept by the
-- triggers below beside the company's count (0022), so that such a page
-- starts at the block holding its first employee (the running sum of the
-- company's few hundred blocks finds it) and skips fewer than 4,096
-- entries there (sqlstore's seq_blocks.go). seq is the list's order, and
-- never changes.
CREATE TABLE employee_blocks (
	company_id TEXT NOT NULL REFERENCES companies (id),
	block INTEGER NOT NULL,
	live INTEGER NOT NULL,
	PRIMARY KEY (company_id, block)
) WITHOUT ROWID;
INSERT INTO employee_blocks (company_id, block, live) SELECT company_id, seq >> 12, COUNT(*) FROM employees WHERE held_deleted_us IS NULL GROUP BY 1, 2;

CREATE TRIGGER employee_blocks_insert AFTER INSERT ON employees WHEN new.held_deleted_us IS NULL BEGIN INSERT INTO employee_blocks (company_id, block, live) VALUES (new.company_id, new.seq >> 12, 1) ON CONFLICT (company_id, block) DO UPDATE SET live = live + 1; END;
CREATE TRIGGER employee_blocks_delete AFTER DELETE ON employees WHEN old.held_deleted_us IS NULL BEGIN UPDATE employee_blocks SET live = live - 1 WHERE company_id = old.company_id AND block = old.seq >> 12; END;
CREATE TRIGGER employee_blocks_hold AFTER UPDATE OF held_deleted_us ON employees WHEN (old.held_deleted_us IS NULL) <> (new.held_deleted_us IS NULL) BEGIN INSERT INTO employee_blocks (company_id, block, live) VALUES (new.company_id, new.seq >> 12, CASE WHEN new.held_deleted_us IS NULL THEN 1 ELSE -1 END) ON CONFLICT (company_id, block) DO UPDATE SET live = live + excluded.live; END;
