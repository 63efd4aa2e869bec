// Package allowmethods finds the methods a ServeMux's routes take at a
// request's path, for a 405's Allow header (RFC 9110 §15.5.6): the SCIM
// and product API servers both answer a wrong method with them, and
// neither lets the mux answer it in plain text.
package allowmethods

import "net/http"

// probed are the methods asked about, in Allow's order; HEAD follows GET,
// whose routes serve it.
var probed = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// At returns the methods mux's routes take at r's path, asking the mux
// itself, so that the answer follows the routes; a route whose pattern
// skip reports (a catch-all) does not count. None: the path is no
// route's.
func At(mux *http.ServeMux, r *http.Request, skip func(pattern string) bool) []string {
	var allowed []string
	for _, m := range probed {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host}
		if _, pattern := mux.Handler(probe); pattern != "" && (skip == nil || !skip(pattern)) {
			allowed = append(allowed, m)
			if m == http.MethodGet {
				allowed = append(allowed, http.MethodHead)
			}
		}
	}
	return allowed
}
