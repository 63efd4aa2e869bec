package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"roster/internal/directory"
)

// A write reads what it needs to know of its company (the attribute
// owners, whether the guard holds deletes) after it holds the company's
// lock, so it sees what the write before it committed. Under READ
// COMMITTED, a statement that waits for a row lock rechecks the locked
// row but reads every other table as it was when the statement began:
// read in the locking statement itself, the owners would be the ones from
// before the write it waited for. Here a transaction makes connection A
// the owner of title while holding the lock; a create by connection B
// waits for it, and must not set the title.
func TestCompanyFactsReadAfterTheLock(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	var conns [2]directory.Connection
	for i, label := range []string{"A", "B"} {
		_, hash := directory.NewToken()
		conns[i] = directory.Connection{ID: directory.NewID(), CompanyID: company.ID, Label: label, TokenHash: hash}
		if err := s.CreateConnection(ctx, &conns[i]); err != nil {
			t.Fatal(err)
		}
	}
	db := rawDB(t, u)
	tx := rawTx(t, db)
	if _, err := tx.ExecContext(ctx, `SELECT id FROM companies WHERE id = $1 FOR NO KEY UPDATE`, company.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO attribute_owners (company_id, attribute, connection_id) VALUES ($1, 'title', $2)`,
		company.ID, conns[0].ID); err != nil {
		t.Fatal(err)
	}

	var xid string
	if err := tx.QueryRowContext(ctx, `SELECT pg_current_xact_id()::text`).Scan(&xid); err != nil {
		t.Fatal(err)
	}

	created := make(chan error, 1)
	e := directory.Employee{ID: directory.NewID(), CompanyID: company.ID, UserName: "b@example.com", Title: "Set by B", Active: true}
	go func() { created <- s.CreateEmployee(ctx, &e, directory.Actor{ConnectionID: conns[1].ID}) }()
	waitForLockWaiter(t, db, xid)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-created; err != nil {
		t.Fatal(err)
	}
	got, err := s.Employee(ctx, company.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "" {
		t.Errorf("title = %q: the create applied B's title though A owned it by the time the create held the lock", got.Title)
	}
}

// waitForLockWaiter waits until a session waits for transaction xid to
// end (for a row lock it holds).
func waitForLockWaiter(t *testing.T, db *sql.DB, xid string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = $1`,
			xid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the create did not wait for the company's lock")
		}
	}
}
