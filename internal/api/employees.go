package api

import (
	"net/http"
	"time"

	"roster/internal/directory"
)

// employeesPage is the body of GET /companies/{id}/employees.
type employeesPage struct {
	Employees []employeeJSON `json:"employees"`
	// NextCursor continues the listing; absent on the last page.
	NextCursor string `json:"nextCursor,omitempty"`
}

// employees answers GET /api/v1/companies/{id}/employees: one page in
// creation order, filtered by status and changed_since.
func (s *Server) employees(w http.ResponseWriter, r *http.Request, c directory.Company) {
	q, ok := pageQuery(w, r)
	if !ok {
		return
	}
	list, total, err := s.store.Employees(r.Context(), c.ID, q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defs, ok := s.attributes(w, r, c)
	if !ok {
		return
	}
	page := employeesPage{Employees: make([]employeeJSON, 0, len(list))}
	for i := range list {
		page.Employees = append(page.Employees, toEmployeeJSON(&list[i], defs))
	}
	if total > len(list) && len(list) > 0 {
		page.NextCursor = encodeCursor(list[len(list)-1].ID)
	}
	writeJSON(w, page)
}

// pageQuery reads the query parameters of the employees listing; it
// answers 400 and returns false for a bad one.
func pageQuery(w http.ResponseWriter, r *http.Request) (directory.EmployeeQuery, bool) {
	var q directory.EmployeeQuery
	p, ok := query(w, r)
	if !ok {
		return q, false
	}
	if q.After, q.Limit, ok = pageBounds(w, p); !ok {
		return q, false
	}
	switch v := p.Get("status"); v {
	case "":
	case "active", "deactivated":
		active := v == "active"
		q.Active = &active
	default:
		writeProblem(w, http.StatusBadRequest, "status must be \"active\" or \"deactivated\", not %q", v)
		return q, false
	}
	if v := p.Get("changed_since"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			writeProblem(w, http.StatusBadRequest, "changed_since must be an RFC 3339 time such as 2026-01-31T09:00:00Z, not %q", v)
			return q, false
		}
		q.ChangedSince = t
	}
	return q, true
}

// employeeDetail is the body of GET /companies/{id}/employees/{employeeId}.
type employeeDetail struct {
	employeeJSON
	StatusHistory []statusJSON `json:"statusHistory"`
	// Held lists what the mass-deactivation guard holds of the employee:
	// a held deactivation shows active false already, but joins the
	// status history only when released, and survey audiences still
	// count the employee until then.
	Held []heldJSON `json:"held,omitempty"`
}

// statusJSON is one activation or deactivation (creation included).
type statusJSON struct {
	Active bool      `json:"active"`
	At     time.Time `json:"at"`
	// ConnectionID is the SCIM connection whose request made the change;
	// AdminID the console administrator; neither for roster itself.
	ConnectionID string `json:"connectionId,omitempty"`
	AdminID      string `json:"adminId,omitempty"`
}

// employee answers GET /api/v1/companies/{id}/employees/{employeeId}: the
// employee with its status history, oldest first.
func (s *Server) employee(w http.ResponseWriter, r *http.Request, c directory.Company) {
	id := r.PathValue("employeeId")
	if !directory.StorableText(id) {
		writeProblem(w, http.StatusNotFound, "employee %q not found", id)
		return
	}
	e, err := s.store.Employee(r.Context(), c.ID, id)
	if directory.ErrorCode(err) == directory.ENotFound && s.heldDelete(w, r, c, id) {
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defs, ok := s.attributes(w, r, c)
	if !ok {
		return
	}
	history, err := s.store.StatusHistory(r.Context(), c.ID, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := employeeDetail{employeeJSON: toEmployeeJSON(&e, defs), StatusHistory: make([]statusJSON, 0, len(history))}
	for _, h := range history {
		out.StatusHistory = append(out.StatusHistory, statusJSON{Active: h.Active, At: h.At, ConnectionID: h.ConnectionID, AdminID: h.AdminID})
	}
	holds, err := s.store.EmployeeGuardHolds(r.Context(), c.ID, e.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, h := range holds {
		out.Held = append(out.Held, toHeldJSON(h))
	}
	writeJSON(w, out)
}

// heldDelete answers the 404 of an employee whose delete the
// mass-deactivation guard holds, saying so: deleted, as the identity
// provider asked, yet still counted in survey audiences until the hold
// is released, which /why of a round says too. It reports false when
// no delete of the employee is held.
func (s *Server) heldDelete(w http.ResponseWriter, r *http.Request, c directory.Company, id string) bool {
	holds, err := s.store.EmployeeGuardHolds(r.Context(), c.ID, id)
	if err != nil {
		return false
	}
	for _, h := range holds {
		if h.Kind == directory.GuardDelete {
			writeProblem(w, http.StatusNotFound, "employee %q was deleted at %s; the mass-deactivation guard holds the delete (request %q), so survey audiences count the employee until it is released (see %s/companies/%s/guard)",
				id, h.At.UTC().Format(time.RFC3339), h.RequestID, Prefix, c.ID)
			return true
		}
	}
	return false
}

// attributes returns the company's attributes, which name the keys of
// employees' Attributes; it answers the error and returns false when the
// store fails.
func (s *Server) attributes(w http.ResponseWriter, r *http.Request, c directory.Company) ([]directory.AttributeDef, bool) {
	defs, err := s.store.Attributes(r.Context(), c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return defs, true
}
