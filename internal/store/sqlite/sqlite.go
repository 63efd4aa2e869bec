// Package sqlite is roster's SQLite storage backend: directory.Store on a
// single database file, using the pure-Go driver modernc.org/sqlite (no
// cgo). The queries live in package sqlstore; this package opens the
// database, owns its migrations and supplies the SQLite dialect.
//
// # Durability and concurrency
//
// The database runs in WAL mode with synchronous=FULL: a write is
// acknowledged only after its commit record is synced to disk, so every
// acknowledged write survives a crash or power loss. foreign_keys=ON makes
// emails and status history follow their employee.
//
// Writes go through a pool of exactly one connection whose transactions
// begin with BEGIN IMMEDIATE (the _txlock=immediate DSN option); reads use
// a separate pool of query_only connections. The reasons:
//
//   - SQLite allows one writer at a time. With a single writer connection,
//     concurrent writers of this process (several identity providers
//     syncing one company, concurrent HTTP requests) queue in database/sql
//     for the connection, in order and honouring their contexts, instead
//     of spinning in SQLite's busy handler.
//   - A DEFERRED transaction that reads and then writes (UpdateEmployee
//     does) must upgrade its lock; in WAL mode that upgrade fails at once
//     with SQLITE_BUSY (busy_timeout cannot help) if another connection
//     wrote since the read began. BEGIN IMMEDIATE takes the write lock up
//     front, so it cannot happen — also against writers in other
//     processes (a "roster" admin command on the same file), which wait
//     under busy_timeout instead.
//   - WAL readers never block the writer nor each other, and each read
//     transaction sees one consistent snapshot (a page and its total).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"roster/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configures Open. The zero value is usable.
type Options struct {
	// Now is the clock; nil means time.Now. Times are stored in UTC with
	// microsecond precision.
	Now func() time.Time
	// BusyTimeout bounds how long a statement waits for a lock held by
	// another process; 0 means 5 seconds.
	BusyTimeout time.Duration
	// Readers caps the read connections; 0 means max(4, GOMAXPROCS).
	Readers int
	// CacheIdle is how long the writer writes little, after writing much,
	// before its page cache is released (cache_release.go); 0 means 10
	// seconds, negative never.
	CacheIdle time.Duration
}

// Store is a directory.Store on one SQLite database.
type Store struct {
	*sqlstore.Store
	w, r *sql.DB
	// stop ends the writer's cache release (cache_release.go), and
	// cacheReleases counts them.
	stop          context.CancelFunc
	cacheReleases atomic.Int64
	// walIndex tells whether anything was committed since a caller was
	// read (remembered_callers.go), or while a read ran
	// (sqlstore/unchanged_reads.go); nil for an in-memory database.
	walIndex *walIndex
	callers  rememberedCallers
	// checkpoints checkpoint the WAL after the committer's groups
	// (checkpoints.go); nil without the WAL index.
	checkpoints *checkpointer
}

// Memory is the path that opens a private in-memory database, which lives
// until Close. It is one connection for reads and writes (an in-memory
// database is per connection) and has no WAL; meant for throwaway use.
const Memory = ":memory:"

// Open opens (creating if needed) the database file at path and applies
// pending migrations.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: open: empty database path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: open %s: the path may not contain '?' or '#'", path)
	}
	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = 5 * time.Second
	}
	readers := opts.Readers
	if readers <= 0 {
		readers = max(4, runtime.GOMAXPROCS(0))
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}

	params := func(extra ...string) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout("+strconv.FormatInt(busy.Milliseconds(), 10)+")")
		q.Add("_pragma", "foreign_keys(1)")
		for i := 0; i+1 < len(extra); i += 2 {
			q.Add(extra[i], extra[i+1])
		}
		return q.Encode()
	}
	// temp_store(MEMORY): the writer runs every grouped write and every
	// Bulk operation in a savepoint, whose statement journal (the pages
	// as they were before it) would otherwise spill to a temporary file
	// past 64 KiB — a fifth of a Bulk request's time went to writing it.
	//
	// cache_size: the writer's page cache, 32 MiB instead of 2. Only the
	// writer changes the database, so its cache stays valid from one
	// transaction to the next (a reader's is dropped whenever the writer
	// commits); in a company of a million, every insert reaches leaves of
	// indexes far bigger than 2 MiB (userName, emails, search). Bulk
	// creates past 1,000,000 ran 2,699–3,296 → 3,297–3,586/s, for about
	// 70 MiB more memory while seeding (64 MiB gained no more, for 135).
	//
	// wal_autocheckpoint: a backstop; the committer checkpoints after
	// its groups' answers (checkpoints.go).
	writer := []string{"_pragma", "synchronous(FULL)", "_pragma", "temp_store(2)", "_pragma", "cache_size(" + strconv.Itoa(writerCacheKiB) + ")",
		"_pragma", "wal_autocheckpoint(" + strconv.Itoa(backstopFrames) + ")", "_txlock", "immediate"}
	if path != Memory {
		// synchronous(FULL) above is what the VFS needs (wal_writes.go).
		if err := registerWALWrites(); err != nil {
			return nil, err
		}
		writer = append(writer, "vfs", walWritesVFS)
	}
	w, err := sql.Open("sqlite", path+"?"+params(writer...))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	fail := func(err error, dbs ...*sql.DB) (*Store, error) {
		for _, db := range dbs {
			db.Close()
		}
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}

	r := w
	if path != Memory {
		var mode string
		if err := w.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
			return fail(err, w)
		}
		if !strings.EqualFold(mode, "wal") {
			return fail(fmt.Errorf("cannot switch to WAL mode (journal_mode is %q)", mode), w)
		}
	}
	if err := sqlstore.Migrate(ctx, w, Dialect{}, migrations, now); err != nil {
		return fail(err, w)
	}
	if path != Memory {
		r, err = sql.Open("sqlite", path+"?"+params("_pragma", "query_only(1)"))
		if err != nil {
			return fail(err, w)
		}
		r.SetMaxOpenConns(readers)
		r.SetMaxIdleConns(readers)
		if err := r.PingContext(ctx); err != nil {
			return fail(err, r, w)
		}
	}
	st := &Store{w: w, r: r, stop: func() {}}
	var hooks sqlstore.Hooks
	if path != Memory {
		// Without the WAL index's file (none is expected while the
		// connections are open in WAL mode) callers are read and reads
		// run in transactions every time: slower, as correct.
		if index, err := openWALIndex(path); err == nil {
			st.walIndex = index
			st.checkpoints = &checkpointer{index: index, w: w,
				waiting: func() int { return st.WritesWaiting("") }}
			watch := st.generationWatch()
			hooks = sqlstore.Hooks{
				CommitMark: func() (any, bool) { return index.header() },
				AfterGroup: st.checkpoints.afterGroup,
				GroupWatch: &watch,
			}
		}
	}
	st.Store = sqlstore.New(w, r, Dialect{}, migrations, now, hooks)
	// An in-memory database is its cache: nothing to release there.
	if idle := opts.CacheIdle; path != Memory && idle >= 0 {
		if idle == 0 {
			idle = defaultCacheIdle
		}
		var release context.Context
		release, st.stop = context.WithCancel(context.Background())
		go releaseIdleCache(release, w, idle, &st.cacheReleases)
	}
	return st, nil
}

// writerCacheKiB is the writer's page cache, as PRAGMA cache_size takes
// it: negative, in KiB (see Open).
const writerCacheKiB = -32 << 10

// Close closes the database; the last connection to close checkpoints
// the WAL into the main file.
func (s *Store) Close() error {
	s.stop()
	err := s.Store.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	err = errors.Join(err, s.w.Close())
	if s.walIndex != nil {
		err = errors.Join(err, s.walIndex.close()) // after the connections: see close
	}
	return err
}

// Dialect is the SQLite dialect of package sqlstore.
type Dialect struct{}

// Name implements sqlstore.Dialect.
func (Dialect) Name() string { return "sqlite" }

// Placeholder implements sqlstore.Dialect: SQLite binds "?" in order.
func (Dialect) Placeholder(int) string { return "?" }

// Bool implements sqlstore.Dialect: SQLite booleans are the integers 1 and 0.
func (Dialect) Bool(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// MatchExact implements sqlstore.Dialect with GLOB, which (unlike LIKE)
// is case-sensitive in SQLite.
func (Dialect) MatchExact(x, p string) string { return x + " GLOB " + p }

// ExactPattern implements sqlstore.Dialect: a GLOB pattern in which the
// GLOB metacharacters *, ? and [ of s stand for themselves ([*], [?], [[]).
func (Dialect) ExactPattern(s string, prefix, suffix bool) string {
	var b strings.Builder
	if prefix {
		b.WriteByte('*')
	}
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			b.WriteByte('[')
			b.WriteRune(r)
			b.WriteByte(']')
		default:
			b.WriteRune(r)
		}
	}
	if suffix {
		b.WriteByte('*')
	}
	return b.String()
}

// IsUniqueViolation implements sqlstore.Dialect: the driver reports
// extended result codes.
func (Dialect) IsUniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// IsUniqueViolationOf implements sqlstore.Dialect. SQLite names the
// violated index's columns, not the index ("UNIQUE constraint failed:
// employees.company_id, employees.user_name_fold (2067)"), so the indexes
// asked about are listed here by their columns.
func (d Dialect) IsUniqueViolationOf(err error, index string) bool {
	columns, ok := uniqueIndexColumns[index]
	return ok && d.IsUniqueViolation(err) && strings.Contains(err.Error(), "constraint failed: "+columns+" (")
}

var uniqueIndexColumns = map[string]string{
	"employees_user_name": "employees.company_id, employees.user_name_fold",
}

// Unavailable implements sqlstore.Dialect: the database stayed locked by
// another process for longer than the busy timeout (SQLITE_BUSY,
// SQLITE_LOCKED and their extended codes).
func (Dialect) Unavailable(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	primary := e.Code() & 0xff
	return primary == sqlite3.SQLITE_BUSY || primary == sqlite3.SQLITE_LOCKED
}

// ForUpdate implements sqlstore.Dialect: SQLite has no row locks, and
// needs none: the writer's transactions run one at a time.
func (Dialect) ForUpdate(string) string { return "" }

// LockCompany implements sqlstore.Dialect: the writer's transactions
// already run one at a time.
func (Dialect) LockCompany() string { return "" }

// MigrationLock implements sqlstore.Dialect: the writer's transactions
// begin IMMEDIATE, which already excludes other writers.
func (Dialect) MigrationLock() string { return "" }

// PrepareInTransaction implements sqlstore.Dialect: the driver parses
// every unprepared statement anew, which was a third of a SCIM Bulk
// request's time; a failed prepare leaves the transaction as it was.
func (Dialect) PrepareInTransaction() bool { return true }

// maxTrigrams bounds the trigrams of one search: each is a list the
// full-text index intersects, and a few already leave few candidates.
const maxTrigrams = 24

// SearchCandidates implements sqlstore.Dialect with the FTS5 table
// employees_trigrams (migration 0005), which holds the employees'
// search_fold split into trigrams, three characters each, as they are
// (case_sensitive: the text is folded already): an employee whose
// search_fold contains a word contains each of its trigrams. The
// employees written since the index was last brought up to date, at most
// 64, are in employees_search_pending and always candidates. Words
// shorter than three characters have no trigrams and are left to the
// scan.
func (Dialect) SearchCandidates(words []string, bind func(any) string) string {
	var terms []string
	seen := map[string]bool{}
	for _, w := range words {
		r := []rune(w)
		for i := 0; i+3 <= len(r) && len(terms) < maxTrigrams; i++ {
			t := string(r[i : i+3])
			if !seen[t] {
				seen[t] = true
				// An FTS5 string: its characters taken literally, "" for ".
				terms = append(terms, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
			}
		}
	}
	if len(terms) == 0 {
		return ""
	}
	return `SELECT rowid AS seq FROM employees_trigrams WHERE employees_trigrams MATCH ` + bind(strings.Join(terms, " ")) +
		` UNION SELECT seq FROM employees_search_pending`
}

// GroupCommit implements sqlstore.Dialect: one writer connection, and a
// sync to disk at every commit (synchronous=FULL), so concurrent writes
// share commits.
func (Dialect) GroupCommit() bool { return true }

// FailedStatementUndoneAlone implements sqlstore.Dialect: SQLite rolls
// a statement that fails a constraint back (its statement journal) and
// the transaction goes on.
func (Dialect) FailedStatementUndoneAlone() bool { return true }

// NestedBeginRefused implements sqlstore.Dialect: "cannot start a
// transaction within a transaction", a plain SQLITE_ERROR told by its
// message.
func (Dialect) NestedBeginRefused(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_ERROR && strings.Contains(err.Error(), "within a transaction")
}

// SendTogether implements sqlstore.Dialect: a SQLite statement is no
// round trip, so queued statements run at once.
func (Dialect) SendTogether() sqlstore.Sender { return nil }

// ShortReadsUncancelled implements sqlstore.Dialect: a point lookup on
// the local file reads a few pages; letting a request's end interrupt it
// cost a goroutine in database/sql and one in the driver per statement,
// and two calls into SQLite to set and clear its progress handler.
func (Dialect) ShortReadsUncancelled() bool { return true }

// PacksRows implements sqlstore.Dialect: modernc's driver calls into
// SQLite two or three times for each column of a row, each call taking
// the connection's mutex; one packed column instead made a page of a
// thousand employees a quarter cheaper.
func (Dialect) PacksRows() bool { return true }

// OmitsNullColumns implements sqlstore.Dialect: binding a NULL is a call
// into SQLite under the connection's mutex, as binding a value is.
func (Dialect) OmitsNullColumns() bool { return true }

// JSONArray implements sqlstore.Dialect.
func (Dialect) JSONArray() (build, aggregate string) { return "json_array", "json_group_array" }

// CountInBatch implements sqlstore.Dialect. start notes the company's
// Batch in batch_creates, with the highest creation number before it
// (of any company: creation numbers are the database's); the triggers
// then leave the Batch's own employees alone (migration 0033). end
// counts those that are there at the end — live ones in the company's
// live count and their blocks, every one in the search index's pending
// notes, which the committer's catch-up flushes after the answer
// (migration 0035; the end flushes them itself past mostPending) — and
// takes the note away (statements in one text, which the driver
// prepares each time: once a Batch).
func (Dialect) CountInBatch() (start, end string) { return batchCountStart, batchCountEnd }

// batchOwn joins the company's Batch note (?1) to the employees it
// created, as e: those above the note's creation number.
const batchOwn = `FROM batch_creates b CROSS JOIN employees e
	WHERE b.company_id = ?1 AND e.company_id = ?1 AND e.seq > b.from_seq`

const batchCountStart = `INSERT OR REPLACE INTO batch_creates (company_id, from_seq) VALUES (?1, (SELECT COALESCE(MAX(seq), 0) FROM employees))`

var batchCountEnd = `INSERT INTO employee_blocks (company_id, block, live)
			SELECT ?1, e.seq >> 12, COUNT(*) ` + batchOwn + ` AND e.held_deleted_us IS NULL GROUP BY e.seq >> 12
			ON CONFLICT (company_id, block) DO UPDATE SET live = live + excluded.live;
		UPDATE companies SET live_employees = live_employees + (SELECT COUNT(*) ` + batchOwn + ` AND e.held_deleted_us IS NULL) WHERE id = ?1;
		INSERT INTO employees_search_pending (seq, fresh)
			SELECT e.seq, 1 ` + batchOwn + `
			ON CONFLICT DO NOTHING;
		` + searchFlushPast + `;
		DELETE FROM batch_creates WHERE company_id = ?1`

// searchFlush moves the pending employees into the trigram index, as
// the flush trigger does (migration 0035): the committer's catch-up
// after a Batch (CatchUp).
var searchFlush = []string{
	`DELETE FROM employees_trigrams WHERE rowid IN (SELECT seq FROM employees_search_pending WHERE fresh = 0)`,
	`INSERT INTO employees_trigrams (rowid, search_fold) SELECT e.seq, e.search_fold FROM employees_search_pending p CROSS JOIN employees e ON e.seq = p.seq`,
	`DELETE FROM employees_search_pending`,
}

// mostPending bounds the employees a Batch leaves pending: Batches that
// follow one another with no pause for the committer's catch-up would
// otherwise pile them up, and every search reads them all. Past it a
// Batch's end flushes them itself (searchFlushPast).
const mostPending = 4096

// searchFlushPast is searchFlush, as one text, where the pending
// employees are mostPending or more.
var searchFlushPast = func() string {
	past := ` (SELECT COUNT(*) FROM employees_search_pending) >= ` + strconv.Itoa(mostPending)
	return searchFlush[0] + ` AND` + past + `;
		` + searchFlush[1] + ` WHERE` + past + `;
		` + searchFlush[2] + ` WHERE` + past
}()

// CatchUp implements sqlstore.Dialect: the search index's flush of what
// a Batch left pending (migration 0035).
func (Dialect) CatchUp() []string { return searchFlush }

// CountCreate implements sqlstore.Dialect: a created employee (company
// ?1, creation number ?2) in its company's live count and its block's,
// and in the search index's pending notes — what triggers did before
// migration 0033, which SQLite gave every insert a statement journal for.
// Three statements, not one text of three: the driver keeps a statement
// prepared only when its text is one.
func (Dialect) CountCreate() []string { return countCreate }

var countCreate = []string{
	`INSERT INTO employee_blocks (company_id, block, live) VALUES (?1, ?2 >> 12, 1)
		ON CONFLICT (company_id, block) DO UPDATE SET live = live + 1`,
	`UPDATE companies SET live_employees = live_employees + 1 WHERE id = ?1`,
	`INSERT INTO employees_search_pending (seq, fresh) VALUES (?2, 1) ON CONFLICT DO NOTHING`,
}
