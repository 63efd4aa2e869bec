package web

import (
	"net/http"
	"strings"

	"roster/internal/directory"
)

// Editing an upcoming round, on the round's page: its name, opening and
// closing (UTC). Only an upcoming round has the form, and the store
// refuses an edit once the round has opened (its audience is frozen for
// that opening) or was cancelled, or one that would open it now or in
// the past (directory/survey_edit.go).

// roundForm is the edit form, as the round is or as typed.
type roundForm struct {
	Name, Opens, Closes string
}

// roundFormOf is the form of the round as it is.
func roundFormOf(r directory.SurveyRound) *roundForm {
	return &roundForm{Name: r.Name, Opens: r.OpensAt.UTC().Format(formTimeLayout), Closes: r.ClosesAt.UTC().Format(formTimeLayout)}
}

// apply sets on r what the form changes. A time left as the form showed
// it keeps the round's own (the form shows minutes; the round may have
// seconds); an emptied Closes is the default, a week after the opening.
func (f roundForm) apply(r *directory.SurveyRound) error {
	shown := roundFormOf(*r)
	if err := (directory.RoundEdit{Name: &f.Name}).Apply(r); err != nil {
		return err
	}
	if f.Opens != shown.Opens {
		t, err := parseFormTime("Opens", f.Opens)
		if err != nil {
			return err
		}
		r.OpensAt = t
	}
	switch {
	case strings.TrimSpace(f.Closes) == "":
		r.ClosesAt = r.OpensAt.Add(directory.DefaultRoundLength)
	case f.Closes != shown.Closes:
		t, err := parseFormTime("Closes", f.Closes)
		if err != nil {
			return err
		}
		r.ClosesAt = t
	}
	return nil
}

// editSurvey saves the edit form of an upcoming round.
func (s *Server) editSurvey(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	form := roundForm{Name: r.PostFormValue("name"), Opens: r.PostFormValue("opens"), Closes: r.PostFormValue("closes")}
	var before directory.SurveyRound
	round, err := s.store.UpdateSurveyRound(r.Context(), sess.CompanyID, r.PathValue("id"), directory.KeepingBefore(&before, form.apply))
	if directory.ErrorCode(err) == directory.EPrecondition {
		s.errorPage(w, r, http.StatusConflict, "This round cannot be edited", userMessage(err))
		return
	}
	if msg := userMessage(err); msg != "" {
		s.surveyRoundPage(w, r, http.StatusBadRequest, &form, msg)
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpSurveyEdited, "", round.EditedDetail(before))
	redirect(w, r, "/surveys/"+round.ID, "edited")
}
