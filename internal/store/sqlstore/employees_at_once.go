package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"roster/internal/directory"
)

// Employees in one statement, where statements are sent together
// (PostgreSQL; on SQLite, where a statement is no round trip, the
// statement's subqueries measured slower than the statements they save).
// Entra and Okta look an employee up before every write (userName,
// externalId, an email, an id: a page of one or none), Okta reads one by
// id, and every update reads its employee first, under the company's
// lock. Read the usual way — the employees, then their details (keyed by
// the employees' query), and for a read BEGIN and COMMIT around them, all
// in one round trip — that was two to four statements, and each costs
// PostgreSQL its setup: an executor for the details' union of five to
// seven branches and its semi-joins, the transaction's. Here one
// statement reads the employees and, in a column of each, its details —
// the same rows as the details query's (detailRow), with the employees
// its references name — as a JSON array of rows built by the database,
// unpacked as packed rows are (packed_rows.go). One statement sees one
// snapshot: a read needs no transaction for the employees and their
// details to agree.

// detailsColumn is the column of an employee's details (e) for d, its
// provenance too if withProvenance: the details' union for e, each branch
// building its rows into arrays itself, aggregated around it — a JSON
// value built inside a subquery reaches the query around it as text.
// Built in the branches, the arrays cost PostgreSQL less to set up on
// every execution than the union's fifteen columns, each cast or named,
// built into arrays around it: the same rows, pgbench 27,760–28,330 →
// 30,194–30,818 statements a second.
func detailsColumn(d Dialect, withProvenance bool) string {
	branches := append(slices.Clip(branchesFor(withProvenance)), referencedBranch)
	// No rows give SQLite's json_group_array [], PostgreSQL's json_agg
	// NULL: both are no details.
	build, aggregate := d.JSONArray()
	parts := make([]string, len(branches))
	for i, b := range branches {
		parts[i] = b.arraySQL("e.id", build)
	}
	return `(SELECT ` + aggregate + `(d.r) FROM (` + strings.Join(parts, "\nUNION ALL ") + `) d)`
}

// referencedBranch reads the employees that the employee e references
// (its manager, the targets of its reference attributes): what its
// references show of them (detailTarget).
var referencedBranch = detailBranch{kind: detailTarget, id: "t.id",
	texts: []string{"t.user_name", "t.display_name", "t.given_name", "t.family_name", "t.formatted_name", primaryEmailOf("t")},
	from: `employees t WHERE t.company_id = e.company_id AND t.id IN (SELECT e.manager_id
		UNION ALL SELECT v.ref_target_id FROM employee_attribute_values v WHERE v.employee_id = e.id)`}

// employeesAtOnce is the result of queueEmployees once sent: the
// employees, their details filled in, and their seqs.
type employeesAtOnce struct {
	list []directory.Employee
	seqs []int64
}

// queueEmployees queues the statement of the employees that tail selects
// ("FROM employees e WHERE …", taking args) with their details, their
// provenance too if withProvenance; they are read into the result when
// what is queued is sent.
func (s *Store) queueEmployees(ctx context.Context, h handle, tail string, args []any, withProvenance bool) (*employeesAtOnce, error) {
	got := &employeesAtOnce{}
	return got, h.queryLater(ctx, func(r Rows) error {
		return got.scan(r, withProvenance)
	}, atOnceQuery(s.d, tail, withProvenance), args...)
}

// lookUpAtOnce reads a pointLookup's employees in one statement, outside
// a transaction. Its page, when not full, holds all the matches; a full
// one does not tell how many there are.
func (s *Store) lookUpAtOnce(ctx context.Context, companyID string, q directory.EmployeeQuery) ([]directory.Employee, error) {
	bq, err := buildEmployeesQuery(s.d, companyID, q, nil, queryShape{hideHeld: true, fewOnly: true})
	if err != nil {
		return nil, err
	}
	if bq.FewTail == "" {
		return nil, fmt.Errorf("a point lookup without a direct page: %q", q.Filter)
	}
	var got *employeesAtOnce
	err = s.readAtOnce(ctx, func(h handle) error {
		var err error
		got, err = s.queueEmployees(ctx, h, bq.FewTail, bq.PageFewArgs, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	return got.list, nil
}

// atOnceQuery is the statement of the employees that tail selects, with
// their details (and provenance if withProvenance), for d.
func atOnceQuery(d Dialect, tail string, withProvenance bool) string {
	return employeesSelect(d, tail, true, withProvenance)
}

// scan reads the rows of queueEmployees's statement: an employee's
// columns as a dialect that sends statements together reads them (not
// packed), and its details.
func (got *employeesAtOnce) scan(r Rows, withProvenance bool) error {
	var sc employeeScanner
	details := detailRows{withProvenance: withProvenance}
	dsc := newDetailScanner()
	var detailsText string
	for r.Next() {
		e, seq, err := sc.scan(withLastColumn{r, nullString{&detailsText}})
		if err != nil {
			return err
		}
		got.list, got.seqs = append(got.list, e), append(got.seqs, seq)
		if detailsText == "" {
			continue // none
		}
		err = eachPacked(detailsText, func(v packedValue) error {
			if v.kind != packedArray {
				return fmt.Errorf("%w: a detail that is no row: %.40q", errPackedRow, v.text)
			}
			return details.add(dsc, func(dest ...any) error { return unpackRow(v.text, dest) })
		})
		if err != nil {
			return err
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	details.fill(got.list)
	return nil
}

// withLastColumn scans a row into the destinations given and then last.
type withLastColumn struct {
	r    Rows
	last any
}

func (w withLastColumn) Scan(dest ...any) error {
	return w.r.Scan(append(dest[:len(dest):len(dest)], w.last)...)
}

// readAtOnce runs fn, a read of one statement (a snapshot of its own),
// without a transaction, where statements are sent together. The
// request's caller is read in the same round trip, before it
// (directory.CallerCheck): in its own snapshot, which is the caller the
// request had when its read began.
func (s *Store) readAtOnce(ctx context.Context, fn func(h handle) error) error {
	return together(ctx, s.r, "", withCallerCheck(ctx, fn))
}
