-- API keys for the product API (directory.APIKey): operator-level, not a
-- company's; only the SHA-256 hash of a key is kept. A key with rows in
-- api_key_companies may see only those companies; one without may see
-- every company.
-- Conventions as in 0001_init.sql: times are unix microseconds.
CREATE TABLE api_keys (
	id TEXT PRIMARY KEY,
	label TEXT NOT NULL,
	key_hash BLOB NOT NULL UNIQUE,
	created_us INTEGER NOT NULL,
	last_used_us INTEGER,
	revoked_us INTEGER
);

CREATE TABLE api_key_companies (
	key_id TEXT NOT NULL REFERENCES api_keys (id),
	company_id TEXT NOT NULL REFERENCES companies (id),
	PRIMARY KEY (key_id, company_id)
);
