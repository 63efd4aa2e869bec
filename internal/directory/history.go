package directory

import (
	"context"
	"time"
)

// An employee's history has two parts, kept by the store inside the
// write that causes them (the same transaction, so a change and its record
// are never apart):
//
//   - the status history: every activation and deactivation, creation
//     included (StatusChange);
//   - the activity: the other changes roster makes on its own account,
//     such as a reference resolved or cleared because another employee
//     appeared or went (Activity).
//
// Both go with the employee when it is deleted. Each entry names who made
// the change (Actor).

// Actor is who makes a change: a provisioning connection, an
// administrator in the console, or neither (roster itself: the command
// line, a migration, a rule such as clearing references to a deleted
// employee when the deletion had no actor).
type Actor struct {
	// ConnectionID is the connection whose request made the change.
	ConnectionID string
	// AdminID is the console administrator who made the change.
	AdminID string
	// Request describes the SCIM request behind the change, for the
	// activity log (see RequestInfo); nil for other writes.
	Request *RequestInfo
}

// Label names the actor for people, as the console and the command line
// show who made a change: the connection's label (connections maps ids to
// labels; "a removed connection" when the id is not there any more),
// else "admin " and the administrator's email (admins maps ids to
// emails; "an admin" when unknown), else "roster" (no actor: roster
// itself, the command line).
func (a Actor) Label(connections, admins map[string]string) string {
	switch {
	case a.ConnectionID != "":
		if l, ok := connections[a.ConnectionID]; ok {
			return l
		}
		return "a removed connection"
	case a.AdminID != "":
		if m, ok := admins[a.AdminID]; ok {
			return "admin " + m
		}
		return "an admin"
	}
	return "roster"
}

// ActorNames holds what Actor.Label needs to name a company's actors:
// connection labels and administrator emails, by id.
type ActorNames struct {
	Connections map[string]string
	Admins      map[string]string
}

// Label is a.Label(n.Connections, n.Admins).
func (n ActorNames) Label(a Actor) string { return a.Label(n.Connections, n.Admins) }

// LoadActorNames reads the company's ActorNames from st (a Store).
func LoadActorNames(ctx context.Context, st interface {
	Connections(ctx context.Context, companyID string) ([]Connection, error)
	Admins(ctx context.Context, companyID string) ([]Admin, error)
}, companyID string) (ActorNames, error) {
	n := ActorNames{Connections: map[string]string{}, Admins: map[string]string{}}
	conns, err := st.Connections(ctx, companyID)
	if err != nil {
		return ActorNames{}, err
	}
	for _, c := range conns {
		n.Connections[c.ID] = c.Label
	}
	admins, err := st.Admins(ctx, companyID)
	if err != nil {
		return ActorNames{}, err
	}
	for _, a := range admins {
		n.Admins[a.ID] = a.Email
	}
	return n, nil
}

// StatusChange records one activation or deactivation.
type StatusChange struct {
	EmployeeID string
	Active     bool
	At         time.Time
	// ConnectionID is the connection whose request made the change
	// ("" for an administrator or the system).
	ConnectionID string
	// AdminID is the console administrator who made the change, if any.
	AdminID string
}

// By is the actor that made the change.
func (c StatusChange) By() Actor { return Actor{ConnectionID: c.ConnectionID, AdminID: c.AdminID} }

// Activity is an entry of an employee's change log other than status
// changes, e.g. a reference cleared because its target was deleted.
type Activity struct {
	EmployeeID string
	At         time.Time
	// Kind is one of the Activity* constants.
	Kind string
	// Detail says what happened, for people ("manager \"bob\" now
	// resolves to Bob Smith").
	Detail string
	// ConnectionID is the connection whose request caused the entry;
	// "" otherwise. The store keeps no administrator for activity
	// entries: an administrator's change reads as roster's own.
	ConnectionID string
}

// By is the actor that caused the entry, as far as the store records it.
func (a Activity) By() Actor { return Actor{ConnectionID: a.ConnectionID} }

// Activity kinds.
const (
	// ActivityReferenceCleared: a reference of the employee was cleared
	// because its target was deleted.
	ActivityReferenceCleared = "reference_cleared"
	// ActivityReferenceResolved: a pending reference of the employee
	// found its target, which was just provisioned or renamed.
	ActivityReferenceResolved = "reference_resolved"
	// ActivityGuardReleased: a deactivation or delete of the employee
	// held by the mass-deactivation guard was released (guard.go).
	ActivityGuardReleased = "guard_released"
	// ActivityGuardRestored: the employee, whose delete the guard held,
	// was re-created by the same connection: the hold ended and the
	// employee was restored (guard.go).
	ActivityGuardRestored = "guard_restored"
)

// HistoryStore reads an employee's history. Entries are written by the
// employee writes of Store and BatchStore themselves (CreateEmployee,
// UpdateEmployee, DeleteEmployee), inside their transaction: there is no
// separate append, so a change is never stored without its record, nor a
// record without its change. It is part of Store.
//
// Both reads are scoped to the company: an employee of another company,
// or an unknown one, is ENotFound (never an empty history).
type HistoryStore interface {
	// StatusHistory lists an employee's status changes, oldest first;
	// the first is the status it was created with.
	StatusHistory(ctx context.Context, companyID, employeeID string) ([]StatusChange, error)
	// Activity lists an employee's activity entries, oldest first.
	Activity(ctx context.Context, companyID, employeeID string) ([]Activity, error)
}
