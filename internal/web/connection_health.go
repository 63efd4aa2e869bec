package web

import (
	"context"
	"time"

	"roster/internal/directory"
)

// Connection health, per connection on the Integrations page: is it
// syncing, and does roster accept what it sends? From the activity log
// (writes, probes and refusals; successful reads are not logged) and the
// usage counts (every request).

const (
	// silentAfter: a connection that was syncing and has sent nothing
	// for this long is "silent". Entra ID syncs about every 40 minutes,
	// so this is two missed cycles.
	silentAfter = 90 * time.Minute
	// syncingWithin: a connection used this recently was syncing (one
	// that wrote at least once was too, however long ago).
	syncingWithin = 7 * 24 * time.Hour
	// healthWindow is the window of the request and refusal counts.
	healthWindow = 24 * time.Hour
	// successScan bounds the newest successful entries read to find the
	// last one the connection's requests made (administrators' actions on
	// the connection, such as its creation, are logged under it too).
	successScan = 20
)

// connectionHealth is what the page says about a connection's syncing.
type connectionHealth struct {
	// LastSuccess is the last successful write or probe (Operation).
	LastSuccess   time.Time
	LastOperation string
	// LastRefusal is the last refused request and its detail.
	LastRefusal       time.Time
	LastRefusalDetail string
	// Requests is every request in the last 24 hours (counted by the
	// hour), Refusals the refused ones.
	Requests, Refusals int64
	// Silent: it was syncing, and has sent nothing for silentAfter.
	Silent bool
	// SilentFor is how long it has sent nothing, rounded for people.
	SilentFor string
	// RefusalsURL lists its refusals on the Activity page.
	RefusalsURL string
}

// health reads the health of the chain of connections ids (newest first,
// directory.ReplacedChain: a rotated token's requests count for its
// connection) that was last used at lastUsed; requests are the company's
// counts of the last 24 hours by connection (RequestsSince).
func (s *Server) health(ctx context.Context, companyID string, ids []string, lastUsed time.Time, requests map[string]int64, now time.Time) (connectionHealth, error) {
	// The link lists what Refusals counts: the whole chain's.
	h := connectionHealth{RefusalsURL: activityFilter{Connection: ids[0], Outcome: "refused"}.link("/activity", 1)}
	for _, id := range ids {
		h.Requests += requests[id]
	}
	ok, _, err := s.store.ActivityLog(ctx, companyID, directory.ActivityQuery{ConnectionIDs: ids, SucceededOnly: true, Limit: successScan})
	if err != nil {
		return h, err
	}
	for _, e := range ok { // newest first
		if e.AdminID == "" && isClientRequest(e.Client) {
			h.LastSuccess, h.LastOperation = e.At, e.Operation
			break
		}
	}
	refused, _, err := s.store.ActivityLog(ctx, companyID, directory.ActivityQuery{ConnectionIDs: ids, FailedOnly: true, Limit: 1})
	if err != nil {
		return h, err
	}
	if len(refused) > 0 {
		h.LastRefusal, h.LastRefusalDetail = refused[0].At, refused[0].Detail
	}
	_, n, err := s.store.ActivityLog(ctx, companyID, directory.ActivityQuery{ConnectionIDs: ids, FailedOnly: true, Since: now.Add(-healthWindow)})
	if err != nil {
		return h, err
	}
	h.Refusals = int64(n)
	h.Silent = silent(lastUsed, !h.LastSuccess.IsZero(), now)
	if h.Silent {
		h.SilentFor = roughly(now.Sub(lastUsed))
	}
	return h, nil
}

// isClientRequest reports whether an entry's client is an identity
// provider's request, not an administrator or roster itself.
func isClientRequest(client string) bool {
	switch client {
	case directory.ClientEntra, directory.ClientOkta, directory.ClientOther:
		return true
	}
	return false
}

// silent reports whether a connection last used at lastUsed has gone
// quiet: it was syncing (used within syncingWithin, or it ever wrote)
// and nothing came for silentAfter. A connection never used is not
// silent: it is not set up yet.
func silent(lastUsed time.Time, wrote bool, now time.Time) bool {
	if lastUsed.IsZero() {
		return false
	}
	quiet := now.Sub(lastUsed)
	return quiet > silentAfter && (quiet <= syncingWithin || wrote)
}

// roughly says a duration for people: "95 minutes", "3 hours", "2 days".
func roughly(d time.Duration) string {
	switch {
	case d < 2*time.Hour:
		return plural(int(d/time.Minute), "minute", "minutes")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour", "hours")
	}
	return plural(int(d/(24*time.Hour)), "day", "days")
}
