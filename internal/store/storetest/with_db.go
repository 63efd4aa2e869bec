package storetest

import (
	"database/sql"
	"testing"

	"roster/internal/directory"
)

// RunWithDB runs the checks that read a backend's tables themselves,
// through db, its database (the counts a Batch keeps, the details that
// go with an employee, the migrations' floor), each on a store that open returns.
func RunWithDB(t *testing.T, open func(t *testing.T) (directory.Store, *sql.DB)) {
	for _, c := range []struct {
		name  string
		check func(*testing.T, directory.Store, *sql.DB)
	}{
		{"BatchCountsAgree", BatchCountsAgree},
		{"BatchCountsAgreeConcurrently", BatchCountsAgreeConcurrently},
		{"DetailsFollowTheirEmployee", DetailsFollowTheirEmployee},
		{"NewerFloorNotReady", NewerFloorNotReady},
		{"StrandedReferencesResolved", StrandedReferencesResolved},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, db := open(t)
			c.check(t, s, db)
		})
	}
}
