package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"roster/internal/directory"
)

// An employee's details — what it keeps outside its row: emails, other
// value lists, attribute values, external ids, and (for one employee
// being read whole) its provenance — are read in one statement, a UNION ALL of the tables
// holding them, each branch seeking the employees by primary key. On
// PostgreSQL a statement is a round trip, on SQLite a VDBE program and
// its setup: one per table made the details most of a lookup's cost.
//
// Every branch yields the same columns (detailRow): the kind of the
// row, the employee it belongs to, an attribute or connection and a
// position where the kind has them, nine texts, a number and a flag.

// detailKind tells which table a detail row comes from.
type detailKind string

const (
	detailEmail      detailKind = "m"
	detailValueList  detailKind = "l"
	detailValue      detailKind = "v"
	detailExternalID detailKind = "x"
	detailProvenance detailKind = "p"
	detailCreator    detailKind = "c"
	// detailTarget is an employee that the employees reference: what
	// a reference shows of it (fillTargets). Only the details read with
	// the employees in one statement have it (employees_at_once.go).
	detailTarget detailKind = "t"
)

// detailTexts is the number of text columns of a detail row: as many as
// employee_values has (listColumns).
const detailTexts = 9

// detailRow is one row of the details query.
type detailRow struct {
	kind       detailKind
	employeeID string
	attr       string // attribute, attribute id or connection id
	pos        int64  // position; at_us for provenance
	texts      [detailTexts]string
	number     *int64
	flag       bool
}

// detailBranch is one SELECT of the details query: its kind, its columns
// after kind, employee and attr (pos, the texts, number and flag, NULL
// where it has none), its FROM, and how it names the employees (which
// takes the batch's ids as "%s").
type detailBranch struct {
	kind  detailKind
	id    string // the employee id column
	attr  string
	pos   string
	texts []string
	num   string
	flag  string
	from  string
}

// sql renders the branch for the employees whose ids are ids (the text
// inside "IN (…)"), its columns packed if pack (packed_rows.go); first
// casts its NULLs (columns).
func (b detailBranch) sql(ids string, first, pack bool) string {
	cols := b.columns(first)
	if pack {
		cols = []string{packed(strings.Join(cols, ", "))}
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + strings.ReplaceAll(b.from, "%s", ids)
}

// arraySQL renders the branch for the employees whose ids are ids as
// one column, r: its columns (detailRow's) built into an array by build
// (employees_at_once.go).
func (b detailBranch) arraySQL(ids, build string) string {
	return "SELECT " + build + "(" + strings.Join(b.columns(false), ", ") + ") AS r FROM " + strings.ReplaceAll(b.from, "%s", ids)
}

// columns are the branch's columns (detailRow's); first casts its NULLs,
// so that PostgreSQL gives the union's columns their types from the first
// branch.
func (b detailBranch) columns(first bool) []string {
	null := func(v, typ string) string {
		switch {
		case v != "":
			return v
		case first:
			return "CAST(NULL AS " + typ + ")"
		}
		return "NULL"
	}
	cols := []string{"'" + string(b.kind) + "'", b.id, null(b.attr, "TEXT"), null(b.pos, "BIGINT")}
	for i := range detailTexts {
		t := ""
		if i < len(b.texts) {
			t = b.texts[i]
		}
		cols = append(cols, null(t, "TEXT"))
	}
	return append(cols, null(b.num, "BIGINT"), null(b.flag, "BOOLEAN"))
}

var detailBranches = func() []detailBranch {
	var listTexts []string
	for _, c := range listColumns {
		listTexts = append(listTexts, c.name)
	}
	return []detailBranch{
		{kind: detailEmail, id: "employee_id", pos: "position", texts: []string{"value", "type"}, flag: "is_primary",
			from: "employee_emails WHERE employee_id IN (%s)"},
		{kind: detailValueList, id: "employee_id", attr: "attribute", pos: "position", texts: listTexts, flag: "is_primary",
			from: "employee_values WHERE employee_id IN (%s)"},
		{kind: detailValue, id: "employee_id", attr: "attribute_id", texts: []string{"text_value", "date_value", "ref_value", "ref_target_id"},
			num: "number_value", from: "employee_attribute_values WHERE employee_id IN (%s)"},
		{kind: detailExternalID, id: "employee_id", attr: "connection_id", texts: []string{"value"},
			from: "employee_external_ids WHERE employee_id IN (%s)"},
	}
}()

// provenanceBranches read the provenance rows and the employees'
// creators, which the attributes without a row were set by
// (creatorProvenance).
var provenanceBranches = []detailBranch{
	{kind: detailProvenance, id: "employee_id", attr: "attribute", pos: "at_us",
		texts: []string{"connection_id", "admin_id"}, from: "employee_provenance WHERE employee_id IN (%s)"},
	{kind: detailCreator, id: "id", texts: []string{"creator_connection_id", "creator_admin_id"},
		from: "employees WHERE id IN (%s)"},
}

// branchesFor are the branches of the details query.
func branchesFor(withProvenance bool) []detailBranch {
	if withProvenance {
		return append(slices.Clip(detailBranches), provenanceBranches...)
	}
	return detailBranches
}

// detailsQueries holds the details query's text by batch size and
// provenance: every read of an employee runs one, and its text is the
// same for the same size.
var detailsQueries sync.Map // detailsKey → string

type detailsKey struct {
	n                    int
	withProvenance, pack bool
}

// DetailsQuery reads the details of n employees, given their ids once
// per "?" list (DetailsArgs), as d reads them (packed where d packs rows);
// withProvenance adds their provenance. It is exported so that backends
// can check its plan.
func DetailsQuery(d Dialect, n int, withProvenance bool) string {
	key := detailsKey{n, withProvenance, d.PacksRows()}
	if q, ok := detailsQueries.Load(key); ok {
		return q.(string)
	}
	branches := branchesFor(withProvenance)
	q := unionOf(branches, placeholders(n), key.pack)
	detailsQueries.Store(key, q)
	return q
}

// unionOf is the details query of branches for the employees whose ids
// are ids (the text inside "IN (…)"), packed if pack.
func unionOf(branches []detailBranch, ids string, pack bool) string {
	parts := make([]string, len(branches))
	for i, b := range branches {
		parts[i] = b.sql(ids, i == 0, pack)
	}
	return strings.Join(parts, "\nUNION ALL ")
}

// DetailsArgs are the arguments of DetailsQuery(len(ids), withProvenance).
func DetailsArgs(ids []any, withProvenance bool) []any {
	var args []any
	for _, b := range branchesFor(withProvenance) {
		for range strings.Count(b.from, "%s") {
			args = append(args, ids...)
		}
	}
	return args
}

// loadDetails fills in the details of list's employees (which belong to
// one company); withProvenance also their provenance.
func (s *Store) loadDetails(ctx context.Context, q handle, list []directory.Employee, withProvenance bool) error {
	// Room for an email and an external id each, what most employees
	// have: growing the rows by doubling copied them again and again.
	d := detailRows{withProvenance: withProvenance, rows: make([]detailRow, 0, 2*len(list))}
	err := inBatches(list, func(ids []any) error {
		r, err := q.QueryContext(ctx, DetailsQuery(s.d, len(ids), withProvenance), DetailsArgs(ids, withProvenance)...)
		if err != nil {
			return err
		}
		defer r.Close()
		return d.read(rowsOf(s.d, r))
	})
	if err != nil {
		return err
	}
	d.fill(list)
	// The employees they reference, when they reference any: a second
	// statement, but only then (a branch of the union would seek every
	// employee's manager and values once more to find none).
	return s.fillTargets(ctx, q, list)
}

// detailRows are the detail rows read of some employees.
type detailRows struct {
	withProvenance bool
	rows           []detailRow
	// targets are what references show of the employees referenced,
	// by id, when read with the details (detailTarget); nil otherwise.
	targets map[string]shownTarget
}

// read adds the detail rows of r (a details query's).
func (d *detailRows) read(r Rows) error {
	sc := newDetailScanner()
	for r.Next() {
		if err := d.add(sc, r.Scan); err != nil {
			return err
		}
	}
	return r.Err()
}

// detailScanner scans detail rows, one after another, through the same
// destinations, each kept as a copy: a page of a thousand employees
// reads thousands.
type detailScanner struct {
	row  detailRow
	kind string
	dest []any
}

func newDetailScanner() *detailScanner {
	sc := &detailScanner{}
	row := &sc.row
	sc.dest = append(make([]any, 0, 6+len(row.texts)), &sc.kind, &row.employeeID, nullString{&row.attr}, null[int64]{&row.pos})
	for i := range row.texts {
		sc.dest = append(sc.dest, nullString{&row.texts[i]})
	}
	sc.dest = append(sc.dest, &row.number, null[bool]{&row.flag})
	return sc
}

// add scans a detail row through sc by scan, and keeps it.
func (d *detailRows) add(sc *detailScanner, scan func(dest ...any) error) error {
	sc.row = detailRow{}
	if err := scan(sc.dest...); err != nil {
		return err
	}
	row := sc.row
	row.kind = detailKind(sc.kind)
	if row.kind == detailTarget {
		if d.targets == nil {
			d.targets = map[string]shownTarget{}
		}
		d.targets[row.employeeID] = row.target()
		return nil
	}
	d.rows = append(d.rows, row)
	return nil
}

// fill sets the details of list's employees from the rows read (and what
// their references show, when the targets were read with them), for no
// connection (Employee.SeenBy).
func (d *detailRows) fill(list []directory.Employee) {
	index := make(map[string]int, len(list))
	for i := range list {
		e := &list[i]
		index[e.ID] = i
		e.Emails, e.Addresses, e.Attributes, e.ExternalIDs = nil, nil, nil, nil
		for _, l := range directory.ValueLists {
			*l.Get(e) = nil
		}
		if d.withProvenance {
			e.Provenance = directory.Provenance{}
		}
	}
	// Lists come in their stored order: by attribute (or connection,
	// which ExternalIDs are kept sorted by) and position.
	slices.SortStableFunc(d.rows, func(a, b detailRow) int {
		return cmp.Or(cmp.Compare(a.attr, b.attr), cmp.Compare(a.pos, b.pos))
	})
	creators := map[string]directory.Actor{}
	for _, row := range d.rows {
		if row.kind == detailCreator {
			creators[row.employeeID] = directory.Actor{ConnectionID: row.texts[0], AdminID: row.texts[1]}
			continue
		}
		if i, ok := index[row.employeeID]; ok {
			row.fill(&list[i])
		}
	}
	for i := range list {
		e := &list[i]
		e.SeenBy("")
		if d.withProvenance {
			creatorProvenance(e, creators[e.ID])
		}
		if d.targets != nil {
			describeTargets(e, d.targets)
		}
	}
}

// fill adds the detail to e.
func (d detailRow) fill(e *directory.Employee) {
	switch d.kind {
	case detailEmail:
		e.Emails = append(e.Emails, directory.Email{Value: d.texts[0], Type: d.texts[1], Primary: d.flag})
	case detailValueList:
		var r valueRow
		for i, c := range listColumns {
			*c.get(&r) = d.texts[i]
		}
		r.Primary = d.flag
		r.take(e, d.attr)
	case detailValue:
		v := directory.AttributeValue{Text: d.texts[0], Date: d.texts[1]}
		v.Ref.Value, v.Ref.TargetID = d.texts[2], d.texts[3]
		if d.number != nil {
			v.Number = *d.number
		}
		if e.Attributes == nil {
			e.Attributes = map[string]directory.AttributeValue{}
		}
		e.Attributes[d.attr] = v
	case detailExternalID:
		e.ExternalIDs = append(e.ExternalIDs, directory.ExternalID{ConnectionID: d.attr, Value: d.texts[0]})
	case detailProvenance:
		e.Provenance[d.attr] = directory.SetBy{Actor: directory.Actor{ConnectionID: d.texts[0], AdminID: d.texts[1]}, At: fromMicros(d.pos)}
	}
}
