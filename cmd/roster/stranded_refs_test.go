package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestServeResolvesStrandedReferences: a report whose manager a fault
// left pending although the manager is stored (as builds before the
// twenty-sixth round's fix left them) is resolved by the next `roster
// serve` at its start, and the server says so.
func TestServeResolvesStrandedReferences(t *testing.T) {
	db, _, token := companyDB(t, "Entra ID")
	scim := func(addr, method, path string, body any) map[string]any {
		t.Helper()
		code, out := scimRequest(t, addr, token, method, path, body)
		if code >= 300 {
			t.Fatalf("%s %s: %d %v", method, path, code, out)
		}
		return out
	}
	const coreUser, enterprise = "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	managerOf := func(addr, id string) map[string]any {
		t.Helper()
		m, _ := scim(addr, "GET", "/Users/"+id, nil)[enterprise].(map[string]any)["manager"].(map[string]any)
		return m
	}

	_, addr, stop := startServerConfig(t, serveConfig{db: db})
	report := scim(addr, "POST", "/Users", map[string]any{"schemas": []string{coreUser, enterprise},
		"userName": "report@example.com", enterprise: map[string]any{"manager": map[string]any{"value": "boss@example.com"}}})["id"].(string)
	scim(addr, "POST", "/Users", map[string]any{"schemas": []string{coreUser}, "userName": "boss@example.com", "displayName": "Bea Boss"})
	if m := managerOf(addr, report); m["displayName"] != "Bea Boss" {
		t.Fatalf("manager not resolved by the boss's create: %v", m)
	}
	stop()

	// The fault, behind the store's back.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE employees SET manager_id = NULL WHERE id = ?`, report); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	logs, addr, stop := startServerConfig(t, serveConfig{db: db})
	defer stop()
	deadline := time.Now().Add(10 * time.Second)
	for managerOf(addr, report)["displayName"] != "Bea Boss" {
		if time.Now().After(deadline) {
			t.Fatalf("the stranded manager is still pending: %v\n%s", managerOf(addr, report), logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for !strings.Contains(logs.String(), "resolved stranded references") {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not say it resolved them:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "resolved=1") {
		t.Errorf("the warning does not count one:\n%s", logs)
	}
}

// flakyStranded fails its first calls, then resolves n.
type flakyStranded struct {
	fails, calls, n int
}

func (f *flakyStranded) ResolveStrandedReferences(context.Context) (int, error) {
	f.calls++
	if f.calls <= f.fails {
		return 0, errors.New("database unavailable")
	}
	return f.n, nil
}

// TestStrandedReferencesTriedAgain: a start whose database cannot answer
// yet looks again, and logs each failure and what it resolved.
func TestStrandedReferencesTriedAgain(t *testing.T) {
	var out bytes.Buffer
	st := &flakyStranded{fails: 2, n: 3}
	resolveStrandedReferences(t.Context(), st, time.Millisecond, slog.New(slog.NewTextHandler(&out, nil)))
	if st.calls != 3 {
		t.Errorf("%d calls, want 3", st.calls)
	}
	if got := strings.Count(out.String(), "trying again"); got != 2 {
		t.Errorf("%d failures logged, want 2:\n%s", got, out.String())
	}
	if !strings.Contains(out.String(), "resolved=3") {
		t.Errorf("what it resolved is not logged:\n%s", out.String())
	}
}
