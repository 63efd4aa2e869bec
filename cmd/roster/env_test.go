package main

import (
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A variable a flag would refuse on the command line is refused from the
// environment too (exit 2, naming the variable and what the flag takes),
// where it used to become the flag's default without a word.
func TestEnvValuesTheFlagRefuses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	for _, tc := range []struct{ name, value, takes string }{
		{"ROSTER_REQUEST_TIMEOUT", "30", "a duration"},
		{"ROSTER_DRAIN", "forever", "a duration"},
		{"ROSTER_DB_KEEPALIVE", "zz", "a duration"},
		{"ROSTER_RATE_LIMIT", "lots", "a number"},
		{"ROSTER_BULK_MAX_OPERATIONS", "-5x", "a whole number"},
		{"ROSTER_PASSWORD_MEMORY_MIB", "lots", "a whole number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			_, _, err := cli(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
			if exitCode(err) != 2 || !strings.Contains(err.Error(), tc.name+`="`+tc.value+`"`) || !strings.Contains(err.Error(), tc.takes) {
				t.Errorf("serve with %s=%s: exit %d, %v; want 2 naming it and %q", tc.name, tc.value, exitCode(err), err, tc.takes)
			}
		})
	}
	t.Run("ROSTER_BENCH_CEILING", func(t *testing.T) {
		t.Setenv("ROSTER_BENCH_CEILING", "yes")
		if _, _, err := cli(t, "bench", "--db", db, "--phases", "sync", "--employees", "1"); exitCode(err) != 2 || !strings.Contains(err.Error(), "true or false") {
			t.Errorf("bench with ROSTER_BENCH_CEILING=yes: exit %d, %v; want 2", exitCode(err), err)
		}
	})
}

// fromEnv sets a flag from its variable through the flag itself (a
// fraction for a float, as --rate-limit takes), and the command line
// still wins.
func TestFromEnv(t *testing.T) {
	newSet := func() (*flag.FlagSet, *float64, *time.Duration, *string) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		return fs, fs.Float64("rate", 100, "rate (env ROSTER_TEST_RATE)"),
			fs.Duration("wait", time.Second, "wait (env ROSTER_TEST_WAIT)"),
			fs.String("plain", "p", "no variable")
	}
	t.Setenv("ROSTER_TEST_RATE", "0.5")
	t.Setenv("ROSTER_TEST_WAIT", "2m")
	fs, rate, wait, plain := newSet()
	if err := parse(fs, nil); err != nil || *rate != 0.5 || *wait != 2*time.Minute || *plain != "p" {
		t.Errorf("from the environment: %v, rate %v, wait %v, plain %q", err, *rate, *wait, *plain)
	}
	fs, rate, wait, _ = newSet()
	if err := parse(fs, []string{"--rate", "7"}); err != nil || *rate != 7 || *wait != 2*time.Minute {
		t.Errorf("the command line over the environment: %v, rate %v, wait %v", err, *rate, *wait)
	}
	t.Setenv("ROSTER_TEST_RATE", "")
	fs, rate, _, _ = newSet()
	if err := parse(fs, nil); err != nil || *rate != 100 {
		t.Errorf("an empty variable: %v, rate %v; want the default", err, *rate)
	}
}

// A flag after the positional arguments wins over the environment too:
// survey why reads its flags in two goes.
func TestFlagAfterArgumentsOverEnv(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", db, "--name", "Acme"))
	t.Setenv("ROSTER_DB", filepath.Join(t.TempDir(), "missing", "dir", "x.db"))
	_, _, err := cli(t, "survey", "why", "--company", company, "round", "employee", "--db", db)
	if err == nil || strings.Contains(err.Error(), "missing") || !strings.Contains(err.Error(), "round") {
		t.Errorf("survey why with --db after its arguments: %v; want the round not found in --db's database", err)
	}
}

// --help is help asked for, exit 0, at every level; a group's help is the
// usage, on stdout.
func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"company", "--help"}, {"survey", "-h"}, {"company", "create", "--help"}, {"serve", "--help"}, {"survey", "why", "--help"}} {
		if _, _, err := cli(t, args...); err != nil && exitCode(err) != 0 {
			t.Errorf("roster %v: exit %d (%v), want 0", args, exitCode(err), err)
		}
	}
	if out, _, _ := cli(t, "company", "--help"); !strings.HasPrefix(out, "roster: SCIM 2.0") {
		t.Errorf("roster company --help printed %q", out)
	}
	if _, _, err := cli(t, "frobnicate", "--help"); exitCode(err) != 2 {
		t.Errorf("an unknown command's --help: exit %d, want 2", exitCode(err))
	}
}
