package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// LabelMigrationSeed is written, by a backend's test, into a database
// migrated up to 0006 (before connection labels were unique): company c1
// holds live duplicates of "Okta", a live "Okta (2)" that the first
// renaming collides with, a revoked "Okta" and a rotation chain f → g;
// company c2 holds its own "Okta". Times are creation order.
var LabelMigrationSeed = []string{
	`INSERT INTO companies (id, name, created_us) VALUES ('c1', 'Acme', 1), ('c2', 'Globex', 1)`,
	`INSERT INTO connections (id, company_id, label, token_hash, created_us, revoked_us) VALUES
		('a', 'c1', 'Okta', 'hash-a', 1, NULL),
		('b', 'c1', 'okta', 'hash-b', 2, NULL),
		('c', 'c1', 'OKTA', 'hash-c', 3, NULL),
		('d', 'c1', 'Okta (2)', 'hash-d', 4, NULL),
		('e', 'c1', 'Okta', 'hash-e', 5, 6),
		('f', 'c1', 'Okta', 'hash-f', 6, 9000000000000000),
		('g', 'c1', 'Okta', 'hash-g', 7, NULL),
		('h', 'c2', 'Okta', 'hash-h', 1, NULL)`,
	`INSERT INTO connection_rotations (connection_id, replaced_by, rotated_us) VALUES ('f', 'g', 7)`,
}

// LabelMigration checks the store that migration 0007 made of
// LabelMigrationSeed: later live duplicates renamed in creation order, a
// taken new name replaced by one with the connection id, connections
// that are not live untouched, and the rule enforced from then on.
func LabelMigration(t *testing.T, s directory.Store) {
	ctx := t.Context()
	labels := map[string]string{}
	for _, company := range []string{"c1", "c2"} {
		conns, err := s.Connections(ctx, company)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range conns {
			labels[c.ID] = c.Label
		}
	}
	wantEqual(t, "labels after 0007", labels, map[string]string{
		"a": "Okta", "b": "okta (2)", "c": "OKTA (3)", "d": "Okta (2) (d)",
		"e": "Okta", "f": "Okta", "g": "Okta (4)", "h": "Okta",
	})
	for _, label := range []string{"OKTA", "Okta (3)", "okta (4)", "OKTA (2) (D)"} {
		_, hash := directory.NewToken()
		err := s.CreateConnection(ctx, &directory.Connection{ID: directory.NewID(), CompanyID: "c1", Label: label, TokenHash: hash})
		wantCode(t, err, directory.EConflict)
	}
	_, hash := directory.NewToken()
	next := directory.Connection{ID: directory.NewID(), Label: "Okta (4)", TokenHash: hash}
	if err := s.RotateConnection(ctx, "g", &next, time.Now()); err != nil {
		t.Errorf("rotating a renamed connection: %v", err)
	}
}
