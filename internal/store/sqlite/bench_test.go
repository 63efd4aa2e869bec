package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
	"roster/internal/store/storetest"
)

// benchEmployees is the size of the seeded company: a large customer.
const benchEmployees = 20_000

// seeded opens a store holding one company of benchEmployees employees,
// each with a work email. Seeding runs without fsync (the writer pool is
// one connection, so the pragma holds for every seeding write) and
// restores synchronous=FULL before the benchmark.
func seeded(b *testing.B) (*Store, directory.Company) {
	b.Helper()
	s, c := seeding(b, Options{})
	ctx := b.Context()
	for i := range benchEmployees {
		e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("User%05d@example.com", i), Active: i%10 != 0,
			ExternalID: fmt.Sprintf("ext-%05d", i), Title: "Engineer",
			Emails: []directory.Email{{Value: fmt.Sprintf("user%05d@example.com", i), Type: "work", Primary: true}}}
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA synchronous=FULL"); err != nil {
		b.Fatal(err)
	}
	return s, c
}

// seeding opens a store with one company, to be seeded without fsync
// (synchronous=FULL is restored by the caller when seeded).
func seeding(b *testing.B, opts Options) (*Store, directory.Company) {
	b.Helper()
	s := openWith(b, opts)
	c := directory.Company{ID: directory.NewID(), Name: "Bench"}
	if err := s.CreateCompany(b.Context(), &c); err != nil {
		b.Fatal(err)
	}
	if _, err := s.w.ExecContext(b.Context(), "PRAGMA synchronous=OFF"); err != nil {
		b.Fatal(err)
	}
	return s, c
}

func BenchmarkCreateEmployee(b *testing.B) {
	s := openWith(b, Options{})
	c := directory.Company{ID: directory.NewID(), Name: "Bench"}
	if err := s.CreateCompany(b.Context(), &c); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("u%d@example.com", i), Active: true,
			Emails: []directory.Email{{Value: fmt.Sprintf("u%d@example.com", i), Type: "work", Primary: true}}}
		if err := s.CreateEmployee(b.Context(), &e, directory.Actor{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchFilter measures Employees with filters f(i) of employees i; the
// filters are parsed before the clock starts.
func benchFilter(b *testing.B, f func(i int) string) {
	s, c := seeded(b)
	exprs := make([]filter.Expr, 1000)
	for i := range exprs {
		expr, err := filter.Parse(schema.UserType(nil), f(i*(benchEmployees/len(exprs))))
		if err != nil {
			b.Fatal(err)
		}
		exprs[i] = expr
	}
	i := 0
	for b.Loop() {
		i++
		page, total, err := s.Employees(b.Context(), c.ID, directory.EmployeeQuery{Filter: exprs[i%len(exprs)], Limit: 100})
		if err != nil || total != 1 || len(page) != 1 {
			b.Fatalf("got %d of %d, %v; want 1", len(page), total, err)
		}
	}
}

// BenchmarkFilterUserNameEq is Entra's and Okta's lookup before every
// create: GET /Users?filter=userName eq "…".
func BenchmarkFilterUserNameEq(b *testing.B) {
	benchFilter(b, func(i int) string { return fmt.Sprintf(`userName eq "user%05d@EXAMPLE.com"`, i) })
}

// BenchmarkFilterExternalIDEq is Entra's externalId matching.
func BenchmarkFilterExternalIDEq(b *testing.B) {
	benchFilter(b, func(i int) string { return fmt.Sprintf(`externalId eq "ext-%05d"`, i) })
}

// BenchmarkFilterWorkEmailEq is Entra's emails[type eq "work"].value matching.
func BenchmarkFilterWorkEmailEq(b *testing.B) {
	benchFilter(b, func(i int) string { return fmt.Sprintf(`emails[type eq "work"].value eq "User%05d@example.com"`, i) })
}

// BenchmarkListPage is one page of Okta's import: 100 employees from the
// middle of the default order.
func BenchmarkListPage(b *testing.B) {
	s, c := seeded(b)
	for b.Loop() {
		page, total, err := s.Employees(b.Context(), c.ID, directory.EmployeeQuery{Offset: benchEmployees / 2, Limit: 100})
		if err != nil || total != benchEmployees || len(page) != 100 {
			b.Fatalf("got %d of %d, %v", len(page), total, err)
		}
	}
}

// BenchmarkImportPage is a page of Okta's import at roster's largest page
// size: 1,000 employees after the last one of the page before (as a
// remembered position serves startIndex=1001, 2001 …), walking the
// company round and round.
func BenchmarkImportPage(b *testing.B) {
	s, c := seeded(b)
	after, last := "", fmt.Sprintf("User%05d@example.com", benchEmployees-1)
	for b.Loop() {
		page, total, err := s.Employees(b.Context(), c.ID, directory.EmployeeQuery{PageAfter: after, Limit: 1000})
		if err != nil || total != benchEmployees || len(page) != 1000 {
			b.Fatalf("got %d of %d, %v", len(page), total, err)
		}
		after = page[len(page)-1].ID
		if page[len(page)-1].UserName == last {
			after = ""
		}
	}
}

// BenchmarkUpdateEmployee is a PATCH: load, change, write, fsync.
func BenchmarkUpdateEmployee(b *testing.B) {
	s, c := seeded(b)
	page, _, err := s.Employees(b.Context(), c.ID, directory.EmployeeQuery{Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		_, err := s.UpdateEmployee(b.Context(), c.ID, page[i%len(page)].ID, directory.Actor{}, func(e *directory.Employee) error {
			e.Title = fmt.Sprint("Title ", i)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetEmployee is GET /Users/{id}, which Okta sends before each update.
func BenchmarkGetEmployee(b *testing.B) {
	s, c := seeded(b)
	page, _, err := s.Employees(b.Context(), c.ID, directory.EmployeeQuery{Offset: benchEmployees / 2, Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if _, err := s.Employee(b.Context(), c.ID, page[i%len(page)].ID); err != nil {
			b.Fatal(err)
		}
	}
}

func openBench(tb testing.TB) directory.Store {
	s, err := Open(tb.Context(), filepath.Join(tb.TempDir(), "roster.db"), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkThousandCreates: 1000 CreateEmployee calls, one commit (and
// sync) each.
func BenchmarkThousandCreates(b *testing.B) { storetest.BenchThousandCreates(b, openBench, false) }

// BenchmarkThousandCreatesBatch: the same creates in one Batch: one
// commit, one sync.
func BenchmarkThousandCreatesBatch(b *testing.B) { storetest.BenchThousandCreates(b, openBench, true) }

// BenchmarkSync: storetest.BenchSync, the store's share of an initial sync.
func BenchmarkSync(b *testing.B) { storetest.BenchSync(b, openBench, storetest.SyncLoad{Companies: 1}) }

// BenchmarkThousandCreatesAttributes: storetest.BenchThousandCreatesAttributes,
// a Bulk request's creates with a value of each of five attributes.
func BenchmarkThousandCreatesAttributes(b *testing.B) {
	storetest.BenchThousandCreatesAttributes(b, openBench)
}

// BenchmarkUpdateAttribute: storetest.BenchUpdateAttribute, HR moving an
// employee with five attribute values to another department.
func BenchmarkUpdateAttribute(b *testing.B) { storetest.BenchUpdateAttribute(b, openBench) }

// BenchmarkSyncAttributes: the same sync of employees with a value of
// each of the company's own attributes, as Peakon's customers send them.
func BenchmarkSyncAttributes(b *testing.B) {
	storetest.BenchSync(b, openBench, storetest.SyncLoad{Companies: 1, Attributes: true})
}

// BenchmarkSyncCompanies: the same, spread over eight companies, as an
// operator's sync at once.
func BenchmarkSyncCompanies(b *testing.B) {
	storetest.BenchSync(b, openBench, storetest.SyncLoad{Companies: 8})
}

// BenchmarkCallerByTokenHash is the caller every SCIM request reads
// first: its token's connection, the company and the attributes' version.
func BenchmarkCallerByTokenHash(b *testing.B) {
	s, c := seeding(b, Options{})
	token, hash := directory.NewToken()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Entra", TokenHash: hash}
	if err := s.CreateConnection(b.Context(), &conn); err != nil {
		b.Fatal(err)
	}
	_ = token
	for b.Loop() {
		if _, err := s.CallerByTokenHash(b.Context(), hash); err != nil {
			b.Fatal(err)
		}
	}
}
