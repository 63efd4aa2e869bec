package storetest

import (
	"bytes"
	"testing"
	"time"

	"roster/internal/directory"
)

// rotationTests check directory.RotationStore.
var rotationTests = []test{
	{"Rotate/BothTokensDuringGrace", func(t *testing.T, e *env) {
		c := e.company("Acme")
		old := e.connection(c.ID, "Entra ID")
		_, hash := directory.NewToken()
		next := directory.Connection{ID: directory.NewID(), Label: old.Label, TokenHash: hash}
		grace := time.Now().Add(time.Hour).UTC().Truncate(time.Microsecond)
		if err := e.s.RotateConnection(e.ctx, old.ID, &next, grace); err != nil {
			t.Fatal(err)
		}
		if next.CompanyID != c.ID || next.Created.IsZero() {
			t.Errorf("next = %+v", next)
		}
		gotOld, err := e.connectionByToken(old.TokenHash)
		if err != nil {
			t.Fatal(err)
		}
		if !gotOld.RevokedAt.Equal(grace) || !gotOld.Usable(time.Now()) || gotOld.Usable(grace) {
			t.Errorf("old connection = %+v; want usable until %v", gotOld, grace)
		}
		gotNew, err := e.connectionByToken(hash)
		if err != nil {
			t.Fatal(err)
		}
		if gotNew.ID != next.ID || !gotNew.Usable(time.Now().Add(24*time.Hour)) || gotNew.Label != "Entra ID" {
			t.Errorf("new connection = %+v", gotNew)
		}
		repl, err := e.s.ConnectionReplacements(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "replacements", repl, map[string]string{old.ID: next.ID})
		if other, _ := e.s.ConnectionReplacements(e.ctx, e.company("Globex").ID); len(other) != 0 {
			t.Errorf("another company's replacements: %v", other)
		}
		// Rotating the old one again would fork the chain.
		_, hash2 := directory.NewToken()
		err = e.s.RotateConnection(e.ctx, old.ID, &directory.Connection{ID: directory.NewID(), Label: "x", TokenHash: hash2}, time.Now())
		wantCode(t, err, directory.EConflict)
	}},
	{"Rotate/HandsOverProvenance", func(t *testing.T, e *env) {
		c := e.company("Acme")
		old := e.connection(c.ID, "Entra ID")
		by := directory.Actor{ConnectionID: old.ID}
		emp := e.employeeBy(c.ID, "ada@example.com", by, func(p *directory.Employee) { p.Title = "Engineer"; p.Department = "R&D" })
		updated, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, by, func(p *directory.Employee) error {
			p.Department = "Research"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		admin := directory.Actor{AdminID: "admin-1"}
		byAdmin, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, admin, func(p *directory.Employee) error {
			p.Locale = "de-DE"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, hash := directory.NewToken()
		next := directory.Connection{ID: directory.NewID(), Label: old.Label, TokenHash: hash}
		if err := e.s.RotateConnection(e.ctx, old.ID, &next, time.Now()); err != nil {
			t.Fatal(err)
		}
		got := e.get(c.ID, emp.ID)
		nextBy := directory.Actor{ConnectionID: next.ID}
		wantEqual(t, "title, set by the creation", got.Provenance["title"], directory.SetBy{Actor: nextBy, At: emp.Created})
		wantEqual(t, "userName, set by the creation", got.Provenance["userName"], directory.SetBy{Actor: nextBy, At: emp.Created})
		wantEqual(t, "department, set by an update", got.Provenance["department"], directory.SetBy{Actor: nextBy, At: updated.LastModified})
		wantEqual(t, "locale, set by an administrator", got.Provenance["locale"], directory.SetBy{Actor: admin, At: byAdmin.LastModified})
		if _, ok := got.Provenance["nickName"]; ok {
			t.Error("an attribute never set has provenance")
		}
	}},
	{"Rotate/RevokeAtOnce", func(t *testing.T, e *env) {
		c := e.company("Acme")
		old := e.connection(c.ID, "Okta")
		_, hash := directory.NewToken()
		now := time.Now()
		if err := e.s.RotateConnection(e.ctx, old.ID, &directory.Connection{ID: directory.NewID(), Label: "Okta", TokenHash: hash}, now); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Connection(e.ctx, old.ID)
		if got.Usable(now) {
			t.Errorf("old token still usable: %+v", got)
		}
	}},
	{"Rotate/Refused", func(t *testing.T, e *env) {
		c := e.company("Acme")
		_, hash := directory.NewToken()
		err := e.s.RotateConnection(e.ctx, directory.NewID(), &directory.Connection{ID: directory.NewID(), Label: "x", TokenHash: hash}, time.Now())
		wantCode(t, err, directory.ENotFound)
		revoked := e.connection(c.ID, "Okta")
		if err := e.s.RevokeConnection(e.ctx, revoked.ID, time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		err = e.s.RotateConnection(e.ctx, revoked.ID, &directory.Connection{ID: directory.NewID(), Label: "x", TokenHash: hash}, time.Now())
		wantCode(t, err, directory.EConflict)
		live := e.connection(c.ID, "Entra ID")
		other := e.company("Globex")
		err = e.s.RotateConnection(e.ctx, live.ID, &directory.Connection{ID: directory.NewID(), CompanyID: other.ID, Label: "x", TokenHash: hash}, time.Now())
		wantCode(t, err, directory.EInvalid)
		err = e.s.RotateConnection(e.ctx, live.ID, &directory.Connection{ID: directory.NewID(), Label: "x", TokenHash: live.TokenHash}, time.Now())
		wantCode(t, err, directory.EConflict)
		if got, _ := e.s.Connection(e.ctx, live.ID); !got.RevokedAt.IsZero() || !bytes.Equal(got.TokenHash, live.TokenHash) {
			t.Errorf("a refused rotation changed the connection: %+v", got)
		}
	}},
	{"Rotate/GraceNeverExtendsARevocation", func(t *testing.T, e *env) {
		c := e.company("Acme")
		old := e.connection(c.ID, "Okta")
		soon := time.Now().Add(time.Minute).UTC().Truncate(time.Microsecond)
		if err := e.s.RevokeConnection(e.ctx, old.ID, soon); err != nil {
			t.Fatal(err)
		}
		_, hash := directory.NewToken()
		if err := e.s.RotateConnection(e.ctx, old.ID, &directory.Connection{ID: directory.NewID(), Label: "Okta", TokenHash: hash}, soon.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.s.Connection(e.ctx, old.ID); !got.RevokedAt.Equal(soon) {
			t.Errorf("RevokedAt = %v; want the earlier %v", got.RevokedAt, soon)
		}
	}},
}
