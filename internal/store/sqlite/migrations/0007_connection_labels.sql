-- Connection labels are unique per company among live connections,
-- case-insensitively (see directory.Connection), and new tokens reach the
-- console's token page through a one-time reveal (directory.Reveal).
-- Conventions as in 0001_init.sql: times are unix microseconds, *_fold
-- holds sqlstore.Fold.

-- live_label_fold is Fold(label) while the connection is live (neither
-- replaced by a rotation nor revoked) and NULL afterwards; NULLs never
-- collide, so the unique index below holds the rule for live connections
-- only, on every instance and under concurrent writes.
ALTER TABLE connections ADD COLUMN live_label_fold TEXT;

-- Databases from before the rule may hold live duplicates. The oldest
-- keeps its label; later ones become "Okta (2)", "Okta (3)" … in creation
-- order (labels cut to 90 characters first, so that they stay within the
-- 100 a label may hold). The key here is lower(), which folds ASCII
-- letters only: labels that differ in the case of other letters are not
-- renamed (the store compares them with Fold when a connection is
-- created, so no new such pair appears).
UPDATE connections SET label = substr(connections.label, 1, 90) || ' (' || d.n || ')'
FROM (SELECT c.id, ROW_NUMBER() OVER (PARTITION BY c.company_id, lower(c.label) ORDER BY c.created_us, c.id) AS n
	FROM connections c
	WHERE c.revoked_us IS NULL AND NOT EXISTS (SELECT 1 FROM connection_rotations r WHERE r.connection_id = c.id)) d
WHERE connections.id = d.id AND d.n > 1;

-- A new name may already be taken ("Okta (2)" existed): the later of such
-- a pair gets its connection id, unique, instead of the number.
UPDATE connections SET label = substr(connections.label, 1, 60) || ' (' || connections.id || ')'
FROM (SELECT c.id, ROW_NUMBER() OVER (PARTITION BY c.company_id, lower(c.label) ORDER BY c.created_us, c.id) AS n
	FROM connections c
	WHERE c.revoked_us IS NULL AND NOT EXISTS (SELECT 1 FROM connection_rotations r WHERE r.connection_id = c.id)) d
WHERE connections.id = d.id AND d.n > 1;

UPDATE connections SET live_label_fold = lower(label)
WHERE revoked_us IS NULL AND NOT EXISTS (SELECT 1 FROM connection_rotations r WHERE r.connection_id = connections.id);

CREATE UNIQUE INDEX connections_live_label ON connections (company_id, live_label_fold);

-- A new token on its way from the POST that minted it to the GET that
-- shows it once. sealed is the token encrypted under a key that only the
-- admin's browser holds (never a usable token); it is cleared when shown,
-- and the row kept until it expires so that a reload can say "already
-- shown". Rows go with their session.
CREATE TABLE token_reveals (
	id TEXT PRIMARY KEY,
	session_hash BLOB NOT NULL REFERENCES admin_sessions (token_hash) ON DELETE CASCADE,
	connection_id TEXT NOT NULL REFERENCES connections (id),
	sealed BLOB,
	old_until_us INTEGER,
	created_us INTEGER NOT NULL,
	expires_us INTEGER NOT NULL,
	shown_us INTEGER
);

CREATE INDEX token_reveals_expires ON token_reveals (expires_us);
CREATE INDEX token_reveals_session ON token_reveals (session_hash);
