// Package postgres is roster's PostgreSQL storage backend: directory.Store
// on a PostgreSQL database (12 or later), through pgx's database/sql
// driver. The queries live in package sqlstore; this package opens the
// database, owns its migrations (numbered as SQLite's, 0001_init …) and
// supplies the PostgreSQL dialect.
//
// # Concurrency
//
// Writes run under READ COMMITTED, made exact by row locks: every employee
// write first locks its company's row (Dialect.LockCompany, FOR NO KEY
// UPDATE), so the employee writes of one company run one at a time, while
// different companies write in parallel; the employee loaded for an update
// is locked as well (Dialect.ForUpdate). Reads run in REPEATABLE READ
// read-only transactions: a page and its total come from one snapshot.
//
// Text columns are COLLATE "C", so comparisons, sorting and LIKE go by
// bytes (UTF-8, that is code point order), as in SQLite and filter.Match,
// whatever collation the database was created with.
//
// # Search
//
// The console's search (directory.EmployeeQuery.Search) is a
// "search_fold LIKE '%word%'" per word, which no B-tree index serves. When
// the pg_trgm extension is installed, or Open can install it (PostgreSQL
// 13 or later lets a database owner do so), Open gives search_fold a GIN
// trigram index, employees_search_trgm, and the planner looks words up in
// it: at 100,000 employees a name is found in about a millisecond instead
// of two scans of the table. Without the extension searches find the
// same, by scanning. This is not a migration because a migration must not
// depend on a privilege roster may lack.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"roster/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configures Open. The zero value is usable.
type Options struct {
	// Now is the clock; nil means time.Now. Times are stored in UTC with
	// microsecond precision.
	Now func() time.Time
	// MaxConns caps the open connections; 0 means 10.
	MaxConns int
	// Timeouts limit every connection; zero fields take the defaults.
	Timeouts Timeouts
	// KeepStatistics, when not zero, is how often the store looks for
	// tables to analyze: those autovacuum would, while it is off
	// (statistics.go), and the employees' tables when the planner
	// misjudges a growing company (company_statistics.go); a server sets
	// it, a command that runs once need not.
	KeepStatistics time.Duration
}

// Store is a directory.Store on one PostgreSQL database.
type Store struct {
	*sqlstore.Store
	db *sql.DB
	// stop stops what runs in the background (keepStatistics).
	stop func()
}

// Open connects to the database at url (a libpq URL or key=value string,
// e.g. "postgres://roster@db.internal/roster?sslmode=verify-full"; a
// schema other than public is chosen with options=-c search_path=name)
// and applies pending migrations.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, errors.New("postgres: open: cannot parse the connection URL")
	}
	opts.Timeouts.withDefaults().apply(cfg)
	applyPlannerSettings(cfg)
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if err := migrate(ctx, withoutServerLimits(cfg), now); err != nil {
		return nil, err
	}
	conns := opts.MaxConns
	if conns <= 0 {
		conns = 10
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{Store: sqlstore.New(db, db, Dialect{}, migrations, now, sqlstore.Hooks{}), db: db, stop: func() {}}
	if opts.KeepStatistics > 0 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			keepStatistics(ctx, db, opts.KeepStatistics)
		}()
		s.stop = func() { cancel(); <-done }
	}
	return s, nil
}

// migrate applies pending migrations and creates the search index on a
// connection of its own, without the serving limits on statements and
// locks (see withoutServerLimits).
func migrate(ctx context.Context, cfg *pgx.ConnConfig, now func() time.Time) error {
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("postgres: open %s@%s:%d/%s: %w", cfg.User, cfg.Host, cfg.Port, cfg.Database, err)
	}
	if err := sqlstore.Migrate(ctx, db, Dialect{}, migrations, now); err != nil {
		return err
	}
	if err := searchIndex(ctx, db); err != nil {
		return fmt.Errorf("postgres: open: search index: %w", err)
	}
	return nil
}

// searchIndex creates the trigram index of search_fold (see Search in
// the package documentation) unless it exists or pg_trgm is neither
// installed nor installable. It holds the migration lock, so that
// processes starting together create it once.
func searchIndex(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, Dialect{}.MigrationLock()); err != nil {
		return err
	}
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT to_regclass('employees_search_trgm') IS NOT NULL`).Scan(&exists); err != nil || exists {
		return err
	}
	extSchema := func() (string, error) {
		var schema string
		err := tx.QueryRowContext(ctx, `SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
			WHERE x.extname = 'pg_trgm'`).Scan(&schema)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return schema, err
	}
	schema, err := extSchema()
	if err != nil {
		return err
	}
	if schema == "" {
		if _, err := tx.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm"); err != nil {
			// Refused (no privilege, or the server lacks the
			// extension): searches scan.
			return nil
		}
		if schema, err = extSchema(); err != nil {
			return err
		}
	}
	// The operator class named with its schema: the extension may live
	// outside the search path (installed by an administrator elsewhere).
	opclass := pgx.Identifier{schema, "gin_trgm_ops"}.Sanitize()
	if _, err := tx.ExecContext(ctx, `CREATE INDEX employees_search_trgm ON employees USING gin (search_fold `+opclass+`)`); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the connections.
func (s *Store) Close() error {
	s.stop()
	return errors.Join(s.Store.Close(), s.db.Close())
}

// Dialect is the PostgreSQL dialect of package sqlstore.
type Dialect struct{}

// Name implements sqlstore.Dialect.
func (Dialect) Name() string { return "postgres" }

// Placeholder implements sqlstore.Dialect: $1, $2 ….
func (Dialect) Placeholder(n int) string { return sqlstore.DollarPlaceholder(n) }

// Bool implements sqlstore.Dialect.
func (Dialect) Bool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// MatchExact implements sqlstore.Dialect: LIKE is case-sensitive in
// PostgreSQL.
func (Dialect) MatchExact(x, p string) string { return x + ` LIKE ` + p + ` ESCAPE '\'` }

// ExactPattern implements sqlstore.Dialect with a LIKE pattern.
func (Dialect) ExactPattern(s string, prefix, suffix bool) string {
	return sqlstore.LikePattern(s, prefix, suffix)
}

// uniqueViolation is SQLSTATE unique_violation.
const uniqueViolation = "23505"

// IsUniqueViolation implements sqlstore.Dialect.
func (Dialect) IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == uniqueViolation
}

// IsUniqueViolationOf implements sqlstore.Dialect: PostgreSQL names the
// violated index (its messages' texts may be translated; the name is not).
func (Dialect) IsUniqueViolationOf(err error, index string) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == uniqueViolation && e.ConstraintName == index
}

// ForUpdate implements sqlstore.Dialect: without the row lock two
// concurrent updates under READ COMMITTED would read the same version and
// one would be lost.
func (Dialect) ForUpdate(alias string) string { return " FOR UPDATE OF " + alias }

// LockCompany implements sqlstore.Dialect: the company's row lock
// serialises the company's employee writes. NO KEY UPDATE does not block
// the KEY SHARE locks that foreign-key checks of other inserts take.
func (Dialect) LockCompany() string { return " FOR NO KEY UPDATE OF c" }

// migrationLockKey is the advisory lock roster's migrations hold: any
// constant of roster's own.
const migrationLockKey = 0x726f73746572 // "roster"

// MigrationLock implements sqlstore.Dialect: a transaction-scoped advisory
// lock keeps two processes from migrating at once.
func (Dialect) MigrationLock() string {
	return fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", migrationLockKey)
}

// PrepareInTransaction implements sqlstore.Dialect: pgx keeps the
// statements each connection runs prepared (its statement cache, on by
// default), so preparing for one transaction would only add round trips.
func (Dialect) PrepareInTransaction() bool { return false }

// SearchCandidates implements sqlstore.Dialect: PostgreSQL scans
// search_fold (see migration 0005).
func (Dialect) SearchCandidates([]string, func(any) string) string { return "" }

// GroupCommit implements sqlstore.Dialect: transactions run side by side
// on the pool's connections, and the server already flushes concurrent
// commits together (its own group commit).
func (Dialect) GroupCommit() bool { return false }

// FailedStatementUndoneAlone implements sqlstore.Dialect: a failed
// statement aborts the transaction until it, or a savepoint, is rolled
// back.
func (Dialect) FailedStatementUndoneAlone() bool { return false }

// NestedBeginRefused implements sqlstore.Dialect: never asked here
// (PostgreSQL only warns of a nested BEGIN).
func (Dialect) NestedBeginRefused(error) bool { return false }

// SendTogether implements sqlstore.Dialect: the statements go in one pgx
// batch, pipelined in one round trip, each prepared once per connection
// (pgx's statement cache) like every other statement.
func (Dialect) SendTogether() sqlstore.Sender { return sendBatch }

// ShortReadsUncancelled implements sqlstore.Dialect: a read waits on the
// network, which a partition can hold up until the request's deadline.
func (Dialect) ShortReadsUncancelled() bool { return false }

// PacksRows implements sqlstore.Dialect: pgx reads a row's columns from
// one message, at no cost a column worth saving.
func (Dialect) PacksRows() bool { return false }

// CatchUp implements sqlstore.Dialect: a Batch leaves nothing for after
// its answer.
func (Dialect) CatchUp() []string { return nil }

// OmitsNullColumns implements sqlstore.Dialect: pgx sends a row's
// parameters in one message, NULLs at no cost, and one INSERT text for
// each table keeps a Bulk request's inserts mergeable.
func (Dialect) OmitsNullColumns() bool { return false }

// JSONArray implements sqlstore.Dialect.
func (Dialect) JSONArray() (build, aggregate string) { return "json_build_array", "json_agg" }

// CountInBatch implements sqlstore.Dialect. While roster.live_batch names
// the company, the live-count trigger adds the changes of the employees
// there before the Batch (deletes, holds) to roster.live_delta and, by
// block, to roster.live_blocks instead of updating the company's row and
// its blocks' (migrations 0025, 0028); they are settings of the
// transaction alone (the Batch is all of it), and follow its savepoints.
// The Batch's own employees — above roster.live_batch_from, the company's
// highest creation number when the Batch began, under the company's lock
// — the trigger leaves alone, and end counts those that are there and
// live, by block (migration 0030).
func (Dialect) CountInBatch() (start, end string) {
	return `SELECT set_config('roster.live_batch', c.id, true),
			set_config('roster.live_batch_from', (SELECT COALESCE(MAX(e.seq), 0) FROM employees e WHERE e.company_id = c.id)::TEXT, true)
		FROM (SELECT ?::TEXT COLLATE "C" AS id) c`,
		`WITH batch AS (SELECT ?::TEXT COLLATE "C" AS company, current_setting('roster.live_batch_from')::BIGINT AS from_seq),
		created AS (SELECT e.seq >> 12 AS block, COUNT(*) AS live FROM batch, employees e
			WHERE e.company_id = batch.company AND e.seq > batch.from_seq AND e.held_deleted_us IS NULL GROUP BY 1),
		changed AS (SELECT b.key::BIGINT AS block, b.value::BIGINT AS live
			FROM jsonb_each_text(COALESCE(NULLIF(current_setting('roster.live_blocks', true), ''), '{}')::JSONB) b),
		blocks AS (INSERT INTO employee_blocks (company_id, block, live)
			SELECT batch.company, d.block, SUM(d.live) FROM batch, (SELECT * FROM created UNION ALL SELECT * FROM changed) d GROUP BY 1, 2
			ON CONFLICT (company_id, block) DO UPDATE SET live = employee_blocks.live + EXCLUDED.live)
		UPDATE companies SET live_employees = live_employees + COALESCE(NULLIF(current_setting('roster.live_delta', true), '')::BIGINT, 0)
			+ (SELECT COALESCE(SUM(live), 0) FROM created)
		FROM batch WHERE id = batch.company`
}

// CountCreate implements sqlstore.Dialect: PostgreSQL's trigger counts
// a created employee (migration 0030).
func (Dialect) CountCreate() []string { return nil }

// sendBatch sends the statements, and returns without reading their
// outcome: wait reads it. pgx has written the whole batch to the server
// when SendBatch returns, so the server runs it while the caller does
// other work until it waits.
func sendBatch(ctx context.Context, conn *sql.Conn, statements []sqlstore.Statement) (wait func() error) {
	var results pgx.BatchResults
	err := conn.Raw(func(dc any) error {
		b := &pgx.Batch{}
		for _, st := range statements {
			b.Queue(st.Query, st.Args...)
		}
		results = dc.(*stdlib.Conn).Conn().SendBatch(ctx, b)
		return nil
	})
	if err != nil {
		return func() error { return err }
	}
	// The connection is the caller's alone (a sql.Conn) until it waits;
	// reading in a Raw of its own keeps to database/sql's rules.
	return func() error {
		return conn.Raw(func(any) error { return readBatch(results, statements) })
	}
}

// readBatch reads the outcome of statements sent as results: the first
// failure, as StatementFailed, after which the rest did not run.
func readBatch(results pgx.BatchResults, statements []sqlstore.Statement) error {
	for i, st := range statements {
		var err error
		if st.Read == nil {
			_, err = results.Exec()
		} else {
			err = readResult(results, st.Read)
		}
		if err != nil {
			results.Close()
			if st.Explain != nil {
				err = st.Explain(err)
			}
			return &sqlstore.StatementFailed{Index: i, Err: err}
		}
	}
	return results.Close()
}

// readResult reads the rows of a batch's next query with read.
func readResult(results pgx.BatchResults, read func(sqlstore.Rows) error) error {
	rows, err := results.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := read(rows); err != nil {
		return err
	}
	rows.Close()
	return rows.Err()
}
