package postgres_test

import (
	"database/sql"
	"testing"

	"roster/internal/store/postgres"
	"roster/internal/store/storetest"
)

// TestMigrateConnectionLabels: 0007 makes the live labels of a database
// from before it unique (storetest.LabelMigration). The schema is
// migrated, 0007 undone, the duplicates written, then reopening runs 0007
// on them.
func TestMigrateConnectionLabels(t *testing.T) {
	ctx := t.Context()
	s, u := openSchema(t)
	s.Close()
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	undo := []string{
		`DROP TABLE token_reveals`,
		`DROP INDEX connections_live_label`,
		`ALTER TABLE connections DROP COLUMN live_label_fold`,
		`DELETE FROM schema_migrations WHERE name = '0007_connection_labels.sql'`,
	}
	for _, q := range append(undo, storetest.LabelMigrationSeed...) {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	s, err = postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.LabelMigration(t, s)
}
