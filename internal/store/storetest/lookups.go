package storetest

import (
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// lookupTests: a point lookup (userName, externalId, an email or the id
// equal to a value: what identity providers ask before each write) is
// read its own way, in one statement; it must find exactly what a page of
// the same filter finds, every detail and what references show included.
var lookupTests = []test{
	{"ReadsWhatAPageReads", func(t *testing.T, e *env) {
		c := e.company("Acme")
		o, d, n, m := companyAttributes(e, c.ID)
		entra := e.connection(c.ID, "Entra")
		boss := e.employee(c.ID, "boss@example.com", func(b *directory.Employee) {
			b.DisplayName = "The Boss"
			b.Emails = []directory.Email{{Value: "boss@home.test"}, {Value: "boss@example.com", Primary: true}}
		})
		ada := e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: entra.ID}, full, func(p *directory.Employee) {
			p.Manager.Value = "boss@example.com"
			p.Attributes = map[string]directory.AttributeValue{
				o.ID: {Text: "R&D"}, d.ID: {Date: "2021-03-01"}, n.ID: {Number: -42},
				m.ID: {Ref: directory.Reference{Value: "boss@example.com"}},
			}
		})
		pending := e.employee(c.ID, "pending@example.com", func(p *directory.Employee) {
			p.Manager.Value = "nobody@example.com" // waits for its target
			p.Emails = []directory.Email{{Value: "Quote\"Back\\slash@example.com"}}
		})
		bare := e.employee(c.ID, "bare@example.com")
		wantEqual(t, "ada's manager resolved", ada.Manager.TargetID, boss.ID)
		for _, tc := range []struct {
			filter string
			want   []string
		}{
			{`userName eq "ADA@example.com"`, []string{ada.ID}},
			{`externalId eq "` + ada.ExternalID + `"`, []string{ada.ID}},
			{`emails.value eq "ada@home.test"`, []string{ada.ID}},
			{`emails eq "boss@home.test"`, []string{boss.ID}},
			{`id eq "` + boss.ID + `"`, []string{boss.ID}},
			{`emails.value eq "quote\"back\\slash@example.com"`, []string{pending.ID}},
			{`userName eq "bare@example.com"`, []string{bare.ID}},
			{`userName eq "none@example.com"`, nil},
		} {
			expr, err := filter.Parse(schema.UserType(nil), tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			for _, viewer := range []string{"", entra.ID} {
				q := directory.EmployeeQuery{Filter: expr, Limit: 10, ViewerConnectionID: viewer}
				got, total, err := e.s.Employees(e.ctx, c.ID, q)
				if err != nil {
					t.Fatalf("%s: %v", tc.filter, err)
				}
				var ids []string
				for _, g := range got {
					ids = append(ids, g.ID)
				}
				want := tc.want
				if strings.HasPrefix(tc.filter, "externalId") && viewer == "" {
					want = nil // an externalId is the viewer's connection's
				}
				wantEqual(t, tc.filter+" finds", ids, want)
				wantEqual(t, tc.filter+" total", total, len(want))
				// The same filter, sorted: read as a page.
				q.SortBy = ref(t, "userName")
				page, _, err := e.s.Employees(e.ctx, c.ID, q)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) > 0 || len(page) > 0 {
					wantEqual(t, tc.filter+" as a page reads it (viewer "+viewer+")", got, page)
				}
			}
		}
	}},
	{"FullPageCounted", func(t *testing.T, e *env) {
		c := e.company("Acme")
		for _, u := range []string{"a@example.com", "b@example.com"} {
			e.employee(c.ID, u, func(p *directory.Employee) { p.Emails = []directory.Email{{Value: "shared@example.com"}} })
		}
		expr, err := filter.Parse(schema.UserType(nil), `emails.value eq "shared@example.com"`)
		if err != nil {
			t.Fatal(err)
		}
		got, total, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Filter: expr, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "page", len(got), 1)
		wantEqual(t, "total of a full page", total, 2)
	}},
}
