package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim"
	"roster/internal/scim/schema"
)

type ctxKey int

const (
	keyRequestInfo ctxKey = iota
	keyCaller
)

// caller is the authenticated connection making a SCIM request.
type caller struct {
	company    directory.Company
	connection directory.Connection
	// attributesVersion is the version of the company's attribute
	// definitions when the request began.
	attributesVersion int64
	// rt and defs are the company's schema, loaded on first use.
	rt   *schema.ResourceType
	defs []directory.AttributeDef
}

// requestInfo is what a request's handlers share of it from ServeHTTP
// on: its id, and its URL's query parsed once (URL.Query parses it
// anew, a map and its strings, each time it is asked: five times a
// lookup).
type requestInfo struct {
	id    string
	query url.Values
}

// newRequestInfo gives r a new id and parses its query.
func newRequestInfo(r *http.Request) *requestInfo {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &requestInfo{id: hex.EncodeToString(b[:]), query: r.URL.Query()}
}

func requestID(ctx context.Context) string {
	if info, ok := ctx.Value(keyRequestInfo).(*requestInfo); ok {
		return info.id
	}
	return ""
}

// queryOf is r's URL query, parsed once for all that read it; handlers
// only read it.
func queryOf(r *http.Request) url.Values {
	if info, ok := r.Context().Value(keyRequestInfo).(*requestInfo); ok {
		return info.query
	}
	return r.URL.Query()
}

func callerOf(ctx context.Context) *caller {
	c, _ := ctx.Value(keyCaller).(*caller)
	return c
}

func companyIDOf(ctx context.Context) string {
	if c := callerOf(ctx); c != nil {
		return c.company.ID
	}
	return ""
}

func connectionIDOf(ctx context.Context) string {
	if c := callerOf(ctx); c != nil {
		return c.connection.ID
	}
	return ""
}

var errPanic = errors.New("panic while serving request")

func unauthorized(detail string) error {
	return &scim.Error{Status: http.StatusUnauthorized, Detail: detail}
}

func notFound(format string, args ...any) error { return scim.NotFound(format, args...) }

// errGroupsUnsupported answers every /Groups request.
var errGroupsUnsupported = &scim.Error{Status: http.StatusNotImplemented,
	Detail: "roster provisions employees (Users) only; Groups are not supported. Turn off group provisioning for this app in your identity provider (Entra ID: Provisioning → Mappings → Provision Microsoft Entra ID Groups → Enabled: No; Okta: leave Push Groups unused)."}

// pausedRetryAfter is the Retry-After of a paused company's 503, in
// seconds: a pause is an admin's decision and lasts minutes or more.
const pausedRetryAfter = 600

// errProvisioningPaused answers every request of a company whose admin
// paused provisioning. 503, not 403: Entra reports a 403 as invalid
// credentials and may quarantine the job, while a 503 is retried (see
// the README); the token is fine and nothing is lost.
var errProvisioningPaused = &scim.Error{Status: http.StatusServiceUnavailable, RetryAfter: pausedRetryAfter,
	Detail: "employee provisioning is paused by this company's administrator in roster's console (Integrations → Employee provisioning → Resume provisioning); the token is valid and nothing was changed — retry later"}

// bearerToken extracts the token from "Authorization: Bearer <token>".
// Okta's "HTTP header" authentication sends whatever the admin typed, so
// a bare token without the scheme is accepted too, and so is the scheme
// twice ("Bearer Bearer <token>"): some Okta app templates add "Bearer "
// themselves to a token field into which the admin pasted "Bearer …".
func bearerToken(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	schemes := 0
	for schemes < 2 {
		scheme, rest, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			break
		}
		h, schemes = strings.TrimSpace(rest), schemes+1
	}
	if schemes > 0 || strings.HasPrefix(h, "rst_") {
		return h
	}
	return ""
}

// authenticate resolves the bearer token, whose hash is hash, to its
// connection and company and stores them in the request context. Every
// later store call is scoped to that company.
func (s *Server) authenticate(r *http.Request, hash []byte) (*http.Request, error) {
	// One query: the connection, its company and its schema's version.
	found, err := s.store.CallerByTokenHash(r.Context(), hash)
	if directory.ErrorCode(err) == directory.ENotFound {
		return r, errTokenInvalid
	}
	if err != nil {
		return r, fmt.Errorf("authenticate: %w", err)
	}
	r, err = s.admit(r, hash, found)
	if err == nil && s.checksCallers {
		s.callers.remember(hash, found)
	}
	// A request its connection made counts as one, turned away (revoked,
	// paused) or not: the console shows requests beside refusals.
	if err == nil || noteOf(r.Context()).inactive {
		s.usage.record(r.Context(), found.Connection.ID, s.now())
	}
	return r, err
}

var errTokenInvalid = unauthorized("the bearer token is not valid; copy the token again from roster's console")

// tokenHashOf is the hash of r's bearer token.
func tokenHashOf(r *http.Request) ([]byte, error) {
	token := bearerToken(r)
	if token == "" {
		return nil, unauthorized("missing bearer token: send \"Authorization: Bearer <token>\" with the token from roster's console (Integrations → Employee provisioning)")
	}
	return directory.HashToken(token), nil
}

// admit lets r in as found, the caller of the token whose hash is hash,
// unless its token no longer works or its company's provisioning is
// paused: it returns r with the caller in its context.
func (s *Server) admit(r *http.Request, hash []byte, found directory.Caller) (*http.Request, error) {
	conn := found.Connection
	// The lookup was by hash; compare again in constant time so that no
	// timing difference depends on the stored value.
	if subtle.ConstantTimeCompare(conn.TokenHash, hash) != 1 {
		return r, errTokenInvalid
	}
	// From here on the request is the connection's: the activity log
	// records it against the connection, revoked or paused included.
	note := noteOf(r.Context())
	note.companyID, note.connectionID = conn.CompanyID, conn.ID
	if !conn.Usable(s.now()) {
		note.inactive = true
		return r, unauthorized("the bearer token was revoked; create a new one in roster's console")
	}
	if found.Company.ProvisioningDisabled {
		note.inactive = true
		return r, errProvisioningPaused
	}
	c := &caller{company: found.Company, connection: conn, attributesVersion: found.AttributesVersion}
	return r.WithContext(context.WithValue(r.Context(), keyCaller, c)), nil
}
