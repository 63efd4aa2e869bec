package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"roster/internal/directory"
)

var concurrencyTests = []test{
	{"CreateSameUserName", func(t *testing.T, e *env) {
		// Entra and Okta provisioning the same person at the same moment:
		// exactly one create wins, whatever the case of the userName.
		c := e.company("Acme")
		const n = 10
		errs := make([]error, n)
		concurrently(n, func(i int) {
			name := "Race@Example.com"
			if i%2 == 1 {
				name = strings.ToLower(name)
			}
			emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: name, Active: true}
			errs[i] = e.s.CreateEmployee(e.ctx, &emp, directory.Actor{})
		})
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch directory.ErrorCode(err) {
			case "":
				if err != nil {
					t.Errorf("unexpected error: %v", err)
					continue
				}
				ok++
			case directory.EConflict:
				conflicts++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 || conflicts != n-1 {
			t.Errorf("%d succeeded, %d conflicts; want 1 and %d", ok, conflicts, n-1)
		}
		_, total := e.list(c.ID, directory.EmployeeQuery{Filter: parse(t, `userName eq "race@example.com"`)})
		wantEqual(t, "stored", total, 1)
	}},
	{"UpdateSameEmployee", func(t *testing.T, e *env) {
		// Concurrent PATCHes of one employee: each sees the previous one's
		// result, none is lost, each gets its own version.
		c := e.company("Acme")
		emp := e.employee(c.ID, "busy@example.com")
		const n = 20
		versions := make([]int64, n)
		errs := make([]error, n)
		concurrently(n, func(i int) {
			got, err := e.s.UpdateEmployee(e.ctx, c.ID, emp.ID, directory.Actor{}, func(u *directory.Employee) error {
				u.Emails = append(u.Emails, directory.Email{Value: fmt.Sprintf("alias%02d@example.com", i)})
				u.Active = !u.Active
				return nil
			})
			versions[i], errs[i] = got.Version, err
		})
		for _, err := range errs {
			if err != nil {
				t.Fatalf("update: %v", err)
			}
		}
		slices.Sort(versions)
		for i, v := range versions {
			if v != int64(i+2) {
				t.Fatalf("versions %v; want each of 2..%d once", versions, n+1)
			}
		}
		got := e.get(c.ID, emp.ID)
		wantEqual(t, "Version", got.Version, int64(n+1))
		if len(got.Emails) != n {
			t.Errorf("%d emails; want %d (an update was lost)", len(got.Emails), n)
		}
		wantEqual(t, "Active after an even number of flips", got.Active, true)
		hist, err := e.s.StatusHistory(e.ctx, c.ID, emp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != n+1 {
			t.Fatalf("%d history entries; want %d", len(hist), n+1)
		}
		for i, h := range hist {
			if h.Active != (i%2 == 0) {
				t.Errorf("history entry %d: Active %v; want alternating", i, h.Active)
			}
			if i > 0 && h.At.Before(hist[i-1].At) {
				t.Errorf("history entry %d at %v before entry %d at %v", i, h.At, i-1, hist[i-1].At)
			}
		}
	}},
	{"ReadsDuringWrites", func(t *testing.T, e *env) {
		c := e.company("Acme")
		for i := range 5 {
			e.employee(c.ID, fmt.Sprintf("seed%d@example.com", i))
		}
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 20 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("w%d@example.com", i), Active: true}
				errs <- e.s.CreateEmployee(e.ctx, &emp, directory.Actor{})
			}()
			go func() {
				defer wg.Done()
				page, total, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Limit: 1000})
				if err == nil && len(page) != total {
					err = fmt.Errorf("page of %d employees, total %d: not one snapshot", len(page), total)
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	}},
	{"ReferenceAndTargetAtOnce", func(t *testing.T, e *env) {
		// An employee naming a manager who is being created at the same
		// moment: whichever commits first, the reference ends resolved
		// (under READ COMMITTED, without the company lock, each could
		// miss the other's uncommitted row).
		c := e.company("Acme")
		for i := range 10 {
			boss := fmt.Sprintf("boss%d@example.com", i)
			emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("emp%d@example.com", i), Active: true,
				Manager: directory.Reference{Value: boss}}
			mgr := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: boss, Active: true}
			errs := make([]error, 2)
			both := []*directory.Employee{&emp, &mgr}
			concurrently(len(both), func(j int) { errs[j] = e.s.CreateEmployee(e.ctx, both[j], directory.Actor{}) })
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if got := e.get(c.ID, emp.ID).Manager.TargetID; got != mgr.ID {
				t.Fatalf("round %d: manager %q; want resolved to %s", i, got, mgr.ID)
			}
		}
	}},
}

// concurrently runs fn(i) for i in [0, n) on n goroutines released at
// once, and waits for them.
func concurrently(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}
