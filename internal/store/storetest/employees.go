package storetest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// full sets every writable field of an employee.
func full(emp *directory.Employee) {
	emp.ExternalID = "00ujl29u0le5T6Aj10h7"
	emp.Name = directory.Name{Formatted: "Ada Lovelace", FamilyName: "Lovelace", GivenName: "Ada",
		MiddleName: "Augusta", HonorificPrefix: "Countess", HonorificSuffix: "FRS"}
	emp.DisplayName = "Ada L."
	emp.NickName = "Ada"
	emp.ProfileURL = "https://example.com/ada"
	emp.UserType = "Employee"
	emp.PreferredLanguage = "en-GB"
	emp.Title = "Analyst"
	emp.Locale = "en-GB"
	emp.Timezone = "Europe/London"
	emp.Emails = []directory.Email{
		{Value: "ada@example.com", Type: "work", Primary: true},
		{Value: "ada@home.test", Type: "home"},
		{Value: "ada@other.test"},
	}
	emp.Addresses = []directory.Address{
		{Type: "work", Primary: true, Formatted: "1 Analytical St\nLondon", StreetAddress: "1 Analytical St", Locality: "London", Region: "Greater London", PostalCode: "W1", Country: "GB"},
		{Type: "home", Locality: "Ockham"},
	}
	emp.PhoneNumbers = []directory.MultiValue{
		{Value: "+44 20 1234", Type: "work", Primary: true},
		{Value: "+44 7700 900", Type: "mobile"},
		{Value: "+44 20 9999", Type: "fax", Display: "Fax"},
	}
	emp.IMs = []directory.MultiValue{{Value: "ada@xmpp", Type: "xmpp"}}
	emp.Photos = []directory.MultiValue{{Value: "https://example.com/ada.jpg", Type: "photo", Primary: true}}
	emp.Entitlements = []directory.MultiValue{{Value: "engine-room", Display: "Engine room"}}
	emp.Roles = []directory.MultiValue{{Value: "analyst", Primary: true}, {Value: "author"}}
	emp.X509Certificates = []directory.MultiValue{{Value: "MIIDQzCCAqygAwIBAgICEAAwDQYJ"}}
	emp.EmployeeNumber = "1815"
	emp.CostCenter = "CC-7"
	emp.Organization = "Babbage & Co"
	emp.Division = "Computing"
	emp.Department = "Engines"
}

var employeeTests = []test{
	{"CreateAndGet", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Okta")
		before := time.Now()
		emp := e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: conn.ID}, full)
		wantRecent(t, "Created", emp.Created, before)
		wantEqual(t, "LastModified", emp.LastModified, emp.Created)
		wantEqual(t, "StatusChanged", emp.StatusChanged, emp.Created)
		wantEqual(t, "Version", emp.Version, int64(1))
		wantEqual(t, "SourceConnectionID", emp.SourceConnectionID, conn.ID)
		got := e.get(c.ID, emp.ID)
		wantEqual(t, "unattributed externalId", got.ExternalID, "")
		got.SeenBy(conn.ID)
		wantEqual(t, "Employee", got, emp)
	}},
	{"CreateWithoutOptionalFields", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "min@example.com", func(emp *directory.Employee) { emp.Active = false })
		got := e.get(c.ID, emp.ID)
		wantEqual(t, "Employee", got, emp)
		if got.Emails != nil || got.ExternalID != "" || got.SourceConnectionID != "" {
			t.Errorf("got %+v; want empty optional fields", got)
		}
	}},
	{"CreateInvalid", func(t *testing.T, e *env) {
		c := e.company("Acme")
		for name, emp := range map[string]directory.Employee{
			"blank userName": {ID: directory.NewID(), CompanyID: c.ID, UserName: "  "},
			"no id":          {CompanyID: c.ID, UserName: "x@example.com"},
			"two primaries": {ID: directory.NewID(), CompanyID: c.ID, UserName: "x@example.com",
				Emails: []directory.Email{{Value: "a@x", Primary: true}, {Value: "b@x", Primary: true}}},
		} {
			err := e.s.CreateEmployee(e.ctx, &emp, directory.Actor{})
			if directory.ErrorCode(err) != directory.EInvalid {
				t.Errorf("%s: error = %v; want EInvalid", name, err)
			}
		}
	}},
	{"CreateInUnknownCompany", func(t *testing.T, e *env) {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: directory.NewID(), UserName: "x@example.com"}
		wantCode(t, e.s.CreateEmployee(e.ctx, &emp, directory.Actor{}), directory.ENotFound)
	}},
	{"NotFound", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		// Ids no employee can have (directory.StorableText) are not found
		// alike on every backend: PostgreSQL cannot even take them as a
		// parameter.
		for _, id := range []string{directory.NewID(), "a\x00b", emp.ID + "\x00", "\x00" + emp.ID, "\xff", emp.ID[:4] + "\xc3"} {
			_, err := e.s.Employee(e.ctx, c.ID, id)
			wantCode(t, err, directory.ENotFound)
			_, err = e.s.UpdateEmployee(e.ctx, c.ID, id, directory.Actor{}, func(*directory.Employee) error { return nil })
			wantCode(t, err, directory.ENotFound)
			wantCode(t, e.s.DeleteEmployee(e.ctx, c.ID, id, directory.Actor{}, nil), directory.ENotFound)
			_, err = e.s.StatusHistory(e.ctx, c.ID, id)
			wantCode(t, err, directory.ENotFound)
			_, err = e.s.Activity(e.ctx, c.ID, id)
			wantCode(t, err, directory.ENotFound)
			// In a batch, too, and the batch goes on.
			err = e.s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
				_, err := b.Employee(e.ctx, id)
				wantCode(t, err, directory.ENotFound)
				_, err = b.UpdateEmployee(e.ctx, id, directory.Actor{}, func(*directory.Employee) error { return nil })
				wantCode(t, err, directory.ENotFound)
				wantCode(t, b.DeleteEmployee(e.ctx, id, directory.Actor{}, nil), directory.ENotFound)
				_, err = b.Employee(e.ctx, emp.ID)
				return err
			})
			if err != nil {
				t.Errorf("batch after looking up %q: %v", id, err)
			}
		}
		wantEqual(t, "the employee", e.get(c.ID, emp.ID).UserName, "ada@example.com")
	}},
	{"UserNameUniqueCaseInsensitive", func(t *testing.T, e *env) {
		c := e.company("Acme")
		e.employee(c.ID, "Ada.Lovelace@Example.com")
		for _, name := range []string{"Ada.Lovelace@Example.com", "ada.lovelace@example.com", "ADA.LOVELACE@EXAMPLE.COM"} {
			emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: name, Active: true}
			err := e.s.CreateEmployee(e.ctx, &emp, directory.Actor{})
			wantCode(t, err, directory.EConflict)
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name the userName %q", err, name)
			}
		}
	}},
	{"UserNameUniqueCaseInsensitiveUnicode", func(t *testing.T, e *env) {
		c := e.company("Acme")
		e.employee(c.ID, "JÜRGEN.ÖSTBERG@example.com")
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "jürgen.östberg@example.com"}
		wantCode(t, e.s.CreateEmployee(e.ctx, &emp, directory.Actor{}), directory.EConflict)
	}},
	{"UserNameUniqueAmongInactive", func(t *testing.T, e *env) {
		c := e.company("Acme")
		e.employee(c.ID, "gone@example.com", func(emp *directory.Employee) { emp.Active = false })
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "GONE@example.com", Active: true}
		wantCode(t, e.s.CreateEmployee(e.ctx, &emp, directory.Actor{}), directory.EConflict)
	}},
	{"UserNamePerCompany", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		e.employee(a.ID, "same@example.com")
		e.employee(b.ID, "same@example.com")
	}},
	{"UserNameFreedByDelete", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "reuse@example.com")
		if err := e.s.DeleteEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		e.employee(c.ID, "Reuse@example.com")
	}},
	{"DuplicateID", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "a@example.com")
		dup := directory.Employee{ID: emp.ID, CompanyID: c.ID, UserName: "b@example.com",
			Emails: []directory.Email{{Value: "b@example.com"}}}
		err := e.s.CreateEmployee(e.ctx, &dup, directory.Actor{})
		wantCode(t, err, directory.EConflict)
		if err == nil || !strings.Contains(err.Error(), "an employee with id") {
			t.Errorf("error = %v, want one naming the taken id", err)
		}
		got, err := e.s.Employee(e.ctx, c.ID, emp.ID)
		if err != nil || got.UserName != "a@example.com" || len(got.Emails) != 0 {
			t.Errorf("after the refused duplicate: %+v, %v", got, err)
		}
	}},
	{"Update", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com", full)
		time.Sleep(2 * time.Millisecond)
		before := time.Now()
		got := e.update(c.ID, emp.ID, func(u *directory.Employee) {
			u.UserName = "ada.lovelace@example.com"
			u.Title = "Countess"
			u.Locale = "" // cleared
			u.Emails = []directory.Email{{Value: "ada.lovelace@example.com", Type: "work", Primary: true}}
		})
		want := emp
		want.UserName = "ada.lovelace@example.com"
		want.Title = "Countess"
		want.Locale = ""
		want.Emails = []directory.Email{{Value: "ada.lovelace@example.com", Type: "work", Primary: true}}
		want.Version = 2
		want.LastModified = got.LastModified
		want.Provenance = maps.Clone(emp.Provenance)
		want.Provenance.Stamp(directory.Diff(&emp, &want), directory.Actor{}, got.LastModified)
		wantEqual(t, "returned", got, want)
		wantRecent(t, "LastModified", got.LastModified, before)
		wantEqual(t, "stored", e.get(c.ID, emp.ID), want)
		wantEqual(t, "StatusChanged", got.StatusChanged, emp.StatusChanged)
	}},
	{"UpdateSeesStoredEmployee", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com", full)
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(u *directory.Employee) error {
			wantEqual(t, "fn's employee", *u, emp)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}},
	{"UpdateFnErrorAborts", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		stale := directory.Errorf(directory.EPrecondition, "version mismatch")
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(u *directory.Employee) error {
			u.Title = "changed"
			return stale
		})
		if !errors.Is(err, stale) {
			t.Errorf("error = %v; want fn's error", err)
		}
		wantCode(t, err, directory.EPrecondition)
		wantEqual(t, "stored", e.get(c.ID, emp.ID), emp)
	}},
	{"UpdateWithoutChangeKeepsVersion", func(t *testing.T, e *env) {
		// RFC 7644 §3.14: the version is the resource's; a write that
		// changes nothing (an identity provider re-sending what it sent)
		// must not move it, nor lastModified.
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com", full)
		time.Sleep(2 * time.Millisecond)
		got := e.update(c.ID, emp.ID, func(u *directory.Employee) {
			u.Title = emp.Title
			u.Emails = slices.Clone(emp.Emails)
		})
		wantEqual(t, "returned", got, emp)
		wantEqual(t, "stored", e.get(c.ID, emp.ID), emp)
		err := e.s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
			_, err := b.UpdateEmployee(e.ctx, emp.ID, directory.Actor{}, func(*directory.Employee) error { return nil })
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "stored after a batch no-op", e.get(c.ID, emp.ID), emp)
	}},
	{"UpdateKeepsStoreOwnedFields", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		got := e.update(c.ID, emp.ID, func(u *directory.Employee) {
			u.ID = directory.NewID()
			u.CompanyID = directory.NewID()
			u.Created = time.Unix(0, 0)
			u.Version = 100
			u.SourceConnectionID = "forged"
			u.Title = "a change, so that a version is written"
		})
		if got.ID != emp.ID || got.CompanyID != c.ID || !got.Created.Equal(emp.Created) || got.Version != 2 || got.SourceConnectionID != "" {
			t.Errorf("update changed store-owned fields: %+v", got)
		}
		e.get(c.ID, emp.ID)
	}},
	{"UpdateInvalid", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(u *directory.Employee) error {
			u.UserName = ""
			return nil
		})
		wantCode(t, err, directory.EInvalid)
		_, err = e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(u *directory.Employee) error {
			u.Manager = directory.Reference{Value: u.ID}
			return nil
		})
		wantCode(t, err, directory.EInvalid)
		wantEqual(t, "stored", e.get(c.ID, emp.ID), emp)
	}},
	{"UpdateUserNameConflict", func(t *testing.T, e *env) {
		c := e.company("Acme")
		e.employee(c.ID, "taken@example.com")
		emp := e.employee(c.ID, "ada@example.com")
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(u *directory.Employee) error {
			u.UserName = "Taken@Example.com"
			return nil
		})
		wantCode(t, err, directory.EConflict)
		if !strings.Contains(err.Error(), "Taken@Example.com") {
			t.Errorf("error %q does not name the userName", err)
		}
		wantEqual(t, "stored", e.get(c.ID, emp.ID), emp)
	}},
	{"UpdateUserNameCase", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		got := e.update(c.ID, emp.ID, func(u *directory.Employee) { u.UserName = "Ada@Example.com" })
		wantEqual(t, "UserName", got.UserName, "Ada@Example.com")
	}},
	{"Delete", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com", full)
		other := e.employee(c.ID, "other@example.com")
		var checked directory.Employee
		err := e.s.DeleteEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(d *directory.Employee) error {
			checked = *d
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "checked employee", checked, emp)
		_, err = e.s.Employee(e.ctx, c.ID, emp.ID)
		wantCode(t, err, directory.ENotFound)
		wantCode(t, e.s.DeleteEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, nil), directory.ENotFound)
		wantEqual(t, "other", e.get(c.ID, other.ID), other)
		names, total := e.list(c.ID, directory.EmployeeQuery{Limit: 10})
		wantEqual(t, "remaining", names, []string{"other@example.com"})
		wantEqual(t, "total", total, 1)
	}},
	{"DeleteCheckAborts", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		stale := directory.Errorf(directory.EPrecondition, "version mismatch")
		err := e.s.DeleteEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(*directory.Employee) error { return stale })
		wantCode(t, err, directory.EPrecondition)
		e.get(c.ID, emp.ID)
	}},
	{"ErrorsNameTheBackendOperation", func(t *testing.T, e *env) {
		c := e.company("Acme")
		_, err := e.s.Employee(e.ctx, c.ID, "nope")
		var de *directory.Error
		if !errors.As(err, &de) || de.Code != directory.ENotFound {
			t.Fatalf("error = %v; want a *directory.Error", err)
		}
		if !strings.Contains(err.Error(), "employee") {
			t.Errorf("error %q lacks context", err)
		}
		_ = fmt.Sprint(err)
	}},
}

var managerTests = []test{
	{"TargetName", func(t *testing.T, e *env) {
		c := e.company("Acme")
		shown := e.employee(c.ID, "boss1@example.com", func(m *directory.Employee) {
			m.DisplayName = "The Boss"
			m.Name = directory.Name{GivenName: "Grace", FamilyName: "Hopper"}
		})
		named := e.employee(c.ID, "boss2@example.com", func(m *directory.Employee) {
			m.Name = directory.Name{GivenName: "Grace", FamilyName: "Hopper"}
		})
		given := e.employee(c.ID, "boss3@example.com", func(m *directory.Employee) { m.Name.GivenName = "Grace" })
		bare := e.employee(c.ID, "boss4@example.com")
		// The same rule as the console's (directory.Employee.ShownName).
		formatted := e.employee(c.ID, "boss5@example.com", func(m *directory.Employee) { m.Name.Formatted = "Dr. Hopper" })
		for boss, want := range map[string]string{shown.ID: "The Boss", named.ID: "Grace Hopper", given.ID: "Grace", bare.ID: "boss4@example.com",
			formatted.ID: "Dr. Hopper"} {
			emp := e.employee(c.ID, directory.NewID()+"@example.com", func(emp *directory.Employee) { emp.Manager.Value = boss })
			wantEqual(t, "created TargetName", emp.Manager.TargetName, want)
			wantEqual(t, "created TargetID", emp.Manager.TargetID, boss)
			wantEqual(t, "read TargetName", e.get(c.ID, emp.ID).Manager.TargetName, want)
			page, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Filter: nil, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page {
				if p.ID == emp.ID {
					wantEqual(t, "listed TargetName", p.Manager.TargetName, want)
				}
			}
		}
	}},
	{"TargetEmail", func(t *testing.T, e *env) {
		c := e.company("Acme")
		primary := e.employee(c.ID, "boss1@example.com", func(m *directory.Employee) {
			m.Emails = []directory.Email{{Value: "first@example.com"}, {Value: "primary@example.com", Primary: true}}
		})
		first := e.employee(c.ID, "boss2@example.com", func(m *directory.Employee) {
			m.Emails = []directory.Email{{Value: "first@example.com"}, {Value: "second@example.com"}}
		})
		bare := e.employee(c.ID, "boss3@example.com")
		for boss, want := range map[string]string{primary.ID: "primary@example.com", first.ID: "first@example.com", bare.ID: "boss3@example.com"} {
			emp := e.employee(c.ID, directory.NewID()+"@example.com", func(emp *directory.Employee) { emp.Manager.Value = boss })
			wantEqual(t, "created TargetEmail", emp.Manager.TargetEmail, want)
			wantEqual(t, "read TargetEmail", e.get(c.ID, emp.ID).Manager.TargetEmail, want)
		}
	}},
	{"FollowsManagerChanges", func(t *testing.T, e *env) {
		c := e.company("Acme")
		boss := e.employee(c.ID, "boss@example.com", func(m *directory.Employee) { m.DisplayName = "Old" })
		emp := e.employee(c.ID, "emp@example.com")
		got := e.update(c.ID, emp.ID, func(u *directory.Employee) { u.Manager = directory.Reference{Value: boss.ID} })
		wantEqual(t, "after setting manager", got.Manager.TargetName, "Old")
		e.update(c.ID, boss.ID, func(u *directory.Employee) { u.DisplayName = "New" })
		wantEqual(t, "after renaming manager", e.get(c.ID, emp.ID).Manager.TargetName, "New")
	}},
	{"UnknownManagerPending", func(t *testing.T, e *env) {
		c := e.company("Acme")
		// Entra may send a manager before the manager exists.
		missing := directory.NewID()
		emp := e.employee(c.ID, "emp@example.com", func(emp *directory.Employee) { emp.Manager.Value = missing })
		got := e.get(c.ID, emp.ID)
		wantEqual(t, "Manager", got.Manager, directory.Reference{Value: missing})
		if !got.Manager.Pending() {
			t.Error("manager not pending")
		}
	}},
	{"OtherCompanyManagerNeverResolves", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		boss := e.employee(b.ID, "boss@example.com", func(m *directory.Employee) { m.DisplayName = "Secret" })
		emp := e.employee(a.ID, "emp@example.com", func(emp *directory.Employee) { emp.Manager.Value = boss.ID })
		wantEqual(t, "Manager", e.get(a.ID, emp.ID).Manager, directory.Reference{Value: boss.ID})
	}},
	{"ClearedOnDelete", func(t *testing.T, e *env) {
		c := e.company("Acme")
		boss := e.employee(c.ID, "boss@example.com")
		emp := e.employee(c.ID, "emp@example.com", func(emp *directory.Employee) { emp.Manager.Value = boss.ID })
		if err := e.s.DeleteEmployee(e.ctx, c.ID, boss.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		got := e.get(c.ID, emp.ID)
		wantEqual(t, "Manager", got.Manager, directory.Reference{})
		if got.Version != emp.Version+1 || !got.LastModified.After(emp.LastModified) {
			t.Errorf("clearing the manager is a change: version %d -> %d, modified %v -> %v", emp.Version, got.Version, emp.LastModified, got.LastModified)
		}
	}},
	{"SelfRefused", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "self@example.com", Active: true,
			Manager: directory.Reference{Value: "SELF@example.com"}}
		wantCode(t, e.s.CreateEmployee(e.ctx, &emp, directory.Actor{}), directory.EInvalid)
		stored := e.employee(c.ID, "me@example.com")
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, stored.ID, directory.Actor{}, func(u *directory.Employee) error {
			u.Manager = directory.Reference{Value: "me@example.com"}
			return nil
		})
		wantCode(t, err, directory.EInvalid)
		wantEqual(t, "stored", e.get(c.ID, stored.ID), stored)
	}},
}

var tenancyTests = []test{
	{"OtherCompanysEmployeeNotFound", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		emp := e.employee(a.ID, "ada@example.com")
		_, err := e.s.Employee(e.ctx, b.ID, emp.ID)
		wantCode(t, err, directory.ENotFound)
		called := false
		_, err = e.s.UpdateEmployee(e.ctx, b.ID, emp.ID, directory.Actor{}, func(*directory.Employee) error {
			called = true
			return nil
		})
		wantCode(t, err, directory.ENotFound)
		if called {
			t.Error("update fn saw another company's employee")
		}
		wantCode(t, e.s.DeleteEmployee(e.ctx, b.ID, emp.ID, directory.Actor{}, nil), directory.ENotFound)
		_, err = e.s.StatusHistory(e.ctx, b.ID, emp.ID)
		wantCode(t, err, directory.ENotFound)
		wantEqual(t, "still there", e.get(a.ID, emp.ID), emp)
	}},
	{"ListAndFilterScoped", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		emp := e.employee(a.ID, "ada@example.com", full)
		e.employee(b.ID, "bob@example.com")
		names, total := e.list(b.ID, directory.EmployeeQuery{Limit: 10})
		wantEqual(t, "B's list", names, []string{"bob@example.com"})
		wantEqual(t, "B's total", total, 1)
		for _, f := range []string{
			`userName eq "ada@example.com"`,
			fmt.Sprintf(`id eq %q`, emp.ID),
			`emails.value eq "ada@example.com"`,
			`emails[type eq "work" and value co "ada"]`,
			`externalId pr`,
		} {
			names, total := e.list(b.ID, directory.EmployeeQuery{Filter: parse(t, f), Limit: 10})
			if total != 0 || len(names) != 0 {
				t.Errorf("company B, filter %s: got %v (total %d); want none", f, names, total)
			}
		}
	}},
	{"DeleteDoesNotTouchOtherCompany", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		boss := e.employee(a.ID, "boss@example.com")
		// B's employee names an id of A as manager (ids are global).
		emp := e.employee(b.ID, "emp@example.com", func(emp *directory.Employee) { emp.Manager.Value = boss.ID })
		if err := e.s.DeleteEmployee(e.ctx, a.ID, boss.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "B's employee", e.get(b.ID, emp.ID), emp)
	}},
}
