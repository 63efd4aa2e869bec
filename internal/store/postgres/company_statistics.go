package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
)

// A company that grows after the last ANALYZE is misjudged by the
// planner, autovacuum on or off. Autovacuum analyzes a table once a tenth
// of it changed; in a database that already holds a large company, a new
// company's whole initial sync fits in that tenth. Until then the
// statistics say the new company has no employees (it is not among the
// most common values of employees.company_id, and the big one is nearly
// all of them), so every index that begins with company_id looks as good
// as the unique one, and the planner may pick any: measured on this
// project's machine, a database with a company of 30,000 employees,
// analyzed, then a new company syncing — its userName lookups walked the
// company's employees through employees_manager, 3,423 of them for each
// lookup by the 3,424th employee (2–12 ms), where the userName index
// seeks one.
//
// So the store asks the planner, as companies grow, how many employees
// it thinks each has, and analyzes the employees' tables when it thinks
// fewer than half. It asks again about a company only once it has
// doubled since it last asked, so a company costs a few questions and at
// most a few ANALYZEs over its growth, however large.

// misjudgedAtLeast is the least company size worth the question: below
// it, any plan is cheap.
const misjudgedAtLeast = 1000

// companySizes remembers, by company, its employees when the store last
// asked the planner about it.
type companySizes map[string]int64

// analyzeMisjudged analyzes the employees' tables when the planner thinks
// a company of at least atLeast employees, grown to twice what it had
// when last asked about (asked), has fewer than half of them.
func analyzeMisjudged(ctx context.Context, db *sql.DB, asked companySizes, atLeast int64) error {
	grown, err := grownCompanies(ctx, db, asked, atLeast)
	if err != nil {
		return err
	}
	for id, live := range grown {
		asked[id] = live
		thought, err := plannedEmployees(ctx, db, id)
		if err != nil {
			return err
		}
		if 2*thought >= live {
			continue
		}
		if err := analyzeEmployeeTables(ctx, db); err != nil {
			return err
		}
		slog.Debug("postgres: analyzed a company the planner misjudged", "company", id, "employees", live, "planned", thought)
		return nil // the statistics now see every company as it is
	}
	return nil
}

// grownCompanies returns the companies of at least atLeast employees that
// have twice what they had when last asked about.
func grownCompanies(ctx context.Context, db *sql.DB, asked companySizes, atLeast int64) (map[string]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, live_employees FROM companies WHERE live_employees >= $1`, atLeast)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	grown := map[string]int64{}
	for rows.Next() {
		var id string
		var live int64
		if err := rows.Scan(&id, &live); err != nil {
			return nil, err
		}
		if live >= 2*asked[id] {
			grown[id] = live
		}
	}
	return grown, rows.Err()
}

// plannedEmployees is the planner's estimate of the company's employees.
func plannedEmployees(ctx context.Context, db *sql.DB, companyID string) (int64, error) {
	// The id is spliced as a literal, so that the estimate is the one
	// the company's own queries get; EXPLAIN takes no parameters.
	var out []byte
	if err := db.QueryRowContext(ctx, `EXPLAIN (FORMAT JSON) SELECT 1 FROM employees WHERE company_id = '`+
		strings.ReplaceAll(companyID, "'", "''")+`'`).Scan(&out); err != nil {
		return 0, err
	}
	var plans []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(out, &plans); err != nil || len(plans) == 0 {
		return 0, fmt.Errorf("reading the planner's estimate: %v (%s)", err, out)
	}
	return int64(plans[0].Plan.Rows), nil
}

// analyzeEmployeeTables analyzes the tables of employees and their
// details, whose lookups begin with company_id.
func analyzeEmployeeTables(ctx context.Context, db *sql.DB) error {
	for _, table := range []string{"employees", "employee_emails", "employee_external_ids"} {
		if _, err := db.ExecContext(ctx, "ANALYZE "+table); err != nil {
			return err
		}
	}
	return nil
}
