package sqlstore

import (
	"context"
	"strings"

	"roster/internal/directory"
)

// callerQuery reads a token's connection, its company and the company's
// attributes version in one statement: one round trip per SCIM request.
var callerQuery = callerSelect + callerFrom

// callerSelect and callerFrom are callerQuery's select list and the rest.
var (
	callerSelect = `SELECT ` + prefixed("n", connectionColumns) + `, ` + prefixed("co", companyColumns) + `, co.attributes_version`
	callerFrom   = ` FROM connections n JOIN companies co ON co.id = n.company_id WHERE n.token_hash = ?`
)

// callerQueryWith is callerQuery with one more column, column, after the
// caller's.
func callerQueryWith(column string) string { return callerSelect + ", " + column + callerFrom }

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// CallerByTokenHash implements directory.CallerStore.
func (s *Store) CallerByTokenHash(ctx context.Context, hash []byte) (directory.Caller, error) {
	c, _, err := s.CallerByTokenHashWith(ctx, hash, "")
	return c, err
}

// CallerByTokenHashWith is CallerByTokenHash that also reads column, an
// integer expression, in the caller's statement: of the same snapshot
// (SQLite's generation of callers, remembered_callers.go). With column
// "", it reads the caller alone, and value is 0.
func (s *Store) CallerByTokenHashWith(ctx context.Context, hash []byte, column string) (_ directory.Caller, value int64, _ error) {
	var c callerRow
	query, dest := callerQuery, c.dest()
	if column != "" {
		query, dest = callerQueryWith(column), append(dest, &value)
	}
	err := s.r.h().QueryRowContext(ctx, query, hash).Scan(dest...)
	if isNoRows(err) {
		err = noCaller()
	}
	if err != nil {
		return directory.Caller{}, 0, s.wrap("caller by token", err)
	}
	return c.value(), value, nil
}

// ChecksCallers implements directory.CallerChecker: where statements are
// sent together, a read's BEGIN carries the caller's query along, and
// the check costs no round trip. On SQLite the check inside a read's
// transaction measured no faster over HTTP, twice (eleventh and
// fourteenth rounds): the statement bound to the transaction costs about
// the transaction it saves, and holding the answer costs more.
func (s *Store) ChecksCallers() bool { return s.d.SendTogether() != nil }

// checkCaller queues the query of check's caller in tx, a read whose
// statements are sent together, and sets check when its rows are read.
func checkCaller(ctx context.Context, tx handle, check *directory.CallerCheck) error {
	return tx.queryLater(ctx, func(r Rows) error {
		var c callerRow
		check.Caller, check.Err = directory.Caller{}, noCaller()
		if r.Next() {
			if err := r.Scan(c.dest()...); err != nil {
				return err
			}
			check.Caller, check.Err = c.value(), nil
		}
		check.Read = true
		return r.Err()
	}, callerQuery, check.TokenHash)
}

// withCallerCheck is fn reading the request's caller first, when the
// request asks for it (directory.CallerCheck): queued before fn's
// statements, it goes with them.
func withCallerCheck(ctx context.Context, fn func(tx handle) error) func(tx handle) error {
	check := directory.CallerCheckOf(ctx)
	if check == nil {
		return fn
	}
	return func(tx handle) error {
		if err := checkCaller(ctx, tx, check); err != nil {
			return err
		}
		return fn(tx)
	}
}

func noCaller() error { return directory.NotFound("no connection holds this token") }

// callerRow is a row of callerQuery.
type callerRow struct {
	conn    connectionRow
	company companyRow
	version int64
}

func (c *callerRow) dest() []any {
	return append(append(c.conn.dest(), c.company.dest()...), &c.version)
}

func (c *callerRow) value() directory.Caller {
	return directory.Caller{Connection: c.conn.value(), Company: c.company.value(), AttributesVersion: c.version}
}

// AttributesVersioned implements directory.CallerStore: the definitions
// and the version are read in one snapshot.
func (s *Store) AttributesVersioned(ctx context.Context, companyID string) ([]directory.AttributeDef, int64, error) {
	var defs []directory.AttributeDef
	var version int64
	err := s.read(ctx, func(tx handle) error {
		if err := tx.QueryRowContext(ctx, `SELECT attributes_version FROM companies WHERE id = ?`, companyID).Scan(&version); err != nil {
			if isNoRows(err) {
				return directory.NotFound("company %q not found", companyID)
			}
			return err
		}
		var err error
		defs, err = s.loadAttributes(ctx, tx, companyID, "")
		return err
	})
	if err != nil {
		return nil, 0, s.wrap("attributes", err)
	}
	return defs, version, nil
}
