package web

import (
	"net/http"
	"net/url"
	"time"

	"roster/internal/directory"
)

// deletedEmployee answers the page of an employee that was deleted: the
// activity log links to the employees its entries name, deleted ones
// too, and "nothing at this address" would hide what the log knows. The
// page says who deleted them and when, and links to their entries. It
// reports false when the log has no delete of the employee (an id that
// never was, or another company's: the usual 404).
func (s *Server) deletedEmployee(w http.ResponseWriter, r *http.Request, companyID, employeeID string) bool {
	if !directory.StorableText(employeeID) {
		return false
	}
	ctx := r.Context()
	deletes, _, err := s.store.ActivityLog(ctx, companyID, directory.ActivityQuery{EmployeeID: employeeID,
		Operation: directory.OpDelete, SucceededOnly: true, Limit: 1})
	if err != nil || len(deletes) == 0 {
		return false
	}
	d := deletes[0]
	names, err := directory.LoadActorNames(ctx, s.store, companyID)
	if err != nil {
		return false
	}
	who := d.UserName
	if who == "" {
		who = "this employee"
	}
	what := names.Label(directory.Actor{ConnectionID: d.ConnectionID, AdminID: d.AdminID}) + " deleted " + who + " at " + d.At.UTC().Format(time.RFC3339)
	if d.RequestID != "" {
		what += " (request " + d.RequestID + ")"
	}
	s.errorPageTo(w, r, http.StatusNotFound, "This employee was deleted",
		what+". roster keeps no employee data after a delete; the activity log keeps what was done to them.",
		"/activity?"+url.Values{"employee": {employeeID}}.Encode(), "Their activity")
	return true
}
