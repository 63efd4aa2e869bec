package httpapi

import (
	"bytes"
	"encoding/json"
	"runtime"
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
// made of it through MarshalJSON, written in one part or in several side
// by side (lists of resourcesPerPart and more; GOMAXPROCS is raised so
// that a machine of one core writes in parts too).
func TestListBodyAsEncodingJSON(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	defs := []directory.AttributeDef{
		{ID: "a1", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{ID: "a2", Name: "Office", Type: directory.TypeOption},
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	view := userView{base: "https://roster.example/scim/v2", defs: defs, rt: rt, excluded: []string{"title"}}
	for _, n := range []int{1, 20, resourcesPerPart*2 - 1, resourcesPerPart * 2, resourcesPerPart*4 + 3, 1000} {
		var resources []any
		for i := range n {
			e := benchEmployee(i, defs)
			e.DisplayName = "<Ada & \"Co\">\t\u2028 Östberg"
			if i%2 == 0 {
				resources = append(resources, resource{rt.Project(userdoc.Render(view.base, &e, defs), nil, nil), rt})
			} else {
				resources = append(resources, renderedLater{&e, &view})
			}
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
			t.Errorf("a list of %d: body differs from encoding/json's:\n got %s\nwant %s", n, got, want)
		}
	}
	empty, _ := marshalBody(newListResponse(0, 1, nil))
	if string(empty) != `{"schemas":["`+ListResponseSchema+`"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}` {
		t.Errorf("empty list = %s", empty)
	}
}

// partsAt are places in a list of 400 (written in parts on 4 cores):
// the first, one in the middle of a part, the last.
var partsAt = []int{0, 150, 399}

// listOf400 is a list of 400 resources, all "x" but odd at at.
func listOf400(at int, odd any) listResponse {
	resources := make([]any, 400)
	for i := range resources {
		resources[i] = "x"
	}
	resources[at] = odd
	return newListResponse(400, 1, resources)
}

// A resource that fails to write fails the list, whichever part holds it.
func TestListBodyFailsWithAPart(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, at := range partsAt {
		// encoding/json cannot write a func.
		if _, err := marshalBody(listOf400(at, func() {})); err == nil {
			t.Errorf("a list failing at %d was written", at)
		}
	}
}

// panicking is a resource whose writing panics.
type panicking struct{}

func (panicking) appendJSON(*bytes.Buffer) error { panic("rendering failed") }

// A resource that panics while a list is written in parts panics in the
// goroutine writing the list (where the server recovers it), whichever
// part holds it, not in a part's own goroutine (which would end the
// process).
func TestListBodyPanicsInItsGoroutine(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, at := range partsAt {
		func() {
			defer func() {
				if p := recover(); p != "rendering failed" {
					t.Errorf("a list panicking at %d: recovered %v", at, p)
				}
			}()
			marshalBody(listOf400(at, panicking{}))
		}()
	}
}
