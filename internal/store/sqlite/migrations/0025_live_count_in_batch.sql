-- PostgreSQL's 0025 makes a Batch count its company's live employees once,
-- at its end (each update of a row inside one transaction adds a version
-- there). SQLite updates the row in place. Kept so that both backends
-- number their migrations alike.
SELECT 1;
