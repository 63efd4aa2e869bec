package storetest

import (
	"errors"
	"testing"
	"time"

	"roster/internal/directory"
)

var activityLogTests = []test{
	{"AppendListFilterPage", func(t *testing.T, e *env) {
		c, other := e.company("Acme"), e.company("Other")
		base := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
		entries := []directory.LogEntry{
			{CompanyID: c.ID, At: base, ConnectionID: "conn-a", Client: directory.ClientEntra, RequestID: "r1",
				Operation: directory.OpCreate, EmployeeID: "emp-1", UserName: "ada@example.com", Status: 201,
				Changes:    []directory.Change{{Attribute: "userName", New: "ada@example.com"}, {Attribute: "title", New: "Engineer"}},
				NotApplied: []directory.NotApplied{{Attribute: "password", Reason: "not stored by roster"}}},
			{CompanyID: c.ID, At: base.Add(time.Minute), ConnectionID: "conn-a", Client: directory.ClientEntra, RequestID: "r2",
				Operation: directory.OpPatch, EmployeeID: "emp-1", UserName: "ada@example.com", Status: 400,
				ScimType: "invalidValue", Detail: `Location: "Paris" is not an option`, Cause: `Location: "Paris" is not an option`},
			{CompanyID: c.ID, At: base.Add(2 * time.Minute), ConnectionID: "conn-b", Client: directory.ClientOkta, RequestID: "r3",
				Operation: directory.OpReplace, Bulk: true, EmployeeID: "emp-2", UserName: "bob@example.com", Status: 200},
			{CompanyID: c.ID, At: base.Add(3 * time.Minute), AdminID: "admin-1", Client: directory.ClientConsole,
				Operation: directory.OpAttributeCreated, Status: 200, Detail: `attribute "Location" created`},
			{CompanyID: other.ID, At: base.Add(4 * time.Minute), ConnectionID: "conn-x", Operation: directory.OpCreate, Status: 201},
		}
		if err := e.s.AppendActivity(e.ctx, entries); err != nil {
			t.Fatal(err)
		}
		list := func(q directory.ActivityQuery) ([]directory.LogEntry, int) {
			t.Helper()
			got, total, err := e.s.ActivityLog(e.ctx, c.ID, q)
			if err != nil {
				t.Fatalf("ActivityLog(%+v): %v", q, err)
			}
			return got, total
		}
		ops := func(list []directory.LogEntry) []string {
			out := []string{}
			for _, x := range list {
				out = append(out, x.Operation)
			}
			return out
		}
		all, total := list(directory.ActivityQuery{Limit: 10})
		wantEqual(t, "total", total, 4)
		wantEqual(t, "newest first", ops(all), []string{directory.OpAttributeCreated, directory.OpReplace, directory.OpPatch, directory.OpCreate})
		first := all[3]
		if first.ID == 0 || first.ID >= all[2].ID {
			t.Errorf("ids %d, %d: want assigned and increasing", first.ID, all[2].ID)
		}
		want := entries[0]
		want.ID = first.ID
		wantEqual(t, "round trip", first, want)
		wantEqual(t, "bulk", all[1].Bulk, true)

		got, total := list(directory.ActivityQuery{FailedOnly: true, Limit: 10})
		wantEqual(t, "failed", ops(got), []string{directory.OpPatch})
		wantEqual(t, "failed total", total, 1)
		wantEqual(t, "failed entry", got[0].Detail, `Location: "Paris" is not an option`)
		got, _ = list(directory.ActivityQuery{SucceededOnly: true, Limit: 10})
		wantEqual(t, "succeeded", len(got), 3)
		got, _ = list(directory.ActivityQuery{EmployeeID: "emp-1", Limit: 10})
		wantEqual(t, "employee", ops(got), []string{directory.OpPatch, directory.OpCreate})
		got, _ = list(directory.ActivityQuery{ConnectionIDs: []string{"conn-b"}, Limit: 10})
		wantEqual(t, "connection", ops(got), []string{directory.OpReplace})
		got, _ = list(directory.ActivityQuery{Operation: directory.OpCreate, Limit: 10})
		wantEqual(t, "operation", len(got), 1)
		got, _ = list(directory.ActivityQuery{Since: base.Add(time.Minute), Until: base.Add(3 * time.Minute), Limit: 10})
		wantEqual(t, "since/until", ops(got), []string{directory.OpReplace, directory.OpPatch})
		got, total = list(directory.ActivityQuery{Offset: 1, Limit: 2})
		wantEqual(t, "page", ops(got), []string{directory.OpReplace, directory.OpPatch})
		wantEqual(t, "page total", total, 4)
		got, total = list(directory.ActivityQuery{})
		wantEqual(t, "limit 0: total only", len(got), 0)
		wantEqual(t, "limit 0 total", total, 4)
		got, _, err := e.s.ActivityLog(e.ctx, other.ID, directory.ActivityQuery{Limit: 10})
		if err != nil || len(got) != 1 || got[0].ConnectionID != "conn-x" {
			t.Errorf("other company's log = %+v, %v; want its one entry", got, err)
		}
	}},
	{"AppendIsAllOrNothing", func(t *testing.T, e *env) {
		c := e.company("Acme")
		err := e.s.AppendActivity(e.ctx, []directory.LogEntry{
			{CompanyID: c.ID, Operation: directory.OpProbe, Status: 200},
			{Operation: directory.OpProbe, Status: 200}, // no company
		})
		wantCode(t, err, directory.EInvalid)
		_, total, _ := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{})
		wantEqual(t, "entries", total, 0)
		before := time.Now()
		if err := e.s.AppendActivity(e.ctx, []directory.LogEntry{{CompanyID: c.ID, Operation: directory.OpProbe, Status: 200}}); err != nil {
			t.Fatal(err)
		}
		got, _, _ := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{Limit: 1})
		wantRecent(t, "a zero At", got[0].At, before)
	}},
	{"WritesLogTheirDiff", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Entra")
		req := &directory.RequestInfo{Client: directory.ClientEntra, RequestID: "req-1", Operation: directory.OpPatch,
			NotApplied: []directory.NotApplied{{Attribute: "phoneNumbers", Reason: "not stored by roster"}}}
		by := directory.Actor{ConnectionID: conn.ID, Request: req}
		emp := e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: conn.ID}, func(p *directory.Employee) { p.Title = "Engineer" })
		if _, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, by, func(p *directory.Employee) error {
			p.Title = "Staff Engineer"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{AdminID: "admin-1"}, func(p *directory.Employee) error {
			p.Department = "R&D"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.DeleteEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		got, total, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{EmployeeID: emp.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "entries", total, 4)
		del, admin, patch, create := got[0], got[1], got[2], got[3]
		wantEqual(t, "create", []any{create.Operation, create.Status, create.ConnectionID, create.UserName},
			[]any{directory.OpCreate, 201, conn.ID, "ada@example.com"})
		wantEqual(t, "create diff", create.Changes, []directory.Change{
			{Attribute: "userName", New: "ada@example.com"}, {Attribute: "title", New: "Engineer"}, {Attribute: "active", New: "true"}})
		wantEqual(t, "patch", []any{patch.Operation, patch.Status, patch.Client, patch.RequestID},
			[]any{directory.OpPatch, 200, directory.ClientEntra, "req-1"})
		wantEqual(t, "patch diff", patch.Changes, []directory.Change{{Attribute: "title", Old: "Engineer", New: "Staff Engineer"}})
		wantEqual(t, "patch not applied", patch.NotApplied, req.NotApplied)
		wantEqual(t, "admin", []any{admin.Operation, admin.AdminID, admin.Client}, []any{directory.OpUpdate, "admin-1", directory.ClientConsole})
		wantEqual(t, "delete", []any{del.Operation, del.Status, del.Client, del.UserName}, []any{directory.OpDelete, 204, directory.ClientSystem, "ada@example.com"})
		if len(del.Changes) == 0 || del.Changes[0] != (directory.Change{Attribute: "userName", Old: "ada@example.com"}) {
			t.Errorf("delete diff = %v; want every attribute going", del.Changes)
		}
	}},
	{"EntryAndChangeCommitTogether", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emp := e.employee(c.ID, "ada@example.com")
		count := func() int {
			t.Helper()
			_, n, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		// The update and its entry are written, then the batch fails
		// (an injected failure after the entry's INSERT): neither stays.
		injected := errors.New("injected failure after the write")
		err := e.s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
			if _, err := b.UpdateEmployee(e.ctx, emp.ID, directory.Actor{}, func(p *directory.Employee) error {
				p.Title = "Lost"
				return nil
			}); err != nil {
				return err
			}
			created := directory.Employee{ID: directory.NewID(), UserName: "bob@example.com", Active: true}
			if err := b.CreateEmployee(e.ctx, &created, directory.Actor{}); err != nil {
				return err
			}
			return injected
		})
		if !errors.Is(err, injected) {
			t.Fatalf("Batch = %v; want the injected failure", err)
		}
		wantEqual(t, "title after rollback", e.get(c.ID, emp.ID).Title, "")
		wantEqual(t, "entries after rollback", count(), before)
		// A write whose own function fails leaves no entry either.
		_, err = e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(p *directory.Employee) error {
			p.Title = "Lost"
			return injected
		})
		if !errors.Is(err, injected) {
			t.Fatalf("UpdateEmployee = %v", err)
		}
		wantEqual(t, "entries after a failed update", count(), before)
		// A Bulk-style batch where one call fails: the failed call's
		// entry goes with its savepoint, the others' stay with their
		// changes.
		err = e.s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
			dup := directory.Employee{ID: directory.NewID(), UserName: "ADA@example.com", Active: true}
			if err := b.CreateEmployee(e.ctx, &dup, directory.Actor{}); directory.ErrorCode(err) != directory.EConflict {
				t.Errorf("duplicate create = %v; want EConflict", err)
			}
			_, err := b.UpdateEmployee(e.ctx, emp.ID, directory.Actor{}, func(p *directory.Employee) error {
				p.Title = "Kept"
				return nil
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "title after commit", e.get(c.ID, emp.ID).Title, "Kept")
		got, total, _ := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{Limit: 1})
		wantEqual(t, "entries after commit", total, before+1)
		wantEqual(t, "committed entry", got[0].Changes, []directory.Change{{Attribute: "title", New: "Kept"}})
	}},
	{"ReferenceEventsAreLogged", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Entra")
		by := directory.Actor{ConnectionID: conn.ID}
		emp := e.employeeBy(c.ID, "emp@example.com", by, func(p *directory.Employee) { p.Manager.Value = "bob@example.com" })
		bob := e.employeeBy(c.ID, "bob@example.com", by)
		if err := e.s.DeleteEmployee(e.ctx, c.ID, bob.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		got, _, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{EmployeeID: emp.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var ops []string
		for _, x := range got {
			ops = append(ops, x.Operation+" by "+x.Actor())
		}
		wantEqual(t, "employee's entries", ops, []string{
			directory.OpReferenceCleared + " by system", directory.OpReferenceResolved + " by " + conn.ID, directory.OpCreate + " by " + conn.ID})
		wantEqual(t, "userName", got[0].UserName, "emp@example.com")
	}},
	{"OwnerRefusalsInTheWriteEntry", func(t *testing.T, e *env) {
		c := e.company("Acme")
		entra, hr := e.connection(c.ID, "Entra"), e.connection(c.ID, "Workday HR")
		if err := e.s.SetOwner(e.ctx, c.ID, "department", hr.ID); err != nil {
			t.Fatal(err)
		}
		req := &directory.RequestInfo{Operation: directory.OpPatch,
			NotApplied: []directory.NotApplied{{Attribute: "password", Reason: "not stored by roster"}}}
		emp := e.employee(c.ID, "ada@example.com")
		if _, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{ConnectionID: entra.ID, Request: req}, func(p *directory.Employee) error {
			p.Department, p.Title = "Sales", "Engineer"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got, total, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{ConnectionIDs: []string{entra.ID}, Limit: 10})
		if err != nil || total != 1 {
			t.Fatalf("Entra's entries: %d, %v; want the one write", total, err)
		}
		wantEqual(t, "applied", got[0].Changes, []directory.Change{{Attribute: "title", New: "Engineer"}})
		wantEqual(t, "not applied", got[0].NotApplied, []directory.NotApplied{req.NotApplied[0],
			{Attribute: "department", Reason: "owned by Workday HR"}})
	}},
	{"PruneInBatches", func(t *testing.T, e *env) {
		c := e.company("Acme")
		base := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		var entries []directory.LogEntry
		for i := range 7 {
			entries = append(entries, directory.LogEntry{CompanyID: c.ID, At: base.Add(time.Duration(i) * time.Hour), Operation: directory.OpProbe, Status: 200})
		}
		if err := e.s.AppendActivity(e.ctx, entries); err != nil {
			t.Fatal(err)
		}
		cut := base.Add(5 * time.Hour) // entries 0–4 are older
		var rounds []int
		for {
			n, err := e.s.PruneActivity(e.ctx, cut, 2)
			if err != nil {
				t.Fatal(err)
			}
			rounds = append(rounds, n)
			if n < 2 {
				break
			}
		}
		wantEqual(t, "pruned per round (at most 2)", rounds, []int{2, 2, 1})
		got, total, _ := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{Limit: 10})
		wantEqual(t, "left", total, 2)
		wantEqual(t, "oldest left", got[1].At, cut)
	}},
}
