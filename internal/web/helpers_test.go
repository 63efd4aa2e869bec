package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/httpapi"
	"roster/internal/store/testbackends"
	"roster/internal/web"
)

// cheap makes password hashing fast in tests; the cost is recorded in
// each hash, so verification follows it.
var cheap = &web.PasswordParams{Memory: 64, Time: 1, Threads: 1}

// env is the console and the SCIM API on one test server, on a real
// SQLite file, with a clock the test can move.
type env struct {
	t       testing.TB
	store   directory.Store
	console *web.Server
	srv     *httptest.Server
	clock   *clock
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newEnv(t testing.TB) *env { t.Helper(); return newEnvConfig(t, nil) }

func newEnvConfig(t testing.TB, configure func(*web.Config)) *env {
	t.Helper()
	return newEnvOn(t, "sqlite", configure)
}

// backends are the stores that races of sign-ins run on.
var backends = testbackends.Names

// newEnvOn is newEnvConfig on the named store backend (testbackends.Open).
func newEnvOn(t testing.TB, backend string, configure func(*web.Config)) *env {
	t.Helper()
	st := testbackends.Open(t, backend)
	return newEnvStore(t, st, configure)
}

func newEnvStore(t testing.TB, st directory.Store, configure func(*web.Config)) *env {
	t.Helper()
	e := &env{t: t, store: st, clock: &clock{now: time.Now().UTC()}}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := web.Config{Store: st, Now: e.clock.Now, Logger: quiet, PasswordParams: cheap}
	if configure != nil {
		configure(&cfg)
	}
	var err error
	e.console, err = web.New(cfg)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	scim := httpapi.New(httpapi.Config{Store: st, Logger: quiet, Now: e.clock.Now})
	e.srv = httptest.NewServer(httpapi.Router(scim, e.console))
	t.Cleanup(e.srv.Close)
	return e
}

// company creates a company with an admin (password "correct horse battery").
func (e *env) company(name, email string) (directory.Company, directory.Admin) {
	e.t.Helper()
	c := directory.Company{ID: directory.NewID(), Name: name}
	a, err := web.NewAdmin(c.ID, email, password, *cheap)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.CreateAdmin(context.Background(), a, &c); err != nil {
		e.t.Fatalf("CreateAdmin: %v", err)
	}
	return c, *a
}

const password = "correct horse battery"

// browser is an HTTP client with cookies that does not follow redirects,
// so tests see them.
type browser struct {
	t      testing.TB
	e      *env
	client *http.Client
	// header is added to every request.
	header http.Header
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, e: e, header: http.Header{}, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// response is a finished request.
type response struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (b *browser) do(method, path string, form url.Values) response {
	b.t.Helper()
	r, err := b.send(method, path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

// send is do for many goroutines at once: it returns an error rather
// than failing the test.
func (b *browser) send(method, path string, form url.Values) (response, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.srv.URL+path, body)
	if err != nil {
		return response{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(data), location: resp.Header.Get("Location")}, nil
}

func (b *browser) get(path string) response { b.t.Helper(); return b.do("GET", path, nil) }

// post submits a form.
func (b *browser) post(path string, form url.Values) response {
	b.t.Helper()
	return b.do("POST", path, form)
}

// csrfRE finds the CSRF token of a page's forms.
var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t testing.TB, body string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the page:\n%s", body)
	}
	return html.UnescapeString(m[1])
}

// signIn signs in through the sign-in page and returns the session's
// CSRF token.
func (b *browser) signIn(email, pw string) string {
	b.t.Helper()
	page := b.get("/login")
	resp := b.post("/login", url.Values{"csrf": {csrfOf(b.t, page.body)}, "email": {email}, "password": {pw}})
	if resp.status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: status %d\n%s", email, resp.status, resp.body)
	}
	return csrfOf(b.t, b.get("/integrations").body)
}

// wantStatus fails unless the response has the status.
func wantStatus(t testing.TB, what string, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, want, r.body)
	}
}

// wantBody fails unless the (HTML-unescaped) body holds every string.
func wantBody(t testing.TB, what string, r response, want ...string) {
	t.Helper()
	text := html.UnescapeString(r.body)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: body lacks %q\n%s", what, w, r.body)
		}
	}
}

func wantNoBody(t testing.TB, what string, r response, unwanted ...string) {
	t.Helper()
	text := html.UnescapeString(r.body)
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			t.Errorf("%s: body holds %q", what, w)
		}
	}
}
