package filter_test

import (
	"testing"

	"roster/internal/scim/filter"
)

// The filters identity providers send (see
// /work/shared/reference/scim-clients.md): Entra's and Okta's matching
// GET, Entra's email match, and a hand-written query using every kind of
// node.
var benchFilters = []struct{ name, in string }{
	{"UserNameEq", `userName eq "7d420df3-9995-4831-a406-ecf8166f5f6a"`},
	{"EntraEmailsWorkValue", `emails[type eq "work"].value eq "bjensen@contoso.com"`},
	{"AndOrNot", `(userName sw "b" or emails[type eq "work" and value ew "@contoso.com"]) and not (title pr) and ` +
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales" and meta.lastModified gt "2024-01-31T09:00:00Z"`},
}

// The paths of Entra's PATCH operations.
var benchPaths = []struct{ name, in string }{
	{"NameGivenName", `name.givenName`},
	{"EntraEmailsWorkValue", `emails[type eq "work"].value`},
	{"EnterpriseEmployeeNumber", `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`},
}

func BenchmarkParse(b *testing.B) {
	rt := userType()
	for _, bf := range benchFilters {
		b.Run(bf.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := filter.Parse(rt, bf.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParsePath(b *testing.B) {
	rt := userType()
	for _, bp := range benchPaths {
		b.Run(bp.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := filter.ParsePath(rt, bp.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
