package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/web"
)

func TestSetup(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	setupURL, err := e.console.FirstRunSetupURL(ctx, e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(setupURL, e.srv.URL+"/setup/") || strings.ContainsAny(setupURL, "?=\" ") {
		t.Fatalf("setup URL = %q", setupURL)
	}
	path := strings.TrimPrefix(setupURL, e.srv.URL)
	token := strings.TrimPrefix(path, "/setup/")
	b := e.browser()

	t.Run("UnknownToken", func(t *testing.T) {
		r := b.get("/setup/nope")
		wantStatus(t, "GET /setup/nope", r, http.StatusNotFound)
		wantBody(t, "bad setup link", r, "This setup link is not valid")
	})
	page := b.get(path)
	wantStatus(t, "GET setup page", page, http.StatusOK)
	wantBody(t, "setup page", page, "Set up roster", "Company name")
	if !strings.Contains(page.header.Get("Referrer-Policy"), "no-referrer") {
		t.Errorf("setup page Referrer-Policy = %q; the token must not leak", page.header.Get("Referrer-Policy"))
	}
	form := url.Values{"csrf": {csrfOf(t, page.body)}, "token": {token}, "company": {"Acme"},
		"email": {"ada@acme.example"}, "password": {password}, "password2": {password}}

	t.Run("NoCSRF", func(t *testing.T) {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Del("csrf")
		wantStatus(t, "setup without CSRF token", b.post("/setup", f), http.StatusForbidden)
	})
	t.Run("Invalid", func(t *testing.T) {
		for _, c := range []struct{ field, value, want string }{
			{"password2", "something else", "The two passwords differ"},
			{"password", "short", "at least 10 characters"},
			{"email", "not-an-email", "is not an email address"},
			{"company", " ", "company name is required"},
		} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set(c.field, c.value)
			if c.field == "password" {
				f.Set("password2", c.value)
			}
			r := b.post("/setup", f)
			wantStatus(t, "setup with bad "+c.field, r, http.StatusBadRequest)
			wantBody(t, "setup with bad "+c.field, r, c.want)
		}
		if n, _ := e.store.CountAdmins(ctx); n != 0 {
			t.Fatalf("%d admins after refused setups", n)
		}
	})

	r := b.post("/setup", form)
	wantStatus(t, "setup", r, http.StatusSeeOther)
	if r.location != "/login?done=setup" {
		t.Errorf("setup redirects to %q", r.location)
	}
	admin, err := e.store.AdminByEmail(ctx, "ada@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	if !web.VerifyPassword(password, admin.PasswordHash) || strings.Contains(admin.PasswordHash, password) {
		t.Errorf("stored password hash %q does not verify", admin.PasswordHash)
	}
	company, err := e.store.Company(ctx, admin.CompanyID)
	if err != nil || company.Name != "Acme" {
		t.Errorf("company = %+v, %v", company, err)
	}
	wantBody(t, "sign-in page after setup", b.get(r.location), "Your company is set up")
	// The company's log starts with its creation, as roster company
	// create's does, then its admin's.
	entries, _, err := e.store.ActivityLog(ctx, company.ID, directory.ActivityQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[1].Operation != directory.OpCompanyCreated || entries[0].Operation != directory.OpAdminCreated {
		t.Errorf("activity after setup: %+v; want company created, then admin created", entries)
	}

	t.Run("OnceOnly", func(t *testing.T) {
		wantStatus(t, "setup page again", b.get(path), http.StatusNotFound)
		form.Set("email", "eve@acme.example")
		wantStatus(t, "setup again", b.post("/setup", form), http.StatusNotFound)
		if again, err := e.console.FirstRunSetupURL(ctx, e.srv.URL); err != nil || again != "" {
			t.Errorf("FirstRunSetupURL after setup = %q, %v; want none", again, err)
		}
	})
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	e.company("Acme", "ada@acme.example")

	t.Run("RedirectsToSignIn", func(t *testing.T) {
		r := e.browser().get("/employees?q=x")
		wantStatus(t, "GET /employees signed out", r, http.StatusSeeOther)
		if r.location != "/login?next="+url.QueryEscape("/employees?q=x") {
			t.Errorf("Location = %q", r.location)
		}
	})
	t.Run("SessionCookie", func(t *testing.T) {
		b := e.browser()
		page := b.get("/login")
		r := b.post("/login", url.Values{"csrf": {csrfOf(t, page.body)}, "email": {"ADA@acme.example"}, "password": {password}, "next": {"/attributes"}})
		wantStatus(t, "sign in", r, http.StatusSeeOther)
		if r.location != "/attributes" {
			t.Errorf("after sign-in: Location %q, want /attributes", r.location)
		}
		c := cookie(t, r, "roster_session")
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
			t.Errorf("session cookie = %+v; want HttpOnly, SameSite=Lax, not Secure over plain HTTP", c)
		}
		sess, err := e.store.SessionByTokenHash(context.Background(), directory.HashToken(c.Value), time.Now())
		if err != nil {
			t.Fatalf("the cookie's token hash is not a stored session: %v", err)
		}
		if strings.Contains(string(sess.TokenHash), c.Value) {
			t.Error("the session token is stored in the clear")
		}
		wantStatus(t, "GET /attributes signed in", b.get("/attributes"), http.StatusOK)
	})
	t.Run("SecureBehindTLSProxy", func(t *testing.T) {
		b := e.browser()
		b.header.Set("X-Forwarded-Proto", "https")
		page := b.get("/login")
		if !cookie(t, page, "roster_form").Secure {
			t.Error("form cookie not Secure behind an https proxy")
		}
		r := b.post("/login", url.Values{"csrf": {csrfOf(t, page.body)}, "email": {"ada@acme.example"}, "password": {password}})
		if !cookie(t, r, "roster_session").Secure {
			t.Error("session cookie not Secure behind an https proxy")
		}
	})
	t.Run("SecureWithHTTPSBaseURL", func(t *testing.T) {
		e2 := newEnvConfig(t, func(c *web.Config) { c.BaseURL = "https://roster.example.com" })
		e2.company("Acme", "ada@acme.example")
		if !cookie(t, e2.browser().get("/login"), "roster_form").Secure {
			t.Error("cookie not Secure with an https base URL")
		}
	})
	t.Run("NextStaysOnSite", func(t *testing.T) {
		// Through the sign-in form, and through the sign-in page of an
		// admin already signed in: both redirect to next.
		signedIn := e.browser()
		signedIn.signIn("ada@acme.example", password)
		for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example",
			"/%09/evil.example/", "/\t/evil.example/", "\t//evil.example/", "/%2F/evil.example/", "/%5Cevil.example", "https:evil.example"} {
			b := e.browser()
			page := b.get("/login")
			r := b.post("/login", url.Values{"csrf": {csrfOf(t, page.body)}, "email": {"ada@acme.example"}, "password": {password}, "next": {next}})
			if r.location != "/integrations" {
				t.Errorf("POST /login next=%q: Location %q, want /integrations", next, r.location)
			}
			r = signedIn.get("/login?next=" + url.QueryEscape(next))
			if r.status != http.StatusSeeOther || r.location != "/integrations" {
				t.Errorf("GET /login next=%q: %d, Location %q; want 303 to /integrations", next, r.status, r.location)
			}
		}
		r := signedIn.get("/login?next=" + url.QueryEscape("/employees?q=ada"))
		if r.location != "/employees?q=ada" {
			t.Errorf("GET /login next=/employees?q=ada: Location %q", r.location)
		}
	})
	t.Run("WrongPasswordAndUnknownEmailLookAlike", func(t *testing.T) {
		b := e.browser()
		page := b.get("/login")
		csrf := csrfOf(t, page.body)
		wrong := b.post("/login", url.Values{"csrf": {csrf}, "email": {"ada@acme.example"}, "password": {"wrong password!"}})
		unknown := b.post("/login", url.Values{"csrf": {csrf}, "email": {"bob@acme.example"}, "password": {"wrong password!"}})
		for _, r := range []response{wrong, unknown} {
			wantStatus(t, "failed sign-in", r, http.StatusUnauthorized)
			wantBody(t, "failed sign-in", r, "The email address or the password is wrong.")
			if c := findCookie(r, "roster_session"); c != nil {
				t.Errorf("failed sign-in set a session cookie")
			}
		}
		e.store.ClearLoginFailures(context.Background(), "ada@acme.example")
	})
	t.Run("NoCSRF", func(t *testing.T) {
		b := e.browser()
		b.get("/login")
		r := b.post("/login", url.Values{"email": {"ada@acme.example"}, "password": {password}})
		wantStatus(t, "sign-in without CSRF token", r, http.StatusForbidden)
	})
}

func TestLockout(t *testing.T) {
	e := newEnv(t)
	e.company("Acme", "ada@acme.example")
	b := e.browser()
	csrf := csrfOf(t, b.get("/login").body)
	try := func(pw string) response {
		return b.post("/login", url.Values{"csrf": {csrf}, "email": {"ada@acme.example"}, "password": {pw}})
	}
	for i := 1; i < web.MaxLoginFailures; i++ {
		wantStatus(t, "failure", try("wrong password"), http.StatusUnauthorized)
	}
	r := try("wrong password")
	wantStatus(t, "the last allowed failure", r, http.StatusTooManyRequests)
	wantBody(t, "locked", r, "Too many failed sign-ins", "try again in 15 minutes")
	// The right password does not help while locked, and is not checked.
	wantStatus(t, "right password while locked", try(password), http.StatusTooManyRequests)

	// The lock is in the store: a second console instance refuses too.
	other := newEnvStore(t, e.store, func(c *web.Config) { c.Now = e.clock.Now })
	b2 := other.browser()
	r = b2.post("/login", url.Values{"csrf": {csrfOf(t, b2.get("/login").body)}, "email": {"ada@acme.example"}, "password": {password}})
	wantStatus(t, "another instance while locked", r, http.StatusTooManyRequests)

	e.clock.Add(web.LockDuration + time.Second)
	wantStatus(t, "right password after the lock", try(password), http.StatusSeeOther)
}

func TestSignOut(t *testing.T) {
	e := newEnv(t)
	e.company("Acme", "ada@acme.example")
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)
	wantStatus(t, "sign out without CSRF token", b.post("/logout", url.Values{}), http.StatusForbidden)
	wantStatus(t, "still signed in", b.get("/integrations"), http.StatusOK)
	old := b.client.Jar.Cookies(mustURL(t, e.srv.URL))
	r := b.post("/logout", url.Values{"csrf": {csrf}})
	wantStatus(t, "sign out", r, http.StatusSeeOther)
	if r.location != "/login?done=signedout" {
		t.Errorf("Location = %q", r.location)
	}
	wantStatus(t, "after sign-out", b.get("/integrations"), http.StatusSeeOther)
	// The old cookie is dead in the store, not only in the browser.
	replay := e.browser()
	replay.client.Jar.SetCookies(mustURL(t, e.srv.URL), old)
	wantStatus(t, "replayed session cookie", replay.get("/integrations"), http.StatusSeeOther)
}

func TestSessionExpires(t *testing.T) {
	e := newEnv(t)
	e.company("Acme", "ada@acme.example")
	b := e.browser()
	b.signIn("ada@acme.example", password)
	e.clock.Add(13 * time.Hour)
	wantStatus(t, "after 13 hours", b.get("/integrations"), http.StatusSeeOther)
}

// TestCSRFRejected: every state-changing form of a signed-in admin is
// refused (403, a page that says so, nothing changed) without the
// session's token or with another session's.
func TestCSRFRejected(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	e.company("Globex", "hank@globex.example")
	ctx := context.Background()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Okta"}
	_, conn.TokenHash = directory.NewToken()
	if err := e.store.CreateConnection(ctx, &conn); err != nil {
		t.Fatal(err)
	}
	attr := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "Department2", Type: directory.TypeOption}
	if err := e.store.CreateAttribute(ctx, &attr); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.signIn("ada@acme.example", password)
	otherToken := e.browser().signIn("hank@globex.example", password)

	forms := []struct {
		path string
		form url.Values
	}{
		{"/integrations/connections", url.Values{"label": {"Forged"}}},
		{"/integrations/connections/" + conn.ID + "/rotate", url.Values{"grace": {"0"}}},
		{"/integrations/connections/" + conn.ID + "/revoke", url.Values{}},
		{"/integrations/provisioning", url.Values{"provisioning": {"off"}}},
		{"/attributes", url.Values{"name": {"Forged"}, "type": {"option"}}},
		{"/attributes/" + attr.ID + "/aliases", url.Values{"aliases": {"Forged"}}},
		{"/attributes/" + attr.ID + "/delete", url.Values{}},
		{"/logout", url.Values{}},
	}
	for _, f := range forms {
		for name, token := range map[string]string{"Missing": "", "OtherSession": otherToken, "Garbage": "x"} {
			t.Run(strings.TrimPrefix(f.path, "/")+"/"+name, func(t *testing.T) {
				form := url.Values{}
				for k, v := range f.form {
					form[k] = v
				}
				if token != "" {
					form.Set("csrf", token)
				}
				r := b.post(f.path, form)
				wantStatus(t, "POST "+f.path, r, http.StatusForbidden)
				wantBody(t, "POST "+f.path, r, "This form could not be accepted", "Nothing was changed")
			})
		}
	}
	// Nothing changed.
	conns, _ := e.store.Connections(ctx, c.ID)
	if len(conns) != 1 || !conns[0].RevokedAt.IsZero() {
		t.Errorf("connections changed: %+v", conns)
	}
	if got, _ := e.store.Company(ctx, c.ID); got.ProvisioningDisabled {
		t.Error("provisioning was disabled")
	}
	defs, _ := e.store.Attributes(ctx, c.ID)
	if len(defs) != 1 || len(defs[0].Aliases) != 0 {
		t.Errorf("attributes changed: %+v", defs)
	}
	wantStatus(t, "still signed in", b.get("/integrations"), http.StatusOK)
}

func cookie(t testing.TB, r response, name string) *http.Cookie {
	t.Helper()
	c := findCookie(r, name)
	if c == nil {
		t.Fatalf("no %s cookie set; Set-Cookie: %v", name, r.header.Values("Set-Cookie"))
	}
	return c
}

func findCookie(r response, name string) *http.Cookie {
	for _, line := range r.header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == name && c.Value != "" {
			return c
		}
	}
	return nil
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
