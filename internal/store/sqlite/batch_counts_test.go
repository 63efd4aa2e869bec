package sqlite

import (
	"fmt"
	"testing"

	"roster/internal/directory"
)

// A Batch counts its own creates at its end (migration 0033): the search
// index finds each as the Batch left it — renamed inside it by its new
// name only, deleted inside it not at all — an employee from before the
// Batch renamed inside it by its new name, and no note of the Batch
// outlives its transaction. The counts are checked on both backends by
// the store's BatchCountsAgree.
func TestBatchCreatesSearchedAsTheBatchLeftThem(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	c := seedSearch(t, s, 70) // Ada Lovelace among them, from before
	lovelace := searchIDs(t, s, c.ID, "lovelace")
	if len(lovelace) != 1 {
		t.Fatalf("before the Batch, lovelace finds %d", len(lovelace))
	}
	var renamed, deleted string
	err := s.Batch(ctx, c.ID, func(b directory.Batch) error {
		for i := range 150 { // more than the 64 pending notes a flush takes
			e := directory.Employee{ID: directory.NewEmployeeID(), UserName: fmt.Sprintf("new%03d@acme.example", i), Active: true,
				Name: directory.Name{GivenName: "Newcomer", FamilyName: fmt.Sprintf("Batchwise%03d", i)}}
			if err := b.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
				return err
			}
			switch i {
			case 10:
				renamed = e.ID
			case 20:
				deleted = e.ID
			}
		}
		if _, err := b.UpdateEmployee(ctx, renamed, directory.Actor{}, func(e *directory.Employee) error {
			e.Name.FamilyName = "Quixotic"
			return nil
		}); err != nil {
			return err
		}
		if err := b.DeleteEmployee(ctx, deleted, directory.Actor{}, nil); err != nil {
			return err
		}
		_, err := b.UpdateEmployee(ctx, lovelace[0], directory.Actor{}, func(e *directory.Employee) error {
			e.Name.FamilyName = "Byron"
			return nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word string
		want int
	}{
		{"newcomer", 149}, {"batchwise", 148}, {"quixotic", 1}, {"batchwise010", 0}, {"batchwise020", 0},
		{"batchwise021", 1}, {"lovelace", 0}, {"byron", 1},
	} {
		for _, narrow := range []bool{false, true} {
			if got := searchTotal(t, s, c.ID, []string{tc.word}, narrow); got != tc.want {
				t.Errorf("search %q (narrow %v) finds %d; want %d", tc.word, narrow, got, tc.want)
			}
		}
	}
	var notes int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM batch_creates`).Scan(&notes); err != nil || notes != 0 {
		t.Errorf("batch_creates holds %d rows after the Batch (%v); want none", notes, err)
	}
}

// searchIDs are the ids of the company's employees that a search for
// word finds.
func searchIDs(t *testing.T, s *Store, companyID, word string) []string {
	t.Helper()
	page, _, err := s.Employees(t.Context(), companyID, directory.EmployeeQuery{Search: []string{word}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(page))
	for i, e := range page {
		ids[i] = e.ID
	}
	return ids
}
