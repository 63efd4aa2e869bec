package patch_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/patch"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []patch.Operation
	}{
		{"Okta/Deactivate",
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`,
			[]patch.Operation{{Op: "replace", Value: map[string]any{"active": false}}}},
		{"Entra/CapitalisedOp",
			body(`{"op":"Replace","path":"active","value":"False"}`),
			[]patch.Operation{{Op: "Replace", Path: "active", Value: "False"}}},
		{"OpInAnyCase",
			body(`{"op":"ADD","path":"title","value":"CEO"}`, `{"op":"rEmOvE","path":"title"}`),
			[]patch.Operation{{Op: "ADD", Path: "title", Value: "CEO"}, {Op: "rEmOvE", Path: "title"}}},
		{"LowerCaseOperationsKey",
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"operations":[{"op":"remove","path":"title"}]}`,
			[]patch.Operation{{Op: "remove", Path: "title"}}},
		{"SchemasMissing",
			`{"Operations":[{"op":"remove","path":"title"}]}`,
			[]patch.Operation{{Op: "remove", Path: "title"}}},
		{"MemberNamesInAnyCase",
			`{"Operations":[{"Op":"add","Path":"title","Value":"CEO"}]}`,
			[]patch.Operation{{Op: "add", Path: "title", Value: "CEO"}}},
		{"NumbersStayJSONNumbers",
			body(`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":42}`),
			[]patch.Operation{{Op: "replace", Path: ent + ":employeeNumber", Value: json.Number("42")}}},
		{"RemoveWithValue",
			body(`{"op":"Remove","path":"emails","value":[{"value":"x@example.com"}]}`),
			[]patch.Operation{{Op: "Remove", Path: "emails", Value: []any{map[string]any{"value": "x@example.com"}}}}},
		{"NullPathIsNoPath",
			body(`{"op":"replace","path":null,"value":{"active":true}}`),
			[]patch.Operation{{Op: "replace", Value: map[string]any{"active": true}}}},
		{"TrailingWhitespace",
			body(`{"op":"remove","path":"title"}`) + "\n\t ",
			[]patch.Operation{{Op: "remove", Path: "title"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := patch.Parse([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		typ  scim.ScimType
		want []string // substrings of the detail
	}{
		{"Empty", ``, scim.InvalidSyntax, []string{"empty"}},
		{"NotJSON", `{"Operations":[`, scim.InvalidSyntax, []string{"not valid JSON"}},
		{"TrailingData", body(`{"op":"remove","path":"title"}`) + `{}`, scim.InvalidSyntax, []string{"one JSON object"}},
		{"NotAnObject", `[{"op":"remove","path":"title"}]`, scim.InvalidSyntax, []string{"JSON object"}},
		{"NoOperations", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}`, scim.InvalidSyntax, []string{`no "Operations"`}},
		{"OperationsNotArray", `{"Operations":{"op":"remove","path":"title"}}`, scim.InvalidSyntax, []string{"must be an array"}},
		{"OperationsEmpty", `{"Operations":[]}`, scim.InvalidSyntax, []string{"at least one"}},
		{"OperationNotObject", body(`"remove"`), scim.InvalidSyntax, []string{"operation 1 must be a JSON object"}},
		{"OpMissing", body(`{"op":"remove","path":"title"}`, `{"path":"title","value":"x"}`), scim.InvalidSyntax, []string{"operation 2", `"op" must be`}},
		{"OpUnknown", body(`{"op":"move","path":"title","value":"x"}`), scim.InvalidSyntax, []string{`operation 1 ("move" "title")`, `got "move"`}},
		{"OpNotString", body(`{"op":true,"path":"title"}`), scim.InvalidSyntax, []string{"operation 1", "the boolean true"}},
		{"PathNotString", body(`{"op":"remove","path":["title"]}`), scim.InvalidSyntax, []string{`"path" must be a string`}},
		{"AddWithoutValue", body(`{"op":"add","path":"title"}`), scim.InvalidSyntax, []string{`operation 1 (add "title")`, `needs a "value"`}},
		{"ReplaceWithNullValue", body(`{"op":"Replace","path":"title","value":null}`), scim.InvalidSyntax, []string{`needs a "value"`}},
		{"TooManyOperations", body(strings.Repeat(`{"op":"remove","path":"title"},`, patch.MaxOperations) + `{"op":"remove","path":"title"}`),
			scim.InvalidValue, []string{fmt.Sprint(patch.MaxOperations), fmt.Sprint(patch.MaxOperations + 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops, err := patch.Parse([]byte(tt.body))
			if err == nil {
				t.Fatalf("no error; got %#v", ops)
			}
			assertError(t, err, tt.typ, tt.want...)
		})
	}
}

func TestParseAcceptsMaxOperations(t *testing.T) {
	ops, err := patch.Parse([]byte(body(strings.TrimSuffix(strings.Repeat(`{"op":"remove","path":"title"},`, patch.MaxOperations), ","))))
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != patch.MaxOperations {
		t.Fatalf("got %d operations, want %d", len(ops), patch.MaxOperations)
	}
}
