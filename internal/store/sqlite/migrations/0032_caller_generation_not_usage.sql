-- A connection's use — its request count and last use, which the SCIM
-- server writes once a second for every connection that made requests —
-- no longer moves the generation of callers (0031): nothing that lets a
-- request in depends on it, and with an operator's 500 companies'
-- connections in use it moved the generation every second, so that every
-- token's next request read its caller again. A remembered caller's
-- count and last use may so be behind the table's; the SCIM server reads
-- neither, and the console reads the connections themselves.
DROP TRIGGER caller_generation_connection_update;
CREATE TRIGGER caller_generation_connection_update
	AFTER UPDATE OF id, company_id, label, token_hash, created_us, revoked_us, live_label_fold ON connections
	BEGIN UPDATE caller_generation SET n = n + 1; END;
