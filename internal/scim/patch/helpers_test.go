package patch_test

import (
	"encoding/json"
	"reflect"
	"roster/internal/directory"
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/patch"
	"roster/internal/scim/schema"
)

const (
	ent     = schema.EnterpriseURN
	company = schema.CompanyURN
)

// userType is the User resource type of a company with attributes of its
// own of every type, built as the server builds it
// (directory.CompanySchema: strict, with read-only pendingReferences).
func userType() *schema.ResourceType {
	return schema.UserType(directory.CompanySchema([]directory.AttributeDef{
		{ID: "a1", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{ID: "a2", Name: "department", Type: directory.TypeOption},
		{ID: "a3", Name: "Office", Type: directory.TypeOption, Options: []string{"Copenhagen", "London"}},
		{ID: "a4", Name: "Salary band", Aliases: []string{"SalaryBand"}, Type: directory.TypeNumber},
		{ID: "a5", Name: "Mentor", Type: directory.TypeEmployee},
	}))
}

// baseDoc is a canonical employee with a primary work email, a home email,
// an enterprise extension with a manager, and a company attribute.
func baseDoc() map[string]any {
	return map[string]any{
		"userName":    "bjensen@example.com",
		"externalId":  "bjensen",
		"name":        map[string]any{"givenName": "Barbara", "familyName": "Jensen"},
		"displayName": "Babs Jensen",
		"active":      true,
		"emails": []any{
			map[string]any{"value": "bjensen@example.com", "type": "work", "primary": true},
			map[string]any{"value": "babs@home.example", "type": "home"},
		},
		ent: map[string]any{
			"employeeNumber": "701984",
			"manager":        map[string]any{"value": "m-1", "$ref": "https://roster.example/scim/v2/Users/m-1"},
		},
		company: map[string]any{"department": "Sales"},
	}
}

// applyCase is a request applied to a document and the document wanted.
type applyCase struct {
	name string
	doc  map[string]any
	body string
	want map[string]any
}

func runApplyCases(t *testing.T, cases []applyCase) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := run(t, tt.doc, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			assertDoc(t, got, tt.want)
		})
	}
}

// work and home are the emails of baseDoc.
func work() map[string]any {
	return map[string]any{"value": "bjensen@example.com", "type": "work", "primary": true}
}

func home() map[string]any { return map[string]any{"value": "babs@home.example", "type": "home"} }

// noEmails is an employee without a work email.
func noEmails() map[string]any { return map[string]any{"userName": "u", "emails": []any{home()}} }

// errorCase is a request that must fail with a 400 of scimType typ whose
// detail contains each of want (doc is nil for Parse errors).
type errorCase struct {
	name string
	doc  map[string]any
	body string
	typ  scim.ScimType
	want []string
}

// edit returns baseDoc changed by f.
func edit(f func(d map[string]any)) map[string]any {
	d := baseDoc()
	f(d)
	return d
}

func ext(d map[string]any, urn string) map[string]any {
	return d[urn].(map[string]any)
}

// body builds a PatchOp request body from operations written as JSON.
func body(ops ...string) string {
	return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + strings.Join(ops, ",") + `]}`
}

// run parses body and applies it to doc.
func run(t testing.TB, doc map[string]any, b string) (map[string]any, error) {
	t.Helper()
	ops, err := patch.Parse([]byte(b))
	if err != nil {
		return nil, err
	}
	return patch.Apply(userType(), doc, ops)
}

func assertDoc(t testing.TB, got, want map[string]any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("document differs\n got: %s\nwant: %s", show(got), show(want))
	}
}

// assertError checks that err is a 400 *scim.Error of scimType typ whose
// detail contains each of parts.
func assertError(t testing.TB, err error, typ scim.ScimType, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s", typ)
	}
	e, ok := scim.AsError(err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *scim.Error", err, err)
	}
	if e.Status != 400 || e.ScimType != typ {
		t.Errorf("error %d %s, want 400 %s (detail: %s)", e.Status, e.ScimType, typ, e.Detail)
	}
	for _, p := range parts {
		if !strings.Contains(e.Detail, p) {
			t.Errorf("detail %q does not contain %q", e.Detail, p)
		}
	}
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
