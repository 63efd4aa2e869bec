package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// multisystemTests: several connections writing one company's employees
// (externalId per connection, provenance, owners).
var multisystemTests = []test{
	{"ExternalIDPerConnection", func(t *testing.T, e *env) {
		c, other := e.company("Acme"), e.company("Globex")
		entra, okta, workday := e.connection(c.ID, "Entra"), e.connection(c.ID, "Okta"), e.connection(c.ID, "Workday")
		globex := e.connection(other.ID, "Entra")
		as := func(conn directory.Connection) directory.Actor { return directory.Actor{ConnectionID: conn.ID} }
		ada := e.employeeBy(c.ID, "ada@example.com", as(entra), func(p *directory.Employee) { p.ExternalID = "E1" })
		wantEqual(t, "created as seen by Entra", ada.ExternalID, "E1")
		bob := e.employeeBy(c.ID, "bob@example.com", as(entra), func(p *directory.Employee) { p.ExternalID = "A0" })
		e.employeeBy(other.ID, "ada@example.com", as(globex), func(p *directory.Employee) { p.ExternalID = "E1" })

		got, err := e.s.UpdateEmployee(e.ctx, c.ID, ada.ID, as(okta), func(p *directory.Employee) error {
			wantEqual(t, "Okta's view before it set one", p.ExternalID, "")
			p.ExternalID = "O1"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "returned to Okta", got.ExternalID, "O1")
		stored := e.get(c.ID, ada.ID)
		wantEqual(t, "Entra's", stored.ExternalIDOf(entra.ID), "E1")
		wantEqual(t, "Okta's", stored.ExternalIDOf(okta.ID), "O1")
		wantEqual(t, "unattributed", stored.ExternalID, "")

		query := func(viewer directory.Connection, f string, sort bool) ([]directory.Employee, int) {
			t.Helper()
			q := directory.EmployeeQuery{ViewerConnectionID: viewer.ID, Limit: 10}
			if f != "" {
				q.Filter = parse(t, f)
			}
			if sort {
				q.SortBy = ref(t, "externalId")
			}
			page, total, err := e.s.Employees(e.ctx, c.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			return page, total
		}
		for _, tc := range []struct {
			viewer directory.Connection
			filter string
			want   string
		}{
			{entra, `externalId eq "E1"`, "ada@example.com"},
			{okta, `externalId eq "O1"`, "ada@example.com"},
			{okta, `externalId eq "E1"`, ""},
			{entra, `externalId eq "O1"`, ""},
			{workday, `externalId pr`, ""},
			{workday, `externalId eq null`, "ada@example.com bob@example.com"},
			{okta, `externalId pr`, "ada@example.com"},
			{okta, `externalId sw "o"`, ""},
			{entra, `externalId ne "E1"`, "bob@example.com"},
			{entra, `externalId gt "A0"`, "ada@example.com"},
		} {
			page, total := query(tc.viewer, tc.filter, false)
			wantEqual(t, tc.viewer.Label+": "+tc.filter, join(userNames(page)), tc.want)
			wantEqual(t, tc.viewer.Label+": "+tc.filter+" total", total, len(page))
		}
		page, _ := query(entra, `externalId eq "E1"`, false)
		wantEqual(t, "Entra's list shows its value", page[0].ExternalID, "E1")
		page, _ = query(entra, "", true)
		wantEqual(t, "sorted by Entra's", join(userNames(page)), "bob@example.com ada@example.com")
		page, _ = query(okta, "", true)
		wantEqual(t, "sorted by Okta's (none last)", join(userNames(page)), "ada@example.com bob@example.com")
		wantEqual(t, "Okta sees no value for bob", page[1].ExternalID, "")

		// A reference by externalId finds any connection's value.
		carol := e.employeeBy(c.ID, "carol@example.com", as(workday), func(p *directory.Employee) { p.Manager.Value = "O1" })
		wantEqual(t, "manager by Okta's externalId", carol.Manager.TargetID, ada.ID)

		// Clearing one's own value leaves the others'.
		if _, err := e.s.UpdateEmployee(e.ctx, c.ID, ada.ID, as(okta), func(p *directory.Employee) error {
			p.ExternalID = ""
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		stored = e.get(c.ID, ada.ID)
		wantEqual(t, "after Okta cleared its own", stored.ExternalIDs, []directory.ExternalID{{ConnectionID: entra.ID, Value: "E1"}})
		_ = bob

		// A rotated connection keeps its identity: the new token finds
		// by the old one's values.
		_, hash := directory.NewToken()
		next := directory.Connection{ID: directory.NewID(), Label: "Entra", TokenHash: hash}
		if err := e.s.RotateConnection(e.ctx, entra.ID, &next, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		page, _ = query(next, `externalId eq "E1"`, false)
		wantEqual(t, "after rotation", join(userNames(page)), "ada@example.com")
	}},
	{"ProvenanceStamped", func(t *testing.T, e *env) {
		c := e.company("Acme")
		entra := e.connection(c.ID, "Entra")
		by := directory.Actor{ConnectionID: entra.ID}
		emp := e.employeeBy(c.ID, "ada@example.com", by, func(p *directory.Employee) {
			p.Title, p.Department, p.ExternalID = "Engineer", "R&D", "E-1"
		})
		want := directory.SetBy{Actor: by, At: emp.Created}
		for name, got := range map[string]directory.Employee{"returned": emp, "read back": e.get(c.ID, emp.ID)} {
			for _, attr := range []string{"userName", "title", "department", "active", "externalId"} {
				wantEqual(t, name+", created: "+attr, got.Provenance[attr], want)
			}
			if _, ok := got.Provenance["locale"]; ok {
				t.Errorf("%s: an attribute without a value is stamped", name)
			}
		}
		admin := directory.Actor{AdminID: "admin-1"}
		got, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, admin, func(p *directory.Employee) error {
			p.Title = "Staff Engineer"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		stored := e.get(c.ID, emp.ID)
		wantEqual(t, "returned", got.Provenance, stored.Provenance)
		wantEqual(t, "title", stored.Provenance["title"], directory.SetBy{Actor: admin, At: got.LastModified})
		wantEqual(t, "department untouched", stored.Provenance["department"], want)
		wantEqual(t, "last writer", stored.LastWriter, admin)
		page, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "listed last writer", page[0].LastWriter, admin)
		wantEqual(t, "source stays the creator", page[0].SourceConnectionID, entra.ID)
		// A write that changes nothing changes no provenance.
		e.update(c.ID, emp.ID, func(*directory.Employee) {})
		wantEqual(t, "after a no-op", e.get(c.ID, emp.ID).LastWriter, admin)
	}},
	{"Owners", func(t *testing.T, e *env) {
		c, other := e.company("Acme"), e.company("Globex")
		entra, hr := e.connection(c.ID, "Entra"), e.connection(c.ID, "Workday HR")
		foreign := e.connection(other.ID, "Workday HR")
		site := e.attribute(c.ID, directory.AttributeDef{Name: "Site", Type: directory.TypeOption})
		wantCode(t, e.s.SetOwner(e.ctx, c.ID, "userName", hr.ID), directory.EInvalid)
		wantCode(t, e.s.SetOwner(e.ctx, c.ID, "costCentre", hr.ID), directory.EInvalid)
		wantCode(t, e.s.SetOwner(e.ctx, c.ID, "department", foreign.ID), directory.ENotFound)
		wantCode(t, e.s.SetOwner(e.ctx, c.ID, "department", "nope"), directory.ENotFound)
		for _, attr := range []string{"department", directory.CompanyAttribute(site.ID), "department"} {
			if err := e.s.SetOwner(e.ctx, c.ID, attr, hr.ID); err != nil {
				t.Fatal(err)
			}
		}
		owners, err := e.s.Owners(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "owners", owners, directory.Owners{
			{Attribute: directory.CompanyAttribute(site.ID), ConnectionID: hr.ID, ConnectionLabel: "Workday HR"},
			{Attribute: "department", ConnectionID: hr.ID, ConnectionLabel: "Workday HR"},
		})
		if none, _ := e.s.Owners(e.ctx, other.ID); len(none) != 0 {
			t.Errorf("another company's owners: %v", none)
		}

		emp := e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: entra.ID}, func(p *directory.Employee) {
			p.Department = "Sales"
			p.Title = "Engineer"
		})
		wantEqual(t, "created by a non-owner", emp.Department, "")
		wantEqual(t, "not owned", emp.Title, "Engineer")
		write := func(by directory.Actor, dept string) directory.Employee {
			t.Helper()
			got, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, by, func(p *directory.Employee) error {
				p.Department = dept
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		wantEqual(t, "owner writes", write(directory.Actor{ConnectionID: hr.ID}, "R&D").Department, "R&D")
		wantEqual(t, "non-owner's write", write(directory.Actor{ConnectionID: entra.ID}, "Support").Department, "R&D")
		wantEqual(t, "admin is not subject", write(directory.Actor{AdminID: "admin"}, "Finance").Department, "Finance")
		// The creation's and the update's.
		wantActivity(t, e, c.ID, emp.ID, []string{directory.ActivityNotApplied, directory.ActivityNotApplied},
			"department not applied: owned by Workday HR", "department not applied: owned by Workday HR")

		// A company attribute kept is named as people know it.
		if _, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{ConnectionID: entra.ID}, func(p *directory.Employee) error {
			p.Attributes = map[string]directory.AttributeValue{site.ID: {Text: "Berlin"}}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		wantActivity(t, e, c.ID, emp.ID, []string{directory.ActivityNotApplied, directory.ActivityNotApplied, directory.ActivityNotApplied},
			"department not applied: owned by Workday HR", "department not applied: owned by Workday HR", "Site not applied: owned by Workday HR")

		if err := e.s.ClearOwner(e.ctx, c.ID, "department"); err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "after clearing the owner", write(directory.Actor{ConnectionID: entra.ID}, "Support").Department, "Support")

		// An attribute deleted takes its owner with it: nothing is left to
		// own, and a new attribute is never owned by the old one's row.
		if _, err := e.s.DeleteAttribute(e.ctx, c.ID, site.ID); err != nil {
			t.Fatal(err)
		}
		if owners, err := e.s.Owners(e.ctx, c.ID); err != nil || len(owners) != 0 {
			t.Errorf("owners after the owned attribute was deleted: %v, %v", owners, err)
		}

		// A connection revoked owns nothing any more: the attributes it
		// owned are every connection's again.
		if err := e.s.SetOwner(e.ctx, c.ID, "title", hr.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.RevokeConnection(e.ctx, hr.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if owners, _ := e.s.Owners(e.ctx, c.ID); len(owners) != 0 {
			t.Errorf("owners after their connection was revoked: %v", owners)
		}
		if _, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{ConnectionID: entra.ID}, func(p *directory.Employee) error {
			p.Title = "Lead"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "title after its owner was revoked", e.get(c.ID, emp.ID).Title, "Lead")
	}},
}
