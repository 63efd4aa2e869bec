package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// A round's page: its audience, PageSize at a time in employee id order
// (keyset paging: ?after=the last id of the previous page, as
// SurveyStore.SurveyAudience pages), and the "why" lookup.

// whyAnswer is the result of a why lookup.
type whyAnswer struct {
	// Who is what was looked up; EmployeeID and Name the employee found
	// ("" when none).
	Who, EmployeeID, Name string
	Included              bool
	// Unknown: who names no employee now and no member of the audience
	// by id; that is not an answer that they are excluded.
	Unknown bool
	Text    string
	// Held says what the mass-deactivation guard holds of the employee
	// ("" when nothing): why an included one may be included.
	Held string
}

// surveyRoundData is a round's page data.
type surveyRoundData struct {
	Round   roundRow
	Rows    []directory.AudienceMember
	Total   int
	After   string
	NextURL string
	Why     *whyAnswer
	// Change is what changed since the previous round.
	Change audienceChange
	// Edit is the edit form of an upcoming round (nil otherwise), as the
	// round is or as typed when EditError refused it.
	Edit      *roundForm
	EditError string
}

// surveyRound shows a round, a page of its audience and a why answer.
func (s *Server) surveyRound(w http.ResponseWriter, r *http.Request) {
	s.surveyRoundPage(w, r, http.StatusOK, nil, "")
}

// surveyRoundPage renders the round's page; form and msg are an edit
// that was refused (nil and "": none).
func (s *Server) surveyRoundPage(w http.ResponseWriter, r *http.Request, status int, form *roundForm, msg string) {
	sess := sessionOf(r)
	ctx := r.Context()
	round, err := s.store.SurveyRound(ctx, sess.CompanyID, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	qs := r.URL.Query()
	d := surveyRoundData{Round: roundRow{SurveyRound: round, State: roundState(round, s.now())}, After: qs.Get("after"),
		Edit: form, EditError: msg}
	if d.Edit == nil && d.Round.State == "upcoming" {
		d.Edit = roundFormOf(round)
	}
	d.Rows, d.Total, err = s.store.SurveyAudience(ctx, sess.CompanyID, round.ID, d.After, PageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Change.Previous, err = s.previousRound(ctx, round); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(d.Rows) == PageSize {
		v := url.Values{"after": {d.Rows[len(d.Rows)-1].EmployeeID}}
		d.NextURL = "/surveys/" + round.ID + "?" + v.Encode()
	}
	if who := strings.TrimSpace(qs.Get("who")); who != "" {
		if d.Why, err = s.why(ctx, sess.CompanyID, round.ID, who); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "survey_round", page{Title: round.Name, Nav: "surveys", Data: d})
}

// why answers whether who (an employee id or userName) is in the round's
// audience. A value that names no employee now is asked as an id: a
// deleted member of a frozen audience is still in it.
func (s *Server) why(ctx context.Context, companyID, roundID, who string) (*whyAnswer, error) {
	a := &whyAnswer{Who: who, EmployeeID: who}
	e, err := s.employeeByIDOrUserName(ctx, companyID, who)
	switch {
	case err == nil:
		a.EmployeeID, a.Name = e.ID, e.ShownName()
	case directory.ErrorCode(err) != directory.ENotFound:
		return nil, err
	}
	w, err := s.store.SurveyWhy(ctx, companyID, roundID, a.EmployeeID)
	if err != nil {
		return nil, err
	}
	names, err := directory.LoadActorNames(ctx, s.store, companyID)
	if err != nil {
		return nil, err
	}
	if a.Name == "" {
		a.EmployeeID = ""
	}
	a.Included, a.Text, a.Held = w.Included(), w.Text(names), w.HoldText(names)
	a.Unknown = a.Name == "" && w.Reason == directory.WhyNotFound
	return a, nil
}

// employeeByIDOrUserName finds the company's employee with the id, else
// the one whose userName it is (case-insensitively, as SCIM compares
// userNames); ENotFound when none.
func (s *Server) employeeByIDOrUserName(ctx context.Context, companyID, who string) (directory.Employee, error) {
	e, err := s.store.Employee(ctx, companyID, who)
	if directory.ErrorCode(err) != directory.ENotFound {
		return e, err
	}
	// "userName pr" parsed names the attribute; the comparison is then
	// built with the value as is, which needs no quoting.
	expr, err := filter.Parse(schema.UserType(nil), "userName pr")
	if err != nil {
		return directory.Employee{}, err
	}
	eq := expr.(filter.Compare)
	eq.Op, eq.Value = filter.Eq, who
	list, _, err := s.store.Employees(ctx, companyID, directory.EmployeeQuery{Filter: eq, Limit: 1})
	if err != nil {
		return directory.Employee{}, err
	}
	if len(list) == 0 {
		return directory.Employee{}, directory.Errorf(directory.ENotFound, "no employee %q", who)
	}
	return list[0], nil
}
