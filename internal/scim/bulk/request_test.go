package bulk

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// unmarshal is what Parse must agree with.
func unmarshal(body []byte) (Request, error) {
	var req Request
	err := json.Unmarshal(body, &req)
	return req, err
}

// checkAgrees fails t unless Parse reads body exactly as json.Unmarshal
// does: the same Request, or the same error.
func checkAgrees(t *testing.T, body []byte) {
	t.Helper()
	want, wantErr := unmarshal(body)
	wantErr = wrongType(wantErr) // told in the request's terms
	got, err := Parse(body)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("Parse(%q): error %v, encoding/json's %v", body, err, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(%q) = %#v, encoding/json read %#v", body, got, want)
	}
	if req, ok := readEnvelope(body); ok {
		if wantErr != nil {
			t.Fatalf("the one pass took %q, which encoding/json refuses: %v", body, wantErr)
		}
		if !reflect.DeepEqual(req, want) {
			t.Fatalf("the one pass read %q as %#v, encoding/json as %#v", body, req, want)
		}
	}
}

// What Entra, Okta and the load tool send, and what they might: read in
// one pass (onePass) or left to encoding/json, always as it reads them.
var parseCases = []struct {
	name    string
	body    string
	onePass bool
}{
	{"Entra/Creates", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[` +
		`{"method":"POST","path":"/Users","bulkId":"1","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@example.com","active":true}},` +
		`{"method":"POST","path":"/Users","bulkId":"2","data":{"userName":"b@example.com","emails":[{"value":"b@example.com","primary":true}]}}]}`, true},
	{"Spaced", " \n{ \"failOnErrors\" : 2 ,\t\"Operations\" : [ { \"method\" : \"DELETE\" , \"path\" : \"/Users/x\" } ] }\r\n", true},
	{"FieldsInAnyCase", `{"OPERATIONS":[{"Method":"PATCH","PATH":"/Users/x","BulkID":"b","VERSION":"W/\"3\"","Data":{}}],"Schemas":[],"FAILONERRORS":null}`, false},
	{"FieldsInAnyCasePlain", `{"OPERATIONS":[{"Method":"PATCH","PATH":"/Users/x","BulkID":"b","VERSION":"3","Data":{}}],"Schemas":[],"FAILONERRORS":null}`, true},
	{"UnknownFieldsIgnored", `{"extra":{"a":[1,2.5e-3,-0,true,false,null,"\u00e9"]},"Operations":[{"method":"POST","other":[[]],"data":"x"}]}`, true},
	{"DataOfAnyKind", `{"Operations":[{"data":null},{"data":1},{"data":"s"},{"data":[1,{}]},{"data":true}]}`, true},
	{"NullOperation", `{"Operations":[null,{"method":"DELETE"}]}`, true},
	{"NullFields", `{"schemas":null,"failOnErrors":null,"Operations":[{"method":null,"bulkId":null,"data":null}]}`, true},
	{"EmptyOperations", `{"Operations":[]}`, true},
	{"NullOperations", `{"Operations":null}`, true},
	{"Null", `null`, true},
	{"EmptyObject", `{}`, true},
	{"EscapedValue", `{"Operations":[{"method":"P\u004fST","bulkId":"caf\u00e9"}]}`, false},
	{"NonASCIIValue", `{"Operations":[{"bulkId":"café"}]}`, false},
	{"EscapedKey", `{"Operations":[{"\u006dethod":"POST"}]}`, false},
	{"KeyFoldedByUnicode", `{"Operations":[{"ſtatus":"x","bulkId":"b"}],"ſchemas":["x"]}`, false},
	{"FieldTwice", `{"Operations":[{"method":"POST","method":"PUT"}]}`, false},
	{"ListTwice", `{"schemas":["a","b"],"schemas":[null]}`, false},
	{"OperationsTwice", `{"Operations":[{"method":"POST"},{}],"operations":[null]}`, false},
	{"WrongTypeMethod", `{"Operations":[{"method":5}]}`, false},
	{"WrongTypeOperations", `{"Operations":{"method":"POST"}}`, false},
	{"WrongTypeOperation", `{"Operations":[1]}`, false},
	{"WrongTypeFailOnErrors", `{"failOnErrors":"1","Operations":[]}`, false},
	{"FractionalFailOnErrors", `{"failOnErrors":1.5}`, false},
	{"HugeFailOnErrors", `{"failOnErrors":99999999999999999999}`, false},
	{"WrongTypeSchemas", `{"schemas":"urn:x"}`, false},
	{"NotAnObject", `[{"Operations":[]}]`, false},
	{"Empty", ``, false},
	{"Truncated", `{"Operations":[{"method":"POST","data":{"userName":"a"`, false},
	{"TrailingData", `{"Operations":[]} {}`, false},
	{"TrailingComma", `{"Operations":[{"method":"POST"},]}`, false},
	{"BadEscapeInData", `{"Operations":[{"data":{"userName":"a\x"}}]}`, false},
	{"ControlInString", "{\"Operations\":[{\"data\":\"a\tb\"}]}", false},
	{"BadNumberInData", `{"Operations":[{"data":{"n":01}}]}`, false},
	{"BadLiteralInData", `{"Operations":[{"data":{"n":nul}}]}`, false},
	{"ByteOrderMark", "\ufeff{}", false},
	{"InvalidUTF8InData", "{\"Operations\":[{\"data\":\"\xff\"}]}", true},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			checkAgrees(t, []byte(tc.body))
			// The requests clients send are read in one pass: the
			// speed Parse is for.
			if _, ok := readEnvelope([]byte(tc.body)); ok != tc.onePass {
				t.Errorf("read in one pass: %v, want %v", ok, tc.onePass)
			}
		})
	}
}

// Data is the body's own bytes of each operation's data, not a copy.
func TestParseDataInBody(t *testing.T) {
	body := []byte(`{"Operations":[{"method":"POST","data":{"userName":"a"}}]}`)
	req, err := Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	data := req.Operations[0].Data
	if string(data) != `{"userName":"a"}` {
		t.Fatalf("data %q", data)
	}
	if &data[0] != &body[strings.Index(string(body), `{"userName"`)] {
		t.Error("the data is a copy")
	}
}

// Nesting to encoding/json's limit, and past it.
func TestParseDepth(t *testing.T) {
	for _, depth := range []int{maxDepth - 3, maxDepth - 2, maxDepth - 1, maxDepth} {
		// The body's object, Operations, the operation: data nests
		// within three levels.
		data := strings.Repeat("[", depth) + strings.Repeat("]", depth)
		body := []byte(`{"Operations":[{"data":` + data + `}]}`)
		checkAgrees(t, body)
		_, onePass := readEnvelope(body)
		if want := depth+3 <= maxDepth; onePass != want {
			t.Errorf("depth %d: read in one pass %v, want %v", depth+3, onePass, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.body))
	}
	f.Add(bodyOf(3))
	f.Fuzz(func(t *testing.T, body []byte) {
		checkAgrees(t, body)
	})
}

// bodyOf is a BulkRequest of n creates as the load tool sends them.
func bodyOf(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"bulkId":"%d","data":{"active":true,"displayName":"Employee %d",`+
			`"emails":[{"primary":true,"type":"work","value":"run.%d@example.com"}],"externalId":"run-%d",`+
			`"name":{"familyName":"%d","formatted":"Employee %d","givenName":"Employee"},"roles":[],`+
			`"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],`+
			`"title":"Engineer","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Dept %d","employeeNumber":"%d"},`+
			`"userName":"run.%d@example.com"},"method":"POST","path":"/Users"}`, i, i, i, i, i, i, i%20, i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// A value of the wrong type is told as the client wrote the request.
func TestParseWrongType(t *testing.T) {
	for body, want := range map[string]string{
		`{"Operations":[{"method":5}]}`:        `"Operations[].method" must be a string, not a number`,
		`{"Operations":{"method":"POST"}}`:     `"Operations" must be an array, not an object`,
		`{"Operations":[1]}`:                   `"Operations" must be an object, not a number`,
		`{"failOnErrors":"1","Operations":[]}`: `"failOnErrors" must be an integer, not a string`,
		`{"failOnErrors":1.5}`:                 `"failOnErrors" must be an integer, not a number 1.5`,
		`{"schemas":"urn:x"}`:                  `"schemas" must be an array, not a string`,
		`[{"Operations":[]}]`:                  `the request must be an object, not an array`,
		`{"Operations":[{"bulkId":true}]}`:     `"Operations[].bulkId" must be a string, not a bool`,
	} {
		if _, err := Parse([]byte(body)); fmt.Sprint(err) != want {
			t.Errorf("Parse(%s): %v; want %s", body, err, want)
		}
	}
}

// BenchmarkParse reads a Bulk request of 1,000 creates as the load tool
// sends it: Parse against encoding/json.
func BenchmarkParse(b *testing.B) {
	body := bodyOf(1000)
	for _, bc := range []struct {
		name  string
		parse func([]byte) (Request, error)
	}{{"Parse", Parse}, {"Unmarshal", unmarshal}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.parse(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
