package storetest

import (
	"bytes"
	"testing"
	"time"

	"roster/internal/directory"
)

// testPasswordHash is a well-formed PHC string; the store never looks
// inside it.
const testPasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"

func (e *env) admin(companyID, email string) directory.Admin {
	e.t.Helper()
	a := directory.Admin{ID: directory.NewID(), CompanyID: companyID, Email: email, PasswordHash: testPasswordHash}
	if err := e.s.CreateAdmin(e.ctx, &a, nil); err != nil {
		e.t.Fatalf("CreateAdmin(%q): %v", email, err)
	}
	return a
}

func (e *env) session(adminID string, expires time.Time) directory.Session {
	e.t.Helper()
	_, hash := directory.NewToken()
	s := directory.Session{TokenHash: hash, AdminID: adminID, CSRFToken: "csrf-" + adminID, Expires: expires}
	if err := e.s.CreateSession(e.ctx, &s); err != nil {
		e.t.Fatalf("CreateSession: %v", err)
	}
	return s
}

var consoleTests = []test{
	{"Admin/CreateAndGet", func(t *testing.T, e *env) {
		c := e.company("Acme")
		before := time.Now()
		a := e.admin(c.ID, "Ada@Acme.example")
		wantRecent(t, "Created", a.Created, before)
		got, err := e.s.Admin(e.ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "Admin", got, a)
		got, err = e.s.AdminByEmail(e.ctx, "ada@ACME.example")
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "AdminByEmail", got, a)
		_, err = e.s.AdminByEmail(e.ctx, "bob@acme.example")
		wantCode(t, err, directory.ENotFound)
		_, err = e.s.Admin(e.ctx, directory.NewID())
		wantCode(t, err, directory.ENotFound)
	}},
	{"Admin/EmailUniqueAcrossCompanies", func(t *testing.T, e *env) {
		c1, c2 := e.company("Acme"), e.company("Globex")
		e.admin(c1.ID, "ada@example.com")
		err := e.s.CreateAdmin(e.ctx, &directory.Admin{ID: directory.NewID(), CompanyID: c2.ID, Email: "ADA@example.com", PasswordHash: testPasswordHash}, nil)
		wantCode(t, err, directory.EConflict)
	}},
	{"Admin/Invalid", func(t *testing.T, e *env) {
		c := e.company("Acme")
		for _, a := range []directory.Admin{
			{ID: directory.NewID(), CompanyID: c.ID, Email: "not an email", PasswordHash: testPasswordHash},
			{ID: directory.NewID(), CompanyID: c.ID, Email: "Ada <ada@example.com>", PasswordHash: testPasswordHash},
			{ID: directory.NewID(), CompanyID: c.ID, Email: "ada@example.com", PasswordHash: "plaintext"},
			{CompanyID: c.ID, Email: "ada@example.com", PasswordHash: testPasswordHash},
		} {
			wantCode(t, e.s.CreateAdmin(e.ctx, &a, nil), directory.EInvalid)
		}
		err := e.s.CreateAdmin(e.ctx, &directory.Admin{ID: directory.NewID(), CompanyID: directory.NewID(), Email: "ada@example.com", PasswordHash: testPasswordHash}, nil)
		wantCode(t, err, directory.ENotFound)
	}},
	{"Admin/WithNewCompany", func(t *testing.T, e *env) {
		c := directory.Company{ID: directory.NewID(), Name: "Initech"}
		a := directory.Admin{ID: directory.NewID(), CompanyID: c.ID, Email: "peter@initech.example", PasswordHash: testPasswordHash}
		if err := e.s.CreateAdmin(e.ctx, &a, &c); err != nil {
			t.Fatal(err)
		}
		if got, err := e.s.Company(e.ctx, c.ID); err != nil || got.Name != "Initech" {
			t.Fatalf("Company = %+v, %v", got, err)
		}
		// A failing admin leaves no company behind.
		c2 := directory.Company{ID: directory.NewID(), Name: "Orphan"}
		err := e.s.CreateAdmin(e.ctx, &directory.Admin{ID: directory.NewID(), CompanyID: c2.ID, Email: "PETER@initech.example", PasswordHash: testPasswordHash}, &c2)
		wantCode(t, err, directory.EConflict)
		_, err = e.s.Company(e.ctx, c2.ID)
		wantCode(t, err, directory.ENotFound)
	}},
	{"Admin/ListAndCount", func(t *testing.T, e *env) {
		if n, err := e.s.CountAdmins(e.ctx); err != nil || n != 0 {
			t.Fatalf("CountAdmins on an empty store = %d, %v", n, err)
		}
		c1, c2 := e.company("Acme"), e.company("Globex")
		a1 := e.admin(c1.ID, "a1@acme.example")
		a2 := e.admin(c1.ID, "a2@acme.example")
		e.admin(c2.ID, "b@globex.example")
		list, err := e.s.Admins(e.ctx, c1.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "Admins", list, []directory.Admin{a1, a2})
		if n, _ := e.s.CountAdmins(e.ctx); n != 3 {
			t.Errorf("CountAdmins = %d; want 3", n)
		}
	}},
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
	{"Session/Lifecycle", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.admin(c.ID, "ada@acme.example")
		now := time.Now()
		s := e.session(a.ID, now.Add(time.Hour))
		if s.CompanyID != c.ID {
			t.Errorf("CompanyID = %q; want %q", s.CompanyID, c.ID)
		}
		got, err := e.s.SessionByTokenHash(e.ctx, s.TokenHash, now)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "Session", got, s)
		_, err = e.s.SessionByTokenHash(e.ctx, s.TokenHash, now.Add(time.Hour))
		wantCode(t, err, directory.ENotFound)
		if err := e.s.DeleteSession(e.ctx, s.TokenHash); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.SessionByTokenHash(e.ctx, s.TokenHash, now)
		wantCode(t, err, directory.ENotFound)
		if err := e.s.DeleteSession(e.ctx, s.TokenHash); err != nil {
			t.Errorf("deleting a deleted session: %v", err)
		}
	}},
	{"Session/UnknownAdmin", func(t *testing.T, e *env) {
		_, hash := directory.NewToken()
		err := e.s.CreateSession(e.ctx, &directory.Session{TokenHash: hash, AdminID: directory.NewID(), CSRFToken: "x", Expires: time.Now().Add(time.Hour)})
		wantCode(t, err, directory.ENotFound)
	}},
	{"Session/DeleteExpired", func(t *testing.T, e *env) {
		a := e.admin(e.company("Acme").ID, "ada@acme.example")
		now := time.Now()
		old := e.session(a.ID, now.Add(-time.Minute))
		live := e.session(a.ID, now.Add(time.Hour))
		if err := e.s.DeleteExpiredSessions(e.ctx, now); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.SessionByTokenHash(e.ctx, old.TokenHash, now.Add(-time.Hour))
		wantCode(t, err, directory.ENotFound)
		if _, err := e.s.SessionByTokenHash(e.ctx, live.TokenHash, now); err != nil {
			t.Errorf("live session: %v", err)
		}
	}},
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
		gotOld, err := e.s.ConnectionByTokenHash(e.ctx, old.TokenHash)
		if err != nil {
			t.Fatal(err)
		}
		if !gotOld.RevokedAt.Equal(grace) || !gotOld.Usable(time.Now()) || gotOld.Usable(grace) {
			t.Errorf("old connection = %+v; want usable until %v", gotOld, grace)
		}
		gotNew, err := e.s.ConnectionByTokenHash(e.ctx, hash)
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
