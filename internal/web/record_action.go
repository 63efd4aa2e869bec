package web

import (
	"context"
	"strings"

	"roster/internal/directory"
)

// recordAction appends the activity log entry of an administrator's
// action (directory.ActionEntry), right after the action: the action is
// done by then, so a failure to record it is logged, not shown.
func (s *Server) recordAction(ctx context.Context, companyID, adminID, op, connectionID, detail string) {
	e := directory.ActionEntry(companyID, adminID, op, connectionID, detail)
	if err := s.store.AppendActivity(ctx, []directory.LogEntry{e}); err != nil {
		s.log.Warn("console: activity log did not record an action", "company", companyID, "operation", op, "err", err)
	}
}

// aliasList shows aliases for the log: "none" when there are none.
func aliasList(aliases []string) string {
	if len(aliases) == 0 {
		return "none"
	}
	return `"` + strings.Join(aliases, `", "`) + `"`
}
