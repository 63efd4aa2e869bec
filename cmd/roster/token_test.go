package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTokenCreateDuplicateLabel: a label a live connection of the company
// has, in any case, is refused with exit status 1 and a message saying
// what to do; the output contract (the token alone on one line) holds
// for the one that is created, and a revoked connection frees its label.
func TestTokenCreateDuplicateLabel(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	out := mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Okta")
	if !regexp.MustCompile(`^rst_[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Fatalf("token create printed %q; want the token alone on one line", out)
	}
	out, _, err := cli(t, "token", "create", "--db", db, "--company", company, "--label", "OKTA")
	if err == nil || exitCode(err) != 1 || out != "" {
		t.Fatalf("duplicate label: exit %d, %v, stdout %q; want exit 1, no token", exitCode(err), err, out)
	}
	if want := `a connection named "Okta" already exists; choose another name or rotate its token`; !strings.Contains(err.Error(), want) ||
		strings.Contains(err.Error(), "sqlite") {
		t.Errorf("duplicate label: %q; want %q without the store's prefix", err, want)
	}
	if n := strings.Count(mustCLI(t, "token", "list", "--db", db, "--company", company), "\n"); n != 1 {
		t.Errorf("%d connections after the refused create; want 1", n)
	}
	id := strings.Fields(mustCLI(t, "token", "list", "--db", db, "--company", company))[0]
	mustCLI(t, "token", "revoke", "--db", db, id)
	mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "okta")
}
