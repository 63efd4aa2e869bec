package api

import (
	"net/http"
	"net/url"
	"strconv"
)

// Page sizes of every cursor-paginated listing.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// query parses the request's query string; it answers 400 and returns
// false when it is not valid URL encoding (Query() would drop the bad
// pair silently: a cursor lost that way restarts the listing), or when
// it gives a parameter the API reads more than once (which one was
// meant cannot be told, and the other would be dropped as silently).
func query(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	p, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, "the query string is not valid URL encoding: %v", err)
		return nil, false
	}
	for _, name := range queryParamNames {
		if n := len(p[name]); n > 1 {
			writeProblem(w, http.StatusBadRequest, "%s is given %d times; send it once", name, n)
			return nil, false
		}
	}
	return p, true
}

// queryParamNames are the query parameters the API's listings read.
var queryParamNames = [...]string{"limit", "cursor", "status", "changed_since", "at"}

// pageBounds reads a listing's limit and cursor (the id after which the
// page starts); it answers 400 and returns false for a bad one.
func pageBounds(w http.ResponseWriter, p url.Values) (after string, limit int, ok bool) {
	limit = defaultLimit
	if v := p.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			writeProblem(w, http.StatusBadRequest, "limit must be a whole number from 1 to %d, not %q", maxLimit, v)
			return "", 0, false
		}
		limit = n
	}
	if v := p.Get("cursor"); v != "" {
		a, ok := decodeCursor(v)
		if !ok {
			writeProblem(w, http.StatusBadRequest, "cursor %q is not one this API returned; pass nextCursor as it is", v)
			return "", 0, false
		}
		after = a
	}
	return after, limit, true
}
