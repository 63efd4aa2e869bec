package patch_test

import (
	"testing"
)

// Operations with a path (RFC 7644 §3.5.2): simple and complex
// single-valued attributes, sub-attributes, extension URN paths.
func TestApplyPath(t *testing.T) { runApplyCases(t, pathCases) }

var pathCases = []applyCase{
	{"Entra/Default/SeparateOps", baseDoc(),
		body(`{"op":"Replace","path":"displayName","value":"Pvlo"}`,
			`{"op":"Replace","path":"emails[type eq \"work\"].value","value":"a@contoso.com"}`,
			`{"op":"Replace","path":"name.givenName","value":"Gtfd"}`,
			`{"op":"Replace","path":"name.familyName","value":"Pkqf"}`,
			`{"op":"Replace","path":"externalId","value":"Eqpj"}`,
			`{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}`),
		edit(func(d map[string]any) {
			d["displayName"] = "Pvlo"
			d["emails"].([]any)[0].(map[string]any)["value"] = "a@contoso.com"
			d["name"] = map[string]any{"givenName": "Gtfd", "familyName": "Pkqf"}
			d["externalId"] = "Eqpj"
			ext(d, ent)["employeeNumber"] = "Eqpj"
		})},
	{"Entra/StringFalse", baseDoc(),
		body(`{"op":"Replace","path":"active","value":"False"}`),
		edit(func(d map[string]any) { d["active"] = false })},
	{"Entra/StringTrue", edit(func(d map[string]any) { d["active"] = false }),
		body(`{"op":"Replace","path":"active","value":"True"}`),
		baseDoc()},
	{"StringLowerFalse", baseDoc(),
		body(`{"op":"replace","path":"active","value":"false"}`),
		edit(func(d map[string]any) { d["active"] = false })},
	{"StringLowerTrue", edit(func(d map[string]any) { d["active"] = false }),
		body(`{"op":"replace","path":"active","value":"true"}`),
		baseDoc()},
	{"Entra/aadOptscim062020/BooleanFalse", baseDoc(),
		body(`{"op":"replace","path":"active","value":false}`),
		edit(func(d map[string]any) { d["active"] = false })},
	{"Entra/AddToEmptySingleValued", baseDoc(),
		body(`{"op":"Add","path":"title","value":"Engineer"}`),
		edit(func(d map[string]any) { d["title"] = "Engineer" })},
	{"AddToSetSingleValuedReplaces", baseDoc(),
		body(`{"op":"Add","path":"displayName","value":"Barbara"}`),
		edit(func(d map[string]any) { d["displayName"] = "Barbara" })},
	{"PathIsCaseInsensitive", baseDoc(),
		body(`{"op":"replace","path":"NAME.givenname","value":"B"}`),
		edit(func(d map[string]any) { d["name"].(map[string]any)["givenName"] = "B" })},
	{"ComplexMergesSubAttributes", baseDoc(),
		body(`{"op":"replace","path":"name","value":{"formatted":"Ms Barbara Jensen"}}`),
		edit(func(d map[string]any) {
			d["name"] = map[string]any{"givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms Barbara Jensen"}
		})},
	{"SubAttributeCreatesComplex", map[string]any{"userName": "u"},
		body(`{"op":"add","path":"name.givenName","value":"G"}`),
		map[string]any{"userName": "u", "name": map[string]any{"givenName": "G"}}},
	{"Entra/ManagerAsBareID", baseDoc(),
		body(`{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-2"}`),
		edit(func(d map[string]any) { ext(d, ent)["manager"] = map[string]any{"value": "m-2"} })},
	{"Entra/ManagerAsList", map[string]any{"userName": "u"},
		body(`{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":[{"$ref":"https://x.example/Users/m-2","value":"m-2"}]}`),
		map[string]any{"userName": "u", ent: map[string]any{"manager": map[string]any{"value": "m-2", "$ref": "https://x.example/Users/m-2"}}}},
	{"ManagerValuePath", baseDoc(),
		body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value","value":"m-3"}`),
		edit(func(d map[string]any) { ext(d, ent)["manager"] = map[string]any{"value": "m-3"} })},
	{"ManagerSameValueKeepsRef", baseDoc(),
		body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-1"}`),
		baseDoc()},
	{"ManagerDisplayNameInValueIgnored", baseDoc(),
		body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"m-1","displayName":"Boss"}}`),
		baseDoc()},
	{"ManagerOnlyReadOnlySubAttributesIsNoOp", baseDoc(),
		body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"displayName":"Boss"}}`),
		baseDoc()},
	{"ReplaceComplexWithEmptyListUnassigns", baseDoc(),
		body(`{"op":"replace","path":"name","value":[]}`),
		edit(func(d map[string]any) { delete(d, "name") })},
	{"ReplaceSubAttributeWithEmptyListUnassigns", baseDoc(),
		body(`{"op":"replace","path":"name.givenName","value":[]}`),
		edit(func(d map[string]any) { d["name"] = map[string]any{"familyName": "Jensen"} })},
	{"CompanyAliasPath", baseDoc(),
		body(`{"op":"add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since","value":"2021-03-01"}`),
		edit(func(d map[string]any) { ext(d, company)["Employed since"] = "2021-03-01" })},
	{"CompanyNameWithSpacePath", baseDoc(),
		body(`{"op":"add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed since","value":"2021-03-01"}`),
		edit(func(d map[string]any) { ext(d, company)["Employed since"] = "2021-03-01" })},
	{"ExtensionURNPathWithObject", baseDoc(),
		body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"department":"R&D"}}`),
		edit(func(d map[string]any) { ext(d, ent)["department"] = "R&D" })},
	{"ReplaceWithEmptyListUnassigns", baseDoc(),
		body(`{"op":"replace","path":"displayName","value":[]}`),
		edit(func(d map[string]any) { delete(d, "displayName") })},
	{"Entra/UnknownAttributeIgnored", baseDoc(),
		body(`{"op":"Add","path":"phoneNumber[type eq \"work\"].value","value":"555-0100"}`,
			`{"op":"Replace","path":"address[type eq \"work\"].locality","value":"Aarhus"}`,
			`{"op":"Add","path":"favoriteColor","value":"Babs"}`,
			`{"op":"Replace","path":"name.middle","value":"M"}`,
			`{"op":"Remove","path":"role"}`,
			`{"op":"Replace","path":"urn:example:unknown:2.0:User:costCenter","value":"1"}`),
		baseDoc()},
	{"Entra/WholeUserValuePathsCreateValues", baseDoc(),
		body(`{"op":"Add","path":"phoneNumbers[type eq \"work\"].value","value":"555-0100"}`,
			`{"op":"Add","path":"phoneNumbers[type eq \"mobile\"].value","value":"555-0101"}`,
			`{"op":"Replace","path":"addresses[type eq \"work\"].locality","value":"Aarhus"}`,
			`{"op":"Replace","path":"addresses[type eq \"work\"].country","value":"DK"}`,
			`{"op":"Add","path":"nickName","value":"Babs"}`,
			`{"op":"Replace","path":"name.middleName","value":"M"}`,
			`{"op":"Replace","path":"preferredLanguage","value":"da-DK"}`,
			`{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter","value":"CC1"}`),
		edit(func(d map[string]any) {
			d["phoneNumbers"] = []any{map[string]any{"type": "work", "value": "555-0100"}, map[string]any{"type": "mobile", "value": "555-0101"}}
			d["addresses"] = []any{map[string]any{"type": "work", "locality": "Aarhus", "country": "DK"}}
			d["nickName"] = "Babs"
			d["name"].(map[string]any)["middleName"] = "M"
			d["preferredLanguage"] = "da-DK"
			ext(d, ent)["costCenter"] = "CC1"
		})},
	{"Entra/SecondPrimaryPhoneDemotesFirst", baseDoc(),
		body(`{"op":"Add","path":"phoneNumbers","value":[{"value":"1","primary":"True"}]}`,
			`{"op":"Add","path":"phoneNumbers","value":[{"value":"2","primary":true}]}`),
		edit(func(d map[string]any) {
			d["phoneNumbers"] = []any{map[string]any{"value": "1"}, map[string]any{"value": "2", "primary": true}}
		})},
	{"OpsApplyInOrder", baseDoc(),
		body(`{"op":"replace","path":"title","value":"A"}`, `{"op":"replace","path":"title","value":"B"}`,
			`{"op":"remove","path":"displayName"}`, `{"op":"add","path":"displayName","value":"C"}`),
		edit(func(d map[string]any) { d["title"] = "B"; d["displayName"] = "C" })},
}

// remove (RFC 7644 §3.5.2.2).
func TestApplyRemove(t *testing.T) { runApplyCases(t, removeCases) }

var removeCases = []applyCase{
	{"SingleValued", baseDoc(),
		body(`{"op":"remove","path":"displayName"}`),
		edit(func(d map[string]any) { delete(d, "displayName") })},
	{"SubAttribute", baseDoc(),
		body(`{"op":"remove","path":"name.givenName"}`),
		edit(func(d map[string]any) { d["name"] = map[string]any{"familyName": "Jensen"} })},
	{"LastSubAttributeRemovesComplex", baseDoc(),
		body(`{"op":"remove","path":"name.givenName"}`, `{"op":"remove","path":"name.familyName"}`),
		edit(func(d map[string]any) { delete(d, "name") })},
	{"Manager", baseDoc(),
		body(`{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}`),
		edit(func(d map[string]any) { delete(ext(d, ent), "manager") })},
	{"LastExtensionAttributeRemovesExtension", baseDoc(),
		body(`{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:department"}`),
		edit(func(d map[string]any) { delete(d, company) })},
	{"WholeExtension", baseDoc(),
		body(`{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}`),
		edit(func(d map[string]any) { delete(d, ent) })},
	{"MultiValued", baseDoc(),
		body(`{"op":"remove","path":"emails"}`),
		edit(func(d map[string]any) { delete(d, "emails") })},
	{"FilterRemovesMatchingValues", baseDoc(),
		body(`{"op":"remove","path":"emails[type eq \"work\"]"}`),
		edit(func(d map[string]any) { d["emails"] = []any{home()} })},
	{"FilterSubAttribute", baseDoc(),
		body(`{"op":"remove","path":"emails[type eq \"home\"].type"}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{work(), map[string]any{"value": "babs@home.example"}}
		})},
	{"FilterSubAttributeLeavingValueEmpty",
		map[string]any{"userName": "u", "emails": []any{map[string]any{"value": "a@example.com"}, map[string]any{"value": "b@example.com"}}},
		body(`{"op":"remove","path":"emails[value eq \"A@example.com\"].value"}`),
		map[string]any{"userName": "u", "emails": []any{map[string]any{"value": "b@example.com"}}}},
	{"Entra/ListedValues", baseDoc(),
		body(`{"op":"Remove","path":"emails","value":[{"value":"BJensen@example.com"}]}`),
		edit(func(d map[string]any) { d["emails"] = []any{home()} })},
	{"Entra/ListedValuesAllGone", baseDoc(),
		body(`{"op":"Remove","path":"emails","value":[{"value":"bjensen@example.com"},{"value":"babs@home.example"}]}`),
		edit(func(d map[string]any) { delete(d, "emails") })},
	{"AbsentIsNoOp", map[string]any{"userName": "u"},
		body(`{"op":"remove","path":"displayName"}`, `{"op":"remove","path":"name.givenName"}`,
			`{"op":"remove","path":"emails[type eq \"work\"]"}`, `{"op":"remove","path":"emails"}`,
			`{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}`,
			`{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}`),
		map[string]any{"userName": "u"}},
	{"FilterMatchingNothingIsNoOp", baseDoc(),
		body(`{"op":"remove","path":"emails[type eq \"other\"]"}`),
		baseDoc()},
}
