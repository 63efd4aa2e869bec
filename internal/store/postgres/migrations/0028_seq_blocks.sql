-- A page jumped to deep in a company's list (startIndex=900001, not walked
-- to page by page) was an OFFSET: PostgreSQL walked 900,000 index entries
-- to skip them, 60–170 ms. employee_blocks counts each company's live
-- employees (those SCIM sees: all but the ones whose delete the guard
-- holds) by block of 4,096 creation numbers (seq >> 12), kept by the
-- live-count trigger below, so that such a page starts at the block
-- holding its first employee (the running sum of the company's few
-- hundred blocks finds it) and skips fewer than 4,096 entries there
-- (sqlstore's seq_blocks.go). seq is the list's order, and never changes.
-- No employee is written while the blocks are counted and the trigger
-- replaced (instances of the previous version may be running): a write
-- between the two would be in neither.
LOCK TABLE employees IN SHARE MODE;
CREATE TABLE employee_blocks (
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	block BIGINT NOT NULL,
	live BIGINT NOT NULL,
	PRIMARY KEY (company_id, block)
);
INSERT INTO employee_blocks (company_id, block, live) SELECT company_id, seq >> 12, COUNT(*) FROM employees WHERE held_deleted_us IS NULL GROUP BY 1, 2;

-- The live-count trigger of 0022 and 0025, counting each change in its
-- employee's block too. Outside a Batch each change updates its block's
-- row, as it does the company's. In a Batch (roster.live_batch names the
-- company) the changes are summed by block in roster.live_blocks, a JSON
-- object of the transaction alone that follows its savepoints, and the
-- Batch adds them to the rows before it commits (postgres.go's
-- CountInBatch): a thousand updates of one row in one transaction would
-- leave a thousand versions of it for each next update to walk.
-- One line: the migration runner splits statements at line ends with ";".
CREATE OR REPLACE FUNCTION count_live_employees() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE delta BIGINT := 0; of_company TEXT COLLATE "C"; block_no BIGINT; blocks JSONB; BEGIN IF TG_OP <> 'INSERT' AND OLD.held_deleted_us IS NULL THEN delta := delta - 1; of_company := OLD.company_id; block_no := OLD.seq >> 12; END IF; IF TG_OP <> 'DELETE' AND NEW.held_deleted_us IS NULL THEN delta := delta + 1; of_company := NEW.company_id; block_no := NEW.seq >> 12; END IF; IF delta = 0 THEN RETURN NULL; END IF; IF current_setting('roster.live_batch', true) = of_company THEN PERFORM set_config('roster.live_delta', (COALESCE(NULLIF(current_setting('roster.live_delta', true), ''), '0')::BIGINT + delta)::TEXT, true); blocks := COALESCE(NULLIF(current_setting('roster.live_blocks', true), ''), '{}')::JSONB; PERFORM set_config('roster.live_blocks', jsonb_set(blocks, ARRAY[block_no::TEXT], to_jsonb(COALESCE((blocks ->> block_no::TEXT)::BIGINT, 0) + delta))::TEXT, true); ELSE UPDATE companies SET live_employees = live_employees + delta WHERE id = of_company; INSERT INTO employee_blocks (company_id, block, live) VALUES (of_company, block_no, delta) ON CONFLICT ON CONSTRAINT employee_blocks_pkey DO UPDATE SET live = employee_blocks.live + EXCLUDED.live; END IF; RETURN NULL; END $$;
