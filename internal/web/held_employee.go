package web

import (
	"net/http"
	"time"

	"roster/internal/directory"
)

// heldDelete answers the page of an employee whose delete the
// mass-deactivation guard holds: deleted as the identity provider says
// (so not found, as for SCIM), but the banner and the guard page link
// here, so the page says what happened and what the admin can do,
// instead of "nothing at this address". It reports false when no delete
// of the employee is held.
func (s *Server) heldDelete(w http.ResponseWriter, r *http.Request, companyID, employeeID string) bool {
	ctx := r.Context()
	holds, err := s.store.GuardHolds(ctx, companyID)
	if err != nil {
		return false
	}
	for _, h := range holds {
		if h.EmployeeID != employeeID || h.Kind != directory.GuardDelete {
			continue
		}
		names, err := directory.LoadActorNames(ctx, s.store, companyID)
		if err != nil {
			return false
		}
		what := names.Label(directory.Actor{ConnectionID: h.ConnectionID}) + " deleted " + h.UserName + " at " + h.At.UTC().Format(time.RFC3339)
		if h.RequestID != "" {
			what += " (request " + h.RequestID + ")"
		}
		s.errorPage(w, r, http.StatusNotFound, "Deleted; the delete is held by the mass-deactivation guard",
			what+". The guard holds the delete: roster keeps the employee's data and keeps them in survey audiences until you release the hold on the Guard page; if the identity provider re-creates them, the hold ends and they are back.")
		return true
	}
	return false
}
