package loadgen

import (
	"os"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	for _, tc := range []struct {
		stat          string
		command       string
		cpu, children time.Duration
		ok            bool
	}{
		{"4242 (roster) S 1 4242 4242 0 -1 4194560 1 0 0 0 250 75 0 0 20 0 9 0 1 2 3", "roster", 3250 * time.Millisecond, 0, true},
		// A command name with spaces and parentheses.
		{"7 (a) b (c)) R 1 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 1 2 3", "a) b (c)", 30 * time.Millisecond, 0, true},
		// A parent that reaped its children (PostgreSQL's postmaster).
		{"90 (postgres) S 1 90 90 0 -1 0 0 0 0 0 10 5 700 300 20 0 1 0 1 2 3", "postgres", 150 * time.Millisecond, 10 * time.Second, true},
		{"7 (x) R 1 2", "", 0, 0, false},
		{"no parenthesis", "", 0, 0, false},
		{"7 (x) R 1 7 7 0 -1 0 0 0 0 0 a 2 0 0", "", 0, 0, false},
		{"7 (x) R 1 7 7 0 -1 0 0 0 0 0 1 2 0 b", "", 0, 0, false},
	} {
		got, err := parseStat(tc.stat)
		want := procStat{command: tc.command, cpu: tc.cpu, children: tc.children}
		if (err == nil) != tc.ok || tc.ok && got != want {
			t.Errorf("parseStat(%q) = %+v, %v; want %+v, ok %v", tc.stat, got, err, want, tc.ok)
		}
	}
}

// This process's CPU time grows as it works.
func TestProcessCPU(t *testing.T) {
	read := ProcessCPU(os.Getpid())
	before, err := read()
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		after, err := read()
		if err != nil {
			t.Fatal(err)
		}
		if after > before {
			return
		}
	}
	t.Errorf("CPU time stayed %v through 30 s of reading it in a loop", before)
}

// The processes of this test's name (the test binary's, as /proc gives
// it) grow in CPU time as this one works; a name no process has reads 0.
func TestProcessesCPU(t *testing.T) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	self, err := parseStat(string(b))
	if err != nil {
		t.Fatal(err)
	}
	read := ProcessesCPU(self.command)
	before, err := read()
	if err != nil {
		t.Fatal(err)
	}
	grew := false
	for deadline := time.Now().Add(30 * time.Second); !grew && time.Now().Before(deadline); {
		after, err := read()
		if err != nil {
			t.Fatal(err)
		}
		grew = after > before
	}
	if !grew {
		t.Errorf("the CPU time of the processes named %q stayed %v through 30 s of reading it in a loop", self.command, before)
	}
	if none, err := ProcessesCPU("no such process name")(); err != nil || none != 0 {
		t.Errorf("processes of no such name: %v, %v; want 0", none, err)
	}
}
