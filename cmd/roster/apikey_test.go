package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAPIKeyCommands: apikey create prints the key alone on one line; the
// served /api/v1 accepts it (and refuses the SCIM token); list shows the
// shape scripts rely on; only the hash is stored; revoke makes it 401.
func TestAPIKeyCommands(t *testing.T) {
	db, company, token := companyDB(t, "Entra ID")
	out := mustCLI(t, "apikey", "create", "--db", db, "--label", "survey engine", "--company", company)
	if !regexp.MustCompile(`^rak_[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Fatalf("apikey create printed %q; want the key alone on one line", out)
	}
	key := strings.TrimSpace(out)
	mustCLI(t, "apikey", "create", "--db", db, "--label", "reports")
	if _, _, err := cli(t, "apikey", "create", "--db", db, "--label", "x", "--company", "no-such-company"); err == nil {
		t.Error("a key for an unknown company was created")
	}

	list := strings.Split(strings.TrimSpace(mustCLI(t, "apikey", "list", "--db", db)), "\n")
	if len(list) != 2 {
		t.Fatalf("apikey list = %q; want 2 keys", list)
	}
	f := strings.Split(list[0], "\t")
	if len(f) != 5 || f[1] != "survey engine" || f[3] != company || f[4] != "active" {
		t.Fatalf("apikey list line = %q; want id, label, created, companies, status", list[0])
	}
	if g := strings.Split(list[1], "\t"); len(g) != 5 || g[3] != "all" {
		t.Errorf("unlimited key's line = %q; want companies \"all\"", list[1])
	}

	_, addr, stop := startServer(t, db)
	defer stop()
	get := func(credential string) int {
		req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/companies/"+company+"/employees", nil)
		req.Header.Set("Authorization", "Bearer "+credential)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := get(key); s != http.StatusOK {
		t.Fatalf("with the key: %d; want 200", s)
	}
	if s := get(token); s != http.StatusUnauthorized {
		t.Errorf("with the SCIM token: %d; want 401", s)
	}
	for _, file := range []string{db, db + "-wal"} {
		if raw, err := os.ReadFile(file); err == nil && bytes.Contains(raw, []byte(key)) {
			t.Errorf("%s holds the API key in clear", filepath.Base(file))
		}
	}
	mustCLI(t, "apikey", "revoke", "--db", db, f[0])
	if s := get(key); s != http.StatusUnauthorized {
		t.Errorf("after revoke: %d; want 401", s)
	}
	if !strings.Contains(mustCLI(t, "apikey", "list", "--db", db), "\trevoked\n") {
		t.Error("apikey list does not show the revoked key as revoked")
	}
}
