package api

import (
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
	// ConnectionID is the connection whose change is held.
	ConnectionID string `json:"connectionId"`
}

// guard answers GET /api/v1/companies/{id}/guard.
func (s *Server) guard(w http.ResponseWriter, r *http.Request, c directory.Company) {
	p, err := s.store.GuardPolicy(r.Context(), c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	held, err := s.store.HeldConnections(r.Context(), c.ID, guardSample)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := guardJSON{Policy: guardPolicyJSON{Percent: p.Percent, Min: p.Min, WindowSeconds: int64(p.Window / time.Second)},
		Holds: []connectionHoldsJSON{}}
	for _, h := range held {
		ch := connectionHoldsJSON{ConnectionID: h.ConnectionID, ConnectionLabel: h.Label, Count: h.Count, Since: h.Since.UTC(),
			ByKind: map[string]int{}, Sample: []heldJSON{}}
		for _, k := range h.Kinds {
			ch.ByKind[k.Kind] = k.Count
		}
		for _, e := range h.Sample {
			ch.Sample = append(ch.Sample, heldJSON{EmployeeID: e.EmployeeID, UserName: e.UserName, Kind: e.Kind, At: e.At.UTC(), RequestID: e.RequestID,
				ConnectionID: h.ConnectionID})
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
	dec, err := bodyDecoder(w, r)
	if err == nil {
		err = dec.Decode(&in)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		writeBodyProblem(w, err, "empty or a JSON object with an optional connectionId")
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

func toHeldJSON(h directory.GuardHold) heldJSON {
	return heldJSON{EmployeeID: h.EmployeeID, UserName: h.UserName, Kind: h.Kind, At: h.At.UTC(), RequestID: h.RequestID, ConnectionID: h.ConnectionID}
}
