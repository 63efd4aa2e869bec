// Package schema describes SCIM resource schemas (RFC 7643 §2, §7): the
// attributes of the core User, the enterprise extension and company-defined
// extensions, their characteristics, how a path names one of them, and how a
// client's JSON is brought into canonical form.
package schema

import "strings"

// Type is an attribute data type (RFC 7643 §2.3).
type Type string

// The SCIM data types.
const (
	String    Type = "string"
	Boolean   Type = "boolean"
	Decimal   Type = "decimal"
	Integer   Type = "integer"
	DateTime  Type = "dateTime"
	Reference Type = "reference"
	Complex   Type = "complex"
	Binary    Type = "binary"
)

// Mutability is RFC 7643 §7 "mutability".
type Mutability string

// The mutability values.
const (
	ReadOnly  Mutability = "readOnly"
	ReadWrite Mutability = "readWrite"
	Immutable Mutability = "immutable"
	WriteOnly Mutability = "writeOnly"
)

// Returned is RFC 7643 §7 "returned".
type Returned string

// The returned values.
const (
	Always  Returned = "always"
	Never   Returned = "never"
	Default Returned = "default"
	Request Returned = "request"
)

// Uniqueness is RFC 7643 §7 "uniqueness".
type Uniqueness string

// The uniqueness values.
const (
	None   Uniqueness = "none"
	Server Uniqueness = "server"
	Global Uniqueness = "global"
)

// Attribute is one attribute definition with its characteristics.
type Attribute struct {
	Name            string
	Type            Type
	MultiValued     bool
	Description     string
	Required        bool
	CaseExact       bool
	Mutability      Mutability
	Returned        Returned
	Uniqueness      Uniqueness
	CanonicalValues []string
	ReferenceTypes  []string
	SubAttributes   []*Attribute

	// Format refines a string attribute for validation: "date" means an
	// ISO 8601 date (company "date" attributes). Empty means free text.
	Format string
	// MaxLength bounds a string value in characters; 0 means unbounded.
	MaxLength int
	// Aliases are other names a client may use for this attribute
	// (company attributes; Okta allows no spaces in names).
	Aliases []string
	// StrictValues makes CanonicalValues the only values accepted
	// (company "option" attributes with a fixed list).
	StrictValues bool
	// Trimmed marks a company "option" attribute: whitespace around a
	// value is no part of it, as options are trimmed (" Lisbon" is the
	// option "Lisbon", not a second one beside it), and a value matching
	// an option case-insensitively is taken as listed, open list or not.
	Trimmed bool
	// Key identifies a company attribute in storage (AttributeDef.ID);
	// empty for the standard attributes.
	Key string
	// NumberAsText accepts a JSON number for a string attribute, as its
	// decimal text: some clients send employee numbers as numbers. Any
	// other string attribute refuses a number ("userName": 12345 is a
	// client's mapping error, not a name).
	NumberAsText bool
}

// Sub returns the sub-attribute named name (case-insensitively), or nil.
func (a *Attribute) Sub(name string) *Attribute {
	return find(a.SubAttributes, name)
}

// Is reports whether name names a (case-insensitively, name or alias).
func (a *Attribute) Is(name string) bool {
	if strings.EqualFold(a.Name, name) {
		return true
	}
	for _, alias := range a.Aliases {
		if strings.EqualFold(alias, name) {
			return true
		}
	}
	return false
}

// Schema is a SCIM schema: a URN and its attributes.
type Schema struct {
	ID          string
	Name        string
	Description string
	Attributes  []*Attribute
	// Strict refuses values for attributes the schema does not define
	// instead of ignoring them (the company extension).
	Strict bool
}

// Attr returns the top-level attribute named name (or an alias of it), or nil.
func (s *Schema) Attr(name string) *Attribute {
	return find(s.Attributes, name)
}

func find(attrs []*Attribute, name string) *Attribute {
	for _, a := range attrs {
		if a.Is(name) {
			return a
		}
	}
	return nil
}
