-- attributes_version changes with every change of a company's attribute
-- definitions (names, aliases, options, types), made by triggers so that
-- no write can forget it. A SCIM request reads it with its token in one
-- query and reuses the company's schema while it is unchanged.
ALTER TABLE companies ADD COLUMN attributes_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER attribute_defs_version_insert AFTER INSERT ON attribute_defs BEGIN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id = new.company_id; END;
CREATE TRIGGER attribute_defs_version_update AFTER UPDATE ON attribute_defs BEGIN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id IN (old.company_id, new.company_id); END;
CREATE TRIGGER attribute_defs_version_delete AFTER DELETE ON attribute_defs BEGIN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id = old.company_id; END;
CREATE TRIGGER attribute_names_version_insert AFTER INSERT ON attribute_names BEGIN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id = new.company_id; END;
CREATE TRIGGER attribute_names_version_update AFTER UPDATE ON attribute_names BEGIN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id IN (old.company_id, new.company_id); END;
CREATE TRIGGER attribute_names_version_delete AFTER DELETE ON attribute_names BEGIN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id = old.company_id; END;
