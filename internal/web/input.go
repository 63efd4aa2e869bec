package web

import (
	"fmt"
	"net/http"
	"sort"

	"roster/internal/directory"
)

// checkInput refuses, before any handler runs, a request that carries
// text no stored name, label, id or value can hold: a NUL character or
// bytes that are not UTF-8 (directory.StorableText). PostgreSQL fails on
// such text with an error, so without this check every form field and
// query value would be one more way to a 500. A path is an address: with
// such text it is the 404 page. A query value or form field is the 400
// page naming it. It reports whether the request may go on.
func (s *Server) checkInput(w http.ResponseWriter, r *http.Request) bool {
	if !directory.StorableText(r.URL.Path) {
		s.notFound(w, r)
		return false
	}
	if r.Method == http.MethodPost {
		// Bounded before it is read, as signedIn and checkFormToken do.
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	}
	// A malformed query or body is left to the handlers, as before: they
	// see what could be parsed (a form without its CSRF token is 403).
	_ = r.ParseForm()
	names := make([]string, 0, len(r.Form))
	for name := range r.Form {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ok := directory.StorableText(name)
		for _, v := range r.Form[name] {
			ok = ok && directory.StorableText(v)
		}
		if !ok {
			s.errorPage(w, r, http.StatusBadRequest, "This request could not be accepted", fmt.Sprintf(
				"The field %q holds a NUL character (U+0000) or bytes that are not UTF-8 text, which roster cannot store or search for. Nothing was changed. Go back, remove them and try again.", name))
			return false
		}
	}
	return true
}
