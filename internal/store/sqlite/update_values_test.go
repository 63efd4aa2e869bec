package sqlite

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"roster/internal/directory"
)

// An update writes the rows of the attribute values it changes, and no
// others (sqlstore/refs.go's writeValues): each row is an entry of three
// indexes. Triggers record the values each update deletes and inserts.
func TestUpdateWritesOnlyChangedValues(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	c := newCompany(t, s)
	defs := map[string]*directory.AttributeDef{
		"Department": {Name: "Department", Type: directory.TypeOption},
		"Location":   {Name: "Location", Type: directory.TypeOption},
		"Born":       {Name: "Born", Type: directory.TypeDate},
		"Level":      {Name: "Level", Type: directory.TypeNumber},
		"Mentor":     {Name: "Mentor", Type: directory.TypeEmployee},
	}
	names := map[string]string{} // by id
	for name, d := range defs {
		d.ID, d.CompanyID = directory.NewID(), c.ID
		if err := s.CreateAttribute(ctx, d); err != nil {
			t.Fatal(err)
		}
		names[d.ID] = name
	}
	value := func(name string) (string, directory.AttributeValue) {
		switch name {
		case "Born":
			return defs[name].ID, directory.AttributeValue{Date: "1990-01-02"}
		case "Level":
			return defs[name].ID, directory.AttributeValue{Number: 3}
		case "Mentor":
			return defs[name].ID, directory.AttributeValue{Ref: directory.Reference{Value: "bob@example.com"}}
		}
		return defs[name].ID, directory.AttributeValue{Text: name + " 1"}
	}
	e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "ada@example.com", Active: true, Attributes: map[string]directory.AttributeValue{}}
	for name := range defs {
		id, v := value(name)
		e.Attributes[id] = v
	}
	if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE written (what TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TRIGGER written_insert AFTER INSERT ON employee_attribute_values BEGIN INSERT INTO written VALUES ('insert ' || new.attribute_id); END`,
		`CREATE TRIGGER written_delete AFTER DELETE ON employee_attribute_values BEGIN INSERT INTO written VALUES ('delete ' || old.attribute_id); END`,
	} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	set := func(name string, v directory.AttributeValue) func(*directory.Employee) {
		return func(e *directory.Employee) { e.Attributes[defs[name].ID] = v }
	}
	for _, tc := range []struct {
		name   string
		change func(*directory.Employee)
		want   []string
	}{
		{"title", func(e *directory.Employee) { e.Title = "Engineer" }, nil},
		{"one option", set("Department", directory.AttributeValue{Text: "Sales"}), []string{"delete Department", "insert Department"}},
		{"the same option in another case", set("Department", directory.AttributeValue{Text: "SALES"}), []string{"delete Department", "insert Department"}},
		{"a date and a number", func(e *directory.Employee) {
			set("Born", directory.AttributeValue{Date: "1991-01-02"})(e)
			set("Level", directory.AttributeValue{Number: 4})(e)
		}, []string{"delete Born", "delete Level", "insert Born", "insert Level"}},
		{"a value removed", func(e *directory.Employee) { delete(e.Attributes, defs["Location"].ID) }, []string{"delete Location"}},
		{"a value added back", set("Location", directory.AttributeValue{Text: "Oslo"}), []string{"insert Location"}},
		{"a reference", set("Mentor", directory.AttributeValue{Ref: directory.Reference{Value: "carol@example.com"}}), []string{"delete Mentor", "insert Mentor"}},
		{"all removed", func(e *directory.Employee) { clear(e.Attributes) }, []string{"delete Born", "delete Department", "delete Level", "delete Location", "delete Mentor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.w.ExecContext(ctx, `DELETE FROM written`); err != nil {
				t.Fatal(err)
			}
			got, err := s.UpdateEmployee(ctx, c.ID, e.ID, directory.Actor{}, func(e *directory.Employee) error {
				tc.change(e)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var written []string
			rows, err := s.w.QueryContext(ctx, `SELECT what FROM written`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var what string
				if err := rows.Scan(&what); err != nil {
					t.Fatal(err)
				}
				op, id, _ := strings.Cut(what, " ")
				written = append(written, op+" "+names[id])
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
			slices.Sort(written)
			if !slices.Equal(written, tc.want) {
				t.Errorf("rows written %q; want %q", written, tc.want)
			}
			// And what is stored is what was written.
			stored, err := s.Employee(ctx, c.ID, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !sameAttributes(stored.Attributes, got.Attributes) {
				t.Errorf("stored %v; the update returned %v", stored.Attributes, got.Attributes)
			}
		})
	}
}

// sameAttributes compares values as stored (a reference's target's name
// and email are read, not stored).
func sameAttributes(a, b map[string]directory.AttributeValue) bool {
	strip := func(m map[string]directory.AttributeValue) map[string]directory.AttributeValue {
		out := maps.Clone(m)
		for id, v := range out {
			v.Ref.TargetName, v.Ref.TargetEmail = "", ""
			out[id] = v
		}
		return out
	}
	return maps.Equal(strip(a), strip(b))
}
