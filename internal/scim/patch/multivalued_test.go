package patch_test

import (
	"testing"
)

// Multi-valued attributes (emails): append, replace, value filters,
// creation when a filter selects nothing (Entra), one primary value.
func TestApplyMultiValued(t *testing.T) { runApplyCases(t, multiValuedCases) }

var multiValuedCases = []applyCase{
	{"AddAppends", baseDoc(),
		body(`{"op":"add","path":"emails","value":[{"value":"x@example.com","type":"other"}]}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{work(), home(), map[string]any{"value": "x@example.com", "type": "other"}}
		})},
	{"AddLoneObjectAppends", baseDoc(),
		body(`{"op":"add","path":"emails","value":{"value":"x@example.com"}}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{work(), home(), map[string]any{"value": "x@example.com"}}
		})},
	{"AddSkipsExactDuplicates", baseDoc(),
		body(`{"op":"add","path":"emails","value":[{"value":"babs@home.example","type":"home"},{"value":"x@example.com"},{"value":"x@example.com"}]}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{work(), home(), map[string]any{"value": "x@example.com"}}
		})},
	{"AddPrimaryClearsOtherPrimary", baseDoc(),
		body(`{"op":"add","path":"emails","value":[{"value":"new@example.com","type":"work","primary":true}]}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{
				map[string]any{"value": "bjensen@example.com", "type": "work"},
				home(),
				map[string]any{"value": "new@example.com", "type": "work", "primary": true},
			}
		})},
	{"ReplaceWholeList", baseDoc(),
		body(`{"op":"replace","path":"emails","value":[{"value":"n@example.com","type":"home","primary":"True"}]}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{map[string]any{"value": "n@example.com", "type": "home", "primary": true}}
		})},
	{"ReplaceWithEmptyListUnassigns", baseDoc(),
		body(`{"op":"replace","path":"emails","value":[]}`),
		edit(func(d map[string]any) { delete(d, "emails") })},
	{"Entra/FilterValueReplacesMatching", baseDoc(),
		body(`{"op":"Replace","path":"emails[type eq \"work\"].value","value":"b@contoso.com"}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{map[string]any{"value": "b@contoso.com", "type": "work", "primary": true}, home()}
		})},
	{"Entra/FilterIsCaseInsensitive", baseDoc(),
		body(`{"op":"Replace","path":"Emails[Type EQ \"Work\"].Value","value":"b@contoso.com"}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{map[string]any{"value": "b@contoso.com", "type": "work", "primary": true}, home()}
		})},
	{"Entra/FilterValueCreatesWorkEmail", noEmails(),
		body(`{"op":"Replace","path":"emails[type eq \"work\"].value","value":"a@contoso.com"}`),
		map[string]any{"userName": "u", "emails": []any{home(), map[string]any{"type": "work", "value": "a@contoso.com"}}}},
	{"Entra/AddFilterValueCreatesWorkEmail", map[string]any{"userName": "u"},
		body(`{"op":"Add","path":"emails[type eq \"work\"].value","value":"a@contoso.com"}`),
		map[string]any{"userName": "u", "emails": []any{map[string]any{"type": "work", "value": "a@contoso.com"}}}},
	{"FilterCreationUsesEveryEqComparison", noEmails(),
		body(`{"op":"replace","path":"emails[type eq \"work\" and primary eq true].value","value":"a@contoso.com"}`),
		map[string]any{"userName": "u", "emails": []any{home(), map[string]any{"type": "work", "primary": true, "value": "a@contoso.com"}}}},
	{"FilterWithObjectMergesIntoMatching", baseDoc(),
		body(`{"op":"replace","path":"emails[type eq \"home\"]","value":{"value":"new@home.example"}}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{work(), map[string]any{"value": "new@home.example", "type": "home"}}
		})},
	{"FilterWithObjectCreates", noEmails(),
		body(`{"op":"add","path":"emails[type eq \"work\"]","value":{"value":"w@example.com","primary":true}}`),
		map[string]any{"userName": "u", "emails": []any{home(), map[string]any{"type": "work", "value": "w@example.com", "primary": true}}}},
	{"FilterPrimaryMovesPrimary", baseDoc(),
		body(`{"op":"replace","path":"emails[type eq \"home\"].primary","value":true}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{
				map[string]any{"value": "bjensen@example.com", "type": "work"},
				map[string]any{"value": "babs@home.example", "type": "home", "primary": true},
			}
		})},
	{"FilterPrimaryStringTrue", baseDoc(),
		body(`{"op":"replace","path":"emails[type eq \"home\"].primary","value":"True"}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{
				map[string]any{"value": "bjensen@example.com", "type": "work"},
				map[string]any{"value": "babs@home.example", "type": "home", "primary": true},
			}
		})},
	{"SubAttributeWithoutFilterSetsEveryValue", baseDoc(),
		body(`{"op":"replace","path":"emails.type","value":"other"}`),
		edit(func(d map[string]any) {
			d["emails"] = []any{
				map[string]any{"value": "bjensen@example.com", "type": "other", "primary": true},
				map[string]any{"value": "babs@home.example", "type": "other"},
			}
		})},
	{"SubAttributeWithoutFilterCreates", map[string]any{"userName": "u"},
		body(`{"op":"add","path":"emails.value","value":"a@example.com"}`),
		map[string]any{"userName": "u", "emails": []any{map[string]any{"value": "a@example.com"}}}},
	// A value an operation makes the same as another (primary aside) is
	// folded into it: Entra's filtered replace on two work emails leaves
	// one, not the same address twice.
	{"Entra/FilterValueOnTwoWorkEmailsLeavesOne", twoWorkEmails(false),
		body(`{"op":"Replace","path":"emails[type eq \"work\"].value","value":"z@contoso.com"}`),
		map[string]any{"userName": "u", "emails": []any{map[string]any{"value": "z@contoso.com", "type": "work", "primary": true}, home()}}},
	{"FoldKeepsTheDroppedValuesPrimary", twoWorkEmails(true),
		body(`{"op":"replace","path":"emails[type eq \"work\"].value","value":"Z@contoso.com"}`),
		map[string]any{"userName": "u", "emails": []any{map[string]any{"value": "Z@contoso.com", "type": "work", "primary": true}, home()}}},
	{"FoldIntoAValueNotSelected", map[string]any{"userName": "u", "emails": []any{
		map[string]any{"value": "a@example.com", "type": "other"}, map[string]any{"value": "z@example.com", "type": "work"}}},
		body(`{"op":"replace","path":"emails[type eq \"other\"]","value":{"value":"z@example.com","type":"Work","primary":true}}`),
		map[string]any{"userName": "u", "emails": []any{map[string]any{"value": "z@example.com", "type": "work", "primary": true}}}},
	{"PrimaryOnValuesFoldedIntoOne", twoWorkEmails(false),
		body(`{"op":"replace","path":"emails[type eq \"work\"]","value":{"value":"z@contoso.com","primary":true}}`),
		map[string]any{"userName": "u", "emails": []any{map[string]any{"value": "z@contoso.com", "type": "work", "primary": true}, home()}}},
	{"ValuesLeftDifferentStayApart", twoWorkEmails(false),
		body(`{"op":"replace","path":"emails[type eq \"work\"].type","value":"other"}`),
		map[string]any{"userName": "u", "emails": []any{
			map[string]any{"value": "a@contoso.com", "type": "other", "primary": true},
			map[string]any{"value": "d@contoso.com", "type": "other"}, home()}}},
}

// twoWorkEmails is a document with two work emails, the first primary
// (the second if secondPrimary), and a home one.
func twoWorkEmails(secondPrimary bool) map[string]any {
	first := map[string]any{"value": "a@contoso.com", "type": "work", "primary": true}
	second := map[string]any{"value": "d@contoso.com", "type": "work"}
	if secondPrimary {
		delete(first, "primary")
		second["primary"] = true
	}
	return map[string]any{"userName": "u", "emails": []any{first, second, home()}}
}
