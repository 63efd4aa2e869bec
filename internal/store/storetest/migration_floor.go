package storetest

import (
	"database/sql"
	"strings"
	"testing"

	"roster/internal/directory"
)

// FutureFloor is a migration no build has: a database whose floor names
// it was migrated by a newer roster that this build must not write.
const FutureFloor = "9999_from_a_newer_build.sql"

// RaiseFloor raises db's floor to FutureFloor, as a newer build's
// migration would.
func RaiseFloor(t *testing.T, db *sql.DB) {
	t.Helper()
	if _, err := db.ExecContext(t.Context(), `INSERT INTO schema_floor (name) VALUES ('`+FutureFloor+`')`); err != nil {
		t.Fatal(err)
	}
}

// NewerFloorNotReady: a running store is ready until a newer build
// raises the database's floor past it; then it is not, and says why —
// not as an outage, which a probe would retry.
func NewerFloorNotReady(t *testing.T, s directory.Store, db *sql.DB) {
	ctx := t.Context()
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready before the floor was raised: %v", err)
	}
	RaiseFloor(t, db)
	err := s.Ready(ctx)
	CheckFloorRefusal(t, "Ready", err)
	if directory.ErrorCode(err) == directory.EUnavailable {
		t.Errorf("a database too new for this build reported as an outage: %v", err)
	}
}

// CheckFloorRefusal fails t unless err (what did) refuses the database
// for its floor, naming the migration this build lacks.
func CheckFloorRefusal(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), FutureFloor) || !strings.Contains(err.Error(), "newer roster") {
		t.Fatalf("%s on a database whose floor is %s = %v, want a refusal naming it", what, FutureFloor, err)
	}
}
