package sqlstore

import (
	"context"

	"roster/internal/directory"
)

// valueRow is one row of employee_values: a value of one of an
// employee's multi-valued attributes other than emails. An address uses
// the address parts, every other attribute value and display.
type valueRow struct {
	directory.Address // the parts, type and primary
	Value, Display    string
}

// listColumn is a text column of employee_values: its name (folded
// twin name+"_fold"), the SCIM sub-attribute it holds, and where a
// valueRow keeps it.
type listColumn struct {
	name, sub string
	get       func(r *valueRow) *string
}

// listColumns are employee_values' text columns, in the order of the
// statements below. A filter reaches them through their sub name only.
var listColumns = []listColumn{
	{"value", "value", func(r *valueRow) *string { return &r.Value }},
	{"display", "display", func(r *valueRow) *string { return &r.Display }},
	{"type", "type", func(r *valueRow) *string { return &r.Type }},
	{"formatted", "formatted", func(r *valueRow) *string { return &r.Formatted }},
	{"street_address", "streetAddress", func(r *valueRow) *string { return &r.StreetAddress }},
	{"locality", "locality", func(r *valueRow) *string { return &r.Locality }},
	{"region", "region", func(r *valueRow) *string { return &r.Region }},
	{"postal_code", "postalCode", func(r *valueRow) *string { return &r.PostalCode }},
	{"country", "country", func(r *valueRow) *string { return &r.Country }},
}

// valueColumnNames are employee_values' columns as writeValueLists
// inserts them.
var valueColumnNames = func() []string {
	names := []string{"employee_id", "company_id", "attribute", "position"}
	for _, c := range listColumns {
		names = append(names, c.name, c.name+"_fold")
	}
	return append(names, "is_primary")
}()

// valueRows lists e's rows of employee_values by attribute, in order.
func valueRows(e *directory.Employee) map[string][]valueRow {
	out := map[string][]valueRow{}
	for _, a := range e.Addresses {
		out[directory.AddressesAttribute] = append(out[directory.AddressesAttribute], valueRow{Address: a})
	}
	for _, l := range directory.ValueLists {
		for _, v := range *l.Get(e) {
			out[l.Name] = append(out[l.Name], valueRow{Address: directory.Address{Type: v.Type, Primary: v.Primary}, Value: v.Value, Display: v.Display})
		}
	}
	return out
}

// take appends r to e's attribute of that name; rows of an attribute
// roster no longer knows are left out.
func (r valueRow) take(e *directory.Employee, attribute string) {
	if attribute == directory.AddressesAttribute {
		e.Addresses = append(e.Addresses, r.Address)
		return
	}
	for _, l := range directory.ValueLists {
		if l.Name == attribute {
			p := l.Get(e)
			*p = append(*p, directory.MultiValue{Value: r.Value, Display: r.Display, Type: r.Type, Primary: r.Primary})
		}
	}
}

// writeValueLists stores e's addresses and other value lists, replacing
// the stored ones if replace.
func (s *Store) writeValueLists(ctx context.Context, tx handle, e *directory.Employee, replace bool) error {
	if replace {
		if err := tx.execLater(ctx, `DELETE FROM employee_values WHERE employee_id = ?`, e.ID); err != nil {
			return err
		}
	}
	var rows [][]any
	for attribute, list := range valueRows(e) {
		for i := range list {
			row := []any{e.ID, e.CompanyID, attribute, i}
			for _, c := range listColumns {
				v := *c.get(&list[i])
				row = append(row, text(v), foldText(v))
			}
			rows = append(rows, append(row, list[i].Primary))
		}
	}
	return insertRows(ctx, tx, &valueListRows, rows)
}

// valueListRows are the employees' multi-valued attributes (phone
// numbers, addresses …), one row a value.
var valueListRows = rowsTable{name: "employee_values", columns: valueColumnNames}
