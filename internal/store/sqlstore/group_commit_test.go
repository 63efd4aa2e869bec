package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// grouping is a SQLite dialect that groups commits.
type grouping struct{ dollar }

func (grouping) Placeholder(int) string     { return "?" }
func (grouping) GroupCommit() bool          { return true }
func (grouping) PrepareInTransaction() bool { return true }

// groupStore is a Store on a fresh SQLite database with one table, t(v),
// and one writer connection, as the SQLite backend has.
func groupStore(t *testing.T) *Store {
	t.Helper()
	return groupStoreWith(t, Hooks{})
}

// groupStoreWith is groupStore with hooks.
func groupStoreWith(t *testing.T, hooks Hooks) *Store {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "g.db")+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (v TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	s := New(db, db, grouping{}, nil, nil, hooks)
	t.Cleanup(func() { s.Close(); db.Close() })
	return s
}

func insert(v string) func(tx handle) error {
	return func(tx handle) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO t (v) VALUES (?)`, v)
		return err
	}
}

func rows(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	r, err := s.w.db.Query(`SELECT v FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		var v string
		r.Scan(&v)
		got[v] = true
	}
	return got
}

// waitQueued waits until n writes wait for the committer.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); len(s.group.queue) < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", len(s.group.queue), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// holdCommitter starts a write that holds the committer until release is
// closed, then runs then; first receives its outcome. The test's other
// writes queue meanwhile.
func holdCommitter(t *testing.T, s *Store, then func(tx handle) error) (release chan struct{}, first chan error) {
	release, first = make(chan struct{}), make(chan error, 1)
	running := make(chan struct{})
	go func() {
		first <- s.write(context.Background(), func(tx handle) error {
			close(running)
			<-release
			return then(tx)
		})
	}()
	<-running
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release) // a failed test must not leave the committer held
		}
	})
	return release, first
}

// Writes that queue while one runs commit together, and a failing or
// panicking write is undone alone: the others of its group commit, and
// its caller gets its own error or panic.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s := groupStore(t)
	ctx := context.Background()
	release, first := holdCommitter(t, s, insert("first"))

	boom := errors.New("boom")
	type result struct {
		name     string
		err      error
		panicked any
	}
	results := make(chan result, 4)
	start := func(name string, fn func(tx handle) error) {
		go func() {
			defer func() {
				if v := recover(); v != nil {
					results <- result{name: name, panicked: v}
				}
			}()
			results <- result{name: name, err: s.write(ctx, fn)}
		}()
	}
	start("ok1", insert("ok1"))
	start("fails", func(tx handle) error {
		if err := insert("fails")(tx); err != nil {
			return err
		}
		return boom
	})
	start("panics", func(tx handle) error {
		insert("panics")(tx)
		panic("write panicked")
	})
	start("ok2", insert("ok2"))
	waitQueued(t, s, 4)
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range 4 {
		r := <-results
		switch r.name {
		case "ok1", "ok2":
			if r.err != nil || r.panicked != nil {
				t.Errorf("%s: %v %v", r.name, r.err, r.panicked)
			}
		case "fails":
			if !errors.Is(r.err, boom) {
				t.Errorf("fails: err %v, want boom", r.err)
			}
		case "panics":
			if r.panicked != "write panicked" {
				t.Errorf("panics: recovered %v, err %v", r.panicked, r.err)
			}
		}
	}
	got := rows(t, s)
	want := map[string]bool{"first": true, "ok1": true, "ok2": true}
	if len(got) != len(want) || !got["first"] || !got["ok1"] || !got["ok2"] {
		t.Errorf("rows %v, want %v", got, want)
	}
}

// A write whose caller gives up before its turn never runs; a lone
// failing write commits nothing.
func TestGroupCommitAbandonedAndLone(t *testing.T) {
	s := groupStore(t)
	release, first := holdCommitter(t, s, func(handle) error { return nil })
	ctx, cancel := context.WithCancel(context.Background())
	gone := make(chan error, 1)
	go func() { gone <- s.write(ctx, insert("abandoned")) }()
	waitQueued(t, s, 1)
	cancel()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Fatalf("abandoned write: %v", err)
	}
	close(release)
	<-first
	if err := s.write(context.Background(), func(tx handle) error { insert("lone")(tx); return errors.New("no") }); err == nil {
		t.Fatal("lone failing write succeeded")
	}
	if err := s.write(context.Background(), insert("after")); err != nil {
		t.Fatal(err)
	}
	if got := rows(t, s); len(got) != 1 || !got["after"] {
		t.Errorf("rows %v, want only after", got)
	}
}

// A write of its own group (a Batch) shares its transaction with no
// other, and the writes queued around it keep their order.
func TestGroupCommitOwnGroupRunsAlone(t *testing.T) {
	var mu sync.Mutex
	var groups [][]string // the writes of each committed group, in order
	var current []string
	s := groupStoreWith(t, Hooks{AfterGroup: func() {
		mu.Lock()
		defer mu.Unlock()
		groups, current = append(groups, current), nil
	}})
	ran := func(name string) func(tx handle) error {
		return func(tx handle) error {
			mu.Lock()
			current = append(current, name)
			mu.Unlock()
			return insert(name)(tx)
		}
	}
	ctx := context.Background()
	release, first := holdCommitter(t, s, ran("first"))
	done := make(chan error, 4)
	for i, name := range []string{"a", "batch", "b", "c"} {
		write := s.write
		if name == "batch" {
			write = s.writeOwnGroup
		}
		go func() { done <- write(ctx, ran(name)) }()
		waitQueued(t, s, i+1) // queued in this order
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	want := [][]string{{"first"}, {"a"}, {"batch"}, {"b", "c"}}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		mu.Lock()
		got := slices.Clone(groups)
		mu.Unlock()
		if len(slices.Concat(got...)) == 5 || time.Now().After(deadline) {
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("groups %q, want %q", got, want)
			}
			break
		}
	}
	if got := rows(t, s); len(got) != 5 {
		t.Errorf("rows %v, want five", got)
	}
}

// A Batch of many calls, or of calls not told, runs in a group of its
// own; a small one shares its commit.
func TestBatchOwnsGroup(t *testing.T) {
	for calls, want := range map[int]bool{0: true, 1: false, 10: false, groupedBatchCalls: false, groupedBatchCalls + 1: true, 1000: true} {
		if got := batchOwnsGroup(calls); got != want {
			t.Errorf("batchOwnsGroup(%d) = %v; want %v", calls, got, want)
		}
	}
}
