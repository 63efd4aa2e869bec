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
	var names []string
	err = s.read(ctx, func(tx handle) error {
		var err error
		names, err = queryTexts(ctx, tx, `SELECT name FROM schema_migrations`)
		return err
	})
	if err != nil {
		return s.wrap("ready", err)
	}
	applied := make(map[string]bool, len(names))
	for _, name := range names {
		applied[name] = true
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
