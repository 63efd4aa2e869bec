package sqlite

import (
	"fmt"
	"testing"
	"time"

	"roster/internal/directory"
)

// The writer's page cache is released once the writer, having written
// much, writes little for a while (small writes in every period, as the
// connections' usage counts are, do not keep it) — once, however long
// that lasts, and again after the next burst — and the store goes on as
// before: the employees are all there, and writes after a release
// succeed.
func TestWriterCacheReleasedWhenIdle(t *testing.T) {
	const idle = 50 * time.Millisecond
	s := openWith(t, Options{CacheIdle: idle})
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(t.Context(), &c); err != nil {
		t.Fatal(err)
	}
	created := 0
	burst := func() {
		t.Helper()
		before, err := pagesWritten(t.Context(), s.w)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Batch(t.Context(), c.ID, func(b directory.Batch) error {
			for range 4000 {
				created++
				e := directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.ID, UserName: fmt.Sprintf("u%d@example.com", created), Active: true}
				if err := b.CreateEmployee(t.Context(), &e, directory.Actor{}); err != nil {
					return err
				}
			}
			return nil
		})
		after, _ := pagesWritten(t.Context(), s.w)
		if err != nil || after-before < heavyPages {
			t.Fatalf("a burst wrote %d pages (%v); the test needs %d", after-before, err, heavyPages)
		}
	}
	// smallWrites writes a little every quarter period until stop is
	// closed: every period has writes.
	smallWrites := func(stop chan struct{}) {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(idle / 4):
			}
			conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: fmt.Sprint("small ", i)}
			_, conn.TokenHash = directory.NewToken()
			if err := s.CreateConnection(t.Context(), &conn); err != nil {
				t.Error(err)
				return
			}
		}
	}
	waitReleases := func(want int64) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); s.cacheReleases.Load() < want; time.Sleep(idle / 5) {
			if time.Now().After(deadline) {
				t.Fatalf("%d releases of the idle writer's cache, want %d", s.cacheReleases.Load(), want)
			}
		}
	}

	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { smallWrites(stop); close(done) }()
	burst()
	waitReleases(1)
	time.Sleep(6 * idle) // small writes only: nothing more to release
	close(stop)
	<-done
	if got := s.cacheReleases.Load(); got != 1 {
		t.Errorf("%d releases while only small writes came after one burst, want 1", got)
	}
	if _, total, err := s.Employees(t.Context(), c.ID, directory.EmployeeQuery{Limit: 1}); err != nil || total != created {
		t.Fatalf("after the release: %d employees (%v), want %d", total, err, created)
	}
	burst()
	waitReleases(2)
}
