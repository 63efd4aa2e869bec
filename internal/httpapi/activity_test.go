package httpapi_test

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/httpapi"
)

// connectionID finds a connection of the env's company by label.
func (e *env) connectionID(label string) string {
	e.t.Helper()
	conns, err := e.store.Connections(context.Background(), e.company.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, c := range conns {
		if c.Label == label {
			return c.ID
		}
	}
	e.t.Fatalf("no connection %q", label)
	return ""
}

// activity returns the company's log, newest first.
func (e *env) activity(q directory.ActivityQuery) []directory.LogEntry {
	e.t.Helper()
	if q.Limit == 0 {
		q.Limit = 10000
	}
	got, _, err := e.store.ActivityLog(context.Background(), e.company.ID, q)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

// TestActivityAfterEntraAndOktaCycles: after a full Entra cycle and an
// Okta cycle against one company, the log holds every write with its diff
// and every refusal with its detail, each against its connection, and the
// failed-only query holds the refusals alone.
func TestActivityAfterEntraAndOktaCycles(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, nil)
			entraToken, oktaToken := e.newToken(e.company.ID, "Entra ID"), e.newToken(e.company.ID, "Okta")
			entra, okta := e.connectionID("Entra ID"), e.connectionID("Okta")
			type want struct {
				conn, op string
				status   int
			}
			var wants []want
			for _, run := range []struct{ token, conn, file string }{
				{entraToken, entra, "../../testdata/clients/entra/provisioning-cycle.json"},
				{oktaToken, okta, "../../testdata/clients/okta/provisioning-cycle.json"},
			} {
				rf := readReplay(t, run.file)
				replayOn(t, e, run.token, rf)
				for _, st := range rf.Steps {
					if op := map[string]string{"POST": directory.OpCreate, "PUT": directory.OpReplace, "PATCH": directory.OpPatch, "DELETE": directory.OpDelete}[st.Method]; op != "" {
						wants = append(wants, want{run.conn, op, st.Status})
					}
				}
			}
			e.api.Close() // writes the queued refusals
			var writes []want
			var probes int
			for _, x := range e.activity(directory.ActivityQuery{}) {
				switch x.Operation {
				case directory.OpProbe:
					probes++
					if x.ConnectionID != entra || x.Client != directory.ClientEntra {
						t.Errorf("probe %+v: want Entra's connection and client", x)
					}
					continue
				case directory.OpReferenceCleared:
					continue
				}
				writes = append([]want{{x.ConnectionID, x.Operation, x.Status}}, writes...) // oldest first
				if x.Failed() {
					if x.Detail == "" || x.ScimType == "" || x.Cause == "" {
						t.Errorf("refusal without detail: %+v", x)
					}
					if x.Operation == directory.OpCreate && x.UserName == "" {
						t.Errorf("refused create names no userName: %+v", x)
					}
				} else if x.Summary() == "" {
					t.Errorf("write without summary: %+v", x)
				}
				if x.ConnectionID == okta && x.Client != directory.ClientOkta {
					t.Errorf("Okta's entry has client %q", x.Client)
				}
				if x.ConnectionID == entra && x.Operation == directory.OpPatch && x.Client != directory.ClientEntra {
					t.Errorf("Entra's PATCH (capitalised ops) has client %q", x.Client)
				}
				if x.RequestID == "" || x.EmployeeID == "" && !(x.Failed() && x.Operation == directory.OpCreate) {
					t.Errorf("entry without request or employee: %+v", x)
				}
			}
			wantEq(t, "writes and refusals, in order", writes, wants)
			wantEq(t, "probes (Entra's Test Connection)", probes, 1)

			var wantFailed []want
			for _, w := range wants {
				if w.status >= 400 {
					wantFailed = append([]want{w}, wantFailed...)
				}
			}
			var failed []want
			for _, x := range e.activity(directory.ActivityQuery{FailedOnly: true}) {
				failed = append(failed, want{x.ConnectionID, x.Operation, x.Status})
			}
			wantEq(t, "failed only", failed, wantFailed)

			// The Entra PATCH that renamed the title shows old → new.
			found := false
			for _, x := range e.activity(directory.ActivityQuery{ConnectionIDs: []string{entra}, Operation: directory.OpPatch}) {
				if strings.Contains(x.Summary(), "title: ") {
					found = true
				}
			}
			if !found {
				t.Errorf("no Entra PATCH entry shows a title change")
			}
			// Okta's create names the attributes it sent that roster does
			// not store.
			creates := e.activity(directory.ActivityQuery{ConnectionIDs: []string{okta}, Operation: directory.OpCreate, SucceededOnly: true})
			if s := creates[len(creates)-1].Summary(); !strings.Contains(s, "not applied: password (not stored by roster)") {
				t.Errorf("Okta create summary = %q; want password not applied", s)
			}
		})
	}
}

func wantEq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !equalJSON(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// countingStore counts AppendActivity transactions and can hold them.
type countingStore struct {
	directory.Store
	appends atomic.Int64
	gate    chan struct{} // when non-nil, each append waits for a value
}

func (s *countingStore) AppendActivity(ctx context.Context, entries []directory.LogEntry) error {
	if s.gate != nil {
		<-s.gate
	}
	s.appends.Add(1)
	return s.Store.AppendActivity(ctx, entries)
}

// TestActivityRefusalBurst: a burst of refused requests is written in
// batches, far fewer transactions than requests, and every entry is
// there after Close; a full queue drops entries and counts them.
func TestActivityRefusalBurst(t *testing.T) {
	const n = 300
	t.Run("Batched", func(t *testing.T) {
		var cs *countingStore
		e := newEnvConfig(t, func(c *httpapi.Config) {
			cs = &countingStore{Store: c.Store}
			c.Store, c.ActivityBatch, c.ActivityInterval = cs, 100, time.Hour
		})
		burst(e, n)
		e.api.Close()
		wantEq(t, "refusals logged", len(e.activity(directory.ActivityQuery{FailedOnly: true})), n)
		if got := cs.appends.Load(); got > n/100+1 {
			t.Errorf("%d refusals took %d transactions; want at most %d", n, got, n/100+1)
		}
		wantEq(t, "dropped", e.api.ActivityDropped(), int64(0))
	})
	t.Run("QueueBound", func(t *testing.T) {
		var cs *countingStore
		e := newEnvConfig(t, func(c *httpapi.Config) {
			cs = &countingStore{Store: c.Store, gate: make(chan struct{})}
			c.Store, c.ActivityQueue, c.ActivityBatch, c.ActivityInterval = cs, 10, 5, time.Hour
		})
		// The writer takes a batch of 5 and waits at the store; the queue
		// holds 10 more; the rest are dropped, the requests still answered.
		burst(e, n)
		dropped := e.api.ActivityDropped()
		if dropped < n-15 {
			t.Errorf("dropped %d of %d with a queue of 10; want at least %d", dropped, n, n-15)
		}
		closed := make(chan struct{})
		go func() { defer close(closed); e.api.Close() }()
		for open := true; open; {
			select {
			case cs.gate <- struct{}{}:
			case <-closed:
				open = false
			}
		}
		logged := len(e.activity(directory.ActivityQuery{FailedOnly: true}))
		wantEq(t, "logged + dropped", int64(logged)+dropped, int64(n))
	})
}

// burst sends n refused writes (PATCH of an unknown employee).
func burst(e *env, n int) {
	e.t.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := e.do("PATCH", "/scim/v2/Users/nobody-"+itoa(i), `{"Operations":[{"op":"replace","path":"title","value":"x"}]}`)
			if r.status != 404 {
				e.t.Errorf("status %d, want 404", r.status)
			}
		}()
	}
	wg.Wait()
}

// TestActivityInactiveConnectionAndProbe: a revoked connection's attempts
// and a paused company's are logged against the connection; Entra's Test
// Connection is logged as a probe; ordinary reads are not logged.
func TestActivityInactiveConnectionAndProbe(t *testing.T) {
	e := newEnv(t)
	conn := e.connectionID("Test IdP")
	ctx := context.Background()
	e.do("GET", "/scim/v2/Users?filter=userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22", nil)
	e.do("GET", "/scim/v2/Users?filter=userName+eq+%22ada%40example.com%22", nil)
	if err := e.store.SetProvisioningDisabled(ctx, e.company.ID, true); err != nil {
		t.Fatal(err)
	}
	wantEq(t, "paused", e.do("GET", "/scim/v2/Users", nil).status, 503)
	if err := e.store.SetProvisioningDisabled(ctx, e.company.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := e.store.RevokeConnection(ctx, conn, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	wantEq(t, "revoked", e.do("POST", "/scim/v2/Users", `{"userName":"ada@example.com"}`).status, 401)
	wantEq(t, "unknown token", e.doAs("rst_nope", "POST", "/scim/v2/Users", `{"userName":"ada@example.com"}`, nil).status, 401)
	e.api.Close()
	var got []string
	for _, x := range e.activity(directory.ActivityQuery{}) {
		got = append([]string{x.Operation + " " + itoa(x.Status) + " " + x.ConnectionID}, got...)
		if strings.Contains(x.Detail, e.token) {
			t.Errorf("entry holds the token: %+v", x)
		}
	}
	wantEq(t, "entries", got, []string{"probe 200 " + conn, "get 503 " + conn, "create 401 " + conn})
}

// TestActivityRefusalNamesThePerson: a create refused for a bad value
// names the userName it was for, so that the failure view can list who
// is missing from roster.
func TestActivityRefusalNamesThePerson(t *testing.T) {
	e := newEnv(t)
	e.newAttribute("Location", directory.TypeOption, nil, []string{"Berlin", "London"})
	r := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "nina@acme.example",
		"urn:ietf:params:scim:schemas:extension:peakon:2.0:User": map[string]any{"Location": "Paris"}})
	wantError(t, r, 400, "invalidValue", "Paris")
	e.api.Close()
	got := e.activity(directory.ActivityQuery{FailedOnly: true})
	if len(got) != 1 || got[0].UserName != "nina@acme.example" {
		t.Fatalf("refusal entries = %+v, want one naming nina@acme.example", got)
	}
}

// TestActivityPatchNotApplied: a PATCH's attributes that roster has no
// place for (Okta's password sync) are listed as not applied in the
// write's entry.
func TestActivityPatchNotApplied(t *testing.T) {
	e := newEnv(t)
	id, _ := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "ada@acme.example"}).body["id"].(string)
	r := e.do("PATCH", "/scim/v2/Users/"+id, `{"Operations":[{"op":"replace","value":{"password":"s3cret","title":"CTO"}}]}`)
	if r.status != 200 {
		t.Fatalf("patch: %d %s", r.status, r.raw)
	}
	got := e.activity(directory.ActivityQuery{EmployeeID: id, Operation: directory.OpPatch})
	if len(got) != 1 || !reflect.DeepEqual(got[0].NotApplied, []directory.NotApplied{{Attribute: "password", Reason: "not stored by roster"}}) {
		t.Fatalf("patch entries = %+v, want password not applied", got)
	}
	if strings.Contains(string(r.raw), "s3cret") || strings.Contains(got[0].Summary(), "s3cret") {
		t.Error("the password's value shows")
	}
}

// TestActivityCreateNotApplied: of what a create sends and roster drops,
// the client's own statements are listed as not applied — an id it
// chose (roster assigns one), group memberships, a password — while the
// server's values echoed back (meta) and empty lists say nothing; a
// PUT's id names its employee and is not listed either.
func TestActivityCreateNotApplied(t *testing.T) {
	e := newEnv(t)
	notApplied := func(op, id string) []string {
		t.Helper()
		got := e.activity(directory.ActivityQuery{EmployeeID: id, Operation: op})
		if len(got) != 1 {
			t.Fatalf("%s entries: %+v, want one", op, got)
		}
		var out []string
		for _, n := range got[0].NotApplied {
			out = append(out, n.Attribute+" ("+n.Reason+")")
		}
		slices.Sort(out)
		return out
	}
	r := e.do("POST", "/scim/v2/Users", `{"userName":"ada@acme.example","id":"client-chosen","meta":{"created":"2000-01-01T00:00:00Z"},"groups":[{"value":"g1","display":"Sales"}],"password":"p"}`)
	if r.status != http.StatusCreated || r.body["id"] == "client-chosen" {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	id := r.body["id"].(string)
	want := []string{"groups (not stored by roster)", "id (ids are assigned by roster)", "password (not stored by roster)"}
	if got := notApplied(directory.OpCreate, id); !slices.Equal(got, want) {
		t.Errorf("create's not applied = %q, want %q", got, want)
	}
	// Entra's create: meta.resourceType, and no groups.
	r = e.do("POST", "/scim/v2/Users", `{"userName":"bob@acme.example","meta":{"resourceType":"User"},"groups":[]}`)
	if got := notApplied(directory.OpCreate, r.body["id"].(string)); len(got) != 0 {
		t.Errorf("Entra create's not applied = %q, want none", got)
	}
	r = e.do("PUT", "/scim/v2/Users/"+id, `{"id":"`+id+`","userName":"ada@acme.example","groups":[]}`)
	if r.status != http.StatusOK {
		t.Fatalf("put: %d %s", r.status, r.raw)
	}
	if got := notApplied(directory.OpReplace, id); len(got) != 0 {
		t.Errorf("PUT's not applied = %q, want none", got)
	}
}
