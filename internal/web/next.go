package web

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// afterSignIn is where a sign-in goes without a (usable) next.
const afterSignIn = "/integrations"

// safeNext returns next, the page a sign-in was asked to return to, when
// it is a path on this site, else afterSignIn: a sign-in link must not
// send an admin, now signed in, to another site (an open redirect).
func safeNext(next string) string {
	if !sameSitePath(next) {
		return afterSignIn
	}
	return next
}

// sameSitePath reports whether p is a plain path (with an optional
// query) on this site. Browsers read a Location leniently, and each
// leniency has been used to leave the site: they drop tabs and newlines
// anywhere ("/\t/evil.example" is "//evil.example", another host), read
// "\" as "/" ("/\evil.example"), and some decode the path before they
// look at it ("/%2F/evil.example", "/%5Cevil.example"). So p must start
// with exactly one "/" and hold no "\", control character or white
// space, both as written and percent-decoded; and url.Parse must find
// neither a scheme nor a host in it, which catches what the rules above
// did not foresee.
func sameSitePath(p string) bool {
	decoded, err := url.PathUnescape(p)
	if err != nil {
		return false
	}
	for _, s := range []string{p, decoded} {
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') ||
			strings.IndexFunc(s, unsafeInPath) >= 0 {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.Opaque == "" && u.User == nil
}

// unsafeInPath is a rune a browser may drop or reinterpret in a URL.
func unsafeInPath(r rune) bool {
	return unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError
}
