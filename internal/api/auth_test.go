package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// Every refused credential is a 401 problem with WWW-Authenticate, on
// every route that needs a key, and the body holds no data.
func TestRefusedCredentials(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		emp := e.newEmployee(e.company.ID, "ada.secret")
		revoked, revokedKey := e.newKey()
		if err := e.store.RevokeAPIKey(context.Background(), revoked.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		wrong, _ := directory.NewAPIKey() // never stored
		cases := map[string]string{
			"missing":            "",
			"not bearer":         "Basic " + e.key,
			"empty bearer":       "Bearer ",
			"wrong key":          bearer(wrong),
			"revoked key":        bearer(revokedKey),
			"SCIM token as key":  bearer(e.scim),
			"key without prefix": bearer(strings.TrimPrefix(e.key, "rak_")),
		}
		paths := []string{
			"/api/v1/companies",
			"/api/v1/companies/" + e.company.ID + "/employees",
			"/api/v1/companies/" + e.company.ID + "/employees/" + emp.ID,
		}
		for name, auth := range cases {
			for _, p := range paths {
				r := e.get(auth, p)
				wantProblem(t, r, http.StatusUnauthorized)
				if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("%s %s: WWW-Authenticate = %q", name, p, r.header.Get("WWW-Authenticate"))
				}
				if strings.Contains(r.raw, "ada.secret") || strings.Contains(r.raw, "Acme") {
					t.Errorf("%s %s: refused answer holds data: %s", name, p, r.raw)
				}
			}
		}
		// The good key works on the same routes, so the 401s above are the
		// credentials', not the routes'.
		for _, p := range paths {
			if r := e.get(bearer(e.key), p); r.status != http.StatusOK {
				t.Errorf("good key %s: %d %s", p, r.status, r.raw)
			}
		}
	})
}

// An API key is never a SCIM token: the prefixes differ, so neither
// form is taken for the other.
func TestKeyAndTokenKindsDistinct(t *testing.T) {
	key, _ := directory.NewAPIKey()
	token, _ := directory.NewToken()
	if !directory.IsAPIKey(key) || directory.IsConnectionToken(key) {
		t.Errorf("API key %q: IsAPIKey must hold, IsConnectionToken not", key[:6])
	}
	if directory.IsAPIKey(token) || !directory.IsConnectionToken(token) {
		t.Errorf("SCIM token %q: IsConnectionToken must hold, IsAPIKey not", token[:6])
	}
}

// A key limited to one company gets 403 (never data) for another, sees
// only its company in the list; an unknown company is 404 for an
// unlimited key and 403 for a limited one.
func TestCompanyNotAllowed(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		other := e.newCompany("Globex")
		emp := e.newEmployee(e.company.ID, "ada.secret")
		_, limited := e.newKey(other.ID)
		for _, p := range []string{
			"/api/v1/companies/" + e.company.ID + "/employees",
			"/api/v1/companies/" + e.company.ID + "/employees/" + emp.ID,
			"/api/v1/companies/" + directory.NewID() + "/employees",
		} {
			r := e.get(bearer(limited), p)
			wantProblem(t, r, http.StatusForbidden)
			if strings.Contains(r.raw, "ada.secret") {
				t.Errorf("%s: forbidden answer holds data: %s", p, r.raw)
			}
		}
		r := e.get(bearer(limited), "/api/v1/companies")
		list, _ := r.body["companies"].([]any)
		if r.status != http.StatusOK || len(list) != 1 || list[0].(map[string]any)["id"] != other.ID {
			t.Errorf("limited key's companies = %d %s; want only Globex", r.status, r.raw)
		}
		if r := e.get(bearer(limited), "/api/v1/companies/"+other.ID+"/employees"); r.status != http.StatusOK {
			t.Errorf("limited key, own company: %d %s", r.status, r.raw)
		}
		r = e.get(bearer(e.key), "/api/v1/companies")
		if list, _ := r.body["companies"].([]any); len(list) != 2 {
			t.Errorf("unlimited key's companies = %s; want both", r.raw)
		}
		wantProblem(t, e.get(bearer(e.key), "/api/v1/companies/"+directory.NewID()+"/employees"), http.StatusNotFound)
		wantProblem(t, e.get(bearer(e.key), "/api/v1/companies/"+e.company.ID+"/employees/"+directory.NewID()), http.StatusNotFound)
		wantProblem(t, e.get(bearer(e.key), "/api/v1/companies/"+other.ID+"/employees/"+emp.ID), http.StatusNotFound)
	})
}

// A request with a key records its use (LastUsed).
func TestKeyUseRecorded(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		before := time.Now().Add(-time.Second)
		e.get(bearer(e.key), "/api/v1/companies")
		k, err := e.store.APIKeyByHash(context.Background(), directory.HashAPIKey(e.key))
		if err != nil {
			t.Fatal(err)
		}
		if k.LastUsed.Before(before) {
			t.Errorf("LastUsed = %v; want the request's time", k.LastUsed)
		}
	})
}
