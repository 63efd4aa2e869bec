package schema_test

import (
	"testing"

	"roster/internal/scim/schema"
)

// entraCreate is an Entra create as Microsoft documents it (the
// enterprise extension, a work email, address and phones), with three
// company attributes: what every POST normalizes.
const entraCreate = `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
"externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@contoso.com","active":"True",
"displayName":"Ada Lovelace","title":"Engineer","preferredLanguage":"en-GB",
"emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@contoso.com"}],
"name":{"formatted":"Ada Lovelace","familyName":"Lovelace","givenName":"Ada"},
"addresses":[{"type":"work","locality":"Aarhus","country":"DK"}],
"phoneNumbers":[{"type":"work","value":"+45 1"},{"type":"mobile","value":"+45 2"}],
"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","employeeNumber":"1001","manager":{"value":"boss"}},
"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"Employed_Since":"2019-05-01","Level":"3","Site":"berlin"}}`

// BenchmarkNormalize is reading one create's body: every POST and PUT
// pays it.
func BenchmarkNormalize(b *testing.B) {
	company := &schema.Schema{ID: schema.CompanyURN, Strict: true, Attributes: []*schema.Attribute{
		{Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: schema.String, Format: "date"},
		{Name: "Level", Type: schema.Integer},
		{Name: "Site", Type: schema.String, Trimmed: true, CanonicalValues: []string{"Berlin", "Aarhus"}},
	}}
	rt := schema.UserType(company)
	var doc map[string]any
	mustJSON(b, entraCreate, &doc)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rt.Normalize(doc); err != nil {
			b.Fatal(err)
		}
	}
}
