package postgres_test

import (
	"context"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
)

// openProxied opens a store on a new schema through a TCP proxy of the
// test's own, with the given limits; the schema is migrated directly.
func openProxied(t *testing.T, tm postgres.Timeouts) (*postgres.Store, *pgtest.Proxy) {
	t.Helper()
	direct, u := pgtest.Open(t)
	direct.Close()
	proxy, proxied := pgtest.NewProxy(t, u)
	s, err := postgres.Open(t.Context(), proxied, postgres.Options{MaxConns: 4, Timeouts: tm})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, proxy
}

// seedEmployee creates a company with one employee.
func seedEmployee(t *testing.T, s directory.Store) (directory.Company, directory.Employee) {
	t.Helper()
	ctx := t.Context()
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "ada@acme.example", Active: true}
	if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	return c, e
}

// TestOutageRefusedIsUnavailableAndFast: while the database refuses
// connections, reads, writes and Ready fail at once as EUnavailable (which
// the HTTP layers answer 503 with Retry-After), not as an internal error;
// once it is back the same store works again without being reopened.
func TestOutageRefusedIsUnavailableAndFast(t *testing.T) {
	s, proxy := openProxied(t, postgres.Timeouts{})
	c, e := seedEmployee(t, s)
	proxy.Set(pgtest.Refuse)
	for name, op := range map[string]func(ctx context.Context) error{
		"read": func(ctx context.Context) error { _, err := s.Employee(ctx, c.ID, e.ID); return err },
		"write": func(ctx context.Context) error {
			_, err := s.UpdateEmployee(ctx, c.ID, e.ID, directory.Actor{}, func(*directory.Employee) error { return nil })
			return err
		},
		"ready": s.Ready,
	} {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		start := time.Now()
		err := op(ctx)
		cancel()
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s while refused took %v, want well under 2 s", name, took)
		}
		if directory.ErrorCode(err) != directory.EUnavailable {
			t.Errorf("%s while refused = %v, want EUnavailable", name, err)
		}
	}
	proxy.Set(pgtest.Forward)
	if _, err := s.Employee(t.Context(), c.ID, e.ID); err != nil {
		t.Fatalf("read after the database came back: %v", err)
	}
	if err := s.Ready(t.Context()); err != nil {
		t.Fatalf("Ready after the database came back: %v", err)
	}
}

// TestOutageLeftBehindTransactionReleasesLock: a partition cuts a write
// transaction off after it took its company's row lock. PostgreSQL keeps
// the session "idle in transaction" (it cannot know the client is gone),
// and without idle_in_transaction_session_timeout every later write of
// that company would wait for the lock until someone killed the session.
// roster sets it, so once the partition heals the company's writes go
// through within about that timeout.
func TestOutageLeftBehindTransactionReleasesLock(t *testing.T) {
	const idle = 2 * time.Second
	s, proxy := openProxied(t, postgres.Timeouts{IdleInTransaction: idle, Lock: 10 * time.Second})
	c, e := seedEmployee(t, s)

	locked := make(chan struct{})
	cut := make(chan struct{})
	stuck := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_, err := s.UpdateEmployee(ctx, c.ID, e.ID, directory.Actor{}, func(e *directory.Employee) error {
			close(locked) // the company's row lock is held now
			<-cut
			e.Title = "never written"
			return nil
		})
		stuck <- err
	}()
	<-locked
	proxy.Set(pgtest.BlackHole)
	close(cut)
	if err := <-stuck; directory.ErrorCode(err) != directory.EUnavailable {
		t.Fatalf("write cut off by the partition = %v, want EUnavailable", err)
	}
	proxy.Set(pgtest.Forward)

	start := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 8*time.Second)
	defer cancel()
	got, err := s.UpdateEmployee(ctx, c.ID, e.ID, directory.Actor{}, func(e *directory.Employee) error {
		e.Title = "after the partition"
		return nil
	})
	if err != nil {
		t.Fatalf("write after the partition healed (%v later): %v", time.Since(start), err)
	}
	if took := time.Since(start); took > idle+2*time.Second {
		t.Errorf("write after the partition waited %v; want at most about the idle-in-transaction timeout (%v)", took, idle)
	}
	if got.Title != "after the partition" {
		t.Errorf("title = %q", got.Title)
	}
}

// TestTimeoutsOnConnections: roster's limits, and its planner settings
// (planner.go), are in force on its connections, and a URL's own setting
// wins.
func TestTimeoutsOnConnections(t *testing.T) {
	_, u := pgtest.Open(t)
	show := func(s *postgres.Store, name string) string {
		t.Helper()
		var v string
		if err := s.DB().QueryRowContext(t.Context(), "SHOW "+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	s, err := postgres.Open(t.Context(), u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, want := range map[string]string{"statement_timeout": "10s", "lock_timeout": "5s", "idle_in_transaction_session_timeout": "5s",
		"max_parallel_workers_per_gather": "0", "random_page_cost": "1.1", "jit": "off"} {
		if got := show(s, name); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	off, err := postgres.Open(t.Context(), u+"&lock_timeout=1500&max_parallel_workers_per_gather=1&random_page_cost=4", postgres.Options{Timeouts: postgres.Timeouts{Statement: -1}})
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	if got := show(off, "statement_timeout"); got != "0" {
		t.Errorf("statement_timeout with Statement < 0 = %s, want 0 (off)", got)
	}
	if got := show(off, "lock_timeout"); got != "1500ms" {
		t.Errorf("lock_timeout set in the URL = %s, want 1500ms", got)
	}
	if got := show(off, "max_parallel_workers_per_gather"); got != "1" {
		t.Errorf("max_parallel_workers_per_gather set in the URL = %s, want 1", got)
	}
	if got := show(off, "random_page_cost"); got != "4" {
		t.Errorf("random_page_cost set in the URL = %s, want 4", got)
	}
}
