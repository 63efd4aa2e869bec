package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"roster/internal/directory"
)

// roundJSON is a survey round as the product API shows it.
type roundJSON struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	OpensAt  time.Time `json:"opensAt"`
	ClosesAt time.Time `json:"closesAt"`
	// ScheduleID is the schedule that made the round; absent for a
	// one-off.
	ScheduleID string `json:"scheduleId,omitempty"`
	Cancelled  bool   `json:"cancelled"`
	// Frozen: the audience is stored for good (the round has opened).
	Frozen bool `json:"frozen"`
	// AudienceSize is the frozen audience's size, or for a round not yet
	// open the employees active now.
	AudienceSize int `json:"audienceSize"`
	// ChangeSincePrevious is who joined and who left the audience since
	// the previous round's; absent until both are frozen.
	ChangeSincePrevious *changeJSON `json:"changeSincePrevious,omitempty"`
}

// changeJSON is a directory.AudienceChange that is known.
type changeJSON struct {
	Joined int `json:"joined"`
	Left   int `json:"left"`
}

func toRoundJSON(r directory.SurveyRound) roundJSON {
	out := roundJSON{ID: r.ID, Name: r.Name, OpensAt: r.OpensAt, ClosesAt: r.ClosesAt, ScheduleID: r.ScheduleID,
		Cancelled: r.Cancelled, Frozen: r.Frozen, AudienceSize: r.AudienceSize}
	if r.Change.Known {
		out.ChangeSincePrevious = &changeJSON{Joined: r.Change.Joined, Left: r.Change.Left}
	}
	return out
}

// roundsBody is the body of GET /surveys and of POST /surveys.
type roundsBody struct {
	Rounds []roundJSON `json:"rounds"`
	// ScheduleID is the schedule a POST with "every" created.
	ScheduleID string `json:"scheduleId,omitempty"`
}

// surveys answers GET /api/v1/companies/{id}/surveys: every round by
// opening time, cancelled ones included (flagged), with audience sizes.
func (s *Server) surveys(w http.ResponseWriter, r *http.Request, c directory.Company) {
	rounds, err := s.store.SurveyRounds(r.Context(), c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := roundsBody{Rounds: make([]roundJSON, 0, len(rounds))}
	for _, x := range rounds {
		out.Rounds = append(out.Rounds, toRoundJSON(x))
	}
	writeJSON(w, out)
}

// newSurvey is the body of POST /surveys, as roster survey schedule's
// flags: a one-off round, or with Every a schedule.
type newSurvey struct {
	Name string `json:"name"`
	// OpensAt and ClosesAt are RFC 3339 times (timeField); ClosesAt
	// absent or null: a week after OpensAt (directory.DefaultRoundLength).
	OpensAt  json.RawMessage `json:"opensAt"`
	ClosesAt json.RawMessage `json:"closesAt"`
	// Every is "Nw" or "Nm" (directory.ParseEvery); "" for a one-off.
	Every string `json:"every"`
}

// survey is a newSurvey's times, parsed.
type survey struct {
	Name              string
	OpensAt, ClosesAt time.Time
	Every             string
}

// parse reads the times; the error names the field that is wrong.
func (in newSurvey) parse() (survey, error) {
	out := survey{Name: in.Name, Every: in.Every}
	var err error
	if out.OpensAt, err = timeField("opensAt", in.OpensAt); err != nil {
		return out, err
	}
	if out.OpensAt.IsZero() {
		return out, directory.Invalid("opensAt is required: an RFC 3339 time such as %s", exampleTime)
	}
	out.ClosesAt, err = timeField("closesAt", in.ClosesAt)
	return out, err
}

// maxBody bounds a request body; a survey's is a few hundred bytes.
const maxBody = 64 << 10

// createSurvey answers POST /api/v1/companies/{id}/surveys: 201 with the
// round created, or for a schedule its id and the upcoming rounds it made.
func (s *Server) createSurvey(w http.ResponseWriter, r *http.Request, c directory.Company) {
	var body newSurvey
	if !decodeOne(w, r, &body, "name, opensAt (RFC 3339), optional closesAt and every") {
		return
	}
	in, err := body.parse()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.Every == "" {
		round := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: in.Name, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt}
		if err := s.store.CreateSurveyRound(r.Context(), &round); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.recordAction(r.Context(), c.ID, directory.OpSurveyScheduled, round.ScheduledDetail())
		created, err := s.store.SurveyRound(r.Context(), c.ID, round.ID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Location", Prefix+"/companies/"+c.ID+"/surveys/"+round.ID)
		writeJSONStatus(w, http.StatusCreated, roundsBody{Rounds: []roundJSON{toRoundJSON(created)}})
		return
	}
	sc, ok := s.schedule(w, c, in)
	if !ok {
		return
	}
	// As roster survey schedule: the start counts as upcoming, so the
	// first round is the one at opensAt when it lies ahead.
	now := s.now()
	if in.OpensAt.After(now) {
		now = in.OpensAt.Add(-time.Microsecond)
	}
	if err := s.store.CreateSurveySchedule(r.Context(), &sc, now); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.recordAction(r.Context(), c.ID, directory.OpSurveyScheduled, sc.ScheduledDetail())
	all, err := s.store.SurveyRounds(r.Context(), c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := roundsBody{ScheduleID: sc.ID, Rounds: []roundJSON{}}
	for _, x := range all {
		if x.ScheduleID == sc.ID {
			out.Rounds = append(out.Rounds, toRoundJSON(x))
		}
	}
	writeJSONStatus(w, http.StatusCreated, out)
}

// decodeOne reads the request's body into v: one JSON object of the
// fields fields names, nothing unknown, nothing after it. It answers 400
// and returns false otherwise.
func decodeOne(w http.ResponseWriter, r *http.Request, v any, fields string) bool {
	dec, err := bodyDecoder(w, r)
	if err == nil {
		err = dec.Decode(v)
	}
	if err != nil {
		writeBodyProblem(w, err, "a JSON object with "+fields)
		return false
	}
	if err := dec.Decode(new(json.RawMessage)); !errors.Is(err, io.EOF) {
		writeProblem(w, http.StatusBadRequest, "the body must hold one JSON object, nothing after it")
		return false
	}
	return true
}

// schedule builds the schedule a POST with "every" asks for; it answers
// 400 and returns false when the period or the closing time is bad.
func (s *Server) schedule(w http.ResponseWriter, c directory.Company, in survey) (directory.Schedule, bool) {
	weeks, months, err := directory.ParseEvery(in.Every)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, "every: %s", messageOf(err))
		return directory.Schedule{}, false
	}
	sc := directory.Schedule{ID: directory.NewID(), CompanyID: c.ID, Name: in.Name, Start: in.OpensAt, EveryWeeks: weeks, EveryMonths: months}
	if !in.ClosesAt.IsZero() {
		if sc.Length = in.ClosesAt.Sub(in.OpensAt); sc.Length <= 0 {
			writeProblem(w, http.StatusBadRequest, "closesAt must be after opensAt")
			return directory.Schedule{}, false
		}
	}
	return sc, true
}

// surveyRound answers GET /api/v1/companies/{id}/surveys/{roundId}: the
// round, as the listing shows it; where a POST's Location points.
func (s *Server) surveyRound(w http.ResponseWriter, r *http.Request, c directory.Company) {
	id, ok := roundID(w, r)
	if !ok {
		return
	}
	round, err := s.store.SurveyRound(r.Context(), c.ID, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, toRoundJSON(round))
}

// cancelSurvey answers POST /api/v1/companies/{id}/surveys/{roundId}/cancel:
// the round, cancelled; 409 once it has opened (its audience is kept).
func (s *Server) cancelSurvey(w http.ResponseWriter, r *http.Request, c directory.Company) {
	id, ok := roundID(w, r)
	if !ok {
		return
	}
	before, err := s.store.SurveyRound(r.Context(), c.ID, id)
	if err != nil {
		s.writeRoundError(w, r, err)
		return
	}
	if err := s.store.CancelSurveyRound(r.Context(), c.ID, id); err != nil {
		s.writeRoundError(w, r, err)
		return
	}
	if !before.Cancelled { // cancelling again changes nothing to log
		s.recordAction(r.Context(), c.ID, directory.OpSurveyCancelled, before.CancelledDetail())
	}
	round, err := s.store.SurveyRound(r.Context(), c.ID, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, toRoundJSON(round))
}

// writeRoundError answers a refused change of a round: a round that has
// opened or was cancelled is a 409 (the request conflicts with the
// round's state; nothing about the request itself is a failed
// precondition), anything else as writeError does.
func (s *Server) writeRoundError(w http.ResponseWriter, r *http.Request, err error) {
	if directory.ErrorCode(err) == directory.EPrecondition {
		writeProblem(w, http.StatusConflict, "%s", messageOf(err))
		return
	}
	s.writeError(w, r, err)
}

// roundID is the path's {roundId}; text no store could hold is a 404.
func roundID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("roundId")
	if !directory.StorableText(id) {
		writeProblem(w, http.StatusNotFound, "survey round %q not found", id)
		return "", false
	}
	return id, true
}
