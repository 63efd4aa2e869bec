package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// setupTests check directory.SetupStore.
var setupTests = []test{
	{"Setup/OnceOnly", func(t *testing.T, e *env) {
		_, hash := directory.NewToken()
		_, other := directory.NewToken()
		if err := e.s.AddSetupToken(e.ctx, hash, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AddSetupToken(e.ctx, other, time.Now()); err != nil {
			t.Fatal(err)
		}
		if ok, err := e.s.SetupTokenValid(e.ctx, hash); err != nil || !ok {
			t.Fatalf("SetupTokenValid = %v, %v; want true", ok, err)
		}
		if ok, _ := e.s.SetupTokenValid(e.ctx, directory.HashToken("rst_unknown")); ok {
			t.Error("an unknown setup token is valid")
		}
		bad := directory.Company{ID: directory.NewID(), Name: "Acme"}
		err := e.s.CompleteSetup(e.ctx, directory.HashToken("rst_unknown"), &bad,
			&directory.Admin{ID: directory.NewID(), CompanyID: bad.ID, Email: "ada@acme.example", PasswordHash: testPasswordHash})
		wantCode(t, err, directory.ENotFound)

		c := directory.Company{ID: directory.NewID(), Name: "Acme"}
		a := directory.Admin{ID: directory.NewID(), CompanyID: c.ID, Email: "ada@acme.example", PasswordHash: testPasswordHash}
		if err := e.s.CompleteSetup(e.ctx, hash, &c, &a); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AdminByEmail(e.ctx, "ada@acme.example"); err != nil {
			t.Fatal(err)
		}
		for _, h := range [][]byte{hash, other} {
			if ok, _ := e.s.SetupTokenValid(e.ctx, h); ok {
				t.Error("a setup token is still valid after setup")
			}
			c2 := directory.Company{ID: directory.NewID(), Name: "Again"}
			err := e.s.CompleteSetup(e.ctx, h, &c2, &directory.Admin{ID: directory.NewID(), CompanyID: c2.ID, Email: "eve@acme.example", PasswordHash: testPasswordHash})
			wantCode(t, err, directory.ENotFound)
		}
	}},
	{"Setup/NotAfterAnAdminExists", func(t *testing.T, e *env) {
		_, hash := directory.NewToken()
		if err := e.s.AddSetupToken(e.ctx, hash, time.Now()); err != nil {
			t.Fatal(err)
		}
		e.admin(e.company("Acme").ID, "cli@acme.example") // roster admin create
		if ok, _ := e.s.SetupTokenValid(e.ctx, hash); ok {
			t.Error("setup token valid although an admin exists")
		}
		c := directory.Company{ID: directory.NewID(), Name: "Late"}
		err := e.s.CompleteSetup(e.ctx, hash, &c, &directory.Admin{ID: directory.NewID(), CompanyID: c.ID, Email: "late@acme.example", PasswordHash: testPasswordHash})
		wantCode(t, err, directory.EConflict)
		if _, err := e.s.Company(e.ctx, c.ID); directory.ErrorCode(err) != directory.ENotFound {
			t.Errorf("failed setup left its company: %v", err)
		}
	}},
}
