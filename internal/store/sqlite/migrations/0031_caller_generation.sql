-- The generation of callers: one number that every change to what a
-- token's caller is made of moves — its connection (created, revoked,
-- rotated, used), its company (renamed, provisioning turned off) and the
-- company's attribute definitions (their triggers move
-- companies.attributes_version) — whichever process makes it. A caller
-- remembered with the generation it was read at is still the caller
-- while the generation is the same (sqlite.rememberedCallers), so that
-- this process's own employee writes, which move the WAL's header but not
-- the generation, do not make every request read its caller again.
-- companies.live_employees, moved by every employee write, is no part of
-- a caller, and its UPDATE OF list leaves it out.
CREATE TABLE caller_generation (n INTEGER NOT NULL);
INSERT INTO caller_generation (n) VALUES (0);
CREATE TRIGGER caller_generation_connection_insert AFTER INSERT ON connections BEGIN UPDATE caller_generation SET n = n + 1; END;
CREATE TRIGGER caller_generation_connection_update AFTER UPDATE ON connections BEGIN UPDATE caller_generation SET n = n + 1; END;
CREATE TRIGGER caller_generation_connection_delete AFTER DELETE ON connections BEGIN UPDATE caller_generation SET n = n + 1; END;
CREATE TRIGGER caller_generation_company_update AFTER UPDATE OF id, name, created_us, provisioning_disabled, attributes_version ON companies BEGIN UPDATE caller_generation SET n = n + 1; END;
CREATE TRIGGER caller_generation_company_delete AFTER DELETE ON companies BEGIN UPDATE caller_generation SET n = n + 1; END;
