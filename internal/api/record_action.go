package api

import (
	"context"

	"roster/internal/directory"
)

// recordAction appends the activity log entry of a survey action taken
// through the API, as the console and the command line log theirs: a
// round scheduled, edited or cancelled by a service leaves the same trace
// as one an administrator changed. A log that cannot be written does not
// undo the action; the server's log says so.
func (s *Server) recordAction(ctx context.Context, companyID, op, detail string) {
	if err := s.store.AppendActivity(ctx, []directory.LogEntry{directory.APIActionEntry(companyID, op, detail)}); err != nil {
		s.log.Warn("product API: activity log did not record an action", "company", companyID, "operation", op, "err", err)
	}
}
