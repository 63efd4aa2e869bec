package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"roster/internal/directory"
)

// The mass-deactivation guard (directory/guard.go) in the product API:
// the company's policy and holds, and their release, as roster guard
// status|release give them to the CLI.

// guardSample is how many held employees a connection's hold names.
const guardSample = 5

// guardJSON is the body of GET /api/v1/companies/{id}/guard.
type guardJSON struct {
	Policy guardPolicyJSON `json:"policy"`
	// Holds are the unreleased holds by connection, ordered by
	// connection id; empty when nothing is held.
	Holds []connectionHoldsJSON `json:"holds"`
}

// guardPolicyJSON is directory.GuardPolicy.
type guardPolicyJSON struct {
	Percent int `json:"percent"`
	Min     int `json:"min"`
	// WindowSeconds is the window, in seconds.
	WindowSeconds int64 `json:"windowSeconds"`
}

// connectionHoldsJSON is one connection's holds.
type connectionHoldsJSON struct {
	ConnectionID    string `json:"connectionId"`
	ConnectionLabel string `json:"connectionLabel"`
	Count           int    `json:"count"`
	// ByKind counts the holds by kind: "deactivate", "delete".
	ByKind map[string]int `json:"byKind"`
	// Since is the oldest hold's time.
	Since time.Time `json:"since"`
	// Sample names up to 5 held employees, oldest hold first.
	Sample []heldJSON `json:"sample"`
}

// heldJSON is one held change of an employee.
type heldJSON struct {
	EmployeeID string    `json:"employeeId"`
	UserName   string    `json:"userName"`
	Kind       string    `json:"kind"`
	At         time.Time `json:"at"`
	RequestID  string    `json:"requestId,omitempty"`
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

func toHeldJSON(h directory.GuardHold) heldJSON {
	return heldJSON{EmployeeID: h.EmployeeID, UserName: h.UserName, Kind: h.Kind, At: h.At.UTC(), RequestID: h.RequestID}
}

// guard answers GET /api/v1/companies/{id}/guard.
func (s *Server) guard(w http.ResponseWriter, r *http.Request, c directory.Company) {
	p, err := s.store.GuardPolicy(r.Context(), c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	holds, err := s.store.GuardHolds(r.Context(), c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, ok := s.actorNames(w, r, c)
	if !ok {
		return
	}
	out := guardJSON{Policy: guardPolicyJSON{Percent: p.Percent, Min: p.Min, WindowSeconds: int64(p.Window / time.Second)},
		Holds: []connectionHoldsJSON{}}
	for _, sum := range directory.SummarizeHolds(holds) {
		ch := connectionHoldsJSON{ConnectionID: sum.ConnectionID, ConnectionLabel: names.Label(directory.Actor{ConnectionID: sum.ConnectionID}),
			Count: sum.Count, Since: sum.Since.UTC(), ByKind: map[string]int{}, Sample: []heldJSON{}}
		for _, h := range holds {
			if h.ConnectionID != sum.ConnectionID {
				continue
			}
			ch.ByKind[h.Kind]++
			if len(ch.Sample) < guardSample {
				ch.Sample = append(ch.Sample, toHeldJSON(h))
			}
		}
		out.Holds = append(out.Holds, ch)
	}
	writeJSON(w, out)
}

// releaseJSON is the body of POST …/guard/release: every hold of the
// company, or only the connection's.
type releaseJSON struct {
	ConnectionID string `json:"connectionId"`
}

// guardRelease answers POST /api/v1/companies/{id}/guard/release with how
// many holds it released; an empty body releases them all.
func (s *Server) guardRelease(w http.ResponseWriter, r *http.Request, c directory.Company) {
	var in releaseJSON
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil && !errors.Is(err, io.EOF) {
		writeProblem(w, http.StatusBadRequest, "the body must be empty or a JSON object with an optional connectionId: %v", err)
		return
	}
	if in.ConnectionID != "" {
		// A mistyped id would release nothing and look like success.
		conn, err := s.store.Connection(r.Context(), in.ConnectionID)
		if err != nil || conn.CompanyID != c.ID {
			writeProblem(w, http.StatusNotFound, "company %q has no connection %q", c.ID, in.ConnectionID)
			return
		}
	}
	n, err := s.store.ReleaseGuardHolds(r.Context(), c.ID, in.ConnectionID, directory.Actor{Request: &directory.RequestInfo{Client: directory.ClientAPI}})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, map[string]int{"released": n})
}
