package patch_test

import (
	"reflect"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/patch"
)

// fuzzDocs are the documents FuzzApply patches, chosen by its second
// argument.
var fuzzDocs = []func() map[string]any{
	baseDoc,
	noEmails,
	func() map[string]any { return map[string]any{"userName": "u"} },
}

// FuzzApply checks, for any request body, that Parse and Apply never panic
// and either fail with a 400 *scim.Error that has a scimType and a detail,
// or return a canonical document: one that the resource type's Normalize
// gives back unchanged (so every key is a canonical attribute name and
// every value has its attribute's type), without nulls or empty values, and
// without touching the input document.
func FuzzApply(f *testing.F) {
	for _, cases := range [][]applyCase{noPathCases, pathCases, removeCases, multiValuedCases} {
		for _, c := range cases {
			f.Add([]byte(c.body), uint8(0))
			f.Add([]byte(c.body), uint8(1))
		}
	}
	for _, cases := range [][]errorCase{parseErrorCases, applyErrorCases} {
		for _, c := range cases {
			if len(c.body) < 4096 { // not the MaxOperations+1 body
				f.Add([]byte(c.body), uint8(0))
			}
		}
	}
	for _, c := range parseCases {
		f.Add([]byte(c.body), uint8(2))
	}
	// Company extension paths of every attribute type, by name and alias.
	for _, body := range []string{
		`{"Operations":[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since","value":"2019-05-01T00:00:00Z"}]}`,
		`{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Office","value":"london"}]}`,
		`{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:SalaryBand","value":"7"}]}`,
		`{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Salary band","value":7.5}]}`,
		`{"Operations":[{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Mentor":"bo@x"}}]}`,
		`{"Operations":[{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:peakon:2.0:User":{"Office":"Paris","department":"Sales"}}}]}`,
		`{"Operations":[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:pendingReferences"}]}`,
		`{"Operations":[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:CostCenter","value":"1"}]}`,
		`{"Operations":[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User"}]}`,
		// null unassigns; no "value" is malformed; paths of no schema and
		// wrongly typed values are refused.
		`{"Operations":[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Office","value":null}]}`,
		`{"Operations":[{"op":"replace","path":"emails[type eq \"work\"].value","value":null},{"op":"add","path":"title"}]}`,
		`{"Operations":[{"op":"replace","value":null}]}`,
		`{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager","value":"m"}]}`,
		`{"Operations":[{"op":"replace","path":"password","value":"p"},{"op":"replace","path":"urn:foo:bar:x","value":1}]}`,
		`{"Operations":[{"op":"replace","path":"userName","value":12345},{"op":"replace","path":"title","value":["a"]}]}`,
		`{"Operations":[{"op":"replace","value":{"name":"Ada","emails":"a@x"}}]}`,
		// The whole User in Entra's dialect.
		`{"Operations":[{"op":"Add","path":"addresses[type eq \"work\"].locality","value":"Aarhus"},{"op":"Replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"+45 1"}]}`,
		`{"Operations":[{"op":"Replace","value":{"preferredLanguage":"da-DK","name.middleName":"M","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter":"7"}}]}`,
		`{"Operations":[{"op":"Add","path":"roles","value":[{"value":"a","primary":"True"},{"value":"b","primary":true}]},{"op":"Remove","path":"addresses[type eq \"home\"]"}]}`,
		`{"Operations":[{"op":"Replace","path":"groups","value":[{"value":"g"}]}]}`,
	} {
		f.Add([]byte(body), uint8(0))
	}
	rt := userType()
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		newDoc := fuzzDocs[int(which)%len(fuzzDocs)]
		doc := newDoc()
		ops, err := patch.Parse(b)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		got, err := patch.Apply(rt, doc, ops)
		if !reflect.DeepEqual(doc, newDoc()) {
			t.Fatalf("Apply modified its input: %s", show(doc))
		}
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if path, ok := findEmpty(got, ""); ok {
			t.Fatalf("result holds an empty or null value at %s: %s", path, show(got))
		}
		norm, ignored, err := rt.Normalize(got)
		if err != nil {
			t.Fatalf("Normalize refuses the result %s: %v", show(got), err)
		}
		if len(ignored) > 0 {
			t.Fatalf("result has non-canonical keys %q: %s", ignored, show(got))
		}
		if !reflect.DeepEqual(norm, got) {
			t.Fatalf("result is not canonical\n got: %s\nnorm: %s", show(got), show(norm))
		}
	})
}

func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	e, ok := scim.AsError(err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *scim.Error", err, err)
	}
	if e.Status != 400 || e.ScimType == "" || e.Detail == "" {
		t.Fatalf("error %#v: want status 400, a scimType and a detail", e)
	}
}

// findEmpty returns the path of a nil, empty object or empty list in v.
func findEmpty(v any, path string) (string, bool) {
	switch x := v.(type) {
	case nil:
		return path, true
	case map[string]any:
		if len(x) == 0 && path != "" {
			return path, true
		}
		for k, e := range x {
			if p, ok := findEmpty(e, path+"/"+k); ok {
				return p, true
			}
		}
	case []any:
		if len(x) == 0 {
			return path, true
		}
		for _, e := range x {
			if p, ok := findEmpty(e, path+"/[]"); ok {
				return p, true
			}
		}
	}
	return "", false
}
