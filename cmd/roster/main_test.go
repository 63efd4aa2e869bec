package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"roster/internal/directory"
)

// cli runs a roster command line and returns stdout and stderr.
func cli(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := cli(t, args...)
	if err != nil {
		t.Fatalf("roster %s: %v\nstderr: %s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// TestQuickStart walks the README's quick start: serve, company create,
// token create, then a SCIM filter request with the token.
func TestQuickStart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	if strings.Count(mustCLI(t, "company", "list", "--db", db), "\n") != 1 || company == "" {
		t.Fatalf("company create printed %q", company)
	}
	tokenOut := mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Entra ID")
	if strings.Count(tokenOut, "\n") != 1 || !strings.HasPrefix(tokenOut, "rst_") {
		t.Fatalf("token create printed %q, want the token alone on one line", tokenOut)
	}
	token := strings.TrimSpace(tokenOut)

	logs, addr, stop := startServer(t, db)
	defer stop()

	req, _ := http.NewRequest("GET", "http://"+addr+`/scim/v2/Users?filter=userName%20eq%20%22x%22`, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || body["totalResults"] != float64(0) {
		t.Fatalf("status %d, body %v", resp.StatusCode, body)
	}

	list := mustCLI(t, "token", "list", "--db", db, "--company", company)
	fields := strings.Split(strings.TrimSpace(list), "\t")
	if len(fields) != 6 || fields[1] != "Entra ID" || fields[4] != "1" || fields[5] != "active" {
		t.Fatalf("token list = %q", list)
	}
	// Only the token's hash is stored: its text is nowhere in the
	// database files, and the server's log does not show it.
	for _, f := range []string{db, db + "-wal"} {
		if raw, err := os.ReadFile(f); err == nil && bytes.Contains(raw, []byte(token)) {
			t.Errorf("%s holds the bearer token in clear", filepath.Base(f))
		}
	}
	if strings.Contains(logs.String(), token) {
		t.Error("the server log shows the bearer token")
	}
	mustCLI(t, "token", "revoke", "--db", db, fields[0])
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("after revoke: status %d, want 401", resp2.StatusCode)
	}
	if !strings.Contains(logs.String(), "scim_base_url=http://127.0.0.1:") {
		t.Errorf("log does not tell the SCIM base URL:\n%s", logs.String())
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"company", "create"}, {"token", "create", "--company", "x"}, {"token", "revoke"}} {
		_, _, err := cli(t, args...)
		if exitCode(err) != 2 {
			t.Errorf("roster %v: exit code %d (%v), want 2", args, exitCode(err), err)
		}
	}
	_, _, err := cli(t, "token", "create", "--db", filepath.Join(t.TempDir(), "r.db"), "--company", "nope", "--label", "x")
	if err == nil || exitCode(err) != 1 {
		t.Errorf("token create for unknown company: %v", err)
	}
}

// syncWriter lets the server goroutine log while the test reads.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}

// A command of one company given an id that is no company's fails (exit
// 1) instead of printing an empty list, which a script would take for a
// company with nothing in it; so does a connection that is not the
// company's; a --type that is no type is a usage error (exit 2).
func TestUnknownCompany(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	mustCLI(t, "company", "create", "--db", db, "--name", "Acme")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Other"))
	// A well-formed flag naming nothing of the company: a failure (1);
	// a value the flag cannot take: a usage error (2).
	if _, _, err := cli(t, "guard", "release", "--db", db, "--company", company, "--connection", "00000000-0000-0000-0000-000000000000"); exitCode(err) != 1 {
		t.Errorf("guard release of an unknown connection: exit %d (%v), want 1", exitCode(err), err)
	}
	for _, args := range [][]string{{"attribute", "create", "--company", company, "--name", "N", "--type", "bogus"}, {"attribute", "update", "--company", company, "N", "--type", "bogus"}} {
		if _, _, err := cli(t, append(args, "--db", db)...); exitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), `--type "bogus"`) {
			t.Errorf("roster %v: exit %d (%v), want 2 naming the type", args, exitCode(err), err)
		}
	}
	for _, cmd := range [][]string{{"token", "list"}, {"employee", "list"}, {"attribute", "list"}, {"owner", "list"}, {"survey", "list"}, {"guard", "status"}} {
		out, _, err := cli(t, append(cmd, "--db", db, "--company", "nope")...)
		if exitCode(err) != 1 || out != "" || !strings.Contains(fmt.Sprint(err), `"nope"`) {
			t.Errorf("roster %v --company nope: exit %d (%v), stdout %q; want 1 naming the id", cmd, exitCode(err), err, out)
		}
	}
}

// Every list the CLI prints keeps one record a line with its fields: a
// name or label is one line of text (refused otherwise, and trimmed, so
// that "ENTRA ID " is the live "Entra ID"), and values that may hold
// tabs, line breaks or other control characters (an option, a userName
// an identity provider sent) come out with spaces in their place.
func TestListsKeepOneRecordALine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", " Acme "))
	mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Entra ID")
	for _, args := range [][]string{
		{"company", "create", "--name", "Line1\nLine2"},
		{"token", "create", "--company", company, "--label", "Ok\tta"},
		{"token", "create", "--company", company, "--label", "ENTRA ID "},
		{"apikey", "create", "--label", "key\x01"},
		{"attribute", "create", "--company", company, "--name", "Dept\nName", "--type", "option"},
	} {
		if out, _, err := cli(t, append(args, "--db", db)...); exitCode(err) != 1 || out != "" {
			t.Errorf("roster %q: exit %d (%v), stdout %q; want 1", args, exitCode(err), err, out)
		}
	}
	mustCLI(t, "attribute", "create", "--db", db, "--company", company, "--name", "Dept", "--type", "option", "--option", "Sup\tport")
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	e := &directory.Employee{ID: directory.NewEmployeeID(), CompanyID: company, UserName: "ada\tlovelace\n@acme.example", Active: true}
	if err := st.CreateEmployee(context.Background(), e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, tc := range []struct {
		args   []string
		fields int
		shown  string
	}{
		{[]string{"company", "list"}, 2, company + "\tAcme"},
		{[]string{"attribute", "list", "--company", company}, 6, "Sup port"},
		{[]string{"employee", "list", "--company", company}, 4, "ada lovelace @acme.example"},
	} {
		out := mustCLI(t, append(tc.args, "--db", db)...)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 1 || len(strings.Split(lines[0], "\t")) != tc.fields || !strings.Contains(lines[0], tc.shown) {
			t.Errorf("roster %v printed %q; want one line of %d fields showing %q", tc.args, out, tc.fields, tc.shown)
		}
	}
}

// A command refused for its input prints the domain's message alone,
// as written for a person, not the store's prefixes and error codes
// around it ("sqlite: connection: not_found: …"); a database that could
// not answer keeps its cause, which is what the operator needs.
func TestFailureMessages(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Entra")
	noCompany := `no company with id "nope" (roster company list shows them)`
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"token", "create", "--company", "nope", "--label", "x"}, noCompany},
		{[]string{"attribute", "create", "--company", "nope", "--name", "N", "--type", "date"}, noCompany},
		{[]string{"activity", "--company", "nope"}, noCompany},
		{[]string{"token", "revoke", "nope"}, `connection "nope" not found`},
		{[]string{"token", "create", "--company", company, "--label", "Entra"}, `a connection named "Entra" already exists; choose another name or rotate its token`},
		{[]string{"employee", "show", "--company", company, "nope"}, `employee "nope" not found`},
		{[]string{"survey", "cancel", "--company", company, "nope"}, `survey round "nope" not found`},
	} {
		_, _, err := cli(t, append(tc.args, "--db", db)...)
		if exitCode(err) != 1 || messageOf(err) != tc.want {
			t.Errorf("roster %v: exit %d, message %q; want 1, %q", tc.args, exitCode(err), messageOf(err), tc.want)
		}
	}
	down := fmt.Errorf("sqlite: company: %w", directory.Unavailable(errors.New("database is locked")))
	if got := messageOf(down); !strings.Contains(got, "database is locked") {
		t.Errorf("unavailable: %q, want its cause", got)
	}
}

// A command that reads or changes what a database holds, given a SQLite
// path where there is no file (a --db mistyped), fails naming the path
// and leaves no file behind, instead of answering from a new empty
// database; the commands that make a database's first things create it,
// as roster serve does.
func TestMissingDatabaseFile(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "rostr.db")
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"company", "list"}, {"apikey", "list"}, {"apikey", "revoke", "x"}, {"token", "revoke", "x"},
		{"token", "list", "--company", "x"}, {"token", "create", "--company", "x", "--label", "l"}, {"employee", "list", "--company", "x"},
		// Creating commands that name a company need it to exist.
		{"apikey", "create", "--label", "l", "--company", "x"}, {"admin", "create", "--company", "x", "--email", "a@b.example", "--password-file", pw}} {
		out, _, err := cli(t, append(args, "--db", typo)...)
		if exitCode(err) != 1 || out != "" || !strings.Contains(messageOf(err), "no roster database at "+typo) {
			t.Errorf("roster %v on a missing file: exit %d, %q, stdout %q; want 1 naming the path", args, exitCode(err), messageOf(err), out)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("roster %v created %s", args, typo)
		}
	}
	fresh := filepath.Join(dir, "new.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", fresh, "--name", "Acme"))
	if out := mustCLI(t, "company", "list", "--db", fresh); !strings.HasPrefix(out, company+"\t") {
		t.Errorf("company list after company create on a new file: %q", out)
	}
	// SQLite's own URI form is left to SQLite, as roster serve takes it.
	if out := mustCLI(t, "company", "list", "--db", "file:"+fresh); !strings.HasPrefix(out, company+"\t") {
		t.Errorf("company list of a file: URI: %q", out)
	}
	// A key for a company that is not there names it as every command does.
	if _, _, err := cli(t, "apikey", "create", "--db", fresh, "--label", "l", "--company", "nope"); messageOf(err) != `no company with id "nope" (roster company list shows them)` {
		t.Errorf("apikey create for an unknown company: %q", messageOf(err))
	}
}

// attribute create tells where identity providers send a new attribute,
// or, for a name no SCIM path can hold, why not and what to add: a name
// with spaces, and one with letters outside A-Z, which has none.
func TestAttributeCreateSaysWhereToSend(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	for name, want := range map[string]string{
		"Employed_Since": "identity providers send it as urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since",
		"Employed since": "cannot appear in a SCIM path (only letters A-Z, digits, '_' and '-' can), so add an --alias",
		"ñandú":          "cannot appear in a SCIM path (only letters A-Z, digits, '_' and '-' can), so add an --alias",
	} {
		_, errOut, err := cli(t, "attribute", "create", "--db", db, "--company", company, "--name", name, "--type", "date")
		if err != nil || !strings.Contains(errOut, want) {
			t.Errorf("attribute create --name %q: %v, stderr %q; want %q", name, err, errOut, want)
		}
	}
}
