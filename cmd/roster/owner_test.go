package main

import (
	"strings"
	"testing"
)

// TestOwnerCommands: set, list and clear owners by attribute name (core
// or company), one line per owner; bad input is an error, not a crash.
func TestOwnerCommands(t *testing.T) {
	db, company, _ := companyDB(t, "Workday HR")
	conn := strings.Split(mustCLI(t, "token", "list", "--db", db, "--company", company), "\t")[0]
	mustCLI(t, "attribute", "create", "--db", db, "--company", company, "--name", "Site", "--type", "option")

	mustCLI(t, "owner", "set", "--db", db, "--company", company, "--attribute", "department", "--connection", conn)
	mustCLI(t, "owner", "set", "--db", db, "--company", company, "--attribute", "site", "--connection", conn)
	got := mustCLI(t, "owner", "list", "--db", db, "--company", company)
	want := "Site\t" + conn + "\tWorkday HR\ndepartment\t" + conn + "\tWorkday HR\n"
	if got != want {
		t.Errorf("owner list = %q; want %q", got, want)
	}
	mustCLI(t, "owner", "clear", "--db", db, "--company", company, "--attribute", "Site")
	if got := mustCLI(t, "owner", "list", "--db", db, "--company", company); got != "department\t"+conn+"\tWorkday HR\n" {
		t.Errorf("after clear: %q", got)
	}
	for _, args := range [][]string{
		{"--attribute", "userName", "--connection", conn},
		{"--attribute", "costCentre", "--connection", conn},
		{"--attribute", "department", "--connection", "nope"},
		{"--attribute", "department"},
	} {
		if _, _, err := cli(t, append([]string{"owner", "set", "--db", db, "--company", company}, args...)...); err == nil {
			t.Errorf("owner set %v succeeded", args)
		}
	}
}
