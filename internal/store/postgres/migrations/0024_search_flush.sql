-- SQLite's search index flush changed its join (its 0024); PostgreSQL's
-- search index (pg_trgm's GIN, see Open) has no pending table to flush.
-- Kept so that both backends number their migrations alike.
SELECT 1;
