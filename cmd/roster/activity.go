package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"roster/internal/directory"
)

// activityCmd: roster activity --company ID [--employee ID] [--connection ID]
// [--failed] [--since RFC3339] [--limit N] [--json]. Newest first, one
// entry a line (activityLine), or one JSON object a line with --json.
func activityCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("activity", stderr)
	employee := fs.String("employee", "", "only entries naming this employee id")
	connection := fs.String("connection", "", "only entries of this connection id (and of the tokens it replaced, as token list counts them)")
	failed := fs.Bool("failed", false, "only refused requests")
	since := fs.String("since", "", "only entries at or after this time (RFC 3339, e.g. 2025-01-31T00:00:00Z)")
	limit := fs.Int("limit", 100, "most entries printed")
	asJSON := fs.Bool("json", false, "one JSON object a line")
	if err := parse(fs, args); err != nil {
		return err
	}
	q := directory.ActivityQuery{EmployeeID: *employee, FailedOnly: *failed, Limit: *limit}
	if *since != "" {
		t, err := time.Parse(time.RFC3339, *since)
		if err != nil {
			return usageError{fmt.Sprintf("--since %q is not an RFC 3339 time such as 2025-01-31T00:00:00Z", *since)}
		}
		q.Since = t
	}
	if *limit < 1 {
		return usageError{"--limit must be at least 1"}
	}
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error {
		if *connection != "" {
			// Another company's connection, or a mistyped id, is a failure,
			// not an empty log.
			if err := requireConnection(ctx, st, *company, *connection); err != nil {
				return err
			}
			repl, err := st.ConnectionReplacements(ctx, *company)
			if err != nil {
				return err
			}
			q.ConnectionIDs = directory.ReplacedChain(*connection, repl)
		}
		entries, _, err := st.ActivityLog(ctx, *company, q)
		if err != nil {
			return err
		}
		defs, err := st.Attributes(ctx, *company)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		for _, e := range entries {
			e = e.Named(defs) // company attributes by name, as the console shows them
			if *asJSON {
				if err := enc.Encode(jsonEntry(e)); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintln(stdout, activityLine(e))
		}
		return nil
	})
}

// activityLine is the CLI's line of an entry (a contract):
// time<TAB>connection<TAB>operation<TAB>employee<TAB>status<TAB>detail.
// connection is the connection id, or the actor when the entry has none
// ("admin:ID", "cli", "system"); employee is the userName, else the id,
// else "-"; detail is the refusal's detail or the write's diff in short.
// Tabs and line breaks inside fields become spaces.
func activityLine(e directory.LogEntry) string {
	conn := e.ConnectionID
	if conn == "" {
		conn = e.Actor()
	}
	emp := e.UserName
	if emp == "" {
		emp = e.EmployeeID
	}
	fields := []string{e.At.UTC().Format(time.RFC3339), conn, e.Operation, emp, strconv.Itoa(e.Status), e.Summary()}
	for i, f := range fields {
		if f == "" {
			fields[i] = "-"
		}
	}
	return tabbed(fields...)
}

// logEntryJSON is an entry as `roster activity --json` prints it.
type logEntryJSON struct {
	ID         int64            `json:"id"`
	Time       time.Time        `json:"time"`
	Connection string           `json:"connection,omitempty"`
	Admin      string           `json:"admin,omitempty"`
	Actor      string           `json:"actor"`
	Client     string           `json:"client,omitempty"`
	RequestID  string           `json:"requestId,omitempty"`
	Operation  string           `json:"operation"`
	Bulk       bool             `json:"bulk,omitempty"`
	EmployeeID string           `json:"employeeId,omitempty"`
	UserName   string           `json:"userName,omitempty"`
	Status     int              `json:"status"`
	ScimType   string           `json:"scimType,omitempty"`
	Detail     string           `json:"detail,omitempty"`
	Cause      string           `json:"cause,omitempty"`
	Changes    []changeJSON     `json:"changes,omitempty"`
	NotApplied []notAppliedJSON `json:"notApplied,omitempty"`
}

type changeJSON struct {
	Attribute string `json:"attribute"`
	Old       string `json:"old"`
	New       string `json:"new"`
}

type notAppliedJSON struct {
	Attribute string `json:"attribute"`
	Reason    string `json:"reason"`
}

func jsonEntry(e directory.LogEntry) logEntryJSON {
	j := logEntryJSON{ID: e.ID, Time: e.At.UTC(), Connection: e.ConnectionID, Admin: e.AdminID, Actor: e.Actor(),
		Client: e.Client, RequestID: e.RequestID, Operation: e.Operation, Bulk: e.Bulk, EmployeeID: e.EmployeeID,
		UserName: e.UserName, Status: e.Status, ScimType: e.ScimType, Detail: e.Detail, Cause: e.Cause}
	for _, c := range e.Changes {
		j.Changes = append(j.Changes, changeJSON(c))
	}
	for _, n := range e.NotApplied {
		j.NotApplied = append(j.NotApplied, notAppliedJSON(n))
	}
	return j
}

// recordAction appends the log entry of a command's action, with "cli"
// as the actor. The action is done by then: a failure to record it is
// reported on stderr, not as the command's failure.
func recordAction(ctx context.Context, st directory.Store, stderr io.Writer, companyID, op, connectionID, detail string) {
	e := directory.ActionEntry(companyID, "", op, connectionID, detail)
	if err := st.AppendActivity(ctx, []directory.LogEntry{e}); err != nil {
		fmt.Fprintf(stderr, "warning: the activity log did not record this: %v\n", err)
	}
}
