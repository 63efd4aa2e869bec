package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"roster/internal/scim"
	"roster/internal/userdoc"
)

// preconditions are the conditional headers of a request on one employee
// (RFC 7644 §3.14, which defers to RFC 7232): If-Match and If-None-Match,
// as sent. Neither Entra nor Okta sends them; a request without them has
// no precondition.
type preconditions struct {
	ifMatch, ifNoneMatch string
}

func preconditionsOf(r *http.Request) preconditions {
	return preconditions{ifMatch: r.Header.Get("If-Match"), ifNoneMatch: r.Header.Get("If-None-Match")}
}

// ifMatch is the precondition of a Bulk operation: its "version" (RFC
// 7644 §3.7) plays If-Match.
func ifMatch(version string) preconditions { return preconditions{ifMatch: version} }

// errNotModified answers a GET whose If-None-Match names the current
// version: 304, no body (RFC 7232 §4.1).
var errNotModified = errors.New("not modified")

// check evaluates the preconditions against the employee's current
// version, in RFC 7232 §6's order: If-Match first (false: 412), then
// If-None-Match (true for a listed tag or "*": 304 for a safe method such
// as GET, else 412). A missing employee never gets here: RFC 7232 §5 has
// the 404 win over any precondition.
//
// Versions are weak tags (W/"3"), so both headers use the weak comparison
// (RFC 7232 §2.3.2): W/"3" and "3" both name version 3. A strong
// comparison would make If-Match with roster's own ETag always fail.
func (p preconditions) check(version int64, safe bool) error {
	current := userdoc.ETag(version)
	if p.ifMatch != "" && !matchesAny(p.ifMatch, current) {
		return &scim.Error{Status: http.StatusPreconditionFailed,
			Detail: "If-Match " + strings.TrimSpace(p.ifMatch) + " does not name the employee's current version " + current + ": it has changed since; fetch it again and retry"}
	}
	if p.ifNoneMatch != "" && matchesAny(p.ifNoneMatch, current) {
		if safe {
			return errNotModified
		}
		return &scim.Error{Status: http.StatusPreconditionFailed,
			Detail: "If-None-Match " + strings.TrimSpace(p.ifNoneMatch) + " names the employee's current version " + current + " (or is *, and the employee exists): nothing was changed"}
	}
	return nil
}

// matchesAny reports whether header, an If-Match or If-None-Match value
// ("*" or a comma-separated list of entity tags), names the entity tag
// current, compared weakly.
func matchesAny(header, current string) bool {
	header = strings.TrimSpace(header)
	if header == "*" {
		return true
	}
	want := opaqueTag(current)
	for _, tag := range strings.Split(header, ",") {
		if opaqueTag(strings.TrimSpace(tag)) == want {
			return true
		}
	}
	return false
}

// opaqueTag strips an entity tag's weakness indicator: W/"3" → "3".
func opaqueTag(tag string) string {
	if len(tag) > 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/' {
		return tag[2:]
	}
	return tag
}
