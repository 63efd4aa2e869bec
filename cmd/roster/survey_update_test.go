package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// TestSurveyUpdate: roster survey update changes the flags given and
// prints the round's id; an opened or cancelled round is refused with
// exit 1 and a message saying why; usage errors are exit 2. Schedule,
// update and cancel are in the activity log.
func TestSurveyUpdate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	opens := time.Now().UTC().Truncate(time.Second).AddDate(0, 0, 7)
	schedule := func(name string, opens time.Time) string {
		return strings.TrimSpace(mustCLI(t, "survey", "schedule", "--db", db, "--company", company, "--name", name, "--opens", stamp(opens)))
	}
	round := schedule("Pulse", opens)

	moved := opens.Add(24 * time.Hour)
	out := mustCLI(t, "survey", "update", "--db", db, "--company", company, round, "--name", "Pulse (moved)", "--opens", stamp(moved), "--closes", stamp(moved.Add(time.Hour)))
	if out != round+"\n" {
		t.Errorf("update printed %q; want the round id", out)
	}
	want := round + "\tPulse (moved)\t" + stamp(moved) + "\t" + stamp(moved.Add(time.Hour)) + "\t0\n"
	if got := mustCLI(t, "survey", "list", "--db", db, "--company", company); got != want {
		t.Errorf("list after update = %q; want %q", got, want)
	}
	mustCLI(t, "survey", "update", "--db", db, "--company", company, round, "--name", "Pulse")
	if got := mustCLI(t, "survey", "list", "--db", db, "--company", company); !strings.Contains(got, "\tPulse\t"+stamp(moved)+"\t") {
		t.Errorf("a name-only update moved the round: %q", got)
	}

	opened := schedule("Opened", time.Now().Add(-time.Hour))
	cancelled := schedule("Cancelled", opens)
	mustCLI(t, "survey", "cancel", "--db", db, "--company", company, cancelled)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{opened, "--name", "x"}, 1, "has opened already"},
		{[]string{cancelled, "--name", "x"}, 1, "was cancelled"},
		{[]string{"nope", "--name", "x"}, 1, "not found"},
		{[]string{round, "--opens", stamp(time.Now().Add(-time.Hour))}, 1, "not in the future"},
		{[]string{round, "--closes", stamp(opens)}, 1, "not after it opens"},
		{[]string{round, "--name", " "}, 1, "needs a name"},
		{[]string{round}, 2, "nothing to change"},
		{[]string{round, "--opens", "tomorrow"}, 2, "RFC 3339"},
		{[]string{}, 2, "usage: roster survey update"},
	} {
		stdout, stderr, err := cli(t, append([]string{"survey", "update", "--db", db, "--company", company}, tc.args...)...)
		if exitCode(err) != tc.code || stdout != "" || !strings.Contains(err.Error()+stderr, tc.want) {
			t.Errorf("update %v: exit %d, %v, stdout %q; want exit %d mentioning %q", tc.args, exitCode(err), err, stdout, tc.code, tc.want)
		}
	}

	log := mustCLI(t, "activity", "--db", db, "--company", company)
	for _, w := range []string{"survey scheduled",
		`round "Pulse (moved)" edited: name "Pulse" → "Pulse (moved)"; opens ` + stamp(opens) + ` → ` + stamp(moved) + `; closes ` + stamp(opens.Add(directory.DefaultRoundLength)) + ` → ` + stamp(moved.Add(time.Hour)),
		`round "Pulse" edited: name "Pulse (moved)" → "Pulse"`, // and nothing else
		`round "Cancelled" cancelled`} {
		if !strings.Contains(log, w) {
			t.Errorf("activity log lacks %q:\n%s", w, log)
		}
	}
	if n := strings.Count(log, "survey edited"); n != 2 {
		t.Errorf("%d edits logged; want 2 (refusals are not edits):\n%s", n, log)
	}
}
