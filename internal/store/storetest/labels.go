package storetest

import (
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// labelTests: a connection label is unique among the company's live
// connections, case-insensitively (directory.Connection).
var labelTests = []test{
	{"UniqueCaseInsensitive", func(t *testing.T, e *env) {
		c := e.company("Acme")
		e.connection(c.ID, "Okta")
		e.connection(c.ID, "Ärzte")
		for _, label := range []string{"Okta", "OKTA", "okta", "ÄRZTE", "ärzte"} {
			_, hash := directory.NewToken()
			err := e.s.CreateConnection(e.ctx, &directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: label, TokenHash: hash})
			wantCode(t, err, directory.EConflict)
			if !strings.Contains(err.Error(), "already exists; choose another name or rotate its token") {
				t.Errorf("CreateConnection(%q): %v; want the label conflict", label, err)
			}
		}
		e.connection(c.ID, "Okta 2")
		e.connection(e.company("Globex").ID, "okta") // per company
		if conns, _ := e.s.Connections(e.ctx, c.ID); len(conns) != 3 {
			t.Errorf("%d connections; want 3", len(conns))
		}
	}},
	{"RevokedFreesLabel", func(t *testing.T, e *env) {
		c := e.company("Acme")
		old := e.connection(c.ID, "Okta")
		if err := e.s.RevokeConnection(e.ctx, old.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		e.connection(c.ID, "okta")
	}},
	{"RotationHandsLabelOn", func(t *testing.T, e *env) {
		c := e.company("Acme")
		old := e.connection(c.ID, "Okta")
		next := e.rotate(old.ID, "Okta", time.Hour)
		// The old token still works, under the same name: the chain is one
		// connection, so the name is still taken.
		_, hash := directory.NewToken()
		err := e.s.CreateConnection(e.ctx, &directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "OKTA", TokenHash: hash})
		wantCode(t, err, directory.EConflict)
		e.rotate(next.ID, "Okta", 0)
	}},
	{"RotationToATakenLabel", func(t *testing.T, e *env) {
		c := e.company("Acme")
		old := e.connection(c.ID, "Okta")
		e.connection(c.ID, "Entra ID")
		_, hash := directory.NewToken()
		err := e.s.RotateConnection(e.ctx, old.ID, &directory.Connection{ID: directory.NewID(), Label: "entra id", TokenHash: hash}, time.Now())
		wantCode(t, err, directory.EConflict)
		if !strings.Contains(err.Error(), `"Entra ID" already exists`) {
			t.Errorf("rotation to a taken label: %v", err)
		}
		if got, _ := e.s.Connection(e.ctx, old.ID); !got.RevokedAt.IsZero() {
			t.Errorf("a refused rotation revoked the old token: %+v", got)
		}
		e.rotate(old.ID, "Okta", 0) // it still holds its own label
	}},
	{"ConcurrentCreatesOneWins", func(t *testing.T, e *env) {
		c := e.company("Acme")
		errs := make([]error, 6)
		Concurrently(len(errs), func(i int) {
			_, hash := directory.NewToken()
			label := []string{"Okta", "OKTA"}[i%2]
			errs[i] = e.s.CreateConnection(e.ctx, &directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: label, TokenHash: hash})
		})
		created := 0
		for _, err := range errs {
			switch {
			case err == nil:
				created++
			case directory.ErrorCode(err) != directory.EConflict || !strings.Contains(err.Error(), "already exists; choose another name"):
				t.Errorf("concurrent create: %v; want the label conflict", err)
			}
		}
		if created != 1 {
			t.Errorf("%d concurrent creates of one label succeeded; want 1", created)
		}
	}},
}

// rotate rotates connection id to a new connection labelled label whose
// predecessor works for grace.
func (e *env) rotate(id, label string, grace time.Duration) directory.Connection {
	e.t.Helper()
	_, hash := directory.NewToken()
	next := directory.Connection{ID: directory.NewID(), Label: label, TokenHash: hash}
	if err := e.s.RotateConnection(e.ctx, id, &next, time.Now().Add(grace)); err != nil {
		e.t.Fatalf("RotateConnection(%s): %v", id, err)
	}
	return next
}
