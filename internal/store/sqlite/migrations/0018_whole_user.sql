-- The whole SCIM User (issue 12): every RFC 7643 §4.1 core and §4.3
-- enterprise attribute is stored.

-- Single-valued strings live on the employee row, each with its folded
-- twin for case-insensitive filters (caseExact false in RFC 7643 §8.7.1).
-- They are compared only within a company's rows, which
-- employees_company_seq already bounds; no IdP matches users on them.
ALTER TABLE employees ADD COLUMN middle_name TEXT;
ALTER TABLE employees ADD COLUMN middle_name_fold TEXT;
ALTER TABLE employees ADD COLUMN honorific_prefix TEXT;
ALTER TABLE employees ADD COLUMN honorific_prefix_fold TEXT;
ALTER TABLE employees ADD COLUMN honorific_suffix TEXT;
ALTER TABLE employees ADD COLUMN honorific_suffix_fold TEXT;
ALTER TABLE employees ADD COLUMN nick_name TEXT;
ALTER TABLE employees ADD COLUMN nick_name_fold TEXT;
ALTER TABLE employees ADD COLUMN profile_url TEXT;
ALTER TABLE employees ADD COLUMN profile_url_fold TEXT;
ALTER TABLE employees ADD COLUMN user_type TEXT;
ALTER TABLE employees ADD COLUMN user_type_fold TEXT;
ALTER TABLE employees ADD COLUMN preferred_language TEXT;
ALTER TABLE employees ADD COLUMN preferred_language_fold TEXT;
ALTER TABLE employees ADD COLUMN cost_center TEXT;
ALTER TABLE employees ADD COLUMN cost_center_fold TEXT;
ALTER TABLE employees ADD COLUMN organization TEXT;
ALTER TABLE employees ADD COLUMN organization_fold TEXT;
ALTER TABLE employees ADD COLUMN division TEXT;
ALTER TABLE employees ADD COLUMN division_fold TEXT;

-- One table for the values of every multi-valued attribute besides emails
-- (addresses, phoneNumbers, ims, photos, entitlements, roles,
-- x509Certificates; directory.ValueLists), named by attribute. An address
-- has no value: its parts have columns of their own. Every text column
-- has a folded twin, since all these sub-attributes are caseExact false.
CREATE TABLE employee_values (
	employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
	company_id TEXT NOT NULL,
	attribute TEXT NOT NULL,
	position INTEGER NOT NULL,
	value TEXT,
	value_fold TEXT,
	display TEXT,
	display_fold TEXT,
	type TEXT,
	type_fold TEXT,
	formatted TEXT,
	formatted_fold TEXT,
	street_address TEXT,
	street_address_fold TEXT,
	locality TEXT,
	locality_fold TEXT,
	region TEXT,
	region_fold TEXT,
	postal_code TEXT,
	postal_code_fold TEXT,
	country TEXT,
	country_fold TEXT,
	is_primary INTEGER NOT NULL,
	PRIMARY KEY (employee_id, attribute, position)
);

-- Serves what an identity provider may match users on:
-- "phoneNumbers.value eq", phoneNumbers[type eq "mobile" and value eq …],
-- roles/entitlements/ims value eq. Address filters (addresses.locality …)
-- seek the company's rows of the attribute through its prefix and scan
-- them: bounded by company, as no identity provider matches on them.
CREATE INDEX employee_values_value ON employee_values (company_id, attribute, value_fold);
