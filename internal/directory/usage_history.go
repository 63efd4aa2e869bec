package directory

import (
	"context"
	"time"
)

// UsageHistoryStore keeps, next to each connection's total request count
// and last use (RecordConnectionUse), its requests hour by hour for the
// last days, so that the console can say how busy a connection was
// lately ("requests in the last 24 hours"). It is part of Store.
type UsageHistoryStore interface {
	// RequestsSince returns, for each connection of the company that
	// made requests in the hours from since's hour on (since truncated
	// to the UTC hour: the count covers up to an hour more than asked),
	// the number of them. Hours are kept for UsageHistoryKept; earlier
	// ones count nothing. The requests are those RecordConnectionUse
	// counted, in the hour of the at it was given (the SCIM server
	// records in batches, so a batch falls in its last request's hour).
	RequestsSince(ctx context.Context, companyID string, since time.Time) (map[string]int64, error)
}

// UsageHistoryKept is how long the hourly request counts are kept.
const UsageHistoryKept = 8 * 24 * time.Hour

// ConnectionUse is a connection's requests since they were last
// recorded: how many, and when the last of them came.
type ConnectionUse struct {
	ConnectionID string
	At           time.Time
	Requests     int64
}
