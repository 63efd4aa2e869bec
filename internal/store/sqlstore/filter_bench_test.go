package sqlstore

import (
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// BenchmarkFilterToSQL measures compiling a parsed filter into the
// list query (BuildEmployeesQuery: the filter's WHERE fragment, the count
// and the page), for Entra's and Okta's matching filters and a longer
// hand-written one.
func BenchmarkFilterToSQL(b *testing.B) {
	defs := []directory.AttributeDef{
		{ID: "a1", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{ID: "a2", Name: "Office", Type: directory.TypeOption},
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	for _, bf := range []struct{ name, in string }{
		{"UserNameEq", `userName eq "7d420df3-9995-4831-a406-ecf8166f5f6a"`},
		{"EntraEmailsWorkValue", `emails[type eq "work"].value eq "bjensen@contoso.com"`},
		{"AndOrNot", `(userName sw "b" or emails[type eq "work" and value ew "@contoso.com"]) and not (title pr) and ` +
			`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since ge "2020-01-01" and meta.lastModified gt "2024-01-31T09:00:00Z"`},
	} {
		expr, err := filter.Parse(rt, bf.in)
		if err != nil {
			b.Fatal(err)
		}
		q := directory.EmployeeQuery{Filter: expr, Limit: 100}
		b.Run(bf.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := BuildEmployeesQuery(dollar{}, "company-1", q, defs, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
