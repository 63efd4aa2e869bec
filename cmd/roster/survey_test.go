package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
)

// TestSurveyCommands: three rounds a week apart (in the past, with
// histories written through a store on a settable clock); an employee
// deactivated by Okta between rounds 1 and 2 and reactivated between 2
// and 3 is in rounds 1 and 3, not 2, and why names the connection and
// the request.
func TestSurveyCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "roster.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	mustCLI(t, "token", "create", "--db", db, "--company", company, "--label", "Okta")
	conn := strings.Split(mustCLI(t, "token", "list", "--db", db, "--company", company), "\t")[0]

	base := time.Now().UTC().Truncate(time.Second).AddDate(0, 0, -30)
	day := func(n int) time.Time { return base.AddDate(0, 0, n) }
	var mu sync.Mutex
	now := base
	st, err := sqlite.Open(context.Background(), db, sqlite.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	if err != nil {
		t.Fatal(err)
	}
	setNow := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
	by := func(req string) directory.Actor {
		return directory.Actor{ConnectionID: conn, Request: &directory.RequestInfo{Client: directory.ClientOkta, RequestID: req}}
	}
	ada := directory.Employee{ID: directory.NewID(), CompanyID: company, UserName: "ada@example.com", Active: true}
	bob := directory.Employee{ID: directory.NewID(), CompanyID: company, UserName: "bob@example.com", Active: true}
	for _, e := range []*directory.Employee{&ada, &bob} {
		if err := st.CreateEmployee(context.Background(), e, by("r_create")); err != nil {
			t.Fatal(err)
		}
	}
	setActive := func(at time.Time, active bool, req string) {
		setNow(at)
		if _, err := st.UpdateEmployee(context.Background(), company, ada.ID, by(req), func(e *directory.Employee) error {
			e.Active = active
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	setActive(day(3), false, "r_deact")
	setActive(day(10), true, "r_react")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	var rounds []string
	for i, opens := range []time.Time{day(1), day(8), day(15)} {
		id := strings.TrimSpace(mustCLI(t, "survey", "schedule", "--db", db, "--company", company,
			"--name", "Week "+string(rune('1'+i)), "--opens", opens.Format(time.RFC3339)))
		rounds = append(rounds, id)
	}
	stamp := func(t time.Time) string { return t.Format(time.RFC3339) }
	wantList := rounds[0] + "\tWeek 1\t" + stamp(day(1)) + "\t" + stamp(day(8)) + "\t2\n" +
		rounds[1] + "\tWeek 2\t" + stamp(day(8)) + "\t" + stamp(day(15)) + "\t1\n" +
		rounds[2] + "\tWeek 3\t" + stamp(day(15)) + "\t" + stamp(day(22)) + "\t2\n"
	if got := mustCLI(t, "survey", "list", "--db", db, "--company", company); got != wantList {
		t.Errorf("survey list =\n%s\nwant\n%s", got, wantList)
	}
	both := sortedLines(ada.ID+"\tada@example.com", bob.ID+"\tbob@example.com")
	for i, want := range []string{both, bob.ID + "\tbob@example.com\n", both} {
		if got := mustCLI(t, "survey", "audience", "--db", db, "--company", company, rounds[i]); got != want {
			t.Errorf("round %d audience = %q; want %q", i+1, got, want)
		}
	}
	if got := mustCLI(t, "survey", "why", "--db", db, "--company", company, rounds[0], ada.ID); got != "included\n" {
		t.Errorf("why round 1 = %q", got)
	}
	want := "excluded\tdeactivated at " + stamp(day(3)) + " by Okta (request r_deact)\n"
	if got := mustCLI(t, "survey", "why", "--db", db, "--company", company, rounds[1], ada.ID); got != want {
		t.Errorf("why round 2 = %q; want %q", got, want)
	}
	if got := mustCLI(t, "survey", "why", "--db", db, "--company", company, rounds[1], "gone"); got != "excluded\tnot found (deleted?)\n" {
		t.Errorf("why unknown = %q", got)
	}

	// A schedule prints its id and makes its next rounds at once.
	start := time.Now().UTC().Truncate(time.Second).AddDate(0, 0, 7)
	sched := strings.TrimSpace(mustCLI(t, "survey", "schedule", "--db", db, "--company", company, "--name", "Pulse",
		"--opens", stamp(start), "--every", "2w"))
	if sched == "" {
		t.Fatal("no schedule id")
	}
	list := mustCLI(t, "survey", "list", "--db", db, "--company", company)
	if n := strings.Count(list, "\tPulse "); n != directory.UpcomingRounds {
		t.Errorf("%d scheduled rounds listed:\n%s", n, list)
	}
	if !strings.Contains(list, "\tPulse "+start.Format("2006-01-02")+"\t"+stamp(start)+"\t") {
		t.Errorf("the first round does not open at --opens:\n%s", list)
	}

	for _, args := range [][]string{
		{"schedule", "--company", company, "--name", "x"},
		{"schedule", "--company", company, "--name", "x", "--opens", "tomorrow"},
		{"schedule", "--company", company, "--name", "", "--opens", stamp(start)},
		{"schedule", "--company", company, "--name", "x", "--opens", stamp(start), "--every", "3d"},
		{"schedule", "--company", company, "--name", "x", "--opens", stamp(start), "--closes", stamp(start.Add(-time.Hour))},
		{"schedule", "--company", "nope", "--name", "x", "--opens", stamp(start)},
		{"audience", "--company", company, "nope"},
		{"audience", "--company", company},
		{"why", "--company", company, rounds[0]},
		{"list"},
	} {
		if _, _, err := cli(t, append([]string{"survey", args[0], "--db", db}, args[1:]...)...); err == nil {
			t.Errorf("survey %v succeeded", args)
		}
	}
}

func sortedLines(lines ...string) string {
	if lines[0] > lines[1] {
		lines[0], lines[1] = lines[1], lines[0]
	}
	return strings.Join(lines, "\n") + "\n"
}

// A mistake in survey schedule's command line is a usage error (exit
// status 2) told before the database is opened: none is created.
func TestSurveyScheduleUsageBeforeDatabase(t *testing.T) {
	opens := stamp(time.Now().Add(24 * time.Hour))
	for _, args := range [][]string{
		{"--every", "3d"},
		{"--every", "2w", "--closes", opens},
	} {
		db := filepath.Join(t.TempDir(), "roster.db")
		_, _, err := cli(t, append([]string{"survey", "schedule", "--db", db, "--company", "c", "--name", "x", "--opens", opens}, args...)...)
		var usage usageError
		if !errors.As(err, &usage) {
			t.Errorf("survey schedule %v: %v, want a usage error", args, err)
		}
		if _, statErr := os.Stat(db); !errors.Is(statErr, fs.ErrNotExist) {
			t.Errorf("survey schedule %v: the database was opened (%v)", args, statErr)
		}
	}
}
