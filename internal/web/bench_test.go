package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/web"
)

// BenchmarkEmployeesPage times the console's employee pages for a
// company of 100,000 employees (ROSTER_BENCH_EMPLOYEES overrides the
// number), seeded through the store on a SQLite file, requested over
// HTTP by a signed-in admin: the whole request, session check and
// template included. Run it with
//
//	go test -run=NONE -bench=EmployeesPage -benchtime=50x ./internal/web
func BenchmarkEmployeesPage(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("ROSTER_BENCH_EMPLOYEES")); err == nil && v > 0 {
		n = v
	}
	e := newEnv(b)
	c, _ := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Okta"}
	_, conn.TokenHash = directory.NewToken()
	if err := e.store.CreateConnection(ctx, &conn); err != nil {
		b.Fatal(err)
	}
	dept := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "Location", Type: directory.TypeOption}
	if err := e.store.CreateAttribute(ctx, &dept); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	var someID string
	const chunk = 5000
	for from := 0; from < n; from += chunk {
		err := e.store.Batch(ctx, c.ID, func(batch directory.Batch) error {
			for i := from; i < min(from+chunk, n); i++ {
				emp := directory.Employee{
					ID: directory.NewID(), UserName: fmt.Sprintf("user%06d@acme.example", i), Active: i%10 != 0,
					ExternalID: fmt.Sprintf("ext%06d", i), Department: []string{"Sales", "Engineering", "Support", "Finance"}[i%4],
					Name:       directory.Name{GivenName: fmt.Sprintf("Given%06d", i), FamilyName: fmt.Sprintf("Family%03d", i%997)},
					Emails:     []directory.Email{{Value: fmt.Sprintf("user%06d@acme.example", i), Type: "work", Primary: true}},
					Attributes: map[string]directory.AttributeValue{dept.ID: {Text: "Berlin"}},
				}
				if i == n/2 {
					emp.Name = directory.Name{GivenName: "Ada", FamilyName: "Lovelace"}
					someID = emp.ID
				}
				if err := batch.CreateEmployee(ctx, &emp, directory.Actor{ConnectionID: conn.ID}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d employees in %v", n, time.Since(start).Round(time.Millisecond))
	br := e.browser()
	br.signIn("ada@acme.example", password)
	for _, c := range []struct{ name, path string }{
		{"FirstPage", "/employees"},
		{"MiddlePage", fmt.Sprintf("/employees?page=%d", n/web.PageSize/2)},
		{"LastPage", fmt.Sprintf("/employees?page=%d", (n+web.PageSize-1)/web.PageSize)},
		{"Deactivated", "/employees?status=deactivated"},
		{"SearchOneName", "/employees?q=lovelace"},
		{"SearchTwoWords", "/employees?q=ada+lovelace&status=active"},
		{"SearchManyMatches", "/employees?q=family12"},
		{"Employee", "/employees/" + someID},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if r := br.get(c.path); r.status != http.StatusOK {
					b.Fatalf("GET %s: %d", c.path, r.status)
				}
			}
		})
	}
}
