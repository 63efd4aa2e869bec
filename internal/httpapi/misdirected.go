package httpapi

import (
	"mime"
	"net/http"
	"strings"
)

// scimMediaType is SCIM's media type (RFC 7644 §8.1).
const scimMediaType = "application/scim+json"

// LooksLikeSCIM reports whether r comes from a SCIM client whatever its
// path: it names SCIM's media type in Accept or Content-Type, or it
// carries a bearer token to a path with a SCIM endpoint or "scim" in it
// ("/api/scim/v2/Users", "/scim/v3/Users"). Such a request at a path
// roster does not serve must be answered with a SCIM error naming the
// right base URL (see Server.wrongBase), never with the console's HTML
// page or the product API's problem, which an identity provider cannot
// show its admin.
//
// The bearer token alone is not enough, because the product API's keys
// are bearer tokens too: its client's typo ("/api/v2/companies") stays the
// product API's.
func LooksLikeSCIM(r *http.Request) bool {
	if hasSCIMMediaType(r.Header.Get("Content-Type")) {
		return true
	}
	for _, accept := range strings.Split(r.Header.Get("Accept"), ",") {
		if hasSCIMMediaType(accept) {
			return true
		}
	}
	return bearerToken(r) != "" && namesSCIM(r.URL.Path)
}

func hasSCIMMediaType(v string) bool {
	mt, _, err := mime.ParseMediaType(strings.TrimSpace(v))
	return err == nil && mt == scimMediaType
}

// namesSCIM reports whether a path has a segment that is a SCIM endpoint
// or "scim", in any case.
func namesSCIM(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if strings.EqualFold(seg, "scim") {
			return true
		}
		for _, e := range scimEndpoints {
			if strings.EqualFold(seg, e) {
				return true
			}
		}
	}
	return false
}

// requestPath is the path the client asked for, before Router made it
// canonical (RequestURI is the request line's target, unchanged).
func requestPath(r *http.Request) string {
	if r.RequestURI == "" {
		return r.URL.Path
	}
	p, _, _ := strings.Cut(r.RequestURI, "?")
	return p
}

// wrongBase answers a SCIM request at a path outside the SCIM base URL
// (Router sends it here when LooksLikeSCIM): 404 with the base URL to
// configure, before authentication, since the URL is what to fix first.
func (s *Server) wrongBase(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, notFound("roster serves no SCIM endpoint at %s %s: set the identity provider's SCIM base URL (Entra ID: Tenant URL; Okta: SCIM connector base URL) to %s", r.Method, requestPath(r), s.base(r)))
}
