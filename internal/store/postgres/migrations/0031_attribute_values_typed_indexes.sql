-- A company attribute's value is one row of employee_attribute_values
-- with one typed column set: text_fold for an option, number_value,
-- date_value, or ref_fold for an employee. Each of the four typed indexes
-- took every row, the other three types' with a NULL key no filter asks
-- for: an employee with five attributes wrote twenty index entries for
-- nothing, each a page its commit writes and syncs. Each index now takes
-- the rows of its type only. A filter's comparison on the column (=, <,
-- >, LIKE …) implies that it is not NULL, so the filters that used them
-- still do (planner_test.go); the
-- attribute's own index still counts and deletes its values.
DROP INDEX employee_attribute_values_text;
DROP INDEX employee_attribute_values_number;
DROP INDEX employee_attribute_values_date;
DROP INDEX employee_attribute_values_ref;
CREATE INDEX employee_attribute_values_text ON employee_attribute_values (company_id, attribute_id, text_fold) WHERE text_fold IS NOT NULL;
CREATE INDEX employee_attribute_values_number ON employee_attribute_values (company_id, attribute_id, number_value) WHERE number_value IS NOT NULL;
CREATE INDEX employee_attribute_values_date ON employee_attribute_values (company_id, attribute_id, date_value) WHERE date_value IS NOT NULL;
CREATE INDEX employee_attribute_values_ref ON employee_attribute_values (company_id, attribute_id, ref_fold) WHERE ref_fold IS NOT NULL;
