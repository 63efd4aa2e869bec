package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path"
	"strings"

	"roster/internal/directory"
)

// A database's floor is the migrations a build must have to write it:
// the names in schema_floor. Migrations only add, and most leave the
// database fit for builds that came before them — an instance that has
// not been upgraded yet keeps serving a database a newer one migrated.
// A migration that changes what a write must do (SQLite's 0033, whose
// Batches count their own creates, where an older build's creates would
// not be counted at all) adds its name to schema_floor: from then on a
// build without that migration refuses to open the database, and an
// instance of it already running stops being ready (Ready).
//
// Builds before the floor existed do not read it: the guard holds for
// the builds that follow, not the ones already shipped.

// floorQuerier is what reading the floor needs: a *sql.DB, *sql.Tx or
// handle.
type floorQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// createFloorTable is schema_floor's definition; it is created with
// schema_migrations, before any migration, so that every migration may
// raise the floor and every build may read it.
const createFloorTable = `CREATE TABLE IF NOT EXISTS schema_floor (
	name TEXT PRIMARY KEY
)`

// checkFloor fails when the database's floor names a migration that is
// not among files (this build's migrations).
func checkFloor(ctx context.Context, q floorQuerier, files []string) error {
	known := make(map[string]bool, len(files))
	for _, f := range files {
		known[path.Base(f)] = true
	}
	rows, err := q.QueryContext(ctx, `SELECT name FROM schema_floor ORDER BY name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var unknown []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%s%s, which writing it needs; this build must not write to it: run that newer roster (or a later one) instead",
			directory.NewerDatabase, strings.Join(unknown, ", "))
	}
	return nil
}
