package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// companyDB makes a SQLite file in the test's directory with a company
// and a connection labelled label, through the CLI, as a new user does.
func companyDB(t *testing.T, label string) (db, company, token string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "roster.db")
	company = strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	token = strings.TrimSpace(mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", label))
	return db, company, token
}

// scimRequest sends a SCIM request with token to the server at addr
// (body as JSON unless nil) and returns its status and decoded body.
func scimRequest(t *testing.T, addr, token, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var payload []byte
	if body != nil {
		payload, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, "http://"+addr+"/scim/v2"+path, bytes.NewReader(payload))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}
