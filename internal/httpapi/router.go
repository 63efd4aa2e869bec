package httpapi

import (
	"net/http"
)

// Router sends SCIM paths (in any of the shapes CanonicalPath accepts) to
// scim, requests that LooksLikeSCIM at other paths to scim too (which
// answers them 404 with the base URL to use, unchanged path), and
// everything else to console. A nil console answers a short page that
// points at the SCIM URL.
func Router(scim http.Handler, console http.Handler) http.Handler {
	if console == nil {
		console = http.HandlerFunc(placeholderConsole)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := CanonicalPath(r.URL.Path); ok {
			scim.ServeHTTP(w, withPath(r, p))
			return
		}
		if LooksLikeSCIM(r) {
			scim.ServeHTTP(w, r)
			return
		}
		console.ServeHTTP(w, r)
	})
}

// withPath is r at path p: r itself when that is its path already (the
// usual case, and every SCIM request's cost), else a copy with its own
// URL, as http.StripPrefix makes one — r.Clone also copied every header,
// 3 % of what a lookup allocated.
func withPath(r *http.Request, p string) *http.Request {
	if r.URL.Path == p && r.URL.RawPath == "" {
		return r
	}
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path, u.RawPath = p, ""
	r2.URL = &u
	return r2
}

func placeholderConsole(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("roster: SCIM 2.0 employee provisioning.\nThe SCIM 2.0 URL is this server's URL followed by /scim/v2.\n"))
}
