package main

import (
	"net/http"
	"strings"
	"testing"
)

// A roster server in its own process on a SQLite file; the CLI, another
// process, revokes the token and adds an attribute: the server's very
// next requests see both.
func TestCLIChangesSeenAtOnceByRunningServer(t *testing.T) {
	db, company, token := companyDB(t, "Okta")
	_, addr := startChildServer(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	send := func(method, path string, body any) (int, map[string]any) {
		t.Helper()
		return scimRequest(t, addr, token, method, path, body)
	}
	const ext = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"
	if code, _ := send("POST", "/Users", map[string]any{"userName": "a@example.com"}); code != 201 {
		t.Fatalf("warm-up create: %d", code)
	}
	mustCLI(t, "attribute", "create", "--db", db, "--company", company, "--name", "Location", "--type", "option", "--option", "Paris")
	code, body := send("POST", "/Users", map[string]any{"userName": "b@example.com", ext: map[string]any{"Location": "Paris"}})
	if code != 201 || body[ext] == nil {
		t.Errorf("create after the CLI added the attribute: %d %v", code, body)
	}
	conn := strings.Fields(mustCLI(t, "token", "list", "--db", db, "--company", company))[0]
	mustCLI(t, "token", "revoke", "--db", db, conn)
	if code, _ := send("GET", "/Users", nil); code != http.StatusUnauthorized {
		t.Errorf("request after the CLI revoked the token: %d, want 401", code)
	}
}
