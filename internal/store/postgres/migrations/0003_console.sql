-- The admin console (PostgreSQL, the port of sqlite/0003_console.sql): administrators, their sessions, sign-in
-- throttling, first-run setup tokens and token rotation. Conventions as in
-- 0001_init.sql: times are unix microseconds, *_fold holds sqlstore.Fold.

-- Email addresses are unique across companies: sign-in asks for nothing else.
CREATE TABLE admins (
	id TEXT COLLATE "C" PRIMARY KEY,
	company_id TEXT COLLATE "C" NOT NULL REFERENCES companies (id),
	email TEXT COLLATE "C" NOT NULL,
	email_fold TEXT COLLATE "C" NOT NULL UNIQUE,
	-- PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash), never the password.
	password_hash TEXT COLLATE "C" NOT NULL,
	created_us BIGINT NOT NULL
);

CREATE INDEX admins_company ON admins (company_id, created_us);

-- Only the SHA-256 hash of the browser's session token is stored.
CREATE TABLE admin_sessions (
	token_hash BYTEA PRIMARY KEY,
	admin_id TEXT COLLATE "C" NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
	csrf_token TEXT COLLATE "C" NOT NULL,
	created_us BIGINT NOT NULL,
	expires_us BIGINT NOT NULL
);

CREATE INDEX admin_sessions_expires ON admin_sessions (expires_us);

-- Failed sign-ins per email address (known or not), so that a lockout
-- holds across server instances.
CREATE TABLE login_failures (
	email_fold TEXT COLLATE "C" PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_failure_us BIGINT NOT NULL,
	locked_until_us BIGINT
);

-- Hashes of one-time first-run setup tokens; all go when setup completes.
CREATE TABLE setup_tokens (
	token_hash BYTEA PRIMARY KEY,
	created_us BIGINT NOT NULL
);

-- A rotation replaces a connection by a new one with a new token; the old
-- token keeps working until its revoked_us (the grace period).
CREATE TABLE connection_rotations (
	connection_id TEXT COLLATE "C" PRIMARY KEY REFERENCES connections (id),
	replaced_by TEXT COLLATE "C" NOT NULL REFERENCES connections (id),
	rotated_us BIGINT NOT NULL
);
