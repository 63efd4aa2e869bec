package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// callerCheckTests check that the reads of a store that reads a
// request's caller with them (directory.CallerCheck; PostgreSQL) read it
// in their own snapshot as CallerByTokenHash would: a GET from a token
// seen before then costs no round trip of its own for the caller, and a
// revoked token or an unknown one is still told apart on its very next
// request. (SQLite does not: measured twice, the check inside its read
// costs about what it saves, and holding the answer more.)
var callerCheckTests = []test{
	{"CheckedWithReads", func(t *testing.T, e *env) {
		checker, ok := e.s.(directory.CallerChecker)
		if !ok || !checker.ChecksCallers() {
			t.Skip("the store does not read callers with its reads")
		}
		c := e.company("Acme")
		conn := e.connection(c.ID, "Entra")
		emp := e.employee(c.ID, "ada@example.com")
		lookup, err := filter.Parse(schema.UserType(nil), `userName eq "ada@example.com"`)
		if err != nil {
			t.Fatal(err)
		}
		reads := map[string]func(check *directory.CallerCheck) error{
			"lookup": func(check *directory.CallerCheck) error {
				_, _, err := e.s.Employees(directory.WithCallerCheck(e.ctx, check), c.ID, directory.EmployeeQuery{Filter: lookup, Limit: 100})
				return err
			},
			"page": func(check *directory.CallerCheck) error {
				_, _, err := e.s.Employees(directory.WithCallerCheck(e.ctx, check), c.ID, directory.EmployeeQuery{Limit: 100})
				return err
			},
			"by id": func(check *directory.CallerCheck) error {
				_, err := e.s.Employee(directory.WithCallerCheck(e.ctx, check), c.ID, emp.ID)
				return err
			},
		}
		checkAll := func(when string, hash []byte) {
			t.Helper()
			want, wantErr := e.s.CallerByTokenHash(e.ctx, hash)
			for name, read := range reads {
				check := &directory.CallerCheck{TokenHash: hash}
				if err := read(check); err != nil {
					t.Fatalf("%s, %s: %v", when, name, err)
				}
				if !check.Read {
					t.Errorf("%s, %s: the caller was not read with it", when, name)
					continue
				}
				if directory.ErrorCode(check.Err) != directory.ErrorCode(wantErr) || check.Caller.Connection.ID != want.Connection.ID ||
					!check.Caller.Connection.RevokedAt.Equal(want.Connection.RevokedAt) || check.Caller.Company != want.Company ||
					check.Caller.AttributesVersion != want.AttributesVersion {
					t.Errorf("%s, %s: checked %+v, %v; CallerByTokenHash %+v, %v", when, name, check.Caller, check.Err, want, wantErr)
				}
			}
		}
		checkAll("usable", conn.TokenHash)
		if err := e.s.RevokeConnection(e.ctx, conn.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		checkAll("revoked", conn.TokenHash)
		_, unknown := directory.NewToken()
		checkAll("unknown", unknown)
	}},
}
