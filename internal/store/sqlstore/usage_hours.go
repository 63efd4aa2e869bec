package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// Hourly request counts per connection (directory.UsageHistoryStore):
// connection_usage_hours, one row per connection and UTC hour, added to
// with the connection's totals (connection_use.go), in their write.

// recordUsageHour adds requests to the connection's hour of at and
// deletes the connection's hours older than directory.UsageHistoryKept
// (a few rows at most, by primary key), so the table stays small
// without a pruning job.
func recordUsageHour(ctx context.Context, tx handle, connectionID string, at time.Time, requests int64) error {
	hour := at.UTC().Truncate(time.Hour)
	if _, err := tx.ExecContext(ctx, `INSERT INTO connection_usage_hours (connection_id, hour_us, requests) VALUES (?, ?, ?)
		ON CONFLICT (connection_id, hour_us) DO UPDATE SET requests = connection_usage_hours.requests + excluded.requests`,
		connectionID, micros(hour), requests); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM connection_usage_hours WHERE connection_id = ? AND hour_us < ?`,
		connectionID, micros(hour.Add(-directory.UsageHistoryKept)))
	return err
}

// RequestsSince sums the company's connections' hours from since's hour.
func (s *Store) RequestsSince(ctx context.Context, companyID string, since time.Time) (map[string]int64, error) {
	out := map[string]int64{}
	err := s.read(ctx, func(tx handle) error {
		rows, err := tx.QueryContext(ctx, `SELECT h.connection_id, CAST(SUM(h.requests) AS BIGINT) FROM connection_usage_hours h
			JOIN connections c ON c.id = h.connection_id
			WHERE c.company_id = ? AND h.hour_us >= ? GROUP BY h.connection_id`,
			companyID, micros(since.UTC().Truncate(time.Hour)))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var n int64
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
		}
		return rows.Err()
	})
	return out, s.wrap("requests since", err)
}
