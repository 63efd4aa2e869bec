package sqlite

import (
	"slices"
	"testing"

	"roster/internal/directory"
)

// An update names an indexed column only when its value changes: SQLite
// rewrites a row's entries in the indexes of every column the UPDATE
// names (sqlstore/employee_update.go). Triggers on the columns record
// which ones each update names.
func TestUpdateNamesOnlyChangedIndexedColumns(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	c := newCompany(t, s)
	e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "ada@example.com", Active: true}
	if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	columns := []string{"user_name_fold", "manager_value_fold", "manager_id", "active", "search_fold"}
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE named (name TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, col := range columns {
		if _, err := s.w.ExecContext(ctx, `CREATE TRIGGER named_`+col+` AFTER UPDATE OF `+col+
			` ON employees BEGIN INSERT INTO named (name) VALUES ('`+col+`'); END`); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		change func(*directory.Employee)
		want   []string
	}{
		{"title", func(e *directory.Employee) { e.Title = "Engineer" }, nil},
		{"department and display name", func(e *directory.Employee) { e.Department, e.DisplayName = "R&D", "Ada" }, nil},
		{"nothing", func(*directory.Employee) {}, nil},
		{"userName", func(e *directory.Employee) { e.UserName = "ada.l@example.com" }, []string{"search_fold", "user_name_fold"}},
		{"userName's case", func(e *directory.Employee) { e.UserName = "Ada.L@example.com" }, []string{"user_name_fold"}},
		{"given name", func(e *directory.Employee) { e.Name.GivenName = "Ada" }, []string{"search_fold"}},
		{"an email", func(e *directory.Employee) { e.Emails = []directory.Email{{Value: "ada@example.org"}} }, []string{"search_fold"}},
		{"manager", func(e *directory.Employee) { e.Manager = directory.Reference{Value: "grace"} }, []string{"manager_id", "manager_value_fold"}},
		{"active", func(e *directory.Employee) { e.Active = false }, []string{"active"}},
	} {
		if _, err := s.w.ExecContext(ctx, `DELETE FROM named`); err != nil {
			t.Fatal(err)
		}
		got, err := s.UpdateEmployee(ctx, c.ID, e.ID, directory.Actor{}, func(e *directory.Employee) error {
			tc.change(e)
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var named []string
		rows, err := s.w.QueryContext(ctx, `SELECT name FROM named ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			named = append(named, n)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(named, tc.want) {
			t.Errorf("%s: the update named %v; want %v", tc.name, named, tc.want)
		}
		// What was written is what was read back.
		stored, err := s.Employee(ctx, c.ID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.UserName != got.UserName || stored.Title != got.Title || stored.Active != got.Active || stored.Manager != got.Manager {
			t.Errorf("%s: stored %+v; the update returned %+v", tc.name, stored, got)
		}
	}
}
