package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// TestActivityCommand: `roster activity` prints the log newest first, one
// entry a line as time<TAB>connection<TAB>operation<TAB>employee<TAB>status<TAB>detail
// (a write's detail is its diff in short, a refusal's its detail), with
// the CLI's own actions ("cli") in it; the filters and --json work.
func TestActivityCommand(t *testing.T) {
	ctx := context.Background()
	db, company, _ := companyDB(t, "Entra")
	conn := strings.Fields(mustCLI(t, "token", "list", "--db", db, "--company", company))[0]

	st, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	by := directory.Actor{ConnectionID: conn, Request: &directory.RequestInfo{Client: directory.ClientEntra, RequestID: "r1", Operation: directory.OpPatch}}
	emp := directory.Employee{ID: directory.NewID(), CompanyID: company, UserName: "ada@example.com", Title: "Engineer", Active: true}
	if err := st.CreateEmployee(ctx, &emp, directory.Actor{ConnectionID: conn}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateEmployee(ctx, company, emp.ID, by, func(e *directory.Employee) error {
		e.Title = "Staff Engineer"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	refusal := directory.LogEntry{CompanyID: company, ConnectionID: conn, Operation: directory.OpCreate, UserName: "bob@example.com",
		Status: 400, ScimType: "invalidValue", Detail: `Location: "Paris" is not an option`}
	if err := st.AppendActivity(ctx, []directory.LogEntry{refusal}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := mustCLI(t, "activity", "--db", db, "--company", company)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	stamp := `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`
	want := []string{
		stamp + "\t" + conn + "\tcreate\tbob@example.com\t400\t" + regexp.QuoteMeta(`Location: "Paris" is not an option`),
		stamp + "\t" + conn + "\tpatch\tada@example.com\t200\t" + regexp.QuoteMeta(`title: "Engineer" → "Staff Engineer"`),
		stamp + "\t" + conn + "\tcreate\tada@example.com\t201\t" + regexp.QuoteMeta(`userName: (none) → "ada@example.com"; title: (none) → "Engineer"; active: (none) → "true"`),
		stamp + "\t" + conn + "\tconnection created\t-\t200\t" + regexp.QuoteMeta(`connection "Entra" created`),
		stamp + "\tcli\tcompany created\t-\t200\t" + regexp.QuoteMeta(`company "Acme" created`),
	}
	if len(lines) != len(want) {
		t.Fatalf("roster activity printed %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if !regexp.MustCompile("^" + w + "$").MatchString(lines[i]) {
			t.Errorf("line %d = %q\nwant %q", i+1, lines[i], w)
		}
	}

	if got := mustCLI(t, "activity", "--db", db, "--company", company, "--failed"); strings.Count(got, "\n") != 1 || !strings.Contains(got, "\t400\t") {
		t.Errorf("--failed printed %q; want the one refusal", got)
	}
	if got := mustCLI(t, "activity", "--db", db, "--company", company, "--employee", emp.ID); strings.Count(got, "\n") != 2 {
		t.Errorf("--employee printed %q; want ada's two entries", got)
	}
	if got := mustCLI(t, "activity", "--db", db, "--company", company, "--connection", conn, "--limit", "2"); strings.Count(got, "\n") != 2 {
		t.Errorf("--connection --limit 2 printed %q", got)
	}
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	if got := mustCLI(t, "activity", "--db", db, "--company", company, "--since", future); got != "" {
		t.Errorf("--since the future printed %q", got)
	}
	got := mustCLI(t, "activity", "--db", db, "--company", company, "--json", "--limit", "2")
	var patch map[string]any
	if err := json.Unmarshal([]byte(strings.Split(got, "\n")[1]), &patch); err != nil {
		t.Fatalf("--json line: %v\n%s", err, got)
	}
	if patch["operation"] != "patch" || patch["client"] != "entra" || patch["requestId"] != "r1" ||
		!strings.Contains(string(must(json.Marshal(patch["changes"]))), `{"attribute":"title","new":"Staff Engineer","old":"Engineer"}`) {
		t.Errorf("--json patch entry = %v", patch)
	}
	if _, _, err := cli(t, "activity", "--db", db, "--company", company, "--since", "yesterday"); exitCode(err) != 2 {
		t.Errorf("--since yesterday: %v; want a usage error", err)
	}
	if _, _, err := cli(t, "activity", "--db", db); exitCode(err) != 2 {
		t.Errorf("no --company: %v; want a usage error", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestServeActivityRetentionFlag: --activity-retention takes days or a
// Go duration; anything else, or zero, is a usage error.
func TestServeActivityRetentionFlag(t *testing.T) {
	for _, bad := range []string{"0d", "soon", "-5h"} {
		_, _, err := cli(t, "serve", "--db", filepath.Join(t.TempDir(), "x.db"), "--activity-retention", bad)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), "--activity-retention") {
			t.Errorf("--activity-retention %s: %v; want a usage error naming the flag", bad, err)
		}
	}
}

// A company attribute's change is shown by the attribute's name, in the
// line and in --json, as the console shows it, not by its stored id.
func TestActivityNamesCompanyAttributes(t *testing.T) {
	ctx := context.Background()
	db, company, _ := companyDB(t, "Entra")
	conn := strings.Fields(mustCLI(t, "token", "list", "--db", db, "--company", company))[0]
	site := strings.TrimSpace(mustCLI(t, "attribute", "create", "--db", db, "--company", company, "--name", "Site", "--type", "option"))
	st, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	emp := directory.Employee{ID: directory.NewID(), CompanyID: company, UserName: "ada@example.com", Active: true,
		Attributes: map[string]directory.AttributeValue{site: {Text: "Berlin"}}}
	if err := st.CreateEmployee(ctx, &emp, directory.Actor{ConnectionID: conn}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := mustCLI(t, "activity", "--db", db, "--company", company, "--employee", emp.ID)
	if !strings.Contains(out, `Site: (none) → "Berlin"`) || strings.Contains(out, site) {
		t.Errorf("activity line: %q; want the attribute by name", out)
	}
	var entry logEntryJSON
	if err := json.Unmarshal([]byte(mustCLI(t, "activity", "--db", db, "--company", company, "--employee", emp.ID, "--json")), &entry); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(entry.Changes, func(c changeJSON) bool { return c.Attribute == "Site" && c.New == "Berlin" }) {
		t.Errorf("--json changes %v; want Site by name", entry.Changes)
	}
}

// --connection naming no connection of the company fails, as the
// console's filter answers 404, instead of printing an empty log.
func TestActivityUnknownConnection(t *testing.T) {
	db, company, _ := companyDB(t, "Entra")
	other := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Other"))
	mustCLI(t, "token", "create", "--db", db, "--company", other, "--label", "Okta")
	theirs := strings.Fields(mustCLI(t, "token", "list", "--db", db, "--company", other))[0]
	for _, id := range []string{"nope", theirs} {
		out, _, err := cli(t, "activity", "--db", db, "--company", company, "--connection", id)
		if exitCode(err) != 1 || out != "" || !strings.Contains(messageOf(err), "has no connection") {
			t.Errorf("--connection %s: exit %d, %q, stdout %q; want 1", id, exitCode(err), messageOf(err), out)
		}
	}
}
