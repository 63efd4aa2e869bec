package postgres_test

import (
	"testing"

	"roster/internal/store/postgres"
	"roster/internal/store/storetest"
)

// TestMigrateConnectionLabels: 0007 makes the live labels of a database
// from before it unique (storetest.LabelMigration). The schema is
// migrated, 0007 undone, the duplicates written, then reopening runs 0007
// on them.
func TestMigrateConnectionLabels(t *testing.T) {
	storetest.LabelMigration(t, reopenUndone(t, []string{
		`DROP TABLE token_reveals`,
		`DROP INDEX connections_live_label`,
		`ALTER TABLE connections DROP COLUMN live_label_fold`,
		`DELETE FROM schema_migrations WHERE name = '0007_connection_labels.sql'`,
	}, storetest.LabelMigrationSeed))
}

// TestMigrateExternalIDs: 0010 moves externalIds to the connections that
// created their employees and stamps provenance
// (storetest.ExternalIDMigration).
func TestMigrateExternalIDs(t *testing.T) {
	storetest.ExternalIDMigration(t, reopenUndone(t, []string{
		`DROP TABLE attribute_owners`,
		`DROP TABLE employee_provenance`,
		`DROP TABLE employee_external_ids`,
		`ALTER TABLE employees DROP COLUMN last_connection_id`,
		`ALTER TABLE employees DROP COLUMN last_admin_id`,
		`ALTER TABLE employees ADD COLUMN external_id TEXT COLLATE "C"`,
		`CREATE INDEX employees_external_id ON employees (company_id, external_id)`,
		`DELETE FROM schema_migrations WHERE name = '0010_multisystem.sql'`,
	}, storetest.ExternalIDMigrationSeed))
}

// reopenUndone migrates a new schema, runs undo (reverting a migration)
// and seed on it, and reopens the store, which applies the migration
// again; the store is closed when the test ends.
func reopenUndone(t *testing.T, undo, seed []string) *postgres.Store {
	t.Helper()
	ctx := t.Context()
	s, u := openSchema(t)
	s.Close()
	db := rawDB(t, u)
	for _, q := range append(undo, seed...) {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	s, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestMigrateSeqBlocks: 0028 counts the employees already there by block
// (storetest.SeqBlocksMigration). The seed is written with the live-count
// trigger off: the 0028 one it would run counts blocks into a table that
// is not there yet. 0030, which replaces 0028's trigger function, is
// undone too (its trigger of inserts dropped) and applied again after it.
func TestMigrateSeqBlocks(t *testing.T) {
	seed := append(storetest.SeqBlocksMigrationSeed("OVERRIDING SYSTEM VALUE"), `ALTER TABLE employees ENABLE TRIGGER employees_live`)
	s := reopenUndone(t, []string{
		`DROP TABLE employee_blocks`,
		`ALTER TABLE employees DISABLE TRIGGER employees_live`,
		`DROP TRIGGER employees_live_created ON employees`,
		`DELETE FROM schema_migrations WHERE name IN ('0028_seq_blocks.sql', '0030_batch_counts_created.sql')`,
	}, seed)
	storetest.SeqBlocksMigration(t, s, s.DB())
}

// TestOpenRefusesNewerFloor: a schema whose floor a newer build raised
// past this one's migrations is not opened (sqlstore's
// migration_floor.go), and the refusal names the migration.
func TestOpenRefusesNewerFloor(t *testing.T) {
	s, u := openSchema(t)
	s.Close()
	storetest.RaiseFloor(t, rawDB(t, u))
	s, err := postgres.Open(t.Context(), u, postgres.Options{})
	if err == nil {
		s.Close()
	}
	storetest.CheckFloorRefusal(t, "Open", err)
}
