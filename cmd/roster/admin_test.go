package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
	"roster/internal/web"
)

func TestAdminCreate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "roster.db")
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))

	t.Run("ExistingCompany", func(t *testing.T) {
		out := mustCLI(t, "admin", "create", "--db", db, "--company", company, "--email", "ada@acme.example", "--password-file", pwFile)
		id := strings.TrimSpace(out)
		if strings.Count(out, "\n") != 1 || len(id) != 36 {
			t.Fatalf("admin create printed %q; want the admin id alone on one line", out)
		}
		st, err := sqlite.Open(context.Background(), db, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		a, err := st.AdminByEmail(context.Background(), "ada@acme.example")
		if err != nil || a.ID != id || a.CompanyID != company {
			t.Fatalf("stored admin = %+v, %v", a, err)
		}
		if !web.VerifyPassword("correct horse battery", a.PasswordHash) {
			t.Error("the password from the file does not verify")
		}
	})
	t.Run("NewCompanyPasswordOnStdin", func(t *testing.T) {
		stdin = strings.NewReader("another good password\r\nignored second line\n")
		defer func() { stdin = os.Stdin }()
		out, errOut, err := cli(t, "admin", "create", "--db", db, "--company-name", "Globex", "--email", "hank@globex.example")
		if err != nil {
			t.Fatalf("%v\n%s", err, errOut)
		}
		if !strings.Contains(errOut, `created company "Globex"`) {
			t.Errorf("stderr = %q", errOut)
		}
		st, err := sqlite.Open(context.Background(), db, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		a, err := st.AdminByEmail(context.Background(), "hank@globex.example")
		if err != nil || a.ID != strings.TrimSpace(out) {
			t.Fatalf("stored admin = %+v, %v", a, err)
		}
		c, err := st.Company(context.Background(), a.CompanyID)
		if err != nil || c.Name != "Globex" {
			t.Errorf("company = %+v, %v", c, err)
		}
		if !web.VerifyPassword("another good password", a.PasswordHash) {
			t.Error("the password from stdin does not verify")
		}
		// The new company is in its log as roster company create logs one.
		entries, _, err := st.ActivityLog(context.Background(), c.ID, directory.ActivityQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var ops []string
		for _, e := range entries {
			ops = append(ops, e.Operation)
		}
		if !slices.Equal(ops, []string{directory.OpAdminCreated, directory.OpCompanyCreated}) {
			t.Errorf("activity of the new company: %v; want admin created after company created", ops)
		}
	})
	t.Run("Refused", func(t *testing.T) {
		for _, c := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"--email", "x@acme.example", "--password-file", pwFile}, 2, "exactly one of --company and --company-name"},
			{[]string{"--company", company, "--company-name", "Both", "--email", "x@acme.example", "--password-file", pwFile}, 2, "exactly one"},
			{[]string{"--company", company, "--password-file", pwFile}, 2, "--email"},
			{[]string{"--company", "nope", "--email", "x@acme.example", "--password-file", pwFile}, 1, `no company with id "nope"`},
			{[]string{"--company", company, "--email", "ADA@acme.example", "--password-file", pwFile}, 1, "already exists"},
			{[]string{"--company", company, "--email", "not an email", "--password-file", pwFile}, 1, "not an email address"},
			{[]string{"--company", company, "--email", "x@acme.example", "--password-file", filepath.Join(dir, "missing")}, 1, "missing"},
		} {
			stdin = strings.NewReader("")
			_, errOut, err := cli(t, append([]string{"admin", "create", "--db", db}, c.args...)...)
			if exitCode(err) != c.code || !strings.Contains(err.Error()+errOut, c.want) {
				t.Errorf("admin create %v: exit %d, %v; want exit %d mentioning %q", c.args, exitCode(err), err, c.code, c.want)
			}
		}
		stdin = strings.NewReader("short\n")
		_, _, err := cli(t, "admin", "create", "--db", db, "--company", company, "--email", "y@acme.example")
		if err == nil || !strings.Contains(err.Error(), "at least 10 characters") {
			t.Errorf("short password: %v", err)
		}
		stdin = strings.NewReader("")
		_, _, err = cli(t, "admin", "create", "--db", db, "--company", company, "--email", "y@acme.example")
		if exitCode(err) != 2 || !strings.Contains(err.Error(), "no password") {
			t.Errorf("empty stdin: %v", err)
		}
		stdin = os.Stdin
	})
}

// TestServeFirstRun: on an empty database `roster serve` logs a one-time
// setup link that opens the setup page; once an admin exists it logs none.
func TestServeFirstRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	logs, addr, stop := startServer(t, db)
	m := regexp.MustCompile(`setup_url=(\S+)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no setup_url in the log:\n%s", logs.String())
	}
	if !strings.HasPrefix(m[1], "http://"+addr+"/setup/") {
		t.Errorf("setup_url = %q", m[1])
	}
	resp, err := http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET setup link: %d", resp.StatusCode)
	}
	resp, err = http.Get("http://" + addr + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /login: %d %s; want the console's page", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	stop()

	stdin = strings.NewReader("correct horse battery\n")
	defer func() { stdin = os.Stdin }()
	mustCLI(t, "admin", "create", "--db", db, "--company-name", "Acme", "--email", "ada@acme.example")
	logs, addr2, stop := startServer(t, db)
	defer stop()
	if strings.Contains(logs.String(), "setup_url") {
		t.Errorf("setup link logged although an admin exists:\n%s", logs.String())
	}
	resp, err = http.Get(strings.Replace(m[1], addr, addr2, 1))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("old setup link after admin create: %d, want 404", resp.StatusCode)
	}
}

// startServer runs `roster serve` on the database at a free port.
func startServer(t *testing.T, db string) (logs *syncWriter, addr string, stop func()) {
	t.Helper()
	return startServerConfig(t, serveConfig{db: db})
}

// startServerConfig is startServer with a whole configuration; its addr
// is a free loopback port.
func startServerConfig(t *testing.T, cfg serveConfig) (logs *syncWriter, addr string, stop func()) {
	t.Helper()
	cfg.addr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	logs = &syncWriter{w: new(bytes.Buffer)}
	go func() {
		cfg.ready = func(a net.Addr) { addrc <- a }
		done <- runServer(ctx, cfg, logs)
	}()
	select {
	case a := <-addrc:
		addr = a.String()
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	var once sync.Once
	return logs, addr, func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
}
