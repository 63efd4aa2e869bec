package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
)

// The load tool's smoke run: it starts a real roster server on a fresh
// SQLite database, runs every phase with small counts against it and
// against the ceiling, and reports every phase of both. No timing is
// asserted; this only keeps the tool from rotting.
func TestBenchSmoke(t *testing.T) {
	defer func(c func(...string) *exec.Cmd) { serverCommand = c }(serverCommand)
	serverCommand = childServer
	db := filepath.Join(t.TempDir(), "bench.db")
	out := mustCLI(t, "bench", "--db", db, "--ceiling", "--json", "--employees", "20", "--workers", "4", "--updates", "10",
		"--lookups", "20", "--page-size", "7", "--jumps", "6", "--bulk", "12", "--bulk-size", "5")
	var rows []struct {
		Target    string   `json:"target"`
		Phase     string   `json:"phase"`
		Ops       int      `json:"ops"`
		OfCeiling *float64 `json:"fraction_of_ceiling"`
		RSS       int64    `json:"server_rss_bytes"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := map[string]int{"sync": 20, "updates": 10, "import": 20, "jumps": 6, "lookups": 20, "bulk": 12, "singles": 5}
	seen := 0
	for _, r := range rows {
		if r.Target != "roster SQLite" {
			continue
		}
		seen++
		if r.Ops != want[r.Phase] {
			t.Errorf("%s: %d ops, want %d", r.Phase, r.Ops, want[r.Phase])
		}
		if r.OfCeiling == nil || r.RSS <= 0 {
			t.Errorf("%s: fraction of the ceiling %v, server RSS %d", r.Phase, r.OfCeiling, r.RSS)
		}
	}
	if seen != len(want) || len(rows) != 2*len(want) {
		t.Errorf("rows: %+v", rows)
	}
}

func TestBenchUsage(t *testing.T) {
	for _, args := range [][]string{{"bench"}, {"bench", "--url", "http://x"}, {"bench", "--ceiling", "--workers", "0"}} {
		if _, _, err := cli(t, args...); exitCode(err) != 2 {
			t.Errorf("%v: err %v, want a usage error", args, err)
		}
	}
}
