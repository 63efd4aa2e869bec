package postgres_test

import (
	"testing"
)

// The foreign keys from the employees and their details are gone: what
// made every create of a Bulk request pay four checks of PostgreSQL's,
// and every write of attribute values one check and one row lock a value
// (migration 0032).
func TestEmployeesWriteWithoutForeignKeyChecks(t *testing.T) {
	s, _ := openStore(t)
	keys := firstColumn(t, s.DB(), `SELECT conname FROM pg_constraint
		WHERE contype = 'f' AND conrelid = ANY (ARRAY['employees', 'employee_emails', 'status_changes', 'employee_external_ids',
			'employee_provenance', 'employee_values']::regclass[])
		OR contype = 'f' AND conrelid = 'employee_attribute_values'::regclass`, nil)
	if len(keys) != 0 {
		t.Errorf("foreign keys checked on every employee write: %v", keys)
	}
}
