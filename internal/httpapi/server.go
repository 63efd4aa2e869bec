// Package httpapi serves the SCIM 2.0 API (RFC 7644) under /scim/v2: the
// Users resource, discovery endpoints, bearer-token authentication scoped to
// one company, and the client quirks of Microsoft Entra ID and Okta.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"roster/internal/directory"
)

// Prefix is where the SCIM API lives.
const Prefix = "/scim/v2"

// Config configures a Server.
type Config struct {
	Store directory.Store
	// BaseURL is the public URL of the server (scheme, host, optional
	// path), used for meta.location; empty means "from the request".
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives request logs; nil means slog.Default().
	Logger *slog.Logger
	// BulkMaxOperations and BulkMaxPayload limit a Bulk request (number
	// of operations, body bytes); zero means the defaults.
	BulkMaxOperations int
	BulkMaxPayload    int64
	// RateLimit is the sustained SCIM requests per second allowed per
	// company (zero: no limit; `roster serve` defaults to
	// DefaultRateLimit), RateBurst the bucket size (zero: three seconds'
	// worth). Bulk operations count one each.
	RateLimit float64
	RateBurst int
	// RequestTimeout bounds how long a request may wait on the store: past
	// it the request answers 503 with Retry-After instead of hanging on a
	// database that does not answer. BulkTimeout is the same for /Bulk,
	// whose thousand operations legitimately take longer. Zero: no
	// deadline (`roster serve` sets DefaultRequestTimeout and
	// DefaultBulkTimeout).
	RequestTimeout time.Duration
	BulkTimeout    time.Duration
	// UsageFlushInterval batches the per-connection request counts and
	// last-used times, written once per interval; zero writes them on
	// every request. Call Close to write what is pending.
	UsageFlushInterval time.Duration
	// ActivityQueue bounds the activity log entries (refusals, probes)
	// waiting to be written; past it they are dropped and counted (see
	// Server.ActivityDropped). ActivityBatch is the most written in one
	// transaction, ActivityInterval the longest an entry waits. Zero: the
	// Default* values. Call Close to write what is queued.
	ActivityQueue    int
	ActivityBatch    int
	ActivityInterval time.Duration
}

// Server handles SCIM requests.
type Server struct {
	store   directory.Store
	baseURL string
	now     func() time.Time
	log     *slog.Logger
	mux     *http.ServeMux

	bulkMaxOps     int
	bulkMaxPayload int64
	limits         *limiters
	usage          *usageRecorder
	activity       *activityQueue
	requestTimeout time.Duration
	bulkTimeout    time.Duration
	// positions remember where listings' next pages start.
	positions positionKeeper
	// schemas are the companies' SCIM schemas by attributes version.
	companySchemas schemaCache
	// callers are remembered for GETs, where the store checks them with
	// the request's read (remembered_callers.go).
	callers       rememberedCallers
	checksCallers bool
}

// Default request deadlines of `roster serve` (see Config).
const (
	DefaultRequestTimeout = 5 * time.Second
	DefaultBulkTimeout    = 30 * time.Second
)

// New returns a SCIM server.
func New(cfg Config) *Server {
	s := &Server{store: cfg.Store, baseURL: strings.TrimRight(cfg.BaseURL, "/"), now: cfg.Now, log: cfg.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.bulkMaxOps, s.bulkMaxPayload = cfg.BulkMaxOperations, cfg.BulkMaxPayload
	if s.bulkMaxOps <= 0 {
		s.bulkMaxOps = DefaultBulkMaxOperations
	}
	if s.bulkMaxPayload <= 0 {
		s.bulkMaxPayload = DefaultBulkMaxPayload
	}
	s.requestTimeout, s.bulkTimeout = cfg.RequestTimeout, cfg.BulkTimeout
	s.limits = newLimiters(cfg.RateLimit, cfg.RateBurst)
	if cc, ok := cfg.Store.(directory.CallerChecker); ok {
		s.checksCallers = cc.ChecksCallers()
	}
	s.usage = newUsageRecorder(s.store, s.log, cfg.UsageFlushInterval)
	s.activity = newActivityQueue(s.store, s.log, cfg.ActivityQueue, cfg.ActivityBatch, cfg.ActivityInterval)
	s.positions = newPositionKeeper(s.store, s.log)
	s.mux = http.NewServeMux()
	s.routes()
	return s
}

// Close writes pending connection usage and queued activity log entries,
// and stops background work.
func (s *Server) Close() {
	s.usage.close()
	s.activity.close()
}

// ActivityDropped is the number of activity log entries (refusals,
// probes) this server dropped since it started because its queue was full
// or the store refused them.
func (s *Server) ActivityDropped() int64 { return s.activity.Dropped() }

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET "+Prefix+"/Users", s.listUsers)
	m.HandleFunc("POST "+Prefix+"/Users/.search", s.searchUsers)
	m.HandleFunc("POST "+Prefix+"/.search", s.searchUsers)
	m.HandleFunc("POST "+Prefix+"/Users", s.createUser)
	m.HandleFunc("GET "+Prefix+"/Users/{id}", s.getUser)
	m.HandleFunc("PUT "+Prefix+"/Users/{id}", s.replaceUser)
	m.HandleFunc("PATCH "+Prefix+"/Users/{id}", s.patchUser)
	m.HandleFunc("DELETE "+Prefix+"/Users/{id}", s.deleteUser)
	m.HandleFunc("POST "+Prefix+"/Bulk", s.bulk)
	m.HandleFunc("GET "+Prefix+"/ServiceProviderConfig", s.serviceProviderConfig)
	m.HandleFunc("GET "+Prefix+"/ResourceTypes", s.resourceTypes)
	m.HandleFunc("GET "+Prefix+"/ResourceTypes/{name}", s.resourceType)
	m.HandleFunc("GET "+Prefix+"/Schemas", s.schemas)
	m.HandleFunc("GET "+Prefix+"/Schemas/{urn}", s.schemaByURN)
	m.HandleFunc(Prefix+"/Groups", s.groups)
	m.HandleFunc(Prefix+"/Groups/{id}", s.groups)
	m.HandleFunc(Prefix, s.notFound)
	m.HandleFunc(Prefix+"/", s.notFound)
}

// ServeHTTP authenticates and serves a request whose path is already under
// Prefix (see CanonicalPath); any other path is a SCIM client with the
// wrong base URL (see Router), told which to use.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	// The request's id, note and deadline in one new context: each
	// Request.WithContext copies the request.
	info := newRequestInfo(r)
	note := &activityNote{client: clientKind(r, info.query)}
	ctx := withNote(context.WithValue(r.Context(), keyRequestInfo, info), note)
	if d := s.deadline(r); d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	r = r.WithContext(ctx)
	rec.Header().Set("X-Request-Id", info.id)
	// Set once here, so that every answer has it, errors included: error
	// details quote request text, which a browser must not sniff into
	// HTML.
	rec.Header().Set("X-Content-Type-Options", "nosniff")
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic", "request_id", requestID(r.Context()), "panic", p)
			if !rec.wrote {
				writeError(rec, r, errPanic)
			}
		}
		// Attrs, not key-value pairs: every request logs this line, and
		// each pair's value would be boxed.
		attrs := make([]slog.Attr, 0, 9)
		attrs = append(attrs, slog.String("request_id", requestID(r.Context())), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.String("company", companyIDOf(r.Context())),
			slog.String("connection", connectionIDOf(r.Context())), slog.Int64("duration_ms", time.Since(start).Milliseconds()))
		if rec.status >= 400 {
			// Why it was refused, as the client was told: what an operator
			// needs to answer "why did Entra's sync fail?" from the log.
			attrs = append(attrs, slog.String("scim_type", rec.scimType), slog.String("detail", rec.detail))
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "scim request", attrs...)
		s.logRequest(r, note, rec.status, rec.scimType, rec.detail)
	}()
	if r.URL.Path != Prefix && !strings.HasPrefix(r.URL.Path, Prefix+"/") {
		s.wrongBase(rec, r)
		return
	}
	hash, err := tokenHashOf(r)
	if err != nil {
		writeError(rec, r, err)
		return
	}
	admitted, charged := s.serveRemembered(rec, r, hash)
	if admitted != nil {
		r = admitted
		return
	}
	r, err = s.authenticate(r, hash)
	if err != nil {
		writeError(rec, r, err)
		return
	}
	if charged {
		// Served once already with its remembered caller, whose answer
		// was dropped: the request was charged to its company's rate then.
		s.serveCharged(rec, r)
		return
	}
	s.serveAdmitted(rec, r)
}

// serveAdmitted serves r, whose caller is in its context, charging it to
// its company's rate; it reports whether r was charged (not refused for
// the rate being spent).
func (s *Server) serveAdmitted(w http.ResponseWriter, r *http.Request) (charged bool) {
	if limited := s.limits.take(companyIDOf(r.Context()), 1, s.now()); limited != nil {
		limited.write(w, r)
		return false
	}
	s.serveCharged(w, r)
	return true
}

// serveCharged serves r, admitted and charged to its company's rate.
func (s *Server) serveCharged(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(queryOf(r)); err != nil {
		writeError(w, r, err)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// deadline is how long r may take (0: no limit).
func (s *Server) deadline(r *http.Request) time.Duration {
	if r.URL.Path == Prefix+"/Bulk" {
		return s.bulkTimeout
	}
	return s.requestTimeout
}

// base returns the SCIM base URL for meta.location and $ref values.
func (s *Server) base(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL + Prefix
	}
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + Prefix
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if allowed := s.allowedMethods(r); len(allowed) > 0 {
		methodNotAllowed(w, r, allowed)
		return
	}
	writeError(w, r, notFound("no SCIM endpoint at %s %s; roster's SCIM base URL is %s, which serves /Users, /Bulk, /Schemas, /ResourceTypes and /ServiceProviderConfig", r.Method, requestPath(r), s.base(r)))
}

// groups answers every Groups request with 501: roster provisions
// employees only. 501 (not 404) tells the admin that the feature is absent
// rather than that one group is missing, and discovery does not list Groups.
func (s *Server) groups(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, errGroupsUnsupported)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	// scimType and detail are those of the SCIM error answered, if any.
	scimType, detail string
}

// errorNoter is a response writer that notes the SCIM error answered.
type errorNoter interface{ noteError(scimType, detail string) }

func (r *statusRecorder) noteError(scimType, detail string) { r.scimType, r.detail = scimType, detail }

func (r *statusRecorder) WriteHeader(code int) {
	r.status, r.wrote = code, true
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}
