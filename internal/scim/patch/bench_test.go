package patch_test

import (
	"testing"

	"roster/internal/scim/patch"
)

// The PATCH bodies Entra and Okta send most (see
// /work/shared/reference/scim-clients.md §1.4, §1.5 and Okta's section).
var benchBodies = []struct{ name, body string }{
	{"EntraUpdate", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
		{"op":"Replace","path":"displayName","value":"Pvlo"},
		{"op":"Replace","path":"emails[type eq \"work\"].value","value":"a@contoso.com"},
		{"op":"Replace","path":"name.givenName","value":"Gtfd"},
		{"op":"Replace","path":"name.familyName","value":"Pkqf"},
		{"op":"Replace","path":"externalId","value":"Eqpj"},
		{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}]}`},
	{"EntraCompliant", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
		{"op":"replace","path":"emails[type eq \"work\"].value","value":"k@contoso.com"},
		{"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}]}`},
	{"EntraDeactivate", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
		{"op":"Replace","path":"active","value":"False"}]}`},
	{"OktaDeactivate", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
		{"op":"replace","value":{"active":false}}]}`},
}

// BenchmarkApply applies a parsed PATCH to an employee's document, with
// the check for what it names that roster does not store (the activity
// log's "not stored"), as the PATCH handler does. (Before Plan, the
// handler called Ignored and Apply, which parsed each path again.)
func BenchmarkApply(b *testing.B) {
	rt := userType()
	doc := baseDoc()
	for _, bb := range benchBodies {
		ops, err := patch.Parse([]byte(bb.body))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				plan := patch.Prepare(rt, ops)
				_ = plan.Ignored()
				if _, err := plan.Apply(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
