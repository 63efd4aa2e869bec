// Package storetest is the contract of directory.Store as tests: every
// storage backend runs Run, so that SQLite and PostgreSQL behave alike.
// The subtests are named like specifications ("Employees/UserNameUniqueCaseInsensitive")
// and each opens its own store, so they can be run one by one with -run.
package storetest

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// Run runs the contract suite. open returns a new, empty store; Run closes
// every store it opens.
func Run(t *testing.T, open func(t *testing.T) directory.Store) {
	o := opener(open)
	for _, group := range []struct {
		name  string
		tests []test
	}{
		{"Companies", companyTests},
		{"Connections", connectionTests},
		{"Connections/Labels", labelTests},
		{"Employees", employeeTests},
		{"Employees/ValueLists", valueListTests},
		{"Status", statusTests},
		{"Manager", managerTests},
		{"Attributes", attributeTests},
		{"AttributeEdit", attributeEditTests},
		{"References", referenceTests},
		{"References/Pending", pendingRefTests},
		{"Batch", batchTests},
		{"Batch/Deferred", deferredBatchTests},
		{"Tenancy", tenancyTests},
		{"Concurrency", concurrencyTests},
		{"List", listTests},
		{"Search", searchTests},
		{"Query", queryTests},
		{"Console", consoleTests},
		{"Reveals", revealTests},
		{"Health", healthTests},
		{"LoginThrottle", loginThrottleTests},
		{"MultiSystem", multisystemTests},
		{"ActivityLog", activityLogTests},
		{"Connections/UsageHours", usageHourTests},
		{"APIKeys", apiKeyTests},
		{"Query/After", afterTests},
		{"Query/PageAfter", pageAfterTests},
		{"Query/Offset", offsetPageTests},
		{"Callers", callerTests},
		{"CallerChecks", callerCheckTests},
		{"Lookups", lookupTests},
	} {
		for _, tc := range group.tests {
			t.Run(group.name+"/"+tc.name, func(t *testing.T) { tc.fn(t, o.env(t)) })
		}
	}
	t.Run("Filter", func(t *testing.T) { runFilterTests(t, o.env(t)) })
}

type test struct {
	name string
	fn   func(t *testing.T, e *env)
}

type opener func(t *testing.T) directory.Store

// env is one store opened for one test, with helpers that fail the test
// on unexpected errors.
type env struct {
	t   *testing.T
	s   directory.Store
	ctx context.Context
}

func (o opener) env(t *testing.T) *env {
	t.Helper()
	s := o(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &env{t: t, s: s, ctx: t.Context()}
}

func (e *env) company(name string) directory.Company {
	e.t.Helper()
	c := directory.Company{ID: directory.NewID(), Name: name}
	if err := e.s.CreateCompany(e.ctx, &c); err != nil {
		e.t.Fatalf("CreateCompany(%q): %v", name, err)
	}
	return c
}

// attribute creates a company attribute.
func (e *env) attribute(companyID string, a directory.AttributeDef) directory.AttributeDef {
	e.t.Helper()
	a.ID, a.CompanyID = directory.NewID(), companyID
	if err := e.s.CreateAttribute(e.ctx, &a); err != nil {
		e.t.Fatalf("CreateAttribute(%q): %v", a.Name, err)
	}
	return a
}

func (e *env) connection(companyID, label string) directory.Connection {
	e.t.Helper()
	_, hash := directory.NewToken()
	c := directory.Connection{ID: directory.NewID(), CompanyID: companyID, Label: label, TokenHash: hash}
	if err := e.s.CreateConnection(e.ctx, &c); err != nil {
		e.t.Fatalf("CreateConnection(%q): %v", label, err)
	}
	return c
}

// employee creates an active employee; edit may set more fields.
func (e *env) employee(companyID, userName string, edit ...func(*directory.Employee)) directory.Employee {
	e.t.Helper()
	return e.employeeBy(companyID, userName, directory.Actor{}, edit...)
}

func (e *env) employeeBy(companyID, userName string, by directory.Actor, edit ...func(*directory.Employee)) directory.Employee {
	e.t.Helper()
	emp := directory.Employee{ID: directory.NewID(), CompanyID: companyID, UserName: userName, Active: true}
	for _, f := range edit {
		f(&emp)
	}
	if err := e.s.CreateEmployee(e.ctx, &emp, by); err != nil {
		e.t.Fatalf("CreateEmployee(%q): %v", userName, err)
	}
	return emp
}

func (e *env) get(companyID, id string) directory.Employee {
	e.t.Helper()
	got, err := e.s.Employee(e.ctx, companyID, id)
	if err != nil {
		e.t.Fatalf("Employee(%s): %v", id, err)
	}
	return got
}

func (e *env) update(companyID, id string, fn func(*directory.Employee)) directory.Employee {
	e.t.Helper()
	got, err := e.s.UpdateEmployee(e.ctx, companyID, id, directory.Actor{}, func(emp *directory.Employee) error {
		fn(emp)
		return nil
	})
	if err != nil {
		e.t.Fatalf("UpdateEmployee(%s): %v", id, err)
	}
	return got
}

// list returns the userNames of a query's page and the total.
func (e *env) list(companyID string, q directory.EmployeeQuery) ([]string, int) {
	e.t.Helper()
	page, total, err := e.s.Employees(e.ctx, companyID, q)
	if err != nil {
		e.t.Fatalf("Employees: %v", err)
	}
	if q.Filter == nil && q.Search == nil && q.Active == nil && q.ConnectionID == "" && q.ChangedSince.IsZero() && q.After == "" {
		// The store may keep the whole company's total rather than count
		// it: it must agree with the active and the deactivated counted.
		counted := 0
		for _, active := range []bool{true, false} {
			_, n, err := e.s.Employees(e.ctx, companyID, directory.EmployeeQuery{Active: &active})
			if err != nil {
				e.t.Fatalf("Employees: %v", err)
			}
			counted += n
		}
		if counted != total {
			e.t.Errorf("total of every employee = %d; the active and the deactivated counted make %d", total, counted)
		}
	}
	return userNames(page), total
}

func userNames(list []directory.Employee) []string {
	out := []string{}
	for _, emp := range list {
		out = append(out, emp.UserName)
	}
	return out
}

// wantCode fails unless err carries the domain error code.
func wantCode(t *testing.T, err error, code directory.Code) {
	t.Helper()
	if got := directory.ErrorCode(err); got != code {
		t.Fatalf("error = %v; want code %q", err, code)
	}
}

// wantEqual compares with reflect.DeepEqual.
func wantEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// wantRecent checks that a stored time is UTC, whole microseconds and
// between before and now.
func wantRecent(t *testing.T, what string, got, before time.Time) {
	t.Helper()
	if got.Location() != time.UTC {
		t.Errorf("%s = %v; want UTC", what, got)
	}
	if got.Nanosecond()%1000 != 0 {
		t.Errorf("%s = %v; want whole microseconds", what, got)
	}
	if got.Before(before.Truncate(time.Microsecond)) || got.After(time.Now()) {
		t.Errorf("%s = %v; want between %v and now", what, got, before)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func join(s []string) string { return strings.Join(s, " ") }
