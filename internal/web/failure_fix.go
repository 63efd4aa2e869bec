package web

import (
	"net/url"
	"regexp"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// fixLink is the one click that fixes a cause of refusals, where roster
// can offer one.
type fixLink struct {
	Text, URL string
}

var (
	// unknownAttribute is the refusal of a company attribute the company
	// does not have: "costCenter" is not an attribute of <company URN>; …
	// — in a PATCH, after the operation it refuses, and naming the whole
	// path: operation 2 (replace "<URN>:costCenter"): "<URN>:costCenter"
	// is not an attribute of <URN>; …
	unknownAttribute = regexp.MustCompile(`^(?:operation \d+ \(.*?\): )?"([^"]+)" is not an attribute of ` + regexp.QuoteMeta(schema.CompanyURN) + `\b`)
	// firstQuoted is the first quoted name of a detail, where value
	// refusals name their attribute: "<URN>:Location" must be one of …,
	// attribute "Location" takes one of …, … is a date ….
	firstQuoted = regexp.MustCompile(`"([^"]+)"`)
)

// fixFor infers the fix of a cause of refusals (a LogEntry.Cause, with
// its scimType) from what roster knows: a company attribute that does
// not exist is a link to create it, prefilled; a value the attribute
// refuses is a link to the attribute (its options, its type); a userName
// already taken is a search for the employee who has it (userName: the
// newest one refused). ok is false when there is nothing to offer.
func fixFor(cause, scimType, userName string, defs []directory.AttributeDef) (fix fixLink, ok bool) {
	if m := unknownAttribute.FindStringSubmatch(cause); m != nil {
		name := strings.TrimPrefix(m[1], schema.CompanyURN+":")
		return fixLink{Text: "Create the attribute " + name, URL: "/attributes?" + url.Values{"name": {name}}.Encode() + "#new-h"}, true
	}
	if scimType == "uniqueness" || strings.Contains(cause, "already taken") {
		if userName == "" {
			return fixLink{}, false
		}
		return fixLink{Text: "Find the employee who has " + userName, URL: "/employees?" + url.Values{"q": {userName}}.Encode()}, true
	}
	if m := firstQuoted.FindStringSubmatch(cause); m != nil {
		name := m[1]
		if rest, found := strings.CutPrefix(name, schema.CompanyURN+":"); found {
			name = rest
		}
		for _, d := range defs {
			for _, n := range d.Names() {
				if strings.EqualFold(n, name) {
					return fixLink{Text: "Open the attribute " + d.Name, URL: "/attributes/" + url.PathEscape(d.ID)}, true
				}
			}
		}
	}
	return fixLink{}, false
}
