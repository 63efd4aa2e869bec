package storetest

import (
	"database/sql"
	"testing"

	"roster/internal/directory"
)

// detailTables are the tables that keep an employee's details, each by
// its employee_id: deleted with the employee (PostgreSQL by a statement
// trigger since migration 0029, SQLite by its foreign keys).
var detailTables = []string{"employee_emails", "status_changes", "employee_external_ids", "employee_provenance", "employee_values", "employee_attribute_values"}

// DetailsFollowTheirEmployee checks through db, the store's database,
// that deleting employees leaves none of their details behind, and
// touches no other employee's: one deleted by an administrator, one by a
// connection in a Batch, one whose delete the guard held until it was
// released; each with a row in every detail table.
func DetailsFollowTheirEmployee(t *testing.T, s directory.Store, db *sql.DB) {
	t.Helper()
	e := &env{t: t, s: s, ctx: t.Context()}
	c := e.company("Acme")
	okta := e.connection(c.ID, "Okta")
	by := directory.Actor{ConnectionID: okta.ID}
	division := e.attribute(c.ID, directory.AttributeDef{Name: "Division", Type: directory.TypeOption, Options: []string{"Sales", "R&D"}})
	// Every detail table: emails, a value list (phone numbers), an
	// attribute value, Okta's external id, and provenance and a status
	// change once Okta deactivates the employee.
	detailed := func(userName string) directory.Employee {
		t.Helper()
		emp := e.employeeBy(c.ID, userName, by, func(emp *directory.Employee) {
			emp.ExternalID = "okta-" + userName
			emp.Emails = []directory.Email{{Value: userName, Type: "work", Primary: true}}
			emp.PhoneNumbers = []directory.MultiValue{{Value: "+45 1111", Type: "work"}}
			emp.Attributes = map[string]directory.AttributeValue{division.ID: {Text: "Sales"}}
		})
		_, err := s.UpdateEmployee(e.ctx, c.ID, emp.ID, by, func(u *directory.Employee) error {
			u.Title, u.Active = "Engineer", false
			return nil
		})
		if err != nil {
			t.Fatalf("UpdateEmployee(%s): %v", userName, err)
		}
		return emp
	}
	rows := func(table, employeeID string) int {
		t.Helper()
		var n int
		// The id is a UUID the store made: spliced, the statement needs
		// no placeholder of either backend.
		if err := db.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM `+table+` WHERE employee_id = '`+employeeID+`'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	kept, byAdmin, inBatch, held := detailed("kept@example.com"), detailed("admin@example.com"), detailed("batch@example.com"), detailed("held@example.com")
	for _, table := range detailTables {
		if n := rows(table, byAdmin.ID); n == 0 {
			t.Fatalf("%s has no row of the employee before the delete: the check below would prove nothing", table)
		}
	}

	if err := s.DeleteEmployee(e.ctx, c.ID, byAdmin.ID, directory.Actor{}, nil); err != nil {
		t.Fatal(err)
	}
	err := s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
		return b.DeleteEmployee(e.ctx, inBatch.ID, by, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.guardFromSecond(c.ID)
	if err := s.DeleteEmployee(e.ctx, c.ID, held.ID, by, nil); err != nil {
		t.Fatal(err)
	}
	if n := rows("employee_emails", held.ID); n == 0 {
		t.Fatal("the guard did not hold the delete: its release below would prove nothing")
	}
	if _, err := s.ReleaseGuardHolds(e.ctx, c.ID, okta.ID, directory.Actor{}); err != nil {
		t.Fatal(err)
	}

	for _, table := range detailTables {
		for name, id := range map[string]string{"by an administrator": byAdmin.ID, "in a Batch": inBatch.ID, "held, then released": held.ID} {
			if n := rows(table, id); n != 0 {
				t.Errorf("%s keeps %d rows of the employee deleted %s", table, n, name)
			}
		}
		if n := rows(table, kept.ID); n == 0 {
			t.Errorf("%s lost the rows of the employee not deleted", table)
		}
	}
}
