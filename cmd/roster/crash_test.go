package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"roster/internal/directory"
)

// crashChildEnv makes the test binary act as `roster serve` (see TestMain),
// so that a test can kill a real server process.
const crashChildEnv = "ROSTER_TEST_SERVE_CHILD"

func TestMain(m *testing.M) {
	if args := os.Getenv(crashChildEnv); args != "" {
		if err := run(context.Background(), strings.Fields(args), os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestAcknowledgedWritesSurviveKill creates employees through a real server
// process, kills it with SIGKILL right after the last 201, and checks that
// every acknowledged employee is in the database.
func TestAcknowledgedWritesSurviveKill(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	token := strings.TrimSpace(mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Okta"))

	cmd := exec.Command(os.Args[0], "-test.run=NONE")
	cmd.Env = append(os.Environ(), crashChildEnv+"=serve --db "+db+" --addr 127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addrc := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`addr=(\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil && strings.Contains(sc.Text(), "roster listening") {
				addrc <- m[1]
			}
		}
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(20 * time.Second):
		t.Fatal("child server did not start")
	}

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
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

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
		t.Fatalf("%d employees after SIGKILL, want all %d acknowledged ones", total, n)
	}
}
