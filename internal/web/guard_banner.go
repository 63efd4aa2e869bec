package web

import (
	"net/http"
	"strings"
	"time"

	"roster/internal/directory"
)

// The mass-deactivation guard's banner: while a company has unreleased
// holds, every page of its console says which connection, how many,
// since when and a few of the held employees, and links to the Guard
// page. write reads the holds once per page (HeldConnections); the
// failure view and the Guard page show the same rows from the page's
// Held, without a read of their own.

// guardSample is how many held employees a row names.
const guardSample = 5

// heldRow is one connection's holds as shown.
type heldRow struct {
	ConnectionID, Label string
	Count               int
	// What is the count by kind: "70 deactivations", "12 deactivations
	// and 3 deletes".
	What string
	// Since is the oldest hold; Ago says it for people ("2 hours ago").
	Since time.Time
	Ago   string
	// Sample names some held employees; More counts the others.
	Sample []directory.HeldEmployee
	More   int
}

// heldRows turns the store's summaries into rows at now.
func heldRows(held []directory.HeldConnection, now time.Time) []heldRow {
	var out []heldRow
	for _, h := range held {
		label := h.Label
		if label == "" {
			label = "a removed connection"
		}
		out = append(out, heldRow{ConnectionID: h.ConnectionID, Label: label, Count: h.Count, What: heldKinds(h.Kinds),
			Since: h.Since, Ago: ago(now, h.Since), Sample: h.Sample, More: max(h.Count-len(h.Sample), 0)})
	}
	return out
}

// heldNouns name a held change of each kind, one and many; a kind roster
// does not know yet is a "held change".
var heldNouns = map[string][2]string{
	directory.GuardDeactivate: {"deactivation", "deactivations"},
	"delete":                  {"delete", "deletes"},
}

// heldKinds counts the holds by kind for people.
func heldKinds(kinds []directory.HeldKind) string {
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		noun, ok := heldNouns[k.Kind]
		if !ok {
			noun = [2]string{k.Kind + " change", k.Kind + " changes"}
		}
		parts = append(parts, plural(k.Count, noun[0], noun[1]))
	}
	if n := len(parts); n > 1 {
		return strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	return strings.Join(parts, "")
}

// ago says how long before now t was, roughly: "just now", "5 minutes
// ago", "3 hours ago", "2 days ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute", "minutes") + " ago"
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour", "hours") + " ago"
	}
	return plural(int(d/(24*time.Hour)), "day", "days") + " ago"
}

// loadHeld fills the page's Held for the signed-in admin's company,
// unless the handler did.
func (s *Server) loadHeld(r *http.Request, sess *session, p *page) error {
	if p.heldRead {
		return nil
	}
	held, err := s.store.HeldConnections(r.Context(), sess.CompanyID, guardSample)
	if err != nil {
		return err
	}
	p.Held, p.heldRead = heldRows(held, s.now()), true
	return nil
}
