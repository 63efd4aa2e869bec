package directory

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// The mass-deactivation guard. An identity provider that is
// misconfigured (a wrong group assignment, a broken sync rule) can
// deactivate half a company in minutes; survey rounds opening then
// would silently lose those people. So when one connection deactivates
// or deletes more than a share of a company's active employees within a
// window, its further deactivations and deletes are held:
//
//   - SCIM answers as usual (the identity provider must not fail or
//     retry forever) and the directory shows the employee inactive, as
//     the identity provider says;
//   - but the deactivation is not written to the status history, which
//     survey audiences are computed from, so the employee stays in
//     audiences; the write's activity log entry says it was held;
//   - a reactivation from the identity provider takes the employee out
//     of the hold by itself (audiences never saw the deactivation);
//   - Release writes the held deactivations to the status history at
//     their original times (rounds that opened meanwhile are frozen
//     first, so they keep the held employees) and logs each one.
//
// A held delete is answered as usual too (204), and for SCIM and the
// directory the employee is gone: not found by id, lists or filters, its
// userName and the connection's externalId free for another. But its
// row, data and status history are kept, hidden: survey audiences still
// count it (as a recipient too) until Release, which then deletes it as
// a normal delete would, recorded at the delete's original time. If
// the same connection re-creates the same person while the delete is
// held (a POST with the held employee's userName, or with the
// connection's externalId of it), the hold ends by itself, as a
// reactivation ends a held deactivation: the held employee is restored
// with the posted values, keeping its id and history (so audiences never
// saw it leave), and the POST is answered 201 with it. A userName match
// wins over an externalId match; the latest held delete wins among
// several. A POST of another connection creates a new employee, as it
// would after a normal delete: the connection that deleted is the one
// whose mistake the guard is undoing.

// GuardPolicy is a company's threshold: a connection may deactivate or
// delete up to Percent % of the company's active employees, and at least
// Min, within Window before its further deactivations and deletes are
// held.
type GuardPolicy struct {
	Percent int
	Min     int
	Window  time.Duration
}

// DefaultGuardPolicy applies to companies that set none.
var DefaultGuardPolicy = GuardPolicy{Percent: 10, Min: 25, Window: time.Hour}

// Validate checks the policy's ranges.
func (p GuardPolicy) Validate() error {
	switch {
	case p.Percent < 1 || p.Percent > 100:
		return Invalid("the guard's percentage must be between 1 and 100, not %d", p.Percent)
	case p.Min < 1:
		return Invalid("the guard's minimum must be at least 1, not %d", p.Min)
	case p.Window < time.Minute:
		return Invalid("the guard's window must be at least a minute, not %s", p.Window)
	}
	return nil
}

// Limit is how many deactivations and deletes one connection may apply
// within the window in a company of active employees (counted as they
// were before the window's deactivations): Percent of them rounded up,
// and at least Min.
func (p GuardPolicy) Limit(active int) int {
	return max((active*p.Percent+99)/100, p.Min)
}

// Holds reports whether a connection's next deactivation is held, given
// the company's active employees and the deactivations and deletes the
// connection applied within the window.
func (p GuardPolicy) Holds(active, applied int) bool {
	return applied >= p.Limit(active)
}

// Kinds of GuardHold.Kind.
const (
	GuardDeactivate = "deactivate"
	GuardDelete     = "delete"
)

// GuardHeld is the reason of the NotApplied entry that the activity log
// entry of a held write carries.
const GuardHeld = "held by the mass-deactivation guard: the directory shows it, survey audiences do not until released"

// GuardDeleteHeld is the NotApplied entry of a held delete's activity log
// entry: the employee is gone for SCIM, kept for survey audiences.
var GuardDeleteHeld = NotApplied{Attribute: "employee",
	Reason: "delete held by the mass-deactivation guard: gone for SCIM and the directory, kept in survey audiences until released"}

// GuardHold is one held change of an employee.
type GuardHold struct {
	CompanyID    string
	ConnectionID string
	EmployeeID   string
	Kind         string
	At           time.Time
	RequestID    string
	// UserName is the employee's, as stored, and ConnectionLabel the
	// holding connection's (reads fill them in).
	UserName        string
	ConnectionLabel string
}

// GuardSummary is a connection's holds: how many, since when.
type GuardSummary struct {
	ConnectionID string
	Count        int
	Since        time.Time
}

// SummarizeHolds groups holds by connection, ordered by connection id.
func SummarizeHolds(holds []GuardHold) []GuardSummary {
	var out []GuardSummary
	index := map[string]int{}
	for _, h := range holds {
		i, ok := index[h.ConnectionID]
		if !ok {
			i = len(out)
			index[h.ConnectionID] = i
			out = append(out, GuardSummary{ConnectionID: h.ConnectionID, Since: h.At})
		}
		out[i].Count++
		if h.At.Before(out[i].Since) {
			out[i].Since = h.At
		}
	}
	slices.SortFunc(out, func(a, b GuardSummary) int { return cmp.Compare(a.ConnectionID, b.ConnectionID) })
	return out
}

// GuardStore keeps the guard's policies and holds. Holds are made by
// the employee writes themselves (UpdateEmployee), inside their
// transaction.
type GuardStore interface {
	// GuardPolicy is the company's policy, DefaultGuardPolicy unless set.
	GuardPolicy(ctx context.Context, companyID string) (GuardPolicy, error)
	SetGuardPolicy(ctx context.Context, companyID string, p GuardPolicy) error
	// GuardHolds lists the company's unreleased holds, oldest first.
	GuardHolds(ctx context.Context, companyID string) ([]GuardHold, error)
	// EmployeeGuardHolds lists the unreleased holds of one employee of
	// the company, oldest first (none for an unknown one).
	EmployeeGuardHolds(ctx context.Context, companyID, employeeID string) ([]GuardHold, error)
	// ReleaseGuardHolds applies the company's holds (of one connection
	// unless connectionID is "") and logs each one: a held deactivation
	// goes to the status history, a held delete deletes the employee,
	// both at their original times, after the rounds opened meanwhile
	// are frozen. It returns how many it released.
	ReleaseGuardHolds(ctx context.Context, companyID, connectionID string, by Actor) (int, error)
	// HeldConnections summarizes the company's unreleased holds by
	// connection (guard_overview.go), oldest first, each with at most
	// sample of its held employees; nil when nothing is held. It is
	// read on every console page, so it is one read transaction of
	// indexed lookups, two when nothing is held. An unknown company is
	// ENotFound.
	HeldConnections(ctx context.Context, companyID string, sample int) ([]HeldConnection, error)
}
