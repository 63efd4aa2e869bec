package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
)

// TestAttributeUpdate: the attribute-edit rules from the command line —
// option rename rewriting values, a removal in use refused with the count
// until --yes, rename keeping the old name as an alias, open lists, type
// conversion refused with an example — each change in the activity log.
func TestAttributeUpdate(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	id := strings.TrimSpace(mustCLI(t, "attribute", "create", "--db", db, "--company", company, "--name", "Office", "--type", "option", "--option", "NYC", "--option", "Paris"))
	st, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, hash := directory.NewToken()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: company, Label: "Entra ID", TokenHash: hash}
	if err := st.CreateConnection(ctx, &conn); err != nil {
		t.Fatal(err)
	}
	var people []directory.Employee
	for i, office := range []string{"NYC", "Paris", "paris"} {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: company, UserName: []string{"ada", "bob", "cat"}[i] + "@acme.example", Active: true,
			Attributes: map[string]directory.AttributeValue{id: {Text: office}}}
		if err := st.CreateEmployee(ctx, &emp, directory.Actor{ConnectionID: conn.ID}); err != nil {
			t.Fatal(err)
		}
		people = append(people, emp)
	}
	st.Close()
	value := func(emp directory.Employee) string {
		t.Helper()
		st, err := sqlite.Open(ctx, db, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		got, err := st.Employee(ctx, company, emp.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Attributes[id].Text
	}
	update := func(args ...string) (string, string, error) {
		return cli(t, append([]string{"attribute", "update", "--db", db, "--company", company}, args...)...)
	}

	out, _, err := update("Office", "--rename-option", "nyc=New York", "--add-option", "Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if want := id + "\tOffice\toption\t-\tNew York,Paris,Berlin\turn:ietf:params:scim:schemas:extension:peakon:2.0:User:Office\n"; out != want {
		t.Errorf("stdout = %q; want %q", out, want)
	}
	if got := value(people[0]); got != "New York" {
		t.Errorf("renamed option's value = %q", got)
	}

	_, errOut, err := update("office", "--remove-option", "Paris")
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "2 employees") || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("removing an option in use: err %v (exit %d), stderr %q; want exit 1 naming 2 employees and --yes", err, exitCode(err), errOut)
	}
	if got := value(people[1]); got != "Paris" {
		t.Errorf("value after the refusal = %q; want it kept", got)
	}
	if _, _, err := update("Office", "--remove-option", "Paris", "--yes"); err != nil {
		t.Fatal(err)
	}
	if got := value(people[1]) + value(people[2]); got != "" {
		t.Errorf("values of a removed option = %q; want cleared", got)
	}

	out, _, err = update(id, "--rename", "Location", "--alias", "Site", "--open")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\tLocation\toption\tOffice,Site\tNew York,Berlin,…\t") {
		t.Errorf("after rename: %q", out)
	}
	// The old name still names it.
	if _, _, err := update("office", "--remove-alias", "site"); err != nil {
		t.Fatal(err)
	}

	_, _, err = update("Location", "--type", "number")
	if err == nil || !strings.Contains(err.Error(), "1 of 1 values") || !strings.Contains(err.Error(), `"New York"`) {
		t.Errorf("type change: %v; want the count and an example", err)
	}

	for _, args := range [][]string{
		{"Location"}, // nothing to change
		{"Location", "--open", "--closed"},
		{"Location", "--rename-option", "NoEquals"},
		{"--rename", "X"}, // no attribute named
	} {
		if _, _, err := update(args...); exitCode(err) != 2 {
			t.Errorf("update %q: %v (exit %d); want usage error, exit 2", args, err, exitCode(err))
		}
	}
	if _, _, err := update("Nope", "--rename", "X"); exitCode(err) != 1 || !strings.Contains(err.Error(), `"Nope"`) {
		t.Errorf("unknown attribute: %v", err)
	}

	log := mustCLI(t, "activity", "--db", db, "--company", company)
	for _, want := range []string{`option "nyc" renamed to "New York"`, `removed option "Paris" (2 employees cleared)`, `renamed from "Office"`} {
		if !strings.Contains(log, want) {
			t.Errorf("activity log lacks %q:\n%s", want, log)
		}
	}

	// Deleting says who sent it recently.
	_, errOut, err = cli(t, "attribute", "delete", "--db", db, "--company", company, id)
	if err == nil || !strings.Contains(errOut, "Entra ID ("+conn.ID+"): 3 writes") {
		t.Errorf("delete without --confirm: %v; stderr %q; want the refusal naming Entra ID as a sender", err, errOut)
	}
}
