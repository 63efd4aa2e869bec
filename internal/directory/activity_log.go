package directory

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// The activity log is the company's one record of what happened to its
// employees and its provisioning setup, and who did it: every SCIM
// request that wrote or tried to write an employee (with the
// attribute-level diff of a write, or the refusal's scimType and detail),
// Entra's Test Connection probe, what roster changed on its own account
// (a reference cleared because its target was deleted), and the
// administrators' actions (connections, attributes, admins). Entries are
// company-scoped and outlive the employees they name: they carry the
// employee's id and userName as they were. Tokens never appear in them.

// LogEntry is one entry of a company's activity log.
type LogEntry struct {
	// ID is assigned by the store on append, increasing in append order.
	ID        int64
	CompanyID string
	// At is when it happened (UTC, whole microseconds); a zero At is set
	// to the store's clock on append.
	At time.Time
	// ConnectionID is the connection the entry concerns: the one whose
	// request it records, or the one an administrator's action changed.
	ConnectionID string
	// AdminID is the console administrator who acted, if any.
	AdminID string
	// Client is the kind of client that acted: ClientEntra, ClientOkta,
	// ClientOther (SCIM requests), ClientConsole, ClientCLI, ClientAPI
	// or ClientSystem.
	Client string
	// RequestID is the SCIM request's id (its X-Request-Id), shared by
	// the entries of a Bulk request's operations.
	RequestID string
	// Operation is what was done or attempted: one of the Op* constants.
	Operation string
	// Bulk marks an operation of a SCIM Bulk request.
	Bulk bool
	// EmployeeID and UserName name the employee, as they were then
	// (either may be empty: a refused create has no id yet).
	EmployeeID string
	UserName   string
	// Status is the HTTP status answered (for a Bulk operation, its own
	// status); administrators' actions and roster's own entries are 200.
	Status int
	// ScimType and Detail are the refusal's, as the client was told them;
	// an administrator's action or roster's own entry says in Detail
	// what it did.
	ScimType string
	Detail   string
	// Cause groups refusals that have the same reason for different
	// employees (see CauseOf); "" for successes.
	Cause string
	// Changes is the attribute-level diff of a write (Diff).
	Changes []Change
	// NotApplied lists attributes that were sent but not applied, and why.
	NotApplied []NotApplied
}

// NotApplied is an attribute a client sent that the write did not apply:
// roster does not store it, or another connection owns it.
type NotApplied struct {
	// Attribute is named as in Change.Attribute, or as the client sent
	// it when roster does not know it.
	Attribute string
	// Reason says why, for people ("not stored by roster").
	Reason string
}

// Client kinds of LogEntry.Client.
const (
	ClientEntra   = "entra"
	ClientOkta    = "okta"
	ClientOther   = "other"
	ClientConsole = "console"
	ClientCLI     = "cli"
	ClientSystem  = "system"
	// ClientAPI is a service acting through the product API (an API key).
	ClientAPI = "api"
)

// Operations of LogEntry.Operation.
const (
	// SCIM requests: employee writes, a Bulk request refused as a whole,
	// and Entra's Test Connection probe (not a write, recorded so that
	// the admin sees the connection was tested).
	OpCreate  = "create"
	OpReplace = "replace"
	OpPatch   = "patch"
	OpDelete  = "delete"
	// OpUpdate is a write through UpdateEmployee that named no SCIM
	// operation (the console, internal callers).
	OpUpdate = "update"
	OpBulk   = "bulk"
	OpProbe  = "probe"

	// roster's own changes, inside the write that caused them.
	OpReferenceCleared  = "reference cleared"
	OpReferenceResolved = "reference resolved"
	// OpGuardReleased is a deactivation or delete held by the
	// mass-deactivation guard and released (guard.go).
	OpGuardReleased = "guard released"
	// OpGuardRestored is an employee whose delete the guard held,
	// restored by the same connection's re-create (guard.go).
	OpGuardRestored = "guard restored"

	// Administrators' actions (console or CLI).
	OpConnectionCreated  = "connection created"
	OpConnectionRotated  = "connection rotated"
	OpConnectionRevoked  = "connection revoked"
	OpProvisioningPaused = "provisioning paused"
	OpProvisioningResume = "provisioning resumed"
	OpAttributeCreated   = "attribute created"
	OpAttributeChanged   = "attribute changed"
	OpAttributeDeleted   = "attribute deleted"
	OpAdminCreated       = "admin created"
	OpCompanyCreated     = "company created"
	OpSurveyScheduled    = "survey scheduled"
	OpSurveyEdited       = "survey edited"
	OpSurveyCancelled    = "survey cancelled"
	OpGuardPolicyChanged = "guard policy changed"
	OpOwnerSet           = "owner set"
	OpOwnerCleared       = "owner cleared"
)

// Failed reports whether the entry records a refused request.
func (e LogEntry) Failed() bool { return e.Status >= 400 }

// Actor names who acted, for people and the CLI: the administrator
// ("admin:" and the id), "cli", "api", "system", else the connection id.
func (e LogEntry) Actor() string {
	switch {
	case e.AdminID != "":
		return "admin:" + e.AdminID
	case e.Client == ClientCLI || e.Client == ClientAPI || e.Client == ClientSystem:
		return e.Client
	}
	return e.ConnectionID
}

// Named returns e with its company attributes named as people know
// them (AttributeLabel: their current names, defs being the company's
// attributes) where it records them by id, in its changes and in what it
// did not apply; for showing, never for storing.
func (e LogEntry) Named(defs []AttributeDef) LogEntry {
	changes := make([]Change, len(e.Changes))
	for i, c := range e.Changes {
		c.Attribute = AttributeLabel(c.Attribute, defs)
		changes[i] = c
	}
	notApplied := make([]NotApplied, len(e.NotApplied))
	for i, n := range e.NotApplied {
		n.Attribute = AttributeLabel(n.Attribute, defs)
		notApplied[i] = n
	}
	e.Changes, e.NotApplied = changes, notApplied
	return e
}

// Summary is the entry in one line: a refusal's (or an action's) detail,
// else a write's diff in short (title: "Engineer" → "Staff Engineer";
// changes separated by "; "), followed by what was not applied.
func (e LogEntry) Summary() string {
	if e.Failed() || len(e.Changes) == 0 && e.Detail != "" {
		return e.Detail
	}
	parts := make([]string, 0, len(e.Changes)+len(e.NotApplied))
	for _, c := range e.Changes {
		parts = append(parts, c.String())
	}
	if len(parts) == 0 {
		parts = append(parts, "no change")
	}
	for _, n := range e.NotApplied {
		parts = append(parts, "not applied: "+n.Attribute+" ("+n.Reason+")")
	}
	return strings.Join(parts, "; ")
}

// RequestInfo is what the activity log records about the SCIM request
// behind an employee write; it rides on the write's Actor so that the
// store can write the entry inside the write's own transaction.
type RequestInfo struct {
	Client    string
	RequestID string
	// Operation is OpCreate, OpReplace, OpPatch or OpDelete; "" lets the
	// store name it from the write (OpCreate, OpUpdate, OpDelete).
	Operation string
	Bulk      bool
	// NotApplied lists attributes of the request that the write did not
	// apply (the store adds those an owner rule refused).
	NotApplied []NotApplied
}

// SuccessStatus is the HTTP status a successful SCIM write of the
// operation answers (RFC 7644 §3.3, §3.5, §3.6).
func SuccessStatus(op string) int {
	switch op {
	case OpCreate:
		return 201
	case OpDelete:
		return 204
	}
	return 200
}

// WriteEntry is the log entry of a successful employee write by an actor:
// subject is the employee as written (as it was, for a deletion), changes
// the write's Diff. op is used when the actor's request names no
// operation.
func WriteEntry(by Actor, op string, subject *Employee, changes []Change, at time.Time) LogEntry {
	e := LogEntry{CompanyID: subject.CompanyID, At: at, ConnectionID: by.ConnectionID, AdminID: by.AdminID,
		Operation: op, EmployeeID: subject.ID, UserName: subject.UserName, Changes: changes}
	e.Client = by.Client()
	if r := by.Request; r != nil {
		e.RequestID, e.Bulk, e.NotApplied = r.RequestID, r.Bulk, r.NotApplied
		if r.Operation != "" {
			e.Operation = r.Operation
		}
	}
	e.Status = SuccessStatus(e.Operation)
	return e
}

// Client is the kind of client acting, for the log: the request's, else
// ClientConsole for an administrator, ClientOther for a connection, and
// ClientSystem for roster itself.
func (a Actor) Client() string {
	switch {
	case a.Request != nil && a.Request.Client != "":
		return a.Request.Client
	case a.AdminID != "":
		return ClientConsole
	case a.ConnectionID != "":
		return ClientOther
	}
	return ClientSystem
}

// quoted finds the double-quoted parts of a detail (Go %q quoting).
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// CauseOf is the grouping key of a refusal: its detail with the parts
// that name one employee (its userName or id, quoted) replaced by "…",
// so that "userName "ada@x" is already taken" and the same for bob read
// as one cause, while "Location: "Paris" is not an option" stays whole.
func CauseOf(detail, userName, employeeID string) string {
	return quoted.ReplaceAllStringFunc(detail, func(q string) string {
		inner := q[1 : len(q)-1]
		if inner != "" && (strings.EqualFold(inner, userName) || inner == employeeID) {
			return `"…"`
		}
		return q
	})
}

// ActivityQuery selects a company's log entries, newest first.
type ActivityQuery struct {
	// EmployeeID keeps the entries naming that employee.
	EmployeeID string
	// ConnectionIDs keeps the entries concerning any of these
	// connections: one, or a connection and the tokens it replaced
	// (ReplacedChain), which people know as one connection.
	ConnectionIDs []string
	// Operation keeps the entries of one operation (Op*).
	Operation string
	// FailedOnly keeps refusals (Status ≥ 400); SucceededOnly the others.
	FailedOnly    bool
	SucceededOnly bool
	// Since keeps entries at or after it, Until those before it; zero
	// times do not limit.
	Since, Until time.Time
	// Offset skips that many entries; Limit caps the page (0: only the
	// total).
	Offset, Limit int
}

// ActivityLogStore keeps the activity log. It is part of Store.
//
// Where entries are written, and what that guarantees:
//   - A successful employee write (CreateEmployee, UpdateEmployee,
//     DeleteEmployee, and the same calls of a Batch) appends its entry
//     itself, inside the write's transaction: the change and its entry
//     commit together or not at all (a failed Batch call rolls back its
//     entry with its change), and the entry costs no sync of its own.
//     The entry is WriteEntry(by, …), by.Request saying what the request
//     was. roster's own consequences of a write (OpReferenceCleared,
//     OpReferenceResolved) are appended in the same transaction too.
//   - Everything else (refused requests, probes, administrators'
//     actions) goes through AppendActivity, by callers that batch:
//     refusals are not worth a sync each.
type ActivityLogStore interface {
	// AppendActivity stores entries in one transaction (one sync to
	// disk): all or none. Each entry needs a CompanyID; a zero At is set
	// to now. IDs are assigned in order; the entries passed are not
	// changed.
	AppendActivity(ctx context.Context, entries []LogEntry) error
	// ActivityLog returns one page of the company's entries that match
	// q, newest first (by At, then by ID), and the number of matches.
	ActivityLog(ctx context.Context, companyID string, q ActivityQuery) ([]LogEntry, int, error)
	// PruneActivity deletes at most max entries (of any company) older
	// than before, oldest first, in one short transaction, and returns
	// how many went. Callers loop, pausing between calls, until it
	// returns fewer than max: each call holds the writer only briefly,
	// so SCIM writes are never blocked for long.
	PruneActivity(ctx context.Context, before time.Time, max int) (int, error)
}

// ActionEntry is the log entry of an administrator's action on the
// company (Op* of the administrators' actions): adminID "" means the
// command line. connectionID names the connection acted on, if any;
// detail says what was done, for people.
func ActionEntry(companyID, adminID, op, connectionID, detail string) LogEntry {
	client := ClientConsole
	if adminID == "" {
		client = ClientCLI
	}
	return LogEntry{CompanyID: companyID, ConnectionID: connectionID, AdminID: adminID, Client: client,
		Operation: op, Status: 200, Detail: detail}
}

// APIActionEntry is ActionEntry for an action a service took through
// the product API with an API key ("api" in the log).
func APIActionEntry(companyID, op, detail string) LogEntry {
	e := ActionEntry(companyID, "", op, "", detail)
	e.Client = ClientAPI
	return e
}
