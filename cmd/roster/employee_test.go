package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
)

// TestEmployeeShowNamesActors: the status history names who made each
// change as the console does (directory.Actor.Label): the connection's
// label, the admin's email, or roster.
func TestEmployeeShowNamesActors(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	st, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, hash := directory.NewToken()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: company, Label: "Entra ID", TokenHash: hash}
	admin := directory.Admin{ID: directory.NewID(), CompanyID: company, Email: "ada@acme.example", PasswordHash: "$argon2id$x"}
	emp := directory.Employee{ID: directory.NewID(), CompanyID: company, UserName: "grace@acme.example", Active: true,
		Name: directory.Name{GivenName: "Grace", FamilyName: "Hopper"}}
	set := func(by directory.Actor, active bool) {
		t.Helper()
		if _, err := st.UpdateEmployee(ctx, company, emp.ID, by, func(e *directory.Employee) error { e.Active = active; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CreateConnection(ctx, &conn); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAdmin(ctx, &admin, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEmployee(ctx, &emp, directory.Actor{ConnectionID: conn.ID}); err != nil {
		t.Fatal(err)
	}
	set(directory.Actor{AdminID: admin.ID}, false)
	set(directory.Actor{}, true)
	st.Close()

	out := mustCLI(t, "employee", "show", "--db", db, "--company", company, emp.ID)
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "status change: ") {
			_, by, _ := strings.Cut(l, " by ")
			got = append(got, by)
		}
	}
	if want := []string{"Entra ID", "admin ada@acme.example", "roster"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("status changes by %q; want %q\n%s", got, want, out)
	}
	if !strings.Contains(out, "name: Grace Hopper\n") {
		t.Errorf("no name line:\n%s", out)
	}
}
