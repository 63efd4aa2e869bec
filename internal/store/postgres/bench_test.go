package postgres_test

import (
	"fmt"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/postgres"
)

// benchThousand measures writing 1000 new employees (each with an email
// and a manager, pending until the next one arrives) by create.
func benchThousand(b *testing.B, create func(s *postgres.Store, companyID string, list []directory.Employee) error) {
	s := openTest(b)
	defer s.Close()
	c := directory.Company{ID: directory.NewID(), Name: "Bench"}
	if err := s.CreateCompany(b.Context(), &c); err != nil {
		b.Fatal(err)
	}
	round := 0
	for b.Loop() {
		round++
		list := make([]directory.Employee, 1000)
		for i := range list {
			name := func(i int) string { return fmt.Sprintf("r%d-u%d@example.com", round, i) }
			list[i] = directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: name(i), Active: true,
				Emails:  []directory.Email{{Value: name(i), Type: "work", Primary: true}},
				Manager: directory.Reference{Value: name(i + 1)}}
		}
		if err := create(s, c.ID, list); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkThousandCreates: 1000 CreateEmployee calls, one commit each.
func BenchmarkThousandCreates(b *testing.B) {
	benchThousand(b, func(s *postgres.Store, _ string, list []directory.Employee) error {
		for i := range list {
			if err := s.CreateEmployee(b.Context(), &list[i], directory.Actor{}); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkThousandCreatesBatch: the same creates in one Batch.
func BenchmarkThousandCreatesBatch(b *testing.B) {
	benchThousand(b, func(s *postgres.Store, companyID string, list []directory.Employee) error {
		return s.Batch(b.Context(), companyID, func(bt directory.Batch) error {
			for i := range list {
				if err := bt.CreateEmployee(b.Context(), &list[i], directory.Actor{}); err != nil {
					return err
				}
			}
			return nil
		})
	})
}
