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
// spread over load.Companies companies, each with its own connection.
func BenchSync(b *testing.B, open func(testing.TB) directory.Store, load SyncLoad) {
	companies := max(1, load.Companies)
	s := open(b)
	defer s.Close()
	ctx := b.Context()
	// Employee k is synced by the k mod companies'th company's connection:
	// an operator's companies sync at once.
	type synced struct {
		company directory.Company
		token   []byte
		by      directory.Actor
		// attributes are the company's, by name (load.Attributes).
		attributes map[string]string
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
		all[i] = synced{company: c, token: token, by: directory.Actor{ConnectionID: conn.ID}}
		if load.Attributes {
			all[i].attributes = defineSyncAttributes(b, s, c.ID)
		}
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
			if c.attributes != nil {
				e.Attributes = syncAttributeValues(c.attributes, k)
			}
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

// SyncLoad shapes BenchSync's sync.
type SyncLoad struct {
	// Companies the employees are spread over (at least one).
	Companies int
	// Attributes gives each company the attributes a Peakon customer
	// defines (syncAttributes) and each employee a value of each, as
	// they come in the company's SCIM extension.
	Attributes bool
}

// syncAttributes are a customer's own attributes: an open list that
// grows with the company, a closed one, two dates and a number.
var syncAttributes = []directory.AttributeDef{
	{Name: "Department", Type: directory.TypeOption, Open: true},
	{Name: "Location", Type: directory.TypeOption, Options: []string{"Copenhagen", "London", "Berlin", "Oslo", "Paris", "Madrid", "Rome", "Vienna", "Prague", "Warsaw"}},
	{Name: "Date of birth", Type: directory.TypeDate},
	{Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
	{Name: "Level", Type: directory.TypeNumber},
}

// defineSyncAttributes defines syncAttributes in the company and returns
// their ids by name.
func defineSyncAttributes(tb testing.TB, s directory.Store, companyID string) map[string]string {
	tb.Helper()
	ids := map[string]string{}
	for _, a := range syncAttributes {
		a.ID, a.CompanyID = directory.NewID(), companyID
		if err := s.CreateAttribute(tb.Context(), &a); err != nil {
			tb.Fatal(err)
		}
		ids[a.Name] = a.ID
	}
	return ids
}

// attributesCompany creates a company with syncAttributes and returns it
// and their ids by name.
func attributesCompany(tb testing.TB, s directory.Store) (directory.Company, map[string]string) {
	tb.Helper()
	c := directory.Company{ID: directory.NewID(), Name: "Bench"}
	if err := s.CreateCompany(tb.Context(), &c); err != nil {
		tb.Fatal(err)
	}
	return c, defineSyncAttributes(tb, s, c.ID)
}

// syncAttributeValues are employee k's values of the attributes ids
// names: twenty departments, admitted by the first employees of each.
func syncAttributeValues(ids map[string]string, k int64) map[string]directory.AttributeValue {
	return map[string]directory.AttributeValue{
		ids["Department"]:     {Text: fmt.Sprintf("Department %d", k%20)},
		ids["Location"]:       {Text: syncAttributes[1].Options[k%10]},
		ids["Date of birth"]:  {Date: fmt.Sprintf("19%02d-%02d-%02d", 60+k%40, 1+k%12, 1+k%28)},
		ids["Employed since"]: {Date: fmt.Sprintf("20%02d-%02d-01", k%25, 1+k%12)},
		ids["Level"]:          {Number: k % 7},
	}
}

// BenchUpdateAttribute measures an HR system's change of one attribute
// of an employee who holds a value of each of a customer's attributes
// (SyncLoad.Attributes): one department for another, one client at a
// time, every write durable.
func BenchUpdateAttribute(b *testing.B, open func(testing.TB) directory.Store) {
	s := open(b)
	defer s.Close()
	ctx := b.Context()
	c, attributes := attributesCompany(b, s)
	ids := make([]string, 100)
	for k := range ids {
		e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("hr%d@example.com", k), Active: true,
			Attributes: syncAttributeValues(attributes, int64(k))}
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
			b.Fatal(err)
		}
		ids[k] = e.ID
	}
	department := attributes["Department"]
	for i := 0; b.Loop(); i++ {
		_, err := s.UpdateEmployee(ctx, c.ID, ids[i%len(ids)], directory.Actor{}, func(e *directory.Employee) error {
			e.Attributes[department] = directory.AttributeValue{Text: fmt.Sprintf("Department %d", (i/len(ids)+i)%20)}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
