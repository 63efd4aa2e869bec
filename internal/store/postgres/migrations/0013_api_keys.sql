-- The port of sqlite/0013_api_keys.sql: API keys for the product API
-- (directory.APIKey), stored as SHA-256 hashes, each optionally limited
-- to listed companies.
-- Conventions as in 0001_init.sql: times are unix microseconds.
CREATE TABLE api_keys (
	id TEXT COLLATE "C" PRIMARY KEY,
	label TEXT COLLATE "C" NOT NULL,
	key_hash BYTEA NOT NULL UNIQUE,
	created_us BIGINT NOT NULL,
	last_used_us BIGINT,
	revoked_us BIGINT
);

CREATE TABLE api_key_companies (
	key_id TEXT COLLATE "C" NOT NULL REFERENCES api_keys (id),
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	PRIMARY KEY (key_id, company_id)
);
