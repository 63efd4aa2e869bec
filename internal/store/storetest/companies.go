package storetest

import (
	"bytes"
	"testing"
	"time"

	"roster/internal/directory"
)

var companyTests = []test{
	{"CreateAndGet", func(t *testing.T, e *env) {
		before := time.Now()
		c := directory.Company{ID: directory.NewID(), Name: "Acme"}
		if err := e.s.CreateCompany(e.ctx, &c); err != nil {
			t.Fatal(err)
		}
		wantRecent(t, "Created", c.Created, before)
		got, err := e.s.Company(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "Company", got, c)
	}},
	{"KeepsGivenCreated", func(t *testing.T, e *env) {
		at := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
		c := directory.Company{ID: directory.NewID(), Name: "Acme", Created: at}
		if err := e.s.CreateCompany(e.ctx, &c); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Company(e.ctx, c.ID)
		wantEqual(t, "Created", got.Created, at.Truncate(time.Microsecond))
	}},
	{"NotFound", func(t *testing.T, e *env) {
		_, err := e.s.Company(e.ctx, directory.NewID())
		wantCode(t, err, directory.ENotFound)
	}},
	{"DuplicateID", func(t *testing.T, e *env) {
		c := e.company("Acme")
		err := e.s.CreateCompany(e.ctx, &directory.Company{ID: c.ID, Name: "Other"})
		wantCode(t, err, directory.EConflict)
	}},
	{"Invalid", func(t *testing.T, e *env) {
		wantCode(t, e.s.CreateCompany(e.ctx, &directory.Company{ID: directory.NewID(), Name: " "}), directory.EInvalid)
		wantCode(t, e.s.CreateCompany(e.ctx, &directory.Company{Name: "No id"}), directory.EInvalid)
	}},
	{"ListByName", func(t *testing.T, e *env) {
		e.company("Zeta")
		e.company("Alpha")
		list, err := e.s.Companies(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range list {
			names = append(names, c.Name)
		}
		wantEqual(t, "names", names, []string{"Alpha", "Zeta"})
	}},
	{"ProvisioningDisabled", func(t *testing.T, e *env) {
		c := e.company("Acme")
		if err := e.s.SetProvisioningDisabled(e.ctx, c.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Company(e.ctx, c.ID)
		if !got.ProvisioningDisabled {
			t.Error("ProvisioningDisabled = false after disabling")
		}
		if err := e.s.SetProvisioningDisabled(e.ctx, c.ID, false); err != nil {
			t.Fatal(err)
		}
		got, _ = e.s.Company(e.ctx, c.ID)
		if got.ProvisioningDisabled {
			t.Error("ProvisioningDisabled = true after enabling")
		}
		wantCode(t, e.s.SetProvisioningDisabled(e.ctx, directory.NewID(), true), directory.ENotFound)
	}},
}

var connectionTests = []test{
	{"CreateAndGet", func(t *testing.T, e *env) {
		c := e.company("Acme")
		before := time.Now()
		_, hash := directory.NewToken()
		conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Entra ID", TokenHash: hash}
		if err := e.s.CreateConnection(e.ctx, &conn); err != nil {
			t.Fatal(err)
		}
		wantRecent(t, "Created", conn.Created, before)
		got, err := e.s.Connection(e.ctx, conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "Connection", got, conn)
		if !got.LastUsed.IsZero() || !got.RevokedAt.IsZero() || got.RequestCount != 0 {
			t.Errorf("new connection = %+v; want never used, not revoked", got)
		}
	}},
	{"ByTokenHash", func(t *testing.T, e *env) {
		c := e.company("Acme")
		e.connection(c.ID, "Okta")
		token, hash := directory.NewToken()
		conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Entra ID", TokenHash: hash}
		if err := e.s.CreateConnection(e.ctx, &conn); err != nil {
			t.Fatal(err)
		}
		got, err := e.connectionByToken(directory.HashToken(token))
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != conn.ID || !bytes.Equal(got.TokenHash, hash) {
			t.Errorf("connection by token = %+v; want %+v", got, conn)
		}
		_, err = e.connectionByToken(directory.HashToken("rst_unknown"))
		wantCode(t, err, directory.ENotFound)
	}},
	{"NotFound", func(t *testing.T, e *env) {
		_, err := e.s.Connection(e.ctx, directory.NewID())
		wantCode(t, err, directory.ENotFound)
		wantCode(t, e.s.RevokeConnection(e.ctx, directory.NewID(), time.Now()), directory.ENotFound)
		wantCode(t, e.s.RecordConnectionUse(e.ctx, directory.NewID(), time.Now(), 1), directory.ENotFound)
	}},
	{"UnknownCompany", func(t *testing.T, e *env) {
		_, hash := directory.NewToken()
		err := e.s.CreateConnection(e.ctx, &directory.Connection{ID: directory.NewID(), CompanyID: directory.NewID(), Label: "Okta", TokenHash: hash})
		wantCode(t, err, directory.ENotFound)
	}},
	{"Invalid", func(t *testing.T, e *env) {
		c := e.company("Acme")
		err := e.s.CreateConnection(e.ctx, &directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Okta", TokenHash: []byte("short")})
		wantCode(t, err, directory.EInvalid)
		_, hash := directory.NewToken()
		err = e.s.CreateConnection(e.ctx, &directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "", TokenHash: hash})
		wantCode(t, err, directory.EInvalid)
	}},
	{"DuplicateToken", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Okta")
		err := e.s.CreateConnection(e.ctx, &directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Copy", TokenHash: conn.TokenHash})
		wantCode(t, err, directory.EConflict)
	}},
	{"ListPerCompany", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		a1 := e.connection(a.ID, "Entra ID")
		e.connection(b.ID, "Okta")
		a2 := e.connection(a.ID, "HR")
		list, err := e.s.Connections(e.ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range list {
			ids = append(ids, c.ID)
		}
		wantEqual(t, "ids", ids, []string{a1.ID, a2.ID})
	}},
	{"RevokeAtTime", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Okta")
		// A rotated token keeps working for a grace period.
		at := time.Now().Add(time.Hour).UTC().Truncate(time.Microsecond)
		if err := e.s.RevokeConnection(e.ctx, conn.ID, at); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Connection(e.ctx, conn.ID)
		wantEqual(t, "RevokedAt", got.RevokedAt, at)
		if !got.Usable(at.Add(-time.Minute)) {
			t.Error("not usable before the revocation time")
		}
		if got.Usable(at) || got.Usable(at.Add(time.Minute)) {
			t.Error("usable from the revocation time on")
		}
		byHash, err := e.connectionByToken(conn.TokenHash)
		if err != nil || !byHash.RevokedAt.Equal(at) {
			t.Errorf("revoked connection by token hash = %+v, %v; want it found with RevokedAt", byHash, err)
		}
	}},
	{"RecordUse", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Okta")
		t1 := time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC)
		t2 := t1.Add(time.Second)
		for _, at := range []time.Time{t1, t2, t1} { // the late t1 must not move LastUsed back
			if err := e.s.RecordConnectionUse(e.ctx, conn.ID, at, 1); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := e.s.Connection(e.ctx, conn.ID)
		wantEqual(t, "RequestCount", got.RequestCount, int64(3))
		wantEqual(t, "LastUsed", got.LastUsed, t2)
		// Several requests counted at once (the HTTP layer batches them).
		if err := e.s.RecordConnectionUse(e.ctx, conn.ID, t1, 40); err != nil {
			t.Fatal(err)
		}
		got, _ = e.s.Connection(e.ctx, conn.ID)
		wantEqual(t, "RequestCount after 40 more", got.RequestCount, int64(43))
		wantEqual(t, "LastUsed", got.LastUsed, t2)
	}},
}
