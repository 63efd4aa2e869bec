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
	for _, tt := range parseCases {
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

var parseCases = []parseCase{
	{"Okta/Deactivate",
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`,
		[]patch.Operation{{Op: "replace", Value: map[string]any{"active": false}}}},
	{"Entra/CapitalisedOp",
		body(`{"op":"Replace","path":"active","value":"False"}`),
		[]patch.Operation{{Op: "Replace", Path: "active", Value: "False"}}},
	{"OpInAnyCase",
		body(`{"op":"ADD","path":"title","value":"CEO"}`, `{"op":"rEmOvE","path":"title"}`),
		[]patch.Operation{{Op: "ADD", Path: "title", Value: "CEO"}, {Op: "rEmOvE", Path: "title", NoValue: true}}},
	{"LowerCaseOperationsKey",
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"operations":[{"op":"remove","path":"title"}]}`,
		[]patch.Operation{{Op: "remove", Path: "title", NoValue: true}}},
	{"SchemasMissing",
		`{"Operations":[{"op":"remove","path":"title"}]}`,
		[]patch.Operation{{Op: "remove", Path: "title", NoValue: true}}},
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
		[]patch.Operation{{Op: "remove", Path: "title", NoValue: true}}},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			ops, err := patch.Parse([]byte(tt.body))
			if err == nil {
				t.Fatalf("no error; got %#v", ops)
			}
			assertError(t, err, tt.typ, tt.want...)
		})
	}
}

var parseErrorCases = []errorCase{
	{"Empty", nil, ``, scim.InvalidSyntax, []string{"empty"}},
	{"NotJSON", nil, `{"Operations":[`, scim.InvalidSyntax, []string{"not valid JSON"}},
	{"TrailingData", nil, body(`{"op":"remove","path":"title"}`) + `{}`, scim.InvalidSyntax, []string{"one JSON object"}},
	{"NotAnObject", nil, `[{"op":"remove","path":"title"}]`, scim.InvalidSyntax, []string{"JSON object"}},
	{"NoOperations", nil, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}`, scim.InvalidSyntax, []string{`no "Operations"`}},
	{"OperationsNotArray", nil, `{"Operations":{"op":"remove","path":"title"}}`, scim.InvalidSyntax, []string{"must be an array"}},
	{"OperationsEmpty", nil, `{"Operations":[]}`, scim.InvalidSyntax, []string{"at least one"}},
	{"OperationNotObject", nil, body(`"remove"`), scim.InvalidSyntax, []string{"operation 1 must be a JSON object"}},
	{"OpMissing", nil, body(`{"op":"remove","path":"title"}`, `{"path":"title","value":"x"}`), scim.InvalidSyntax, []string{"operation 2", `"op" must be`}},
	{"OpUnknown", nil, body(`{"op":"move","path":"title","value":"x"}`), scim.InvalidSyntax, []string{`operation 1 ("move" "title")`, `got "move"`}},
	{"OpNotString", nil, body(`{"op":true,"path":"title"}`), scim.InvalidSyntax, []string{"operation 1", "the boolean true"}},
	{"PathNotString", nil, body(`{"op":"remove","path":["title"]}`), scim.InvalidSyntax, []string{`"path" must be a string`}},
	{"AddWithoutValue", nil, body(`{"op":"add","path":"title"}`), scim.InvalidSyntax, []string{`operation 1 (add "title")`, `needs a "value"`}},
	{"NullValueWithoutPath", nil, body(`{"op":"Replace","value":null}`), scim.InvalidSyntax, []string{`needs a "path"`}},
	{"TooManyOperations", nil, body(strings.Repeat(`{"op":"remove","path":"title"},`, patch.MaxOperations) + `{"op":"remove","path":"title"}`),
		scim.InvalidValue, []string{fmt.Sprint(patch.MaxOperations), fmt.Sprint(patch.MaxOperations + 1)}},
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

type parseCase struct {
	name string
	body string
	want []patch.Operation
}
