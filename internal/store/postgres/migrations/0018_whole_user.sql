-- The whole SCIM User (issue 12): every RFC 7643 §4.1 core and §4.3
-- enterprise attribute is stored.

-- Single-valued strings live on the employee row, each with its folded
-- twin for case-insensitive filters (caseExact false in RFC 7643 §8.7.1).
-- They are compared only within a company's rows, which
-- employees_company_seq already bounds; no IdP matches users on them.
ALTER TABLE employees ADD COLUMN middle_name TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN middle_name_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN honorific_prefix TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN honorific_prefix_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN honorific_suffix TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN honorific_suffix_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN nick_name TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN nick_name_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN profile_url TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN profile_url_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN user_type TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN user_type_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN preferred_language TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN preferred_language_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN cost_center TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN cost_center_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN organization TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN organization_fold TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN division TEXT COLLATE "C";
ALTER TABLE employees ADD COLUMN division_fold TEXT COLLATE "C";

-- One table for the values of every multi-valued attribute besides emails
-- (addresses, phoneNumbers, ims, photos, entitlements, roles,
-- x509Certificates; directory.ValueLists), named by attribute. An address
-- has no value: its parts have columns of their own. Every text column
-- has a folded twin, since all these sub-attributes are caseExact false.
CREATE TABLE employee_values (
	employee_id TEXT COLLATE "C" NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	company_id TEXT COLLATE "C" NOT NULL,
	attribute TEXT COLLATE "C" NOT NULL,
	position INTEGER NOT NULL,
	value TEXT COLLATE "C",
	value_fold TEXT COLLATE "C",
	display TEXT COLLATE "C",
	display_fold TEXT COLLATE "C",
	type TEXT COLLATE "C",
	type_fold TEXT COLLATE "C",
	formatted TEXT COLLATE "C",
	formatted_fold TEXT COLLATE "C",
	street_address TEXT COLLATE "C",
	street_address_fold TEXT COLLATE "C",
	locality TEXT COLLATE "C",
	locality_fold TEXT COLLATE "C",
	region TEXT COLLATE "C",
	region_fold TEXT COLLATE "C",
	postal_code TEXT COLLATE "C",
	postal_code_fold TEXT COLLATE "C",
	country TEXT COLLATE "C",
	country_fold TEXT COLLATE "C",
	is_primary BOOLEAN NOT NULL,
	PRIMARY KEY (employee_id, attribute, position)
);

-- Serves what an identity provider may match users on:
-- "phoneNumbers.value eq", phoneNumbers[type eq "mobile" and value eq …],
-- roles/entitlements/ims value eq. Address filters (addresses.locality …)
-- seek the company's rows of the attribute through its prefix and scan
-- them: bounded by company, as no identity provider matches on them.
CREATE INDEX employee_values_value ON employee_values (company_id, attribute, value_fold);
