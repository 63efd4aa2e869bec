package storetest

import (
	"fmt"
	"testing"

	"roster/internal/directory"
)

// BenchThousandCreates measures writing 1000 new employees (each with an
// email and a manager, pending until the next one arrives) on the store
// that open returns, either with one CreateEmployee (one commit) each or
// all in one Batch. Every backend's benchmarks call it, so their numbers
// compare.
func BenchThousandCreates(b *testing.B, open func(testing.TB) directory.Store, inBatch bool) {
	s := open(b)
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
		var err error
		if inBatch {
			err = s.Batch(b.Context(), c.ID, func(bt directory.Batch) error {
				for i := range list {
					if err := bt.CreateEmployee(b.Context(), &list[i], directory.Actor{}); err != nil {
						return err
					}
				}
				return nil
			})
		} else {
			for i := range list {
				if err = s.CreateEmployee(b.Context(), &list[i], directory.Actor{}); err != nil {
					break
				}
			}
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchThousandCreatesAttributes measures what a SCIM Bulk request of
// 1,000 creates asks of the store when each employee carries a value of
// each of a customer's attributes (SyncLoad.Attributes): one Batch of
// creates with time-ordered ids, as the API makes them.
func BenchThousandCreatesAttributes(b *testing.B, open func(testing.TB) directory.Store) {
	s := open(b)
	defer s.Close()
	c, attributes := attributesCompany(b, s)
	made := int64(0)
	for b.Loop() {
		err := s.Batch(b.Context(), c.ID, func(bt directory.Batch) error {
			for range 1000 {
				made++
				name := fmt.Sprintf("bulk%d@example.com", made)
				e := directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.ID, UserName: name, Active: true,
					Emails:     []directory.Email{{Value: name, Type: "work", Primary: true}},
					Attributes: syncAttributeValues(attributes, made)}
				if err := bt.CreateEmployee(b.Context(), &e, directory.Actor{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
