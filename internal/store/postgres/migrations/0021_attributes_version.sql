-- attributes_version changes with every change of a company's attribute
-- definitions (names, aliases, options, types), made by triggers so that
-- no write can forget it. A SCIM request reads it with its token in one
-- query and reuses the company's schema while it is unchanged.
ALTER TABLE companies ADD COLUMN attributes_version BIGINT NOT NULL DEFAULT 0;

-- One line: the migration runner splits statements at line ends with ";".
CREATE FUNCTION bump_attributes_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id = OLD.company_id; END IF; IF TG_OP <> 'DELETE' THEN UPDATE companies SET attributes_version = attributes_version + 1 WHERE id = NEW.company_id; END IF; RETURN NULL; END $$;

CREATE TRIGGER attribute_defs_version AFTER INSERT OR UPDATE OR DELETE ON attribute_defs
	FOR EACH ROW EXECUTE FUNCTION bump_attributes_version();
CREATE TRIGGER attribute_names_version AFTER INSERT OR UPDATE OR DELETE ON attribute_names
	FOR EACH ROW EXECUTE FUNCTION bump_attributes_version();
