package filter

import (
	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// Path is a PATCH path (RFC 7644 §3.5.2): an attribute, optionally a value
// filter selecting values of a multi-valued attribute, optionally a
// sub-attribute after that filter.
//
//	name.givenName                 Attr={name, Sub: givenName}
//	emails[type eq "work"].value   Attr={emails}, Filter=type eq "work", Sub=value
//	urn:…:enterprise:2.0:User:manager  Attr={Schema: enterprise, Attr: manager}
//	urn:…:enterprise:2.0:User      Schema=enterprise, Attr.Attr nil (the whole extension)
type Path struct {
	// Schema is set (and Attr.Attr nil) when the path is a schema URN alone.
	Schema *schema.Schema
	Attr   schema.Ref
	Filter Expr
	Sub    *schema.Attribute
}

// ParsePath parses and resolves a PATCH path against rt. Syntax errors are
// *scim.Error with scimType invalidPath; a path naming no attribute is a
// *scim.Error (invalidPath) that wraps a *schema.UnknownAttributeError.
func ParsePath(rt *schema.ResourceType, path string) (Path, error) {
	return Path{}, scim.Errorf(scim.InvalidPath, "not implemented yet")
}
