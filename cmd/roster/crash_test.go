package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"roster/internal/directory"
)

// crashChildEnv makes the test binary act as `roster serve` (see TestMain),
// so that a test can kill a real server process.
const crashChildEnv = "ROSTER_TEST_SERVE_CHILD"

func TestMain(m *testing.M) {
	if args := os.Getenv(crashChildEnv); args != "" {
		runMain(strings.Fields(args))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childServer returns the command that runs `roster <args>` as a child
// process: this test binary acting as roster (see TestMain).
func childServer(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=NONE")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+strings.Join(args, " "))
	return cmd
}

// startChildServer starts `roster <args>` as a child process and returns
// it and the address it listens on; the test kills it if still running.
func startChildServer(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := childServer(args...)
	addr, err := startChild(cmd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, addr
}

// TestAcknowledgedWritesSurviveKill creates employees through a real server
// process, kills it with SIGKILL right after the last 201, and checks that
// every acknowledged employee is in the database. SIGTERM, the graceful
// stop, must keep them as well, exit 0 and write the connection's
// request count, which is otherwise batched for a second.
func TestAcknowledgedWritesSurviveKill(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) { testWritesSurviveSignal(t, sig) })
	}
}

func testWritesSurviveSignal(t *testing.T, sig syscall.Signal) {
	db, company, token := companyDB(t, "Okta")

	cmd, addr := startChildServer(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	const n = 30
	for i := 0; i < n; i++ {
		body, _ := json.Marshal(map[string]any{"userName": fmt.Sprintf("e%d@example.com", i), "active": i%2 == 0})
		req, _ := http.NewRequest("POST", "http://"+addr+"/scim/v2/Users", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/scim+json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create %d: status %d", i, resp.StatusCode)
		}
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); sig == syscall.SIGTERM && err != nil {
		t.Errorf("after SIGTERM the server exited with %v, want 0", err)
	}

	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close()
	_, total, err := st.Employees(context.Background(), company, directory.EmployeeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if total != n {
		t.Fatalf("%d employees after %v, want all %d acknowledged ones", total, sig, n)
	}
	if sig != syscall.SIGTERM {
		return
	}
	conns, err := st.Connections(context.Background(), company)
	if err != nil || len(conns) != 1 {
		t.Fatalf("connections: %v %v", conns, err)
	}
	if conns[0].RequestCount != n {
		t.Errorf("request count after SIGTERM = %d, want %d (pending counts written on shutdown)", conns[0].RequestCount, n)
	}
}
