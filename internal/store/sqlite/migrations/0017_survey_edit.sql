-- Editing an upcoming survey round, and each frozen round's change since
-- the previous round (issue 11).

-- occurrence_us is the opening a schedule gave its round (NULL for a
-- one-off). An edit may move opens_us; the schedule's extension finds its
-- rounds by occurrence, so a moved round is never made again.
ALTER TABLE survey_rounds ADD COLUMN occurrence_us INTEGER;
UPDATE survey_rounds SET occurrence_us = opens_us WHERE schedule_id IS NOT NULL;
CREATE UNIQUE INDEX survey_rounds_occurrence ON survey_rounds (schedule_id, occurrence_us);

-- joined and left_count: who entered and who left the audience since the
-- previous (not cancelled) round's, counted when the round is frozen;
-- NULL for the first round and for rounds frozen before this migration.
ALTER TABLE survey_rounds ADD COLUMN joined INTEGER;
ALTER TABLE survey_rounds ADD COLUMN left_count INTEGER;
