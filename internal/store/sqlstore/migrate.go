package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// Migrate applies the *.sql files of fsys (in the root or, when there is
// one, a "migrations" directory) that are not yet recorded in the
// schema_migrations table, in name order, each in its own transaction
// together with the row that records it. A failing migration leaves the
// database as the previous one left it.
//
// Migrations are never edited once released: a change is a new file.
// Last it checks the database's floor (migration_floor.go): a database
// that needs migrations this build does not have is refused.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, fsys fs.FS, now func() time.Time) error {
	names, err := migrationFiles(fsys)
	if err != nil {
		return fmt.Errorf("%s: migrate: %w", d.Name(), err)
	}
	if err := createMigrationsTable(ctx, db, d); err != nil {
		return fmt.Errorf("%s: migrate: create schema_migrations: %w", d.Name(), err)
	}
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("%s: migrate: %w", d.Name(), err)
		}
		if err := migrateOne(ctx, db, d, path.Base(name), string(body), now); err != nil {
			return fmt.Errorf("%s: migrate %s: %w", d.Name(), path.Base(name), err)
		}
	}
	if err := checkFloor(ctx, db, names); err != nil {
		return fmt.Errorf("%s: migrate: %w", d.Name(), err)
	}
	return nil
}

// migrationFiles returns the paths of fsys's migrations in the order they
// apply: the *.sql files in the root or, when there is one, in a
// "migrations" directory.
func migrationFiles(fsys fs.FS) ([]string, error) {
	dir := "."
	if fi, err := fs.Stat(fsys, "migrations"); err == nil && fi.IsDir() {
		dir = "migrations"
	}
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	sort.Strings(names)
	return names, err
}

// createMigrationsTable creates schema_migrations (and schema_floor,
// migration_floor.go) under the migration
// lock: on PostgreSQL, two instances starting on an empty database at once
// would otherwise race in CREATE TABLE IF NOT EXISTS (its catalog check is
// not atomic with the insert) and one would fail.
func createMigrationsTable(ctx context.Context, db *sql.DB, d Dialect) (err error) {
	tx, err := beginLocked(ctx, db, d)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY,
		applied_us BIGINT NOT NULL
	)`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, createFloorTable); err != nil {
		return err
	}
	return tx.Commit()
}

// beginLocked begins a transaction holding the dialect's migration lock
// (Dialect.MigrationLock; none when write transactions already exclude
// each other).
func beginLocked(ctx context.Context, db *sql.DB, d Dialect) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if lock := d.MigrationLock(); lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

func migrateOne(ctx context.Context, db *sql.DB, d Dialect, name, body string, now func() time.Time) (err error) {
	tx, err := beginLocked(ctx, db, d)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	// Checked inside the transaction: another process may have applied
	// the migration while this one waited for the lock.
	var n int
	if err := tx.QueryRowContext(ctx, rebind(d, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`), name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return tx.Rollback()
	}
	for _, stmt := range splitStatements(body) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%w\n%s", err, stmt)
		}
	}
	if _, err := tx.ExecContext(ctx, rebind(d, `INSERT INTO schema_migrations (name, applied_us) VALUES (?, ?)`), name, now().UnixMicro()); err != nil {
		return err
	}
	return tx.Commit()
}

// splitStatements splits a migration at semicolons that end a line, after
// dropping "--" comment lines, so that an error names its statement and
// drivers that take one statement per Exec work. Migrations therefore put
// no semicolon at a line end inside a statement (no triggers with bodies).
func splitStatements(body string) []string {
	var stmts []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			stmts = append(stmts, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		stmts = append(stmts, s)
	}
	return stmts
}
