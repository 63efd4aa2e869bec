package httpapi

import (
	"net/http"
	"strings"

	"roster/internal/allowmethods"
	"roster/internal/scim"
)

// allowedMethods lists the methods s's routes take at r's path; none
// when the path is no endpoint. The catch-all patterns (notFound's)
// answer every path under the base URL, so the mux never tells a wrong
// method (405) from a wrong path (404) on its own.
func (s *Server) allowedMethods(r *http.Request) []string {
	return allowmethods.At(s.mux, r, s.isCatchAll)
}

// isCatchAll reports whether pattern is one of notFound's.
func (s *Server) isCatchAll(pattern string) bool {
	return pattern == Prefix || pattern == Prefix+"/"
}

// methodNotAllowed answers a method the path's endpoint does not take:
// 405 with Allow (RFC 9110 §15.5.6) and a SCIM error body naming what
// the endpoint takes.
func methodNotAllowed(w http.ResponseWriter, r *http.Request, allowed []string) {
	list := strings.Join(allowed, ", ")
	w.Header().Set("Allow", list)
	writeError(w, r, &scim.Error{Status: http.StatusMethodNotAllowed,
		Detail: r.Method + " is not a SCIM operation on " + requestPath(r) + "; it takes " + list})
}
