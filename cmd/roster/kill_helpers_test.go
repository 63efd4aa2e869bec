package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/postgres/pgtest"
)

// onBothBackends runs test on a new SQLite file and on a new PostgreSQL
// schema, each a subtest.
func onBothBackends(t *testing.T, test func(t *testing.T, db string)) {
	t.Run("SQLite", func(t *testing.T) { test(t, filepath.Join(t.TempDir(), "roster.db")) })
	t.Run("PostgreSQL", func(t *testing.T) { test(t, pgtest.EmptySchema(t)) })
}

// killable is a server of the test's own on a database, with a company
// and a connection's token, for a test that kills it mid-work.
type killable struct {
	cmd                  *exec.Cmd
	addr, company, token string
}

// startKillable creates a company and a connection labelled label in db
// and starts a server on it, throttling off.
func startKillable(t *testing.T, db, label string) killable {
	t.Helper()
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	token := strings.TrimSpace(mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", label))
	cmd, addr := startChildServer(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--rate-limit", "0")
	return killable{cmd: cmd, addr: addr, company: company, token: token}
}

// post sends body as JSON to the SCIM path with the token.
func (k killable) post(client *http.Client, path string, body any) (*http.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest("POST", "http://"+k.addr+"/scim/v2"+path, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+k.token)
	req.Header.Set("Content-Type", "application/scim+json")
	return client.Do(req)
}

// storedAfterKill reopens db once the server is gone: the store (closed
// when the test ends) and the ids of the company's employees by userName.
func (k killable) storedAfterKill(t *testing.T, db string) (directory.Store, map[string]string) {
	t.Helper()
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	stored, _, err := st.Employees(context.Background(), k.company, directory.EmployeeQuery{Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ids := make(map[string]string, len(stored))
	for _, e := range stored {
		ids[e.UserName] = e.ID
	}
	return st, ids
}
