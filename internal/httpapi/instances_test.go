package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
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
	st, dsn := pgtest.Open(t)
	t.Cleanup(func() { st.Close() })
	open := func() directory.Store {
		s, err := postgres.Open(context.Background(), dsn, postgres.Options{MaxConns: 4, Timeouts: pgtest.ContractTimeouts})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	admin := &env{t: t, store: st} // the other process: CLI
	company, token := admin.newCompany("Acme")
	instances := make([]*env, 2)
	for i := range instances {
		s := open()
		api := httpapi.New(httpapi.Config{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		srv := httptest.NewServer(httpapi.Router(api, nil))
		t.Cleanup(srv.Close)
		t.Cleanup(api.Close)
		instances[i] = &env{t: t, store: s, company: company, token: token, api: api, srv: srv}
	}
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
