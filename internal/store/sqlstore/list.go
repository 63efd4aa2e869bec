package sqlstore

import (
	"context"
	"strings"

	"roster/internal/directory"
)

// EmployeesQuery is the SQL of one Employees call.
type EmployeesQuery struct {
	// Count counts the matches; it takes Args.
	Count string
	Args  []any
	// Page selects the page (employeeSelect columns); it takes PageArgs,
	// which are Args followed by the limit and the offset.
	Page     string
	PageArgs []any
	// PageFew is Page for when the count found few matches (fewMatches):
	// ordered by "+e.seq", which SQLite cannot serve from the
	// creation-order index, so an index serving the filter (emails) drives
	// the query and the few matches are sorted, rather than walking the
	// company's employees in order testing each against the filter.
	PageFew string
}

// fewMatches is the match count up to which sorting the matches beats
// walking the creation-order index.
const fewMatches = 1000

// BuildEmployeesQuery compiles q for the company into SQL for d. It is
// what Employees runs, exported so that backends can check query plans.
func BuildEmployeesQuery(d Dialect, companyID string, q directory.EmployeeQuery) (EmployeesQuery, error) {
	if q.Offset < 0 || q.Limit < 0 {
		return EmployeesQuery{}, directory.Invalid("offset and limit must not be negative")
	}
	c := &compiler{d: d, company: companyID}
	where := "e.company_id = " + c.bind(companyID)
	if q.Filter != nil {
		f, err := c.expr(q.Filter)
		if err != nil {
			return EmployeesQuery{}, err
		}
		where += " AND " + f
	}
	order, err := orderBy(q.SortBy, q.Descending)
	if err != nil {
		return EmployeesQuery{}, err
	}
	n := len(c.args)
	// A deferred join: the page's seqs are found first, from indexes
	// where possible, and only those rows are read and joined with their
	// manager. A deep OFFSET (Okta imports page by page) then skips index
	// entries instead of whole joined rows.
	page := func(inner string) string {
		return employeeSelect + ` WHERE e.seq IN (SELECT e.seq FROM employees e WHERE ` + where +
			` ORDER BY ` + inner + ` LIMIT ` + d.Placeholder(n+1) + ` OFFSET ` + d.Placeholder(n+2) +
			`) ORDER BY ` + order
	}
	few := order
	if q.SortBy == nil {
		few = strings.Replace(order, "e.seq", "+e.seq", 1)
	}
	return EmployeesQuery{
		Count:    `SELECT COUNT(*) FROM employees e WHERE ` + where,
		Args:     c.args,
		Page:     page(order),
		PageFew:  page(few),
		PageArgs: append(c.args[:n:n], q.Limit, q.Offset),
	}, nil
}

// Employees returns one page of the company's employees matching q and
// the number of all matches, both from one snapshot.
func (s *Store) Employees(ctx context.Context, companyID string, q directory.EmployeeQuery) ([]directory.Employee, int, error) {
	bq, err := BuildEmployeesQuery(s.d, companyID, q)
	if err != nil {
		return nil, 0, s.wrap("employees", err)
	}
	var total int
	var list []directory.Employee
	err = s.read(ctx, func(tx handle) error {
		if err := tx.QueryRowContext(ctx, bq.Count, bq.Args...).Scan(&total); err != nil {
			return err
		}
		if q.Limit == 0 || q.Offset >= total {
			return nil
		}
		query := bq.Page
		if q.Filter != nil && total <= fewMatches {
			query = bq.PageFew
		}
		rows, err := tx.QueryContext(ctx, query, bq.PageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, _, err := scanEmployee(rows)
			if err != nil {
				return err
			}
			list = append(list, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.loadDetails(ctx, tx, list)
	})
	if err != nil {
		return nil, 0, s.wrap("employees", err)
	}
	return list, total, nil
}
