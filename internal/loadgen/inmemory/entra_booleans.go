package inmemory

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// The library refuses a PATCH whose boolean value comes as a string —
// Entra's "True" and "False" (shared/reference/scim-clients.md §1.4) —
// with 400 invalidValue. A server built on it that Entra can provision
// has to turn them into booleans before the library sees them, which is
// what entraBooleans does: for every PATCH, the request is decoded and,
// where an operation's value (or a value of a path-less one) is "True" or
// "False" in any case, encoded again with the boolean. That work is part
// of what such a server does for Entra's traffic, and is measured with it.

// entraBooleans is next behind the conversion above.
func entraBooleans(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPatch || r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var patch map[string]any
		if json.Unmarshal(body, &patch) == nil {
			if ops, ok := patch["Operations"].([]any); ok {
				for _, op := range ops {
					if m, ok := op.(map[string]any); ok {
						m["value"] = booleans(m["value"])
					}
				}
				if b, err := json.Marshal(patch); err == nil {
					body = b
				}
			}
		}
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// booleans is v with "True" and "False" turned into booleans, in v and
// in the values of a path-less operation's object.
func booleans(v any) any {
	switch x := v.(type) {
	case string:
		switch {
		case strings.EqualFold(x, "true"):
			return true
		case strings.EqualFold(x, "false"):
			return false
		}
	case map[string]any:
		for k, e := range x {
			x[k] = booleans(e)
		}
	}
	return v
}
