package patch_test

import (
	"errors"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/patch"
	"roster/internal/scim/schema"
)

func TestApplyErrors(t *testing.T) {
	for _, tt := range applyErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := run(t, tt.doc, tt.body)
			if err == nil {
				t.Fatalf("no error; got %s", show(got))
			}
			assertError(t, err, tt.typ, tt.want...)
		})
	}
}

var applyErrorCases = []errorCase{
	{"DuplicateKeysOtherSpellings", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"SalaryBand":1,"salary band":2}}}`),
		scim.InvalidValue, []string{`"SalaryBand" and "salary band" both name`, "with different values"}},
	{"DuplicateKeysOtherSpellingsAtTop", baseDoc(),
		body(`{"op":"replace","value":{"TITLE":"A","Title":"B"}}`),
		scim.InvalidValue, []string{`"TITLE" and "Title" both name title`}},
	{"RemoveWithoutPath", baseDoc(),
		body(`{"op":"remove"}`),
		scim.NoTarget, []string{"operation 1 (remove without path)", `needs a "path"`}},
	{"NoPathValueNotObject", baseDoc(),
		body(`{"op":"replace","value":"False"}`),
		scim.InvalidSyntax, []string{"operation 1 (replace without path)", "JSON object"}},
	{"NoPathExtensionValueNotObject", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":"x"}}`),
		scim.InvalidSyntax, []string{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "JSON object"}},
	{"URNPathValueNotObject", baseDoc(),
		body(`{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":[1]}`),
		scim.InvalidSyntax, []string{"JSON object"}},
	{"BadPathSyntax", baseDoc(),
		body(`{"op":"replace","path":"displayName","value":"x"}`, `{"op":"replace","path":"emails[type eq \"work\".value","value":"x"}`),
		scim.InvalidPath, []string{`operation 2 (replace "emails[type eq \"work\".value")`}},
	{"UnknownSubAttributeInFilter", baseDoc(),
		body(`{"op":"replace","path":"emails[tpye eq \"work\"].value","value":"x"}`),
		scim.InvalidPath, []string{"operation 1", "tpye"}},
	{"FilterOnSingleValued", baseDoc(),
		body(`{"op":"replace","path":"name[givenName eq \"x\"].familyName","value":"y"}`),
		scim.InvalidPath, []string{"operation 1"}},
	{"WrongTypeBoolean", baseDoc(),
		body(`{"op":"Replace","path":"active","value":"maybe"}`),
		scim.InvalidValue, []string{`operation 1 (replace "active")`, "boolean", `"maybe"`}},
	{"WrongTypeString", baseDoc(),
		body(`{"op":"replace","path":"name.givenName","value":{"x":1}}`),
		scim.InvalidValue, []string{"name.givenName", "string"}},
	{"WrongTypeInFilteredValue", baseDoc(),
		body(`{"op":"replace","path":"displayName","value":"ok"}`, `{"op":"replace","path":"emails[type eq \"work\"].value","value":true}`),
		scim.InvalidValue, []string{`operation 2 (replace "emails[type eq \"work\"].value")`, "emails.value", "string"}},
	{"WrongTypeInNoPathValue", baseDoc(),
		body(`{"op":"replace","value":{"active":"nope"}}`),
		scim.InvalidValue, []string{"operation 1 (replace without path)", "active", "boolean"}},
	{"SingleValuedGivenList", baseDoc(),
		body(`{"op":"replace","path":"displayName","value":["a","b"]}`),
		scim.InvalidValue, []string{"single value"}},
	{"CompanyDateInvalid", baseDoc(),
		body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since","value":"last year"}`),
		scim.InvalidValue, []string{"date"}},
	{"TwoPrimaries", baseDoc(),
		body(`{"op":"replace","path":"emails","value":[{"value":"a@example.com","primary":true},{"value":"b@example.com","primary":true}]}`),
		scim.InvalidValue, []string{"primary", "RFC 7643"}},
	{"PrimaryOnSeveralMatches", baseDoc(),
		body(`{"op":"replace","path":"emails.primary","value":true}`),
		scim.InvalidValue, []string{"primary"}},
	{"NoTargetForNonEqFilter", baseDoc(),
		body(`{"op":"replace","path":"emails[value co \"nobody\"].type","value":"work"}`),
		scim.NoTarget, []string{`operation 1 (replace "emails[value co \"nobody\"].type")`, "matches"}},
	{"NoTargetForOrFilter", map[string]any{"userName": "u"},
		body(`{"op":"add","path":"emails[type eq \"work\" or type eq \"home\"].value","value":"a@example.com"}`),
		scim.NoTarget, []string{"eq"}},
	{"NoTargetForConflictingEq", map[string]any{"userName": "u"},
		body(`{"op":"add","path":"emails[type eq \"work\" and type eq \"home\"].value","value":"a@example.com"}`),
		scim.NoTarget, nil},
	{"AmbiguousPath", baseDoc(),
		body(`{"op":"replace","path":"department","value":"R&D"}`),
		scim.InvalidPath, []string{"department", schema.EnterpriseURN + ":department", schema.CompanyURN + ":department"}},
	{"AmbiguousNoPathKey", baseDoc(),
		body(`{"op":"replace","value":{"department":"R&D"}}`),
		scim.InvalidPath, []string{"operation 1 (replace without path)", schema.EnterpriseURN + ":department", schema.CompanyURN + ":department"}},
	{"Mutability/ID", baseDoc(),
		body(`{"op":"replace","path":"id","value":"other"}`),
		scim.Mutability, []string{`operation 1 (replace "id")`, "read-only"}},
	{"Mutability/RemoveID", baseDoc(),
		body(`{"op":"remove","path":"id"}`),
		scim.Mutability, []string{"read-only"}},
	{"Mutability/Meta", baseDoc(),
		body(`{"op":"add","path":"meta","value":{"resourceType":"Group"}}`),
		scim.Mutability, []string{`"meta" is read-only`}},
	{"Mutability/MetaSubAttribute", baseDoc(),
		body(`{"op":"replace","path":"meta.lastModified","value":"2024-01-01T00:00:00Z"}`),
		scim.Mutability, []string{"meta.lastModified"}},
	{"Mutability/IDInNoPathValue", baseDoc(),
		body(`{"op":"replace","value":{"id":"other","displayName":"x"}}`),
		scim.Mutability, []string{`"id" is read-only`}},
	{"Mutability/ManagerDisplayName", baseDoc(),
		body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName","value":"Boss"}`),
		scim.Mutability, []string{"manager.displayName"}},
	{"RequiredCannotBeRemoved", baseDoc(),
		body(`{"op":"remove","path":"userName"}`),
		scim.InvalidValue, []string{`"userName" is required`}},
	{"RequiredCannotBeClearedByReplace", baseDoc(),
		body(`{"op":"replace","value":{"userName":null}}`),
		scim.InvalidValue, []string{`"userName" is required`}},
	// A path that names nothing any schema has is refused, naming it;
	// answering 200 would tell the client the change was made.
	{"InvalidPath/Typo", baseDoc(),
		body(`{"op":"replace","path":"displayNmae","value":"x"}`),
		scim.InvalidPath, []string{`operation 1 (replace "displayNmae")`, `"displayNmae" is not an attribute`}},
	{"InvalidPath/ExtensionWithDot", baseDoc(),
		body(`{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager","value":"m-2"}`),
		scim.InvalidPath, []string{`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager"`}},
	{"InvalidPath/UnknownURN", baseDoc(),
		body(`{"op":"add","path":"urn:foo:bar:x","value":"1"}`),
		scim.InvalidPath, []string{`"urn:foo:bar:x"`}},
	{"InvalidPath/UnknownSubAttribute", baseDoc(),
		body(`{"op":"replace","path":"name.givenNmae","value":"x"}`),
		scim.InvalidPath, []string{`name.givenNmae`}},
	{"InvalidPath/Remove", baseDoc(),
		body(`{"op":"remove","path":"titel"}`),
		scim.InvalidPath, []string{`"titel"`}},
	{"InvalidPath/AfterAValidOperation", baseDoc(),
		body(`{"op":"replace","path":"title","value":"CEO"}`, `{"op":"replace","path":"emails[type eq \"work\"].valeu","value":"x"}`),
		scim.InvalidPath, []string{`operation 2`, `valeu`}},
	{"Strict/UnknownCompanyAttributePath", baseDoc(),
		body(`{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:costCenter","value":"42"}`),
		scim.InvalidPath, []string{`operation 1 (add "urn:ietf:params:scim:schemas:extension:peakon:2.0:User:costCenter")`, "costCenter", "administrator must create it in roster"}},
	{"Strict/UnknownCompanyAttributeWithSpace", baseDoc(),
		body(`{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Cost center","value":"42"}`),
		scim.InvalidPath, []string{"Cost center", "administrator must create it"}},
	{"Strict/UnknownCompanyKeyInNoPathValue", baseDoc(),
		body(`{"op":"replace","value":{"displayName":"x","urn:ietf:params:scim:schemas:extension:peakon:2.0:User:costCenter":"42"}}`),
		scim.InvalidValue, []string{"costCenter", "administrator must create it"}},
	{"Strict/UnknownKeyInCompanyObject", baseDoc(),
		body(`{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"costCenter":"42"}}}`),
		scim.InvalidValue, []string{"costCenter", "administrator must create it"}},
}

// RFC 7644 §3.5.2: "If any operation fails, the whole request fails": a
// failing second operation leaves no trace of the first, and the input
// document is never modified.
func TestApplyIsAtomic(t *testing.T) {
	doc := baseDoc()
	got, err := run(t, doc, body(
		`{"op":"replace","path":"displayName","value":"Changed"}`,
		`{"op":"replace","path":"emails[type eq \"work\"].value","value":"changed@example.com"}`,
		`{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}`,
		`{"op":"replace","path":"active","value":"sometimes"}`))
	assertError(t, err, scim.InvalidValue, "operation 4")
	if got != nil {
		t.Errorf("got a document with the error: %s", show(got))
	}
	assertDoc(t, doc, baseDoc())
}

func TestApplyDoesNotShareInput(t *testing.T) {
	doc := baseDoc()
	got, err := run(t, doc, body(`{"op":"replace","path":"title","value":"CEO"}`))
	if err != nil {
		t.Fatal(err)
	}
	assertDoc(t, doc, baseDoc())
	// The result is a deep copy: changing it leaves the input alone.
	got["name"].(map[string]any)["givenName"] = "X"
	got["emails"].([]any)[0].(map[string]any)["value"] = "x"
	ext(got, ent)["manager"].(map[string]any)["value"] = "x"
	assertDoc(t, doc, baseDoc())
}

func TestApplyNilDocument(t *testing.T) {
	got, err := run(t, nil, body(`{"op":"add","value":{"userName":"u","active":"True"}}`))
	if err != nil {
		t.Fatal(err)
	}
	assertDoc(t, got, map[string]any{"userName": "u", "active": true})
}

// Apply checks operations that do not come from Parse, too.
func TestApplyChecksOperations(t *testing.T) {
	tests := []struct {
		name string
		op   patch.Operation
		want string
	}{
		{"UnknownOp", patch.Operation{Op: "copy", Path: "title"}, `operation 1 ("copy" "title")`},
		{"AddWithoutValue", patch.Operation{Op: "Add", Path: "title", NoValue: true}, `needs a "value"`},
		{"NullWithoutPath", patch.Operation{Op: "replace"}, `needs a "path"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := patch.Apply(userType(), baseDoc(), []patch.Operation{tt.op})
			assertError(t, err, scim.InvalidSyntax, tt.want)
		})
	}
}

func TestApplyTooManyOperations(t *testing.T) {
	ops := make([]patch.Operation, patch.MaxOperations+1)
	for i := range ops {
		ops[i] = patch.Operation{Op: "remove", Path: "title"}
	}
	_, err := patch.Apply(userType(), baseDoc(), ops)
	assertError(t, err, scim.InvalidValue, "1000")
}

// The error wraps its cause, so that callers can still tell what went
// wrong (here: a path naming an attribute the company has not created).
func TestApplyErrorUnwraps(t *testing.T) {
	_, err := run(t, baseDoc(), body(`{"op":"add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:costCenter","value":"1"}`))
	var unknown *schema.UnknownAttributeError
	if !errors.As(err, &unknown) {
		t.Fatalf("error %v does not wrap a *schema.UnknownAttributeError", err)
	}
}
