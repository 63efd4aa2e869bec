package directory

import (
	"context"
	"time"

	"github.com/google/uuid"

	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// NewID returns a new random identifier for a company, connection or
// employee.
func NewID() string { return uuid.NewString() }

// NewEmployeeID returns a new employee id: a UUID of version 7, whose
// first 48 bits are the creation time in milliseconds. Every table that
// indexes employees by id (the employees, their emails, values, external
// ids, provenance, status changes) then grows at its end as employees are
// created, instead of at a random place: a commit of many creates touches
// a few index pages, not a few per create across the whole index, so a
// create costs the same in a company of a million as in an empty one.
// The ids stay unique and unguessable (74 random bits); they reveal when
// the employee was created, which meta.created says anyway.
func NewEmployeeID() string { return uuid.Must(uuid.NewV7()).String() }

// EmployeeQuery selects, orders and pages a company's employees.
//
// The typed fields (Active, ConnectionID, ChangedSince) ask the domain's
// own questions; code outside the SCIM API sets them instead of writing
// SCIM filter text. Every condition that is set applies: the typed
// fields, Filter and Search are AND-ed, and the zero value of each keeps
// every employee.
type EmployeeQuery struct {
	// Active, when non-nil, keeps the employees whose status it is:
	// true the active ones, false the deactivated ones (SCIM's "active
	// eq true" / "active eq false").
	Active *bool
	// ConnectionID, when not "", keeps the employees created through that
	// connection (Employee.SourceConnectionID; the console's "source").
	// A rotation makes a new connection, so the employees of the chain's
	// earlier tokens are not among them.
	ConnectionID string
	// ChangedSince, when not zero, keeps the employees last modified at
	// or after it (Employee.LastModified >= ChangedSince; SCIM's
	// "meta.lastModified ge"). The store keeps microseconds: a finer
	// instant is rounded up, as the filter rounds it.
	ChangedSince time.Time
	// After, when not "", keeps the employees created after that employee
	// of the company, in creation order (SortBy nil only; else EInvalid):
	// keyset paging, which employees created or deleted between two pages
	// do not shift as they shift Offset. An id that is not an employee of
	// the company (deleted since) is EInvalid.
	After string
	// PageAfter, when not "", starts the page after that employee of the
	// company in creation order (SortBy nil only; else EInvalid), and
	// Offset is ignored; unlike After it leaves the total as it is. It is
	// a position remembered from the previous page of the same query, so
	// that paging by startIndex (Okta's import) seeks instead of skipping
	// Offset entries. When that employee is gone, Offset applies.
	PageAfter string
	// Filter keeps the employees it matches; nil keeps all.
	Filter filter.Expr
	// Search keeps the employees in which every word occurs,
	// case-insensitively (compared as filter "co" compares, by
	// filter.Fold): each word within the userName, name.givenName,
	// name.familyName or one of the emails' values, not necessarily the
	// same one for every word ("ada lovelace" finds Ada Lovelace). An
	// empty word occurs everywhere. It is the console's search box:
	// what the filter (userName co w or name.givenName co w or
	// name.familyName co w or emails.value co w) for every word w finds,
	// which the store answers from one column it maintains. Search and
	// Filter both apply.
	Search []string
	// SortBy orders by an attribute; nil orders by creation, which is
	// stable across pages (Okta imports page by page).
	SortBy     *schema.Ref
	Descending bool
	// ViewerConnectionID is the connection reading: externalId in Filter
	// and SortBy is its own value (ExternalIDOf), and the employees
	// returned carry it as ExternalID. "" is the unattributed value (the
	// console's view).
	ViewerConnectionID string
	// Offset skips that many employees (0-based).
	Offset int
	// Limit caps the page; 0 returns no employees, only the total.
	Limit int
}

// Store keeps companies, connections and employees. Every employee
// operation is scoped to a company: an id of another company's employee is
// not found. Implementations: sqlite and postgres, checked by storetest.
//
// Errors are *Error values with ENotFound, EConflict, EInvalid or
// EPrecondition codes where the caller can act on them.
type Store interface {
	// CreateCompany stores c; c.ID must be set.
	CreateCompany(ctx context.Context, c *Company) error
	Company(ctx context.Context, id string) (Company, error)
	Companies(ctx context.Context) ([]Company, error)
	SetProvisioningDisabled(ctx context.Context, companyID string, disabled bool) error

	// CreateConnection stores c; c.ID and c.TokenHash must be set.
	CreateConnection(ctx context.Context, c *Connection) error
	Connection(ctx context.Context, id string) (Connection, error)
	Connections(ctx context.Context, companyID string) ([]Connection, error)
	// RevokeConnection makes the token stop working at at; the attributes
	// the connection owned have no owner any more.
	RevokeConnection(ctx context.Context, id string, at time.Time) error
	// RecordConnectionUse counts requests made through the connection and
	// moves LastUsed forward to at (never back).
	RecordConnectionUse(ctx context.Context, id string, at time.Time, requests int64) error
	// RecordConnectionsUse is RecordConnectionUse for several
	// connections in one write (one commit), in the order given; a
	// connection that no longer exists is skipped.
	RecordConnectionsUse(ctx context.Context, uses []ConnectionUse) error

	// CreateEmployee stores e (e.ID and e.CompanyID set) and fills in
	// Created, LastModified, StatusChanged and Version. A userName already
	// used in the company, compared case-insensitively, is EConflict.
	//
	// References (Manager, employee-typed Attributes) are resolved on every
	// write: Value names the target by id, else userName, else email, else
	// externalId, within the company; no match leaves it pending (TargetID
	// ""). Writing an employee also resolves other employees' pending
	// references that now match it. Reads fill TargetName and TargetEmail.
	// Only Value is input: TargetID, TargetName and TargetEmail are the
	// store's. A reference whose Value is unchanged by an update keeps its
	// target. A reference to the employee itself is EInvalid.
	//
	// Attributes are keyed by the ids of the company's AttributeDefs
	// (another id is EInvalid) and checked against their type (EInvalid
	// naming the attribute): only the field of the attribute's type is
	// kept, and an empty Text, Date or Ref.Value is no value, its key
	// dropped. An update stores fn's map as a whole.
	CreateEmployee(ctx context.Context, e *Employee, by Actor) error
	Employee(ctx context.Context, companyID, id string) (Employee, error)
	// UpdateEmployee applies fn to the stored employee in one transaction
	// and stores the result with a new version; fn's error aborts. A change
	// of Active is recorded in the status history. When fn changes nothing
	// (no Diff, same externalIds) nothing is stored: Version and
	// LastModified stay, and the activity log says "no change".
	UpdateEmployee(ctx context.Context, companyID, id string, by Actor, fn func(*Employee) error) (Employee, error)
	// DeleteEmployee removes the employee after check (if non-nil) passes
	// on it; references to the employee (as manager or in employee-typed
	// attributes) are cleared, each recorded in the referrer's Activity.
	DeleteEmployee(ctx context.Context, companyID, id string, by Actor, check func(*Employee) error) error
	// Employees returns one page of the query and the total number of
	// matches.
	Employees(ctx context.Context, companyID string, q EmployeeQuery) ([]Employee, int, error)

	AttributeStore
	CallerStore
	HistoryStore
	ActivityLogStore
	UsageHistoryStore
	BatchStore
	ConsoleStore
	RevealStore
	HealthStore
	OwnerStore
	APIKeyStore
	SurveyStore
	GuardStore
	StrandedReferenceStore

	Close() error
}
