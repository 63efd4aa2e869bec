package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim/patch"
)

// What the activity log learns about a SCIM request while it is served.
// A successful employee write logs itself inside its transaction (the
// actor carries a RequestInfo); everything else worth logging — a refused
// write, Entra's Test Connection probe, any attempt of a revoked connection
// or of a paused company — is queued when the request ends (logRequest).

// activityNote is filled in while a request (or one operation of a Bulk
// request) is served: who sent it, and which employee it concerns.
type activityNote struct {
	companyID, connectionID string
	client                  string
	// op is the write's directory.Op*, set by the write itself; "" until
	// then (a request refused before it reaches the write is named from
	// its method and path).
	op         string
	bulk       bool
	employeeID string
	userName   string
	notApplied []directory.NotApplied
	// inactive: the connection is revoked or its company paused, and
	// every attempt is recorded.
	inactive bool
}

const keyNote ctxKey = 100

func withNote(ctx context.Context, n *activityNote) context.Context {
	return context.WithValue(ctx, keyNote, n)
}

// noteOf returns the request's note; a throwaway one when there is none,
// so that writers need not check.
func noteOf(ctx context.Context) *activityNote {
	if n, ok := ctx.Value(keyNote).(*activityNote); ok {
		return n
	}
	return &activityNote{}
}

// actor is the caller as recorded in status history and the activity
// log: the connection, with what the log needs to know of the request.
func actor(ctx context.Context) directory.Actor {
	n := noteOf(ctx)
	return directory.Actor{ConnectionID: callerOf(ctx).connection.ID, Request: &directory.RequestInfo{
		Client: n.client, RequestID: requestID(ctx), Operation: n.op, Bulk: n.bulk, NotApplied: n.notApplied}}
}

// clientKind tells Entra from Okta by what each sends: Okta's User-Agent
// is "Okta SCIM Client …"; Entra's names Microsoft or Azure AD, and Entra
// alone adds the aadOptscim062020 flag to the Tenant URL.
func clientKind(r *http.Request, query url.Values) string {
	ua := strings.ToLower(r.Header.Get("User-Agent"))
	switch {
	case strings.Contains(ua, "okta"):
		return directory.ClientOkta
	case strings.Contains(ua, "microsoft"), strings.Contains(ua, "azure"), strings.Contains(ua, "entra"),
		query.Has("aadOptscim062020"):
		return directory.ClientEntra
	}
	return directory.ClientOther
}

// writeOp names a write request by method and path (under Prefix): ""
// for requests that write nothing.
func writeOp(method, path string) string {
	rest := strings.Trim(strings.TrimPrefix(path, Prefix), "/")
	switch {
	case rest == "Bulk" && method == http.MethodPost:
		return directory.OpBulk
	case rest == "Users" && method == http.MethodPost:
		return directory.OpCreate
	case strings.HasPrefix(rest, "Users/") && !strings.Contains(rest[len("Users/"):], "/") && rest != "Users/.search":
		switch method {
		case http.MethodPut:
			return directory.OpReplace
		case http.MethodPatch:
			return directory.OpPatch
		case http.MethodDelete:
			return directory.OpDelete
		}
	}
	return ""
}

// userIDOf is the employee id in a /Users/{id} path, if any.
func userIDOf(path string) string {
	rest := strings.Trim(strings.TrimPrefix(path, Prefix), "/")
	id, ok := strings.CutPrefix(rest, "Users/")
	if !ok || id == ".search" || strings.Contains(id, "/") {
		return ""
	}
	return id
}

// probeFilter matches the filter of Entra's Test Connection: userName
// (Entra's default matching attribute) equal to a random GUID. Matching on
// externalId with a GUID is an ordinary lookup (Entra's object ids are
// GUIDs), not a probe.
var probeFilter = regexp.MustCompile(`(?i)^\s*userName\s+eq\s+"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\s*$`)

// isProbe reports whether r is Entra's Test Connection (scim-clients.md
// §1.1): GET /Users?filter=userName eq "<random GUID>", the same request
// that starts every on-demand provisioning run.
func isProbe(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.Trim(strings.TrimPrefix(r.URL.Path, Prefix), "/") == "Users" &&
		probeFilter.MatchString(queryOf(r).Get("filter"))
}

// logRequest queues what the activity log keeps of a finished request
// that did not log itself: a refused write (status ≥ 400), Entra's probe,
// and any attempt of a revoked connection or paused company.
func (s *Server) logRequest(r *http.Request, n *activityNote, status int, scimType, detail string) {
	if n.companyID == "" {
		return // not authenticated: no company to record it for
	}
	op := n.op
	if op == "" {
		op = writeOp(r.Method, r.URL.Path)
	}
	switch {
	case op == "" && isProbe(r):
		op = directory.OpProbe
		if n.client == directory.ClientOther {
			n.client = directory.ClientEntra // the probe is Entra's
		}
	case op == "" && n.inactive:
		op = strings.ToLower(r.Method)
	case op == "" || status < 400:
		return
	}
	if n.employeeID == "" {
		n.employeeID = userIDOf(r.URL.Path)
	}
	s.activity.add(s.refusalEntry(r.Context(), n, op, status, scimType, detail))
}

// refusalEntry is the queued log entry of a request or Bulk operation.
func (s *Server) refusalEntry(ctx context.Context, n *activityNote, op string, status int, scimType, detail string) directory.LogEntry {
	e := directory.LogEntry{CompanyID: n.companyID, At: s.now(), ConnectionID: n.connectionID, Client: n.client,
		RequestID: requestID(ctx), Operation: op, Bulk: n.bulk, EmployeeID: n.employeeID, UserName: n.userName,
		Status: status, NotApplied: n.notApplied}
	if status >= 400 {
		e.ScimType, e.Detail = scimType, detail
		e.Cause = directory.CauseOf(detail, n.userName, n.employeeID)
	}
	return e
}

// notStored is the NotApplied reason of attributes roster has no place
// for (password, groups, roles, phoneNumbers …).
const notStored = "not stored by roster"

// idsAssigned is the NotApplied reason of an id a create sends.
const idsAssigned = "ids are assigned by roster"

// noteNotStored records attributes of the request that roster ignored.
func noteNotStored(ctx context.Context, paths []string) {
	n := noteOf(ctx)
	for _, p := range paths {
		n.notApplied = append(n.notApplied, directory.NotApplied{Attribute: p, Reason: notStored})
	}
}

// hintDialect recognises Entra by its capitalised PATCH ops ("Replace"),
// which no other client sends, when the User-Agent did not tell.
func (n *activityNote) hintDialect(ops []patch.Operation) {
	if n.client != directory.ClientOther {
		return
	}
	for _, op := range ops {
		if op.Op != "" && op.Op != strings.ToLower(op.Op) {
			n.client = directory.ClientEntra
			return
		}
	}
}
