package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// ExternalIDMigrationSeed is written, by a backend's test, into a
// database migrated up to 0007 (externalId one column of employees):
// e1 created by connection a, e2 by an administrator, both with an
// externalId and a title; e3 without externalId; e1 deactivated by a.
var ExternalIDMigrationSeed = []string{
	`INSERT INTO companies (id, name, created_us) VALUES ('c1', 'Acme', 1)`,
	`INSERT INTO connections (id, company_id, label, token_hash, created_us) VALUES ('a', 'c1', 'Entra', 'hash-a', 1)`,
	`INSERT INTO employees (id, company_id, user_name, user_name_fold, external_id, title, title_fold, active, status_changed_us, created_us, modified_us, version, source_connection_id)
	VALUES ('e1', 'c1', 'e1@x', 'e1@x', 'X1', 'Engineer', 'engineer', false, 5, 1, 7, 2, 'a'),
	('e2', 'c1', 'e2@x', 'e2@x', 'X2', 'Analyst', 'analyst', true, 1, 1, 8, 1, NULL),
	('e3', 'c1', 'e3@x', 'e3@x', NULL, NULL, NULL, true, 1, 1, 1, 1, 'a')`,
	`INSERT INTO status_changes (company_id, employee_id, active, at_us, connection_id) VALUES
	('c1', 'e1', true, 1, 'a'), ('c1', 'e1', false, 5, 'a'), ('c1', 'e2', true, 1, NULL)`,
}

// ExternalIDMigration checks the store that migration 0010 made of
// ExternalIDMigrationSeed: each externalId belongs to the connection that
// created its employee (unattributed when none did), existing attributes
// are stamped with the creator, active with its latest status change.
func ExternalIDMigration(t *testing.T, s directory.Store) {
	ctx := t.Context()
	get := func(id string) directory.Employee {
		t.Helper()
		e, err := s.Employee(ctx, "c1", id)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	e1, e2, e3 := get("e1"), get("e2"), get("e3")
	wantEqual(t, "e1's externalIds", e1.ExternalIDs, []directory.ExternalID{{ConnectionID: "a", Value: "X1"}})
	wantEqual(t, "e2's externalIds", e2.ExternalIDs, []directory.ExternalID{{ConnectionID: "", Value: "X2"}})
	wantEqual(t, "e3's externalIds", len(e3.ExternalIDs), 0)
	expr, err := filter.Parse(schema.UserType(nil), `externalId eq "X1"`)
	if err != nil {
		t.Fatal(err)
	}
	page, _, err := s.Employees(ctx, "c1", directory.EmployeeQuery{Filter: expr, ViewerConnectionID: "a", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "a's externalId eq", userNames(page), []string{"e1@x"})

	a := directory.Actor{ConnectionID: "a"}
	wantEqual(t, "e1's provenance", e1.Provenance, directory.Provenance{
		"userName": {Actor: a, At: time.UnixMicro(7).UTC()},
		"title":    {Actor: a, At: time.UnixMicro(7).UTC()},
		"active":   {Actor: a, At: time.UnixMicro(5).UTC()},
	})
	wantEqual(t, "e2's title: unattributed", e2.Provenance["title"], directory.SetBy{At: time.UnixMicro(8).UTC()})
	wantEqual(t, "e1's last writer", e1.LastWriter, a)
	// Unattributed counts as another's: a's PUT without title keeps e2's.
	put := e2
	put.Title = ""
	directory.KeepOthers(&e2, &put, "a")
	wantEqual(t, "e2's title after a's PUT", put.Title, "Analyst")
}
