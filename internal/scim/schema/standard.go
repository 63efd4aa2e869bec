package schema

import "strings"

// multiSubs are the sub-attributes RFC 7643 §2.4 gives every multi-valued
// attribute (emails, phoneNumbers, roles …).
var multiSubs = []string{"value", "display", "type", "primary"}

// standardUser is every attribute RFC 7643 defines for a User (§4.1 core,
// §4.3 enterprise extension), with its sub-attributes, by schema URN.
//
// It is not what roster supports (that is User and Enterprise, which
// discovery lists): it only tells a name a client may legitimately send
// and roster may not keep (Okta's "password", "groups") from a name no
// schema has (a typo such as "displayNmae"), so that a PATCH path of the
// first kind is ignored and logged as not stored, and one of the second
// kind refused with invalidPath. An attribute roster stores resolves
// through its schemas first and never gets here.
var standardUser = map[string]map[string][]string{
	UserURN: {
		"userName": nil, "name": {"formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"},
		"displayName": nil, "nickName": nil, "profileUrl": nil, "title": nil, "userType": nil,
		"preferredLanguage": nil, "locale": nil, "timezone": nil, "active": nil, "password": nil,
		"emails": multiSubs, "phoneNumbers": multiSubs, "ims": multiSubs, "photos": multiSubs,
		"addresses":    {"formatted", "streetAddress", "locality", "region", "postalCode", "country", "type", "primary"},
		"groups":       {"value", "$ref", "display", "type"},
		"entitlements": multiSubs, "roles": multiSubs, "x509Certificates": multiSubs,
	},
	EnterpriseURN: {
		"employeeNumber": nil, "costCenter": nil, "organization": nil, "division": nil, "department": nil,
		"manager": {"value", "$ref", "displayName"},
	},
}

// IsStandard reports whether path, a PATCH path ("name.middleName",
// "phoneNumbers[type eq \"work\"].value", "urn:…:enterprise:2.0:User:costCenter"),
// names an attribute or sub-attribute that RFC 7643 defines for a User,
// whether or not roster stores it. Names compare case-insensitively, like
// every attribute name (RFC 7643 §2.1). Only a User has standard names.
func (rt *ResourceType) IsStandard(path string) bool {
	if rt.Name != "User" {
		return false
	}
	urn, rest := UserURN, path
	for u := range standardUser {
		if len(path) > len(u) && strings.EqualFold(path[:len(u)], u) && path[len(u)] == ':' {
			urn, rest = u, path[len(u)+1:]
		}
	}
	name, sub := rest, ""
	if open := strings.IndexByte(rest, '['); open >= 0 {
		end := strings.LastIndexByte(rest, ']')
		if end < open {
			return false
		}
		name = rest[:open]
		after := rest[end+1:]
		if after != "" {
			s, ok := strings.CutPrefix(after, ".")
			if !ok {
				return false
			}
			sub = s
		}
	} else if i := strings.IndexByte(rest, '.'); i >= 0 {
		name, sub = rest[:i], rest[i+1:]
	}
	for n, subs := range standardUser[urn] {
		if !strings.EqualFold(n, name) {
			continue
		}
		if sub == "" {
			return true
		}
		for _, s := range subs {
			if strings.EqualFold(s, sub) {
				return true
			}
		}
	}
	return false
}
