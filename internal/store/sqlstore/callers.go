package sqlstore

import (
	"context"
	"strings"

	"roster/internal/directory"
)

// callerQuery reads a token's connection, its company and the company's
// attributes version in one statement: one round trip per SCIM request.
var callerQuery = `SELECT ` + prefixed("n", connectionColumns) + `, ` + prefixed("co", companyColumns) +
	`, co.attributes_version FROM connections n JOIN companies co ON co.id = n.company_id WHERE n.token_hash = ?`

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
	var conn connectionRow
	var company companyRow
	var version int64
	err := s.r.h().QueryRowContext(ctx, callerQuery, hash).Scan(append(append(conn.dest(), company.dest()...), &version)...)
	if isNoRows(err) {
		err = directory.NotFound("no connection holds this token")
	}
	if err != nil {
		return directory.Caller{}, s.wrap("caller by token", err)
	}
	return directory.Caller{Connection: conn.value(), Company: company.value(), AttributesVersion: version}, nil
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
