package storetest

import (
	"strings"
	"testing"

	"roster/internal/directory"
)

// statusTests check the status history (directory.HistoryStore); the
// activity entries are checked where the changes that record them are
// (referenceTests), with wantActivity.
var statusTests = []test{
	{"CreateRecordsInitialStatus", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Entra ID")
		emp := e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: conn.ID})
		hist, err := e.s.StatusHistory(e.ctx, c.ID, emp.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "history", hist, []directory.StatusChange{{EmployeeID: emp.ID, Active: true, At: emp.Created, ConnectionID: conn.ID}})
	}},
	{"DeactivateReactivate", func(t *testing.T, e *env) {
		c := e.company("Acme")
		entra, okta := e.connection(c.ID, "Entra ID"), e.connection(c.ID, "Okta")
		emp := e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: entra.ID})
		set := func(by directory.Actor, active bool) directory.Employee {
			got, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, by, func(u *directory.Employee) error {
				u.Active = active
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		off := set(directory.Actor{ConnectionID: okta.ID}, false)
		wantEqual(t, "StatusChanged after deactivation", off.StatusChanged, off.LastModified)
		same := set(directory.Actor{ConnectionID: entra.ID}, false) // no change: no entry
		wantEqual(t, "StatusChanged unchanged", same.StatusChanged, off.StatusChanged)
		on := set(directory.Actor{AdminID: "admin-1"}, true)
		hist, err := e.s.StatusHistory(e.ctx, c.ID, emp.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "history", hist, []directory.StatusChange{
			{EmployeeID: emp.ID, Active: true, At: emp.Created, ConnectionID: entra.ID},
			{EmployeeID: emp.ID, Active: false, At: off.StatusChanged, ConnectionID: okta.ID},
			{EmployeeID: emp.ID, Active: true, At: on.StatusChanged, AdminID: "admin-1"},
		})
		wantEqual(t, "stored StatusChanged", e.get(c.ID, emp.ID).StatusChanged, on.StatusChanged)
	}},
	{"DeleteRemovesHistory", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		e.update(c.ID, emp.ID, func(u *directory.Employee) { u.Active = false })
		if err := e.s.DeleteEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.StatusHistory(e.ctx, c.ID, emp.ID)
		wantCode(t, err, directory.ENotFound)
	}},
}

// wantActivity checks the kinds of an employee's activity entries, in
// order, and that their details say each of details.
func wantActivity(t *testing.T, e *env, companyID, employeeID string, kinds []string, details ...string) {
	t.Helper()
	acts, err := e.s.Activity(e.ctx, companyID, employeeID)
	if err != nil {
		t.Fatal(err)
	}
	var gotKinds []string
	var all []string
	for _, a := range acts {
		gotKinds = append(gotKinds, a.Kind)
		all = append(all, a.Detail)
		if a.EmployeeID != employeeID || a.At.IsZero() {
			t.Errorf("activity entry %+v", a)
		}
	}
	wantEqual(t, "activity kinds", gotKinds, kinds)
	for _, d := range details {
		if !strings.Contains(strings.Join(all, "\n"), d) {
			t.Errorf("activity %q does not say %q", all, d)
		}
	}
}

// mustActivity reads an employee's activity, failing the test on an error.
func mustActivity(t *testing.T, e *env, companyID, employeeID string) []directory.Activity {
	t.Helper()
	acts, err := e.s.Activity(e.ctx, companyID, employeeID)
	if err != nil {
		t.Fatal(err)
	}
	return acts
}
