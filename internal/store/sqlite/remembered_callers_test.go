package sqlite

import (
	"path/filepath"
	"testing"
	"time"

	"roster/internal/directory"
)

// tokenEnv is a company with a connection, and its token's hash, on a
// store of a file of its own.
type tokenEnv struct {
	path    string
	s       *Store
	company directory.Company
	conn    directory.Connection
	hash    []byte
}

func newTokenEnv(t *testing.T) *tokenEnv {
	t.Helper()
	e := &tokenEnv{path: filepath.Join(t.TempDir(), "roster.db")}
	e.s = openAt(t, e.path, Options{})
	e.company = newCompany(t, e.s)
	_, e.hash = directory.NewToken()
	e.conn = directory.Connection{ID: directory.NewID(), CompanyID: e.company.ID, Label: "Entra", TokenHash: e.hash}
	if err := e.s.CreateConnection(t.Context(), &e.conn); err != nil {
		t.Fatal(err)
	}
	return e
}

// caller reads the token's caller and counts the statements it took.
func (e *tokenEnv) caller(t *testing.T) (directory.Caller, int64) {
	t.Helper()
	before := e.s.Statements()
	c, err := e.s.CallerByTokenHash(t.Context(), e.hash)
	if err != nil {
		t.Fatal(err)
	}
	return c, e.s.Statements() - before
}

// rememberedSoon checks that the token's caller is answered without a
// statement right after this process's last write, once the committer
// marked that commit's generation (just after the write's answer).
func (e *tokenEnv) rememberedSoon(t *testing.T, after string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		h, ok := e.s.walIndex.header()
		if m := e.s.callers.committed.Load(); ok && m != nil && m.header == h {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, its commit's generation was never marked", after)
		}
	}
	if _, statements := e.caller(t); statements != 0 {
		t.Fatalf("after %s, the caller was read again (%d statements)", after, statements)
	}
}

// employee creates an employee, a write of this process's.
func (e *tokenEnv) employee(t *testing.T) directory.Employee {
	t.Helper()
	emp := batchCreate(e.company.ID, directory.NewID()+"@example.com")
	if err := e.s.CreateEmployee(t.Context(), emp, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	return *emp
}

// A token's caller is read once while nothing is committed, and read
// again after any commit of another process: a second store on the same
// file, as the CLI is, revoking the token is seen by the very next call.
func TestCallersRememberedUntilACommit(t *testing.T) {
	e := newTokenEnv(t)
	e.caller(t)
	if got, statements := e.caller(t); got.Connection.ID != e.conn.ID || statements != 0 {
		t.Fatalf("caller %+v read again with nothing committed: %d statements", got, statements)
	}
	other := openAt(t, e.path, Options{})
	if err := other.RevokeConnection(t.Context(), e.conn.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got, statements := e.caller(t); statements == 0 || got.Connection.RevokedAt.IsZero() {
		t.Errorf("after another process revoked the token: %d statements, revoked %v; want the caller read again, revoked", statements, got.Connection.RevokedAt)
	}
}

// The caller stays remembered across this process's employee writes, and
// a change to it — this process's or another's, alone or followed by an
// employee write of this process — is seen by the very next call.
func TestCallersRememberedAcrossOwnWrites(t *testing.T) {
	for _, tc := range []struct {
		change string
		do     func(t *testing.T, e *tokenEnv)
		seen   func(c directory.Caller) bool
	}{
		{"revoked here", func(t *testing.T, e *tokenEnv) {
			if err := e.s.RevokeConnection(t.Context(), e.conn.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
		}, func(c directory.Caller) bool { return !c.Connection.RevokedAt.IsZero() }},
		{"revoked by another process, then an employee written here", func(t *testing.T, e *tokenEnv) {
			other := openAt(t, e.path, Options{})
			if err := other.RevokeConnection(t.Context(), e.conn.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			e.employee(t)
		}, func(c directory.Caller) bool { return !c.Connection.RevokedAt.IsZero() }},
		{"provisioning turned off by another process", func(t *testing.T, e *tokenEnv) {
			other := openAt(t, e.path, Options{})
			if err := other.SetProvisioningDisabled(t.Context(), e.company.ID, true); err != nil {
				t.Fatal(err)
			}
		}, func(c directory.Caller) bool { return c.Company.ProvisioningDisabled }},
		{"an attribute defined here, then an employee written", func(t *testing.T, e *tokenEnv) {
			if err := e.s.CreateAttribute(t.Context(), &directory.AttributeDef{ID: directory.NewID(), CompanyID: e.company.ID, Name: "Department", Type: directory.TypeOption}); err != nil {
				t.Fatal(err)
			}
			e.employee(t)
		}, func(c directory.Caller) bool { return c.AttributesVersion > 0 }},
	} {
		t.Run(tc.change, func(t *testing.T) {
			e := newTokenEnv(t)
			e.caller(t)
			e.employee(t)
			e.rememberedSoon(t, "an employee write of this process")
			tc.do(t, e)
			if c, _ := e.caller(t); !tc.seen(c) {
				t.Fatalf("the next call's caller %+v does not show the change", c)
			}
			// And remembered again once read.
			e.employee(t)
			e.rememberedSoon(t, "the change and an employee write")
			if c, _ := e.caller(t); !tc.seen(c) {
				t.Fatalf("the remembered caller %+v does not show the change", c)
			}
		})
	}
}

// Without the generation's row (nothing roster does deletes it) no
// trigger can move it: callers are read, never remembered across a
// commit, and still served.
func TestCallersWithoutTheGenerationsRow(t *testing.T) {
	e := newTokenEnv(t)
	if _, err := e.s.w.ExecContext(t.Context(), `DELETE FROM caller_generation`); err != nil {
		t.Fatal(err)
	}
	e.employee(t)
	for range 3 {
		if _, statements := e.caller(t); statements == 0 {
			t.Fatal("a caller was remembered without the generation's row")
		}
		e.employee(t)
	}
}

// A connection's use — written once a second for every connection that
// made requests — leaves the callers remembered (migration 0032): with
// an operator's hundreds of connections in use, it made every token's
// next request read its caller again, every second.
func TestCallersRememberedAcrossUsage(t *testing.T) {
	e := newTokenEnv(t)
	e.caller(t)
	e.employee(t)
	e.rememberedSoon(t, "an employee write of this process")
	uses := []directory.ConnectionUse{{ConnectionID: e.conn.ID, At: time.Now(), Requests: 5}}
	if err := e.s.RecordConnectionsUse(t.Context(), uses); err != nil {
		t.Fatal(err)
	}
	e.rememberedSoon(t, "this process's write of the connection's use")
}
