package httpapi_test

import (
	"strings"
	"testing"
)

// TestResourceKeyOrder: responses list schemas, id, externalId, then the
// core attributes in schema order, the extensions, and meta last.
func TestResourceKeyOrder(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/scim/v2/Users", user("order@example.com", map[string]any{"externalId": "x1",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"department": "R&D"}}))
	body := string(r.raw)
	want := []string{`"schemas"`, `"id"`, `"externalId"`, `"userName"`, `"name"`, `"givenName"`, `"active"`, `"emails"`, `"value"`, `"type"`, `"primary"`,
		`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`, `"meta"`, `"resourceType"`, `"created"`, `"location"`, `"version"`}
	at := 0
	for _, key := range want {
		i := strings.Index(body[at:], key)
		if i < 0 {
			t.Fatalf("%s missing or out of order after offset %d in %s", key, at, body)
		}
		at += i + len(key)
	}
}
