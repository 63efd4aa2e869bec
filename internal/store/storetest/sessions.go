package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

func (e *env) session(adminID string, expires time.Time) directory.Session {
	e.t.Helper()
	_, hash := directory.NewToken()
	s := directory.Session{TokenHash: hash, AdminID: adminID, CSRFToken: "csrf-" + adminID, Expires: expires}
	if err := e.s.CreateSession(e.ctx, &s); err != nil {
		e.t.Fatalf("CreateSession: %v", err)
	}
	return s
}

// sessionTests check directory.SessionStore.
var sessionTests = []test{
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
}
