package sqlstore

import (
	"context"
	"database/sql"

	"roster/internal/directory"
)

// Employees returns one page of the company's employees matching q and
// the number of all matches, both from one snapshot.
func (s *Store) Employees(ctx context.Context, companyID string, q directory.EmployeeQuery) ([]directory.Employee, int, error) {
	if q.Offset < 0 || q.Limit < 0 {
		return nil, 0, s.wrap("employees", directory.Invalid("offset and limit must not be negative"))
	}
	c := &compiler{d: s.d, company: companyID}
	where := "e.company_id = " + c.bind(companyID)
	if q.Filter != nil {
		f, err := c.expr(q.Filter)
		if err != nil {
			return nil, 0, s.wrap("employees", err)
		}
		where += " AND " + f
	}
	order, err := orderBy(q.SortBy, q.Descending)
	if err != nil {
		return nil, 0, s.wrap("employees", err)
	}
	var total int
	var list []directory.Employee
	err = s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees e WHERE `+where, c.args...).Scan(&total); err != nil {
			return err
		}
		if q.Limit == 0 || q.Offset >= total {
			return nil
		}
		n := len(c.args)
		query := employeeSelect + ` WHERE ` + where + ` ORDER BY ` + order +
			` LIMIT ` + s.d.Placeholder(n+1) + ` OFFSET ` + s.d.Placeholder(n+2)
		rows, err := tx.QueryContext(ctx, query, append(c.args, q.Limit, q.Offset)...)
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
		return s.loadEmails(ctx, tx, companyID, list)
	})
	if err != nil {
		return nil, 0, s.wrap("employees", err)
	}
	return list, total, nil
}
