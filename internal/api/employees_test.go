package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"roster/internal/directory"
)

// Paging through 250 employees with limit 100 and the cursors returns
// each exactly once, in creation order, in pages of 100, 100 and 50; an
// employee deleted and one created between pages shift nothing.
func TestPagingWithCursors(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		var want []string
		for i := range 250 {
			want = append(want, e.newEmployee(e.company.ID, fmt.Sprintf("user%03d", i)).ID)
		}
		base := "/api/v1/companies/" + e.company.ID + "/employees?limit=100"
		seen := map[string]int{}
		var got, sizes []string
		path := base
		for page := 0; ; page++ {
			r := e.get(bearer(e.key), path)
			if r.status != http.StatusOK {
				t.Fatalf("page %d: %d %s", page, r.status, r.raw)
			}
			p := ids(r)
			sizes = append(sizes, fmt.Sprint(len(p)))
			for _, id := range p {
				seen[id]++
			}
			got = append(got, p...)
			if page == 0 {
				// Deleting an employee of the page already read must not
				// make the next page skip one.
				if err := e.store.DeleteEmployee(t.Context(), e.company.ID, want[10], directory.Actor{}, nil); err != nil {
					t.Fatal(err)
				}
			}
			next, _ := r.body["nextCursor"].(string)
			if next == "" {
				break
			}
			if page > 5 {
				t.Fatal("no end of pages")
			}
			path = base + "&cursor=" + url.QueryEscape(next)
		}
		if fmt.Sprint(sizes) != "[100 100 50]" {
			t.Errorf("page sizes = %v; want [100 100 50]", sizes)
		}
		for _, id := range want {
			if seen[id] != 1 {
				t.Errorf("employee %s seen %d times; want once", id, seen[id])
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("order differs from creation order")
		}
	})
}

// status and changed_since keep the employees they name; they combine.
func TestFilters(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		a := e.newEmployee(e.company.ID, "a")
		b := e.newEmployee(e.company.ID, "b")
		c := e.newEmployee(e.company.ID, "c")
		e.setActive(e.company.ID, a.ID, false, directory.Actor{})
		time.Sleep(5 * time.Millisecond)
		since := time.Now()
		time.Sleep(5 * time.Millisecond)
		e.setActive(e.company.ID, b.ID, false, directory.Actor{})
		base := "/api/v1/companies/" + e.company.ID + "/employees"
		for q, want := range map[string]string{
			"":                    fmt.Sprint([]string{a.ID, b.ID, c.ID}),
			"?status=active":      fmt.Sprint([]string{c.ID}),
			"?status=deactivated": fmt.Sprint([]string{a.ID, b.ID}),
			"?changed_since=" + url.QueryEscape(since.Format(time.RFC3339Nano)):                                fmt.Sprint([]string{b.ID}),
			"?status=active&changed_since=" + url.QueryEscape(since.Format(time.RFC3339Nano)):                  "[]",
			"?status=deactivated&changed_since=" + url.QueryEscape(since.Add(-time.Hour).Format(time.RFC3339)): fmt.Sprint([]string{a.ID, b.ID}),
		} {
			r := e.get(bearer(e.key), base+q)
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d %s", q, r.status, r.raw)
			}
			if got := fmt.Sprint(ids(r)); got != want {
				t.Errorf("%s: ids = %s; want %s", q, got, want)
			}
		}
	})
}

// Bad parameters are 400 problems naming what is wrong.
func TestBadParameters(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		gone := e.newEmployee(e.company.ID, "gone")
		if err := e.store.DeleteEmployee(t.Context(), e.company.ID, gone.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		base := "/api/v1/companies/" + e.company.ID + "/employees?"
		for _, q := range []string{"limit=0", "limit=1001", "limit=ten", "status=on", "changed_since=yesterday",
			"cursor=%%%", "cursor=bm90LWEtY3Vyc29y", "cursor=" + cursorOf(gone.ID),
			// Given twice: which one was meant cannot be told.
			"limit=5&limit=10", "status=active&status=deactivated"} {
			wantProblem(t, e.get(bearer(e.key), base+q), http.StatusBadRequest)
		}
		if r := e.get(bearer(e.key), base+"limit=1000"); r.status != http.StatusOK {
			t.Errorf("limit=1000: %d", r.status)
		}
	})
}

// cursorOf is the cursor after the employee (the form the API returns,
// as a client holding an old cursor would send it).
func cursorOf(id string) string {
	return url.QueryEscape(base64URL("e1." + id))
}

// The single employee carries the product shape and its status history,
// oldest first, with who made each change.
func TestEmployeeWithHistory(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		dept := directory.AttributeDef{ID: directory.NewID(), CompanyID: e.company.ID, Name: "Level", Type: directory.TypeNumber}
		if err := e.store.CreateAttribute(t.Context(), &dept); err != nil {
			t.Fatal(err)
		}
		boss := e.newEmployee(e.company.ID, "boss")
		ada := e.newEmployee(e.company.ID, "ada", func(emp *directory.Employee) {
			emp.Name = directory.Name{GivenName: "Ada", FamilyName: "Lovelace"}
			emp.Emails = []directory.Email{{Value: "ada@example.com", Primary: true}}
			emp.Department = "Engineering"
			emp.Locale = "en-GB"
			emp.PreferredLanguage = "da-DK"
			emp.Addresses = []directory.Address{{Type: "work", Locality: "Copenhagen", Country: "DK"}}
			emp.Manager = directory.Reference{Value: boss.ID}
			emp.Attributes = map[string]directory.AttributeValue{dept.ID: {Number: 3}}
		})
		conns, err := e.store.Connections(t.Context(), e.company.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.setActive(e.company.ID, ada.ID, false, directory.Actor{ConnectionID: conns[0].ID})
		e.setActive(e.company.ID, ada.ID, true, directory.Actor{})
		r := e.get(bearer(e.key), "/api/v1/companies/"+e.company.ID+"/employees/"+ada.ID)
		if r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		b := r.body
		name := b["name"].(map[string]any)
		if b["id"] != ada.ID || b["userName"] != "ada" || b["email"] != "ada@example.com" || b["active"] != true ||
			b["department"] != "Engineering" || b["managerId"] != boss.ID || name["givenName"] != "Ada" ||
			name["displayName"] != "Ada Lovelace" || b["attributes"].(map[string]any)["Level"] != float64(3) {
			t.Errorf("employee = %s", r.raw)
		}
		if loc, _ := b["location"].(map[string]any); b["surveyLanguage"] != "da-DK" || loc["city"] != "Copenhagen" || loc["country"] != "DK" {
			t.Errorf("surveyLanguage %v, location %v; want da-DK in Copenhagen, DK", b["surveyLanguage"], b["location"])
		}
		for _, f := range []string{"statusChanged", "created", "lastModified"} {
			if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(b[f])); err != nil {
				t.Errorf("%s = %v; want an RFC 3339 time", f, b[f])
			}
		}
		h, _ := b["statusHistory"].([]any)
		var got []string
		for _, x := range h {
			m := x.(map[string]any)
			got = append(got, fmt.Sprint(m["active"], "/", m["connectionId"]))
		}
		want := []string{"true/<nil>", "false/" + conns[0].ID, "true/<nil>"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("statusHistory = %v; want %v", got, want)
		}
		// The listing shows the same shape (without the history).
		list := e.get(bearer(e.key), "/api/v1/companies/"+e.company.ID+"/employees?limit=1&cursor="+cursorOf(boss.ID))
		emps, _ := list.body["employees"].([]any)
		if len(emps) != 1 || emps[0].(map[string]any)["managerId"] != boss.ID {
			t.Errorf("listing = %s", list.raw)
		}
	})
}
