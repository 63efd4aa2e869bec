// Package web is roster's admin console: server-rendered pages where a
// company's admin enables employee provisioning (connections and their
// bearer tokens), manages the company's attributes and looks at the
// provisioned employees.
//
// Pages are html/template files embedded in the binary and parsed once in
// New; the CSS and the one small script (copy buttons) are embedded too,
// so the console loads nothing from the network. Handlers talk to the
// domain store (directory.Store), never to the SCIM HTTP API.
//
// Console paths are lower-case words (/employees, /integrations,
// /attributes, /login …) and so never collide with SCIM paths, which
// httpapi.CanonicalPath claims (/Users, /Schemas, /scim/… in any case).
package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"roster/internal/directory"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// scimPrefix is where the SCIM API lives (httpapi.Prefix); repeated here
// so that the console does not import the SCIM handlers.
const scimPrefix = "/scim/v2"

// Config configures a Server.
type Config struct {
	Store directory.Store
	// BaseURL is the public URL of the server (e.g.
	// https://roster.example.com); empty means "from each request". The
	// SCIM 2.0 URL shown to admins is BaseURL + /scim/v2.
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives errors; nil means slog.Default().
	Logger *slog.Logger
	// RequestTimeout bounds how long a page may wait on the store; past
	// it the admin gets a "try again" page (503) instead of a hung
	// browser tab. Zero: no deadline.
	RequestTimeout time.Duration
	// PasswordParams overrides the argon2id cost (tests use a cheap one);
	// nil means DefaultPasswordParams.
	PasswordParams *PasswordParams
	// PasswordMemory bounds the memory, in bytes, that password hashing
	// (every sign-in, known address or not, and setup) uses at once: it
	// allows PasswordMemory / PasswordParams.Memory hashes to run
	// concurrently, at least one. 0 means DefaultPasswordMemory (64 MiB:
	// 3 hashes at the default cost of 19 MiB). Hashes of stored
	// passwords run at the cost recorded in them, so a budget is only
	// exact while the stored hashes use the configured cost.
	PasswordMemory int64
	// PasswordWait is how long a sign-in or setup waits for a hashing
	// slot before it is answered 429 with Retry-After; 0 means
	// DefaultPasswordWait (2 s).
	PasswordWait time.Duration
	// ActivityDropped reports how many activity log entries the SCIM
	// server dropped because its queue was full (httpapi.Server.
	// ActivityDropped); the Activity and failure pages show it when it is
	// not 0. nil: none are dropped.
	ActivityDropped func() int64
}

// Server serves the console.
type Server struct {
	store   directory.Store
	baseURL string
	now     func() time.Time
	log     *slog.Logger
	pw      PasswordParams
	// requestTimeout is Config.RequestTimeout.
	requestTimeout time.Duration
	pages          map[string]*template.Template
	mux            *http.ServeMux
	static         http.Handler
	// dummyHash is verified against when a sign-in names an unknown
	// email, so that such a failure takes as long as a wrong password.
	dummyHash func() string
	// hashes bounds the concurrent password hashes; verify is
	// VerifyPassword (tests count its calls).
	hashes *hashGate
	verify func(password, hash string) bool
	// activityDropped is Config.ActivityDropped.
	activityDropped func() int64
}

// New parses the templates and returns the console.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: a store is required")
	}
	s := &Server{store: cfg.Store, baseURL: strings.TrimRight(cfg.BaseURL, "/"), now: cfg.Now, log: cfg.Logger, pw: DefaultPasswordParams,
		requestTimeout: cfg.RequestTimeout, activityDropped: cfg.ActivityDropped}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if cfg.PasswordParams != nil {
		s.pw = *cfg.PasswordParams
	}
	s.dummyHash = sync.OnceValue(func() string { return HashPassword(randomToken(), s.pw) })
	memory, wait := cfg.PasswordMemory, cfg.PasswordWait
	if memory <= 0 {
		memory = DefaultPasswordMemory
	}
	if wait <= 0 {
		wait = DefaultPasswordWait
	}
	s.hashes, s.verify = newHashGate(hashSlots(memory, s.pw), wait), VerifyPassword
	var err error
	if s.pages, err = parseTemplates(); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("GET /static/", s.serveStatic)
	m.HandleFunc("GET /setup/{token}", s.setupPage)
	m.HandleFunc("POST /setup", s.setupSubmit)
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.loginSubmit)
	m.HandleFunc("POST /logout", s.signedIn(s.logout))

	m.HandleFunc("GET /integrations", s.signedIn(s.integrations))
	m.HandleFunc("POST /integrations/connections", s.signedIn(s.createConnection))
	m.HandleFunc("POST /integrations/connections/{id}/rotate", s.signedIn(s.rotateConnection))
	m.HandleFunc("POST /integrations/connections/{id}/revoke", s.signedIn(s.revokeConnection))
	m.HandleFunc("POST /integrations/provisioning", s.signedIn(s.setProvisioning))
	m.HandleFunc("GET /integrations/reveal/{id}", s.signedIn(s.reveal))

	m.HandleFunc("GET /attributes", s.signedIn(s.attributes))
	m.HandleFunc("POST /attributes", s.signedIn(s.createAttribute))
	m.HandleFunc("GET /attributes/{id}", s.signedIn(s.attribute))
	m.HandleFunc("POST /attributes/{id}/aliases", s.signedIn(s.setAliases))
	m.HandleFunc("GET /attributes/{id}/edit", s.signedIn(s.editAttributePage))
	m.HandleFunc("POST /attributes/{id}/edit", s.signedIn(s.editAttribute))
	m.HandleFunc("POST /attributes/{id}/acknowledge", s.signedIn(s.acknowledgeOptions))
	m.HandleFunc("GET /attributes/{id}/delete", s.signedIn(s.deleteAttributePage))
	m.HandleFunc("POST /attributes/{id}/delete", s.signedIn(s.deleteAttribute))

	m.HandleFunc("GET /owners", s.signedIn(s.owners))
	m.HandleFunc("POST /owners", s.signedIn(s.setOwner))
	m.HandleFunc("GET /employees", s.signedIn(s.employees))
	m.HandleFunc("GET /employees/{id}", s.signedIn(s.employee))

	m.HandleFunc("GET /surveys", s.signedIn(s.surveys))
	m.HandleFunc("POST /surveys", s.signedIn(s.scheduleSurvey))
	m.HandleFunc("GET /surveys/{id}", s.signedIn(s.surveyRound))
	m.HandleFunc("POST /surveys/{id}/edit", s.signedIn(s.editSurvey))
	m.HandleFunc("POST /surveys/{id}/cancel", s.signedIn(s.cancelSurvey))

	m.HandleFunc("GET /activity", s.signedIn(s.activity))
	m.HandleFunc("GET /activity/failures", s.signedIn(s.failures))

	m.HandleFunc("GET /guard", s.signedIn(s.guard))
	m.HandleFunc("POST /guard/release", s.signedIn(s.releaseGuard))
	m.HandleFunc("POST /guard/policy", s.signedIn(s.setGuardPolicy))
}

// ServeHTTP serves a console request, with security headers on every
// response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// Everything is same-origin and nothing is inline, so the policy can
	// be this strict; frame-ancestors stops clickjacking of the forms.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// The setup URL carries its token; no page sends a Referer anywhere.
	h.Set("Referrer-Policy", "no-referrer")
	ctx := context.WithValue(r.Context(), keyRequestID, newRequestID())
	if s.requestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.requestTimeout)
		defer cancel()
	}
	r = r.WithContext(ctx)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.fail(w, r, fmt.Errorf("panic: %v", p))
		}
	}()
	// The mux's own 404 and 405 answers are plain text; a console page is
	// friendlier for a mistyped URL.
	if _, pattern := s.mux.Handler(r); pattern == "" {
		s.notFound(w, r)
		return
	}
	if !s.checkInput(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keySession
)

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(keyRequestID).(string)
	return id
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	// The files change only with a new binary; an hour of caching keeps
	// pages fast without stale styles for long after an upgrade.
	w.Header().Set("Cache-Control", "public, max-age=3600")
	s.static.ServeHTTP(w, r)
}

// home sends a signed-in admin to the integrations page, anyone else to
// sign in.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if _, err := s.currentSession(r); err == nil {
		http.Redirect(w, r, "/integrations", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// publicBase is the public URL of the server: --base-url, else the
// request's scheme and host.
func (s *Server) publicBase(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if isTLS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// SCIMURL is the SCIM 2.0 base URL an admin pastes into the identity
// provider.
func (s *Server) SCIMURL(r *http.Request) string { return s.publicBase(r) + scimPrefix }

func isTLS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// page is what every template gets: the layout's fields and the page's
// own data in Data.
type page struct {
	Title   string
	Nav     string // the highlighted navigation item
	Admin   *directory.Admin
	Company *directory.Company
	CSRF    string
	Flash   string
	Data    any
	// Held are the company's holds by the mass-deactivation guard, for
	// the banner (guard_banner.go); heldRead says they were read.
	Held     []heldRow
	heldRead bool
}

// render writes a page with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	if err := s.write(w, r, status, name, p); err != nil {
		s.fail(w, r, err)
	}
}

// write executes a page into a buffer and sends it; on error nothing is
// sent.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, name string, p page) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	if sess := sessionOf(r); sess != nil {
		p.Admin, p.Company, p.CSRF = &sess.admin, &sess.company, sess.CSRFToken
		// Not on a 5xx page: the read may be what failed.
		if status < http.StatusInternalServerError {
			if err := s.loadHeld(r, sess, &p); err != nil {
				return err
			}
		}
	}
	if p.Flash == "" {
		p.Flash = flashMessage(r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	// Pages show tokens and personal data: never cache them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// errorData is the error page's data.
type errorData struct {
	Status  int
	Heading string
	Message string
	Back    string
	// Next, when set, is where to go from here instead ("" for none).
	Next, NextText string
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	s.errorPageTo(w, r, status, heading, message, "", "")
}

// errorPageTo is errorPage with a link onwards (next, named nextText).
func (s *Server) errorPageTo(w http.ResponseWriter, r *http.Request, status int, heading, message, next, nextText string) {
	back := "/"
	if sessionOf(r) == nil {
		back = "/login"
	}
	s.render(w, r, status, "error", page{Title: heading, Data: errorData{Status: status, Heading: heading, Message: message, Back: back,
		Next: next, NextText: nextText}})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "Page not found",
		"There is nothing at this address, or it belongs to another company.")
}

// fail answers an unexpected error with a 500 that shows only a request
// id; the detail goes to the log.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	id := requestID(r)
	if directory.IsUnavailable(err) {
		s.log.Warn("console: database unavailable", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
		s.errorPage(w, r, http.StatusServiceUnavailable, "Please try again in a moment",
			"roster's database is not answering right now, so this page could not be completed. Nothing was changed. Try again in a moment; if it keeps happening, give your operator the request id "+id+".")
		return
	}
	s.log.Error("console error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
	err = s.write(w, r, http.StatusInternalServerError, "error", page{Title: "Something went wrong", Data: errorData{
		Status: 500, Heading: "Something went wrong", Back: "/",
		Message: "roster could not complete this request. If it keeps happening, give your operator the request id " + id + ".",
	}})
	if err != nil {
		http.Error(w, "internal error; request id "+id, http.StatusInternalServerError)
	}
}

// storeError answers a store error: ENotFound is the 404 page (another
// company's ids land here too), other domain errors are the caller's to
// show, anything else a 500.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	if directory.ErrorCode(err) == directory.ENotFound {
		s.notFound(w, r)
		return
	}
	s.fail(w, r, err)
}

// userMessage returns a domain error's message, safe to show, or "".
func userMessage(err error) string {
	var e *directory.Error
	if errors.As(err, &e) && e.Code != directory.ENotFound {
		return e.Message
	}
	return ""
}

// flashes are the messages a redirect can ask the next page to show;
// only these fixed texts are shown, so a crafted link cannot put words
// on the page.
var flashes = map[string]string{
	"setup":       "Your company is set up. Sign in with the email and password you chose.",
	"signedout":   "You are signed out.",
	"revoked":     "The token is revoked: requests with it are refused from now on.",
	"paused":      "Provisioning is paused: every token of the company is refused until you resume. Nothing was deleted.",
	"resumed":     "Provisioning is on again: the connections' tokens work.",
	"attrcreated": "The attribute is created. Map it in your identity provider with the SCIM path shown.",
	"aliases":     "The aliases are saved.",
	"attredited":  "The attribute is saved. Identity providers may keep using its old names.",
	"attrdeleted": "The attribute and its values are deleted.",
	"scheduled":   "The survey is scheduled. Its audience is taken when it opens.",
	"cancelled":   "The round is cancelled: it will not open and has no audience.",
	"guardpolicy": "The guard's threshold is saved; it applies to the next deactivations and deletes.",
	"edited":      "The round is saved. Its audience is taken when it opens.",
}

func flashMessage(r *http.Request) string { return flashes[r.URL.Query().Get("done")] }

// redirect sends the browser to target after a successful POST.
func redirect(w http.ResponseWriter, r *http.Request, target, flash string) {
	if flash != "" {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + "done=" + flash
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// parseTemplates parses each page together with the layout and the
// partials (templates/_*.html: pieces that several pages share).
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// funcs are the template helpers.
var funcs = template.FuncMap{
	"when":          when,
	"date":          func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	"num":           thousands,
	"plural":        plural,
	"add":           func(a, b int) int { return a + b },
	"joinList":      func(s []string) string { return strings.Join(s, ", ") },
	"period":        periodLabel,
	"exact":         func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04:05 UTC") },
	"rfc3339":       func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"humanDuration": humanDuration,
}

// when formats a time for a table cell: UTC, minutes; "never" for zero.
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2 Jan 2006, 15:04 UTC")
}

// thousands formats n with thin separators: 100,000.
func thousands(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	default:
		return fmt.Sprint(n)
	}
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// plural returns "1 value" or "3 values".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}
