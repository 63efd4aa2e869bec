package schema_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// FuzzNormalize checks, for any JSON object a client may send as a User,
// that Normalize never panics and either refuses it with a 400
// invalidValue that has a detail, or returns a canonical document that
// Normalize returns unchanged (idempotent: every key canonical, every
// value of its attribute's type).
func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{
		`{"userName":"a","active":"False","name":{"givenName":"A"}}`,
		`{"USERNAME":"a","emails":{"value":"a@x","primary":"true"}}`,
		`{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"m1","employeeNumber":7}}`,
		`{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":[{"value":"m1"}]}`,
		`{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"employed_since":"2021-03-01T10:00:00Z","Level":"3","Office":"london"}}`,
		`{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"Level":1.5}}`,
		`{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"Shoe size":"42"}}`,
		`{"id":"x","meta":{},"schemas":[],"password":"p","groups":[],"roles":[]}`,
		`{"emails":[null,{"value":null},{"value":"a","type":"work"}],"name":null}`,
		`{"addresses":[{"type":"work","primary":"True","locality":"Aarhus","country":"DK"}],"phoneNumbers":{"value":"+45 1","type":"mobile"},"preferredLanguage":"da-DK"}`,
		`{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"costCenter":"7","organization":1,"division":null},"x509Certificates":[{"value":"MII"}],"groups":[{"value":"g"}]}`,
		`{"addresses":"Main St","roles":[{"primary":"maybe"}],"name":{"honorificPrefix":{"x":1}}}`,
		`{"active":[true],"title":{"x":1}}`,
		`{"userName":12345,"displayName":["a"],"title":[],"name":"Ada"}`,
		`{"emails":"a@x","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":42,"employeeNumber":7.5}}`,
		`{"emails":["a@x"],"name":{"givenName":7}}`,
		`{"userName":"a\u0000","password":"\u0000","name":{"givenName":"\u0000"}}`,
		`{"emails":[{"value":"a@x\u0000","type":"work\u0000"}],"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"Office":"London\u0000"}}`,
	} {
		f.Add([]byte(seed))
	}
	rt := schema.UserType(&schema.Schema{ID: schema.CompanyURN, Strict: true, Attributes: []*schema.Attribute{
		{Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: schema.String, Format: "date", Key: "a1"},
		{Name: "Level", Type: schema.Integer, Key: "a2"},
		{Name: "Office", Type: schema.String, CanonicalValues: []string{"London", "Paris"}, StrictValues: true, Key: "a3"},
	}})
	f.Fuzz(func(t *testing.T, body []byte) {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var doc map[string]any
		if dec.Decode(&doc) != nil || doc == nil {
			return
		}
		out, _, err := rt.Normalize(doc)
		if err != nil {
			e, ok := scim.AsError(err)
			if !ok || e.Status != 400 || e.ScimType != scim.InvalidValue || e.Detail == "" {
				t.Fatalf("error %v is not a 400 invalidValue with a detail", err)
			}
			return
		}
		if hasNUL(out) {
			t.Fatalf("a NUL character survived: %v", out)
		}
		again, ignored, err := rt.Normalize(out)
		if err != nil || len(ignored) > 0 || !reflect.DeepEqual(again, out) {
			t.Fatalf("not idempotent:\n out   %v\n again %v\n ignored %v err %v", out, again, ignored, err)
		}
	})
}

// hasNUL reports whether any string in v holds U+0000: PostgreSQL cannot
// store one, so Normalize must never let one through.
func hasNUL(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, 0)
	case []any:
		for _, y := range x {
			if hasNUL(y) {
				return true
			}
		}
	case map[string]any:
		for k, y := range x {
			if strings.ContainsRune(k, 0) || hasNUL(y) {
				return true
			}
		}
	}
	return false
}
