-- Page positions shared by every roster instance on this database
-- (directory.PagePositions): where each listing's next page starts, so
-- that Okta's import seeks its next page on whichever instance serves it.
-- One row a listing (company, and a hash of the connection and the filter,
-- which may be longer than an index entry can hold): the startIndex of its
-- next page and the employee that page starts after. UNLOGGED: a position
-- is a hint, not worth a write-ahead log record; a crash empties the
-- table, and the next page of an import in progress is read with an
-- OFFSET once.
CREATE UNLOGGED TABLE page_positions (
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	listing TEXT COLLATE "C" NOT NULL,
	start_index BIGINT NOT NULL,
	after_id TEXT COLLATE "C" NOT NULL,
	at_us BIGINT NOT NULL,
	PRIMARY KEY (company_id, listing)
);
