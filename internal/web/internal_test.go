package web

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

func TestSearchWords(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"ada", []string{"ada"}},
		{" Ada\tLovelace ", []string{"Ada", "Lovelace"}},
		{`a"b\c <x>`, []string{`a"b\c`, "<x>"}},
		{`") or (userName pr`, []string{`")`, "or", "(userName", "pr"}},
		{"\u2028 \x00 ünïcødé", []string{"\x00", "ünïcødé"}},
		{"a b c d e f g h", []string{"a", "b", "c", "d", "e"}}, // maxSearchTerms
	} {
		if got := searchWords(c.q); !slices.Equal(got, c.want) {
			t.Errorf("searchWords(%q) = %q; want %q", c.q, got, c.want)
		}
	}
}

// TestStatusActive: the status choice asks the store a typed question,
// never SCIM filter text.
func TestStatusActive(t *testing.T) {
	for _, c := range []struct {
		status string
		want   *bool
	}{
		{"active", ptr(true)},
		{"deactivated", ptr(false)},
		{"all", nil},
		{"", nil},
		{"Active", nil}, // the handler turns anything else into "all"
	} {
		if got := statusActive(c.status); !reflect.DeepEqual(got, c.want) {
			t.Errorf("statusActive(%q) = %v; want %v", c.status, show(got), show(c.want))
		}
	}
}

func ptr[T any](v T) *T { return &v }

func show(b *bool) string {
	if b == nil {
		return "nil"
	}
	return strconv.FormatBool(*b)
}

func TestConnectionChains(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return now.Add(time.Duration(h) * time.Hour) }
	conns := []directory.Connection{
		{ID: "a1", Label: "Entra ID", Created: at(-30), RevokedAt: at(-20), RequestCount: 5, LastUsed: at(-21)},
		{ID: "a2", Label: "Entra ID", Created: at(-20), RevokedAt: at(2), RequestCount: 3, LastUsed: at(-1)},
		{ID: "a3", Label: "Entra ID", Created: at(-2), RequestCount: 1, LastUsed: at(-3)},
		{ID: "b1", Label: "Okta", Created: at(-10), RevokedAt: at(-5)},
	}
	repl := map[string]string{"a1": "a2", "a2": "a3"}
	rows := connectionChains(conns, repl, now)
	if len(rows) != 2 || rows[0].ID != "b1" || rows[1].ID != "a3" {
		t.Fatalf("rows = %+v; want b1 (newest chain first), then a3", rows)
	}
	a := rows[1]
	if a.Requests != 9 || !a.LastUsed.Equal(at(-1)) || !a.Created.Equal(at(-30)) || !a.TokenCreated.Equal(at(-2)) ||
		a.Rotations != 2 || !a.Active || !a.PreviousUntil.Equal(at(2)) {
		t.Errorf("Entra chain = %+v", a)
	}
	if rows[0].Active || !rows[0].RevokedAt.Equal(at(-5)) {
		t.Errorf("Okta = %+v; want revoked", rows[0])
	}
	// Bad data (a cycle) must not hang (directory.ReplacedChain's own test
	// has the chains).
	cyc := map[string]string{"x": "y", "y": "x"}
	connectionChains([]directory.Connection{{ID: "x"}, {ID: "y"}}, cyc, now)
}

func TestPasswords(t *testing.T) {
	p := PasswordParams{Memory: 64, Time: 1, Threads: 1}
	h := HashPassword("correct horse battery", p)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash = %q", h)
	}
	if h == HashPassword("correct horse battery", p) {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !VerifyPassword("correct horse battery", h) {
		t.Error("the password does not verify")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=64,t=1,p=1$", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdA$aGFzaA", strings.Replace(h, "$argon2id$v=19$m=64", "$argon2id$v=19$m=65", 1)} {
		if VerifyPassword("correct horse battery", bad) {
			t.Errorf("verified against %q", bad)
		}
	}
	if VerifyPassword("correct horse batterY", h) {
		t.Error("a wrong password verifies")
	}
	if err := CheckPassword("123456789"); directory.ErrorCode(err) != directory.EInvalid {
		t.Errorf("9 characters: %v", err)
	}
	if err := CheckPassword("ünïcødé!!!"); err != nil {
		t.Errorf("10 characters (not bytes): %v", err)
	}
}

// Every kind of an employee's activity reads as words on the employee
// page, never as its stored name.
func TestActivityLabels(t *testing.T) {
	for _, kind := range []string{directory.ActivityReferenceCleared, directory.ActivityReferenceResolved,
		directory.ActivityGuardReleased, directory.ActivityGuardRestored, directory.ActivityNotApplied} {
		if got := activityLabel(kind); got == kind || strings.Contains(got, "_") {
			t.Errorf("activityLabel(%q) = %q; want words", kind, got)
		}
	}
}
