package postgres_test

import (
	"testing"

	"roster/internal/directory"
)

// A group of one company's writes (sqlstore/company_commit.go) reads what
// they need to know of the company once, under its lock, and keeps it for
// the group (sqlstore/batch_facts.go): so a write that leaves a reference
// pending must make the group's later writes resolve it. Here a report is
// created with a manager not there yet, then the manager, in one group.
func TestGroupedWritesShareCompanyFacts(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := t.Context()
	first := directory.Employee{ID: directory.NewID(), CompanyID: company.ID, UserName: "first@example.com", Active: true}
	report := directory.Employee{ID: directory.NewID(), CompanyID: company.ID, UserName: "report@example.com", Active: true,
		Manager: directory.Reference{Value: "boss@example.com"}}
	boss := directory.Employee{ID: directory.NewID(), CompanyID: company.ID, UserName: "boss@example.com", Active: true}
	other := directory.Employee{ID: directory.NewID(), CompanyID: company.ID, UserName: "other@example.com", Active: true}
	create := func(e *directory.Employee) func() error {
		return func() error { return s.CreateEmployee(ctx, e, directory.Actor{}) }
	}
	errs, statements := inOneGroup(t, s, rawDB(t, u), company.ID, create(&first), create(&other), create(&report), create(&boss))
	for i, err := range errs {
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	got, err := s.Employee(ctx, company.ID, report.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Manager.TargetID != boss.ID {
		t.Errorf("report's manager %+v; want resolved to the boss created after it in the group", got.Manager)
	}
	// 9 round trips for the four creates; 10 when each grouped write read
	// the facts itself.
	if statements > 9 {
		t.Errorf("%d statements for 4 creates, want 9 at most: the group's writes read the company's facts once", statements)
	}
}
