package filter

import (
	"roster/internal/scim/schema"
)

// Op is a comparison operator of RFC 7644 §3.4.2.2, lower-cased.
type Op string

// The comparison operators.
const (
	Eq Op = "eq"
	Ne Op = "ne"
	Co Op = "co"
	Sw Op = "sw"
	Ew Op = "ew"
	Pr Op = "pr"
	Gt Op = "gt"
	Ge Op = "ge"
	Lt Op = "lt"
	Le Op = "le"
)

// Expr is a filter checked against a resource type: every attribute is
// resolved and every value has the Go type of its attribute.
type Expr interface{ expr() }

// And is "left and right".
type And struct{ Left, Right Expr }

// Or is "left or right".
type Or struct{ Left, Right Expr }

// Not is "not (x)".
type Not struct{ X Expr }

// Compare is "attrPath op value", or "attrPath pr" (Op == Pr, Value nil).
//
// Attr is resolved against the schema. For a multi-valued attribute the
// comparison holds when any value matches; naming a multi-valued complex
// attribute without a sub-attribute ("emails eq x") means its "value"
// sub-attribute, so Attr.Sub is set to it. The same holds for a
// single-valued complex attribute that has a "value" (the enterprise
// manager: "manager eq id" is manager.value). Attr.Target() is complex only
// for "pr", "eq null" and "ne null" on a complex attribute without a
// "value" sub-attribute (name, meta): present when any sub-attribute is.
//
// "ne" is the negation of "eq" (it holds when no value equals, also when
// the attribute is absent); see Match for the full semantics that the
// store must reproduce.
//
// Value's Go type follows the target attribute's type: string for string,
// reference and binary; bool for boolean; int64 for integer; float64 for
// decimal; time.Time (UTC) for dateTime; for a company "date" attribute
// (Format "date"), a "YYYY-MM-DD" string. It is nil for pr, and for
// "eq null" / "ne null" (absent / present).
type Compare struct {
	Attr  schema.Ref
	Op    Op
	Value any
}

// ValuePath is a complex attribute filter, "emails[type eq \"work\"]": it
// holds when one value of the multi-valued complex attribute Attr matches
// Filter, whose Compare nodes name sub-attributes of Attr (their Attr.Sub
// is set and Attr.Attr is the same attribute as Attr.Attr here).
type ValuePath struct {
	Attr   schema.Ref
	Filter Expr
}

func (And) expr()       {}
func (Or) expr()        {}
func (Not) expr()       {}
func (Compare) expr()   {}
func (ValuePath) expr() {}
