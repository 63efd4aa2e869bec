package httpapi

import (
	"net/url"
	"sort"

	"roster/internal/directory"
	"roster/internal/scim"
)

// checkQuery refuses a query parameter holding a NUL character or bytes
// that are not UTF-8: no attribute name, id or value of roster holds one
// (directory.StorableText), so the request cannot mean anything, and
// refusing it here keeps such text away from the store on every
// endpoint. The filter is left to filter.Parse, which names the
// attribute whose value holds it. A parameter roster reads given more
// than once is refused too.
func checkQuery(q url.Values) error {
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names) // the same parameter named every time
	for _, name := range names {
		if len(q[name]) > 1 && listParamNames[name] {
			hint := ""
			if name == "filter" {
				hint = " (combine filters with and / or)"
			}
			return scim.Errorf(repeatedParamType(name), "%s is given %d times; roster reads one: send it once%s", name, len(q[name]), hint)
		}
		if name == "filter" {
			continue
		}
		for _, v := range q[name] {
			if err := checkParam(name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// listParamNames are the query parameters roster reads (RFC 7644
// §3.4.2); any other is ignored, as the RFC lets a server.
var listParamNames = map[string]bool{"filter": true, "startIndex": true, "count": true, "sortBy": true,
	"sortOrder": true, "attributes": true, "excludedAttributes": true}

// repeatedParamType is the scimType of a parameter given twice: which
// one a client meant cannot be told, and reading only the first would
// drop the other without a trace.
func repeatedParamType(name string) scim.ScimType {
	if name == "filter" {
		return scim.InvalidFilter
	}
	return scim.InvalidValue
}

// checkParam refuses one request parameter (query or SearchRequest
// field) holding text roster cannot store or match.
func checkParam(name, v string) error {
	if directory.StorableText(v) {
		return nil
	}
	return scim.Errorf(scim.InvalidValue, "%s %q holds a NUL character (U+0000) or bytes that are not UTF-8 text, which no attribute or value in roster holds; remove them", name, v)
}
