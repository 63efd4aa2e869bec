package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"roster/internal/directory"
)

// A point lookup in one statement, where statements are sent together
// (PostgreSQL). Entra and Okta look an employee up before every write
// (userName, externalId, an email, an id): a page of one or none. Read
// as a page — BEGIN, the employees, their details, COMMIT, in one round
// trip — it was four statements, and each costs PostgreSQL its setup: the
// transaction's, and an executor for the details' union of five branches
// and its semi-joins. Here one statement reads the employees
// and, in a column of each, its details — the same rows as the details
// query's (detailRow), with the employees its references name — as a
// JSON array of rows built by the database, unpacked as packed rows are
// (packed_rows.go). One statement sees one snapshot, so no transaction
// is needed for the employees and their details to agree.

// lookupDetails is the column of an employee's details (e) in the
// lookup's statement, for d.
func lookupDetails(d Dialect) string {
	// The details' columns are named in the union's first branch, for the
	// array built of them outside it: a JSON value built inside a
	// subquery reaches the query around it as text.
	var names []string
	branches := append(detailBranches[:len(detailBranches):len(detailBranches)], lookupTargetBranch)
	parts := make([]string, len(branches))
	for i, b := range branches {
		cols := b.columns(i == 0)
		if i == 0 {
			for j := range cols {
				name := fmt.Sprintf("c%d", j)
				cols[j] += " AS " + name
				names = append(names, "d."+name)
			}
		}
		parts[i] = "SELECT " + strings.Join(cols, ", ") + " FROM " + strings.ReplaceAll(b.from, "%s", "e.id")
	}
	// No rows give SQLite's json_group_array [], PostgreSQL's json_agg
	// NULL: both are no details.
	build, aggregate := d.JSONArray()
	return `(SELECT ` + aggregate + `(` + build + `(` + strings.Join(names, ", ") + `)) FROM (` +
		strings.Join(parts, " UNION ALL ") + `) d)`
}

// lookupTargetBranch reads the employees that the employee e references
// (its manager, the targets of its reference attributes): what its
// references show of them (detailTarget).
var lookupTargetBranch = detailBranch{kind: detailTarget, id: "t.id",
	texts: []string{"t.user_name", "t.display_name", "t.given_name", "t.family_name", "t.formatted_name", primaryEmailOf("t")},
	from: `employees t WHERE t.company_id = e.company_id AND t.id IN (SELECT e.manager_id
		UNION ALL SELECT v.ref_target_id FROM employee_attribute_values v WHERE v.employee_id = e.id)`}

// lookUpAtOnce reads a pointLookup's employees with their details in one
// statement (see above). Its page, when not full, holds all the matches;
// a full one does not tell how many there are.
func (s *Store) lookUpAtOnce(ctx context.Context, companyID string, q directory.EmployeeQuery) ([]directory.Employee, error) {
	bq, err := buildEmployeesQuery(s.d, companyID, q, nil, false, true)
	if err != nil {
		return nil, err
	}
	if bq.FewTail == "" {
		return nil, fmt.Errorf("a point lookup without a direct page: %q", q.Filter)
	}
	query := lookupQueries.of(s.d, bq.FewTail)
	var list []directory.Employee
	err = s.readAtOnce(ctx, func(h handle) error {
		return h.queryLater(ctx, func(r Rows) error {
			var err error
			list, err = scanLookup(s.d, r)
			return err
		}, query, bq.PageFewArgs...)
	})
	return list, err
}

// lookupQueries holds the lookup statements' texts by dialect and tail:
// there are as few as the shapes of a point lookup's filter.
var lookupQueries queryTexts

// queryTexts caches the lookup statements' texts.
type queryTexts struct{ m sync.Map } // [2]string{dialect, tail} → string

func (c *queryTexts) of(d Dialect, tail string) string {
	key := [2]string{d.Name(), tail}
	if q, ok := c.m.Load(key); ok {
		return q.(string)
	}
	q := `SELECT ` + employeeColumns(d) + `, ` + lookupDetails(d) + tail
	c.m.Store(key, q)
	return q
}

// scanLookup reads the rows of a lookup statement: employees, with their
// details filled in.
func scanLookup(d Dialect, r Rows) ([]directory.Employee, error) {
	var sc employeeScanner
	var list []directory.Employee
	details := detailRows{}
	dsc := newDetailScanner()
	var employee, detailsText string
	for r.Next() {
		var e directory.Employee
		var err error
		if d.PacksRows() {
			if err = r.Scan(&employee, nullString{&detailsText}); err == nil {
				e, _, err = sc.scan(packedText(employee))
			}
		} else {
			e, _, err = sc.scan(withLastColumn{r, nullString{&detailsText}})
		}
		if err != nil {
			return nil, err
		}
		list = append(list, e)
		if detailsText == "" {
			continue // PostgreSQL: none
		}
		err = eachPacked(detailsText, func(v packedValue) error {
			if v.kind != packedArray {
				return fmt.Errorf("%w: a detail that is no row: %.40q", errPackedRow, v.text)
			}
			return details.add(dsc, func(dest ...any) error { return unpackRow(v.text, dest) })
		})
		if err != nil {
			return nil, err
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	details.fill(list)
	return list, nil
}

// packedText scans a packed row already read.
type packedText string

func (p packedText) Scan(dest ...any) error { return unpackRow(string(p), dest) }

// withLastColumn scans a row into the destinations given and then last.
type withLastColumn struct {
	r    Rows
	last any
}

func (w withLastColumn) Scan(dest ...any) error {
	return w.r.Scan(append(dest[:len(dest):len(dest)], w.last)...)
}

// readAtOnce runs fn, a read of one statement (a snapshot of its own),
// without a transaction. Where statements are sent together, the
// request's caller is read in the same round trip, before it
// (directory.CallerCheck): in its own snapshot, which is the caller the
// request had when its read began.
func (s *Store) readAtOnce(ctx context.Context, fn func(h handle) error) error {
	if s.d.SendTogether() == nil {
		return fn(s.r.h())
	}
	if check := directory.CallerCheckOf(ctx); check != nil {
		read := fn
		fn = func(h handle) error {
			if err := checkCaller(ctx, h, check); err != nil {
				return err
			}
			return read(h)
		}
	}
	return together(ctx, s.r, "", fn)
}
