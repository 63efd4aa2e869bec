package storetest

import (
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

// adminTests check directory.AdminStore.
var adminTests = []test{
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
}
