package directory

import "slices"

// ExternalID is one connection's identifier for an employee. RFC 7643
// §3.1 makes externalId the provisioning client's own identifier, so
// each connection keeps its own: Entra's value and Okta's live side by
// side, and one connection's write never hides or replaces another's.
type ExternalID struct {
	// ConnectionID is the connection whose value it is; "" is an
	// unattributed value: set by an administrator, or migrated from
	// before values were kept per connection for an employee that no
	// connection created.
	ConnectionID string
	Value        string
}

// ExternalIDOf returns the externalId that the connection set for e, ""
// if it set none. A connection never sees another's value: it is that
// client's identifier, meaningless to the others.
func (e *Employee) ExternalIDOf(connectionID string) string {
	for _, x := range e.ExternalIDs {
		if x.ConnectionID == connectionID {
			return x.Value
		}
	}
	return ""
}

// CurrentExternalIDs are e's externalIds as people are shown them, one a
// connection: a token a rotation replaced (replacedBy maps it to its
// replacement, as ConnectionReplacements returns it) is shown through its
// newest, whose value it was copied to, and its own copy goes stale once
// the new token writes another.
func (e *Employee) CurrentExternalIDs(replacedBy map[string]string) []ExternalID {
	out := make([]ExternalID, 0, len(e.ExternalIDs))
	for _, x := range e.ExternalIDs {
		if _, replaced := replacedBy[x.ConnectionID]; !replaced {
			out = append(out, x)
		}
	}
	return out
}

// SeenBy makes ExternalID the value of the connection ("" the
// unattributed one): e as that connection reads it.
func (e *Employee) SeenBy(connectionID string) {
	e.ExternalID = e.ExternalIDOf(connectionID)
}

// SetExternalID sets the connection's value ("" removes it), keeping
// ExternalIDs ordered by connection id.
func (e *Employee) SetExternalID(connectionID, value string) {
	i, found := slices.BinarySearchFunc(e.ExternalIDs, connectionID, func(x ExternalID, id string) int {
		switch {
		case x.ConnectionID < id:
			return -1
		case x.ConnectionID > id:
			return 1
		}
		return 0
	})
	switch {
	case found && value == "":
		e.ExternalIDs = slices.Delete(slices.Clone(e.ExternalIDs), i, i+1)
	case found:
		e.ExternalIDs = slices.Clone(e.ExternalIDs)
		e.ExternalIDs[i].Value = value
	case value != "":
		e.ExternalIDs = slices.Insert(slices.Clone(e.ExternalIDs), i, ExternalID{ConnectionID: connectionID, Value: value})
	}
}

// HasExternalID reports whether one of e's externalIds, whichever
// connection set it, is value (case-exact): a reference naming an
// employee by externalId finds it by any connection's value.
func (e *Employee) HasExternalID(value string) bool {
	return value != "" && slices.ContainsFunc(e.ExternalIDs, func(x ExternalID) bool { return x.Value == value })
}
