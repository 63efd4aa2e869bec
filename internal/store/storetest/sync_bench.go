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
// this backend and machine; it reports employees/s. The employees are
// spread over companies, each with its own connection.
func BenchSync(b *testing.B, open func(testing.TB) directory.Store, companies int) {
	s := open(b)
	defer s.Close()
	ctx := b.Context()
	// Employee k is synced by the k mod companies'th company's connection:
	// an operator's companies sync at once.
	type synced struct {
		company directory.Company
		token   []byte
		by      directory.Actor
	}
	all := make([]synced, companies)
	for i := range all {
		c := directory.Company{ID: directory.NewID(), Name: fmt.Sprintf("Bench %d", i+1)}
		if err := s.CreateCompany(ctx, &c); err != nil {
			b.Fatal(err)
		}
		token := directory.HashToken(fmt.Sprintf("rst_bench%d", i))
		conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Entra", TokenHash: token}
		if err := s.CreateConnection(ctx, &conn); err != nil {
			b.Fatal(err)
		}
		all[i] = synced{c, token, directory.Actor{ConnectionID: conn.ID}}
	}
	counted, _ := s.(interface{ Statements() int64 })
	statements := func() int64 {
		if counted == nil {
			return 0
		}
		return counted.Statements()
	}
	var next atomic.Int64
	// Eight clients, as `roster bench` runs by default.
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	before := statements()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			k := next.Add(1)
			c := all[k%int64(companies)]
			auth := func() {
				if _, err := s.CallerByTokenHash(ctx, c.token); err != nil {
					b.Fatal(err)
				}
			}
			name := fmt.Sprintf("sync%d@example.com", k)
			auth()
			match, err := filter.Parse(schema.UserType(nil), fmt.Sprintf("userName eq %q", name))
			if err != nil {
				b.Fatal(err)
			}
			if _, total, err := s.Employees(ctx, c.company.ID, directory.EmployeeQuery{Filter: match, Limit: 100, ViewerConnectionID: c.by.ConnectionID}); err != nil || total != 0 {
				b.Fatalf("lookup: %d, %v", total, err)
			}
			auth()
			e := directory.Employee{ID: directory.NewID(), CompanyID: c.company.ID, UserName: name, Active: true,
				Name:   directory.Name{GivenName: "Given", FamilyName: "Family"},
				Emails: []directory.Email{{Value: name, Type: "work", Primary: true}}}
			if err := s.CreateEmployee(ctx, &e, c.by); err != nil {
				b.Fatal(err)
			}
			auth()
			if _, err := s.UpdateEmployee(ctx, c.company.ID, e.ID, c.by, func(e *directory.Employee) error {
				e.Title = "Engineer"
				return nil
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "employees/s")
	if counted != nil {
		b.ReportMetric(float64(statements()-before)/float64(b.N), "statements/employee")
	}
}
