package patch_test

import (
	"reflect"
	"testing"

	"roster/internal/scim/patch"
)

func TestIgnored(t *testing.T) {
	rt := userType()
	for _, tc := range []struct {
		name string
		ops  []patch.Operation
		want []string
	}{
		{"Known", []patch.Operation{{Op: "replace", Path: "title", Value: "x"}, {Op: "replace", Value: map[string]any{"active": false}}}, nil},
		{"OktaPasswordSync", []patch.Operation{{Op: "replace", Value: map[string]any{"password": "s3cret", "active": true}}}, []string{"password"}},
		{"StandardPathNotKept", []patch.Operation{{Op: "replace", Path: "password", Value: "x"}}, []string{"password"}},
		// Refused by Apply (invalidPath), so not "ignored".
		{"PathOfNoSchema", []patch.Operation{{Op: "replace", Path: "displayNmae", Value: "x"}, {Op: "replace", Path: "urn:foo:bar:x", Value: "x"}}, nil},
		{"UnknownExtension", []patch.Operation{{Op: "replace", Value: map[string]any{"urn:example:other:2.0:User": map[string]any{"x": 1}}}},
			[]string{"urn:example:other:2.0:User"}},
		{"InsideKnownExtension", []patch.Operation{{Op: "replace", Value: map[string]any{
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"department": "R&D", "costCentre": "4"}}}},
			[]string{"costCentre"}},
		{"Schemas", []patch.Operation{{Op: "replace", Value: map[string]any{"schemas": []any{"x"}}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := patch.Ignored(rt, tc.ops); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Ignored = %q, want %q", got, tc.want)
			}
		})
	}
}
