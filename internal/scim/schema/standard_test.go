package schema_test

import (
	"testing"

	"roster/internal/scim/schema"
)

func TestIsStandard(t *testing.T) {
	rt := schema.UserType(nil)
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"password", true},
		{"Password", true},
		{"groups", true},
		{"name.middleName", true},
		{"phoneNumbers[type eq \"work\"].value", true},
		{"addresses[type eq \"work\"].locality", true},
		{"addresses[type eq \"work\"]", true},
		{"x509Certificates", true},
		{"urn:ietf:params:scim:schemas:core:2.0:User:nickName", true},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", true},
		{"URN:IETF:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName", true},

		{"displayNmae", false},
		{"name.middle", false},
		{"addresses[type eq \"work\"].city", false},
		{"addresses[type eq \"work\"]value", false},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager", false},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nickName", false},
		{"urn:foo:bar:x", false},
		{"", false},
		{"]x[", false},
	} {
		if got := rt.IsStandard(tc.path); got != tc.want {
			t.Errorf("IsStandard(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}
