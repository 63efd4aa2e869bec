package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// apiKey stores a new key limited to companies (none: every company) and
// returns it with the key itself.
func (e *env) apiKey(label string, companies ...string) (directory.APIKey, string) {
	e.t.Helper()
	key, hash := directory.NewAPIKey()
	k := directory.APIKey{ID: directory.NewID(), Label: label, Companies: companies, Hash: hash}
	if err := e.s.CreateAPIKey(e.ctx, &k); err != nil {
		e.t.Fatalf("CreateAPIKey(%q): %v", label, err)
	}
	return k, key
}

var apiKeyTests = []test{
	{"FoundByHashWithCompanies", func(t *testing.T, e *env) {
		a, b := e.company("Acme"), e.company("Globex")
		before := time.Now()
		k, key := e.apiKey("survey engine", b.ID, a.ID, a.ID)
		got, err := e.s.APIKeyByHash(e.ctx, directory.HashAPIKey(key))
		if err != nil {
			t.Fatal(err)
		}
		wantRecent(t, "Created", got.Created, before)
		wantEqual(t, "companies", got.Companies, sorted([]string{a.ID, b.ID}))
		if got.ID != k.ID || got.Label != "survey engine" || !got.Matches(key) || !got.Usable(time.Now()) {
			t.Errorf("key = %+v", got)
		}
		if !got.Allows(a.ID) || got.Allows(directory.NewID()) {
			t.Errorf("Allows: a limited key must see exactly its companies")
		}
	}},
	{"UnlimitedKeySeesEveryCompany", func(t *testing.T, e *env) {
		_, key := e.apiKey("all")
		got, err := e.s.APIKeyByHash(e.ctx, directory.HashAPIKey(key))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Companies) != 0 || !got.Allows(directory.NewID()) {
			t.Errorf("companies = %v; want none (every company)", got.Companies)
		}
	}},
	{"UnknownHashNotFound", func(t *testing.T, e *env) {
		e.apiKey("one")
		token, hash := directory.NewToken()
		_, err := e.s.APIKeyByHash(e.ctx, hash)
		wantCode(t, err, directory.ENotFound)
		_, err = e.s.APIKeyByHash(e.ctx, directory.HashAPIKey(token))
		wantCode(t, err, directory.ENotFound)
	}},
	{"UnknownCompanyRefused", func(t *testing.T, e *env) {
		_, hash := directory.NewAPIKey()
		k := directory.APIKey{ID: directory.NewID(), Label: "x", Companies: []string{directory.NewID()}, Hash: hash}
		wantCode(t, e.s.CreateAPIKey(e.ctx, &k), directory.ENotFound)
		keys, err := e.s.APIKeys(e.ctx)
		if err != nil || len(keys) != 0 {
			t.Errorf("APIKeys = %v, %v; want none stored", keys, err)
		}
	}},
	{"LabelRequired", func(t *testing.T, e *env) {
		_, hash := directory.NewAPIKey()
		k := directory.APIKey{ID: directory.NewID(), Label: " ", Hash: hash}
		wantCode(t, e.s.CreateAPIKey(e.ctx, &k), directory.EInvalid)
	}},
	{"ListedOldestFirst", func(t *testing.T, e *env) {
		a, _ := e.apiKey("first")
		time.Sleep(time.Millisecond)
		b, _ := e.apiKey("second")
		keys, err := e.s.APIKeys(e.ctx)
		if err != nil || len(keys) != 2 || keys[0].ID != a.ID || keys[1].ID != b.ID {
			t.Fatalf("APIKeys = %+v, %v", keys, err)
		}
	}},
	{"Revoked", func(t *testing.T, e *env) {
		k, key := e.apiKey("old")
		at := time.Now().UTC().Truncate(time.Microsecond)
		if err := e.s.RevokeAPIKey(e.ctx, k.ID, at); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.APIKeyByHash(e.ctx, directory.HashAPIKey(key))
		if err != nil {
			t.Fatal(err)
		}
		if !got.RevokedAt.Equal(at) || got.Usable(at) {
			t.Errorf("RevokedAt = %v; want %v and unusable", got.RevokedAt, at)
		}
		wantCode(t, e.s.RevokeAPIKey(e.ctx, directory.NewID(), at), directory.ENotFound)
	}},
	{"LastUsedMovesForwardOnly", func(t *testing.T, e *env) {
		k, key := e.apiKey("used")
		later := time.Now().UTC().Truncate(time.Microsecond)
		for _, at := range []time.Time{later, later.Add(-time.Hour)} {
			if err := e.s.RecordAPIKeyUse(e.ctx, k.ID, at); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := e.s.APIKeyByHash(e.ctx, directory.HashAPIKey(key))
		if !got.LastUsed.Equal(later) {
			t.Errorf("LastUsed = %v; want %v", got.LastUsed, later)
		}
	}},
}

// afterTests check EmployeeQuery.After, the product API's keyset paging.
var afterTests = []test{
	{"PagesInCreationOrder", func(t *testing.T, e *env) {
		c := e.company("Acme")
		var ids []directory.Employee
		for _, n := range []string{"a", "b", "c", "d"} {
			ids = append(ids, e.employee(c.ID, n))
		}
		got, total := e.list(c.ID, directory.EmployeeQuery{After: ids[1].ID, Limit: 10})
		wantEqual(t, "after b", got, []string{"c", "d"})
		if total != 2 {
			t.Errorf("total = %d; want 2", total)
		}
		got, _ = e.list(c.ID, directory.EmployeeQuery{After: ids[0].ID, Active: ptr(true), Limit: 1})
		wantEqual(t, "after a, one", got, []string{"b"})
		// A deletion before the anchor does not shift the page.
		if err := e.s.DeleteEmployee(e.ctx, c.ID, ids[0].ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		got, _ = e.list(c.ID, directory.EmployeeQuery{After: ids[1].ID, Limit: 10})
		wantEqual(t, "after b, a deleted", got, []string{"c", "d"})
	}},
	{"GoneOrForeignAnchorInvalid", func(t *testing.T, e *env) {
		c, other := e.company("Acme"), e.company("Globex")
		e.employee(c.ID, "a")
		foreign := e.employee(other.ID, "x")
		for _, after := range []string{foreign.ID, directory.NewID(), "bad\x00id"} {
			_, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{After: after, Limit: 10})
			wantCode(t, err, directory.EInvalid)
		}
		_, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{After: foreign.ID, SortBy: ref(t, "userName"), Limit: 10})
		wantCode(t, err, directory.EInvalid)
	}},
}
