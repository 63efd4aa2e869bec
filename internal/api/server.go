// Package api is roster's product API: JSON over HTTP under /api/v1 for
// the services built on roster (the survey engine and others), separate
// from SCIM and authenticated with API keys (directory.APIKey). Errors are
// RFC 9457 problem details. The routes are described by openapi.json,
// served at /api/v1/openapi.json.
package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"roster/internal/allowmethods"
	"roster/internal/directory"
	"roster/internal/httpapi"
)

// Prefix is where the product API is mounted.
const Prefix = "/api/v1"

// Config configures a Server.
type Config struct {
	Store  directory.Store
	Logger *slog.Logger
	// Now is the clock (tests); nil is time.Now.
	Now func() time.Time
	// RequestTimeout bounds the time a request waits on the store (the
	// store then answers EUnavailable: 503 with Retry-After); 0 is none.
	RequestTimeout time.Duration
}

// Server serves the product API.
type Server struct {
	store directory.Store
	log   logger
	now   func() time.Time
	mux   *http.ServeMux
	// timeout is Config.RequestTimeout.
	timeout time.Duration
	// routes are the method and pattern of every registered route, for
	// the OpenAPI check.
	routes []string

	// usedMu guards used: when each key's use was last recorded, so that
	// LastUsed is written at most once a useEvery per key, not on every
	// request.
	usedMu sync.Mutex
	used   map[string]time.Time
}

// useEvery is how often a key's LastUsed is written at most.
const useEvery = time.Minute

// New returns a product API server.
func New(cfg Config) *Server {
	s := &Server{store: cfg.Store, log: cfg.Logger, now: cfg.Now, mux: http.NewServeMux(), used: map[string]time.Time{},
		timeout: cfg.RequestTimeout}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.handle("GET "+Prefix+"/openapi.json", http.HandlerFunc(serveOpenAPI))
	s.handle("GET "+Prefix+"/companies", s.authed(s.companies))
	s.handle("GET "+Prefix+"/companies/{id}/employees", s.authed(s.company(s.employees)))
	s.handle("GET "+Prefix+"/companies/{id}/employees/{employeeId}", s.authed(s.company(s.employee)))
	s.handle("GET "+Prefix+"/companies/{id}/surveys", s.authed(s.company(s.surveys)))
	s.handle("POST "+Prefix+"/companies/{id}/surveys", s.authed(s.company(s.createSurvey)))
	s.handle("GET "+Prefix+"/companies/{id}/surveys/{roundId}", s.authed(s.company(s.surveyRound)))
	s.handle("PATCH "+Prefix+"/companies/{id}/surveys/{roundId}", s.authed(s.company(s.editSurvey)))
	s.handle("POST "+Prefix+"/companies/{id}/surveys/{roundId}/cancel", s.authed(s.company(s.cancelSurvey)))
	s.handle("GET "+Prefix+"/companies/{id}/surveys/{roundId}/audience", s.authed(s.company(s.surveyAudience)))
	s.handle("GET "+Prefix+"/companies/{id}/surveys/{roundId}/recipients", s.authed(s.company(s.surveyRecipients)))
	s.handle("GET "+Prefix+"/companies/{id}/surveys/{roundId}/why/{employeeId}", s.authed(s.company(s.surveyWhy)))
	s.handle("GET "+Prefix+"/companies/{id}/guard", s.authed(s.company(s.guard)))
	s.handle("POST "+Prefix+"/companies/{id}/guard/release", s.authed(s.company(s.guardRelease)))
	return s
}

func (s *Server) handle(pattern string, h http.Handler) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, h)
}

// Routes returns "METHOD /path" of every route the server answers.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// ServeHTTP serves the product API's own paths.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// ServeMux answers unknown paths and methods in plain text; every
	// error here is a problem. A path that another method would reach is
	// one whose method is wrong.
	if _, pattern := s.mux.Handler(r); pattern == "" {
		if allow := s.allowed(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeProblem(w, http.StatusMethodNotAllowed, "%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allow, " or "))
			return
		}
		writeProblem(w, http.StatusNotFound, "no product API endpoint at %s; see %s/openapi.json", r.URL.Path, Prefix)
		return
	}
	if s.timeout > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
		defer cancel()
		r = r.WithContext(ctx)
	}
	s.mux.ServeHTTP(w, r)
}

// allowed returns the methods the routes answer at r's path.
func (s *Server) allowed(r *http.Request) []string {
	return allowmethods.At(s.mux, r, nil)
}

// Handler sends /api and everything under it to the product API and every
// other path to next (SCIM and the console, httpapi.Router), before SCIM's
// path tolerance can claim it. The one exception is a SCIM client outside
// /api/v1 (httpapi.LooksLikeSCIM): an admin who copied Peakon's own base
// URL (https://api.peakon.com/api/scim/v2) must read SCIM's 404 naming
// roster's base URL, not a problem its identity provider cannot show.
func (s *Server) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPIPath(r.URL.Path) && (isVersioned(r.URL.Path) || !httpapi.LooksLikeSCIM(r)) {
			s.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isAPIPath reports whether p is /api or below it.
func isAPIPath(p string) bool { return p == "/api" || strings.HasPrefix(p, "/api/") }

// isVersioned reports whether p is Prefix or below it: the product API's
// own, whatever the request looks like.
func isVersioned(p string) bool { return p == Prefix || strings.HasPrefix(p, Prefix+"/") }
