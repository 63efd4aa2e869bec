package web

import (
	"context"
	"net/url"
	"time"

	"roster/internal/directory"
)

// How the console shows activity log entries (the Activity page, an
// employee's page): one line each (when, who, what, whom, outcome, in
// short), which expands to the whole entry (the diff old → new, what was
// not applied, the refusal's scimType and detail, the request id).

// entryRow is one log entry as shown.
type entryRow struct {
	ID int64
	At time.Time
	// Who is the connection's label, "admin <email>" or "roster".
	Who, Client string
	Operation   string
	Bulk        bool
	// EmployeeID and UserName as the entry recorded them; EmployeeURL
	// filters the Activity page by that employee.
	EmployeeID, UserName, EmployeeURL string
	Status                            int
	Failed                            bool
	ScimType, Detail                  string
	// Summary is the entry in one line (LogEntry.Summary, company
	// attributes by name).
	Summary    string
	Changes    []directory.Change
	NotApplied []directory.NotApplied
	RequestID  string
}

// entryNames is what showing entries needs to name things: connection
// labels and admin emails (the actors), and the company's attributes,
// for their names (a change of a company attribute is recorded under
// its id: LogEntry.Named).
type entryNames struct {
	actors     directory.ActorNames
	attributes []directory.AttributeDef
}

// loadEntryNames reads the company's entryNames.
func (s *Server) loadEntryNames(ctx context.Context, companyID string) (entryNames, error) {
	actors, err := directory.LoadActorNames(ctx, s.store, companyID)
	if err != nil {
		return entryNames{}, err
	}
	defs, err := s.store.Attributes(ctx, companyID)
	if err != nil {
		return entryNames{}, err
	}
	return entryNames{actors: actors, attributes: defs}, nil
}

// rows turns entries into rows.
func (n entryNames) rows(entries []directory.LogEntry) []entryRow {
	out := make([]entryRow, 0, len(entries))
	for _, e := range entries {
		// Company attributes by name, in the diff and in the summary.
		e = e.Named(n.attributes)
		row := entryRow{ID: e.ID, At: e.At, Who: n.actors.Label(directory.Actor{ConnectionID: e.ConnectionID, AdminID: e.AdminID}),
			Client: e.Client, Operation: e.Operation, Bulk: e.Bulk, EmployeeID: e.EmployeeID, UserName: e.UserName,
			Status: e.Status, Failed: e.Failed(), ScimType: e.ScimType, Detail: e.Detail, Summary: e.Summary(),
			Changes: e.Changes, NotApplied: e.NotApplied, RequestID: e.RequestID}
		if e.EmployeeID != "" {
			row.EmployeeURL = "/activity?" + url.Values{"employee": {e.EmployeeID}}.Encode()
		}
		out = append(out, row)
	}
	return out
}
