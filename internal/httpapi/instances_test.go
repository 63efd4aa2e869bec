package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/httpapi"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
)

// Two roster instances on one PostgreSQL database, each with its own
// store (connection pool), and an administrator's change made through a
// third, as the CLI in another process would: a revoked token, a paused
// company and a new or renamed attribute are seen by each instance's very
// next request, however warm its caches are.
func TestChangesSeenAtOnceByEveryInstance(t *testing.T) {
	st, company, instances := twoInstances(t)
	ctx := context.Background()
	for i, e := range instances {
		r := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "warm" + itoa(i) + "@example.com"})
		if r.status != 201 {
			t.Fatalf("instance %d: %d %s", i, r.status, r.raw)
		}
	}

	// A new attribute, then a rename: every instance takes the new name
	// and still the old one, at once.
	def := directory.AttributeDef{ID: directory.NewID(), CompanyID: company.ID, Name: "Location", Type: directory.TypeOption, Options: []string{"Paris"}}
	if err := st.CreateAttribute(ctx, &def); err != nil {
		t.Fatal(err)
	}
	const ext = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"
	for i, e := range instances {
		r := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "loc" + itoa(i) + "@example.com", ext: map[string]any{"Location": "Paris"}})
		if r.status != 201 || r.body[ext] == nil {
			t.Errorf("instance %d after the attribute was created: %d %s", i, r.status, r.raw)
		}
	}
	if _, err := st.EditAttribute(ctx, company.ID, def.ID, directory.AttributeEdit{Rename: "Site"}); err != nil {
		t.Fatal(err)
	}
	for i, e := range instances {
		r := e.do("GET", "/scim/v2/Users?filter="+url.QueryEscape(`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Location eq "Paris"`), nil)
		if r.status != 200 || r.body["totalResults"] != float64(2) {
			t.Errorf("instance %d, filter by the old name: %d %s", i, r.status, r.raw)
		}
		list := r.body["Resources"].([]any)
		if len(list) == 0 || list[0].(map[string]any)[ext].(map[string]any)["Site"] != "Paris" {
			t.Errorf("instance %d does not answer with the new name: %s", i, r.raw)
		}
	}

	// A pause, then its end, then a revocation.
	if err := st.SetProvisioningDisabled(ctx, company.ID, true); err != nil {
		t.Fatal(err)
	}
	for i, e := range instances {
		if r := e.do("GET", "/scim/v2/Users", nil); r.status != 503 {
			t.Errorf("instance %d after the pause: %d", i, r.status)
		}
	}
	if err := st.SetProvisioningDisabled(ctx, company.ID, false); err != nil {
		t.Fatal(err)
	}
	conns, err := st.Connections(ctx, company.ID)
	if err != nil || len(conns) != 1 {
		t.Fatal(conns, err)
	}
	if err := st.RevokeConnection(ctx, conns[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	for i, e := range instances {
		if r := e.do("GET", "/scim/v2/Users", nil); r.status != 401 {
			t.Errorf("instance %d after the revocation: %d", i, r.status)
		}
	}
}

// twoInstances starts two roster instances on one PostgreSQL database,
// each with its own store (connection pool), for a company of its own. st
// is a third store on the database: the CLI in another process.
func twoInstances(t *testing.T) (st *postgres.Store, company directory.Company, instances []*env) {
	st, dsn := pgtest.Open(t)
	t.Cleanup(func() { st.Close() })
	admin := &env{t: t, store: st}
	company, token := admin.newCompany("Acme")
	for range 2 {
		s, err := postgres.Open(context.Background(), dsn, postgres.Options{MaxConns: 4, Timeouts: pgtest.ContractTimeouts})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		api := httpapi.New(httpapi.Config{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		srv := httptest.NewServer(httpapi.Router(api, nil))
		t.Cleanup(srv.Close)
		t.Cleanup(api.Close)
		instances = append(instances, &env{t: t, store: s, company: company, token: token, api: api, srv: srv})
	}
	return st, company, instances
}

// Okta's import behind a load balancer: each page may reach another
// instance, and still starts after the last employee of the page before
// (the instances share page positions), so a deletion on an earlier page
// between two requests does not make the import skip an employee. With
// positions in each instance's memory, the second instance reads its page
// with an OFFSET, and skips one.
func TestImportPagesAcrossInstances(t *testing.T) {
	_, _, instances := twoInstances(t)
	a, b := instances[0], instances[1]
	ids := map[string]string{}
	for i := 1; i <= 7; i++ {
		name := "u" + itoa(i) + "@example.com"
		r := a.do("POST", "/scim/v2/Users", map[string]any{"userName": name})
		ids[name] = r.body["id"].(string)
	}
	page := func(e *env, query string) string { return strings.Join(e.userNames(query), " ") }
	if got := page(a, "startIndex=1&count=3"); got != "u1@example.com u2@example.com u3@example.com" {
		t.Fatalf("page 1 from instance A = %s", got)
	}
	if r := a.do("DELETE", "/scim/v2/Users/"+ids["u1@example.com"], nil); r.status != 204 {
		t.Fatalf("delete: %d", r.status)
	}
	if got := page(b, "startIndex=4&count=3"); got != "u4@example.com u5@example.com u6@example.com" {
		t.Errorf("page 2 from instance B after a deletion on page 1 = %s, want u4…u6 (none skipped)", got)
	}
	if got := page(a, "startIndex=7&count=3"); got != "u7@example.com" {
		t.Errorf("page 3 from instance A = %s, want u7", got)
	}
}
