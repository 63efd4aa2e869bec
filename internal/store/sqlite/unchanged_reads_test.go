package sqlite

import (
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
	"roster/internal/store/sqlstore"
)

// A lookup goes without BEGIN and COMMIT while nothing is committed as it
// runs, and in a transaction when something is (here: a mark that moves
// at every look), with the same answer.
func TestLookupsWithoutATransactionUnlessACommitCame(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	c := newCompany(t, s)
	for _, name := range []string{"ada@example.com", "bob@example.com"} {
		e := directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.ID, UserName: name, Active: true,
			Emails: []directory.Email{{Value: name, Primary: true}}}
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	expr, err := filter.Parse(schema.UserType(nil), `userName eq "bob@example.com"`)
	if err != nil {
		t.Fatal(err)
	}
	lookUp := func(st *sqlstore.Store) int64 {
		before := st.Statements()
		page, total, err := st.Employees(ctx, c.ID, directory.EmployeeQuery{Filter: expr, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(page) != 1 || page[0].UserName != "bob@example.com" || len(page[0].Emails) != 1 {
			t.Fatalf("looked up %d of %d: %+v", len(page), total, page)
		}
		return st.Statements() - before
	}
	unchanged := lookUp(s.Store)
	// The same database through a store whose commit mark moves at every
	// look.
	moves := 0
	moving := sqlstore.New(s.w, s.r, Dialect{}, migrations, nil, sqlstore.Hooks{
		CommitMark: func() (any, bool) { moves++; return moves, true },
	})
	defer moving.Close()
	// The statements once without a transaction, then again with BEGIN
	// and COMMIT.
	if changed := lookUp(moving); changed != 2*unchanged+2 {
		t.Errorf("a lookup ran %d statements with nothing committed and %d with a commit coming as it ran; want %d", unchanged, changed, 2*unchanged+2)
	}
}
