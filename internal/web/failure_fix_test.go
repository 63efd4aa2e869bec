package web

import (
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// TestFixFor: the one-click fix inferred from a cause of refusals.
func TestFixFor(t *testing.T) {
	defs := []directory.AttributeDef{
		{ID: "loc", Name: "Location", Type: directory.TypeOption, Options: []string{"Berlin"}},
		{ID: "since", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
	}
	for _, c := range []struct {
		name, cause, scimType, userName string
		want                            fixLink
	}{
		{"option refused by the SCIM layer", `"` + schema.CompanyURN + `:Location" must be one of "Berlin"; got "Paris"`, "invalidValue", "ada@x",
			fixLink{"Open the attribute Location", "/attributes/loc"}},
		{"option refused by the store", `attribute "location" takes one of Berlin; got "Paris"`, "invalidValue", "",
			fixLink{"Open the attribute Location", "/attributes/loc"}},
		{"date by its alias", `"` + schema.CompanyURN + `:employed_since" is a date and takes YYYY-MM-DD; got "soon"`, "invalidValue", "",
			fixLink{"Open the attribute Employed since", "/attributes/since"}},
		{"unknown company attribute", `"cost Center" is not an attribute of ` + schema.CompanyURN + `; an administrator must create it in roster (Attributes) before identity providers can send it`, "invalidValue", "",
			fixLink{"Create the attribute cost Center", "/attributes?name=cost+Center#new-h"}},
		{"unknown company attribute in a PATCH path", `operation 2 (replace "` + schema.CompanyURN + `:costCenter"): "` + schema.CompanyURN +
			`:costCenter" is not an attribute of ` + schema.CompanyURN + `; an administrator must create it in roster (Attributes) before identity providers can send it`, "invalidPath", "",
			fixLink{"Create the attribute costCenter", "/attributes?name=costCenter#new-h"}},
		{"userName taken", `userName "…" is already taken in this company`, "uniqueness", "ada@x.example",
			fixLink{"Find the employee who has ada@x.example", "/employees?q=ada%40x.example"}},
	} {
		got, ok := fixFor(c.cause, c.scimType, c.userName, defs)
		if !ok || got != c.want {
			t.Errorf("%s: fixFor = %+v, %v; want %+v", c.name, got, ok, c.want)
		}
	}
	for _, c := range []struct{ name, cause, scimType, userName string }{
		{"taken, but no userName to search", `userName "…" is already taken in this company`, "uniqueness", ""},
		{"an attribute the company does not have, not in its extension", `"roles" is not an attribute of urn:ietf:params:scim:schemas:core:2.0:User`, "invalidValue", ""},
		{"a value of an unknown attribute", `"Team" must be one of "A"; got "B"`, "invalidValue", ""},
		{"nothing quoted", `the request body is not JSON`, "invalidSyntax", "ada@x"},
		{"a revoked token", `the connection's token is revoked`, "", ""},
	} {
		if got, ok := fixFor(c.cause, c.scimType, c.userName, defs); ok {
			t.Errorf("%s: fixFor = %+v; want no fix", c.name, got)
		}
	}
}
