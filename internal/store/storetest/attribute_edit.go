package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// edit applies an attribute edit that must succeed.
func (e *env) edit(companyID, id string, edit directory.AttributeEdit) directory.AttributeEditResult {
	e.t.Helper()
	res, err := e.s.EditAttribute(e.ctx, companyID, id, edit)
	if err != nil {
		e.t.Fatalf("EditAttribute(%+v): %v", edit, err)
	}
	stored, err := e.s.Attribute(e.ctx, companyID, id)
	if err != nil {
		e.t.Fatal(err)
	}
	wantEqual(e.t, "stored after edit", stored, res.Attribute)
	return res
}

// withValue sets an employee's value of an attribute.
func withValue(id string, v directory.AttributeValue) func(*directory.Employee) {
	return func(emp *directory.Employee) {
		if emp.Attributes == nil {
			emp.Attributes = map[string]directory.AttributeValue{}
		}
		emp.Attributes[id] = v
	}
}

// filterNames parses a SCIM filter against the company's schema and
// returns the userNames it selects.
func (e *env) filterNames(companyID, text string) []string {
	e.t.Helper()
	defs, err := e.s.Attributes(e.ctx, companyID)
	if err != nil {
		e.t.Fatal(err)
	}
	expr, err := filter.Parse(schema.UserType(directory.CompanySchema(defs)), text)
	if err != nil {
		e.t.Fatalf("parse %s: %v", text, err)
	}
	names, _ := e.list(companyID, directory.EmployeeQuery{Filter: expr, Limit: 100})
	return sorted(names)
}

var attributeEditTests = []test{
	{"Aliases", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Employed since", Type: directory.TypeDate})
		e.attribute(c.ID, directory.AttributeDef{Name: "Cost center", Aliases: []string{"CostCenter"}, Type: directory.TypeOption})
		got := e.edit(c.ID, a.ID, directory.AttributeEdit{AddAliases: []string{"Employed_Since", "Start"}})
		want := a
		want.Aliases = []string{"Employed_Since", "Start"}
		wantEqual(t, "after adding aliases", got.Attribute, want)
		// Clashing with another attribute's alias or name: refused, unchanged.
		for clash, code := range map[string]directory.Code{
			"costcenter":  directory.EConflict,
			"COST CENTER": directory.EInvalid, // an added alias must be path-safe
			"start":       directory.EInvalid, // twice on the same attribute
		} {
			_, err := e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{AddAliases: []string{"Begin", clash}})
			wantCode(t, err, code)
		}
		_, err := e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{RemoveAliases: []string{"Nope"}})
		wantCode(t, err, directory.EInvalid)
		stored, _ := e.s.Attribute(e.ctx, c.ID, a.ID)
		wantEqual(t, "after refused changes", stored, want)
		// Aliases given up are free again, for another attribute too.
		got = e.edit(c.ID, a.ID, directory.AttributeEdit{RemoveAliases: []string{"START", "employed_since"}})
		if got.Attribute.Aliases != nil {
			t.Errorf("aliases after removing all: %q", got.Attribute.Aliases)
		}
		e.attribute(c.ID, directory.AttributeDef{Name: "Start", Type: directory.TypeDate})
		_, err = e.s.EditAttribute(e.ctx, directory.NewID(), a.ID, directory.AttributeEdit{AddAliases: []string{"X"}})
		wantCode(t, err, directory.ENotFound)
	}},
	{"RenameKeepsOldNameForFilters", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Office", Type: directory.TypeOption, Options: []string{"Paris", "Oslo"}})
		e.employee(c.ID, "ada@example.com", withValue(a.ID, directory.AttributeValue{Text: "Paris"}))
		e.employee(c.ID, "bob@example.com", withValue(a.ID, directory.AttributeValue{Text: "Oslo"}))
		got := e.edit(c.ID, a.ID, directory.AttributeEdit{Rename: "Location"})
		if got.Attribute.Name != "Location" || !slices.Equal(got.Attribute.Aliases, []string{"Office"}) {
			t.Fatalf("after rename: name %q aliases %q; want Location, [Office]", got.Attribute.Name, got.Attribute.Aliases)
		}
		const urn = schema.CompanyURN
		for _, f := range []string{urn + `:Office eq "paris"`, urn + `:Location eq "Paris"`, `Office eq "Paris"`} {
			wantEqual(t, f, e.filterNames(c.ID, f), []string{"ada@example.com"})
		}
		// The old name is taken: no other attribute may use it.
		dup := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "office", Type: directory.TypeOption}
		wantCode(t, e.s.CreateAttribute(e.ctx, &dup), directory.EConflict)
		// Renaming to its own alias swaps them; a name with spaces is kept
		// as an alias too (path-less SCIM values may use it).
		got = e.edit(c.ID, a.ID, directory.AttributeEdit{Rename: "Work place"})
		got = e.edit(c.ID, a.ID, directory.AttributeEdit{Rename: "Office"})
		wantEqual(t, "aliases after renaming back", got.Attribute.Aliases, []string{"Location", "Work place"})
		// Another attribute's name is refused.
		e.attribute(c.ID, directory.AttributeDef{Name: "Team", Type: directory.TypeOption})
		_, err := e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{Rename: "TEAM"})
		wantCode(t, err, directory.EConflict)
	}},
	{"RenameOptionRewritesValues", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Office", Type: directory.TypeOption, Options: []string{"NYC", "Paris"}})
		ada := e.employee(c.ID, "ada@example.com", withValue(a.ID, directory.AttributeValue{Text: "NYC"}))
		bob := e.employee(c.ID, "bob@example.com", withValue(a.ID, directory.AttributeValue{Text: "nyc"}))
		cat := e.employee(c.ID, "cat@example.com", withValue(a.ID, directory.AttributeValue{Text: "Paris"}))
		res := e.edit(c.ID, a.ID, directory.AttributeEdit{RenameOptions: []directory.OptionRename{{Old: "nyc", New: "New York"}}})
		wantEqual(t, "options", res.Attribute.Options, []string{"New York", "Paris"})
		wantEqual(t, "employees renamed", res.Renamed, 2)
		for _, p := range []directory.Employee{ada, bob} {
			got := e.get(c.ID, p.ID)
			wantEqual(t, p.UserName+" value", got.Attributes[a.ID].Text, "New York")
			wantEqual(t, p.UserName+" version", got.Version, p.Version+1)
		}
		wantEqual(t, "untouched version", e.get(c.ID, cat.ID).Version, cat.Version)
		wantEqual(t, "filter on the new option", e.filterNames(c.ID, `Office eq "new york"`), []string{"ada@example.com", "bob@example.com"})
		_, err := e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{RenameOptions: []directory.OptionRename{{Old: "New York", New: "paris"}}})
		wantCode(t, err, directory.EInvalid)
		_, err = e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{RenameOptions: []directory.OptionRename{{Old: "Rome", New: "Roma"}}})
		wantCode(t, err, directory.EInvalid)
	}},
	{"RemoveOptionInUseNeedsConfirmation", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Office", Type: directory.TypeOption, Options: []string{"NYC", "Paris", "Oslo"}})
		ada := e.employee(c.ID, "ada@example.com", withValue(a.ID, directory.AttributeValue{Text: "Paris"}))
		bob := e.employee(c.ID, "bob@example.com", withValue(a.ID, directory.AttributeValue{Text: "paris"}))
		cat := e.employee(c.ID, "cat@example.com", withValue(a.ID, directory.AttributeValue{Text: "NYC"}))
		// An option nobody holds goes without asking.
		res := e.edit(c.ID, a.ID, directory.AttributeEdit{RemoveOptions: []string{"oslo"}})
		wantEqual(t, "cleared", res.Cleared, 0)
		_, err := e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{RemoveOptions: []string{"Paris"}, AddOptions: []string{"Berlin"}})
		wantCode(t, err, directory.EConflict)
		if directory.ErrorKind(err) != directory.KindConfirm {
			t.Errorf("kind = %q; want %q", directory.ErrorKind(err), directory.KindConfirm)
		}
		wantMessage(t, err, `"Paris"`, "2 employees", "confirm")
		stored, _ := e.s.Attribute(e.ctx, c.ID, a.ID)
		wantEqual(t, "options after refusal", stored.Options, []string{"NYC", "Paris"})
		wantEqual(t, "value after refusal", e.get(c.ID, ada.ID).Attributes[a.ID].Text, "Paris")
		res = e.edit(c.ID, a.ID, directory.AttributeEdit{RemoveOptions: []string{"Paris"}, AddOptions: []string{"Berlin"}, Confirmed: true})
		wantEqual(t, "options", res.Attribute.Options, []string{"NYC", "Berlin"})
		wantEqual(t, "cleared", res.Cleared, 2)
		for _, p := range []directory.Employee{ada, bob} {
			got := e.get(c.ID, p.ID)
			if _, has := got.Attributes[a.ID]; has {
				t.Errorf("%s still holds %v", p.UserName, got.Attributes[a.ID])
			}
			wantEqual(t, p.UserName+" version", got.Version, p.Version+1)
		}
		wantEqual(t, "other value", e.get(c.ID, cat.ID).Attributes[a.ID].Text, "NYC")
		n, _ := e.s.CountAttributeValues(e.ctx, c.ID, a.ID)
		wantEqual(t, "values left", n, 1)
	}},
	{"ChangeTypeConvertsOrRefuses", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Level", Type: directory.TypeOption})
		ada := e.employee(c.ID, "ada@example.com", withValue(a.ID, directory.AttributeValue{Text: "3"}))
		bob := e.employee(c.ID, "bob@example.com", withValue(a.ID, directory.AttributeValue{Text: "senior"}))
		e.employee(c.ID, "cat@example.com", withValue(a.ID, directory.AttributeValue{Text: "12"}))
		_, err := e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{Type: directory.TypeNumber})
		wantCode(t, err, directory.EInvalid)
		wantMessage(t, err, "1 of 3 values", `"senior"`, "not a whole number")
		stored, _ := e.s.Attribute(e.ctx, c.ID, a.ID)
		wantEqual(t, "type after refusal", stored.Type, directory.TypeOption)
		wantEqual(t, "value after refusal", e.get(c.ID, ada.ID).Attributes[a.ID].Text, "3")
		e.update(c.ID, bob.ID, withValue(a.ID, directory.AttributeValue{Text: "4"}))
		res := e.edit(c.ID, a.ID, directory.AttributeEdit{Type: directory.TypeNumber})
		wantEqual(t, "converted", res.Converted, 3)
		got := e.get(c.ID, ada.ID)
		wantEqual(t, "number", got.Attributes[a.ID], directory.AttributeValue{Number: 3})
		wantEqual(t, "version", got.Version, ada.Version+1)
		// Typed now: a range filter compares numbers, not text ("12" < "4").
		wantEqual(t, "Level gt 3", e.filterNames(c.ID, `Level gt 3`), []string{"bob@example.com", "cat@example.com"})
		// Back to option: every number converts.
		res = e.edit(c.ID, a.ID, directory.AttributeEdit{Type: directory.TypeOption})
		wantEqual(t, "text again", e.get(c.ID, ada.ID).Attributes[a.ID], directory.AttributeValue{Text: "3"})
		// To a date: none converts; to an employee: refused outright.
		_, err = e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{Type: directory.TypeDate})
		wantMessage(t, err, "3 of 3 values", "YYYY-MM-DD")
		_, err = e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{Type: directory.TypeEmployee})
		wantCode(t, err, directory.EInvalid)
	}},
	{"ClosingAnyTextListChecksValues", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Team", Type: directory.TypeOption})
		e.employee(c.ID, "ada@example.com", withValue(a.ID, directory.AttributeValue{Text: "Blue"}))
		e.employee(c.ID, "bob@example.com", withValue(a.ID, directory.AttributeValue{Text: "Red"}))
		_, err := e.s.EditAttribute(e.ctx, c.ID, a.ID, directory.AttributeEdit{AddOptions: []string{"Blue"}})
		wantCode(t, err, directory.EInvalid)
		wantMessage(t, err, "1 of 2 values", `"Red"`)
		e.edit(c.ID, a.ID, directory.AttributeEdit{AddOptions: []string{"Blue", "Red"}})
	}},
	{"OpenListAdmitsNewValues", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Location", Type: directory.TypeOption, Options: []string{"Paris"}})
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "ada@example.com", Active: true}
		withValue(a.ID, directory.AttributeValue{Text: "Berlin"})(&emp)
		wantCode(t, e.s.CreateEmployee(e.ctx, &emp, directory.Actor{}), directory.EInvalid) // closed: refused
		open := true
		e.edit(c.ID, a.ID, directory.AttributeEdit{Open: &open})
		ada := e.employee(c.ID, "ada@example.com", withValue(a.ID, directory.AttributeValue{Text: "Berlin"}))
		e.employee(c.ID, "bob@example.com", withValue(a.ID, directory.AttributeValue{Text: "BERLIN"}))
		e.employee(c.ID, "cat@example.com", withValue(a.ID, directory.AttributeValue{Text: "paris"}))
		stored, _ := e.s.Attribute(e.ctx, c.ID, a.ID)
		wantEqual(t, "options", stored.Options, []string{"Paris", "Berlin"})
		wantEqual(t, "new options", stored.NewOptions, []string{"Berlin"})
		wantEqual(t, "value", e.get(c.ID, ada.ID).Attributes[a.ID].Text, "Berlin")
		res := e.edit(c.ID, a.ID, directory.AttributeEdit{AcknowledgeNew: true})
		if res.Attribute.NewOptions != nil {
			t.Errorf("new options after acknowledging: %q", res.Attribute.NewOptions)
		}
		// Closed again: only the list, which kept what it admitted.
		closed := false
		e.edit(c.ID, a.ID, directory.AttributeEdit{Open: &closed})
		e.employee(c.ID, "dan@example.com", withValue(a.ID, directory.AttributeValue{Text: "Berlin"}))
	}},
	{"OpenListConcurrentAdmissions", func(t *testing.T, e *env) {
		// Two provisioning requests bringing the same new office at the
		// same moment: both succeed, the office is listed once.
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Location", Type: directory.TypeOption, Open: true})
		const n = 8
		errs := make([]error, n)
		Concurrently(n, func(i int) {
			emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("p%d@example.com", i), Active: true}
			withValue(a.ID, directory.AttributeValue{Text: []string{"Oslo", "Lima"}[i%2]})(&emp)
			errs[i] = e.s.CreateEmployee(e.ctx, &emp, directory.Actor{})
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("create %d: %v", i, err)
			}
		}
		stored, _ := e.s.Attribute(e.ctx, c.ID, a.ID)
		wantEqual(t, "options", sorted(stored.Options), []string{"Lima", "Oslo"})
		wantEqual(t, "new options", sorted(stored.NewOptions), []string{"Lima", "Oslo"})
	}},
	{"Senders", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Office", Type: directory.TypeOption})
		quiet := e.attribute(c.ID, directory.AttributeDef{Name: "Team", Type: directory.TypeOption})
		entra, okta := e.connection(c.ID, "Entra"), e.connection(c.ID, "Okta")
		start := time.Now().Add(-time.Minute)
		e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: okta.ID}, withValue(a.ID, directory.AttributeValue{Text: "Paris"}))
		e.employeeBy(c.ID, "bob@example.com", directory.Actor{ConnectionID: entra.ID}, withValue(a.ID, directory.AttributeValue{Text: "Oslo"}))
		e.employeeBy(c.ID, "cat@example.com", directory.Actor{ConnectionID: entra.ID}, withValue(a.ID, directory.AttributeValue{Text: "Oslo"}))
		e.employeeBy(c.ID, "dan@example.com", directory.Actor{ConnectionID: okta.ID}) // no value: not a sender
		got, err := e.s.AttributeSenders(e.ctx, c.ID, a.ID, start)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ConnectionID != entra.ID || got[0].Writes != 2 || got[1].ConnectionID != okta.ID || got[1].Writes != 1 {
			t.Errorf("senders = %+v; want Entra (2 writes, latest) then Okta (1)", got)
		}
		got, _ = e.s.AttributeSenders(e.ctx, c.ID, quiet.ID, start)
		wantEqual(t, "senders of an attribute nobody sent", len(got), 0)
		got, _ = e.s.AttributeSenders(e.ctx, c.ID, a.ID, time.Now().Add(time.Hour))
		wantEqual(t, "senders since later", len(got), 0)
		_, err = e.s.AttributeSenders(e.ctx, e.company("Other").ID, a.ID, start)
		wantCode(t, err, directory.ENotFound)
	}},
}
