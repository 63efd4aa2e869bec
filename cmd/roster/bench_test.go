package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"roster/internal/loadgen"
	"roster/internal/store/postgres/pgtest"
)

// The load tool's smoke run: it starts a real roster server on a fresh
// SQLite database, runs every phase with small counts against it and
// against the ceiling, and reports every phase of both. No timing is
// asserted; this only keeps the tool from rotting.
func TestBenchSmoke(t *testing.T) {
	defer func(c func(...string) *exec.Cmd) { serverCommand = c }(serverCommand)
	serverCommand = childServer
	db := filepath.Join(t.TempDir(), "bench.db")
	out := mustCLI(t, "bench", "--db", db, "--ceiling", "--in-memory", "--json", "--employees", "20", "--workers", "4", "--updates", "10",
		"--lookups", "20", "--page-size", "7", "--jumps", "6", "--bulk", "12", "--bulk-size", "5")
	var rows []struct {
		Target    string   `json:"target"`
		Phase     string   `json:"phase"`
		Ops       int      `json:"ops"`
		OfCeiling *float64 `json:"fraction_of_ceiling"`
		RSS       int64    `json:"server_rss_bytes"`
		Database  float64  `json:"database_cpu_us_per_op"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := map[string]int{"sync": 20, "updates": 10, "import": 20, "jumps": 6, "lookups": 20, "bulk": 12, "singles": 5}
	seen, inMemory := 0, 0
	for _, r := range rows {
		if r.Target == loadgen.InMemoryTarget {
			// Every phase but bulk (the library has none), checked.
			inMemory++
			if r.Phase == "bulk" || r.Ops != want[r.Phase] || r.OfCeiling == nil {
				t.Errorf("in-memory %s: %d ops (want %d), fraction of the ceiling %v", r.Phase, r.Ops, want[r.Phase], r.OfCeiling)
			}
		}
		if r.Target != "roster SQLite" {
			continue
		}
		seen++
		if r.Ops != want[r.Phase] {
			t.Errorf("%s: %d ops, want %d", r.Phase, r.Ops, want[r.Phase])
		}
		if r.OfCeiling == nil || r.RSS <= 0 || r.Database != 0 {
			t.Errorf("%s: fraction of the ceiling %v, server RSS %d, database CPU %v µs/op (SQLite has no process of its own)",
				r.Phase, r.OfCeiling, r.RSS, r.Database)
		}
	}
	if seen != len(want) || inMemory != len(want)-1 || len(rows) != 3*len(want)-1 {
		t.Errorf("rows: %+v", rows)
	}
}

// With --attributes every employee the phases create carries a value of
// each company attribute, which the bench defined in the company; the
// ceiling and the in-memory server take the same documents.
func TestBenchAttributes(t *testing.T) {
	defer func(c func(...string) *exec.Cmd) { serverCommand = c }(serverCommand)
	serverCommand = childServer
	db := filepath.Join(t.TempDir(), "bench.db")
	out := mustCLI(t, "bench", "--db", db, "--ceiling", "--in-memory", "--attributes", "--json", "--phases", "sync,updates,lookups,bulk",
		"--employees", "20", "--workers", "4", "--updates", "10", "--lookups", "20", "--bulk", "12", "--bulk-size", "5")
	var rows []struct {
		Target string `json:"target"`
		Phase  string `json:"phase"`
		Ops    int    `json:"ops"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := map[string]int{"sync": 20, "updates": 10, "lookups": 20, "bulk": 12}
	for _, r := range rows {
		if r.Ops != want[r.Phase] {
			t.Errorf("%s %s: %d ops, want %d", r.Target, r.Phase, r.Ops, want[r.Phase])
		}
	}
	if len(rows) != 3*len(want)-1 {
		t.Errorf("rows: %+v", rows)
	}
	company, _, _ := strings.Cut(mustCLI(t, "company", "list", "--db", db), "\t")
	attributes := mustCLI(t, "attribute", "list", "--db", db, "--company", company)
	for _, a := range loadgen.CompanyAttributes {
		if !strings.Contains(attributes, "\t"+a.Name+"\t"+a.Kind+"\t") {
			t.Errorf("attribute %s (%s) not defined:\n%s", a.Name, a.Kind, attributes)
		}
		held := mustCLI(t, "employee", "list", "--db", db, "--company", company, "--filter", "urn:ietf:params:scim:schemas:extension:peakon:2.0:User:"+a.Name+" pr")
		if n := strings.Count(held, "\n"); n != 20+12 {
			t.Errorf("%d employees hold a value of %s; want all 32 the sync and the Bulk requests created", n, a.Name)
		}
	}
}

// With --managers every employee the bench creates names the next of its
// company as its manager: all resolve but the last of each company's
// sync and of the Bulk requests.
func TestBenchManagers(t *testing.T) {
	defer func(c func(...string) *exec.Cmd) { serverCommand = c }(serverCommand)
	serverCommand = childServer
	db := filepath.Join(t.TempDir(), "bench.db")
	mustCLI(t, "bench", "--db", db, "--managers", "--companies", "2", "--json", "--phases", "sync,bulk",
		"--employees", "20", "--workers", "4", "--bulk", "12", "--bulk-size", "5")
	if managed, pending := benchManagers(t, db); managed != 20+12 || pending != 3 {
		t.Errorf("%d employees name a manager, %d of them pending; want all 32 the sync and the Bulk requests created, 3 pending", managed, pending)
	}
}

// With --managers-tree each company's employees form a tree, created in
// a shuffled order: all but the roots (one of each company's sync, one
// of the Bulk requests) name a manager, and none is left pending.
func TestBenchManagersTree(t *testing.T) {
	defer func(c func(...string) *exec.Cmd) { serverCommand = c }(serverCommand)
	serverCommand = childServer
	db := filepath.Join(t.TempDir(), "bench.db")
	mustCLI(t, "bench", "--db", db, "--managers", "--managers-tree", "--companies", "2", "--json", "--phases", "sync,bulk",
		"--employees", "20", "--workers", "4", "--bulk", "30", "--bulk-size", "10")
	if managed, pending := benchManagers(t, db); managed != 20+30-3 || pending != 0 {
		t.Errorf("%d employees name a manager, %d of them pending; want all 50 the sync and the Bulk requests created but 3 roots, none pending", managed, pending)
	}
}

// benchManagers counts the employees of the bench's database db that name
// a manager, and those of them whose reference is pending.
func benchManagers(t *testing.T, db string) (managed, pending int) {
	t.Helper()
	for line := range strings.Lines(mustCLI(t, "company", "list", "--db", db)) {
		company, _, _ := strings.Cut(line, "\t")
		list := mustCLI(t, "employee", "list", "--db", db, "--company", company, "--filter", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr")
		for employee := range strings.Lines(list) {
			managed++
			// id, userName, status, pending references ("-": none)
			if fields := strings.Split(strings.TrimSuffix(employee, "\n"), "\t"); len(fields) < 4 || fields[3] != "-" {
				pending++
			}
		}
	}
	return managed, pending
}

// On a PostgreSQL of this machine the bench also reports PostgreSQL's
// processes' CPU per operation.
func TestBenchSmokePostgres(t *testing.T) {
	defer func(c func(...string) *exec.Cmd) { serverCommand = c }(serverCommand)
	serverCommand = childServer
	db := pgtest.EmptySchema(t)
	out := mustCLI(t, "bench", "--db", db, "--json", "--phases", "sync", "--employees", "200", "--workers", "4")
	var rows []struct {
		Target   string  `json:"target"`
		Phase    string  `json:"phase"`
		Ops      int     `json:"ops"`
		Database float64 `json:"database_cpu_us_per_op"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(rows) != 1 || rows[0].Target != "roster PostgreSQL" || rows[0].Ops != 200 || rows[0].Database <= 0 {
		t.Errorf("rows: %+v; want the sync of 200 with PostgreSQL's CPU per employee", rows)
	}
}

// With --companies the sync spreads its employees over that many fresh
// companies of the database, as an operator's companies sync at once,
// and so do the lookups; the import walks the first company's.
func TestBenchCompanies(t *testing.T) {
	defer func(c func(...string) *exec.Cmd) { serverCommand = c }(serverCommand)
	serverCommand = childServer
	db := filepath.Join(t.TempDir(), "bench.db")
	out := mustCLI(t, "bench", "--db", db, "--json", "--phases", "sync,lookups,import", "--companies", "3",
		"--employees", "20", "--workers", "4", "--lookups", "12", "--page-size", "5")
	var rows []struct {
		Phase string `json:"phase"`
		Ops   int    `json:"ops"`
		Note  string `json:"note"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := map[string]int{"sync": 20, "lookups": 12, "import": 7}
	for _, r := range rows {
		if r.Ops != want[r.Phase] {
			t.Errorf("%s: %d ops, want %d (%s)", r.Phase, r.Ops, want[r.Phase], r.Note)
		}
		if r.Phase != "import" && !strings.Contains(r.Note, "across 3 companies") {
			t.Errorf("%s: note %q does not say the companies", r.Phase, r.Note)
		}
	}
	if sizes := employeesByCompany(t, db); !slices.Equal(sizes, []int{6, 7, 7}) {
		t.Errorf("employees by company: %v; want 20 spread over 3", sizes)
	}
}

// employeesByCompany is how many employees each company of db has, in
// increasing order.
func employeesByCompany(t *testing.T, db string) []int {
	t.Helper()
	var sizes []int
	for line := range strings.Lines(mustCLI(t, "company", "list", "--db", db)) {
		id, _, _ := strings.Cut(line, "\t")
		sizes = append(sizes, strings.Count(mustCLI(t, "employee", "list", "--db", db, "--company", id), "\n"))
	}
	slices.Sort(sizes)
	return sizes
}

// Against a running server (--url), the companies are those of the
// tokens given: --token once per company.
func TestBenchURLTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	var tokens []string
	for _, name := range []string{"Acme", "Globex"} {
		company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", name))
		tokens = append(tokens, "--token", strings.TrimSpace(mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Entra")))
	}
	_, addr := startChildServer(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--rate-limit", "0")
	args := append([]string{"bench", "--url", "http://" + addr + "/scim/v2", "--json", "--phases", "sync", "--employees", "10", "--workers", "2"}, tokens...)
	out := mustCLI(t, args...)
	if !strings.Contains(out, "across 2 companies") {
		t.Errorf("the sync's note does not say the companies:\n%s", out)
	}
	if sizes := employeesByCompany(t, db); !slices.Equal(sizes, []int{5, 5}) {
		t.Errorf("employees by company: %v; want 10 spread over 2", sizes)
	}
}

func TestBenchUsage(t *testing.T) {
	for _, args := range [][]string{{"bench"}, {"bench", "--url", "http://x"}, {"bench", "--ceiling", "--workers", "0"},
		{"bench", "--ceiling", "--companies", "0"}, {"bench", "--url", "http://x", "--token", "t", "--companies", "2"}} {
		if _, _, err := cli(t, args...); exitCode(err) != 2 {
			t.Errorf("%v: err %v, want a usage error", args, err)
		}
	}
}

// The bench sums PostgreSQL's processes' CPU only for a server on this
// machine.
func TestOnThisMachine(t *testing.T) {
	for db, want := range map[string]bool{
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable": true,
		"postgres://u@localhost/db":                               true,
		"postgres://u@LOCALHOST:5433/db":                          true,
		"postgres://u@[::1]:5432/db":                              true,
		"postgres://u@127.0.0.2/db":                               true,
		"postgres:///db?host=/var/run/postgresql":                 true,
		"postgres://u@db.example.com/db":                          false,
		"postgres://u@10.0.0.5:5432/db":                           false,
		"postgres://u@%zz/db":                                     false,
	} {
		if got := onThisMachine(db); got != want {
			t.Errorf("onThisMachine(%q) = %v, want %v", db, got, want)
		}
	}
}
