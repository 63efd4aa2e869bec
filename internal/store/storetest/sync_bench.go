package storetest

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// BenchSync measures what the store does for an identity provider's
// initial sync, with no HTTP: per employee, what roster's SCIM endpoint
// asks of it for Entra's matching GET (userName eq), the POST and a
// PATCH of one attribute — each request's token lookup included — from
// eight concurrent clients, every write durable. It is the store's share
// of `roster bench`'s sync phase, and so the most that phase can reach on
// this backend and machine; it reports employees/s.
func BenchSync(b *testing.B, open func(testing.TB) directory.Store) {
	s := open(b)
	defer s.Close()
	ctx := b.Context()
	c := directory.Company{ID: directory.NewID(), Name: "Bench"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		b.Fatal(err)
	}
	token := directory.HashToken("rst_bench")
	conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Entra", TokenHash: token}
	if err := s.CreateConnection(ctx, &conn); err != nil {
		b.Fatal(err)
	}
	by := directory.Actor{ConnectionID: conn.ID}
	auth := func() {
		if _, err := s.CallerByTokenHash(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	// Eight clients, as `roster bench` runs by default.
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			name := fmt.Sprintf("sync%d@example.com", next.Add(1))
			auth()
			match, err := filter.Parse(schema.UserType(nil), fmt.Sprintf("userName eq %q", name))
			if err != nil {
				b.Fatal(err)
			}
			if _, total, err := s.Employees(ctx, c.ID, directory.EmployeeQuery{Filter: match, Limit: 100, ViewerConnectionID: conn.ID}); err != nil || total != 0 {
				b.Fatalf("lookup: %d, %v", total, err)
			}
			auth()
			e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: name, Active: true,
				Name:   directory.Name{GivenName: "Given", FamilyName: "Family"},
				Emails: []directory.Email{{Value: name, Type: "work", Primary: true}}}
			if err := s.CreateEmployee(ctx, &e, by); err != nil {
				b.Fatal(err)
			}
			auth()
			if _, err := s.UpdateEmployee(ctx, c.ID, e.ID, by, func(e *directory.Employee) error {
				e.Title = "Engineer"
				return nil
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "employees/s")
}
