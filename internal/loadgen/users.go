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
	patchSchema      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	bulkSchema       = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
)

// person names employee i of a run.
type person struct {
	run string
	i   int
}

func (p person) userName() string   { return fmt.Sprintf("%s.%d@example.com", p.run, p.i) }
func (p person) externalID() string { return fmt.Sprintf("%s-%d", p.run, p.i) }

// user is the POST body Entra sends for a new employee.
func (p person) user() map[string]any {
	return map[string]any{
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
