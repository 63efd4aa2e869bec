package sqlite

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
	"roster/internal/store/sqlstore"
	"roster/internal/store/storetest"
)

// TestMigrate: a failing migration changes nothing and is not recorded;
// once fixed it applies, and applied migrations never run again.
func TestMigrate(t *testing.T) {
	ctx := t.Context()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db")+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	fsys := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("-- first\nCREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (1);\n")},
		"migrations/0002_b.sql": {Data: []byte("CREATE TABLE b (x INTEGER);\nINSERT INTO missing VALUES (1);\n")},
	}
	if err := sqlstore.Migrate(ctx, db, Dialect{}, fsys, time.Now); err == nil {
		t.Fatal("Migrate with a broken migration succeeded")
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'").Scan(&n); err != nil || n != 0 {
		t.Errorf("table b of the failed migration exists (%d, %v)", n, err)
	}
	fsys["migrations/0002_b.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE b (x INTEGER);\n")}
	for range 2 {
		if err := sqlstore.Migrate(ctx, db, Dialect{}, fsys, time.Now); err != nil {
			t.Fatal(err)
		}
	}
	// 0001 ran once: a holds one row.
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM a").Scan(&n); err != nil || n != 1 {
		t.Errorf("a holds %d rows (%v); want 1", n, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != 2 {
		t.Errorf("schema_migrations holds %d rows (%v); want 2", n, err)
	}
}

// TestMigrateManagers: 0002 keeps the managers stored by 0001 (ids as
// sent): those naming an employee of the same company resolve, the others
// stay pending and resolve when their employee appears.
func TestMigrateManagers(t *testing.T) {
	ctx := t.Context()
	s := openSeeded(t, "0002", []string{
		`INSERT INTO companies (id, name, created_us) VALUES ('c1', 'Acme', 1), ('c2', 'Other', 1)`,
		`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version, manager_id, display_name)
		VALUES ('boss', 'c1', 'boss@x', 'boss@x', 1, 1, 1, 1, 1, NULL, 'The Boss'),
		('e1', 'c1', 'e1@x', 'e1@x', 1, 1, 1, 1, 1, 'boss', NULL),
		('e2', 'c1', 'e2@x', 'e2@x', 1, 1, 1, 1, 1, 'Later-ID', NULL),
		('e3', 'c1', 'e3@x', 'e3@x', 1, 1, 1, 1, 1, 'other', NULL),
		('other', 'c2', 'o@x', 'o@x', 1, 1, 1, 1, 1, NULL, NULL)`,
	})
	manager := func(id string) directory.Reference {
		t.Helper()
		e, err := s.Employee(ctx, "c1", id)
		if err != nil {
			t.Fatal(err)
		}
		return e.Manager
	}
	if got, want := manager("e1"), (directory.Reference{Value: "boss", TargetID: "boss", TargetName: "The Boss", TargetEmail: "boss@x"}); got != want {
		t.Errorf("e1's manager = %+v; want %+v", got, want)
	}
	if got := manager("e2"); got != (directory.Reference{Value: "Later-ID"}) {
		t.Errorf("e2's manager = %+v; want pending", got)
	}
	if got := manager("e3"); got != (directory.Reference{Value: "other"}) {
		t.Errorf("e3's manager = %+v; want pending (another company's id)", got)
	}
	later := directory.Employee{ID: "Later-ID", CompanyID: "c1", UserName: "later@x", Active: true}
	if err := s.CreateEmployee(ctx, &later, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	if got := manager("e2"); got.TargetID != "Later-ID" {
		t.Errorf("e2's manager after its employee appeared = %+v; want resolved", got)
	}
}

// TestMigrateConnectionLabels: 0007 makes the live labels of a database
// from before it unique (storetest.LabelMigration).
func TestMigrateConnectionLabels(t *testing.T) {
	storetest.LabelMigration(t, openSeeded(t, "0007", storetest.LabelMigrationSeed))
}

// TestMigrateExternalIDs: 0010 moves externalIds to the connections that
// created their employees and stamps provenance (storetest.ExternalIDMigration).
func TestMigrateExternalIDs(t *testing.T) {
	storetest.ExternalIDMigration(t, openSeeded(t, "0010", storetest.ExternalIDMigrationSeed))
}

// openSeeded migrates a new database with the migrations named before
// before, runs seed on it, then opens the store on it, which applies the
// others; the store is closed when the test ends.
func openSeeded(t *testing.T, before string, seed []string) *Store {
	t.Helper()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "roster.db")
	db, err := sql.Open("sqlite", path+"?_txlock=immediate&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, e := range entries {
		if e.Name() < before {
			data, err := migrations.ReadFile("migrations/" + e.Name())
			if err != nil {
				t.Fatal(err)
			}
			fsys[e.Name()] = &fstest.MapFile{Data: data}
		}
	}
	if err := sqlstore.Migrate(ctx, db, Dialect{}, fsys, time.Now); err != nil {
		t.Fatal(err)
	}
	for _, q := range seed {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	db.Close()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestReadyNamesMissingMigrations: a database whose schema is behind this
// build (an older file put back, a migration rolled back by hand) is not
// ready, and the reason names what is missing.
func TestReadyNamesMissingMigrations(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready after Open: %v", err)
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM schema_migrations WHERE name = '0005_search.sql'`); err != nil {
		t.Fatal(err)
	}
	err := s.Ready(ctx)
	if err == nil || !strings.Contains(err.Error(), "0005_search.sql") {
		t.Fatalf("Ready with 0005 unrecorded = %v, want an error naming 0005_search.sql", err)
	}
	if directory.ErrorCode(err) == directory.EUnavailable {
		t.Errorf("a schema behind the build reported as a database outage: %v", err)
	}
}

// TestMigrateSeqBlocks: 0028 counts the employees already there by block
// (storetest.SeqBlocksMigration).
func TestMigrateSeqBlocks(t *testing.T) {
	s := openSeeded(t, "0028", storetest.SeqBlocksMigrationSeed(""))
	storetest.SeqBlocksMigration(t, s, s.w)
}

// TestMigrateDetailsClustered: 0029 copies the emails, external ids and
// attribute values into their clustered tables whole, and the store
// reads and finds them there.
func TestMigrateDetailsClustered(t *testing.T) {
	s := openSeeded(t, "0029", []string{
		`INSERT INTO companies (id, name, created_us) VALUES ('c1', 'Acme', 1)`,
		`INSERT INTO connections (id, company_id, label, token_hash, created_us) VALUES ('n1', 'c1', 'Okta', X'01', 1)`,
		`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version)
			VALUES ('e1', 'c1', 'ada', 'ada', TRUE, 1, 1, 1, 1), ('e2', 'c1', 'bob', 'bob', TRUE, 1, 1, 1, 1)`,
		`INSERT INTO employee_emails (employee_id, company_id, position, value, value_fold, type, type_fold, is_primary)
			VALUES ('e1', 'c1', 0, 'Ada@Example.com', 'ada@example.com', 'work', 'work', 1), ('e1', 'c1', 1, 'ada@home.example', 'ada@home.example', NULL, NULL, 0)`,
		`INSERT INTO employee_external_ids (employee_id, company_id, connection_id, value) VALUES ('e1', 'c1', 'n1', 'ext-1'), ('e2', 'c1', 'n1', 'ext-2')`,
		`INSERT INTO attribute_defs (id, company_id, name, type, created_us) VALUES ('a1', 'c1', 'Level', 'number', 1)`,
		`INSERT INTO attribute_names (attribute_id, company_id, position, name, name_fold) VALUES ('a1', 'c1', 0, 'Level', 'level')`,
		`INSERT INTO employee_attribute_values (employee_id, attribute_id, company_id, number_value) VALUES ('e1', 'a1', 'c1', 3)`,
	})
	ctx := t.Context()
	e, err := s.Employee(ctx, "c1", "e1")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Emails) != 2 || e.Emails[0].Value != "Ada@Example.com" || !e.Emails[0].Primary || e.Emails[1].Value != "ada@home.example" {
		t.Errorf("emails after the migration: %+v", e.Emails)
	}
	if len(e.ExternalIDs) != 1 || e.ExternalIDs[0] != (directory.ExternalID{ConnectionID: "n1", Value: "ext-1"}) {
		t.Errorf("external ids after the migration: %+v", e.ExternalIDs)
	}
	if e.Attributes["a1"].Number != 3 {
		t.Errorf("attribute values after the migration: %+v", e.Attributes)
	}
	for _, tc := range []struct{ filter, want string }{
		{`emails.value eq "ada@home.example"`, "e1"},
		{`externalId eq "ext-2"`, "e2"},
		{`Level eq 3`, "e1"},
	} {
		defs, err := s.Attributes(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		expr, err := filter.Parse(schema.UserType(directory.CompanySchema(defs)), tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		page, _, err := s.Employees(ctx, "c1", directory.EmployeeQuery{Filter: expr, ViewerConnectionID: "n1", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 1 || page[0].ID != tc.want {
			t.Errorf("%s after the migration: %d employees, want %s alone", tc.filter, len(page), tc.want)
		}
	}
}

// TestOpenRefusesNewerFloor: a database whose floor a newer build raised
// past this one's migrations is not opened (migration_floor.go), and the
// refusal names the migration; this build's own floor (0034's) is no
// obstacle to it.
func TestOpenRefusesNewerFloor(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roster.db")
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.RaiseFloor(t, s.w)
	s.Close()
	s, err = Open(t.Context(), path, Options{})
	if err == nil {
		s.Close()
	}
	storetest.CheckFloorRefusal(t, "Open", err)
}
