-- Since 0033 a Batch counts its own creates at its end, and a single
-- create counts itself: a build before 0033 would insert employees that
-- nothing counts. Builds from here on refuse a database whose floor names
-- a migration they do not have (sqlstore's migration_floor.go); builds
-- before this one do not read the floor.
INSERT INTO schema_floor (name) VALUES ('0033_batch_counts_created.sql');
