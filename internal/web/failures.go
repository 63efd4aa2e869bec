package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"roster/internal/directory"
)

// The failure view: the refused requests of a time window grouped by
// cause (LogEntry.Cause: the detail without the employee's own userName),
// each with its count, first and last seen, the userNames it refused and
// the fix in one click where roster can offer one (fixFor).

const (
	// failureReadCap bounds the refusals one failure view reads (the
	// newest): a flood of refusals must not make the page slow; the page
	// says when it is capped.
	failureReadCap = 5000
	// failureUserNames is how many affected userNames a cause lists;
	// the others are counted.
	failureUserNames = 10
	// defaultFailurePeriod is the window without a choice.
	defaultFailurePeriod = "7d"
)

// failureGroup is one cause of refusals.
type failureGroup struct {
	Cause, ScimType string
	Status          int
	Count           int
	First, Last     time.Time
	// UserNames are the affected userNames, newest first, at most
	// failureUserNames; More counts the others.
	UserNames []string
	More      int
	// Who are the connections (or other actors) refused for it.
	Who    []string
	Fix    fixLink
	HasFix bool
}

// groupFailures groups refusals (newest first) by cause; the groups come
// most frequent first, then most recent.
func groupFailures(entries []directory.LogEntry, names directory.ActorNames, defs []directory.AttributeDef) []failureGroup {
	byCause := map[string]*failureGroup{}
	seen := map[string]map[string]bool{} // cause → userNames and actors already listed
	var order []string
	for _, e := range entries {
		cause := e.Cause
		if cause == "" {
			cause = e.Detail
		}
		g, ok := byCause[cause]
		if !ok {
			g = &failureGroup{Cause: cause, ScimType: e.ScimType, Status: e.Status, Last: e.At}
			byCause[cause], seen[cause] = g, map[string]bool{}
			order = append(order, cause)
		}
		g.Count++
		g.First = e.At // entries are newest first
		if u := e.UserName; u != "" && !seen[cause]["u:"+strings.ToLower(u)] {
			seen[cause]["u:"+strings.ToLower(u)] = true
			if len(g.UserNames) < failureUserNames {
				g.UserNames = append(g.UserNames, u)
			} else {
				g.More++
			}
		}
		if who := names.Label(directory.Actor{ConnectionID: e.ConnectionID, AdminID: e.AdminID}); !seen[cause]["w:"+who] {
			seen[cause]["w:"+who] = true
			g.Who = append(g.Who, who)
		}
	}
	out := make([]failureGroup, 0, len(order))
	for _, c := range order {
		g := byCause[c]
		var newest string
		if len(g.UserNames) > 0 {
			newest = g.UserNames[0]
		}
		g.Fix, g.HasFix = fixFor(g.Cause, g.ScimType, newest, defs)
		out = append(out, *g)
	}
	slices.SortStableFunc(out, func(a, b failureGroup) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), b.Last.Compare(a.Last))
	})
	return out
}

// failuresData is the failure view's data.
type failuresData struct {
	Period  string
	Groups  []failureGroup
	Refused int
	// Capped: more refusals than failureReadCap fall in the window; the
	// groups count the newest Read of them.
	Capped    bool
	Read, Cap int
	Dropped   int64
	// EntriesURL lists the window's refusals on the Activity page.
	EntriesURL string
}

// failures shows the refusals of a window grouped by cause.
func (s *Server) failures(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	ctx := r.Context()
	period := r.URL.Query().Get("period")
	if _, ok := periods[period]; !ok {
		period = defaultFailurePeriod
	}
	q := directory.ActivityQuery{FailedOnly: true, Since: s.now().Add(-periods[period]), Limit: failureReadCap}
	entries, total, err := s.store.ActivityLog(ctx, sess.CompanyID, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := directory.LoadActorNames(ctx, s.store, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defs, err := s.store.Attributes(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := failuresData{Period: period, Groups: groupFailures(entries, names, defs), Refused: total,
		Capped: total > len(entries), Read: len(entries), Cap: failureReadCap, Dropped: s.dropped(),
		EntriesURL: activityFilter{Outcome: "refused", Period: period}.link("/activity", 1)}
	s.render(w, r, http.StatusOK, "failures", page{Title: "Failures", Nav: "activity", Data: d})
}

// periodLabel names a period choice for people.
func periodLabel(p string) string {
	switch p {
	case "24h":
		return "last 24 hours"
	case "30d":
		return "last 30 days"
	}
	return "last 7 days"
}
