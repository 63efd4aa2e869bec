-- One log (issue 10): the per-employee activity table's rows were copied
-- into activity_log by 0009, and every event it recorded (references
-- resolved or cleared; attributes an owner kept, in the write's own
-- entry) is written to activity_log since; HistoryStore.Activity reads
-- it from there.
DROP TABLE activity;
