package httpapi

import (
	"bytes"
	"encoding/json"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/schema"
	"roster/internal/userdoc"
)

// encodeScalar writes what encoding/json writes, whatever the text.
func TestEncodeScalarAsEncodingJSON(t *testing.T) {
	for _, v := range []any{"", "plain text", `quote " and \ backslash`, "<b>R&D</b>", "tab\tnew\nline\x00",
		"Jürgen Östberg", "日本語", "\u2028\u2029", "bad \xff utf-8", "\x7f", true, false, nil, 42, 4.5, int64(-7)} {
		assertEncodesAsJSON(t, v)
	}
}

func FuzzEncodeScalar(f *testing.F) {
	for _, s := range []string{"", "a@example.com", "<&>", "\"\\", "\x00\x1f\x7f", "é", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { assertEncodesAsJSON(t, s) })
}

func assertEncodesAsJSON(t *testing.T, v any) {
	t.Helper()
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := encodeScalar(&buf, v); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("encodeScalar(%q) = %s; encoding/json writes %s", v, got, want)
	}
}

// A list written by its resources is byte for byte what encoding/json
// made of it through MarshalJSON.
func TestListBodyAsEncodingJSON(t *testing.T) {
	defs := []directory.AttributeDef{
		{ID: "a1", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{ID: "a2", Name: "Office", Type: directory.TypeOption},
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	var resources []any
	for i := range 20 {
		e := benchEmployee(i, defs)
		e.DisplayName = "<Ada & \"Co\">\t\u2028 Östberg"
		resources = append(resources, resource{rt.Project(userdoc.Render("https://roster.example/scim/v2", &e, defs), nil, nil), rt})
	}
	resp := newListResponse(5000, 1, resources)
	want, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	got, err := marshalBody(resp)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("list body differs from encoding/json's:\n got %s\nwant %s", got, want)
	}
	empty, _ := marshalBody(newListResponse(0, 1, nil))
	if string(empty) != `{"schemas":["`+ListResponseSchema+`"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}` {
		t.Errorf("empty list = %s", empty)
	}
}
