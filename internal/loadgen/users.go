package loadgen

import (
	"fmt"
)

// The documents the phases send: what Entra and Okta send for an
// employee (see shared/reference/scim-clients.md), with values that
// differ per employee and per run.

const (
	userSchema       = "urn:ietf:params:scim:schemas:core:2.0:User"
	enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	companySchema    = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"
	patchSchema      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	bulkSchema       = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
)

// person names employee i of a run; with attributes, its documents
// carry a value of each of CompanyAttributes; with a manager step, they
// name employee i+step of the run as its manager.
type person struct {
	run        string
	i          int
	attributes bool
	// manager is the step to the employee the person reports to (0:
	// none): with --managers one not yet created when the phases create
	// in order, so each create's manager waits for the next and resolves
	// it — an export in no particular order; with --managers-tree
	// before or after it (managers_tree.go).
	manager int
}

func (p person) userName() string   { return fmt.Sprintf("%s.%d@example.com", p.run, p.i) }
func (p person) externalID() string { return fmt.Sprintf("%s-%d", p.run, p.i) }

// user is the POST body Entra sends for a new employee.
func (p person) user() map[string]any {
	u := map[string]any{
		"schemas":        []string{userSchema, enterpriseSchema},
		"externalId":     p.externalID(),
		"userName":       p.userName(),
		"active":         true,
		"displayName":    fmt.Sprintf("Employee %d", p.i),
		"title":          "Engineer",
		"name":           map[string]any{"givenName": "Employee", "familyName": fmt.Sprint(p.i), "formatted": fmt.Sprintf("Employee %d", p.i)},
		"emails":         []map[string]any{{"value": p.userName(), "type": "work", "primary": true}},
		enterpriseSchema: map[string]any{"employeeNumber": fmt.Sprint(p.i), "department": fmt.Sprintf("Dept %d", p.i%20)},
		"roles":          []any{},
	}
	if p.attributes {
		u["schemas"] = []string{userSchema, enterpriseSchema, companySchema}
		u[companySchema] = p.companyValues()
	}
	if p.manager != 0 {
		boss := person{run: p.run, i: p.i + p.manager}
		u[enterpriseSchema].(map[string]any)["manager"] = map[string]any{"value": boss.userName()}
	}
	return u
}

// CompanyAttribute is one of a company's own attributes, which Peakon's
// customers define and their identity providers send in the company
// extension (urn:…:peakon:2.0:User).
type CompanyAttribute struct {
	// Name is its name in the extension.
	Name string
	// Kind is roster's type of it: "option", "date" or "number".
	Kind string
	// Options, for an option list that is not Open, are its values.
	Options []string
	Open    bool
}

// CompanyAttributes are the attributes the phases' employees carry with
// Config.Attributes: a Peakon customer's — an open option list that
// grows with the company, a closed one, two dates and a number. The
// servers measured must define them (roster bench does, for a --db
// server).
var CompanyAttributes = []CompanyAttribute{
	{Name: "Department", Kind: "option", Open: true},
	{Name: "Location", Kind: "option", Options: []string{"Copenhagen", "London", "Berlin", "Oslo", "Paris", "Madrid", "Rome", "Vienna", "Prague", "Warsaw"}},
	{Name: "Birthdate", Kind: "date"},
	{Name: "Employed_Since", Kind: "date"},
	{Name: "Level", Kind: "number"},
}

// companyValues are the person's values of CompanyAttributes: twenty
// departments, each admitted by its first employee.
func (p person) companyValues() map[string]any {
	return map[string]any{
		"Department":     fmt.Sprintf("Department %d", p.i%20),
		"Location":       CompanyAttributes[1].Options[p.i%10],
		"Birthdate":      fmt.Sprintf("19%02d-%02d-%02d", 60+p.i%40, 1+p.i%12, 1+p.i%28),
		"Employed_Since": fmt.Sprintf("20%02d-%02d-01", p.i%25, 1+p.i%12),
		"Level":          p.i % 7,
	}
}

// entraPatch is the PATCH Entra sends after a create: its dialect's
// capitalised ops and a value-filter path.
func entraPatch(title string) map[string]any {
	return map[string]any{
		"schemas": []string{patchSchema},
		"Operations": []map[string]any{
			{"op": "Replace", "path": "title", "value": title},
			{"op": "Add", "path": `emails[type eq "work"].primary`, "value": "True"},
		},
	}
}

// oktaPatch is Okta's path-less PATCH.
func oktaPatch(displayName string) map[string]any {
	return map[string]any{
		"schemas":    []string{patchSchema},
		"Operations": []map[string]any{{"op": "replace", "value": map[string]any{"displayName": displayName}}},
	}
}
