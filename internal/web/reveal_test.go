package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roster/internal/directory"
)

// revealed follows the redirect of a POST that minted a token to the page
// that shows it, and returns that page.
func (b *browser) revealed(what string, r response) response {
	b.t.Helper()
	wantStatus(b.t, what, r, http.StatusSeeOther)
	if !strings.HasPrefix(r.location, "/integrations/reveal/") {
		b.t.Fatalf("%s: redirected to %q; want the token's reveal", what, r.location)
	}
	page := b.get(r.location)
	wantStatus(b.t, what+": token page", page, http.StatusOK)
	page.location = r.location // the address a reload would ask for
	return page
}

// liveConnections returns the company's connections whose token works.
func (e *env) liveConnections(companyID string) []directory.Connection {
	e.t.Helper()
	conns, err := e.store.Connections(context.Background(), companyID)
	if err != nil {
		e.t.Fatal(err)
	}
	var live []directory.Connection
	for _, c := range conns {
		if c.Usable(e.clock.Now()) {
			live = append(live, c)
		}
	}
	return live
}

// TestTokenShownOnce: a new token is shown by post/redirect/get, once,
// to the session that minted it; a reload of its page says it was
// already shown. Rotation the same.
func TestTokenShownOnce(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)
	post := b.post("/integrations/connections", url.Values{"csrf": {csrf}, "label": {"Okta"}})
	wantStatus(t, "enable", post, http.StatusSeeOther)
	wantNoBody(t, "the redirect", post, "rst_")
	var key *http.Cookie
	for _, ck := range (&http.Response{Header: post.header}).Cookies() {
		if ck.Name == "roster_reveal" {
			key = ck
		}
	}
	if key == nil || !key.HttpOnly || key.SameSite != http.SameSiteStrictMode || key.Path != post.location || key.MaxAge <= 0 || key.MaxAge > 600 {
		t.Errorf("reveal key cookie = %+v; want HttpOnly, SameSite=Strict, on %s, for at most 10 minutes", key, post.location)
	}
	page := b.revealed("enable", post)
	token := shownToken(t, page.body)
	wantBody(t, "token page", page, "Connect Okta", "shown only this once", "Bearer "+token)
	if got := e.scimStatus(token); got != http.StatusOK {
		t.Fatalf("SCIM with the shown token: %d", got)
	}

	reload := b.get(page.location)
	wantStatus(t, "reload of the token page", reload, http.StatusGone)
	wantBody(t, "reload of the token page", reload, "This token was already shown", "rotate the connection's token")
	wantNoBody(t, "reload of the token page", reload, token, "rst_")

	t.Run("Rotate", func(t *testing.T) {
		id := e.liveConnections(c.ID)[0].ID
		form := url.Values{"csrf": {csrf}, "grace": {"1h"}}
		page := b.revealed("rotate", b.post("/integrations/connections/"+id+"/rotate", form))
		newToken := shownToken(t, page.body)
		wantBody(t, "rotated token page", page, "New token for Okta", "The old token keeps working until")
		reload := b.get(page.location)
		wantStatus(t, "reload of the rotated token page", reload, http.StatusGone)
		wantNoBody(t, "reload of the rotated token page", reload, newToken)
		// Resubmitting the rotation is refused: the connection is replaced.
		wantStatus(t, "resubmitted rotation", b.post("/integrations/connections/"+id+"/rotate", form), http.StatusConflict)
		if live := e.liveConnections(c.ID); len(live) != 2 { // the new one, and the old in its grace hour
			t.Errorf("%d live connections after a resubmitted rotation; want 2", len(live))
		}
	})

	t.Run("OnlyForItsSession", func(t *testing.T) {
		form := url.Values{"csrf": {csrf}, "label": {"Entra ID"}}
		post := b.post("/integrations/connections", form)
		wantStatus(t, "enable", post, http.StatusSeeOther)
		e.company("Globex", "hank@globex.example")
		for _, email := range []string{"ada@acme.example", "hank@globex.example"} {
			other := e.browser() // another session, of the same admin or another company's
			other.signIn(email, password)
			u, _ := url.Parse(e.srv.URL + post.location)
			other.client.Jar.SetCookies(u, (&http.Response{Header: post.header}).Cookies()) // even with the key
			r := other.get(post.location)
			wantStatus(t, email+" GET another session's token page", r, http.StatusNotFound)
			wantNoBody(t, email+" GET another session's token page", r, "rst_")
		}
		// The strangers did not use it up.
		shownToken(t, b.revealed("enable", post).body)
	})

	t.Run("Expired", func(t *testing.T) {
		form := url.Values{"csrf": {csrf}, "label": {"HR system"}}
		post := b.post("/integrations/connections", form)
		wantStatus(t, "enable", post, http.StatusSeeOther)
		e.clock.Add(directory.RevealLifetime)
		wantStatus(t, "token page after 10 minutes", b.get(post.location), http.StatusNotFound)
	})
}

// TestCreateResubmitted: submitting the enable form again with the same
// CSRF token (a reload of the POST, a double click) mints no second token:
// the label is taken, case-insensitively, and the form says so, kept.
func TestCreateResubmitted(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)
	form := url.Values{"csrf": {csrf}, "label": {"Okta"}}
	if r := b.post("/integrations/connections", form); r.status >= 400 {
		t.Fatalf("enable: status %d", r.status)
	}
	for _, label := range []string{"Okta", " OKTA "} {
		form.Set("label", label)
		again := b.post("/integrations/connections", form)
		wantStatus(t, "resubmitted form", again, http.StatusConflict)
		wantBody(t, "resubmitted form", again, `a connection named "Okta" already exists; choose another name or rotate its token`,
			`value="`+strings.TrimSpace(label)+`"`)
		wantNoBody(t, "resubmitted form", again, "rst_")
	}
	if live := e.liveConnections(c.ID); len(live) != 1 {
		t.Errorf("%d live connections after resubmitting; want 1", len(live))
	}
}

// connect enables provisioning through a new connection labelled label,
// as an admin does on Integrations, and returns its token.
func (b *browser) connect(csrf, label string) string {
	b.t.Helper()
	return shownToken(b.t, b.revealed(label, b.post("/integrations/connections", url.Values{"csrf": {csrf}, "label": {label}})).body)
}
