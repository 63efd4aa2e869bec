package httpapi

import "testing"

func TestCanonicalPath(t *testing.T) {
	cases := []struct {
		in   string
		want string
		scim bool
	}{
		{"/scim/v2/Users", "/scim/v2/Users", true},
		{"/scim/v2/Users/", "/scim/v2/Users", true},
		{"/scim/v2//Users", "/scim/v2/Users", true},
		{"/scim/v2/scim/v2/Users/abc", "/scim/v2/Users/abc", true},
		{"/Users", "/scim/v2/Users", true},
		{"/users/abc", "/scim/v2/Users/abc", true},
		{"/scim/Users", "/scim/v2/Users", true},
		{"/v2/Users", "/scim/v2/Users", true},
		{"/scim/v2/Users/.search", "/scim/v2/Users/.search", true},
		{"/scim/v2/users/.SEARCH", "/scim/v2/Users/.search", true},
		{"/ServiceProviderConfig", "/scim/v2/ServiceProviderConfig", true},
		{"/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", true},
		{"/scim/v2", "/scim/v2", true},
		{"/scim/v2/", "/scim/v2", true},
		{"/scim/v2/Nope", "/scim/v2/Nope", true},
		// The console's paths are never taken for SCIM.
		{"/", "", false},
		{"/employees", "", false},
		{"/employees/abc", "", false},
		{"/integrations", "", false},
		{"/attributes", "", false},
		{"/login", "", false},
		{"/static/style.css", "", false},
		{"/setup/token", "", false},
	}
	for _, c := range cases {
		got, scim := CanonicalPath(c.in)
		if got != c.want || scim != c.scim {
			t.Errorf("CanonicalPath(%q) = %q, %v; want %q, %v", c.in, got, scim, c.want, c.scim)
		}
	}
}
