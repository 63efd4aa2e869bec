package web

import (
	"strings"

	"roster/internal/directory"
)

// setBy fills in each row's SetBy from the employee's provenance: who
// last set the attribute (named as the status history names actors) and
// when. An attribute set before roster kept provenance by no connection
// says so rather than naming anyone.
func setBy(rows []fieldRow, p directory.Provenance, names directory.ActorNames) {
	for i := range rows {
		s, ok := p[rows[i].Attr]
		if rows[i].Attr == "" || !ok {
			continue
		}
		who := "unknown (before roster kept track)"
		if s.ConnectionID != "" || s.AdminID != "" {
			who = names.Label(directory.Actor{ConnectionID: s.ConnectionID, AdminID: s.AdminID})
		}
		rows[i].SetBy = who + " · " + when(s.At)
	}
}

// externalIDsText shows every connection's externalId for an employee
// (Employee.CurrentExternalIDs): `abc (Microsoft Entra ID); 00u1 (Okta)`.
func externalIDsText(ids []directory.ExternalID, names directory.ActorNames) string {
	parts := make([]string, 0, len(ids))
	for _, x := range ids {
		who := "unattributed"
		if x.ConnectionID != "" {
			who = names.Label(directory.Actor{ConnectionID: x.ConnectionID})
		}
		parts = append(parts, x.Value+" ("+who+")")
	}
	return strings.Join(parts, "; ")
}
