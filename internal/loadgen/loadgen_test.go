package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Every phase runs against the ceiling handler and counts what it did.
func TestRunAgainstCeiling(t *testing.T) {
	srv := httptest.NewServer(&Ceiling{})
	defer srv.Close()
	cfg := Config{BaseURL: srv.URL + "/scim/v2", Tokens: []string{"t"}, Workers: 3, Employees: 10, Updates: 6, Lookups: 8,
		PageSize: 4, Jumps: 5, Bulk: 7, BulkSize: 3}
	// A server whose CPU clock moves 10 ms between any two readings.
	var clock time.Duration
	cfg.CPU = func() (time.Duration, error) { clock += 10 * time.Millisecond; return clock, nil }
	// Its database's, 20 ms.
	var dbClock time.Duration
	cfg.DatabaseCPU = func() (time.Duration, error) { dbClock += 20 * time.Millisecond; return dbClock, nil }
	results, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{PhaseSync: 10, PhaseUpdates: 6, PhaseImport: 10, PhaseJumps: 5, PhaseLookups: 8, PhaseBulk: 7, PhaseSingles: 3}
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	for _, r := range results {
		if r.Ops != want[r.Phase] {
			t.Errorf("%s: %d ops, want %d", r.Phase, r.Ops, want[r.Phase])
		}
		if r.P99 <= 0 || r.PerSecond() <= 0 {
			t.Errorf("%s: no latency or rate measured: %+v", r.Phase, r)
		}
	}
	var table, js bytes.Buffer
	ms := []Measurement{{Target: CeilingTarget, Results: results}, {Target: "other", Results: results}}
	if err := WriteTable(&table, ms); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^other\s+sync\s+10\s+\d+\s+1\.00\s`).MatchString(table.String()) {
		t.Errorf("table lacks the fraction of the ceiling:\n%s", table.String())
	}
	// 10 ms over the sync's 10 employees, and 20 ms of the database's.
	if !regexp.MustCompile(`(?m)^other\s+sync\s+10\s+\d+\s+1\.00(\s+[\d.]+){3}\s+1000\s+2000\s`).MatchString(table.String()) {
		t.Errorf("table lacks the server's and the database's CPU time per operation:\n%s", table.String())
	}
	if err := WriteJSON(&js, ms); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(js.Bytes(), &rows); err != nil || len(rows) != 2*len(want) {
		t.Fatalf("JSON: %v, %d rows", err, len(rows))
	}
	// The other target's first row: its sync.
	other := rows[len(results)]
	if other["server_cpu_us_per_op"] != 1000.0 || other["database_cpu_us_per_op"] != 2000.0 {
		t.Errorf("JSON CPU per operation = %v (server), %v (database); want 1000, 2000", other["server_cpu_us_per_op"], other["database_cpu_us_per_op"])
	}
	if other["fraction_of_ceiling"] != 1.0 {
		t.Errorf("JSON fraction of the ceiling = %v, want 1", other["fraction_of_ceiling"])
	}
}

// A server that answers wrongly fails the phase, naming the request.
func TestRunReportsWrongAnswers(t *testing.T) {
	srv := httptest.NewServer(&Ceiling{})
	defer srv.Close()
	// With Verify, the ceiling's filter answer (one employee) says the
	// employee exists before the sync created it.
	cfg := Config{BaseURL: srv.URL + "/scim/v2", Tokens: []string{"t"}, Workers: 2, Employees: 3, Phases: []string{PhaseSync}, Verify: true}
	_, err := Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "found before it was created") {
		t.Fatalf("err = %v", err)
	}
	cfg.BaseURL = srv.URL + "/nowhere"
	cfg.Verify = false
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("err = %v", err)
	}
}

// A Bulk phase of at least ten requests gives the rates of its first and
// last tenth, and of each, which show a cost per create that grows with
// the company.
func TestBulkTenths(t *testing.T) {
	srv := httptest.NewServer(&Ceiling{})
	defer srv.Close()
	cfg := Config{BaseURL: srv.URL + "/scim/v2", Tokens: []string{"t"}, Workers: 1, Bulk: 30, BulkSize: 3, Phases: []string{PhaseBulk}}
	results, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := results[0].Note; !regexp.MustCompile(`first tenth \d+/s, last tenth \d+/s; by tenth: \d+(, \d+){9}$`).MatchString(n) {
		t.Errorf("note = %q", n)
	}
}
