package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
)

// TestGuardCommands: guard status prints none, then one line per
// connection with holds (held, connection, count, since); guard release
// prints how many it released, and a mistyped connection is an error.
func TestGuardCommands(t *testing.T) {
	db, company, _ := companyDB(t, "Okta")
	conn := strings.Split(mustCLI(t, "token", "list", "--db", db, "--company", company), "\t")[0]
	if got := mustCLI(t, "guard", "status", "--db", db, "--company", company); got != "none\n" {
		t.Errorf("status before = %q", got)
	}

	// 30 employees: the minimum of 25 deactivations apply, 3 are held.
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	st, err := sqlite.Open(context.Background(), db, sqlite.Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	by := directory.Actor{ConnectionID: conn}
	for i := range 30 {
		e := directory.Employee{ID: directory.NewID(), CompanyID: company, UserName: fmt.Sprintf("u%d", i), Active: true}
		if err := st.CreateEmployee(context.Background(), &e, by); err != nil {
			t.Fatal(err)
		}
		if i < 28 {
			if _, err := st.UpdateEmployee(context.Background(), company, e.ID, by, func(e *directory.Employee) error {
				e.Active = false
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	if got, want := mustCLI(t, "guard", "status", "--db", db, "--company", company), "held\t"+conn+"\t3\t2026-12-01T09:00:00Z\n"; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	if _, _, err := cli(t, "guard", "release", "--db", db, "--company", company, "--connection", "nope"); err == nil {
		t.Errorf("release with an unknown connection succeeded")
	}
	if got := mustCLI(t, "guard", "release", "--db", db, "--company", company, "--connection", conn); got != "3\n" {
		t.Errorf("release = %q; want 3", got)
	}
	if got := mustCLI(t, "guard", "status", "--db", db, "--company", company); got != "none\n" {
		t.Errorf("status after = %q", got)
	}
	if got := mustCLI(t, "guard", "release", "--db", db, "--company", company); got != "0\n" {
		t.Errorf("release again = %q; want 0", got)
	}
	if _, _, err := cli(t, "guard", "status", "--db", db); err == nil {
		t.Errorf("status without --company succeeded")
	}
}
