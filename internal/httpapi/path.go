package httpapi

import (
	"strings"
)

// scimEndpoints are the first path segments that belong to SCIM. Console
// paths are lower-case words, so the two never collide.
var scimEndpoints = []string{"Users", "Groups", "Schemas", "ResourceTypes", "ServiceProviderConfig", "Bulk", ".search", "Me"}

// CanonicalPath maps the paths identity providers actually request to
// Prefix + endpoint, and reports whether the path is a SCIM path at all.
//
// Admins paste the base URL in many shapes, and clients join it with
// "/Users" differently: with or without /scim/v2 ("https://host" →
// "/Users"), doubled ("/scim/v2/scim/v2/Users"), with a trailing slash
// ("/scim/v2/" → "/scim/v2//Users"), or Entra's example "/scim/" form
// ("/scim/Users"). Endpoint names match case-insensitively.
func CanonicalPath(p string) (string, bool) {
	segs := strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
	for {
		switch {
		case len(segs) >= 2 && strings.EqualFold(segs[0], "scim") && strings.EqualFold(segs[1], "v2"):
			segs = segs[2:]
			continue
		case len(segs) >= 1 && strings.EqualFold(segs[0], "scim"):
			segs = segs[1:]
			continue
		case len(segs) >= 1 && strings.EqualFold(segs[0], "v2"):
			segs = segs[1:]
			continue
		}
		break
	}
	if len(segs) == 0 {
		// The base URL itself: SCIM only if it was spelled as one.
		if strings.HasPrefix(strings.ToLower(strings.Trim(p, "/")), "scim") {
			return Prefix, true
		}
		return "", false
	}
	for _, e := range scimEndpoints {
		if strings.EqualFold(segs[0], e) {
			segs[0] = e
			if len(segs) >= 2 && e == "Users" && strings.EqualFold(segs[1], ".search") {
				segs[1] = ".search"
			}
			return Prefix + "/" + strings.Join(segs, "/"), true
		}
	}
	if strings.HasPrefix(strings.ToLower(strings.Trim(p, "/")), "scim") {
		return Prefix + "/" + strings.Join(segs, "/"), true
	}
	return "", false
}
