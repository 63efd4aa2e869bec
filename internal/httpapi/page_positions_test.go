package httpapi_test

import (
	"fmt"
	"testing"

	"roster/internal/httpapi"
)

// Okta's import pages by startIndex. The next page of a listing starts
// after the last employee of the previous one, so a deletion on an
// earlier page between two requests does not make the import skip an
// employee (with OFFSET it would: everyone moves up one place).
func TestSequentialPagesSeekFromPreviousPage(t *testing.T) {
	e := newEnv(t)
	ids := map[string]string{}
	for i := 1; i <= 7; i++ {
		name := fmt.Sprintf("u%d@example.com", i)
		r := e.do("POST", "/scim/v2/Users", map[string]any{"userName": name})
		ids[name] = r.body["id"].(string)
	}
	page := func(query string) (names []string, total any) {
		t.Helper()
		r := e.do("GET", "/scim/v2/Users?"+query, nil)
		for _, res := range r.body["Resources"].([]any) {
			names = append(names, res.(map[string]any)["userName"].(string))
		}
		return names, r.body["totalResults"]
	}
	first, _ := page("startIndex=1&count=3")
	if fmt.Sprint(first) != "[u1@example.com u2@example.com u3@example.com]" {
		t.Fatalf("page 1 = %v", first)
	}
	if r := e.do("DELETE", "/scim/v2/Users/"+ids["u1@example.com"], nil); r.status != 204 {
		t.Fatalf("delete: %d", r.status)
	}
	second, total := page("startIndex=4&count=3")
	if fmt.Sprint(second) != "[u4@example.com u5@example.com u6@example.com]" {
		t.Errorf("page 2 after a deletion on page 1 = %v, want u4…u6 (none skipped)", second)
	}
	if total != float64(6) {
		t.Errorf("totalResults = %v, want 6", total)
	}
	third, _ := page("startIndex=7&count=3")
	if fmt.Sprint(third) != "[u7@example.com]" {
		t.Errorf("page 3 = %v", third)
	}
	// A listing with another filter has positions of its own: its
	// startIndex=4 is an offset.
	other, _ := page("startIndex=4&count=3&filter=" + "active%20eq%20true")
	if fmt.Sprint(other) != "[u5@example.com u6@example.com u7@example.com]" {
		t.Errorf("filtered page = %v", other)
	}
}

// Only a full page (which may have more after it) is remembered. Lookups (Entra sends a
// userName eq filter before every write) return everything they match
// on their first page; were their positions kept, a sync would fill the
// table and evict the positions of imports in progress, whose next page
// would then fall back to an OFFSET.
func TestLookupsRememberNoPagePosition(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 3; i++ {
		e.do("POST", "/scim/v2/Users", map[string]any{"userName": fmt.Sprintf("u%d@example.com", i)})
	}
	for _, query := range []string{
		"filter=userName%20eq%20%22u2@example.com%22",
		"filter=userName%20eq%20%22nobody@example.com%22",
		"startIndex=2&count=5",
	} {
		if r := e.do("GET", "/scim/v2/Users?"+query, nil); r.status != 200 {
			t.Fatalf("GET %s: %d", query, r.status)
		}
		if n := httpapi.PagePositionsHeld(e.api); n != 0 {
			t.Fatalf("after GET ?%s, the server remembers %d page positions, want 0 (the page was not full)", query, n)
		}
	}
	e.do("GET", "/scim/v2/Users?startIndex=1&count=2", nil)
	if n := httpapi.PagePositionsHeld(e.api); n != 1 {
		t.Errorf("after a full page, %d page positions, want 1", n)
	}
}
