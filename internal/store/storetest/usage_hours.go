package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// usageHourTests: the hourly request counts behind the console's
// "requests in the last 24 hours" (directory.UsageHistoryStore).
var usageHourTests = []test{
	{"CountsByHour", func(t *testing.T, e *env) {
		c := e.company("Acme")
		entra, okta := e.connection(c.ID, "Entra"), e.connection(c.ID, "Okta")
		other := e.connection(e.company("Globex").ID, "Entra")
		now := time.Now().UTC()
		hour := now.Truncate(time.Hour)
		for _, u := range []struct {
			conn directory.Connection
			at   time.Time
			n    int64
		}{
			{entra, hour.Add(-30 * time.Hour), 1000}, // before the window
			{entra, hour.Add(-20 * time.Hour), 5},
			{entra, hour.Add(-20*time.Hour + 30*time.Minute), 7}, // the same hour
			{entra, now, 3},
			{okta, hour.Add(-time.Hour), 2},
			{other, now, 50},
		} {
			if err := e.s.RecordConnectionUse(e.ctx, u.conn.ID, u.at, u.n); err != nil {
				t.Fatal(err)
			}
		}
		got, err := e.s.RequestsSince(e.ctx, c.ID, hour.Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "requests in the last 24 hours", got, map[string]int64{entra.ID: 15, okta.ID: 2})
		// since is truncated to its hour.
		got, err = e.s.RequestsSince(e.ctx, c.ID, hour.Add(-90*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "requests from the hour before last", got, map[string]int64{entra.ID: 3, okta.ID: 2})
		// The totals count every request, as before.
		conn, err := e.s.Connection(e.ctx, entra.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "total requests", conn.RequestCount, int64(1015))
	}},
	{"OldHoursGo", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Entra")
		now := time.Now().UTC()
		if err := e.s.RecordConnectionUse(e.ctx, conn.ID, now.Add(-directory.UsageHistoryKept-2*time.Hour), 9); err != nil {
			t.Fatal(err)
		}
		if err := e.s.RecordConnectionUse(e.ctx, conn.ID, now, 1); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.RequestsSince(e.ctx, c.ID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "requests kept", got, map[string]int64{conn.ID: 1})
	}},
	{"SeveralInOneWrite", func(t *testing.T, e *env) {
		c := e.company("Acme")
		entra, okta := e.connection(c.ID, "Entra"), e.connection(c.ID, "Okta")
		now := time.Now().UTC().Truncate(time.Microsecond)
		if err := e.s.RecordConnectionUse(e.ctx, okta.ID, now, 1); err != nil {
			t.Fatal(err)
		}
		// A connection deleted since its requests were counted is skipped,
		// and a use older than the last one leaves LastUsed where it is.
		err := e.s.RecordConnectionsUse(e.ctx, []directory.ConnectionUse{
			{ConnectionID: entra.ID, At: now, Requests: 4},
			{ConnectionID: directory.NewID(), At: now, Requests: 9},
			{ConnectionID: okta.ID, At: now.Add(-time.Minute), Requests: 2},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []struct {
			conn     directory.Connection
			requests int64
		}{{entra, 4}, {okta, 3}} {
			got, err := e.s.Connection(e.ctx, want.conn.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.RequestCount != want.requests || !got.LastUsed.Equal(now) {
				t.Errorf("%s: %d requests, last used %v; want %d, %v", want.conn.Label, got.RequestCount, got.LastUsed, want.requests, now)
			}
		}
		got, err := e.s.RequestsSince(e.ctx, c.ID, now.Add(-2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "requests by hour", got, map[string]int64{entra.ID: 4, okta.ID: 3})
		if err := e.s.RecordConnectionsUse(e.ctx, nil); err != nil {
			t.Errorf("nothing to record: %v", err)
		}
	}},
}
