package patch_test

import (
	"testing"
)

// Operations without "path" (RFC 7644 §3.5.2.1, §3.5.2.3): Okta's
// activation switch and Entra's aadOptscim062020 format.
func TestApplyNoPath(t *testing.T) { runApplyCases(t, noPathCases) }

var noPathCases = []applyCase{
	{"Okta/Deactivate", baseDoc(),
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`,
		edit(func(d map[string]any) { d["active"] = false })},
	{"Okta/Reactivate", edit(func(d map[string]any) { d["active"] = false }),
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}`,
		baseDoc()},
	{"Okta/PasswordSyncIgnored", baseDoc(),
		body(`{"op":"replace","value":{"password":"1mz050nq"}}`),
		baseDoc()},
	{"Entra/aadOptscim062020/DottedAndURNKeys", baseDoc(),
		body(`{"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}`),
		edit(func(d map[string]any) {
			d["displayName"] = "Bjfe"
			d["name"] = map[string]any{"givenName": "Kkom", "familyName": "Unua"}
			ext(d, ent)["employeeNumber"] = "Aklq"
		})},
	{"Entra/aadOptscim062020/FilteredOpPlusNoPathOp", baseDoc(),
		body(`{"op":"replace","path":"emails[type eq \"work\"].value","value":"kkom@contoso.com"}`,
			`{"op":"replace","value":{"displayName":"Bjfe","active":false}}`),
		edit(func(d map[string]any) {
			d["displayName"] = "Bjfe"
			d["active"] = false
			d["emails"].([]any)[0].(map[string]any)["value"] = "kkom@contoso.com"
		})},
	{"Entra/StringBooleanInNoPathValue", baseDoc(),
		body(`{"op":"Replace","value":{"active":"False"}}`),
		edit(func(d map[string]any) { d["active"] = false })},
	{"NestedObjectMergesSubAttributes", baseDoc(),
		body(`{"op":"replace","value":{"name":{"givenName":"Babs"}}}`),
		edit(func(d map[string]any) { d["name"] = map[string]any{"givenName": "Babs", "familyName": "Jensen"} })},
	{"ExtensionURNKeyWithObject", baseDoc(),
		body(`{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","employeeNumber":"1"}}}`),
		edit(func(d map[string]any) {
			ext(d, ent)["department"] = "R&D"
			ext(d, ent)["employeeNumber"] = "1"
		})},
	{"ExtensionURNKeyCreatesExtension", map[string]any{"userName": "u"},
		body(`{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"}}}`),
		map[string]any{"userName": "u", ent: map[string]any{"department": "R&D"}}},
	{"CoreURNKeyWithObject", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:core:2.0:User":{"title":"CEO","name.formatted":"Ms Babs Jensen"}}}`),
		edit(func(d map[string]any) {
			d["title"] = "CEO"
			d["name"].(map[string]any)["formatted"] = "Ms Babs Jensen"
		})},
	// One attribute under two keys: the key spelled as roster spells it
	// yields to the client's own spelling, at every level.
	{"DuplicateKeys/OwnSpellingWinsInExtension", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"A","Department":"B"}}}`),
		edit(func(d map[string]any) { ext(d, ent)["department"] = "B" })},
	{"DuplicateKeys/OwnSpellingWinsAtTop", baseDoc(),
		body(`{"op":"replace","value":{"title":"A","TITLE":"B"}}`),
		edit(func(d map[string]any) { d["title"] = "B" })},
	{"DuplicateKeys/PrefixedWinsOverNested", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"A"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"B"}}`),
		edit(func(d map[string]any) { ext(d, ent)["department"] = "B" })},
	{"DuplicateKeys/SameValue", baseDoc(),
		body(`{"op":"replace","value":{"title":"A","TITLE":"A"}}`),
		edit(func(d map[string]any) { d["title"] = "A" })},
	{"KeysAreCaseInsensitive", baseDoc(),
		body(`{"op":"replace","value":{"DisplayName":"B","NAME.GIVENNAME":"G","URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EMPLOYEENUMBER":"7","ExternalID":"e"}}`),
		edit(func(d map[string]any) {
			d["displayName"] = "B"
			d["name"].(map[string]any)["givenName"] = "G"
			ext(d, ent)["employeeNumber"] = "7"
			d["externalId"] = "e"
		})},
	{"UnknownKeysIgnored", baseDoc(),
		body(`{"op":"replace","value":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"password":"x","phoneNumber":[{"value":"555","type":"work"}],"role":[],"name.middle":"M","urn:example:unknown:2.0:User":{"a":1},"urn:example:unknown:2.0:User:b":"c","displayName":"Known"}}`),
		edit(func(d map[string]any) { d["displayName"] = "Known" })},
	{"AddSingleValuedReplaces", baseDoc(),
		body(`{"op":"add","value":{"displayName":"New","title":"CEO"}}`),
		edit(func(d map[string]any) { d["displayName"] = "New"; d["title"] = "CEO" })},
	{"AddAppendsToMultiValued", baseDoc(),
		body(`{"op":"add","value":{"emails":[{"value":"other@example.com","type":"other"}]}}`),
		edit(func(d map[string]any) {
			d["emails"] = append(d["emails"].([]any), map[string]any{"value": "other@example.com", "type": "other"})
		})},
	{"ReplaceReplacesMultiValued", baseDoc(),
		body(`{"op":"replace","value":{"emails":[{"value":"only@example.com","type":"work","primary":true}]}}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{map[string]any{"value": "only@example.com", "type": "work", "primary": true}}
		})},
	{"NullMemberClearsOnReplace", baseDoc(),
		body(`{"op":"replace","value":{"displayName":null,"name.familyName":null}}`),
		edit(func(d map[string]any) {
			delete(d, "displayName")
			delete(d["name"].(map[string]any), "familyName")
		})},
	{"NullExtensionClearsOnReplace", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":null}}`),
		edit(func(d map[string]any) { delete(d, ent) })},
	{"NullMemberUnassignsOnAdd", baseDoc(),
		body(`{"op":"add","value":{"displayName":null,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":null}}`),
		edit(func(d map[string]any) { delete(d, "displayName"); delete(d, ent) })},
	{"KeyWithValueFilter", noEmails(),
		body(`{"op":"replace","value":{"emails[type eq \"work\"].value":"w@example.com","displayName":"D"}}`),
		map[string]any{"userName": "u", "displayName": "D", "emails": []any{home(), map[string]any{"type": "work", "value": "w@example.com"}}}},
	{"NullMemberWithValueFilterRemoves", baseDoc(),
		body(`{"op":"replace","value":{"emails[type eq \"work\"]":null}}`),
		edit(func(d map[string]any) { d["emails"] = []any{home()} })},
	{"CompanyAttributeByAlias", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since":"2021-03-01"}}`),
		edit(func(d map[string]any) { ext(d, company)["Employed since"] = "2021-03-01" })},
	{"CompanyAttributeByNameWithSpace", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"employed since":"2021-03-01T00:00:00Z"}}}`),
		edit(func(d map[string]any) { ext(d, company)["Employed since"] = "2021-03-01" })},
}
