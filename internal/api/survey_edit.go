package api

import (
	"encoding/json"
	"net/http"
	"time"

	"roster/internal/directory"
)

// roundPatch is the body of PATCH /surveys/{roundId}: a JSON merge patch
// (RFC 7396) of the round's name, opensAt and closesAt. Raw, to tell a
// field that is absent (kept) from one that is null: a null closesAt
// takes the default (a week after the opening); a null name or opensAt
// is refused, a round cannot be without them.
type roundPatch struct {
	Name     json.RawMessage `json:"name"`
	OpensAt  json.RawMessage `json:"opensAt"`
	ClosesAt json.RawMessage `json:"closesAt"`
}

// edit reads the patch into a directory.RoundEdit; the error says which
// field is wrong.
func (p roundPatch) edit() (directory.RoundEdit, error) {
	var ed directory.RoundEdit
	switch {
	case isNull(p.Name):
		return ed, directory.Invalid("name cannot be removed: a round needs a name")
	case isNull(p.OpensAt):
		return ed, directory.Invalid("opensAt cannot be removed: a round needs an opening time")
	}
	if p.Name != nil {
		ed.Name = new(string)
		if err := json.Unmarshal(p.Name, ed.Name); err != nil {
			return ed, directory.Invalid("name must be a string")
		}
	}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		to   **time.Time
	}{{"opensAt", p.OpensAt, &ed.OpensAt}, {"closesAt", p.ClosesAt, &ed.ClosesAt}} {
		if f.raw == nil {
			continue
		}
		t, err := timeField(f.name, f.raw)
		if err != nil {
			return ed, err
		}
		*f.to = &t
	}
	if ed.Empty() {
		return ed, directory.Invalid("the patch changes nothing: give name, opensAt or closesAt")
	}
	return ed, nil
}

// editSurvey answers PATCH /api/v1/companies/{id}/surveys/{roundId}: the
// round as edited; 409 once it has opened or was cancelled (an opened
// round's audience is frozen for the opening it had), 400 for an edit
// that would open it now or in the past or close it before it opens.
func (s *Server) editSurvey(w http.ResponseWriter, r *http.Request, c directory.Company) {
	id, ok := roundID(w, r)
	if !ok {
		return
	}
	var p roundPatch
	if !decodeOne(w, r, &p, "any of name, opensAt and closesAt (RFC 3339)") {
		return
	}
	ed, err := p.edit()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var before directory.SurveyRound
	round, err := s.store.UpdateSurveyRound(r.Context(), c.ID, id, directory.KeepingBefore(&before, ed.Apply))
	if err != nil {
		s.writeRoundError(w, r, err)
		return
	}
	s.recordAction(r.Context(), c.ID, directory.OpSurveyEdited, round.EditedDetail(before))
	writeJSON(w, toRoundJSON(round))
}
