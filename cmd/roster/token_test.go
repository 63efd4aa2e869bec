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
	if want := `a connection named "Okta" already exists; choose another name or rotate its token`; messageOf(err) != want {
		t.Errorf("duplicate label: %q; want %q without the store's prefix", messageOf(err), want)
	}
	if n := strings.Count(mustCLI(t, "token", "list", "--db", db, "--company", company), "\n"); n != 1 {
		t.Errorf("%d connections after the refused create; want 1", n)
	}
	id := strings.Fields(mustCLI(t, "token", "list", "--db", db, "--company", company))[0]
	mustCLI(t, "token", "revoke", "--db", db, id)
	mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "okta")
}

// Revoking a revoked connection, or cancelling a cancelled round, is done
// as asked (exit 0, the id) without a second activity entry, and the
// revocation keeps its time.
func TestRevokeAndCancelTwice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Okta")
	id := strings.Fields(mustCLI(t, "token", "list", "--db", db, "--company", company))[0]
	mustCLI(t, "token", "revoke", "--db", db, id)
	listed := mustCLI(t, "token", "list", "--db", db, "--company", company)
	round := strings.TrimSpace(mustCLI(t, "survey", "schedule", "--db", db, "--company", company, "--name", "Pulse", "--opens", "2099-01-01T09:00:00Z"))
	mustCLI(t, "survey", "cancel", "--db", db, "--company", company, round)
	for _, args := range [][]string{{"token", "revoke", id}, {"survey", "cancel", "--company", company, round}} {
		out, errOut, err := cli(t, append(append([]string{args[0], args[1], "--db", db}, args[2:len(args)-1]...), args[len(args)-1])...)
		if err != nil || strings.TrimSpace(out) != args[len(args)-1] || !strings.Contains(errOut, "already") {
			t.Errorf("roster %v again: %v, stdout %q, stderr %q; want exit 0, the id, and already", args, err, out, errOut)
		}
	}
	if got := mustCLI(t, "token", "list", "--db", db, "--company", company); got != listed {
		t.Errorf("token list after the second revoke = %q; want %q (the revocation's time kept)", got, listed)
	}
	log := mustCLI(t, "activity", "--db", db, "--company", company)
	for _, op := range []string{"connection revoked", "survey cancelled"} {
		if n := strings.Count(log, op); n != 1 {
			t.Errorf("%d %q entries; want 1:\n%s", n, op, log)
		}
	}
}
