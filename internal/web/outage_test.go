package web_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
	"roster/internal/web"
)

// downStore is a store whose database can be switched off: while down,
// the reads every signed-in page makes fail as the backends report an
// outage (EUnavailable).
type downStore struct {
	directory.Store
	down atomic.Bool
}

func (s *downStore) SessionByTokenHash(ctx context.Context, hash []byte, now time.Time) (directory.Session, error) {
	if s.down.Load() {
		return directory.Session{}, directory.Unavailable(errors.New("dial tcp 10.0.0.5:5432: connect: connection refused"))
	}
	return s.Store.SessionByTokenHash(ctx, hash, now)
}

// TestDatabaseDownPage: while the database is out of reach a console page
// is a 503 "try again" page with Retry-After, not "something went wrong"
// (500), and it shows none of the driver's message.
func TestDatabaseDownPage(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "roster.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ds := &downStore{Store: st}
	e := newEnvStore(t, ds, func(c *web.Config) { c.RequestTimeout = 5 * time.Second })
	_, admin := e.company("Acme", "ada@acme.example")
	b := e.browser()
	b.signIn(admin.Email, password)
	wantStatus(t, "employees while up", b.get("/employees"), http.StatusOK)

	ds.down.Store(true)
	r := b.get("/employees")
	wantStatus(t, "employees while the database is down", r, http.StatusServiceUnavailable)
	wantBody(t, "database down page", r, "try again", "Nothing was changed")
	wantNoBody(t, "database down page", r, "10.0.0.5", "connection refused")
	if got := r.header.Get("Retry-After"); got == "" {
		t.Error("503 page without Retry-After")
	}

	ds.down.Store(false)
	wantStatus(t, "employees once it is back", b.get("/employees"), http.StatusOK)
}
