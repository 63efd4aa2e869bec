package storetest

import (
	"fmt"
	"strings"
	"testing"

	"roster/internal/directory"
)

// companyAttributes creates one attribute of each type.
func companyAttributes(e *env, companyID string) (option, date, number, employee directory.AttributeDef) {
	option = e.attribute(companyID, directory.AttributeDef{Name: "Division", Type: directory.TypeOption, Options: []string{"Sales", "R&D"}})
	date = e.attribute(companyID, directory.AttributeDef{Name: "Employed since", Aliases: []string{"Employed_Since", "Start"}, Type: directory.TypeDate})
	number = e.attribute(companyID, directory.AttributeDef{Name: "Level", Type: directory.TypeNumber})
	employee = e.attribute(companyID, directory.AttributeDef{Name: "Mentor", Type: directory.TypeEmployee})
	return
}

// wantMessage fails unless err's text holds every part.
func wantMessage(t *testing.T, err error, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("error %v does not say %q", err, p)
		}
	}
}

var attributeTests = []test{
	{"CreateAndList", func(t *testing.T, e *env) {
		c := e.company("Acme")
		o, d, n, m := companyAttributes(e, c.ID)
		wantRecent(t, "Created", o.Created, o.Created)
		got, err := e.s.Attributes(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "Attributes (creation order)", got, []directory.AttributeDef{o, d, n, m})
		one, err := e.s.Attribute(e.ctx, c.ID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "Attribute", one, d)
		_, err = e.s.Attribute(e.ctx, c.ID, directory.NewID())
		wantCode(t, err, directory.ENotFound)
		other := e.company("Other")
		_, err = e.s.Attribute(e.ctx, other.ID, d.ID)
		wantCode(t, err, directory.ENotFound)
		list, err := e.s.Attributes(e.ctx, other.ID)
		if err != nil || len(list) != 0 {
			t.Errorf("other company's attributes: %v, %v; want none", list, err)
		}
	}},
	{"CreateInvalid", func(t *testing.T, e *env) {
		c := e.company("Acme")
		for name, a := range map[string]directory.AttributeDef{
			"no name":        {Type: directory.TypeOption},
			"bad type":       {Name: "X", Type: "text"},
			"alias w/ space": {Name: "X", Type: directory.TypeOption, Aliases: []string{"Employed since"}},
			"reserved":       {Name: "PendingReferences", Type: directory.TypeOption},
			"alias = name":   {Name: "X", Type: directory.TypeOption, Aliases: []string{"x"}},
		} {
			a.ID, a.CompanyID = directory.NewID(), c.ID
			if err := e.s.CreateAttribute(e.ctx, &a); directory.ErrorCode(err) != directory.EInvalid {
				t.Errorf("%s: error = %v; want EInvalid", name, err)
			}
		}
		a := directory.AttributeDef{ID: directory.NewID(), CompanyID: directory.NewID(), Name: "X", Type: directory.TypeOption}
		wantCode(t, e.s.CreateAttribute(e.ctx, &a), directory.ENotFound)
	}},
	{"NamesAndAliasesUniqueCaseInsensitive", func(t *testing.T, e *env) {
		c := e.company("Acme")
		e.attribute(c.ID, directory.AttributeDef{Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate})
		for _, tc := range []struct {
			a     directory.AttributeDef
			clash string
		}{
			{directory.AttributeDef{Name: "EMPLOYED SINCE", Type: directory.TypeDate}, "EMPLOYED SINCE"},
			{directory.AttributeDef{Name: "employed_since", Type: directory.TypeDate}, "employed_since"},
			{directory.AttributeDef{Name: "Start", Aliases: []string{"EMPLOYED_since"}, Type: directory.TypeDate}, "EMPLOYED_since"},
		} {
			a := tc.a
			a.ID, a.CompanyID = directory.NewID(), c.ID
			err := e.s.CreateAttribute(e.ctx, &a)
			wantCode(t, err, directory.EConflict)
			wantMessage(t, err, tc.clash, "Employed since")
		}
		list, _ := e.s.Attributes(e.ctx, c.ID)
		wantEqual(t, "attributes after conflicts", len(list), 1)
		// Another company may use the same names.
		e.attribute(e.company("Other").ID, directory.AttributeDef{Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate})
	}},
	{"DuplicateID", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "A", Type: directory.TypeOption})
		dup := directory.AttributeDef{ID: a.ID, CompanyID: c.ID, Name: "B", Type: directory.TypeOption}
		wantCode(t, e.s.CreateAttribute(e.ctx, &dup), directory.EConflict)
	}},
	{"ValuesRoundTrip", func(t *testing.T, e *env) {
		c := e.company("Acme")
		o, d, n, m := companyAttributes(e, c.ID)
		boss := e.employee(c.ID, "boss@example.com", func(b *directory.Employee) { b.DisplayName = "The Boss" })
		emp := e.employee(c.ID, "ada@example.com", full, func(emp *directory.Employee) {
			emp.Manager.Value = "boss@example.com"
			emp.Attributes = map[string]directory.AttributeValue{
				o.ID: {Text: " r&d", Number: 7}, // other fields are dropped; stored as listed
				d.ID: {Date: "2021-03-01"},
				n.ID: {Number: -42},
				m.ID: {Ref: directory.Reference{Value: "BOSS@example.com", TargetID: "forged", TargetName: "forged"}},
			}
		})
		want := map[string]directory.AttributeValue{
			o.ID: {Text: "R&D"},
			d.ID: {Date: "2021-03-01"},
			n.ID: {Number: -42},
			m.ID: {Ref: directory.Reference{Value: "BOSS@example.com", TargetID: boss.ID, TargetName: "The Boss", TargetEmail: "boss@example.com"}},
		}
		wantEqual(t, "created", emp.Attributes, want)
		wantEqual(t, "read", e.get(c.ID, emp.ID), emp)
		page, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		listed := emp
		listed.Provenance = nil // lists carry none
		wantEqual(t, "listed", page[1], listed)
		// A lookup by a value that names the employee reads it, its
		// details and its references' targets otherwise (on PostgreSQL in
		// one statement: employees_at_once.go).
		for _, f := range []string{`userName eq "ADA@example.com"`, `id eq "` + emp.ID + `"`, `externalId eq "` + emp.ExternalID + `"`,
			`emails.value eq "` + emp.Emails[0].Value + `"`} {
			found, total, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Filter: parse(t, f), Limit: 10})
			if err != nil || total != 1 || len(found) != 1 {
				t.Fatalf("%s: %d of %d, %v; want the one", f, len(found), total, err)
			}
			wantEqual(t, "looked up by "+f, found[0], listed)
		}

		// An update replaces the values: zero is a number, an empty text no
		// value.
		got := e.update(c.ID, emp.ID, func(u *directory.Employee) {
			u.Attributes[n.ID] = directory.AttributeValue{Number: 0}
			u.Attributes[o.ID] = directory.AttributeValue{}
			delete(u.Attributes, d.ID)
		})
		want = map[string]directory.AttributeValue{n.ID: {}, m.ID: want[m.ID]}
		wantEqual(t, "updated", got.Attributes, want)
		wantEqual(t, "stored", e.get(c.ID, emp.ID), got)
		got = e.update(c.ID, emp.ID, func(u *directory.Employee) { u.Attributes = nil })
		wantEqual(t, "cleared", e.get(c.ID, emp.ID).Attributes, map[string]directory.AttributeValue(nil))
	}},
	{"OpenListOneOptionOneValue", func(t *testing.T, e *env) {
		// An open list admits " Tokyo " as "Tokyo", and "TOKYO" after it is
		// that option, not a second value beside it: a segment by city
		// finds everyone in Tokyo.
		c := e.company("Acme")
		city := e.attribute(c.ID, directory.AttributeDef{Name: "City", Type: directory.TypeOption, Open: true})
		var got []string
		for i, sent := range []string{" Tokyo ", "TOKYO", "tokyo"} {
			emp := e.employee(c.ID, fmt.Sprintf("e%d@example.com", i), func(p *directory.Employee) {
				p.Attributes = map[string]directory.AttributeValue{city.ID: {Text: sent}}
			})
			got = append(got, emp.Attributes[city.ID].Text)
		}
		wantEqual(t, "stored", got, []string{"Tokyo", "Tokyo", "Tokyo"})
		defs, err := e.s.Attributes(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "options", defs[0].Options, []string{"Tokyo"})
	}},
	{"ValuesInvalid", func(t *testing.T, e *env) {
		c := e.company("Acme")
		o, d, _, m := companyAttributes(e, c.ID)
		foreign := e.attribute(e.company("Other").ID, directory.AttributeDef{Name: "Division", Type: directory.TypeOption})
		for name, tc := range map[string]struct {
			id    string
			v     directory.AttributeValue
			parts []string
		}{
			"unknown attribute":        {directory.NewID(), directory.AttributeValue{Text: "x"}, []string{"not defined"}},
			"other company's":          {foreign.ID, directory.AttributeValue{Text: "x"}, []string{foreign.ID, "not defined"}},
			"option not listed":        {o.ID, directory.AttributeValue{Text: "Marketing"}, []string{"Division", "Marketing"}},
			"option too long":          {o.ID, directory.AttributeValue{Text: strings.Repeat("x", 257)}, []string{"Division", "256"}},
			"date not a date":          {d.ID, directory.AttributeValue{Date: "2021-02-30"}, []string{"Employed since", "2021-02-30"}},
			"date with time":           {d.ID, directory.AttributeValue{Date: "2021-02-03T10:00:00Z"}, []string{"Employed since"}},
			"employee self (userName)": {m.ID, directory.AttributeValue{Ref: directory.Reference{Value: "Me@example.com"}}, []string{"Mentor", "themselves"}},
		} {
			emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "me@example.com", Active: true,
				Attributes: map[string]directory.AttributeValue{tc.id: tc.v}}
			err := e.s.CreateEmployee(e.ctx, &emp, directory.Actor{})
			if directory.ErrorCode(err) != directory.EInvalid {
				t.Errorf("%s: error = %v; want EInvalid", name, err)
				continue
			}
			wantMessage(t, err, tc.parts...)
		}
		stored := e.employee(c.ID, "me@example.com", func(emp *directory.Employee) {
			emp.Attributes = map[string]directory.AttributeValue{o.ID: {Text: "SALES"}} // options compare case-insensitively
		})
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, stored.ID, directory.Actor{}, func(u *directory.Employee) error {
			u.Attributes[m.ID] = directory.AttributeValue{Ref: directory.Reference{Value: stored.ID}}
			return nil
		})
		wantCode(t, err, directory.EInvalid)
		wantEqual(t, "stored", e.get(c.ID, stored.ID), stored)
	}},
	{"DeleteAttribute", func(t *testing.T, e *env) {
		c := e.company("Acme")
		o, _, n, _ := companyAttributes(e, c.ID)
		a := e.employee(c.ID, "a@example.com", func(emp *directory.Employee) {
			emp.Attributes = map[string]directory.AttributeValue{o.ID: {Text: "Sales"}, n.ID: {Number: 1}}
		})
		b := e.employee(c.ID, "b@example.com", func(emp *directory.Employee) {
			emp.Attributes = map[string]directory.AttributeValue{o.ID: {Text: "R&D"}}
		})
		none := e.employee(c.ID, "c@example.com")
		count, err := e.s.CountAttributeValues(e.ctx, c.ID, o.ID)
		if err != nil || count != 2 {
			t.Fatalf("CountAttributeValues = %d, %v; want 2", count, err)
		}
		_, err = e.s.CountAttributeValues(e.ctx, e.company("Other").ID, o.ID)
		wantCode(t, err, directory.ENotFound)
		gone, err := e.s.DeleteAttribute(e.ctx, c.ID, o.ID)
		if err != nil || gone != 2 {
			t.Fatalf("DeleteAttribute = %d, %v; want 2", gone, err)
		}
		_, err = e.s.Attribute(e.ctx, c.ID, o.ID)
		wantCode(t, err, directory.ENotFound)
		gotA := e.get(c.ID, a.ID)
		wantEqual(t, "a's values", gotA.Attributes, map[string]directory.AttributeValue{n.ID: {Number: 1}})
		wantEqual(t, "a's version (lost a value)", gotA.Version, a.Version+1)
		wantEqual(t, "b's values", e.get(c.ID, b.ID).Attributes, map[string]directory.AttributeValue(nil))
		wantEqual(t, "untouched employee", e.get(c.ID, none.ID), none)
		_, err = e.s.DeleteAttribute(e.ctx, c.ID, o.ID)
		wantCode(t, err, directory.ENotFound)
		// The name is free again.
		e.attribute(c.ID, directory.AttributeDef{Name: "division", Type: directory.TypeNumber})
	}},
}

var referenceTests = []test{
	{"ManagerResolvedWhenCreated", func(t *testing.T, e *env) {
		for _, tc := range []struct {
			name  string
			value string
			boss  func(*directory.Employee)
		}{
			{"ByUserName", "BOB@example.com", func(b *directory.Employee) { b.UserName = "bob@example.com" }},
			{"ByEmail", "bob.smith@example.com", func(b *directory.Employee) {
				b.Emails = []directory.Email{{Value: "other@example.com"}, {Value: "Bob.Smith@example.com"}}
			}},
			{"ByExternalID", "00u1bob", func(b *directory.Employee) { b.ExternalID = "00u1bob" }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := e.company("Acme")
				conn := e.connection(c.ID, "Okta")
				emp := e.employee(c.ID, "emp@example.com", func(emp *directory.Employee) { emp.Manager.Value = tc.value })
				wantEqual(t, "pending", emp.Manager, directory.Reference{Value: tc.value})
				wantEqual(t, "pending references", emp.PendingReferences(nil), []directory.PendingReference{{Attribute: "manager", Value: tc.value}})
				boss := e.employeeBy(c.ID, "boss-"+tc.name+"@example.com", directory.Actor{ConnectionID: conn.ID}, func(b *directory.Employee) {
					b.Name = directory.Name{GivenName: "Bob", FamilyName: "Smith"}
					tc.boss(b)
				})
				got := e.get(c.ID, emp.ID)
				wantEqual(t, "resolved TargetID", got.Manager.TargetID, boss.ID)
				wantEqual(t, "resolved TargetName", got.Manager.TargetName, "Bob Smith")
				wantEqual(t, "value kept as sent", got.Manager.Value, tc.value)
				if got.Version != emp.Version+1 || !got.LastModified.After(emp.LastModified) {
					t.Errorf("resolution is a change: version %d -> %d", emp.Version, got.Version)
				}
				wantActivity(t, e, c.ID, emp.ID, []string{directory.ActivityReferenceResolved}, `manager "`+tc.value+`" now resolves to Bob Smith`)
				acts, _ := e.s.Activity(e.ctx, c.ID, emp.ID)
				wantEqual(t, "activity connection", acts[0].ConnectionID, conn.ID)
				wantEqual(t, "boss's activity", len(mustActivity(t, e, c.ID, boss.ID)), 0)
			})
		}
	}},
	{"ResolvedByEmailChange", func(t *testing.T, e *env) {
		c := e.company("Acme")
		boss := e.employee(c.ID, "bob@example.com")
		emp := e.employee(c.ID, "emp@example.com", func(emp *directory.Employee) { emp.Manager.Value = "robert@example.com" })
		wantEqual(t, "pending", emp.Manager.Pending(), true)
		e.update(c.ID, boss.ID, func(u *directory.Employee) { u.Title = "CEO" }) // no identifier changed
		wantEqual(t, "still pending", e.get(c.ID, emp.ID).Manager.Pending(), true)
		e.update(c.ID, boss.ID, func(u *directory.Employee) {
			u.Emails = []directory.Email{{Value: "Robert@Example.com", Primary: true}}
		})
		got := e.get(c.ID, emp.ID)
		wantEqual(t, "Manager", got.Manager, directory.Reference{Value: "robert@example.com", TargetID: boss.ID,
			TargetName: "bob@example.com", TargetEmail: "Robert@Example.com"})
		wantActivity(t, e, c.ID, emp.ID, []string{directory.ActivityReferenceResolved}, `"robert@example.com" now resolves to bob@example.com`)
	}},
	{"EmployeeAttributeSharesTheMechanism", func(t *testing.T, e *env) {
		c := e.company("Acme")
		_, _, _, mentor := companyAttributes(e, c.ID)
		emp := e.employee(c.ID, "emp@example.com", func(emp *directory.Employee) {
			emp.Manager.Value = "carol@example.com"
			emp.Attributes = map[string]directory.AttributeValue{mentor.ID: {Ref: directory.Reference{Value: "Carol@example.com"}}}
		})
		wantEqual(t, "pending references", emp.PendingReferences([]directory.AttributeDef{mentor}), []directory.PendingReference{
			{Attribute: "manager", Value: "carol@example.com"}, {Attribute: "Mentor", Value: "Carol@example.com"}})
		carol := e.employee(c.ID, "carol@example.com", func(p *directory.Employee) { p.DisplayName = "Carol" })
		got := e.get(c.ID, emp.ID)
		wantEqual(t, "mentor", got.Attributes[mentor.ID].Ref, directory.Reference{Value: "Carol@example.com", TargetID: carol.ID,
			TargetName: "Carol", TargetEmail: "carol@example.com"})
		wantEqual(t, "manager", got.Manager.TargetID, carol.ID)
		wantEqual(t, "one change for both", got.Version, emp.Version+1)
		wantActivity(t, e, c.ID, emp.ID, []string{directory.ActivityReferenceResolved, directory.ActivityReferenceResolved},
			`manager "carol@example.com" now resolves to Carol`, `Mentor "Carol@example.com" now resolves to Carol`)
		wantEqual(t, "nothing pending", got.PendingReferences([]directory.AttributeDef{mentor}), []directory.PendingReference(nil))
	}},
	{"ResolutionRanks", func(t *testing.T, e *env) {
		// id, then userName, then email, then externalId.
		c := e.company("Acme")
		byExt := e.employee(c.ID, "a@example.com", func(p *directory.Employee) { p.ExternalID = "x@example.com" })
		byEmail := e.employee(c.ID, "b@example.com", func(p *directory.Employee) { p.Emails = []directory.Email{{Value: "x@example.com"}} })
		byUser := e.employee(c.ID, "X@example.com")
		emp := e.employee(c.ID, "emp@example.com", func(p *directory.Employee) { p.Manager.Value = "x@example.com" })
		wantEqual(t, "userName first", emp.Manager.TargetID, byUser.ID)
		emp = e.update(c.ID, emp.ID, func(p *directory.Employee) { p.Manager.Value = "X@EXAMPLE.COM" })
		wantEqual(t, "userName, case-insensitively", emp.Manager.TargetID, byUser.ID)
		if err := e.s.DeleteEmployee(e.ctx, c.ID, byUser.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		emp = e.update(c.ID, emp.ID, func(p *directory.Employee) { p.Manager.Value = "x@example.com" })
		wantEqual(t, "then email", emp.Manager.TargetID, byEmail.ID)
		emp = e.update(c.ID, emp.ID, func(p *directory.Employee) { p.Manager.Value = "X@example.com" })
		wantEqual(t, "email case-insensitively", emp.Manager.TargetID, byEmail.ID)
		e.update(c.ID, byEmail.ID, func(p *directory.Employee) { p.Emails = nil })
		emp = e.update(c.ID, emp.ID, func(p *directory.Employee) { p.Manager.Value = "x@example.com" })
		wantEqual(t, "then externalId", emp.Manager.TargetID, byExt.ID)
		emp = e.update(c.ID, emp.ID, func(p *directory.Employee) { p.Manager.Value = "X@example.com" })
		wantEqual(t, "externalId is case-exact", emp.Manager.TargetID, "")
		emp = e.update(c.ID, emp.ID, func(p *directory.Employee) { p.Manager.Value = byExt.ID })
		wantEqual(t, "by id", emp.Manager.TargetID, byExt.ID)
	}},
	{"ResolvedReferenceKeepsItsTarget", func(t *testing.T, e *env) {
		// A resolved reference points at a person: a better match appearing
		// later does not move it, and neither do unrelated updates.
		c := e.company("Acme")
		first := e.employee(c.ID, "first@example.com", func(p *directory.Employee) { p.Emails = []directory.Email{{Value: "boss@example.com"}} })
		emp := e.employee(c.ID, "emp@example.com", func(p *directory.Employee) { p.Manager.Value = "boss@example.com" })
		wantEqual(t, "by email", emp.Manager.TargetID, first.ID)
		e.employee(c.ID, "boss@example.com")
		wantEqual(t, "after a userName match appears", e.get(c.ID, emp.ID).Manager.TargetID, first.ID)
		got := e.update(c.ID, emp.ID, func(p *directory.Employee) { p.Title = "x" })
		wantEqual(t, "after an update", got.Manager.TargetID, first.ID)
	}},
	{"OtherCompanyNeverResolves", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		_, _, _, mentor := companyAttributes(e, a.ID)
		emp := e.employee(a.ID, "emp@example.com", func(p *directory.Employee) {
			p.Manager.Value = "bob@example.com"
			p.Attributes = map[string]directory.AttributeValue{mentor.ID: {Ref: directory.Reference{Value: "bob@example.com"}}}
		})
		bob := e.employee(b.ID, "bob@example.com", func(p *directory.Employee) { p.Emails = []directory.Email{{Value: "bob@example.com"}} })
		got := e.get(a.ID, emp.ID)
		wantEqual(t, "employee of A", got, emp)
		// Not by id either.
		got = e.update(a.ID, emp.ID, func(p *directory.Employee) { p.Manager.Value = bob.ID })
		wantEqual(t, "by another company's id", got.Manager, directory.Reference{Value: bob.ID})
		wantActivity(t, e, a.ID, emp.ID, nil)
	}},
	{"DeleteClearsReferences", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Entra ID")
		_, _, level, mentor := companyAttributes(e, c.ID)
		boss := e.employee(c.ID, "bob@example.com", func(p *directory.Employee) { p.DisplayName = "Bob Smith" })
		both := e.employee(c.ID, "both@example.com", func(p *directory.Employee) {
			p.Manager.Value = boss.ID
			p.Attributes = map[string]directory.AttributeValue{
				mentor.ID: {Ref: directory.Reference{Value: "bob@example.com"}},
				level.ID:  {Number: 3},
			}
		})
		managed := e.employee(c.ID, "managed@example.com", func(p *directory.Employee) { p.Manager.Value = "BOB@example.com" })
		pending := e.employee(c.ID, "pending@example.com", func(p *directory.Employee) { p.Manager.Value = "nobody@example.com" })
		if err := e.s.DeleteEmployee(e.ctx, c.ID, boss.ID, directory.Actor{ConnectionID: conn.ID}, nil); err != nil {
			t.Fatal(err)
		}
		got := e.get(c.ID, both.ID)
		wantEqual(t, "manager", got.Manager, directory.Reference{})
		wantEqual(t, "attributes", got.Attributes, map[string]directory.AttributeValue{level.ID: {Number: 3}})
		wantEqual(t, "version (one change)", got.Version, both.Version+1)
		wantActivity(t, e, c.ID, both.ID, []string{directory.ActivityReferenceCleared, directory.ActivityReferenceCleared},
			`manager "`+boss.ID+`"`, `Mentor "bob@example.com"`, "Bob Smith was deleted")
		acts := mustActivity(t, e, c.ID, both.ID)
		wantEqual(t, "activity connection", acts[0].ConnectionID, conn.ID)
		wantEqual(t, "managed", e.get(c.ID, managed.ID).Manager, directory.Reference{})
		wantActivity(t, e, c.ID, managed.ID, []string{directory.ActivityReferenceCleared}, `manager "BOB@example.com" cleared`)
		wantEqual(t, "pending untouched", e.get(c.ID, pending.ID), pending)
		// A new employee matching the old value is not the deleted one's
		// heir: the references are gone.
		e.employee(c.ID, "bob@example.com")
		wantEqual(t, "after a new bob", e.get(c.ID, managed.ID).Manager, directory.Reference{})
	}},
	{"DeleteRemovesActivity", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "emp@example.com", func(p *directory.Employee) { p.Manager.Value = "bob@example.com" })
		e.employee(c.ID, "bob@example.com")
		wantEqual(t, "activity", len(mustActivity(t, e, c.ID, emp.ID)), 1)
		if err := e.s.DeleteEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.Activity(e.ctx, c.ID, emp.ID)
		wantCode(t, err, directory.ENotFound)
		_, err = e.s.Activity(e.ctx, e.company("Other").ID, emp.ID)
		wantCode(t, err, directory.ENotFound)
	}},
	{"SelfReferenceRefused", func(t *testing.T, e *env) {
		c := e.company("Acme")
		_, _, _, mentor := companyAttributes(e, c.ID)
		for name, edit := range map[string]func(*directory.Employee){
			"manager by email":      func(p *directory.Employee) { p.Manager.Value = "ME@home.test" },
			"manager by externalId": func(p *directory.Employee) { p.Manager.Value = "ext-me" },
			"mentor by userName": func(p *directory.Employee) {
				p.Attributes = map[string]directory.AttributeValue{mentor.ID: {Ref: directory.Reference{Value: "me@example.com"}}}
			},
		} {
			emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "me@example.com", ExternalID: "ext-me", Active: true,
				Emails: []directory.Email{{Value: "me@home.test"}}}
			edit(&emp)
			if err := e.s.CreateEmployee(e.ctx, &emp, directory.Actor{}); directory.ErrorCode(err) != directory.EInvalid {
				t.Errorf("%s: error = %v; want EInvalid", name, err)
			}
		}
		// An update that makes the employee match its own pending manager.
		emp := e.employee(c.ID, "me@example.com", func(p *directory.Employee) { p.Manager.Value = "future@example.com" })
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(u *directory.Employee) error {
			u.Emails = []directory.Email{{Value: "future@example.com"}}
			return nil
		})
		wantCode(t, err, directory.EInvalid)
		wantMessage(t, err, "own manager")
		wantEqual(t, "stored", e.get(c.ID, emp.ID), emp)
	}},
	{"OtherPendingResolvedOnlyByMatch", func(t *testing.T, e *env) {
		// Folded keys find candidates; ids and externalIds must still match
		// exactly.
		c := e.company("Acme")
		emp := e.employee(c.ID, "emp@example.com", func(p *directory.Employee) { p.Manager.Value = "EXT-1" })
		e.employee(c.ID, "x@example.com", func(p *directory.Employee) { p.ExternalID = "ext-1" })
		wantEqual(t, "pending", e.get(c.ID, emp.ID), emp)
		boss := e.employee(c.ID, "y@example.com", func(p *directory.Employee) { p.ExternalID = "EXT-1" })
		wantEqual(t, "resolved", e.get(c.ID, emp.ID).Manager.TargetID, boss.ID)
	}},
}
