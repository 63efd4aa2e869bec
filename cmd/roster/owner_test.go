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
	if log := mustCLI(t, "activity", "--db", db, "--company", company, "--limit", "1"); !strings.Contains(log, "owner set") ||
		!strings.Contains(log, `Site is owned by "Workday HR": other connections' writes of it are not applied`) {
		t.Errorf("activity after owner set: %q", log)
	}
	if got != want {
		t.Errorf("owner list = %q; want %q", got, want)
	}
	out, errOut, err := cli(t, "owner", "clear", "--db", db, "--company", company, "--attribute", "Site")
	if err != nil || out != "" || !strings.Contains(errOut, "Site has no owner: every connection's writes of it apply") {
		t.Errorf("owner clear: %v, stdout %q, stderr %q; want what it did on stderr", err, out, errOut)
	}
	if got := mustCLI(t, "owner", "list", "--db", db, "--company", company); got != "department\t"+conn+"\tWorkday HR\n" {
		t.Errorf("after clear: %q", got)
	}
	// Clearing what has no owner (again, or a mistyped name) is done, but
	// said, so that a typo does not look like a cleared owner.
	for _, attr := range []string{"Site", "bogusattr"} {
		_, errOut, err := cli(t, "owner", "clear", "--db", db, "--company", company, "--attribute", attr)
		if err != nil || !strings.Contains(errOut, "has no owner; nothing cleared") {
			t.Errorf("owner clear %s: %v, stderr %q; want nothing cleared, said", attr, err, errOut)
		}
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

// Revoking a connection that owns attributes ends its ownership, and
// says which attributes every connection writes again, on stderr and in
// the activity log.
func TestRevokingAnOwner(t *testing.T) {
	db, company, _ := companyDB(t, "Workday HR")
	conn := strings.Split(mustCLI(t, "token", "list", "--db", db, "--company", company), "\t")[0]
	mustCLI(t, "attribute", "create", "--db", db, "--company", company, "--name", "Site", "--type", "option")
	mustCLI(t, "owner", "set", "--db", db, "--company", company, "--attribute", "department", "--connection", conn)
	mustCLI(t, "owner", "set", "--db", db, "--company", company, "--attribute", "Site", "--connection", conn)
	out, errOut, err := cli(t, "token", "revoke", "--db", db, conn)
	want := `connection "Workday HR" revoked; it owned Site, department, which every connection writes again`
	if err != nil || out != conn+"\n" || !strings.Contains(errOut, want) {
		t.Errorf("token revoke: %v, stdout %q, stderr %q; want %q", err, out, errOut, want)
	}
	if got := mustCLI(t, "owner", "list", "--db", db, "--company", company); got != "" {
		t.Errorf("owners after the revocation: %q", got)
	}
	if log := mustCLI(t, "activity", "--db", db, "--company", company, "--limit", "1"); !strings.Contains(log, want) {
		t.Errorf("activity: %q; want %q", log, want)
	}
}
