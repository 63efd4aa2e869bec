-- A Batch (a SCIM Bulk request) counts its company's live employees once,
-- at its end, instead of once per employee it writes. Each count update of
-- the company row inside one transaction adds a version of the row that
-- only that transaction can see, and every later update and read of the
-- row (each write reads the company first) walks all of them: a Bulk of
-- 1,000 creates spent most of its time there, and was slower than 1,000
-- single POSTs. While roster.live_batch names the company (set for the
-- transaction only: sqlstore's Batch), the trigger adds its change to
-- roster.live_delta instead, which follows savepoints (a write rolled
-- back to its savepoint takes its change back), and the Batch adds the
-- delta to the row before it commits.

-- One line: the migration runner splits statements at line ends with ";".
CREATE OR REPLACE FUNCTION count_live_employees() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE delta BIGINT := 0; company TEXT COLLATE "C"; BEGIN IF TG_OP <> 'INSERT' AND OLD.held_deleted_us IS NULL THEN delta := delta - 1; company := OLD.company_id; END IF; IF TG_OP <> 'DELETE' AND NEW.held_deleted_us IS NULL THEN delta := delta + 1; company := NEW.company_id; END IF; IF delta = 0 THEN RETURN NULL; END IF; IF current_setting('roster.live_batch', true) = company THEN PERFORM set_config('roster.live_delta', (COALESCE(NULLIF(current_setting('roster.live_delta', true), ''), '0')::BIGINT + delta)::TEXT, true); ELSE UPDATE companies SET live_employees = live_employees + delta WHERE id = company; END IF; RETURN NULL; END $$;
