package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"roster/internal/directory"
)

// The Activity page: the company's activity log, newest first, filtered
// by connection, employee, operation, outcome and time, 50 entries a
// page; each entry expands to its diff.

// activityOperations are the operations offered in the filter, in the
// order shown.
var activityOperations = []string{
	directory.OpCreate, directory.OpReplace, directory.OpPatch, directory.OpDelete, directory.OpUpdate,
	directory.OpBulk, directory.OpProbe, directory.OpReferenceResolved, directory.OpReferenceCleared, directory.OpGuardReleased, directory.OpGuardRestored,
	directory.OpConnectionCreated, directory.OpConnectionRotated, directory.OpConnectionRevoked,
	directory.OpProvisioningPaused, directory.OpProvisioningResume,
	directory.OpAttributeCreated, directory.OpAttributeChanged, directory.OpAttributeDeleted,
	directory.OpAdminCreated, directory.OpCompanyCreated, directory.OpSurveyScheduled, directory.OpSurveyEdited, directory.OpSurveyCancelled,
	directory.OpGuardPolicyChanged, directory.OpOwnerSet, directory.OpOwnerCleared,
}

// periods are the "time" choices: how far back from now.
var periods = map[string]time.Duration{"24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour, "30d": 30 * 24 * time.Hour}

// dateLayout is how the from/to fields write a day (an <input type=date>).
const dateLayout = "2006-01-02"

// activityFilter is the Activity page's query, as read from the address.
type activityFilter struct {
	Connection, Employee, Operation string
	// Outcome is "all", "succeeded" or "refused".
	Outcome string
	// Period is "", "24h", "7d" or "30d"; From and To are days
	// (YYYY-MM-DD, UTC; To included).
	Period, From, To string
	Page             int
}

// badQuery is a query value the page cannot use: a 400 page naming it.
type badQuery struct{ field, message string }

func (e *badQuery) Error() string { return fmt.Sprintf("%q: %s", e.field, e.message) }

// readActivityFilter reads and checks the filter: an unknown choice of a
// select is "all", as on the employee list; a value that cannot be a
// page number or a day is a badQuery.
func readActivityFilter(qs url.Values) (activityFilter, error) {
	f := activityFilter{Connection: qs.Get("connection"), Employee: qs.Get("employee"),
		Operation: qs.Get("operation"), Outcome: qs.Get("outcome"), Period: qs.Get("period"),
		From: qs.Get("from"), To: qs.Get("to")}
	if !slices.Contains(activityOperations, f.Operation) {
		f.Operation = ""
	}
	if f.Outcome != "succeeded" && f.Outcome != "refused" {
		f.Outcome = "all"
	}
	if _, ok := periods[f.Period]; !ok {
		f.Period = ""
	}
	var ok bool
	if f.Page, ok = pageNumber(qs.Get("page")); !ok {
		return f, &badQuery{"page", fmt.Sprintf("it must be a whole number such as 2; it is %q", qs.Get("page"))}
	}
	for _, d := range []struct{ field, v string }{{"from", f.From}, {"to", f.To}} {
		if _, err := time.Parse(dateLayout, d.v); d.v != "" && err != nil {
			return f, &badQuery{d.field, fmt.Sprintf("it must be a day written as YYYY-MM-DD, such as 2025-03-31; it is %.40q", d.v)}
		}
	}
	return f, nil
}

// query is the store query of the filter at now (without paging); a
// connection is its chain of tokens (replacedBy: the company's
// ConnectionReplacements), as Integrations counts its requests and
// refusals.
func (f activityFilter) query(now time.Time, replacedBy map[string]string) directory.ActivityQuery {
	q := directory.ActivityQuery{EmployeeID: f.Employee, Operation: f.Operation,
		FailedOnly: f.Outcome == "refused", SucceededOnly: f.Outcome == "succeeded"}
	if d, ok := periods[f.Period]; ok {
		q.Since = now.Add(-d)
	}
	if t, err := time.Parse(dateLayout, f.From); err == nil && t.After(q.Since) {
		q.Since = t
	}
	if t, err := time.Parse(dateLayout, f.To); err == nil {
		q.Until = t.AddDate(0, 0, 1) // the whole day
	}
	if f.Connection != "" {
		q.ConnectionIDs = directory.ReplacedChain(f.Connection, replacedBy)
	}
	return q
}

// values is the filter as query values, without the page and without
// defaults, so that links stay short.
func (f activityFilter) values() url.Values {
	v := url.Values{}
	set := func(k, val, def string) {
		if val != def {
			v.Set(k, val)
		}
	}
	set("connection", f.Connection, "")
	set("employee", f.Employee, "")
	set("operation", f.Operation, "")
	set("outcome", f.Outcome, "all")
	set("period", f.Period, "")
	set("from", f.From, "")
	set("to", f.To, "")
	return v
}

// link is the address of page p of the filter at path.
func (f activityFilter) link(path string, p int) string {
	v := f.values()
	if p > 1 {
		v.Set("page", strconv.Itoa(p))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// activityData is the Activity page's data.
type activityData struct {
	F           activityFilter
	Filtered    bool
	Connections []option
	Operations  []string
	// EmployeeName names the employee filtered by (its userName as the
	// newest entry recorded it).
	EmployeeName string
	Rows         []entryRow
	pager
	// Dropped is how many refusals this server could not record.
	Dropped int64
}

// activity shows one page of the company's activity log.
func (s *Server) activity(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	ctx := r.Context()
	f, err := readActivityFilter(r.URL.Query())
	if bad, ok := err.(*badQuery); ok {
		s.errorPage(w, r, http.StatusBadRequest, "This filter cannot be used",
			fmt.Sprintf("The %q in the address cannot be used: %s.", bad.field, bad.message))
		return
	}
	conns, err := s.store.Connections(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := activityData{F: f, Filtered: len(f.values()) > 0, Operations: activityOperations, Dropped: s.dropped()}
	d.Connections = connectionOptions(conns)
	// Another company's connection is not found, like an unknown one. An
	// employee id is not checked: entries outlive the employees they
	// name, and the query is the company's only.
	if f.Connection != "" && !slices.ContainsFunc(d.Connections, func(o option) bool { return o.Value == f.Connection }) {
		s.notFound(w, r)
		return
	}
	repl, err := s.store.ConnectionReplacements(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := f.query(s.now(), repl)
	q.Offset, q.Limit = pageOffset(f.Page), PageSize
	entries, total, err := s.store.ActivityLog(ctx, sess.CompanyID, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.loadEntryNames(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Rows = names.rows(entries)
	d.pager = newPager(f.Page, q.Offset, len(entries), total, func(p int) string { return f.link("/activity", p) })
	if f.Employee != "" {
		d.EmployeeName = s.employeeName(r, f.Employee, entries)
	}
	s.render(w, r, http.StatusOK, "activity", page{Title: "Activity", Nav: "activity", Data: d})
}

// employeeName names the employee an Activity page is filtered by: as
// the company has it now, else as the page's entries recorded it, else
// by id.
func (s *Server) employeeName(r *http.Request, id string, entries []directory.LogEntry) string {
	if e, err := s.store.Employee(r.Context(), sessionOf(r).CompanyID, id); err == nil {
		return e.ShownName()
	}
	for _, e := range entries {
		if e.UserName != "" {
			return e.UserName
		}
	}
	return id
}

// connectionOptions are the company's connections as filter choices,
// newest first; a label that several connections share (a rotated
// token, a revoked one) says when each was created.
func connectionOptions(conns []directory.Connection) []option {
	count := map[string]int{}
	for _, c := range conns {
		count[c.Label]++
	}
	out := make([]option, 0, len(conns))
	for i := len(conns) - 1; i >= 0; i-- {
		c := conns[i]
		label := c.Label
		if count[c.Label] > 1 {
			label += " (token of " + when(c.Created) + ")"
		}
		out = append(out, option{Value: c.ID, Label: label})
	}
	return out
}

// dropped is Config.ActivityDropped, 0 without it.
func (s *Server) dropped() int64 {
	if s.activityDropped == nil {
		return 0
	}
	return s.activityDropped()
}
