package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"roster/internal/directory"
)

// Store implements directory.Store (except Close, which belongs to the
// backend that opened the databases) on database/sql.
//
// Write transactions hold the backend's writer; the functions that
// UpdateEmployee and DeleteEmployee call inside them must not call the
// store's write methods.
type Store struct {
	// w runs every write transaction, r every read. They may be the same
	// pool; SQLite gives the writer its own single connection.
	w, r *pool
	d    Dialect
	now  func() time.Time
	// migrations are the backend's migration files, which Ready expects
	// to be applied.
	migrations fs.FS
	// group runs the writes when the dialect groups commits (see
	// group_commit.go); nil otherwise.
	group *committer
	// companies group each company's employee writes where statements
	// are sent together (company_commit.go); nil otherwise.
	companies *companyCommitters
	// hooks are what the backend sees and does around the store's work:
	// fixed at New, before the committer starts.
	hooks Hooks
	// behind is set from a Batch that left a catch-up until it ran
	// (catch_up.go).
	behind atomic.Bool
}

// Hooks are a backend's ways into the store's work, each optional.
type Hooks struct {
	// CommitMark lets reads go without a transaction while nothing is
	// committed as they run (unchanged_reads.go).
	CommitMark CommitMark
	// AfterGroup runs on the committer after each group of writes has its
	// outcomes, before the next group runs (after_groups.go).
	AfterGroup func()
	// GroupWatch sees each group's transaction (after_groups.go).
	GroupWatch *GroupWatch
}

// New returns a Store writing through w and reading through r (which may
// be w), whose schema is made by migrations (see Migrate), with the
// backend's hooks. now is the clock; nil means time.Now.
func New(w, r *sql.DB, d Dialect, migrations fs.FS, now func() time.Time, hooks Hooks) *Store {
	if now == nil {
		now = time.Now
	}
	counter := new(atomic.Int64)
	wp := &pool{db: w, d: d, statements: counter}
	rp := wp
	if r != w {
		rp = &pool{db: r, d: d, statements: counter}
	}
	s := &Store{w: wp, r: rp, d: d, now: now, migrations: migrations, hooks: hooks}
	switch {
	case d.GroupCommit():
		s.group = newCommitter(s, false)
	case d.SendTogether() != nil:
		s.companies = &companyCommitters{s: s}
	}
	return s
}

// Statements is how many statements the store has run, each
// transaction's begin and commit included: on PostgreSQL, its round trips
// (benchmarks report it per request).
func (s *Store) Statements() int64 { return s.w.statements.Load() }

// Dialect returns the store's dialect.
func (s *Store) Dialect() Dialect { return s.d }

// clock returns the current time as stored: UTC, whole microseconds.
func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// wrap adds the backend and operation to err, keeping a *directory.Error
// reachable for errors.As. A failure that says the database cannot answer
// now (see unavailable) becomes directory.EUnavailable, so that callers
// answer "try again" instead of "internal error".
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if directory.ErrorCode(err) == "" && s.unavailable(err) {
		err = directory.Unavailable(err)
	}
	return fmt.Errorf("%s: %s: %w", s.d.Name(), op, err)
}

// unavailable reports whether err means that the database could not
// answer now rather than that the request or roster is wrong: the
// caller's deadline passed while waiting for it, or the dialect
// recognises a connection failure, a server shutting down, or a
// statement or lock timeout.
func (s *Store) unavailable(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || s.d.Unavailable(err)
}

// write runs fn in a write transaction, committing when it returns nil.
// A panic in fn (in a caller's update function) rolls back before it goes
// on: a transaction left open would hold SQLite's only writer connection
// for good.
func (s *Store) write(ctx context.Context, fn func(tx handle) error) error {
	if s.group != nil {
		return s.group.write(ctx, fn)
	}
	return s.transact(ctx, fn)
}

// writeLeavingFacts is write for fn, which changes none of what an
// employee write reads of its company (batch_facts.go): grouped with
// employee writes, it leaves them what they kept.
func (s *Store) writeLeavingFacts(ctx context.Context, fn func(tx handle) error) error {
	if s.group != nil {
		return s.group.writeLeavingFacts(ctx, fn)
	}
	return s.transact(ctx, fn)
}

// writeOwnGroup is write for fn, which runs statements per employee: it
// shares its transaction with no other write (group_commit.go, ownGroup).
func (s *Store) writeOwnGroup(ctx context.Context, fn func(tx handle) error) error {
	if s.group != nil {
		return s.group.writeOwnGroup(ctx, fn)
	}
	return s.transact(ctx, fn)
}

// transact runs fn in a write transaction of its own, committing when it
// returns nil: write without grouping.
func (s *Store) transact(ctx context.Context, fn func(tx handle) error) error {
	if s.d.SendTogether() != nil {
		return s.writeTogether(ctx, fn)
	}
	s.w.statements.Add(2) // BEGIN, COMMIT
	tx, err := s.w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer s.w.prepareWanted(ctx)
	finished := false
	defer func() {
		if !finished {
			tx.Rollback()
		}
	}()
	err = fn(handle{p: s.w, tx: tx, st: &txStmts{prepare: s.d.PrepareInTransaction()}})
	finished = true
	if err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// read runs fn in a read-only transaction: one consistent snapshot, so
// that a page agrees with its total. PostgreSQL needs REPEATABLE READ for
// that (READ COMMITTED takes a snapshot per statement); SQLite ignores the
// level, its transactions being snapshots anyway.
func (s *Store) read(ctx context.Context, fn func(tx handle) error) error {
	if s.d.SendTogether() != nil {
		return s.readTogether(ctx, fn)
	}
	s.r.statements.Add(2) // BEGIN, COMMIT
	tx, err := s.r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	defer s.r.prepareWanted(ctx)
	defer tx.Rollback()
	if err := fn(handle{p: s.r, tx: tx, st: &txStmts{}}); err != nil {
		return err
	}
	return tx.Commit()
}

// maxStatements bounds the prepared statements a pool keeps. Filters of
// new shapes keep being compiled to new text, so the cache must not grow
// without bound; past the bound queries simply run unprepared.
const maxStatements = 256

// pool is a database handle with a cache of prepared statements: parsing
// the SQL was most of the CPU time of a small query. database/sql
// prepares a cached statement on each connection once and reuses it.
//
// A statement is only ever prepared on the pool while no connection of it
// is held: inside a transaction, preparing through the pool would wait
// for a second connection, which the single-connection SQLite writer (and
// a busy reader pool) may never have free. A query first seen in a
// transaction is prepared on the pool after the transaction; until then
// it runs unprepared, or prepared for that transaction alone (see
// txStmts).
type pool struct {
	db *sql.DB
	d  Dialect
	// statements counts what the pool ran (see Store.Statements).
	statements *atomic.Int64
	// wrote counts the statements that may have written: those run by
	// ExecContext that succeeded, and queries other than a SELECT
	// (savepoint_free.go).
	wrote atomic.Int64

	mu     sync.Mutex
	stmts  map[string]*sql.Stmt // by query text as written, "?" placeholders
	wanted map[string]bool      // seen in a transaction, not yet prepared

	rebound reboundTexts
}

// cached returns the prepared form of query, or nil.
func (p *pool) cached(query string) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stmts[query]
}

// want notes a query to prepare after the current transaction.
func (p *pool) want(query string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.stmts)+len(p.wanted) >= maxStatements {
		return
	}
	if p.wanted == nil {
		p.wanted = map[string]bool{}
	}
	p.wanted[query] = true
}

// prepare prepares query on the pool, caching it unless the cache is
// full; it must not be called while holding a connection of the pool.
func (p *pool) prepare(ctx context.Context, query string) *sql.Stmt {
	if st := p.cached(query); st != nil {
		return st
	}
	st, err := p.db.PrepareContext(ctx, p.rebind(query))
	if err != nil {
		return nil // the unprepared run reports the error
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.stmts[query]; ok { // prepared concurrently
		st.Close()
		return old
	}
	if len(p.stmts) >= maxStatements {
		st.Close()
		return nil
	}
	if p.stmts == nil {
		p.stmts = map[string]*sql.Stmt{}
	}
	p.stmts[query] = st
	return st
}

// prepareWanted prepares the queries seen in transactions.
func (p *pool) prepareWanted(ctx context.Context) {
	p.mu.Lock()
	var queries []string
	for q := range p.wanted {
		queries = append(queries, q)
	}
	p.wanted = nil
	p.mu.Unlock()
	for _, q := range queries {
		if ctx.Err() != nil {
			return
		}
		p.prepare(ctx, q)
	}
}

// h returns a handle running statements on the pool outside a transaction.
func (p *pool) h() handle { return handle{p: p} }

// handle runs statements, written with "?" placeholders, in a transaction
// of a pool (or on the pool when tx is nil), prepared when possible.
type handle struct {
	p  *pool
	tx *sql.Tx
	st *txStmts // tx's statements; set exactly when tx is
	// conn runs, instead of tx, a write transaction that the store begins
	// and ends with statements of its own (later.go); its statements run
	// as text, which pgx keeps prepared per connection.
	conn *sql.Conn
	// locked is the company whose lock tx already holds (a Batch's):
	// lockCompany need not ask again.
	locked string
	// queue holds the statements the transaction sends later
	// (later.go); nil where they run at once.
	queue *statementQueue
	// held holds a SQLite Batch's rows, inserted many to a statement
	// (held_inserts.go); nil elsewhere.
	held *heldInserts
	// facts keep the company's facts for writes that hold the company's
	// lock together (batch_facts.go); nil elsewhere.
	facts *batchFacts
	// written keeps the employees SQLite's committer stored, for its
	// updates (written_employees.go); nil elsewhere.
	written *writtenEmployees
	// countsAtEnd is the company whose Batch counts the employees it
	// creates at its end (Dialect.CountInBatch): its creates do not count
	// themselves (Dialect.CountCreate).
	countsAtEnd string
	// within, where set, is the context h's statements run under instead
	// of the one each is given: a committer's group (group_commit.go),
	// whose writes' callers wait for their outcomes once they run.
	within context.Context
}

// statementContext is the context a statement given ctx runs under (see
// within).
func (h handle) statementContext(ctx context.Context) context.Context {
	if h.within != nil {
		return h.within
	}
	return ctx
}

// txStmts are the statements of one transaction, by query text as
// written: the pool's cached statements bound to the transaction (binding
// is done once, not per run: database/sql makes a new statement and
// tracks it on every Tx.StmtContext) and, when prepare is set, the
// queries the cache does not hold yet prepared for the transaction alone.
// A SCIM Bulk request on a store that has not seen its statements (the
// cache is filled after a transaction, and not past maxStatements) would
// otherwise have SQLite parse each of its thousands of statements anew.
// database/sql closes them all when the transaction ends.
//
// A transaction's statements run one at a time (a Batch holds its mutex
// for each call), so the map needs no lock.
type txStmts struct {
	prepare bool
	m       map[string]*sql.Stmt
}

// prepared returns a prepared statement for query, or (nil and) the text
// to run unprepared.
func (h handle) prepared(ctx context.Context, query string) (*sql.Stmt, string) {
	if h.conn != nil {
		return nil, h.p.rebind(query)
	}
	if h.tx == nil {
		if st := h.p.prepare(ctx, query); st != nil {
			return st, ""
		}
		return nil, h.p.rebind(query)
	}
	if st := h.st.m[query]; st != nil {
		return st, ""
	}
	var st *sql.Stmt
	if ps := h.p.cached(query); ps != nil {
		// Prepared on the transaction's own connection if need be.
		st = h.tx.StmtContext(ctx, ps)
	} else {
		h.p.want(query)
		if !h.st.prepare || len(h.st.m) >= maxStatements {
			return nil, h.p.rebind(query)
		}
		var err error
		if st, err = h.tx.PrepareContext(ctx, h.p.rebind(query)); err != nil {
			// The unprepared run reports the error. Only dialects whose
			// failed prepare leaves the transaction usable set prepare.
			return nil, h.p.rebind(query)
		}
	}
	if h.st.m == nil {
		h.st.m = map[string]*sql.Stmt{}
	}
	h.st.m[query] = st
	return st, ""
}

func (h handle) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := h.releaseHeld(h.statementContext(ctx)); err != nil {
		return nil, err
	}
	return h.execPassingHeld(ctx, query, args...)
}

// execPassingHeld is ExecContext for a statement that reads none of the
// tables whose rows h holds (held_inserts.go): it runs before them.
func (h handle) execPassingHeld(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = h.statementContext(ctx)
	if err := h.flush(ctx); err != nil {
		return nil, err
	}
	res, err := h.execRaw(ctx, query, args...)
	if err == nil {
		h.p.wrote.Add(1)
	}
	return res, err
}

// execRaw runs query as it is: nothing queued or held is sent first, and
// it is counted as no call's write (pool.wrote).
func (h handle) execRaw(ctx context.Context, query string, args ...any) (sql.Result, error) {
	h.p.statements.Add(1)
	st, q := h.prepared(ctx, query)
	if st != nil {
		return st.ExecContext(ctx, args...)
	}
	return h.runner().ExecContext(ctx, q, args...)
}

func (h handle) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = h.statementContext(ctx)
	if err := h.releaseHeld(ctx); err != nil {
		return nil, err
	}
	if err := h.flush(ctx); err != nil {
		return nil, err
	}
	return h.queryRaw(ctx, query, args...)
}

// queryRaw runs query as it is: nothing queued or held is sent first.
func (h handle) queryRaw(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	h.p.statements.Add(1)
	h.p.queried(query)
	st, q := h.prepared(ctx, query)
	if st != nil {
		return st.QueryContext(ctx, args...)
	}
	return h.runner().QueryContext(ctx, q, args...)
}

func (h handle) QueryRowContext(ctx context.Context, query string, args ...any) row {
	ctx = h.statementContext(ctx)
	if err := h.releaseHeld(ctx); err != nil {
		return row{err: err}
	}
	if err := h.flush(ctx); err != nil {
		return row{err: err}
	}
	h.p.statements.Add(1)
	h.p.queried(query)
	st, q := h.prepared(ctx, query)
	if st != nil {
		return row{r: st.QueryRowContext(ctx, args...)}
	}
	return row{r: h.runner().QueryRowContext(ctx, q, args...)}
}

// runner runs statements as text.
type runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// runner is what runs h's statements unprepared: its transaction, its
// connection, or its pool.
func (h handle) runner() runner {
	switch {
	case h.tx != nil:
		return h.tx
	case h.conn != nil:
		return h.conn
	}
	return h.p.db
}

// row is what QueryRowContext found: its row, or the failure of the
// statements queued before it (later.go), which it could not run after.
type row struct {
	r   *sql.Row
	err error
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.r.Scan(dest...)
}

// Close stops the committer and releases the prepared statements; the
// backend closes the pools.
func (s *Store) Close() error {
	if s.group != nil {
		s.group.close()
	}
	if s.companies != nil {
		s.companies.close()
	}
	for _, p := range []*pool{s.w, s.r} {
		p.mu.Lock()
		for _, st := range p.stmts {
			st.Close()
		}
		p.stmts = nil
		p.mu.Unlock()
	}
	return nil
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

// null scans a nullable column into *p, NULL being T's zero value.
type null[T any] struct{ p *T }

func (n null[T]) Scan(src any) error {
	var v sql.Null[T]
	if err := v.Scan(src); err != nil {
		return err
	}
	*n.p = v.V
	return nil
}

// nullString scans a nullable text column into a string, NULL being "".
// It is null[string] with the drivers' two forms of text taken at once: a
// page of a thousand employees scans some fifty thousand of them, and
// sql.Null's conversion was a tenth of reading the page.
type nullString struct{ p *string }

func (n nullString) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.p = ""
	case string:
		*n.p = v
	case []byte:
		*n.p = string(v)
	default:
		return null[string](n).Scan(src)
	}
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
