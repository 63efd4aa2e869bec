package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Dialect is what differs between the SQL backends. Everything else —
// table layout conventions, queries, the filter compiler — is shared.
//
// Constructs both SQLite (3.30+) and PostgreSQL accept are used directly
// and need no method here: ORDER BY … NULLS LAST, "x IS NOT TRUE",
// LIKE … ESCAPE '\', IN subqueries with ORDER BY and LIMIT, unary "+" on
// an integer, CASE, COUNT(*).
type Dialect interface {
	// Name prefixes error messages: "sqlite", "postgres".
	Name() string

	// Placeholder returns bind parameter n, counted from 1 in the order
	// the parameters appear in the statement: "?" for SQLite, "$n" for
	// PostgreSQL. Queries are written with "?" and rebound through it.
	Placeholder(n int) string

	// Bool returns a boolean literal: 1 and 0 for SQLite, TRUE and FALSE
	// for PostgreSQL.
	Bool(b bool) string

	// MatchExact returns a case-sensitive pattern match of the text
	// expression x against the placeholder p, whose value ExactPattern
	// built. SQLite's LIKE ignores ASCII case, so SQLite uses GLOB;
	// PostgreSQL's LIKE is case-sensitive.
	MatchExact(x, p string) string

	// ExactPattern returns the pattern for MatchExact that matches text
	// containing (prefix and suffix true), starting with (suffix true) or
	// ending with (prefix true) s, every character of s taken literally.
	ExactPattern(s string, prefix, suffix bool) string

	// IsUniqueViolation reports whether err is a violation of a UNIQUE or
	// PRIMARY KEY constraint.
	IsUniqueViolation(err error) bool

	// IsUniqueViolationOf reports whether err is a violation of the
	// unique index named index (as the migrations name it).
	IsUniqueViolationOf(err error, index string) bool

	// Unavailable reports whether err says that the database cannot
	// answer now — it refuses or lost the connection, is shutting down,
	// or a statement, lock or busy timeout expired — so that the request
	// may succeed if tried again later. The store reports such errors as
	// directory.EUnavailable.
	Unavailable(err error) bool

	// ForUpdate returns the clause that locks the selected row of table
	// alias until the transaction ends, appended to the SELECT that
	// UpdateEmployee and DeleteEmployee load the employee with: "" for
	// SQLite, whose write transactions are serialised anyway, and
	// " FOR UPDATE OF e" for PostgreSQL, where without it two concurrent
	// updates under READ COMMITTED would read the same version and one
	// would be lost.
	ForUpdate(alias string) string

	// LockCompany returns the clause appended to the SELECT from
	// "companies c" (joined with what the write needs to know of the
	// company) that every employee write runs first: "" for SQLite,
	// whose write transactions are serialised anyway, and
	// " FOR NO KEY UPDATE OF c" for PostgreSQL. It serialises the employee
	// writes of a company, so that a pending reference and the employee
	// it waits for cannot be written by two transactions that miss each
	// other (see refs.go), and attribute names are checked for clashes
	// without a race. NO KEY: foreign-key checks of other inserts (which
	// take KEY SHARE locks) need not wait.
	LockCompany() string

	// MigrationLock is a statement run first in every migration
	// transaction to keep two processes from migrating at once, or "" when
	// the backend's write transactions already exclude each other (SQLite
	// with BEGIN IMMEDIATE). PostgreSQL: SELECT pg_advisory_xact_lock(…).
	MigrationLock() string

	// PrepareInTransaction reports whether a write transaction prepares,
	// for its own reuse, the statements it runs that the store's
	// statement cache does not hold yet (see txStmts). True for SQLite,
	// whose driver parses every unprepared statement anew; false for
	// PostgreSQL, where pgx already keeps the statements a connection
	// runs prepared (its statement cache), so a statement prepared for
	// one transaction would only add a round trip to prepare it and one
	// to deallocate it.
	PrepareInTransaction() bool

	// GroupCommit reports whether concurrent write transactions should
	// share one commit (group_commit.go): true where writes go one at a
	// time through one connection and each commit waits for the disk
	// (SQLite); false where transactions run side by side and the server
	// groups its own log flushes (PostgreSQL).
	GroupCommit() bool

	// FailedStatementUndoneAlone reports whether a statement that fails
	// for its input (a constraint) is undone by itself, leaving the
	// transaction as it was before it (SQLite); false where the failure
	// aborts the transaction until it, or a savepoint, is rolled back
	// (PostgreSQL). Where true, a Batch's create runs without a savepoint
	// of its own (savepoint_free.go).
	FailedStatementUndoneAlone() bool

	// NestedBeginRefused reports whether err is the refusal of a BEGIN
	// inside an open transaction: how a savepoint-free Batch asks whether
	// its transaction is still there (savepoint_free.go). Only asked where
	// FailedStatementUndoneAlone.
	NestedBeginRefused(err error) bool

	// SendTogether returns how to send statements to the server
	// together, in one round trip: in order, each prepared as any other,
	// stopping at the first that fails, whose error it returns; a
	// statement with Read has its rows read by it before the next
	// statement's outcome is looked at. pgx's batch pipelines them. nil where statements are not round trips
	// (SQLite): a write's queued statements (later.go) then run at once.
	SendTogether() Sender

	// ShortReadsUncancelled reports whether a short read (a point
	// lookup: an index seek and its few rows) runs without its request's
	// cancellation (uncancelled.go): true where such a read cannot wait on
	// a network and ends in well under a millisecond anyway (SQLite),
	// false where a partition could hold it up to the request's deadline
	// (PostgreSQL).
	ShortReadsUncancelled() bool

	// PacksRows reports whether the wide reads (an employee's columns,
	// its details') select their columns as one JSON array, unpacked by
	// the store (packed_rows.go): true where each column read costs much
	// more than the value (modernc's SQLite driver), false where the
	// driver reads a row's columns at once (pgx).
	PacksRows() bool

	// OmitsNullColumns reports whether a wide single-row INSERT names
	// only the columns given a value, leaving the others to their
	// default, NULL (sparse_inserts.go): true where each parameter bound
	// is a call into the engine that takes the connection's mutex
	// (modernc's SQLite), false where a row's parameters travel in one
	// message (pgx) and one text for each table lets a Bulk request's
	// inserts merge (merged_inserts.go).
	OmitsNullColumns() bool

	// JSONArray names the functions that build a JSON array of values
	// and aggregate rows into one: json_array and json_group_array for
	// SQLite, json_build_array and json_agg for PostgreSQL.
	JSONArray() (build, aggregate string)

	// CountInBatch returns the statements that make a Batch's employee
	// writes count the company's live employees once, at the Batch's end,
	// rather than each (each takes the company's id): start runs after the
	// Batch takes the company's lock, end before it commits. In
	// PostgreSQL each update inside one transaction adds a version of the
	// count's row that every later update and read of it walks (migration
	// 0025); in SQLite counting each create took a trigger, and with it a
	// statement journal for every insert (migration 0033).
	CountInBatch() (start, end string)

	// CatchUp returns the statements that bring up to date what a Batch
	// left behind for after its answer (SQLite: the search index's
	// pending employees, migration 0035): the committer runs them in a
	// transaction of their own once no write waits (catch_up.go). nil
	// where a Batch leaves nothing.
	CatchUp() []string

	// CountCreate returns the statements that count an employee just
	// created outside a Batch (in its company's live count, its seq
	// block's, and the search index's pending notes), each taking the
	// company's id and the employee's creation number; none where a
	// trigger does (PostgreSQL).
	CountCreate() []string

	// SearchCandidates returns a query whose one column, seq, lists
	// every employee, of any company, whose search_fold may contain all
	// of words: a superset of the matches, found in an index of
	// search_fold that the backend maintains. "" when it has none, or
	// none of the words can use it. The words are folded, not empty and
	// hold no line feed; bind adds a parameter and returns its
	// placeholder. See search.go for how Employees uses it.
	SearchCandidates(words []string, bind func(v any) string) string
}

// Sender sends statements together on conn (see Dialect.SendTogether),
// and returns before their outcome is read: wait reads it, and must be
// called before anything else is sent on conn.
type Sender func(ctx context.Context, conn *sql.Conn, statements []Statement) (wait func() error)

// Statement is one statement of a Sender, its placeholders the
// dialect's.
type Statement struct {
	Query string
	Args  []any
	// Read, when set, reads the statement's rows; its error fails the
	// statements sent with it.
	Read func(Rows) error
	// Explain, when set, tells what the statement's own failure means to
	// the write that queued it (a unique violation: "taken"); the error
	// it returns is the one reported, wherever the statement was sent.
	Explain func(error) error
	// Resolves and Names are set on an employee's INSERT: the fold of
	// the value it resolves its manager from inside itself (refs.go's
	// employeeInsertResolving; "" for none), and the folds of what names
	// the employee it inserts (matchKeys). merged_writes.go merges the
	// other rows of writes whose inserts resolve, but only where none
	// resolves what names an employee of a write before it.
	Resolves string
	Names    []string
}

// Rows are the rows of a query, as Statement.Read reads them: those of
// database/sql or of the backend's own driver.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// LikePattern returns a LIKE pattern (for "LIKE ? ESCAPE '\'") matching
// text that contains, starts or ends with s, with %, _ and \ in s escaped.
// Both backends use it on the *_fold columns, where LIKE's own treatment
// of case does not matter.
func LikePattern(s string, prefix, suffix bool) string {
	var b strings.Builder
	if prefix {
		b.WriteByte('%')
	}
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	if suffix {
		b.WriteByte('%')
	}
	return b.String()
}

// placeholders is n "?" placeholders, comma-separated: an IN list or a
// VALUES row.
func placeholders(n int) string { return "?" + strings.Repeat(", ?", n-1) }

// rebind rewrites the "?" placeholders of q for d. Queries in this package
// hold no "?" inside string literals.
func rebind(d Dialect, q string) string {
	if d.Placeholder(1) == "?" {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString(d.Placeholder(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// DollarPlaceholder is Placeholder for PostgreSQL-style dialects.
func DollarPlaceholder(n int) string { return "$" + strconv.Itoa(n) }
