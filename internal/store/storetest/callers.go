package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// callerTests check CallerStore: a token's connection, company and
// attributes version in one read, and a version that moves with every
// change of the company's attribute definitions — SCIM servers reuse a
// company's schema while it stays, so a change it missed would be served
// stale.
var callerTests = []test{
	{"ByTokenHash", func(t *testing.T, e *env) {
		c := e.company("Acme")
		token, hash := directory.NewToken()
		conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Okta", TokenHash: hash}
		if err := e.s.CreateConnection(e.ctx, &conn); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.CallerByTokenHash(e.ctx, directory.HashToken(token))
		if err != nil {
			t.Fatal(err)
		}
		if got.Connection.ID != conn.ID || got.Connection.Label != "Okta" || got.Company.ID != c.ID || got.Company.Name != "Acme" ||
			got.Company.Created.IsZero() || got.Connection.Created.IsZero() {
			t.Errorf("caller = %+v", got)
		}
		// Revocation and a pause are seen by the next read.
		if err := e.s.RevokeConnection(e.ctx, conn.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := e.s.SetProvisioningDisabled(e.ctx, c.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ = e.s.CallerByTokenHash(e.ctx, hash)
		if got.Connection.Usable(time.Now().Add(time.Second)) || !got.Company.ProvisioningDisabled {
			t.Errorf("after revoke and pause: %+v", got)
		}
		_, err = e.s.CallerByTokenHash(e.ctx, directory.HashToken("rst_unknown"))
		wantCode(t, err, directory.ENotFound)
	}},
	{"AttributesVersionMovesWithEveryChange", func(t *testing.T, e *env) {
		c, other := e.company("Acme"), e.company("Globex")
		conn, otherConn := e.connection(c.ID, "Okta"), e.connection(other.ID, "Okta")
		version := func(conn directory.Connection) int64 {
			t.Helper()
			got, err := e.s.CallerByTokenHash(e.ctx, conn.TokenHash)
			if err != nil {
				t.Fatal(err)
			}
			defs, v, err := e.s.AttributesVersioned(e.ctx, got.Company.ID)
			if err != nil || v != got.AttributesVersion {
				t.Fatalf("AttributesVersioned = %v, %d, %v; caller's %d", defs, v, err, got.AttributesVersion)
			}
			return v
		}
		last, otherVersion := version(conn), version(otherConn)
		changed := func(what string) {
			t.Helper()
			if v := version(conn); v == last {
				t.Errorf("%s: attributes version stayed %d", what, v)
			} else {
				last = v
			}
		}
		a := e.attribute(c.ID, directory.AttributeDef{Name: "Location", Type: directory.TypeOption, Options: []string{"Paris"}})
		changed("create")
		e.edit(c.ID, a.ID, directory.AttributeEdit{AddAliases: []string{"Office"}})
		changed("add alias")
		e.edit(c.ID, a.ID, directory.AttributeEdit{Rename: "Site"})
		changed("rename")
		e.edit(c.ID, a.ID, directory.AttributeEdit{AddOptions: []string{"Berlin"}})
		changed("add option")
		open := true
		e.edit(c.ID, a.ID, directory.AttributeEdit{Open: &open})
		changed("open the list")
		e.employee(c.ID, "ada@example.com", withValue(a.ID, directory.AttributeValue{Text: "Oslo"}))
		changed("an employee write adding an option to the open list")
		e.employee(c.ID, "bob@example.com", withValue(a.ID, directory.AttributeValue{Text: "Oslo"}))
		if v := version(conn); v != last {
			t.Errorf("an employee write that changes no definition moved the version")
		}
		if _, err := e.s.DeleteAttribute(e.ctx, c.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		changed("delete")
		if v := version(otherConn); v != otherVersion {
			t.Errorf("another company's version moved: %d → %d", otherVersion, v)
		}
		_, _, err := e.s.AttributesVersioned(e.ctx, directory.NewID())
		wantCode(t, err, directory.ENotFound)
	}},
}

// connectionByToken is the connection of CallerByTokenHash: how SCIM
// finds the connection of a token.
func (e *env) connectionByToken(hash []byte) (directory.Connection, error) {
	c, err := e.s.CallerByTokenHash(e.ctx, hash)
	return c.Connection, err
}
