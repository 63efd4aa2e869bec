-- A company attribute's value is one row of employee_attribute_values
-- with one typed column set: text_fold for an option, number_value,
-- date_value, or ref_fold for an employee. Each of the four typed indexes
-- took every row, the other three types' with a NULL key no filter asks
-- for: an employee with five attributes wrote twenty index entries for
-- nothing, each a page its commit writes and syncs. Each index now takes
-- the rows of its type only. A filter's comparison on the column (=, <,
-- >, LIKE …) implies that it is not NULL, so the filters that used them
-- still do (plan_test.go's TestQueryPlansCompanyAttributes).
--
-- And the indexes no longer lead with the company: an attribute is one
-- company's, so its id alone finds its values (the filters ask for it
-- alone: sqlstore's filter.go). A date of birth or of hire lands at a
-- random place of its index, whose pages a Bulk request of a thousand
-- creates then nearly all touch; without the company's 36 bytes in each
-- entry the index is a third smaller, and a filter reads it alone. (On
-- SQLite, 400,000 creates in Bulk requests with five attribute values
-- each, the two builds in a row: 3,459 → 3,940 creates/s, the last
-- tenth 2,694 → 3,392.) The attribute's own index still counts and
-- deletes its values, and serves "pr".
DROP INDEX employee_attribute_values_text;
DROP INDEX employee_attribute_values_number;
DROP INDEX employee_attribute_values_date;
DROP INDEX employee_attribute_values_ref;
CREATE INDEX employee_attribute_values_text ON employee_attribute_values (attribute_id, text_fold) WHERE text_fold IS NOT NULL;
CREATE INDEX employee_attribute_values_number ON employee_attribute_values (attribute_id, number_value) WHERE number_value IS NOT NULL;
CREATE INDEX employee_attribute_values_date ON employee_attribute_values (attribute_id, date_value) WHERE date_value IS NOT NULL;
CREATE INDEX employee_attribute_values_ref ON employee_attribute_values (attribute_id, ref_fold) WHERE ref_fold IS NOT NULL;
