package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
)

// The writes of a SQLite group hold the only writer together, so their
// employee writes share what they need to know of their companies
// (sqlstore/batch_facts.go).

// groupCompany is a company with an Entra connection and a Workday HR one.
type groupCompany struct {
	directory.Company
	entra, hr directory.Connection
}

func newGroupCompany(t *testing.T, s *sqlite.Store, name string) groupCompany {
	t.Helper()
	ctx := t.Context()
	c := groupCompany{Company: directory.Company{ID: directory.NewID(), Name: name}}
	if err := s.CreateCompany(ctx, &c.Company); err != nil {
		t.Fatal(err)
	}
	connection := func(label string) directory.Connection {
		_, hash := directory.NewToken()
		n := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: label, TokenHash: hash}
		if err := s.CreateConnection(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	c.entra, c.hr = connection("Entra"), connection("Workday HR")
	return c
}

// employee creates an employee of c named name.
func (c groupCompany) employee(t *testing.T, s *sqlite.Store, name string) directory.Employee {
	t.Helper()
	e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: name, Active: true}
	if err := s.CreateEmployee(t.Context(), &e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	return e
}

// update is Entra's write to the employee id of c, setting what set sets.
func (c groupCompany) update(s *sqlite.Store, id string, set func(*directory.Employee)) func() error {
	return func() error {
		_, err := s.UpdateEmployee(context.Background(), c.ID, id, directory.Actor{ConnectionID: c.entra.ID}, func(e *directory.Employee) error {
			set(e)
			return nil
		})
		return err
	}
}

// department sets an employee's department.
func department(value string) func(*directory.Employee) {
	return func(e *directory.Employee) { e.Department = value }
}

// inOneGroup runs writes as one group of the committer, in order: a write
// to held (an employee of c) holds the committer while they queue. It
// returns the statements the group ran; every write must succeed.
func inOneGroup(t *testing.T, s *sqlite.Store, c groupCompany, held directory.Employee, writes ...func() error) int64 {
	t.Helper()
	statements, outcomes := inOneGroupOutcomes(t, s, c, held, writes...)
	for _, err := range outcomes {
		if err != nil {
			t.Fatal(err)
		}
	}
	return statements
}

// inOneGroupOutcomes is inOneGroup returning each write's outcome, the
// holding write's first.
func inOneGroupOutcomes(t *testing.T, s *sqlite.Store, c groupCompany, held directory.Employee, writes ...func() error) (int64, []error) {
	t.Helper()
	running, release := make(chan struct{}), make(chan struct{})
	outcomes := make([]error, len(writes)+1)
	var wg sync.WaitGroup
	wg.Add(len(writes) + 1)
	go func() {
		defer wg.Done()
		_, outcomes[0] = s.UpdateEmployee(t.Context(), c.ID, held.ID, directory.Actor{}, func(*directory.Employee) error {
			close(running)
			<-release
			return nil
		})
	}()
	<-running
	for i, w := range writes {
		go func() { defer wg.Done(); outcomes[i+1] = w() }()
		for deadline := time.Now().Add(10 * time.Second); s.WritesWaiting(c.ID) < i+1; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				close(release)
				t.Fatalf("%d writes wait; want %d", s.WritesWaiting(c.ID), i+1)
			}
		}
	}
	before := s.Statements()
	close(release)
	wg.Wait()
	return s.Statements() - before, outcomes
}

// statementsOf runs write, which must succeed, and returns the
// statements s ran meanwhile.
func statementsOf(t *testing.T, s *sqlite.Store, write func() error) int64 {
	t.Helper()
	before := s.Statements()
	if err := write(); err != nil {
		t.Fatal(err)
	}
	return s.Statements() - before
}

// A write of another kind in the group, here an administrator making HR
// the owner of department, changes the facts: the employee write after it
// must see the owner.
func TestGroupedWritesSeeAnOwnerSetAmongThem(t *testing.T) {
	s := openTemp(t)
	c := newGroupCompany(t, s, "Acme")
	held, ada := c.employee(t, s, "held@example.com"), c.employee(t, s, "ada@example.com")
	inOneGroup(t, s, c, held,
		c.update(s, ada.ID, department("Sales")), // reads the company's facts: no owner
		func() error { return s.SetOwner(t.Context(), c.ID, "department", c.hr.ID) },
		c.update(s, ada.ID, department("Ops")), // owned by HR now: not applied
	)
	got, err := s.Employee(t.Context(), c.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Department != "Sales" {
		t.Errorf("department = %q; want Sales, the write after HR took it not applied", got.Department)
	}
}

// An operator's companies sync at once, so a group interleaves their
// writes: each company's facts are read once in the group, not again at
// every change of company, and each write gets its own company's — here
// HR owns department at Globex, not at Acme, and a reference left pending
// at Acme by its first write is resolved by its employee created last.
func TestGroupedWritesOfSeveralCompaniesShareEachOnesFacts(t *testing.T) {
	s := openTemp(t)
	acme, globex := newGroupCompany(t, s, "Acme"), newGroupCompany(t, s, "Globex")
	if err := s.SetOwner(t.Context(), globex.ID, "department", globex.hr.ID); err != nil {
		t.Fatal(err)
	}
	held := acme.employee(t, s, "held@acme.example")
	ada, grace := acme.employee(t, s, "ada@acme.example"), globex.employee(t, s, "grace@globex.example")
	boss := directory.Employee{ID: directory.NewID(), CompanyID: acme.ID, UserName: "boss@acme.example", Active: true}

	interleaved := inOneGroup(t, s, acme, held,
		acme.update(s, ada.ID, func(e *directory.Employee) {
			e.Department = "Sales"
			e.Manager = directory.Reference{Value: boss.UserName} // not there yet: pending
		}),
		globex.update(s, grace.ID, department("Sales")), // owned by HR: not applied
		globex.update(s, grace.ID, department("Ops")),
		func() error {
			return s.CreateEmployee(context.Background(), &boss, directory.Actor{ConnectionID: acme.entra.ID})
		},
	)
	gotAda, err := s.Employee(t.Context(), acme.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotAda.Department != "Sales" || gotAda.Manager.TargetID != boss.ID {
		t.Errorf("Acme's employee: department %q, manager %+v; want Sales, resolved to %s", gotAda.Department, gotAda.Manager, boss.ID)
	}
	gotGrace, err := s.Employee(t.Context(), globex.ID, grace.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotGrace.Department != "" {
		t.Errorf("Globex's employee: department %q; want none, HR owns it", gotGrace.Department)
	}

	// The same writes, each company's together: as many statements.
	carol, dan := acme.employee(t, s, "carol@acme.example"), globex.employee(t, s, "dan@globex.example")
	together := inOneGroup(t, s, acme, held,
		acme.update(s, carol.ID, department("Sales")),
		acme.update(s, carol.ID, department("Ops")),
		globex.update(s, dan.ID, department("Sales")),
		globex.update(s, dan.ID, department("Ops")),
	)
	interleaved = inOneGroup(t, s, acme, held,
		acme.update(s, carol.ID, department("Legal")),
		globex.update(s, dan.ID, department("Legal")),
		acme.update(s, carol.ID, department("Audit")),
		globex.update(s, dan.ID, department("Audit")),
	)
	if interleaved != together {
		t.Errorf("a group of two companies' writes interleaved ran %d statements, each company's together %d; want as many", interleaved, together)
	}
}

// factsStatements is what a write reads of its company's facts when they
// are not kept: its owners and the guard's holds, and its pending
// references (company_lock.go, pending_refs.go).
const factsStatements = 2

// The committer keeps the facts from group to group for as long as its
// last commit is the database's last: a write after another process's
// commit (here a second store on the file, as the CLI is) reads them
// again and sees what that process changed — an owner set there.
func TestFactsKeptFromGroupToGroupUntilAnotherCommit(t *testing.T) {
	s, other := twoProcesses(t)
	c := newGroupCompany(t, s, "Acme")
	ada := c.employee(t, s, "ada@acme.example")
	statements := func(write func() error) int64 { t.Helper(); return statementsOf(t, s, write) }
	otherCommits := func() {
		t.Helper()
		if err := other.CreateCompany(t.Context(), &directory.Company{ID: directory.NewID(), Name: "Initech"}); err != nil {
			t.Fatal(err)
		}
	}

	otherCommits()
	afterOther := statements(c.update(s, ada.ID, department("Sales")))
	// The facts' statements fewer and, as the employee was this
	// committer's last write of it, the employee's two
	// (written_employees_test.go).
	if kept := statements(c.update(s, ada.ID, department("Ops"))); kept != afterOther-factsStatements-2 {
		t.Errorf("a write right after this process's own: %d statements, after another process's commit %d; want %d fewer (the facts and the employee kept)", kept, afterOther, factsStatements+2)
	}
	// The connections' usage and refused requests' log entries, which
	// the server writes once a second, change none of the facts: they
	// stay kept.
	for name, write := range map[string]func() error{
		"usage": func() error {
			uses := []directory.ConnectionUse{{ConnectionID: c.entra.ID, At: time.Now(), Requests: 2}}
			return s.RecordConnectionsUse(t.Context(), uses)
		},
		"refusals' log": func() error {
			refused := directory.LogEntry{CompanyID: c.ID, ConnectionID: c.entra.ID, Operation: "create", Status: 400, Detail: "userName is required"}
			return s.AppendActivity(t.Context(), []directory.LogEntry{refused})
		},
	} {
		if err := write(); err != nil {
			t.Fatal(err)
		}
		if kept := statements(c.update(s, ada.ID, department("Sales "+name))); kept != afterOther-factsStatements-2 {
			t.Errorf("a write right after the %s's write: %d statements, after another process's commit %d; want %d fewer (the facts and the employee kept)", name, kept, afterOther, factsStatements+2)
		}
	}

	// HR takes department in the other process: Entra's next write of it
	// is not applied.
	if err := other.SetOwner(t.Context(), c.ID, "department", c.hr.ID); err != nil {
		t.Fatal(err)
	}
	statements(c.update(s, ada.ID, department("Legal")))
	got, err := s.Employee(t.Context(), c.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Department, "Sales ") {
		t.Errorf("department = %q; want what it was, HR's since the other process made it the owner", got.Department)
	}

	// A reference left pending by one group is resolved by an employee a
	// later group creates: the kept facts say that one is pending.
	otherCommits()
	statements(c.update(s, ada.ID, func(e *directory.Employee) { e.Manager = directory.Reference{Value: "boss@acme.example"} }))
	boss := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "boss@acme.example", Active: true}
	statements(func() error { return s.CreateEmployee(t.Context(), &boss, directory.Actor{ConnectionID: c.entra.ID}) })
	if got, err = s.Employee(t.Context(), c.ID, ada.ID); err != nil {
		t.Fatal(err)
	}
	if got.Manager.TargetID != boss.ID {
		t.Errorf("manager %+v; want resolved to %s, created by a later group", got.Manager, boss.ID)
	}
}

// The company's attribute definitions are kept with its facts: a write
// of an employee with attribute values after this committer's own write
// reads them no more, and one after another process's commit, or after
// an administrator's edit in this one, checks its values against the
// definitions as they are now — here an option added to a closed list.
func TestAttributeDefsKeptUntilChanged(t *testing.T) {
	s, other := twoProcesses(t)
	c := newGroupCompany(t, s, "Acme")
	location := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "Location", Type: directory.TypeOption, Options: []string{"Copenhagen", "London"}}
	if err := s.CreateAttribute(t.Context(), &location); err != nil {
		t.Fatal(err)
	}
	in := func(city string) func(*directory.Employee) {
		return func(e *directory.Employee) {
			e.Attributes = map[string]directory.AttributeValue{location.ID: {Text: city}}
		}
	}
	ada := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "ada@acme.example", Active: true}
	in("Copenhagen")(&ada)
	if err := s.CreateEmployee(t.Context(), &ada, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	statements := func(write func() error) int64 { t.Helper(); return statementsOf(t, s, write) }

	// After another process's commit a write reads the company's facts,
	// its employee and the definitions; right after it, the next reads
	// none of them (TestFactsKeptFromGroupToGroupUntilAnotherCommit: the
	// facts and the employee).
	if err := other.CreateCompany(t.Context(), &directory.Company{ID: directory.NewID(), Name: "Initech"}); err != nil {
		t.Fatal(err)
	}
	afterOther := statements(c.update(s, ada.ID, in("London")))
	if kept := statements(c.update(s, ada.ID, in("Copenhagen"))); kept != afterOther-factsStatements-3 {
		t.Errorf("a write of a value right after this process's own: %d statements, after another process's commit %d; want %d fewer (the facts, the employee, the definitions kept)", kept, afterOther, factsStatements+3)
	}

	edit := func(store *sqlite.Store, option string) {
		t.Helper()
		if _, err := store.EditAttribute(t.Context(), c.ID, location.ID, directory.AttributeEdit{AddOptions: []string{option}}); err != nil {
			t.Fatal(err)
		}
	}
	edit(other, "Berlin")
	if err := c.update(s, ada.ID, in("Berlin"))(); err != nil {
		t.Errorf("an option another process added: %v", err)
	}
	edit(s, "Paris")
	if err := c.update(s, ada.ID, in("Paris"))(); err != nil {
		t.Errorf("an option an administrator added in this process: %v", err)
	}
	got, err := s.Employee(t.Context(), c.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Attributes[location.ID]; v.Text != "Paris" {
		t.Errorf("location %+v; want Paris", v)
	}
}
