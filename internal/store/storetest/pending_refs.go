package storetest

import (
	"fmt"
	"testing"
	"time"

	"roster/internal/directory"
)

// pendingRefTests check what writes know of their company's pending
// references (sqlstore/pending_refs.go): a write looks for the pending
// references its employee may resolve only where one may name it, and
// still resolves every one that does — one left pending by an earlier
// write of the same Batch, and with more pending than are kept.
var pendingRefTests = []test{
	{"UnrelatedPendingCostsNothing", func(t *testing.T, e *env) {
		counter, ok := e.s.(interface{ Statements() int64 })
		if !ok {
			t.Skip("the store counts no statements")
		}
		plain, waiting := e.company("Acme"), e.company("Globex")
		// The chief executive's manager is outside the identity
		// provider's assignment: pending for good.
		e.employee(waiting.ID, "ceo@globex.example", func(p *directory.Employee) { p.Manager.Value = "board@globex.example" })
		made := 0
		statementsOf := func(c directory.Company) int64 {
			return e.fewestStatements(counter, func() {
				for range 10 {
					made++
					e.employee(c.ID, fmt.Sprintf("u%d@example.com", made))
				}
			})
		}
		if none, one := statementsOf(plain), statementsOf(waiting); lookedEach(one, none, 10) {
			t.Errorf("10 creates: %d statements with a pending reference none of them matches, %d with none; want no look for them", one, none)
		}
	}},
	{"ManyPendingCostABatchNothing", func(t *testing.T, e *env) {
		// Another Bulk request of an export in no particular order:
		// more references pending than a single write keeps
		// (maxKnownPendingInStore), which a Batch's creates, each one
		// its own batch, matching none of them, need not look for.
		e.batchLooks(t, 2*maxKnownPendingInStore, 0)
	}},
	{"ManyPendingCostAToldBatchNothing", func(t *testing.T, e *env) {
		// Past what a Batch keeps by itself (sqlstore: minBatchPending)
		// — managers outside the identity provider's assignment — a
		// Batch told it makes a thousand calls (a Bulk request's) keeps
		// more.
		e.batchLooks(t, 1500, 1000)
	}},
	{"ResolvedWithinBatch", func(t *testing.T, e *env) {
		c := e.company("Acme")
		ceo := e.employee(c.ID, "ceo@example.com", func(p *directory.Employee) { p.Manager.Value = "board@example.com" })
		var ada, bob directory.Employee
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			ada = directory.Employee{ID: directory.NewEmployeeID(), UserName: "ada@example.com", Active: true, Manager: directory.Reference{Value: "BOB@example.com"}}
			if err := bt.CreateEmployee(e.ctx, &ada, directory.Actor{}); err != nil {
				return err
			}
			other := directory.Employee{ID: directory.NewEmployeeID(), UserName: "other@example.com", Active: true}
			if err := bt.CreateEmployee(e.ctx, &other, directory.Actor{}); err != nil {
				return err
			}
			// ada's manager, pending since this Batch's first create.
			bob = directory.Employee{ID: directory.NewEmployeeID(), UserName: "bob@example.com", Active: true}
			if err := bt.CreateEmployee(e.ctx, &bob, directory.Actor{}); err != nil {
				return err
			}
			// An update that makes other the chief executive's manager,
			// pending from before the Batch.
			_, err := bt.UpdateEmployee(e.ctx, other.ID, directory.Actor{}, func(p *directory.Employee) error {
				p.Emails = []directory.Email{{Value: "Board@example.com", Type: "work"}}
				return nil
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "ada's manager", e.get(c.ID, ada.ID).Manager.TargetID, bob.ID)
		board := e.get(c.ID, ceo.ID).Manager
		wantEqual(t, "the chief executive's manager", board.TargetName, "other@example.com")
	}},
	{"ManyPending", func(t *testing.T, e *env) {
		c := e.company("Acme")
		// More pending references than a write keeps (sqlstore:
		// maxKnownPending), each naming a different employee.
		const n = 80
		waiting := make([]directory.Employee, n)
		for i := range waiting {
			waiting[i] = e.employee(c.ID, fmt.Sprintf("w%d@example.com", i), func(p *directory.Employee) {
				p.Manager.Value = fmt.Sprintf("boss%d@example.com", i)
			})
		}
		var last directory.Employee
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			last = directory.Employee{ID: directory.NewEmployeeID(), UserName: fmt.Sprintf("boss%d@example.com", n-1), Active: true}
			return bt.CreateEmployee(e.ctx, &last, directory.Actor{})
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "the last one's manager", e.get(c.ID, waiting[n-1].ID).Manager.TargetID, last.ID)
		first := e.employee(c.ID, "boss0@example.com")
		wantEqual(t, "the first one's manager", e.get(c.ID, waiting[0].ID).Manager.TargetID, first.ID)
		wantEqual(t, "another's manager", e.get(c.ID, waiting[1].ID).Manager.Pending(), true)
	}},
	{"ManyPendingNamingFew", func(t *testing.T, e *env) {
		c := e.company("Acme")
		// More pending references than a write keeps, naming few
		// employees: ten reports each, as an export in no particular
		// order leaves them. The folds kept are counted by reference,
		// not by fold: a limit on the rows read once left the managers
		// named by the rows past it unresolved for good.
		const managers, reports = 10, 10
		waiting := make([]directory.Employee, 0, managers*reports)
		for m := range managers {
			for r := range reports {
				waiting = append(waiting, e.employee(c.ID, fmt.Sprintf("w%d-%d@example.com", m, r), func(p *directory.Employee) {
					p.Manager.Value = fmt.Sprintf("boss%d@example.com", m)
				}))
			}
		}
		var bosses []directory.Employee
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			for m := range managers {
				boss := directory.Employee{ID: directory.NewEmployeeID(), UserName: fmt.Sprintf("boss%d@example.com", m), Active: true}
				if err := bt.CreateEmployee(e.ctx, &boss, directory.Actor{}); err != nil {
					return err
				}
				bosses = append(bosses, boss)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range waiting {
			wantEqual(t, w.UserName+"'s manager", e.get(c.ID, w.ID).Manager.TargetID, bosses[i/reports].ID)
		}
		// And a single create, outside a Batch, naming a value that sorts
		// after the others.
		late := e.employee(c.ID, "late@example.com", func(p *directory.Employee) { p.Manager.Value = "zz-boss@example.com" })
		for i := range 2 * maxKnownPendingInStore {
			e.employee(c.ID, fmt.Sprintf("v%d@example.com", i), func(p *directory.Employee) { p.Manager.Value = "boss0-new@example.com" })
		}
		boss := e.employee(c.ID, "zz-boss@example.com")
		wantEqual(t, "late's manager", e.get(c.ID, late.ID).Manager.TargetID, boss.ID)
	}},
	{"ManyPendingNamingFewPastABatchsBound", func(t *testing.T, e *env) {
		// The same past the folds a Batch keeps (1,000 told no size):
		// more references naming one manager, then one naming a value
		// that sorts after it, whose manager a Batch creates.
		c := e.company("Acme")
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			for i := range minBatchPendingInStore + 1 {
				w := directory.Employee{ID: directory.NewEmployeeID(), UserName: fmt.Sprintf("w%d@example.com", i), Active: true}
				w.Manager.Value = "a-boss@example.com"
				if err := bt.CreateEmployee(e.ctx, &w, directory.Actor{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		late := e.employee(c.ID, "late@example.com", func(p *directory.Employee) { p.Manager.Value = "z-boss@example.com" })
		boss := directory.Employee{ID: directory.NewEmployeeID(), UserName: "z-boss@example.com", Active: true}
		if err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error { return bt.CreateEmployee(e.ctx, &boss, directory.Actor{}) }); err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "late's manager", e.get(c.ID, late.ID).Manager.TargetID, boss.ID)
	}},
}

// minBatchPendingInStore is sqlstore's minBatchPending: the pending
// references a Batch told no size keeps the folds of.
const minBatchPendingInStore = 1000

// maxKnownPendingInStore is sqlstore's maxKnownPending: the pending
// references a write keeps the folds of.
const maxKnownPendingInStore = 64

// lookedEach reports whether writes counted with statements where they
// would be counted without if none of them looked for the pending
// references, looked at all: a look is at least a statement a write,
// and the store's own work beside them (fewestStatements) a few
// statements at times, fewer than half as many as the writes.
func lookedEach(with, without, writes int64) bool {
	return with-without >= writes/2
}

// fewestStatements is the fewest statements counter counted in three
// runs of fn, the first after one run uncounted (what a company's first
// writes read once: its facts, where they are kept). Each run ends with a
// write of another company, which the store's writer takes after what it
// does once a run has been answered (a Batch's search-index catch-up):
// that lands in the run's own count, never the next one's. What runs
// beside the writes at times (a checkpoint, the usage counts' commit)
// only ever adds to a count.
func (e *env) fewestStatements(counter interface{ Statements() int64 }, fn func()) int64 {
	e.t.Helper()
	run := func() {
		fn()
		e.company("Settles the writer")
		WaitCaughtUp(e.t, counter)
	}
	run()
	fewest := int64(-1)
	for range 3 {
		before := counter.Statements()
		run()
		if n := counter.Statements() - before; fewest < 0 || n < fewest {
			fewest = n
		}
	}
	return fewest
}

// WaitCaughtUp waits until store, if it says (CaughtUp), has run what
// Batches left for after their answers (SQLite's search index catch-up,
// which runs once no write waits, and may come after the write that
// settles the writer), so that a count of statements holds it once,
// never in the next count.
func WaitCaughtUp(t testing.TB, store any) {
	t.Helper()
	c, ok := store.(interface{ CaughtUp() bool })
	if !ok {
		return
	}
	for deadline := time.Now().Add(10 * time.Second); !c.CaughtUp(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the store's catch-up did not run within 10 s")
		}
	}
}

// batchLooks checks that a Batch of 10 creates in a company where
// pending references, each naming someone else, looks for none of them
// (directory.WithBatchCalls told calls, where not 0), and that the
// references still resolve.
func (e *env) batchLooks(t *testing.T, pending, calls int) {
	counter, ok := e.s.(interface{ Statements() int64 })
	if !ok {
		t.Skip("the store counts no statements")
	}
	plain, waiting := e.company("Acme"), e.company("Globex")
	var w7 directory.Employee
	err := e.s.Batch(e.ctx, waiting.ID, func(bt directory.Batch) error {
		for i := range pending {
			w := directory.Employee{ID: directory.NewEmployeeID(), UserName: fmt.Sprintf("w%d@globex.example", i), Active: true,
				Manager: directory.Reference{Value: fmt.Sprintf("boss%d@globex.example", i)}}
			if err := bt.CreateEmployee(e.ctx, &w, directory.Actor{}); err != nil {
				return err
			}
			if i == 7 {
				w7 = w
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := e.ctx
	if calls > 0 {
		ctx = directory.WithBatchCalls(ctx, calls)
	}
	made := 0
	statementsOf := func(c directory.Company) int64 {
		return e.fewestStatements(counter, func() {
			err := e.s.Batch(ctx, c.ID, func(bt directory.Batch) error {
				for range 10 {
					made++
					emp := directory.Employee{ID: directory.NewEmployeeID(), UserName: fmt.Sprintf("u%d@example.com", made), Active: true}
					if err := bt.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	if none, many := statementsOf(plain), statementsOf(waiting); lookedEach(many, none, 10) {
		t.Errorf("a Batch of 10 creates: %d statements with %d references pending that none of them matches, %d with none; want no look for them",
			many, pending, none)
	}
	boss := e.employee(waiting.ID, "boss7@globex.example")
	wantEqual(t, "w7's manager", e.get(waiting.ID, w7.ID).Manager.TargetID, boss.ID)
}
