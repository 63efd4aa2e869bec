package activity_test

import (
	"context"
	"testing"
	"time"

	"roster/internal/activity"
	"roster/internal/directory"
	"roster/internal/store/testbackends"
)

// countingLog counts PruneActivity calls.
type countingLog struct {
	directory.Store
	calls int
}

func (c *countingLog) PruneActivity(ctx context.Context, before time.Time, max int) (int, error) {
	c.calls++
	return c.Store.PruneActivity(ctx, before, max)
}

// TestPrunerDeletesOldEntriesInBatches: on both backends, entries older
// than the retention go, in batches of at most Batch, newer ones stay.
func TestPrunerDeletesOldEntriesInBatches(t *testing.T) {
	for _, backend := range testbackends.Names {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			st := testbackends.Open(t, backend)
			c := directory.Company{ID: directory.NewID(), Name: "Acme"}
			if err := st.CreateCompany(ctx, &c); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)
			var entries []directory.LogEntry
			for i := range 25 { // 0–19 older than 90 days, 20–24 within
				age := 100 * 24 * time.Hour
				if i >= 20 {
					age = time.Hour
				}
				entries = append(entries, directory.LogEntry{CompanyID: c.ID, At: now.Add(-age), Operation: directory.OpProbe, Status: 200})
			}
			if err := st.AppendActivity(ctx, entries); err != nil {
				t.Fatal(err)
			}
			cl := &countingLog{Store: st}
			p := &activity.Pruner{Store: cl, Retention: activity.DefaultRetention, Batch: 7, Now: func() time.Time { return now }}
			n, err := p.Once(ctx)
			if err != nil || n != 20 {
				t.Fatalf("Once = %d, %v; want 20", n, err)
			}
			if cl.calls != 3 {
				t.Errorf("%d transactions; want 3 of at most 7 rows", cl.calls)
			}
			_, left, _ := st.ActivityLog(ctx, c.ID, directory.ActivityQuery{})
			if left != 5 {
				t.Errorf("%d entries left; want the 5 recent ones", left)
			}
		})
	}
}

func TestParseRetention(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "2160h": 2160 * time.Hour, "1d": 24 * time.Hour} {
		if got, err := activity.ParseRetention(in); err != nil || got != want {
			t.Errorf("ParseRetention(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "d", "x9d", "90"} {
		if _, err := activity.ParseRetention(bad); err == nil {
			t.Errorf("ParseRetention(%q) accepted", bad)
		}
	}
}
