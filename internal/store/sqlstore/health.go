package sqlstore

import (
	"context"
	"fmt"
	"path"
	"strings"
)

// Ready implements directory.HealthStore: every pool answers a ping (a
// round trip on one of its connections, opening one if need be) and
// every migration of this build is recorded in schema_migrations. A
// database migrated further by a newer instance is ready, unless its
// floor needs a migration this build does not have (migration_floor.go).
func (s *Store) Ready(ctx context.Context) error {
	for _, p := range []*pool{s.w, s.r} {
		if err := p.db.PingContext(ctx); err != nil {
			return s.wrap("ready", err)
		}
	}
	files, err := migrationFiles(s.migrations)
	if err != nil {
		return s.wrap("ready", err)
	}
	applied := map[string]bool{}
	err = s.read(ctx, func(tx handle) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_migrations`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			applied[name] = true
		}
		return rows.Err()
	})
	if err != nil {
		return s.wrap("ready", err)
	}
	var missing []string
	for _, f := range files {
		if name := path.Base(f); !applied[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: ready: migrations not applied: %s", s.d.Name(), strings.Join(missing, ", "))
	}
	if err := s.read(ctx, func(tx handle) error { return checkFloor(ctx, tx, files) }); err != nil {
		return fmt.Errorf("%s: ready: %w", s.d.Name(), err)
	}
	return nil
}
