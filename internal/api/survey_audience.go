package api

import (
	"net/http"
	"net/url"
	"time"

	"roster/internal/directory"
)

// memberJSON is one employee of a round's audience.
type memberJSON struct {
	EmployeeID string `json:"employeeId"`
	// UserName is null for an employee deleted since the round opened.
	UserName *string `json:"userName"`
}

// membersPage shapes a page read with limit+1 rows: the first limit, and
// the cursor after them when there were more.
func membersPage(list []directory.AudienceMember, limit int) (out []memberJSON, next string) {
	if len(list) > limit {
		list = list[:limit]
		next = encodeCursor(list[len(list)-1].EmployeeID)
	}
	out = make([]memberJSON, 0, len(list))
	for _, m := range list {
		j := memberJSON{EmployeeID: m.EmployeeID}
		if m.UserName != "" {
			j.UserName = &m.UserName
		}
		out = append(out, j)
	}
	return out, next
}

// roundPage reads the round and the page bounds of a members listing;
// it answers the error and returns false for a bad one.
func roundPage(w http.ResponseWriter, r *http.Request) (id string, p url.Values, after string, limit int, ok bool) {
	if id, ok = roundID(w, r); !ok {
		return
	}
	if p, ok = query(w, r); !ok {
		return
	}
	after, limit, ok = pageBounds(w, p)
	return
}

// audiencePage is the body of GET …/surveys/{roundId}/audience.
type audiencePage struct {
	Audience []memberJSON `json:"audience"`
	// Size is the whole audience's.
	Size       int    `json:"size"`
	NextCursor string `json:"nextCursor,omitempty"`
}

// surveyAudience answers GET /api/v1/companies/{id}/surveys/{roundId}/audience:
// a page of the round's audience (frozen once it opened) in employee id
// order.
func (s *Server) surveyAudience(w http.ResponseWriter, r *http.Request, c directory.Company) {
	id, _, after, limit, ok := roundPage(w, r)
	if !ok {
		return
	}
	list, size, err := s.store.SurveyAudience(r.Context(), c.ID, id, after, limit+1)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := audiencePage{Size: size}
	out.Audience, out.NextCursor = membersPage(list, limit)
	writeJSON(w, out)
}

// recipientsPage is the body of GET …/surveys/{roundId}/recipients.
type recipientsPage struct {
	At time.Time `json:"at"`
	// Open: the round is open at At; when not, nobody is a recipient.
	Open       bool         `json:"open"`
	Recipients []memberJSON `json:"recipients"`
	NextCursor string       `json:"nextCursor,omitempty"`
}

// surveyRecipients answers GET /api/v1/companies/{id}/surveys/{roundId}/recipients:
// a page of the audience active at ?at= (default now). A round that is
// not open at that time (not yet, closed or cancelled) sends to nobody.
func (s *Server) surveyRecipients(w http.ResponseWriter, r *http.Request, c directory.Company) {
	id, p, after, limit, ok := roundPage(w, r)
	if !ok {
		return
	}
	at := s.now()
	if v := p.Get("at"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			writeProblem(w, http.StatusBadRequest, "at must be an RFC 3339 time such as 2026-12-07T09:00:00Z, not %q", v)
			return
		}
		at = t
	}
	round, err := s.store.SurveyRound(r.Context(), c.ID, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := recipientsPage{At: at.UTC(), Open: round.OpenAt(at), Recipients: []memberJSON{}}
	if out.Open {
		list, err := s.store.SurveyRecipients(r.Context(), c.ID, id, at, after, limit+1)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out.Recipients, out.NextCursor = membersPage(list, limit)
	}
	writeJSON(w, out)
}

// whyJSON is the body of GET …/surveys/{roundId}/why/{employeeId}.
type whyJSON struct {
	Included bool `json:"included"`
	// Reason is one of directory's Why* reasons ("included",
	// "deactivated", "created after the round opened", …).
	Reason string `json:"reason"`
	// Detail says it for people, with the evidence: "deactivated at
	// 2026-11-30T14:02:00Z by Okta (request r_…)".
	Detail   string       `json:"detail"`
	Evidence evidenceJSON `json:"evidence"`
	// Held lists what the mass-deactivation guard holds of the employee
	// (an included one may be included only because of it); HeldDetail
	// says it for people. Absent when nothing is held.
	Held       []heldJSON `json:"held,omitempty"`
	HeldDetail string     `json:"heldDetail,omitempty"`
}

// evidenceJSON is the deactivation in force at the opening, for reason
// "deactivated", or the deletion, for reason "deleted"; empty otherwise.
type evidenceJSON struct {
	DeactivatedAt   *time.Time `json:"deactivatedAt,omitempty"`
	DeletedAt       *time.Time `json:"deletedAt,omitempty"`
	ConnectionID    string     `json:"connectionId,omitempty"`
	ConnectionLabel string     `json:"connectionLabel,omitempty"`
	AdminID         string     `json:"adminId,omitempty"`
	// RequestID is the SCIM request (its X-Request-Id) that deactivated.
	RequestID string `json:"requestId,omitempty"`
}

// surveyWhy answers GET /api/v1/companies/{id}/surveys/{roundId}/why/{employeeId}.
func (s *Server) surveyWhy(w http.ResponseWriter, r *http.Request, c directory.Company) {
	id, ok := roundID(w, r)
	if !ok {
		return
	}
	emp := r.PathValue("employeeId")
	if !directory.StorableText(emp) {
		writeProblem(w, http.StatusNotFound, "employee %q not found", emp)
		return
	}
	why, err := s.store.SurveyWhy(r.Context(), c.ID, id, emp)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, ok := s.actorNames(w, r, c)
	if !ok {
		return
	}
	out := whyJSON{Included: why.Included(), Reason: why.Reason, Detail: why.Text(names), HeldDetail: why.HoldText(names)}
	if why.Reason == directory.WhyDeactivated || why.Reason == directory.WhyDeleted {
		at := why.Change.At.UTC()
		out.Evidence = evidenceJSON{ConnectionID: why.Change.ConnectionID, AdminID: why.Change.AdminID, RequestID: why.RequestID}
		if why.Reason == directory.WhyDeleted {
			out.Evidence.DeletedAt = &at
		} else {
			out.Evidence.DeactivatedAt = &at
		}
		if why.Change.ConnectionID != "" {
			out.Evidence.ConnectionLabel = names.Label(why.Change.By())
		}
	}
	for _, h := range why.Holds {
		out.Held = append(out.Held, toHeldJSON(h))
	}
	writeJSON(w, out)
}

// actorNames loads the company's connection and administrator names, or
// answers the error and reports false.
func (s *Server) actorNames(w http.ResponseWriter, r *http.Request, c directory.Company) (directory.ActorNames, bool) {
	names, err := directory.LoadActorNames(r.Context(), s.store, c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return directory.ActorNames{}, false
	}
	return names, true
}
