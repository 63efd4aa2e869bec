package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// A connection's use: its request count and last use, and its hour's
// count (usage_hours.go), recorded by the SCIM server once a second or
// so for every connection that made requests since. Its writes change
// nothing an employee write reads of its company: they leave the
// committer's facts (writeLeavingFacts).

// RecordConnectionUse counts requests and moves LastUsed forward to at
// (never backward: concurrent requests may record out of order).
func (s *Store) RecordConnectionUse(ctx context.Context, id string, at time.Time, requests int64) error {
	err := s.writeLeavingFacts(ctx, func(tx handle) error {
		return recordUse(ctx, tx, directory.ConnectionUse{ConnectionID: id, At: at, Requests: requests})
	})
	return s.wrap("record connection use", err)
}

// RecordConnectionsUse implements directory.Store: one write for all of
// uses — an operator's thousand companies' connections, each recorded in
// a write of its own, took a thousand commits every second.
func (s *Store) RecordConnectionsUse(ctx context.Context, uses []directory.ConnectionUse) error {
	if len(uses) == 0 {
		return nil
	}
	err := s.writeLeavingFacts(ctx, func(tx handle) error {
		for _, u := range uses {
			if err := recordUse(ctx, tx, u); err != nil && directory.ErrorCode(err) != directory.ENotFound {
				return err
			}
		}
		return nil
	})
	return s.wrap("record connections use", err)
}

// recordUse records u in tx; ENotFound when its connection is gone.
func recordUse(ctx context.Context, tx handle, u directory.ConnectionUse) error {
	us := micros(u.At)
	res, err := tx.ExecContext(ctx, `UPDATE connections SET
		request_count = request_count + ?,
		last_used_us = CASE WHEN last_used_us IS NULL OR last_used_us < ? THEN ? ELSE last_used_us END
		WHERE id = ?`, u.Requests, us, us, u.ConnectionID)
	if err := notFoundIfNone(res, err, "connection %q not found", u.ConnectionID); err != nil {
		return err
	}
	return recordUsageHour(ctx, tx, u.ConnectionID, u.At, u.Requests)
}
