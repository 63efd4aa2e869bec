package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/postgres"
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

// A deferred create naming a stored manager resolves it with its insert,
// in no round trip of its own, and reads nothing of it: its caller, a
// Bulk request, answers with its id and version only.
func TestDeferredCreatesNamingManagersRoundTrips(t *testing.T) {
	s, _, company := openCompany(t)
	ctx := context.Background()
	boss := workEmployee(directory.NewID(), company.ID, "boss@example.com")
	if err := s.CreateEmployee(ctx, &boss, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	const n = 10
	created, trips := createDeferredManaged(t, s, company.ID, n, func(i int) (string, string) {
		return fmt.Sprintf("report-%d@example.com", i), "Boss@example.com"
	})
	// BEGIN, the lock, the company's facts; the creates with COMMIT.
	// Before, each create read its manager's id and then its name, and
	// each read sent what was queued first: 43; with the reads sent
	// with the queue and no name, 14.
	if trips > 4 {
		t.Errorf("%d round trips for %d deferred creates naming a manager; want at most 4", trips, n)
	}
	if got := created[0].Manager; got.TargetName != "" {
		t.Errorf("a deferred create's manager: %+v; want no target's name", got)
	}
	// A single create naming the manager shows its name, read with the
	// create's statements.
	single := workEmployee(directory.NewID(), company.ID, "single@example.com")
	single.Manager.Value = "boss@example.com"
	before := s.Statements()
	if err := s.CreateEmployee(ctx, &single, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	// BEGIN with the lock and the facts; the resolution; the name with
	// the create's statements (five when it went alone); COMMIT.
	if trips := s.Statements() - before; trips > 4 {
		t.Errorf("a create naming a manager: %d round trips; want at most 4", trips)
	}
	stored, err := s.Employee(ctx, company.ID, created[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Manager.TargetID != boss.ID || stored.Manager.TargetName != "boss@example.com" {
		t.Errorf("stored manager: %+v; want boss@example.com", stored.Manager)
	}
}

// Deferred creates each naming the next one as its manager (an export in
// no particular order): each create's own resolution and its look for
// the pending reference it resolves go in one round trip, and the
// referrer's update is queued with what follows.
func TestDeferredCreatesResolvingPendingRoundTrips(t *testing.T) {
	s, _, company := openCompany(t)
	ctx := context.Background()
	const n = 10
	name := func(i int) string { return fmt.Sprintf("chain-%d@example.com", i) }
	created, trips := createDeferredManaged(t, s, company.ID, n, func(i int) (string, string) { return name(i), name(i + 1) })
	// As TestDeferredCreatesNamingManagersRoundTrips: one a create.
	if trips > n+4 {
		t.Errorf("%d round trips for %d deferred creates, each resolving the one before; want at most %d", trips, n, n+4)
	}
	for i := range n - 1 {
		stored, err := s.Employee(ctx, company.ID, created[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Manager.TargetID != created[i+1].ID || stored.Version != 2 {
			t.Errorf("employee %d: manager %+v, version %d; want %s, version 2", i, stored.Manager, stored.Version, created[i+1].ID)
		}
	}
}

// createDeferredManaged creates n employees in one Batch, deferred, the
// i-th with the userName and manager value of named(i), and returns
// them as created with the round trips taken; any failure fails t.
func createDeferredManaged(t *testing.T, s *postgres.Store, companyID string, n int, named func(int) (userName, manager string)) ([]directory.Employee, int64) {
	t.Helper()
	created, late, trips := runDeferredManaged(t, s, companyID, n, named)
	for i, err := range late {
		if err != nil {
			t.Errorf("create %d: %v", i, err)
		}
	}
	return created, trips
}

// runDeferredManaged is createDeferredManaged with each create's own
// outcome returned (late), not failing t.
func runDeferredManaged(t *testing.T, s *postgres.Store, companyID string, n int, named func(int) (userName, manager string)) ([]directory.Employee, []error, int64) {
	t.Helper()
	ctx := context.Background()
	created := make([]directory.Employee, n)
	late := make([]error, n)
	before := s.Statements()
	err := s.Batch(ctx, companyID, func(b directory.Batch) error {
		for i := range created {
			userName, manager := named(i)
			created[i] = workEmployee(directory.NewID(), companyID, userName)
			created[i].Manager.Value = manager
			if err := b.(directory.DeferringBatch).CreateEmployeeDeferred(ctx, &created[i], directory.Actor{}, &late[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return created, late, s.Statements() - before
}

// A hundred deferred creates each naming the one created before it (an
// export listing managers first) resolve their managers with their
// inserts: no round trip of their own — past the pending references a
// write keeps (64), each would read (sqlstore/pending_refs.go: unsure).
func TestDeferredCreatesNamingTheOneBeforeRoundTrips(t *testing.T) {
	s, _, company := openCompany(t)
	const n = 100
	name := func(i int) string { return fmt.Sprintf("before-%d@example.com", i) }
	created, trips := createDeferredManaged(t, s, company.ID, n, func(i int) (string, string) {
		if i == 0 {
			return name(i), ""
		}
		return name(i), name(i - 1)
	})
	// BEGIN, the lock, the company's facts; the creates sent ahead, and
	// with COMMIT.
	if trips > 8 {
		t.Errorf("%d round trips for %d deferred creates, each naming the one before; want at most 8", trips, n)
	}
	for _, i := range []int{1, 64, 65, n - 1} {
		stored, err := s.Employee(context.Background(), company.ID, created[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Manager.TargetID != created[i-1].ID {
			t.Errorf("employee %d: manager %+v; want %s", i, stored.Manager, created[i-1].ID)
		}
	}
}

// Deferred creates that resolve their managers in their inserts, sent
// merged (sqlstore/merged_resolving.go): each row's resolution is its
// own — by id, userName, email or externalId, the best rank and the
// oldest within it — in runs long enough to be merged by 16, 4 and 2,
// and one left alone; a taken userName among them fails its create
// alone (the run is sent again unmerged).
func TestDeferredCreatesResolvingMerged(t *testing.T) {
	s, _, company := openCompany(t)
	ctx := context.Background()
	managers := make([]directory.Employee, 4)
	for i := range managers {
		managers[i] = workEmployee(directory.NewID(), company.ID, fmt.Sprintf("m%d@example.com", i))
		managers[i].Emails = []directory.Email{{Value: fmt.Sprintf("mail%d@example.com", i), Type: "work", Primary: true}}
		managers[i].ExternalID = fmt.Sprintf("ext-%d", i)
		if err := s.CreateEmployee(ctx, &managers[i], directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	// A later employee whose userName is the first manager's email: the
	// email (rank 3) loses to nothing better, the userName (rank 2) wins.
	rival := workEmployee(directory.NewID(), company.ID, "mail3@example.com")
	if err := s.CreateEmployee(ctx, &rival, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	names := []func(i int) (value, wantID string){
		func(int) (string, string) { return managers[0].ID, managers[0].ID },
		func(int) (string, string) { return "M1@Example.com", managers[1].ID },
		func(int) (string, string) { return "MAIL2@example.com", managers[2].ID },
		func(int) (string, string) { return "mail3@example.com", rival.ID },
		func(int) (string, string) { return "ext-3", managers[3].ID },
	}
	const n = 16 + 16 + 4 + 2 + 1
	const takenAt = 20 // its userName is a manager's: its create fails alone
	want := make([]string, n)
	created, late, _ := runDeferredManaged(t, s, company.ID, n, func(i int) (string, string) {
		value, id := names[i%len(names)](i)
		want[i] = id
		if i == takenAt {
			return managers[3].UserName, value // named by no create here: it stays in the run
		}
		return fmt.Sprintf("merged-%d@example.com", i), value
	})
	for i, e := range created {
		if i == takenAt {
			if directory.ErrorCode(late[i]) != directory.EConflict {
				t.Errorf("create %d with a taken userName: %v; want a conflict", i, late[i])
			}
			continue
		}
		if late[i] != nil {
			t.Fatalf("create %d: %v", i, late[i])
		}
		stored, err := s.Employee(ctx, company.ID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Manager.TargetID != want[i] || stored.Manager.Value != e.Manager.Value {
			t.Errorf("create %d naming %q: manager %+v; want target %s", i, e.Manager.Value, stored.Manager, want[i])
		}
	}
}
