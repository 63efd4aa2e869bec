package directory

import (
	"maps"
	"time"
)

// SetBy is who last set an attribute of an employee, and when. An
// empty Actor is unattributed: the attribute was set before roster kept
// provenance and no connection created the employee.
type SetBy struct {
	Actor
	At time.Time
}

// Provenance says, per attribute (named as Diff names them), who last set
// it: a connection or an administrator. The store stamps it inside every
// write's transaction from Diff (a creation stamps every attribute with a
// value); an attribute without an entry was never set since.
type Provenance map[string]SetBy

// Stamp records that by set the changed attributes at at.
func (p Provenance) Stamp(changes []Change, by Actor, at time.Time) {
	for _, c := range changes {
		p[c.Attribute] = SetBy{Actor: by, At: at}
	}
}

// SetByConnection reports whether the connection last set the attribute.
func (p Provenance) SetByConnection(attribute, connectionID string) bool {
	s, ok := p[attribute]
	return ok && s.AdminID == "" && s.ConnectionID == connectionID
}

// KeepOthers is the rule of a PUT (a full replace) by a connection, on
// new, the employee built from the body, and old, the stored one with its
// Provenance. RFC 7644 §3.5.1 clears what a replace does not carry; with
// several systems on one company that would let one system's profile
// wipe what another wrote (Okta's PUT wiping Entra's title and manager).
// So an attribute that old has and new lacks keeps its old value unless
// the connection itself last set it, or nobody ever did; the connection's
// own externalId, left out, is always cleared. It returns the
// attributes kept, in Diff's order. Values the body does carry replace
// the old ones, whoever set them.
func KeepOthers(old, new *Employee, connectionID string) []string {
	var kept []string
	for _, c := range Diff(old, new) {
		if c.New != "" || c.Old == "" {
			continue
		}
		if c.Attribute == "externalId" {
			// Each connection's own (Employee.ExternalID is the writer's):
			// its provenance names whoever last set any connection's.
			continue
		}
		if _, set := old.Provenance[c.Attribute]; !set || old.Provenance.SetByConnection(c.Attribute, connectionID) {
			continue
		}
		restoreAttribute(new, old, c.Attribute)
		kept = append(kept, c.Attribute)
	}
	return kept
}

// restoreAttribute sets dst's attribute (named as in Diff) to src's.
func restoreAttribute(dst, src *Employee, attribute string) {
	if id, ok := CompanyAttributeID(attribute); ok {
		m := maps.Clone(dst.Attributes)
		if m == nil {
			m = map[string]AttributeValue{}
		}
		if v, ok := src.Attributes[id]; ok {
			m[id] = v
		} else {
			delete(m, id)
		}
		dst.Attributes = m
		return
	}
	for _, a := range coreAttributes {
		if a.name == attribute {
			a.take(dst, src)
		}
	}
}

// AttributeLabel is how people read an attribute name of Diff: a core
// attribute by its SCIM name, a company attribute by its current name
// (defs are the company's attributes), or "(deleted attribute)".
func AttributeLabel(attribute string, defs []AttributeDef) string {
	id, ok := CompanyAttributeID(attribute)
	if !ok {
		return attribute
	}
	for _, d := range defs {
		if d.ID == id {
			return d.Name
		}
	}
	return "(deleted attribute)"
}
