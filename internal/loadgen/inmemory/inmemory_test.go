package inmemory

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"roster/internal/loadgen"
)

const prefix = "/scim/v2"

// The load tool's every phase but bulk runs against the server with its
// answers checked (a sync's filter finds nothing before the create; a
// lookup by userName, externalId, emails.value or id finds exactly one):
// Entra's and Okta's traffic, which the library alone refuses in part.
func TestServesTheLoadToolsTraffic(t *testing.T) {
	srv := serve(t)
	phases := []string{"sync", "updates", "import", "jumps", "lookups", "singles"}
	results, err := loadgen.Run(t.Context(), loadgen.Config{BaseURL: srv.URL + prefix, Tokens: []string{"t"}, Workers: 4, Verify: true,
		Employees: 60, Updates: 40, Lookups: 80, PageSize: 7, Jumps: 5, BulkSize: 10, Phases: phases})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(phases) {
		t.Fatalf("%d results for %d phases", len(results), len(phases))
	}
}

// What the server adds to the library, each shown against the library
// alone serving the same request: without it, Entra's string booleans
// are refused and an emails.value lookup finds nothing.
func TestTheLibraryAloneRefuses(t *testing.T) {
	cases := []struct {
		name          string
		method, path  string
		body          string
		alone, served string // the status and, for a list, its totalResults
	}{
		{"Entra's string boolean", "PATCH", "/Users/1",
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"emails[type eq \"work\"].primary","value":"True"},{"op":"Replace","path":"active","value":"False"}]}`,
			"400", "200"},
		{"a path-less op's string boolean", "PATCH", "/Users/1",
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":"True"}}]}`,
			"400", "200"},
		{"emails.value eq", "GET", "/Users?filter=" + url.QueryEscape(`emails.value eq "ada@example.com"`), "", "200 0", "200 1"},
		{"emails.value eq, in an or", "GET", "/Users?filter=" + url.QueryEscape(`userName eq "x" or emails.value eq "ada@example.com"`), "", "200 0", "200 1"},
		{"emails.value eq, under a not", "GET", "/Users?filter=" + url.QueryEscape(`not (emails.value eq "ada@example.com")`), "", "200 1", "200 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lib, err := libraryServer(newUsers(), nil)
			if err != nil {
				t.Fatal(err)
			}
			served, err := New(prefix, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []struct {
				h    http.Handler
				want string
			}{{http.StripPrefix(prefix, lib), c.alone}, {served, c.served}} {
				srv := httptest.NewServer(s.h)
				send(t, srv, "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com","active":true,"emails":[{"value":"ada@example.com","type":"work","primary":false}]}`)
				if got := send(t, srv, c.method, c.path, c.body); got != s.want {
					t.Errorf("got %s, want %s", got, s.want)
				}
				srv.Close()
			}
		})
	}
}

// serve starts the server, closed when the test ends.
func serve(t *testing.T) *httptest.Server {
	t.Helper()
	h, err := New(prefix, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// send sends a request and returns its status, and for a list its
// totalResults.
func send(t *testing.T, srv *httptest.Server, method, path, body string) string {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+prefix+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	got := resp.Status[:3]
	if method == "GET" {
		i := strings.Index(string(b), `"totalResults":`)
		if i < 0 {
			t.Fatalf("no totalResults: %s", b)
		}
		rest := string(b[i+len(`"totalResults":`):])
		got += " " + rest[:strings.IndexAny(rest, ",}")]
	}
	return got
}

// Lookups follow the values as they change: a PATCH of the email, a PUT
// of the userName (refused when another user has it), a delete.
func TestLookupsFollowChanges(t *testing.T) {
	srv := serve(t)
	find := func(filter string) string {
		return send(t, srv, "GET", "/Users?filter="+url.QueryEscape(filter), "")
	}
	const user = `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":%q,"externalId":"e1","emails":[{"value":%q,"type":"work"}]}`
	send(t, srv, "POST", "/Users", fmt.Sprintf(user, "ada@example.com", "ada@example.com"))
	send(t, srv, "POST", "/Users", fmt.Sprintf(user, "bob@example.com", "bob@example.com"))
	steps := []struct{ method, path, body, filter, want string }{
		{"", "", "", `userName eq "ADA@example.com"`, "200 1"},
		{"PATCH", "/Users/1", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"emails[type eq \"work\"].value","value":"lovelace@example.com"}]}`,
			`emails.value eq "ada@example.com"`, "200 0"},
		{"", "", "", `emails.value eq "Lovelace@example.com"`, "200 1"},
		{"PUT", "/Users/1", fmt.Sprintf(user, "bob@example.com", "x@example.com"), `userName eq "ada@example.com"`, "200 1"}, // refused: Bob's
		{"PUT", "/Users/1", fmt.Sprintf(user, "ada.l@example.com", "x@example.com"), `userName eq "ada@example.com"`, "200 0"},
		{"", "", "", `userName eq "ada.l@example.com"`, "200 1"},
		{"", "", "", `externalId eq "e1"`, "200 2"},
		{"DELETE", "/Users/2", "", `externalId eq "e1"`, "200 1"},
		{"", "", "", `id eq "1"`, "200 1"},
	}
	for _, s := range steps {
		if s.method != "" {
			send(t, srv, s.method, s.path, s.body)
		}
		if got := find(s.filter); got != s.want {
			t.Errorf("after %s %s: %s → %s, want %s", s.method, s.path, s.filter, got, s.want)
		}
	}
}
