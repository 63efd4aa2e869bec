package directory

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Owner makes one connection authoritative for one attribute of a
// company's employees: writes of that attribute from other connections
// are not applied (the attribute keeps its value) yet not refused either,
// so that an identity provider's sync never fails over it. Administrators'
// console edits are not subject to owners.
type Owner struct {
	// Attribute is named as Diff names it (CompanyAttribute(id) for a
	// company attribute).
	Attribute    string
	ConnectionID string
	// ConnectionLabel is the connection's label, filled on read.
	ConnectionLabel string
}

// ActivityNotApplied is the Activity kind of an attribute a connection
// sent that an owner kept at its value.
const ActivityNotApplied = "not_applied"

// Owners are a company's owners, at most one per attribute.
type Owners []Owner

// Of returns the owner of the attribute, if any.
func (o Owners) Of(attribute string) (Owner, bool) {
	i := slices.IndexFunc(o, func(w Owner) bool { return w.Attribute == attribute })
	if i < 0 {
		return Owner{}, false
	}
	return o[i], true
}

// Apply is the owner rule for a write by by from old (nil for a
// creation) to new: every owned attribute that a connection other than
// its owner changed gets its old value back in new (for a creation: no
// value, while "active" stays as created), and is returned as not
// applied, "owned by <label>". Called before validation, so what is
// stored and logged is what was really applied.
func (o Owners) Apply(old, new *Employee, by Actor) []NotApplied {
	if len(o) == 0 || by.ConnectionID == "" {
		return nil // administrators are not subject to owners
	}
	from := old
	if from == nil {
		from = &Employee{Active: new.Active}
	}
	var out []NotApplied
	for _, c := range Diff(from, new) {
		w, ok := o.Of(c.Attribute)
		if !ok || w.ConnectionID == by.ConnectionID {
			continue
		}
		restoreAttribute(new, from, c.Attribute)
		out = append(out, NotApplied{Attribute: c.Attribute, Reason: ownedBy + w.ConnectionLabel})
	}
	return out
}

// CheckOwnable says whether an attribute may have an owner: a core or
// enterprise attribute other than userName (the identity every
// connection matches on) and externalId (each connection keeps its own),
// or one of the company's attributes (defs).
func CheckOwnable(attribute string, defs []AttributeDef) error {
	if id, ok := CompanyAttributeID(attribute); ok {
		if !slices.ContainsFunc(defs, func(d AttributeDef) bool { return d.ID == id }) {
			return NotFound("the company has no attribute with id %q", id)
		}
		return nil
	}
	switch attribute {
	case "userName", "externalId":
		return Invalid("%s cannot have an owner: every connection needs to write it", attribute)
	}
	if !slices.Contains(CoreAttributes, attribute) {
		return Invalid("%q is not an attribute (one of %v, or a company attribute)", attribute, CoreAttributes[2:])
	}
	return nil
}

// ResolveAttribute turns what an admin typed (a core attribute's SCIM
// name, a company attribute's name or alias, or a Diff name) into the
// attribute name of Diff.
func ResolveAttribute(name string, defs []AttributeDef) string {
	if slices.Contains(CoreAttributes, name) {
		return name
	}
	for _, d := range defs {
		if d.ID == name || slices.ContainsFunc(d.Names(), func(n string) bool { return strings.EqualFold(n, name) }) {
			return CompanyAttribute(d.ID)
		}
	}
	return name
}

// OwnerStore keeps the owners of a company's attributes. It is part of
// Store; the store applies them (Owners.Apply) inside every employee
// write's transaction.
type OwnerStore interface {
	// SetOwner makes the connection (of the company, not revoked) the
	// owner of the attribute, replacing any previous owner; EInvalid or
	// ENotFound per CheckOwnable and for a connection of another company.
	SetOwner(ctx context.Context, companyID, attribute, connectionID string) error
	// ClearOwner removes the attribute's owner, if any.
	ClearOwner(ctx context.Context, companyID, attribute string) error
	// Owners lists the company's owners by attribute.
	Owners(ctx context.Context, companyID string) (Owners, error)
}

// ownedBy starts the NotApplied reason of an attribute an owner kept.
const ownedBy = "owned by "

// ByOwner reports whether an owner rule kept the attribute (rather than
// roster having no place for it).
func (n NotApplied) ByOwner() bool { return strings.HasPrefix(n.Reason, ownedBy) }

// ActivityDetail is how an employee's activity shows the attribute not
// applied: `department not applied: owned by Workday HR`, a company
// attribute by its name (defs are the company's attributes).
func (n NotApplied) ActivityDetail(defs []AttributeDef) string {
	return AttributeLabel(n.Attribute, defs) + " not applied: " + n.Reason
}

// OwnedBy names the attributes that any of the connections ids owns, as
// people know them (AttributeLabel; defs are the company's attributes).
func (o Owners) OwnedBy(ids []string, defs []AttributeDef) []string {
	var out []string
	for _, w := range o {
		if slices.Contains(ids, w.ConnectionID) {
			out = append(out, AttributeLabel(w.Attribute, defs))
		}
	}
	return out
}

// LoadOwnedBy reads from st (a Store) the company's attributes that any
// of the connections ids owns, named as OwnedBy names them.
func LoadOwnedBy(ctx context.Context, st interface {
	Owners(ctx context.Context, companyID string) (Owners, error)
	Attributes(ctx context.Context, companyID string) ([]AttributeDef, error)
}, companyID string, ids []string) ([]string, error) {
	owners, err := st.Owners(ctx, companyID)
	if err != nil {
		return nil, err
	}
	defs, err := st.Attributes(ctx, companyID)
	if err != nil {
		return nil, err
	}
	return owners.OwnedBy(ids, defs), nil
}

// RevokedDetail is the activity log's detail of the connection labelled
// label revoked, which owned the attributes owned (OwnedBy): a revoked
// connection owns nothing any more (RevokeConnection).
func RevokedDetail(label string, owned []string) string {
	if len(owned) == 0 {
		return fmt.Sprintf("connection %q revoked", label)
	}
	return fmt.Sprintf("connection %q revoked; it owned %s, which every connection writes again", label, strings.Join(owned, ", "))
}

// OwnerSetDetail is the activity log's detail of attribute (as people
// know it) made owned by the connection labelled owner.
func OwnerSetDetail(attribute, owner string) string {
	return fmt.Sprintf("%s is owned by %q: other connections' writes of it are not applied", attribute, owner)
}

// OwnerClearedDetail is the activity log's detail of attribute's owner
// removed.
func OwnerClearedDetail(attribute string) string {
	return fmt.Sprintf("%s has no owner: every connection's writes of it apply", attribute)
}
