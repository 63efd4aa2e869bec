-- External ids are found by (company_id, value): since 0029 the entries
-- of that index carry the row's primary key (employee_id,
-- connection_id), so a lookup of the viewer's "externalId eq" checks the
-- connection in the index entry itself, as the (company_id,
-- connection_id, value) index found it: one B-tree fewer for every create
-- to write (TestQueryPlans).
DROP INDEX employee_external_ids_lookup;
