package directory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Change is one attribute of an employee that a write changed: the
// attribute-level diff the activity log keeps and provenance is stamped
// from.
type Change struct {
	// Attribute names the attribute: a core or enterprise attribute by
	// its SCIM name ("userName", "name.givenName", "emails", "active",
	// "externalId", "department", "manager" …, see Diff), a company
	// attribute as CompanyAttribute(id).
	Attribute string
	// Old and New are the values as shown to people; "" is no value.
	Old, New string
}

// String is the change in short: title: "Engineer" → "Staff Engineer".
func (c Change) String() string {
	return fmt.Sprintf("%s: %s → %s", c.Attribute, quoteOrNone(c.Old), quoteOrNone(c.New))
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return strconv.Quote(s)
}

// companyAttributePrefix starts the Change.Attribute of a company
// attribute, followed by the AttributeDef's id (names can be renamed;
// ids cannot).
const companyAttributePrefix = "attribute:"

// CompanyAttribute is the Change.Attribute of the company attribute
// with the given AttributeDef id.
func CompanyAttribute(defID string) string { return companyAttributePrefix + defID }

// CompanyAttributeID returns the AttributeDef id of a company attribute's
// Change.Attribute, and whether it is one.
func CompanyAttributeID(attribute string) (string, bool) {
	return strings.CutPrefix(attribute, companyAttributePrefix)
}

// Diff lists what differs between two versions of an employee, in a
// fixed order (core attributes, enterprise, company attributes by id).
// A nil old is a creation (every attribute with a value), a nil new a
// deletion (every attribute that had one). What the store keeps about
// the record itself (id, version, times, source) is not an attribute.
func Diff(old, new *Employee) []Change {
	var out []Change
	if old == nil || new == nil {
		// A creation or a deletion: a change for most attributes.
		out = make([]Change, 0, 16)
	}
	add := func(attr, o, n string) {
		if o != n {
			out = append(out, Change{Attribute: attr, Old: o, New: n})
		}
	}
	// No version has no value, not even for active: a creation and a
	// deletion show it.
	text := func(a coreAttribute, e *Employee) string {
		if e == nil {
			return ""
		}
		return a.text(e)
	}
	for _, a := range coreAttributes {
		add(a.name, text(a, old), text(a, new))
	}
	var oldAttrs, newAttrs map[string]AttributeValue
	if old != nil {
		oldAttrs = old.Attributes
	}
	if new != nil {
		newAttrs = new.Attributes
	}
	ids := make([]string, 0, len(oldAttrs)+len(newAttrs))
	for id := range oldAttrs {
		ids = append(ids, id)
	}
	for id := range newAttrs {
		if _, ok := oldAttrs[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		add(CompanyAttribute(id), valueText(oldAttrs, id), valueText(newAttrs, id))
	}
	return out
}

// emailsText shows emails as "a@x (work, primary), b@y".
func emailsText(ms []Email) string {
	return joinShown(ms, ", ", func(m Email) string { return tagged(m.Value, m.Type, m.Primary) })
}

// valueText shows a company attribute's value as it was sent.
func valueText(m map[string]AttributeValue, id string) string {
	v, ok := m[id]
	if !ok {
		return ""
	}
	switch {
	case v.Text != "":
		return v.Text
	case v.Date != "":
		return v.Date
	case v.Ref.Value != "":
		return v.Ref.Value
	}
	return strconv.FormatInt(v.Number, 10)
}
