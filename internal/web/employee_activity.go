package web

import (
	"context"
	"net/url"

	"roster/internal/directory"
)

// employeeLogSize is how many of an employee's newest activity log
// entries the employee page shows; the Activity page, filtered by the
// employee, has them all.
const employeeLogSize = 10

// employeeLog is the employee page's part of the activity log.
type employeeLog struct {
	Rows  []entryRow
	Total int
	// AllURL is the Activity page filtered by the employee.
	AllURL string
}

// employeeLog reads the newest entries that name the company's employee.
func (s *Server) employeeLog(ctx context.Context, companyID, employeeID string) (employeeLog, error) {
	entries, total, err := s.store.ActivityLog(ctx, companyID, directory.ActivityQuery{EmployeeID: employeeID, Limit: employeeLogSize})
	if err != nil {
		return employeeLog{}, err
	}
	names, err := s.loadEntryNames(ctx, companyID)
	if err != nil {
		return employeeLog{}, err
	}
	return employeeLog{Rows: names.rows(entries), Total: total,
		AllURL: "/activity?" + url.Values{"employee": {employeeID}}.Encode()}, nil
}
