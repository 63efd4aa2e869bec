package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"roster/internal/store/sqlstore"
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
