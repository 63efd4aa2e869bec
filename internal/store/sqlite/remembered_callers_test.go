package sqlite

import (
	"path/filepath"
	"testing"
	"time"

	"roster/internal/directory"
)

// A token's caller is read once while nothing is committed, and read
// again after any commit: another process's (a second store on the same
// file, as the CLI is) revoking the token is seen by the very next call.
func TestCallersRememberedUntilACommit(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "roster.db")
	s := openAt(t, path, Options{})
	c := newCompany(t, s)
	_, hash := directory.NewToken()
	n := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Entra", TokenHash: hash}
	if err := s.CreateConnection(ctx, &n); err != nil {
		t.Fatal(err)
	}
	// caller reads the token's caller, and counts the statements it took.
	caller := func() (directory.Caller, int64, error) {
		before := s.Statements()
		got, err := s.CallerByTokenHash(ctx, hash)
		return got, s.Statements() - before, err
	}
	if _, _, err := caller(); err != nil {
		t.Fatal(err)
	}
	got, statements, err := caller()
	if err != nil || got.Connection.ID != n.ID {
		t.Fatalf("caller %+v, %v", got, err)
	}
	if statements != 0 {
		t.Errorf("the caller read again with nothing committed: %d statements", statements)
	}

	// Another process: a store of its own on the same file.
	other := openAt(t, path, Options{})
	if err := other.RevokeConnection(ctx, n.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, statements, err = caller()
	if err != nil {
		t.Fatal(err)
	}
	if statements == 0 || got.Connection.RevokedAt.IsZero() {
		t.Errorf("after another process revoked the token: %d statements, revoked %v; want the caller read again, revoked", statements, got.Connection.RevokedAt)
	}
}
