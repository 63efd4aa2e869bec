package storetest

import (
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"roster/internal/directory"
)

// BatchCountsAgree checks through db, the store's database, that the
// company's count of live employees and its blocks' counts (migration
// 0028) are the employees' after Batches that write every kind of
// change to employees of their own and to employees from before them: a
// create that fails, deletes, a delete the guard holds, a create that
// restores it. (PostgreSQL counts a Batch's own employees at its end,
// migration 0030; they are the ones to get wrong.)
func BatchCountsAgree(t *testing.T, s directory.Store, db *sql.DB) {
	t.Helper()
	e := &env{t: t, s: s, ctx: t.Context()}
	c, other := e.company("Acme"), e.company("Globex")
	okta := e.connection(c.ID, "Okta")
	byOkta, byAdmin := directory.Actor{ConnectionID: okta.ID}, directory.Actor{}
	before := map[string]directory.Employee{}
	for _, name := range []string{"a", "b", "c"} {
		before[name] = e.employee(c.ID, name+"@example.com")
	}
	e.employee(other.ID, "x@example.com")
	// The guard holds Okta's deletes from the second on.
	e.guardFromSecond(c.ID)
	create := func(b directory.Batch, userName string) directory.Employee {
		t.Helper()
		emp := directory.Employee{ID: directory.NewEmployeeID(), UserName: userName, Active: true}
		if err := b.CreateEmployee(e.ctx, &emp, byOkta); err != nil {
			t.Fatalf("create %s: %v", userName, err)
		}
		return emp
	}
	del := func(b directory.Batch, id string, by directory.Actor) {
		t.Helper()
		if err := b.DeleteEmployee(e.ctx, id, by, nil); err != nil {
			t.Fatalf("delete %s: %v", id, err)
		}
	}
	err := s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
		n1, n2 := create(b, "n1@example.com"), create(b, "n2@example.com")
		create(b, "n3@example.com")
		taken := directory.Employee{ID: directory.NewEmployeeID(), UserName: "A@example.com", Active: true}
		if err := b.CreateEmployee(e.ctx, &taken, byOkta); directory.ErrorCode(err) != directory.EConflict {
			t.Fatalf("create of a taken userName: %v, want a conflict", err)
		}
		del(b, before["b"].ID, byOkta) // Okta's first: deleted
		del(b, n1.ID, byOkta)          // the second: held
		if got, err := b.Employee(e.ctx, n1.ID); directory.ErrorCode(err) != directory.ENotFound {
			t.Fatalf("n1 after its held delete: %v, %v; want it gone from view (the check below would prove less)", got.UserName, err)
		}
		create(b, "n1@example.com") // restores the held one
		del(b, before["c"].ID, byAdmin)
		del(b, n2.ID, byAdmin)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	LiveCountsAgree(t, db)
	err = s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
		for i := range 10 {
			create(b, fmt.Sprintf("m%d@example.com", i))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	LiveCountsAgree(t, db)
	if _, total, err := s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Limit: 1}); err != nil || total != 13 {
		t.Errorf("the company lists %d employees (%v), want 13: a, n1, n3 and ten more", total, err)
	}
}

// LiveCountsAgree checks through db that every company's count of live
// employees (those SCIM lists: all but the ones whose delete the guard
// holds), and every block's (migration 0028), is the employees'.
func LiveCountsAgree(t *testing.T, db *sql.DB) {
	t.Helper()
	companies := countRows(t, db, `SELECT id FROM companies c
		WHERE c.live_employees <> (SELECT COUNT(*) FROM employees e WHERE e.company_id = c.id AND e.held_deleted_us IS NULL)`)
	// Both ways: a block counted that has no live employee, and one with
	// live employees not counted (or counted wrong).
	blocks := countRows(t, db, keptBlocks+` EXCEPT `+recountedBlocks)
	missing := countRows(t, db, recountedBlocks+` EXCEPT `+keptBlocks)
	if companies != 0 || blocks != 0 || missing != 0 {
		t.Fatalf("counts differ from the employees: %d companies' counts, %d blocks counted wrong, %d blocks of live employees not counted so", companies, blocks, missing)
	}
}

// BatchCountsAgreeConcurrently is BatchCountsAgree with writers at once:
// Batches of creates and deletes in two companies, and single creates
// and deletes beside them, so that the creation numbers of one company's
// Batch interleave with the other's and with its own company's single
// writes waiting for its lock.
func BatchCountsAgreeConcurrently(t *testing.T, s directory.Store, db *sql.DB) {
	t.Helper()
	e := &env{t: t, s: s, ctx: t.Context()}
	companies := []directory.Company{e.company("Acme"), e.company("Globex")}
	errs := make(chan error, 64)
	var wg sync.WaitGroup
	for w := range 6 {
		c := companies[w%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []string
			for round := range 5 {
				mine = mine[:0]
				create := func(create func(*directory.Employee) error, i int) {
					emp := directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.ID, UserName: fmt.Sprintf("w%d-r%d-%d@example.com", w, round, i), Active: true}
					if err := create(&emp); err != nil {
						errs <- err
						return
					}
					mine = append(mine, emp.ID)
				}
				if w < 4 { // Batches
					err := s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
						for i := range 20 {
							create(func(emp *directory.Employee) error { return b.CreateEmployee(e.ctx, emp, directory.Actor{}) }, i)
						}
						// One of its own.
						return b.DeleteEmployee(e.ctx, mine[3], directory.Actor{}, nil)
					})
					if err != nil {
						errs <- err
					}
					continue
				}
				for i := range 5 { // single writes
					create(func(emp *directory.Employee) error { return s.CreateEmployee(e.ctx, emp, directory.Actor{}) }, i)
				}
				if err := s.DeleteEmployee(e.ctx, c.ID, mine[0], directory.Actor{}, nil); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	LiveCountsAgree(t, db)
	for _, c := range companies {
		// 2 Batch writers × 5 rounds × 19, 1 single writer × 5 rounds × 4.
		if _, total, err := s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Limit: 1}); err != nil || total != 2*5*19+5*4 {
			t.Errorf("%s lists %d employees (%v), want %d", c.Name, total, err, 2*5*19+5*4)
		}
	}
}
