package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Store implements directory.Store (except Close, which belongs to the
// backend that opened the databases) on database/sql.
type Store struct {
	// w runs every write transaction, r every read. They may be the same
	// pool; SQLite gives the writer its own single connection.
	w, r *sql.DB
	d    Dialect
	now  func() time.Time

	queries sync.Map // query text with "?" -> rebound for d
}

// New returns a Store writing through w and reading through r (which may
// be w). now is the clock; nil means time.Now.
func New(w, r *sql.DB, d Dialect, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{w: w, r: r, d: d, now: now}
}

// Dialect returns the store's dialect.
func (s *Store) Dialect() Dialect { return s.d }

// clock returns the current time as stored: UTC, whole microseconds.
func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// q returns query text (written with "?") for the dialect.
func (s *Store) q(query string) string {
	if v, ok := s.queries.Load(query); ok {
		return v.(string)
	}
	out := rebind(s.d, query)
	s.queries.Store(query, out)
	return out
}

// wrap adds the backend and operation to err, keeping a *directory.Error
// reachable for errors.As.
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %s: %w", s.d.Name(), op, err)
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// write runs fn in a write transaction, committing when it returns nil.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// read runs fn in a read-only transaction: one consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Time conversions: stored times are unix microseconds.

func micros(t time.Time) int64 { return t.UnixMicro() }

// nullMicros stores the zero time ("never") as NULL.
func nullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullTime scans a nullable microsecond column into a time, NULL being zero.
type nullTime struct{ t *time.Time }

func (n nullTime) Scan(src any) error {
	var v sql.NullInt64
	if err := v.Scan(src); err != nil {
		return err
	}
	*n.t = time.Time{}
	if v.Valid {
		*n.t = fromMicros(v.Int64)
	}
	return nil
}

// nullString scans a nullable text column into a string, NULL being "".
type nullString struct{ s *string }

func (n nullString) Scan(src any) error {
	var v sql.NullString
	if err := v.Scan(src); err != nil {
		return err
	}
	*n.s = v.String
	return nil
}

// text returns the stored form of a string attribute: NULL when empty.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// foldText returns the stored form of a string's fold column.
func foldText(s string) any {
	if s == "" {
		return nil
	}
	return Fold(s)
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
