package web

import (
	"net/http"
	"strings"
	"time"

	"roster/internal/directory"
)

// The Surveys page: the company's survey rounds, scheduling a round or a
// schedule, and cancelling an upcoming round (editing one is on the
// round's page, survey_edit.go).

// formTimeLayout is what an <input type=datetime-local> sends; the
// console reads it as UTC, as it shows every time.
const formTimeLayout = "2006-01-02T15:04"

// roundRow is one line of the list of rounds.
type roundRow struct {
	directory.SurveyRound
	// State is "upcoming", "open", "closed" or "cancelled".
	State string
	// SizeChange is the audience size minus the previous (not
	// cancelled) round's; HasChange is false for the first round. A
	// frozen round also has its SurveyRound.Change: who joined and left.
	SizeChange int
	HasChange  bool
}

// scheduleForm is the schedule form as typed, shown again on an error.
type scheduleForm struct {
	Name, Opens, Closes, Every, Unit string
}

// surveysData is the Surveys page's data.
type surveysData struct {
	Rounds []roundRow
	Form   scheduleForm
	Error  string
}

// roundState names where a round stands at now.
func roundState(r directory.SurveyRound, now time.Time) string {
	switch {
	case r.Cancelled:
		return "cancelled"
	case r.OpensAt.After(now):
		return "upcoming"
	case r.OpenAt(now):
		return "open"
	}
	return "closed"
}

// roundRows are the rounds with their state and the change of audience
// size since the round before. The size of an upcoming round is the
// employees active now, so its change is what it would be if it opened
// now.
func roundRows(rounds []directory.SurveyRound, now time.Time) []roundRow {
	rows := make([]roundRow, 0, len(rounds))
	prev := -1
	for _, r := range rounds {
		row := roundRow{SurveyRound: r, State: roundState(r, now)}
		if !r.Cancelled {
			if prev >= 0 {
				row.SizeChange, row.HasChange = r.AudienceSize-prev, true
			}
			prev = r.AudienceSize
		}
		rows = append(rows, row)
	}
	return rows
}

// surveys lists the company's rounds, newest first.
func (s *Server) surveys(w http.ResponseWriter, r *http.Request) {
	s.surveysPage(w, r, http.StatusOK, scheduleForm{Unit: "w"}, "")
}

func (s *Server) surveysPage(w http.ResponseWriter, r *http.Request, status int, form scheduleForm, msg string) {
	rounds, err := s.store.SurveyRounds(r.Context(), sessionOf(r).CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := roundRows(rounds, s.now())
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	s.render(w, r, status, "surveys", page{Title: "Surveys", Nav: "surveys", Data: surveysData{Rounds: rows, Form: form, Error: msg}})
}

// parseFormTime reads a time field: datetime-local (UTC) or RFC 3339.
func parseFormTime(label, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(formTimeLayout, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, directory.Invalid("%s must be a day and time such as 2026-12-07T09:00 (UTC)", label)
}

// plan reads the schedule form into a one-off round or a schedule (one
// of them nil) of the company, opening after now.
func (f scheduleForm) plan(companyID string, now time.Time) (*directory.SurveyRound, *directory.Schedule, error) {
	opens, err := parseFormTime("Opens", f.Opens)
	if err != nil {
		return nil, nil, err
	}
	if !opens.After(now) {
		return nil, nil, directory.Invalid("Opens must be in the future: a round's audience is taken when it opens")
	}
	var closes time.Time
	if strings.TrimSpace(f.Closes) != "" {
		if closes, err = parseFormTime("Closes", f.Closes); err != nil {
			return nil, nil, err
		}
	}
	if strings.TrimSpace(f.Every) == "" {
		round := &directory.SurveyRound{ID: directory.NewID(), CompanyID: companyID, Name: f.Name, OpensAt: opens, ClosesAt: closes}
		return round, nil, round.Validate()
	}
	weeks, months, err := directory.ParseEvery(strings.TrimSpace(f.Every) + f.Unit)
	if err != nil {
		return nil, nil, directory.Invalid("Repeat every must be a number of weeks or months from 1 to 120")
	}
	sc := &directory.Schedule{ID: directory.NewID(), CompanyID: companyID, Name: f.Name, Start: opens, EveryWeeks: weeks, EveryMonths: months}
	if !closes.IsZero() {
		if sc.Length = closes.Sub(opens); sc.Length <= 0 {
			return nil, nil, directory.Invalid("Closes must be after Opens")
		}
	}
	return nil, sc, sc.Validate()
}

// scheduleSurvey creates a one-off round, or a schedule with its next
// rounds.
func (s *Server) scheduleSurvey(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	form := scheduleForm{Name: r.PostFormValue("name"), Opens: r.PostFormValue("opens"), Closes: r.PostFormValue("closes"),
		Every: r.PostFormValue("every"), Unit: r.PostFormValue("unit")}
	if form.Unit != "m" {
		form.Unit = "w"
	}
	now := s.now()
	round, sc, err := form.plan(sess.CompanyID, now)
	var detail string
	switch {
	case err != nil:
	case round != nil:
		err = s.store.CreateSurveyRound(r.Context(), round)
		detail = round.ScheduledDetail()
	default:
		// The start is the first round: "now" is just before it.
		err = s.store.CreateSurveySchedule(r.Context(), sc, sc.Start.Add(-time.Microsecond))
		detail = sc.ScheduledDetail()
	}
	if msg := userMessage(err); msg != "" {
		s.surveysPage(w, r, http.StatusBadRequest, form, msg)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpSurveyScheduled, "", detail)
	redirect(w, r, "/surveys", "scheduled")
}

// cancelSurvey cancels an upcoming round.
func (s *Server) cancelSurvey(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	round, err := s.store.SurveyRound(r.Context(), sess.CompanyID, r.PathValue("id"))
	if err == nil {
		err = s.store.CancelSurveyRound(r.Context(), sess.CompanyID, round.ID)
	}
	if directory.ErrorCode(err) == directory.EPrecondition {
		s.errorPage(w, r, http.StatusConflict, "This round cannot be cancelled",
			"The round has opened already; its audience is kept as it was when it opened.")
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if !round.Cancelled { // cancelling again changes nothing to log
		s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpSurveyCancelled, "", round.CancelledDetail())
	}
	redirect(w, r, "/surveys", "cancelled")
}
