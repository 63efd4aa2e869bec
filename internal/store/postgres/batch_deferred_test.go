package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"roster/internal/directory"
)

// A Batch's deferred creates go to the server with the next call's
// statements or with the commit (sqlstore/batch.go), not a round trip
// each as its other calls do; a taken userName among them is still its
// own create's failure, told through its late error.
func TestDeferredCreatesRoundTrips(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	taken := workEmployee(directory.NewID(), company.ID, "taken@example.com")
	if err := s.CreateEmployee(ctx, &taken, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	const n = 10
	for _, deferred := range []bool{false, true} {
		late := make([]error, n)
		before := s.Statements()
		err := s.Batch(ctx, company.ID, func(b directory.Batch) error {
			for i := range n {
				name := fmt.Sprintf("%v-%d@example.com", deferred, i)
				if i == 4 {
					name = "Taken@example.com"
				}
				e := workEmployee(directory.NewID(), company.ID, name)
				if !deferred {
					late[i] = b.CreateEmployee(ctx, &e, directory.Actor{})
					continue
				}
				if err := b.(directory.DeferringBatch).CreateEmployeeDeferred(ctx, &e, directory.Actor{}, &late[i]); err != nil {
					t.Errorf("create %d: %v at once; want it deferred", i, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		trips := s.Statements() - before
		for i, err := range late {
			if (i == 4) != (directory.ErrorCode(err) == directory.EConflict) || (i != 4 && err != nil) {
				t.Errorf("deferred %v, create %d: %v", deferred, i, err)
			}
		}
		t.Logf("deferred %v: %d round trips", deferred, trips)
		// BEGIN with the lock; the company's facts; then, deferred, the
		// creates merged with COMMIT (sqlstore/merged_writes.go), which
		// fails, and its rollback; the creates unmerged, the taken one's
		// rollback, and the rest again with COMMIT.
		if deferred && trips > 8 {
			t.Errorf("deferred: %d round trips for %d creates; want at most 8", trips, n)
		}
		if !deferred && trips < n {
			t.Errorf("not deferred: %d round trips for %d creates; want one each", trips, n)
		}
	}
	wantLiveCount(t, rawDB(t, u), company.ID, 2*n-1)
}

// createDeferred creates n employees named prefix-i@example.com in b,
// deferred; their late errors come in late.
func createDeferred(ctx context.Context, b directory.Batch, companyID, prefix string, n int) (late []error, err error) {
	return createDeferredNamed(ctx, b, companyID, n, func(i int) string { return fmt.Sprintf("%s-%d@example.com", prefix, i) })
}

// createDeferredNamed is createDeferred with the i-th userName name(i).
func createDeferredNamed(ctx context.Context, b directory.Batch, companyID string, n int, name func(int) string) (late []error, err error) {
	late = make([]error, n)
	for i := range n {
		e := workEmployee(directory.NewID(), companyID, name(i))
		if err := b.(directory.DeferringBatch).CreateEmployeeDeferred(ctx, &e, directory.Actor{}, &late[i]); err != nil {
			return late, err
		}
	}
	return late, nil
}
