-- A Batch's creates are counted once, at its end, instead of by the
-- live-count trigger row by row. In a Batch each created row ran the
-- trigger's function (PL/pgSQL) to add itself to roster.live_delta and,
-- by block, to the JSON sums of roster.live_blocks: with the rows merged
-- into multi-row INSERTs, a tenth of PostgreSQL's CPU in a Bulk of
-- creates (perf). Now a Batch also notes, when it begins and holds its
-- company's lock, the company's highest creation number
-- (roster.live_batch_from; sqlstore's Batch, postgres.go's CountInBatch):
-- every employee of the company above it is the Batch's own (the
-- sequence caches no numbers, so they are handed out in order:
-- TestCreationNumbersInOrder), and at its
-- end the Batch counts those of them that are there and live, by block,
-- from the index on (company_id, seq) — a create rolled back to its
-- savepoint, deleted or held again before the end is simply not among
-- them. So, while roster.live_batch_from is set:
--   - the trigger does not run for the company's inserts (its WHEN);
--   - a delete, a hold or a restore of one of the Batch's own employees
--     changes no sum (the count at the end sees the row as it is then),
--     and one of an employee from before the Batch is summed as before.
-- An instance of the previous version does not set roster.live_batch_from:
-- its Batches are counted row by row, as before, and its end adds the
-- sums. No employee is written while the trigger is replaced (a write
-- between the DROP and the CREATE would be counted by neither).
LOCK TABLE employees IN SHARE MODE;
-- One line: the migration runner splits statements at line ends with ";".
CREATE OR REPLACE FUNCTION count_live_employees() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE delta BIGINT := 0; of_company TEXT COLLATE "C"; block_no BIGINT; row_seq BIGINT; blocks JSONB; BEGIN IF TG_OP <> 'INSERT' AND OLD.held_deleted_us IS NULL THEN delta := delta - 1; of_company := OLD.company_id; block_no := OLD.seq >> 12; row_seq := OLD.seq; END IF; IF TG_OP <> 'DELETE' AND NEW.held_deleted_us IS NULL THEN delta := delta + 1; of_company := NEW.company_id; block_no := NEW.seq >> 12; row_seq := NEW.seq; END IF; IF delta = 0 THEN RETURN NULL; END IF; IF current_setting('roster.live_batch', true) = of_company THEN IF row_seq > COALESCE(NULLIF(current_setting('roster.live_batch_from', true), ''), '9223372036854775807')::BIGINT THEN RETURN NULL; END IF; PERFORM set_config('roster.live_delta', (COALESCE(NULLIF(current_setting('roster.live_delta', true), ''), '0')::BIGINT + delta)::TEXT, true); blocks := COALESCE(NULLIF(current_setting('roster.live_blocks', true), ''), '{}')::JSONB; PERFORM set_config('roster.live_blocks', jsonb_set(blocks, ARRAY[block_no::TEXT], to_jsonb(COALESCE((blocks ->> block_no::TEXT)::BIGINT, 0) + delta))::TEXT, true); ELSE UPDATE companies SET live_employees = live_employees + delta WHERE id = of_company; INSERT INTO employee_blocks (company_id, block, live) VALUES (of_company, block_no, delta) ON CONFLICT ON CONSTRAINT employee_blocks_pkey DO UPDATE SET live = employee_blocks.live + EXCLUDED.live; END IF; RETURN NULL; END $$;
DROP TRIGGER employees_live ON employees;
CREATE TRIGGER employees_live AFTER DELETE OR UPDATE OF held_deleted_us ON employees FOR EACH ROW EXECUTE FUNCTION count_live_employees();
CREATE TRIGGER employees_live_created AFTER INSERT ON employees FOR EACH ROW WHEN (COALESCE(current_setting('roster.live_batch_from', true), '') = '' OR current_setting('roster.live_batch', true) IS DISTINCT FROM NEW.company_id COLLATE "C") EXECUTE FUNCTION count_live_employees();
