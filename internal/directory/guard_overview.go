package directory

import "time"

// What an administrator (the console's banner, failure view and guard
// page) is shown of a company's holds: per connection, how many of each
// kind, since when, and a few of the held employees by name. The store
// reads it in one go (GuardStore.HeldConnections), so that a banner on
// every console page costs one cheap read, and nothing when nothing is
// held.

// HeldConnection is one connection's unreleased holds.
type HeldConnection struct {
	ConnectionID string
	// Label is the connection's label.
	Label string
	// Count is the number of its holds; Kinds splits it by
	// GuardHold.Kind, in kind order.
	Count int
	Kinds []HeldKind
	// Since is the time of its oldest hold.
	Since time.Time
	// Sample is some of the held employees, oldest hold first.
	Sample []HeldEmployee
}

// HeldKind counts a connection's holds of one kind.
type HeldKind struct {
	Kind  string
	Count int
}

// HeldEmployee is an employee whose change is held.
type HeldEmployee struct {
	EmployeeID string
	// UserName and Name (Employee.ShownName) as the employee is now.
	UserName, Name string
	// Kind is the held change's GuardHold.Kind; At and RequestID are
	// when and in which request it was held.
	Kind      string
	At        time.Time
	RequestID string
}
